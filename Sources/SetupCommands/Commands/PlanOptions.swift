import ArgumentParser
import Foundation
import SetupCore

/// The options that choose a plan: method, installer, wheel source, release, checkout or git ref.
struct PlanOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        RouteMethod.methodHelp + ". Default: the recommended route (plan shows every route, then its plan; install runs it).",
        valueName: RouteMethod.argumentValues))
    var method: RouteMethod?

    @Option(name: .long, help: ArgumentHelp("pip (default) or uv (`uv pip install --python <target>`).", valueName: "pip|uv"))
    var installer: PackageInstaller = .pip

    @OptionGroup var source: WheelSourceOptions

    /// plan and install look where the wheels are: the release assets and what pip is configured to use.
    var wheelSource: WheelSource { source.wheelSource(default: .github) }
    var flashAttnVersion: String? { source.flashAttnVersion }

    @Option(name: .long, help: ArgumentHelp("With --method source: build this flash-attention checkout instead of the sdist.", valueName: "path"))
    var sourcePath: String?

    @Option(name: .long, help: ArgumentHelp("With --method source: build this branch, tag or commit of flash-attention (main is taken where no release compiles against this torch).", valueName: "ref"))
    var ref: String?

    @Option(name: .long, help: ArgumentHelp("With --method source: fetch --ref from this git repository (a mirror of flash-attention) instead of GitHub's.", valueName: "URL|DIR"))
    var sourceRepository: String?

    @Flag(name: .long, help: "With --method kernels: allow changing transformers to a release that pairs with a kernels version the package index serves.")
    var allowTransformersChange = false

    func validate() throws {
        if (sourcePath != nil || ref != nil || sourceRepository != nil) && method != .source {
            throw ValidationError("--source-path, --ref and --source-repository go with --method source.")
        }
        if sourcePath != nil && ref != nil {
            throw ValidationError("--source-path and --ref name two sources: give one.")
        }
        if let ref, ref.isEmpty || ref.hasPrefix("-") || ref.contains("..") || ref.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ValidationError("--ref takes a branch, tag or commit name (no spaces, no leading '-', no '..').")
        }
        if let repository = sourceRepository,
            repository.hasPrefix("-") || repository.contains(where: { $0.isWhitespace || $0.isNewline })
                || !(repository.hasPrefix("https://") || repository.hasPrefix("http://") || repository.hasPrefix("file://")
                    || repository.hasPrefix("/") || repository.hasPrefix("git@"))
        {
            throw ValidationError("--source-repository takes a git URL (https://, http://, file://, git@host:path) or an absolute path.")
        }
        if let path = sourcePath {
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &folder), folder.boolValue else {
                throw ValidationError("--source-path \(path) is not a folder; give a checkout of flash-attention.")
            }
            guard ["setup.py", "pyproject.toml"].contains(where: { FileManager.default.fileExists(atPath: path + "/" + $0) }) else {
                throw ValidationError("--source-path \(path) has no setup.py or pyproject.toml, so it is not a checkout pip can build.")
            }
        }
    }

    /// The request for the method asked for (or the first, where the routes will choose).
    func request(_ common: CommonOptions) -> PlanRequest {
        let processEnvironment = common.environment
        var request = PlanRequest(
            method: method ?? .wheel, workDirectory: PlanPreparation.defaultWorkDirectory(environment: processEnvironment),
            inheritedPath: processEnvironment["PATH"] ?? "/usr/bin:/bin")
        request.installer = installer
        request.pinnedVersion = flashAttnVersion
        request.sourcePath = sourcePath.map { URL(fileURLWithPath: $0).standardized.path }
        request.sourceRef = ref
        // A URL and git's scp-like form (git@host:path) are passed to git as given; only a path is made absolute.
        request.sourceRepository = sourceRepository.map {
            $0.contains("://") || $0.hasPrefix("git@") ? $0 : URL(fileURLWithPath: $0).standardized.path
        }
        request.allowTransformersChange = allowTransformersChange
        return request
    }

    /// Probes the target, computes the verdict once, and weighs every route; the plan shown is the method's asked
    /// for, else the recommended route's.
    /// `askingOnlyTheChosenMethod`: for install, where a chosen method's plan is all that is shown and run.
    func prepare(_ common: CommonOptions, askingOnlyTheChosenMethod: Bool = false) -> (Environment, PreparedRoutes) {
        let env = common.probe()
        let report = CompatibilityRules.evaluate(env)
        let routes = PlanPreparation.prepareRoutes(
            request(common), environment: env, report: report, source: wheelSource,
            processEnvironment: common.environment, asking: askingOnlyTheChosenMethod ? method : nil)
        return (env, routes)
    }
}

/// --method takes the routes that install something: SDPA is already in torch, so asking to install it is the same
/// usage error as any unknown name, listing those it takes.
extension RouteMethod: ExpressibleByArgument {
    public init?(argument: String) {
        guard let method = RouteMethod(rawValue: argument), RouteMethod.installable.contains(method) else { return nil }
        self = method
    }

    public static var allValueStrings: [String] { installable.map(\.rawValue) }
}
extension PackageInstaller: ExpressibleByArgument {}
