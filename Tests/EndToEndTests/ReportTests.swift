import Foundation
import Testing
import TestSupport
import SetupCore

/// `report` over documents the binary wrote on two hosts (each a UTS namespace with its own hostname), put where an
/// admin puts them: one flat folder for both hosts, and a second, older report of one host in another folder.
@Suite struct ReportTests {
    /// `check --json` on a host named `hostname`; nil where UTS namespaces are not open to this user (not root).
    func check(asHost hostname: String, python: String) throws -> String? {
        let argv = ["unshare", "--uts", "--", "sh", "-c", #"hostname "$0" && exec "$@""#, hostname, BuiltBinary.path, "check", "--json", "--python", python]
        let outcome = try ChildProcess.run(argv, environment: Fixtures.environment(profile: "rtx4090"), timeout: 120)
        guard outcome.exitCode == 0 || outcome.exitCode == 1 else { return nil }
        return String(decoding: outcome.stdout, as: UTF8.self)
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func eachHostIsNamedByItsOwnDocumentsAndASecondReportIsShownAndMarked() throws {
        let python = try TestVenv.python(torch: .cu128)
        guard let east = try check(asHost: "gpu-east", python: python), let west = try check(asHost: "gpu-west", python: python) else {
            print("skipped: unshare --uts is not open to this user, so no document can name another host")
            return
        }
        let eastJSON = try object(east)
        #expect(eastJSON["hostname"] as? String == "gpu-east")
        let written = try #require(eastJSON["writtenAt"] as? String)
        #expect(DocumentStamp.parse(written) != nil && abs(DocumentStamp.parse(written)!.timeIntervalSinceNow) < 300)

        // Both hosts' documents in one flat folder; an older report of gpu-east, with a failed install, fetched
        // into a folder named for an inventory alias.
        let root = Fixtures.temporaryDirectory("report")
        for folder in ["results", "east-alias"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try east.write(toFile: root + "/results/east-check.json", atomically: true, encoding: .utf8)
        try west.write(toFile: root + "/results/west-check.json", atomically: true, encoding: .utf8)
        let older = east.replacingOccurrences(of: written, with: "2026-01-05T08:00:00Z")
        #expect(older != east)
        try older.write(toFile: root + "/east-alias/check.json", atomically: true, encoding: .utf8)
        try #"{"result":"failed","reason":"No route to github.com.","plan":{},"hostname":"gpu-east","writtenAt":"2026-01-05T08:01:00Z"}"#
            .write(toFile: root + "/east-alias/install.json", atomically: true, encoding: .utf8)

        let text = try BuiltBinary.run(["report", root, "--lang", "en"], environment: Fixtures.environment())
        // The older report's failure is shown, not counted: the newest report of gpu-east installed nothing and failed nothing.
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let eastNewest = try #require(lines.firstIndex { $0.hasPrefix("gpu-east (newest)") })
        let eastOlder = try #require(lines.firstIndex { $0.hasPrefix("gpu-east (older)") })
        #expect(eastNewest < eastOlder)
        #expect(lines[eastOlder].contains("failed"))
        #expect(lines.contains { $0.hasPrefix("gpu-west ") && $0.contains("RTX 4090") })
        #expect(!text.stdout.contains("results ") && !text.stdout.contains("east-alias  "))
        #expect(text.stdout.contains("gpu-east sent 2 reports (\(root)/results/east-check.json, \(root)/east-alias/check.json, \(root)/east-alias/install.json); the newest, written \(written), counts"))
        #expect(text.stdout.contains("2 hosts: 0 proven on the GPU, 0 failed."))

        let zh = try BuiltBinary.run(["report", root, "--lang", "zh"], environment: Fixtures.environment())
        #expect(zh.stdout.contains("gpu-east（最新）") && zh.stdout.contains("gpu-east（较旧）"))
        #expect(zh.stdout.contains("以 \(written) 写出的最新一份为准"))

        let json = try BuiltBinary.run(["report", root, "--json"], environment: Fixtures.environment()).json()
        let hosts = try #require(json["hosts"] as? [[String: Any]])
        #expect(hosts.map { $0["host"] as? String } == ["gpu-east", "gpu-east", "gpu-west"])
        #expect(hosts.map { $0["recency"] as? String } == ["newest", "older", nil])
        #expect(hosts[1]["failed"] as? Bool == true && json["failed"] as? Int == 0)
        #expect(hosts[0]["writtenAt"] as? String == written)
    }
}

extension ReportTests {
    /// One host whose torch does not see its supported GPU: "1 host", and its note says why it is limited before
    /// the fallback. Files that are no documents: exit 3, not the usage error's 2.
    @Test func aLimitedHostSaysWhyAndFilesThatAreNoDocumentsAreNotAUsageError() throws {
        let python = try TestVenv.python(torch: TorchProfile(cudaAvailable: false, devices: []))
        let check = try BuiltBinary.run(["check", "--json", "--python", python], environment: Fixtures.environment(profile: "rtx4090"))
        let json = try check.json()
        #expect(json["verdict"] as? String == "limited", "\(check.stdout)")
        let warning = try #require((json["warnings"] as? [[String: Any]])?.first?["message"] as? String)
        let folder = Fixtures.temporaryDirectory("report-one") + "/gpu-one"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try check.stdout.write(toFile: folder + "/check.json", atomically: true, encoding: .utf8)
        let text = try BuiltBinary.run(["report", folder, "--lang", "en"], environment: Fixtures.environment())
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("1 host: 0 proven on the GPU, 0 failed."), "\(text.stdout)")
        #expect(text.stdout.contains(warning), "the note says why the host is limited: \(text.stdout)")
        #expect(text.stdout.contains("Choose \"SDPA\""), "and then the fallback: \(text.stdout)")

        let junk = Fixtures.temporaryDirectory("report-junk")
        try "not json".write(toFile: junk + "/notes.json", atomically: true, encoding: .utf8)
        let none = try BuiltBinary.run(["report", junk], environment: Fixtures.environment())
        #expect(none.status == 3, "\(none.stderr)")
        #expect(none.stderr.contains("No report was made"))
        #expect(try BuiltBinary.run(["report", junk, "--json", "--markdown"], environment: Fixtures.environment()).status == 2)
    }
}
