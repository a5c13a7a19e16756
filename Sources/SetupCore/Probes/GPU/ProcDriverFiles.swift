import Foundation

/// The NVIDIA kernel driver's own files under /proc/driver/nvidia: the fallback when nvidia-smi is missing.
public enum ProcDriverFiles {
    /// "535.129.03" from "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.129.03  Thu Oct 19 ..." (also the
    /// "Open Kernel Module for x86_64" wording of the open modules).
    public static func driverVersion(fromVersionFile text: String) -> String? {
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("NVRM version:") }),
            let match = line.firstMatch(of: #/\s(\d{3,}\.\d+(?:\.\d+)?)\s/#)
        else { return nil }
        return String(match.1)
    }

    /// The fields of one gpus/<bus>/information file ("Model: \t NVIDIA GeForce RTX 3090").
    public static func fields(fromInformationFile text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingWhitespace()] = line[line.index(after: colon)...].trimmingWhitespace()
        }
        return fields
    }

    /// The GPUs and driver the files describe, in bus order (nvidia-smi's default index order); nil when the
    /// driver's folder is absent.
    public static func read(procRoot: String) -> (gpus: [GPU], driver: Driver?)? {
        let base = procRoot + "/driver/nvidia"
        let files = FileManager.default
        guard files.fileExists(atPath: base) else { return nil }
        let driver = (try? String(contentsOfFile: base + "/version", encoding: .utf8))
            .flatMap(driverVersion(fromVersionFile:))
            .map { Driver(version: $0, cudaVersion: nil) }
        let buses = ((try? files.contentsOfDirectory(atPath: base + "/gpus")) ?? []).sorted()
        var gpus: [GPU] = []
        for bus in buses {
            guard let text = try? String(contentsOfFile: base + "/gpus/\(bus)/information", encoding: .utf8) else {
                continue
            }
            let info = fields(fromInformationFile: text)
            let name = info["Model"].map { terminalSafe($0) } ?? "NVIDIA GPU"
            let capability = GPUNameTable.capability(forName: name)
            gpus.append(
                GPU(
                    index: gpus.count, name: name, computeCapability: capability, memoryMiB: nil,
                    uuid: info["GPU UUID"], busId: info["Bus Location"] ?? bus, inferred: capability != nil))
        }
        return (gpus, driver)
    }
}
