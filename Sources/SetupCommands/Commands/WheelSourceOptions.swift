import ArgumentParser
import SetupCore

/// Where wheels are looked for, and which release: the options check, plan and install share, so that check judges
/// a host by the same source the install would use (a cluster's mirror, a folder).
struct WheelSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("github (the official and the community release assets, and what pip is configured to look in; the default of plan and install), official, community, catalog (the built-in list, no network; the default of check), a URL (releases.json, a PEP 503 or find-links page, or {prefix}/v{version}/{file}), or a folder of wheels.", valueName: "github|catalog|URL|DIR"), transform: WheelSource.fromArgument)
    var wheelSource: WheelSource?

    @Option(name: .long, help: ArgumentHelp("Install this flash-attn release instead of the newest that fits.", valueName: "version"))
    var flashAttnVersion: String?

    func validate() throws {
        if let version = flashAttnVersion, version.wholeMatch(of: #/[0-9]+(\.[0-9A-Za-z]+)*/#) == nil {
            throw ValidationError("--flash-attn-version takes a release such as 2.8.3 or 2.7.4.post1.")
        }
    }

    /// The source given, else the command's own default.
    func wheelSource(default fallback: WheelSource) -> WheelSource { wheelSource ?? fallback }
}

extension WheelSource {
    /// An argument read as a source, or the sentence saying why it names none (as the usage error).
    static func fromArgument(_ argument: String) throws -> WheelSource {
        switch parse(argument) {
        case .success(let source): return source
        case .failure(let why): throw ValidationError(why.en)
        }
    }
}

/// A wheel source is a value of the command line: the options keep their transform (`fromArgument`), so that a
/// source that is none says why instead of ArgumentParser's bare "invalid value".
extension WheelSource: ExpressibleByArgument {}
