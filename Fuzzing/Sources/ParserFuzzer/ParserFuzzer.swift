import Foundation
@testable import SetupCore

/// Which parser one run of the fuzzer feeds, from FUZZ_TARGET: each reads text another program wrote.
enum FuzzTarget: String, CaseIterable {
    case nvidiaSMI = "nvidia-smi"
    case procDriver = "proc-driver"
    case probeJSON = "probe-json"
    case wheelName = "wheel-name"
    case progress
    case diagnosis
    case releases
    case indexVersions = "index-versions"
    case terminalText = "terminal-text"
    case indexPage = "index-page"

    static let chosen: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("FUZZ_TARGET must be one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// Runs the parser on the bytes; any crash, trap or hang is what the fuzzer looks for.
    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .nvidiaSMI:
            _ = try? NvidiaSMIOutput.parseQuery(text, fields: NvidiaSMIOutput.queryFields)
            _ = try? NvidiaSMIOutput.parseQuery(text, fields: ["index", "name", "memory.total"])
            _ = NvidiaSMIOutput.cudaVersion(fromBanner: text)
            _ = NvidiaSMIOutput.driverVersion(fromBanner: text)
            _ = NvidiaSMIOutput.rejectedField(in: text)
        case .procDriver:
            _ = ProcDriverFiles.driverVersion(fromVersionFile: text)
            _ = ProcDriverFiles.fields(fromInformationFile: text)
        case .probeJSON:
            let outcome = ProcessOutcome(termination: .exited(0), stdout: bytes, stderr: [], seconds: 0)
            _ = PythonProbe.interpret(outcome, interpreter: "/fuzz/python", timeout: 1)
            _ = Verifier.interpret(outcome, python: "/fuzz/python", timeout: 1)
        case .wheelName:
            if let name = WheelName(text) { _ = name.description }
        case .progress:
            var lines = LineAssembler()
            let half = bytes.count / 2
            for line in lines.feed(Array(bytes[..<half])) + lines.feed(Array(bytes[half...])) + lines.finish() {
                _ = InstallProgressParser.phase(of: line)
            }
        case .diagnosis:
            _ = Diagnosis.of(text)
        case .releases:
            _ = try? WheelSourceReader.releases(fromAPI: Data(bytes), source: "fuzz", origin: .community)
        case .indexVersions:
            // What the package index answers and what upstream's files say: PEP 691 JSON, file names, METADATA's
            // Requires-Dist, pip's configuration, a kernel variant's name.
            let base = URL(string: "https://fuzz.example/simple/kernels/")!
            for file in PackageIndexReader.decodeJSON(Data(bytes), project: "kernels", base: base) ?? [] {
                _ = IndexProject.version(inFilename: file.filename, project: "kernels")
            }
            _ = TransformersPairingQuery.kernelsRequirement(PackageIndexReader.requiresDist(text))
            _ = PipIndexes.from(PipIndexes.parseINI(text)["global"] ?? [:])
            for line in text.split(whereSeparator: \.isNewline).prefix(64) {
                _ = IndexProject.version(inFilename: String(line), project: "transformers")
                _ = KernelVariantName(String(line))
            }
        case .indexPage:
            let page = WheelLinkPage(html: text, base: URL(string: "https://fuzz.example/simple/flash-attn/")!)
            _ = WheelSourceReader.indexReleases(page)
            _ = page.projectPage
            _ = page.releaseFolders
        case .terminalText:
            let safe = terminalSafe(text)
            precondition(!safe.unicodeScalars.contains { $0.value == 0x1B }, "an escape survived")
        }
    }
}

