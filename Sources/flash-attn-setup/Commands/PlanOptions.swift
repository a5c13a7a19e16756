import ArgumentParser
import Foundation
import SetupCore

/// The options that choose a plan: method, installer, wheel source, release, checkout.
struct PlanOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("wheel (prebuilt, seconds), pip (pip install flash-attn --no-build-isolation), or source (a tuned build).", valueName: "wheel|pip|source"))
    var method: InstallMethod = .wheel

    @Option(name: .long, help: ArgumentHelp("pip (default) or uv (`uv pip install --python <target>`).", valueName: "pip|uv"))
    var installer: PackageInstaller = .pip

    @Option(name: .long, help: ArgumentHelp("github (default: the official release assets), a mirror URL laid out as {prefix}/v{version}/{file}, or a folder of wheels.", valueName: "github|URL|DIR"))
    var wheelSource: String = "github"

    @Option(name: .long, help: ArgumentHelp("Install this flash-attn release instead of the newest that fits.", valueName: "version"))
    var flashAttnVersion: String?

    @Option(name: .long, help: ArgumentHelp("With --method source: build this flash-attention checkout instead of the sdist.", valueName: "path"))
    var sourcePath: String?

    func validate() throws {
        guard WheelSource(argument: wheelSource) != nil else {
            throw ValidationError("--wheel-source takes github, an http(s) URL or a folder.")
        }
        if sourcePath != nil && method != .source {
            throw ValidationError("--source-path goes with --method source.")
        }
    }

    /// Probes the target and prepares the plan.
    func prepare(_ common: CommonOptions) -> (Environment, PreparedPlan) {
        let env = common.probe()
        let processEnvironment = common.environment
        var request = PlanRequest(
            method: method, workDirectory: PlanPreparation.defaultWorkDirectory(environment: processEnvironment),
            inheritedPath: processEnvironment["PATH"] ?? "/usr/bin:/bin")
        request.installer = installer
        request.pinnedVersion = flashAttnVersion
        request.sourcePath = sourcePath.map { URL(fileURLWithPath: $0).standardized.path }
        let prepared = PlanPreparation.prepare(
            request, environment: env, source: WheelSource(argument: wheelSource)!, processEnvironment: processEnvironment)
        return (env, prepared)
    }
}

extension InstallMethod: ExpressibleByArgument {}
extension PackageInstaller: ExpressibleByArgument {}
