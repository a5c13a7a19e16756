import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The fleet report: documents told apart by their keys, one row a host, and files that are not ours left out.
@Suite struct FleetReportTests {
    static let check4090 = #"{"verdict":"supported","gpus":[{"index":0,"name":"NVIDIA GeForce RTX 4090","visible":true,"verdict":"supported","reasons":[]},{"index":1,"name":"NVIDIA GeForce RTX 4090","visible":true,"verdict":"supported","reasons":[]}],"blockers":[],"warnings":[],"fallback":null,"recommended":"wheel","routes":[],"comfyUI":[]}"#
    static let checkTuring = #"{"verdict":"limited","gpus":[{"index":0,"name":"Tesla T4","visible":true,"verdict":"limited","reasons":[{"code":"turing","fact":"compute_cap 7.5","message":"Tesla T4 has compute capability 7.5 (Turing): FlashAttention-2 refuses it."}]}],"blockers":[],"warnings":[],"fallback":"Use SDPA: FlashAttention-2 needs Ampere or newer.","recommended":"sdpa","routes":[],"comfyUI":[]}"#
    static let checkNoDriver = #"{"verdict":"unsupported","gpus":[],"blockers":[{"code":"no-nvidia-driver","message":"No NVIDIA driver answers here.","fix":"Install the driver."}],"warnings":[],"fallback":null,"recommended":"sdpa","routes":[],"comfyUI":[]}"#
    static let installed = #"{"result":"installed","changed":true,"method":"wheel","flashAttn":{"before":null,"after":"2.8.3"},"reason":null,"log":"/var/log/fa.log","plan":{}}"#
    static let verified = #"{"ok":true,"proven":true,"route":"flash-attn","flashAttn":"2.8.3","checks":[{"name":"metadata","status":"ok","detail":"distribution 2.8.3, module 2.8.3"},{"name":"gpu-numeric","status":"ok","detail":"max error 1e-3"}],"findings":[],"error":null,"advice":"x"}"#
    static let verifyFailed = #"{"ok":false,"proven":false,"route":"flash-attn","checks":[{"name":"extension","status":"failed","detail":"undefined symbol: _ZN3c10"}],"findings":[],"error":null,"advice":"x"}"#

    func document(_ text: String) throws -> HostDocument { try HostDocument.read(Data(text.utf8)) }

    @Test func eachKindIsToldApartByItsOwnKeys() throws {
        guard case .check(let check) = try document(Self.check4090) else { Issue.record("not a check"); return }
        #expect(check.gpus.count == 2)
        guard case .install(let install) = try document(Self.installed) else { Issue.record("not an install"); return }
        #expect(install.flashAttn?.after == "2.8.3")
        guard case .verify(let verify) = try document(Self.verified) else { Issue.record("not a verify"); return }
        #expect(verify.proven == true)
        guard case .plan(let plan) = try document(#"{"method":"wheel","recommended":"wheel","routes":[],"steps":[]}"#) else {
            Issue.record("not a plan"); return
        }
        #expect(plan.method == "wheel")
        #expect(throws: HostDocument.ReadError.unknownShape) { try document(#"{"name":"something else"}"#) }
        #expect(throws: HostDocument.ReadError.notJSON) { try document("<html>login</html>") }
        #expect(throws: HostDocument.ReadError.unknownShape) { try document(#"{"verdict":3,"gpus":"x"}"#) }
    }

    @Test func threeHostsGiveThreeRowsWithTheirOwnOutcomes() throws {
        let entries = try [
            ("gpu-b", Self.checkTuring), ("gpu-a", Self.check4090), ("gpu-a", Self.installed), ("gpu-a", Self.verified),
            ("gpu-c", Self.checkNoDriver),
        ].map { FleetReport.Entry(host: $0.0, document: try document($0.1)) }
        let rows = FleetReport.rows(entries)
        #expect(rows.map(\.host) == ["gpu-a", "gpu-b", "gpu-c"])
        let a = rows[0], b = rows[1], c = rows[2]
        #expect(a.gpu == "2 × NVIDIA GeForce RTX 4090")
        #expect(a.route == "wheel" && a.flashAttn == "2.8.3" && a.install == .installed && a.changed == true)
        #expect(a.verification == .proven && !a.failed && a.log == "/var/log/fa.log" && a.note == nil)
        #expect(b.verdict == .limited && b.route == "sdpa" && b.install == nil && b.verification == .notRun && !b.failed)
        // A host stopped at check is explained by its GPU's reason first, then what to use instead.
        #expect(b.note == "Tesla T4 has compute capability 7.5 (Turing): FlashAttention-2 refuses it. Use SDPA: FlashAttention-2 needs Ampere or newer.")
        #expect(c.gpu == nil && c.note == "No NVIDIA driver answers here.")
    }

    @Test func aHostThatPassedWithoutAGPUCarriesVerifysAdviceNotTheFallback() throws {
        // torch did not see the GPU: check said limited and offered SDPA, but the install went ahead and verify passed
        // without its GPU checks; the row says to verify again on the GPU.
        let check = Self.check4090.replacingOccurrences(of: #""verdict":"supported","gpus""#, with: #""verdict":"limited","gpus""#)
            .replacingOccurrences(of: #""fallback":null"#, with: #""fallback":"Choose SDPA.""#)
        let verify = #"{"ok":true,"proven":false,"route":"flash-attn","flashAttn":"2.8.3","checks":[{"name":"extension","status":"ok","detail":"loads"},{"name":"gpu-numeric","status":"skipped","detail":"torch sees no CUDA GPU"}],"findings":[],"error":null,"advice":"No GPU was there to prove it; run verify again on the GPU machine."}"#
        let rows = FleetReport.rows(try [check, Self.installed, verify].map { FleetReport.Entry(host: "h", document: try document($0)) })
        #expect(rows[0].verdict == .limited && rows[0].install == .installed)
        #expect(rows[0].verification == .passedWithoutGPU && !rows[0].failed)
        #expect(rows[0].note == "No GPU was there to prove it; run verify again on the GPU machine.")
    }

    @Test func aFailedVerificationFailsTheHostAndNamesTheCheck() throws {
        let rows = FleetReport.rows([
            .init(host: "h", document: try document(Self.check4090)), .init(host: "h", document: try document(Self.verifyFailed)),
        ])
        #expect(rows[0].verification == .failed && rows[0].failed)
        #expect(rows[0].note == "extension: undefined symbol: _ZN3c10")
    }

    @Test func aRowEncodesEveryFieldWithNullsAndItsDerivedFailed() throws {
        let rows = FleetReport.rows([.init(host: "h", document: try document(Self.checkTuring))])
        let data = try JSONEncoder().encode(rows[0])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["failed"] as? Bool == false)
        #expect(json["verdict"] as? String == "limited")
        #expect(json["verification"] as? String == "not-run")
        #expect(json.keys.contains("install") && json["install"] is NSNull)
        #expect(Set(json.keys) == [
            "host", "recency", "writtenAt", "files", "gpu", "verdict", "route", "flashAttn", "install", "changed",
            "verification", "note", "log", "failed", "counts",
        ])
    }

    static func stamped(_ document: String, host: String, at time: String) -> String {
        String(document.dropLast()) + #","hostname":"\#(host)","writtenAt":"\#(time)"}"#
    }

    static func date(_ text: String) -> Date { DocumentStamp.parse(text)! }

    @Test func theStampNamesTheHostAndTheTimeAndAnUnstampedDocumentHasNeither() throws {
        let read = try HostDocument.readStamped(Data(Self.stamped(Self.check4090, host: "gpu-a", at: "2026-12-07T10:31:37Z").utf8))
        #expect(read.hostname == "gpu-a" && read.writtenAt == Self.date("2026-12-07T10:31:37Z"))
        guard case .check = read.document else { Issue.record("not a check"); return }
        let old = try HostDocument.readStamped(Data(Self.check4090.utf8))
        #expect(old.hostname == nil && old.writtenAt == nil)
        // An empty name is no name, and a time that is not ISO 8601 is no time: neither is made up.
        let odd = try HostDocument.readStamped(Data(Self.stamped(Self.check4090, host: "", at: "yesterday").utf8))
        #expect(odd.hostname == nil && odd.writtenAt == nil)
    }

    @Test func aStampedDocumentCarriesItsKeysAtTheTopLevelBesideTheDocumentsOwn() throws {
        struct Document: Encodable { var verdict = "supported" }
        let stamp = DocumentStamp(hostname: "gpu-a", writtenAt: Self.date("2026-12-07T10:31:37Z"))
        let data = try JSONEncoder().encode(StampedDocument(Document(), stamp: stamp))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["verdict"] as? String == "supported")
        #expect(json["hostname"] as? String == "gpu-a" && json["writtenAt"] as? String == "2026-12-07T10:31:37Z")
        #expect(!DocumentStamp.now().hostname.isEmpty)
    }

    @Test func hostsWhoseDocumentsShareAFolderAreTheirOwnRows() throws {
        // The defect: one folder of documents from three hosts was one row, the last document of each kind winning.
        let entries = try [
            Self.stamped(Self.check4090, host: "gpu-a", at: "2026-12-07T10:00:00Z"),
            Self.stamped(Self.checkTuring, host: "gpu-b", at: "2026-12-07T10:00:05Z"),
            Self.stamped(Self.checkNoDriver, host: "gpu-c", at: "2026-12-07T10:00:09Z"),
            Self.stamped(Self.installed, host: "gpu-a", at: "2026-12-07T10:02:00Z"),
        ].map { text in
            let read = try HostDocument.readStamped(Data(text.utf8))
            return FleetReport.Entry(host: read.hostname!, document: read.document, writtenAt: read.writtenAt, folder: "/reports/results")
        }
        let rows = FleetReport.rows(entries)
        #expect(rows.map(\.host) == ["gpu-a", "gpu-b", "gpu-c"])
        #expect(rows.allSatisfy { $0.recency == nil && $0.counts })
        #expect(rows[0].install == .installed && rows[0].verdict == .supported && rows[0].writtenAt == "2026-12-07T10:02:00Z")
        #expect(rows[1].verdict == .limited && rows[2].verdict == .unsupported)
    }

    @Test func aHostWithTwoReportsGetsBothTheNewestFirstAndOnlyItCounts() throws {
        let entries = try [
            // The older report, in the folder of an inventory alias: the install failed there.
            FleetReport.Entry(host: "gpu-a", document: document(Self.check4090), writtenAt: Self.date("2026-12-01T09:00:00Z"), file: "/r/old/check.json", folder: "/r/old"),
            FleetReport.Entry(host: "gpu-a", document: document(#"{"result":"failed","reason":"no route to github.com","plan":{}}"#), writtenAt: Self.date("2026-12-01T09:05:00Z"), file: "/r/old/install.json", folder: "/r/old"),
            FleetReport.Entry(host: "gpu-a", document: document(Self.check4090), writtenAt: Self.date("2026-12-07T10:00:00Z"), file: "/r/gpu-a/check.json", folder: "/r/gpu-a"),
            FleetReport.Entry(host: "gpu-a", document: document(Self.installed), writtenAt: Self.date("2026-12-07T10:05:00Z"), file: "/r/gpu-a/install.json", folder: "/r/gpu-a"),
        ]
        let rows = FleetReport.rows(entries)
        #expect(rows.count == 2)
        #expect(rows[0].recency == .newest && rows[0].install == .installed && rows[0].writtenAt == "2026-12-07T10:05:00Z")
        #expect(rows[0].files == ["/r/gpu-a/check.json", "/r/gpu-a/install.json"])
        #expect(rows[1].recency == .older && rows[1].install == .failed && rows[1].failed && !rows[1].counts)
        #expect(rows[0].counts && !rows[0].failed)
    }

    @Test func twoDocumentsOfOneKindInOneFolderAreTwoReports() throws {
        let entries = try [
            FleetReport.Entry(host: "gpu-a", document: document(Self.verifyFailed), writtenAt: Self.date("2026-12-07T12:00:00Z"), folder: "/r"),
            FleetReport.Entry(host: "gpu-a", document: document(Self.check4090), writtenAt: Self.date("2026-12-07T10:00:00Z"), folder: "/r"),
            FleetReport.Entry(host: "gpu-a", document: document(Self.verified), writtenAt: Self.date("2026-12-07T10:01:00Z"), folder: "/r"),
        ]
        let rows = FleetReport.rows(entries)
        // In time order: check, verify (passed), then a second verify (failed) starts the newer report.
        #expect(rows.map(\.recency) == [.newest, .older])
        #expect(rows[0].verification == .failed && rows[0].verdict == nil && rows[0].failed && rows[0].counts)
        #expect(rows[1].verification == .proven && rows[1].verdict == .supported)
    }

    @Test func documentsWithAndWithoutATimeInOneFolderAreOrderedOneWay() throws {
        // Undated first, in the order given, then by time: the same reports whichever order the files came in.
        let check = FleetReport.Entry(host: "h", document: try document(Self.check4090), folder: "/r")
        let early = FleetReport.Entry(host: "h", document: try document(Self.verified), writtenAt: Self.date("2026-12-07T10:00:00Z"), folder: "/r")
        let late = FleetReport.Entry(host: "h", document: try document(Self.verifyFailed), writtenAt: Self.date("2026-12-07T10:05:00Z"), folder: "/r")
        for entries in [[late, check, early], [early, late, check], [check, early, late]] {
            let reports = FleetReport.reports(of: entries)
            #expect(reports.map { $0.map(\.document.kind) } == [[.check, .verify], [.verify]])
            #expect(reports[1].first?.writtenAt == Self.date("2026-12-07T10:05:00Z"))
        }
    }

    @Test func reportsWithoutATimeAreAllShownAndCountedNoneTakenAsNewest() throws {
        let rows = FleetReport.rows(try [
            FleetReport.Entry(host: "h", document: document(Self.verifyFailed), folder: "/a"),
            FleetReport.Entry(host: "h", document: document(Self.verified), writtenAt: Self.date("2026-12-07T10:00:00Z"), folder: "/b"),
        ])
        #expect(rows.map(\.recency) == [.undated, .undated])
        #expect(rows.allSatisfy(\.counts) && rows.contains(where: \.failed))
    }

    @Test func theVersionComesFromVerifyWhereNoInstallRan() throws {
        let rows = FleetReport.rows([.init(host: "h", document: try document(Self.verified))])
        #expect(rows[0].flashAttn == "2.8.3")
        #expect(rows[0].verification == .proven)
        // The version is verify's own field, not read out of a check's sentence.
        let withoutField = Self.verified.replacingOccurrences(of: #""flashAttn":"2.8.3","#, with: "")
        #expect(FleetReport.rows([.init(host: "h", document: try document(withoutField))])[0].flashAttn == nil)
    }

    @Test func filesBelongToTheirFolderAndWhatIsNotOursIsLeftOutWithASentence() throws {
        let root = Fixtures.temporaryDirectory("report")
        try FileManager.default.createDirectory(atPath: root + "/gpu-a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/gpu-b", withIntermediateDirectories: true)
        try Self.check4090.write(toFile: root + "/gpu-a/check.json", atomically: true, encoding: .utf8)
        try Self.verified.write(toFile: root + "/gpu-a/verify.json", atomically: true, encoding: .utf8)
        try Self.checkTuring.write(toFile: root + "/gpu-b/check.json", atomically: true, encoding: .utf8)
        try "not json".write(toFile: root + "/gpu-b/broken.json", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: root + "/gpu-b/notes.txt", atomically: true, encoding: .utf8)
        let (entries, problems) = ReportFiles.read([root, root + "/missing.json", "/dev/null"])
        #expect(entries.map(\.host) == ["gpu-a", "gpu-a", "gpu-b"])
        #expect(problems.count == 3)
        #expect(problems[0].en.contains("broken.json") && problems[0].en.contains("not the JSON"))
        #expect(problems[1].en.contains("does not exist"))
        #expect(problems[2].en.contains("not a regular file"))
        #expect(problems.allSatisfy { !$0.zh.isEmpty })
    }
}
