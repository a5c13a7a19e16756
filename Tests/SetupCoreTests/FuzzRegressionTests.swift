import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// Inputs the parser fuzzer (Fuzzing/run) stopped on, kept under Tests/Fixtures/fuzz-regressions/<target>/ (which
/// the fuzzer also seeds from), each with the answer the parser must give now.
@Suite struct FuzzRegressionTests {
    static func input(_ target: String, _ name: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.root + "/fuzz-regressions/\(target)/\(name)"))
        return String(decoding: data, as: UTF8.self)
    }

    /// A memory.total of 26 digits trapped converting to Int; a size that does not fit is unknown, the row kept.
    @Test func aMemorySizePastIntMaxIsUnknown() throws {
        let text = try Self.input("nvidia-smi", "memory-total-past-int-max")
        let rows = try NvidiaSMIOutput.parseQuery(text, fields: NvidiaSMIOutput.queryFields)
        #expect(rows.count == 1)
        #expect(rows[0].gpu.name == "Tesla T4")
        #expect(rows[0].gpu.computeCapability == ComputeCapability(major: 7, minor: 5))
        #expect(rows[0].gpu.memoryMiB == nil)
    }

    @Test(arguments: ["1e400", "-1e400", "nan", "inf", "99999999999999999999"])
    func memorySizesThatAreNotWholeNumbersOfMiBAreUnknown(_ memory: String) throws {
        let rows = try NvidiaSMIOutput.parseQuery("0, Tesla T4, 7.5, \(memory)\n", fields: ["index", "name", "compute_cap", "memory.total"])
        #expect(rows[0].gpu.memoryMiB == nil)
    }

    /// The same conversion in pip's "Downloading … (N MB)": a size too large for Int64 is no size.
    @Test func aDownloadSizePastInt64IsUnknown() {
        let digits = String(repeating: "9", count: 400)
        #expect(InstallProgressParser.phase(of: "Downloading flash_attn-2.8.3.tar.gz (\(digits) GB)") == .download(bytes: 0, total: nil))
        #expect(InstallProgressParser.phase(of: "Downloading flash_attn-2.8.3.tar.gz (8.5 MB)") == .download(bytes: 0, total: 8_500_000))
    }
}
