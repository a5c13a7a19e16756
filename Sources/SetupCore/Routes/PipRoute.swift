import Foundation

/// `pip install flash-attn --no-build-isolation`, as the guides say, with its prerequisites checked first: setup.py
/// fetches the release's wheel where one fits, else compiles.
enum PipRoute: RouteDefinition {
    static let method = RouteMethod.pip
    static let title = LocalizedText(en: "pip install flash-attn --no-build-isolation", zh: "pip install flash-attn --no-build-isolation")
    static let methodHelp: String? = "pip install flash-attn --no-build-isolation"
    static let verifyHelp: String? = "the flash_attn package"
    static let rank: Int? = 2
    static let choice = NodeChoice.flashAttnPackage
    /// setup.py looks for the newest release's wheel (or the one pinned), so the plan says whether it will find it.
    static let needs: Set<UpstreamNeed> = [.wheelResolution(newestWhenUnpinned: true)]
    static let builds = true

    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute? { .flashAttn }

    /// Where setup.py would compile, the source route does the same build with more control.
    static func yields(_ route: Route) -> RouteMethod? {
        route.reasons.first?.code == .pipFindsWheel ? nil : .source
    }

    static func plan(_ c: PlanContext) -> MethodPlan? {
        var part = MethodPlan()
        // The prerequisites step installs ninja where it is missing, before the build.
        let tuning = BuildTuning.choose(for: c.env, installsNinja: BuildPlanning.buildPrerequisites.contains("ninja"))
        let release = c.request.pinnedVersion ?? c.catalog.releases.last?.version ?? "?"
        part.blockers += BuildPlanning.releaseBuildBlockers(c, release: release)
        var environment = BuildPlanning.addBuildToolchain(c, to: &part, tuning: tuning)
        environment.merge(c.pipEnvironment) { a, _ in a }
        part.steps.append(PlanStep(
            title: LocalizedText(en: "pip install flash-attn --no-build-isolation", zh: "pip install flash-attn --no-build-isolation"),
            action: .run(
                argv: c.install + ["--no-build-isolation", "-v", c.request.pinnedVersion.map { "flash-attn==\($0)" } ?? "flash-attn"],
                environment: environment),
            compiles: true))
        part.headline = pipHeadline(c, release: release, tuning: tuning)
        part.adds.append("flash-attn \(release)")
        part.estimates = BuildPlanning.buildEstimates(c, tuning, part: part)
        return part.withBrokenFlashAttnRemoved(c)
    }

    static func pipHeadline(_ c: PlanContext, release: String, tuning: BuildTuning) -> PlanReason {
        let unknown = c.resolution.map { $0.nearMisses.contains { $0.version == release && $0.code == .wheelsUnknown } } ?? true
        if c.resolution?.release == release, c.resolution?.wheel != nil {
            return PlanReason(.pipFindsWheel,
                en: "flash-attn \(release)'s setup.py will find and download its prebuilt wheel for this target, so nothing is compiled.",
                zh: "flash-attn \(release) 的 setup.py 会找到并下载适用于当前环境的预编译 wheel，无需编译。")
        }
        if unknown {
            return PlanReason(.pipCompiles,
                en: "Whether flash-attn \(release) has a prebuilt wheel for this target is not known here (its assets could not be listed); if it has none, setup.py compiles: about \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) minutes here.",
                zh: "无法确定 flash-attn \(release) 是否有适用于当前环境的预编译 wheel（无法列出其发布文件）；如果没有，setup.py 会开始编译：本机约需 \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) 分钟。")
        }
        return PlanReason(.pipCompiles,
            en: "flash-attn \(release) has no prebuilt wheel for this target, so setup.py will print \"Precompiled wheel not found. Building from source...\" and compile: about \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) minutes here.",
            zh: "flash-attn \(release) 没有适用于当前环境的预编译 wheel，setup.py 会提示 \"Precompiled wheel not found. Building from source...\" 并开始编译：本机约需 \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) 分钟。")
    }
}
