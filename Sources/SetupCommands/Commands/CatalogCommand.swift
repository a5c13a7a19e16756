import ArgumentParser
import Foundation
import SetupCore

/// `catalog`: the built-in catalog of flash-attn releases and their wheels, or what a wheel source has for a target.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print the built-in catalog of flash-attn releases: CUDA tag rule, glibc, torch, Python and CUDA tags of their wheels.",
        discussion: "With --source, list instead what that wheel source has for the target: the probed Python (--python, or the default one), or the machine --platform, --python-tag and --torch describe.")

    @Option(name: .long, help: ArgumentHelp("List this release's wheel file names.", valueName: "version"))
    var release: String?

    @Option(
        name: .long, help: ArgumentHelp("List what this wheel source has for the target: github, official, community, a URL or a folder.", valueName: "source"),
        transform: { argument in
            // The sentences name --wheel-source, the option of the other commands; here it is --source.
            do { return try WheelSource.fromArgument(argument) } catch let error as ValidationError {
                throw ValidationError(error.message.replacingOccurrences(of: "--wheel-source", with: "--source"))
            }
        })
    var source: WheelSource?

    @Option(name: .long, help: ArgumentHelp("With --source: the Python whose wheels are listed.", valueName: "path"))
    var python: String?

    @OptionGroup var described: DescribedTargetOptions

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    func validate() throws {
        // Here rather than in run(): an error of run() is printed with the root command's usage.
        if let release, source == nil, ReleaseCatalog.builtIn.release(release) == nil {
            throw ValidationError(release.isEmpty
                ? "--release takes a flash-attn version, such as 2.8.3; `flash-attn-setup catalog` lists them."
                : "\(terminalSafe(release)) is not in the catalog; `flash-attn-setup catalog` lists the releases.")
        }
        if source == nil, python != nil || described.platform != nil {
            throw ValidationError("--python and --platform go with --source.")
        }
    }

    func run() throws {
        if let source { return try listSource(source) }
        let catalog = ReleaseCatalog.builtIn
        if let release {
            guard let found = catalog.release(release) else {
                throw ValidationError("\(release) is not in the catalog; `flash-attn-setup catalog` lists the releases.")
            }
            let names = found.wheelFiles.map(\.name.description)
            if json {
                StandardStreams.writeLine(try JSONOutput.encode(names, language: .en))
            } else {
                StandardStreams.writeLine(names.isEmpty ? "\(release): its wheels are not in the catalog (the release page lists them)." : names.joined(separator: "\n"))
            }
            return
        }
        if json {
            StandardStreams.writeLine(try JSONOutput.encode(catalog, language: .en))
        } else {
            StandardStreams.write(CatalogText.render(catalog))
        }
    }

    /// Each release's wheel that fits the target, newest first, from the source.
    func listSource(_ source: WheelSource) throws {
        let environment = CommandSession.current.environment
        let target: WheelTarget
        if let machine = described.machine {
            target = machine.target
            // On stderr: stdout is the list (or its JSON), and the assumption decides which wheels are in it.
            let language = Language.fromLocale(environment)
            for assumption in machine.assumptions { StandardStreams.writeError(assumption.text(language) + "\n") }
        } else {
            let candidate = PythonTarget.choose(explicit: python, environment: environment, runningComfyUI: [])
            let env = EnvironmentProbe(interpreter: candidate.path, environment: environment).run()
            guard let probed = WheelTarget(env) else {
                throw ValidationError("\(candidate.path) has no CUDA torch, so no wheel can be matched to it; give --python, or describe a machine with --platform, --python-tag and --torch.")
            }
            target = probed
        }
        let listing: WheelListing
        do { listing = try WheelSourceReader(source: source, environment: environment).read() } catch {
            throw ValidationError(error.message.en)
        }
        // Every release listed is asked for where only the catalog names its wheel: a mirror's list is what it holds.
        let candidates = WheelResolver.fitting(
            target: target, releases: listing.releases.filter { $0.version != "?" }, catalog: .builtIn, onlyVersion: release)
        let releases = SourceConfirmation.confirmedReleases(
            listing, target: target, catalog: .builtIn, pins: candidates.map(\.release), limit: candidates.count * 2,
            environment: environment)
        let fitting = WheelResolver.fitting(target: target, releases: releases, catalog: .builtIn, onlyVersion: release)
        if json {
            let rows = fitting.map { row in
                SourceWheelJSON(
                    release: row.release, filename: row.wheel.name.description, location: row.wheel.location.text,
                    sha256: row.wheel.sha256, source: row.wheel.origin, project: row.wheel.project)
            }
            StandardStreams.writeLine(try JSONOutput.encode(rows, language: .en))
            return
        }
        var out = "\(source) for \(target.pythonTag), \(target.platform), torch \(target.torchVersion):\n"
        if let note = listing.provenance { out += note.en + "\n" }
        if fitting.isEmpty { out += "  nothing fits.\n" }
        for row in fitting {
            out += "  \(row.release)  \(row.wheel.name)  (\(row.wheel.project ?? row.wheel.origin.rawValue))\n"
        }
        StandardStreams.write(out)
    }
}

/// One row of `catalog --source --json`.
struct SourceWheelJSON: NullKeepingEncodable {
    var release: String
    var filename: String
    var location: String
    var sha256: String?
    var source: WheelOrigin
    var project: String?
}
