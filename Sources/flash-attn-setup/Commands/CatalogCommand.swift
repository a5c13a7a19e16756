import ArgumentParser
import SetupCore

/// `catalog`: the built-in catalog of flash-attn releases and their wheels.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print the built-in catalog of flash-attn releases: CUDA tag rule, glibc, torch, Python and CUDA tags of their wheels.")

    @Option(name: .long, help: ArgumentHelp("List this release's wheel file names.", valueName: "version"))
    var release: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    func run() throws {
        let catalog = ReleaseCatalog.builtIn
        if let release {
            guard let found = catalog.release(release) else {
                throw ValidationError("\(release) is not in the catalog; `flash-attn-setup catalog` lists the releases.")
            }
            let names = found.wheelFiles.map(\.name.description)
            if json {
                print(try JSONOutput.encode(names, language: .en))
            } else {
                print(names.isEmpty ? "\(release): its wheels are not in the catalog (the release page lists them)." : names.joined(separator: "\n"))
            }
            return
        }
        if json {
            print(try JSONOutput.encode(catalog, language: .en))
        } else {
            print(CatalogText.render(catalog), terminator: "")
        }
    }
}
