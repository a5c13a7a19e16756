import Foundation

/// A plan with what it was made from: the wheel resolution and where the wheel list came from.
public struct PreparedPlan: Sendable {
    public var plan: InstallPlan
    public var resolution: WheelResolution?
    /// Where the wheel list came from, when that is worth saying (cache, built-in catalog offline).
    public var listingNote: LocalizedText?
    /// Names the source offered that are not flash-attn wheels in a known form: reported, never guessed.
    public var unreadableWheelNames: [String]
}

/// Reads the wheel source, resolves the wheel and makes the plan: the I/O around the pure planner, shared by the
/// plan and install commands and the wizard.
public enum PlanPreparation {
    public static func prepare(
        _ request: PlanRequest, environment env: Environment, source: WheelSource,
        processEnvironment: [String: String], catalog: ReleaseCatalog = .builtIn
    ) -> PreparedPlan {
        var request = request
        if request.installer == .uv, request.uvPath == nil {
            let bin = InstallPlanner.targetBin(env).map { [$0] } ?? []
            request.uvPath = ExecutableSearch(path: processEnvironment["PATH"], extraDirectories: bin).find("uv")
        }
        var resolution: WheelResolution? = nil
        var note: LocalizedText? = nil
        var unreadable: [String] = []
        // The source method never uses a prebuilt wheel; the other two need to know whether one exists.
        if request.method != .source, let target = WheelTarget(env) {
            do {
                let listing = try WheelSourceReader(source: source, catalog: catalog, environment: processEnvironment).read()
                note = listing.provenance
                unreadable = listing.releases.flatMap(\.unreadableNames)
                let pin = request.method == .pip ? (request.pinnedVersion ?? catalog.releases.last?.version) : request.pinnedVersion
                resolution = WheelResolver.resolve(
                    target: target, releases: listing.releases.filter { $0.version != "?" }, catalog: catalog,
                    pinnedVersion: pin)
            } catch {
                note = error.message
                resolution = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: error.message)
            }
        }
        let plan = InstallPlanner.plan(request, environment: env, resolution: resolution, catalog: catalog)
        return PreparedPlan(plan: plan, resolution: resolution, listingNote: note, unreadableWheelNames: unreadable)
    }

    /// $XDG_CACHE_HOME/flash-attn-setup/work: downloads and builds, kept so a second run reuses them.
    public static func defaultWorkDirectory(environment: [String: String]) -> String {
        ToolDirectories.cache(environment) + "/work"
    }
}
