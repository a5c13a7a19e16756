import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The registry walked route by route: a route that lacks a part (a title in one language, a rank while it gives
/// FlashAttention-2, a planner while --method offers it, a proof) fails here instead of being silently left out of the
/// recommendation, the help or verify.
@Suite struct RouteRegistryTests {
    /// A target where every route can be planned: torch 2.15 on an RTX 4090, transformers 5.24 with its fallback.
    static let env = RouteTests.torch215()

    static func context(_ method: RouteMethod) -> PlanContext {
        PlanContext(
            request: PlanningTests.request(method), env: env, report: CompatibilityRules.evaluate(env), resolution: nil,
            index: RouteTests.kernelsServed, catalog: .builtIn, routes: .builtIn)
    }

    @Test(arguments: RouteMethod.allCases) func eachRouteHasEveryPart(_ method: RouteMethod) {
        let route = method.definition
        #expect(route.method == method, "\(method)'s definition defines \(route.method)")
        #expect(RouteMethod(rawValue: method.rawValue) == method)
        #expect(!route.title.en.isEmpty && !route.title.zh.isEmpty, "\(method) needs a title in English and Chinese")
        #expect(!route.choice.attnImplementation.isEmpty)
        #expect(!route.choice.implementation.en.isEmpty && !route.choice.implementation.zh.isEmpty)
        #expect(!route.offline.en.isEmpty && !route.offline.zh.isEmpty)
        let plan = route.plan(Self.context(method))
        let proof = route.proof(Self.env, catalog: .builtIn)
        if route.methodHelp != nil {
            // What --method offers is planned and proved.
            #expect(plan != nil, "\(method) is offered by --method but has no planner")
            #expect(proof != nil, "\(method) is offered by --method but verify has nothing to prove for it")
            #expect(RouteMethod.installable.contains(method))
        } else {
            #expect(plan == nil, "\(method) plans an install that --method does not offer")
            #expect(proof == nil)
            #expect(route.rank == nil, "\(method) has nothing to install and cannot be recommended in FA2's place")
        }
        // A route that gives the node's FA2 and has no rank would never be recommended; one with a rank that does not
        // would be recommended for a label it does not serve.
        #expect((route.rank != nil) == method.givesFlashAttention2, "\(method): rank \(String(describing: route.rank))")
        if route.builds { #expect(route.methodHelp != nil && route.rank != nil) }
    }

    @Test func ranksAreDistinctAndSayTheOrderOfPreference() {
        let ranks = RouteMethod.allCases.compactMap { $0.definition.rank }
        #expect(Set(ranks).count == ranks.count, "two routes share a rank: \(ranks)")
        // Fastest to a working "Flash Attention 2" first: the exact wheel, the hub kernel, pip, a tuned build.
        #expect(RouteMethod.preference == [.wheel, .kernels, .pip, .source])
        #expect(Set(RouteMethod.allCases.map(\.title.en)).count == RouteMethod.allCases.count)
    }

    @Test func theHelpTextsNameEveryRouteThatMethodTakes() {
        #expect(RouteMethod.argumentValues == "wheel|pip|source|kernels|fa4")
        #expect(RouteMethod.methodHelp == "wheel (prebuilt, seconds), pip (pip install flash-attn --no-build-isolation), source (a tuned build), kernels (the hub kernel transformers falls back to, no compile) or fa4 (FlashAttention-4)")
        #expect(RouteMethod.verifyHelp == "wheel, pip or source (the flash_attn package), kernels (the hub kernel as transformers loads it) or fa4")
        #expect(RouteMethod.series(["a"]) == "a" && RouteMethod.series(["a", "b"]) == "a or b")
    }

    /// Every route the registry lists comes out of the table, in the registry's order, SDPA last.
    @Test func theTableHoldsEveryRouteOfTheRegistry() {
        let table = RouteTests.table(Self.env)
        #expect(table.routes.map(\.method) == RouteMethod.allCases)
        for route in table.routes { #expect(route.choice == route.method.choice) }
    }

    /// A plan asked of SDPA is a named refusal, not a trap and not an empty plan that would look ready.
    @Test func planningSDPAIsRefusedWithASentence() {
        let plan = InstallPlanner.plan(
            PlanningTests.request(.sdpa), environment: Self.env, report: CompatibilityRules.evaluate(Self.env), resolution: nil)
        #expect(!plan.canRun && plan.steps.isEmpty)
        #expect(plan.blockers.map(\.code) == [.nothingToInstall])
        #expect(plan.blockers.first?.message.zh.contains("无需安装") == true)
    }
}
