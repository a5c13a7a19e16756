import Foundation

/// A plan with what it was made from: the wheel resolution and where the wheel list came from.
public struct PreparedPlan: Sendable, Hashable {
    public var plan: InstallPlan
    public var resolution: WheelResolution?
    /// Where the wheel list came from, when that is worth saying (cache, built-in catalog offline).
    public var listingNote: LocalizedText?
    /// Names the source offered that are not flash-attn wheels in a known form: reported, never guessed.
    public var unreadableWheelNames: [String]
}

/// Every method's plan for one environment and the route table weighed from them: what `plan`, `check` and the
/// wizard show, made once.
public struct PreparedRoutes: Sendable {
    public var report: CompatibilityReport
    public var plans: [RouteMethod: PreparedPlan]
    public var table: RouteTable
    public var index: IndexFacts

    /// The plan of the recommended route, or of the method asked for.
    public func plan(for method: RouteMethod?) -> PreparedPlan? {
        (method ?? table.recommended).flatMap { plans[$0] }
    }
}

/// Reads the wheel source and the package index, resolves the wheel and makes the plans: the I/O around the pure
/// planner and route selection, shared by the plan, install and check commands and the wizard.
public enum PlanPreparation {
    /// Every method's plan and the route table. With `asking` (an install whose method the user chose), only that
    /// method's sources are read: the package index is not asked about kernels or FlashAttention-4 for a wheel
    /// install (more requests to the index), and the other routes are weighed without those facts.
    public static func prepareRoutes(
        _ base: PlanRequest, environment env: Environment, report: CompatibilityReport, source: WheelSource,
        processEnvironment: [String: String], catalog: ReleaseCatalog = .builtIn, asking: RouteMethod? = nil
    ) -> PreparedRoutes {
        var base = withUV(base, env: env, processEnvironment: processEnvironment)
        if base.workDirectoryFreeGiB == nil { base.workDirectoryFreeGiB = freeGiB(nearest: base.workDirectory) }
        let asked = asking.map { Set([$0]) } ?? Set(RouteMethod.installable)
        let pins = [nil, base.pinnedVersion]
        // Read once: the index facts and the reachability of the plans' hosts both go by the target pip's settings.
        let indexes = PipIndexes.read(for: env, environment: processEnvironment)
        let (listing, index) = concurrently(
            {
                readListing(
                    asked, env: env, source: source, indexes: indexes, processEnvironment: processEnvironment,
                    catalog: catalog, pins: pins)
            },
            { askIndex(asked, env: env, indexes: indexes, processEnvironment: processEnvironment) })
        var plans: [RouteMethod: PreparedPlan] = [:]
        for method in RouteMethod.installable {
            var request = base
            request.method = method
            // Options that belong to one method stay with it.
            if method != base.method {
                request.pinnedVersion = nil
                request.sourcePath = nil
                request.sourceRef = nil
            }
            plans[method] = make(request, env: env, report: report, listing: listing, index: index, catalog: catalog)
        }
        plans = withReachability(plans, indexes: indexes, processEnvironment: processEnvironment)
        let measured = env.python.flatMap {
            SpeedMeasurement.load(python: $0.executable, stateDirectory: ToolDirectories.state(processEnvironment))
        }
        let table = RouteSelection.table(environment: env, report: report, plans: plans.mapValues(\.plan), measured: measured)
        return PreparedRoutes(report: report, plans: plans, table: table, index: index)
    }

    /// Every host the runnable plans need, asked once and all at once: a plan whose host does not answer is not
    /// ready (its route says which host, through which proxy, and what to do without it); it is not made impossible,
    /// since the network may be back by the time it runs, and the install itself then says what failed.
    static func withReachability(
        _ plans: [RouteMethod: PreparedPlan], indexes: PipIndexes, processEnvironment: [String: String]
    ) -> [RouteMethod: PreparedPlan] {
        let needed = plans.filter(\.value.plan.canRun).mapValues { $0.plan.origins(indexes: indexes) }
        let all = needed.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        guard !all.isEmpty else { return plans }
        let reach = HostReachability.check(all, environment: processEnvironment)
        guard !reach.unreachable.isEmpty else { return plans }
        var out = plans
        for (method, origins) in needed {
            for origin in origins.sorted() {
                guard let why = reach.unreachable[origin] else { continue }
                out[method]?.plan.unreachable.append(unreachable(origin, why: why, method: method, environment: processEnvironment))
            }
        }
        return out
    }

    /// "github.com (the wheel's host) could not be reached (...) through the proxy P; offline: ..."
    static func unreachable(_ origin: String, why: String, method: RouteMethod, environment: [String: String]) -> PlanReason {
        let host = URL(string: origin)?.host ?? origin
        let proxy = URL(string: origin + "/").flatMap { ProxyEnvironment.proxy(for: $0, environment: environment) }
        let through = proxy.map { LocalizedText(en: " through the proxy \($0.host):\($0.port)", zh: "（经由代理 \($0.host):\($0.port)）") }
            ?? LocalizedText(en: "", zh: "")
        let offline = method.definition.offline
        return PlanReason(.hostUnreachable, LocalizedText(
            en: "This plan needs \(host), which could not be reached from here\(through.en) (\(why));",
            zh: "此计划需要 \(host)，但从这里无法连接\(through.zh)（\(why)）；"
        ).followed(by: offline))
    }

    /// The wheel listing and its resolution, read once for the methods that need them.
    struct Listing: Sendable {
        var releases: [SourceRelease]?
        var note: LocalizedText?
        var unreadable: [String] = []
        var error: LocalizedText?
    }

    static func readListing(
        _ methods: Set<RouteMethod>, env: Environment, source: WheelSource, indexes: PipIndexes,
        processEnvironment: [String: String], catalog: ReleaseCatalog, pins: [String?] = [nil]
    ) -> Listing {
        guard methods.contains(where: { $0.wheelPin != nil }), let target = WheelTarget(env) else { return Listing() }
        do {
            var listing = try WheelSourceReader(source: source, catalog: catalog, environment: processEnvironment).read()
            if source == .github, env.python?.pip != nil {
                listing = withPipConfiguredSources(listing, indexes: indexes, catalog: catalog, environment: processEnvironment)
            }
            let releases = SourceConfirmation.confirmedReleases(
                listing, target: target, catalog: catalog, pins: pins, environment: processEnvironment)
            return Listing(
                releases: releases, note: listing.provenance,
                unreadable: listing.releases.flatMap(\.unreadableNames))
        } catch {
            // The failure is the wheel route's reason; as the listing's note too it was printed twice.
            return Listing(error: error.message)
        }
    }

    /// The default source and what the target's pip is configured to look in (extra-index-url, find-links), one
    /// list: `pip install` would find those wheels, so the plan weighs them too. One that cannot be read is named.
    static func withPipConfiguredSources(
        _ listing: WheelListing, indexes: PipIndexes, catalog: ReleaseCatalog, environment: [String: String]
    ) -> WheelListing {
        let places = PipConfiguredSources.places(indexes)
        guard !places.isEmpty else { return listing }
        var releases = listing.releases
        var read: [String] = []
        var unread: [String] = []
        for place in places {
            do {
                let more = try WheelSourceReader(source: place.source, catalog: catalog, environment: environment).read()
                // A URL without a page of links would be guessed at from the catalog: only what it lists counts.
                let listed: [SourceRelease] = more.releases.map { (release: SourceRelease) -> SourceRelease in
                    var release = release
                    release.wheels = release.wheels?.filter { $0.availability == .listed }
                    return release
                }.filter { !($0.wheels ?? []).isEmpty || !$0.unreadableNames.isEmpty }
                releases += listed
                read.append(place.source.description)
            } catch {
                unread.append(place.source.description)
            }
        }
        var notes = listing.provenance.map { [$0] } ?? []
        if !read.isEmpty {
            notes.append(LocalizedText(
                en: "pip here is configured to look in \(read.joined(separator: ", ")) as well, so its wheels were weighed too.",
                zh: "这里的 pip 配置了额外的查找位置 \(read.joined(separator: "、"))，其中的 wheel 也一并考虑了。"))
        }
        if !unread.isEmpty {
            notes.append(LocalizedText(
                en: "pip here is configured to look in \(unread.joined(separator: ", ")), which could not be read.",
                zh: "这里的 pip 配置了查找位置 \(unread.joined(separator: "、"))，但无法读取。"))
        }
        return WheelListing(releases: WheelSourceReader.merged(releases), provenance: LocalizedText.joined(notes))
    }

    static func askIndex(
        _ methods: Set<RouteMethod>, env: Environment, indexes: PipIndexes, processEnvironment: [String: String]
    ) -> IndexFacts {
        guard env.python?.executable != nil, env.python?.pip != nil else {
            return IndexFacts(hub: hubOffline(processEnvironment) ? .offline : .unknown)
        }
        let kernels = methods.contains { $0.definition.needs.contains(.kernelsOnIndex) } && env.transformers != nil
        let fa4 = methods.contains { $0.definition.needs.contains(.flashAttention4OnIndex) }
        let reader = PackageIndexReader(indexes: indexes, environment: processEnvironment)
        let (k, f, hub) = concurrently(
            { kernels ? IndexVersions(reader.project("kernels"), name: "kernels") : nil },
            { fa4 ? IndexVersions(reader.project("flash-attn-4"), name: "flash-attn-4") : nil },
            { kernels ? hubAccess(processEnvironment, needed: KernelsRoute.kernelMayNeedHub(env)) : HubAccess.unknown })
        var facts = IndexFacts(kernels: k, flashAttn4: f, hub: hub)
        if kernels, let served = k?.versions, let transformers = env.transformers,
            KernelsRoute.kernelsRouteNeedsOtherTransformers(transformers, env: env, servedKernels: served)
        {
            facts.transformersPairing = TransformersPairingQuery.pairing(
                reader: reader, servedKernels: served, python: env.python, catalog: .builtIn)
        }
        return facts
    }

    /// Free space on the disk of `path`, or of its nearest folder that exists (the cache may not be made yet).
    static func freeGiB(nearest path: String) -> Double? {
        var folder = path
        while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return ToolchainProbe.freeGiB(at: folder.isEmpty ? "/" : folder)
    }

    /// HF_HUB_OFFLINE, else one GET of the hub's endpoint (HF_ENDPOINT, as huggingface_hub reads it), made only
    /// where the kernel could have to come from the hub.
    static func hubAccess(_ environment: [String: String], needed: Bool = true, timeout: Double = 8) -> HubAccess {
        if hubOffline(environment) { return .offline }
        guard needed else { return .unknown }
        let endpoint = environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://huggingface.co"
        guard let url = URL(string: endpoint) else { return .unreachable("HF_ENDPOINT=\(endpoint) is not a URL") }
        do {
            _ = try HTTPFetch.document(url, timeout: timeout, environment: environment)
            return .reachable
        } catch {
            return error.status != nil ? .reachable : .unreachable(error.detail ?? error.message.en)
        }
    }

    static func hubOffline(_ environment: [String: String]) -> Bool {
        ["1", "true", "yes", "on"].contains((environment["HF_HUB_OFFLINE"] ?? "").lowercased())
    }

    static func make(
        _ request: PlanRequest, env: Environment, report: CompatibilityReport, listing: Listing, index: IndexFacts,
        catalog: ReleaseCatalog
    ) -> PreparedPlan {
        var resolution: WheelResolution? = nil
        let wheelPin = request.method.wheelPin
        if let newestWhenUnpinned = wheelPin, let target = WheelTarget(env) {
            if let releases = listing.releases {
                let pin = newestWhenUnpinned ? (request.pinnedVersion ?? catalog.releases.last?.version) : request.pinnedVersion
                resolution = WheelResolver.resolve(target: target, releases: releases, catalog: catalog, pinnedVersion: pin)
            } else if let error = listing.error {
                resolution = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: error, sourceFailed: true)
            }
        }
        let plan = InstallPlanner.plan(
            request, environment: env, report: report, resolution: resolution, index: index, catalog: catalog)
        let wheelish = wheelPin != nil
        return PreparedPlan(
            plan: plan, resolution: resolution, listingNote: wheelish ? listing.note : nil,
            unreadableWheelNames: wheelish ? listing.unreadable : [])
    }

    static func withUV(_ request: PlanRequest, env: Environment, processEnvironment: [String: String]) -> PlanRequest {
        var request = request
        if request.installer == .uv, request.uvPath == nil {
            let bin = BuildPlanning.targetBin(env).map { [$0] } ?? []
            request.uvPath = ExecutableSearch(path: processEnvironment["PATH"], extraDirectories: bin).find("uv")
        }
        return request
    }

    /// $XDG_CACHE_HOME/flash-attn-setup/work: downloads and builds, kept so a second run reuses them.
    public static func defaultWorkDirectory(environment: [String: String]) -> String {
        ToolDirectories.cache(environment) + "/work"
    }
}
