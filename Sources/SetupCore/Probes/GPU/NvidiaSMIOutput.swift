/// Parsers for what nvidia-smi prints. Pure functions, so every real output and failure can be tested as text.
public enum NvidiaSMIOutput {
    /// The fields asked of `--query-gpu`, in the order they come back. mig.mode.current is last: it is the one a
    /// very old driver may not know, and a rejected field is dropped and the query asked again.
    public static let queryFields = [
        "index", "name", "compute_cap", "memory.total", "driver_version", "pci.bus_id", "uuid", "mig.mode.current",
    ]

    /// The argv of the query, for the given fields.
    public static func queryArguments(_ fields: [String]) -> [String] {
        ["--query-gpu=" + fields.joined(separator: ","), "--format=csv,noheader,nounits"]
    }

    /// One GPU's row with the driver version that came on it.
    public struct Row: Sendable, Equatable {
        public var gpu: GPU
        public var driverVersion: String?
    }

    /// The rows of a `--format=csv,noheader,nounits` answer. Throws where a line does not have the asked fields,
    /// or the index is not a number: output that is not what nvidia-smi prints is reported, not guessed at.
    public static func parseQuery(_ text: String, fields: [String]) throws(ProbeError) -> [Row] {
        var rows: [Row] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.trimmingWhitespace().isEmpty {
            // GPU names hold no commas; values are separated by ", ".
            let values = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard values.count == fields.count else { throw garbage(String(line)) }
            var byField: [String: String] = [:]
            // What the driver prints reaches the user's terminal: no escape sequence in a GPU's name survives.
            for (field, value) in zip(fields, values) { byField[field] = present(terminalSafe(value)) }
            guard let indexText = byField["index"], let index = Int(indexText), let name = byField["name"] else {
                throw garbage(String(line))
            }
            var capability: ComputeCapability? = nil
            var inferred = false
            if fields.contains("compute_cap") {
                if let text = byField["compute_cap"] {
                    guard let parsed = ComputeCapability(text) else { throw garbage(String(line)) }
                    capability = parsed
                }
            } else if let fromName = GPUNameTable.capability(forName: name) {
                capability = fromName
                inferred = true
            }
            let memory = byField["memory.total"].flatMap(Double.init).flatMap { Int(wholePartOf: $0) }.flatMap { $0 >= 0 ? $0 : nil }
            let gpu = GPU(
                index: index, name: name, computeCapability: capability, memoryMiB: memory,
                uuid: byField["uuid"], busId: byField["pci.bus_id"], inferred: inferred,
                migMode: byField["mig.mode.current"].flatMap(GPU.MIGMode.init(rawValue:)))
            rows.append(Row(gpu: gpu, driverVersion: byField["driver_version"]))
        }
        return rows
    }

    /// The field an old nvidia-smi refused: 'Field "compute_cap" is not a valid field to query.'
    public static func rejectedField(in text: String) -> String? {
        guard let match = text.firstMatch(of: #/Field "([^"]+)" is not a valid field to query/#) else { return nil }
        return String(match.1)
    }

    /// The driver's CUDA version from the banner of plain `nvidia-smi` ("CUDA Version: 12.8", or
    /// "CUDA UMD Version" in newer drivers).
    public static func cudaVersion(fromBanner text: String) -> String? {
        guard let match = text.firstMatch(of: #/CUDA (?:UMD )?Version\s*:\s*([0-9]+\.[0-9]+)/#) else { return nil }
        return String(match.1)
    }

    /// The driver version from the banner ("Driver Version: 570.133.07", "KMD Version" in newer drivers).
    public static func driverVersion(fromBanner text: String) -> String? {
        guard let match = text.firstMatch(of: #/(?:Driver|KMD) Version\s*:\s*([0-9][0-9.]*)/#) else { return nil }
        return String(match.1)
    }

    /// nvidia-smi's "[N/A]", "N/A" and "[Not Supported]" mean no value.
    static func present(_ value: String) -> String? {
        if value.isEmpty || value.hasPrefix("[N/A") || value == "N/A" || value.hasPrefix("[Not Supported") {
            return nil
        }
        return value
    }

    static func garbage(_ line: String) -> ProbeError {
        ProbeError(
            code: .nvidiaSMIGarbage,
            message: LocalizedText(
                en: "nvidia-smi answered with output that is not a GPU list, so no GPU could be read from it; run `nvidia-smi` yourself to see what it says, and check that it is NVIDIA's program.",
                zh: "nvidia-smi 的输出不是 GPU 列表，无法从中读出 GPU；请亲自运行 `nvidia-smi` 查看它的输出，并确认它是 NVIDIA 的程序。"),
            evidence: String(line.prefix(160)))
    }
}
