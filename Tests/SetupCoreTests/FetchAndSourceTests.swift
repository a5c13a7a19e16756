import Foundation
import Synchronization
import Testing
import TestSupport
@testable import SetupCore

/// Downloads and wheel sources against the mirror fixture on 127.0.0.1.
@Suite struct FetchAndSourceTests {
    static let good = "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl"

    @Test func downloadsWithProgressAndChecksTheSHA256() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.good)])
        let destination = Fixtures.temporaryDirectory("dl") + "/w.whl"
        let sha = try SHA256Hex.hex(ofFile: mirror.root + "/v2.8.3/" + Self.good)
        let seen = ProgressLog()
        try HTTPFetch.download(
            URL(string: mirror.url + "/v2.8.3/" + Self.good.replacingOccurrences(of: "+", with: "%2B"))!,
            to: destination, sha256: sha, progress: seen.record, environment: [:])
        #expect(try SHA256Hex.hex(ofFile: destination) == sha)
        #expect(!FileManager.default.fileExists(atPath: destination + ".part"))
        #expect(seen.last?.bytes == seen.last?.total)
    }

    @Test func resumesAPartialDownload() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.good)])
        let source = mirror.root + "/v2.8.3/" + Self.good
        let whole = try Data(contentsOf: URL(fileURLWithPath: source))
        let destination = Fixtures.temporaryDirectory("dl") + "/w.whl"
        try whole.prefix(100).write(to: URL(fileURLWithPath: destination + ".part"))
        try HTTPFetch.download(
            URL(string: mirror.url + "/v2.8.3/" + Self.good.replacingOccurrences(of: "+", with: "%2B"))!,
            to: destination, sha256: SHA256Hex.hex(of: whole), environment: [:])
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == whole)
        #expect(mirror.requests.contains { $0.hasSuffix("bytes=100-") })
    }

    @Test func deletesAFileWhoseChecksumDoesNotMatch() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.good)], corrupt: Self.good)
        let sha = try SHA256Hex.hex(ofFile: mirror.root + "/v2.8.3/" + Self.good)
        let destination = Fixtures.temporaryDirectory("dl") + "/w.whl"
        #expect {
            try HTTPFetch.download(
                URL(string: mirror.url + "/v2.8.3/" + Self.good.replacingOccurrences(of: "+", with: "%2B"))!,
                to: destination, sha256: sha, environment: [:])
        } throws: { error in
            (error as? FetchError)?.message.en.contains("does not match the SHA-256") == true
        }
        #expect(!FileManager.default.fileExists(atPath: destination))
        #expect(!FileManager.default.fileExists(atPath: destination + ".part"))
    }

    @Test func saysWhenTheServerIsUnreachable() {
        #expect(throws: FetchError.self) {
            _ = try HTTPFetch.document(URL(string: "http://127.0.0.1:9/releases.json")!, timeout: 5, environment: [:])
        }
    }

    @Test func aMirrorWithReleasesJSONListsItsWheelsWithDigests() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.good), .init("flash_attn-2.7.4.post1+cu12torch2.6cxx11abiFALSE-cp311-cp311-linux_x86_64.whl")])
        let listing = try WheelSourceReader(source: .mirror(URL(string: mirror.url)!), environment: [:]).read()
        #expect(listing.provenance == nil)
        #expect(listing.releases.map(\.version).sorted() == ["2.7.4.post1", "2.8.3"])
        #expect(listing.releases.allSatisfy { $0.wheels?.first?.sha256?.count == 64 })
    }

    @Test func aMirrorWithoutReleasesJSONFallsBackOnTheCatalogsLayout() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.good)], releasesJSON: false)
        let listing = try WheelSourceReader(source: .mirror(URL(string: mirror.url)!), environment: [:]).read()
        #expect(listing.provenance?.en.contains("no releases.json") == true)
        let wheel = try #require(listing.releases.first { $0.version == "2.8.3" }?.wheels?.first { $0.name.description == Self.good })
        #expect(wheel.location == .url(mirror.url + "/v2.8.3/" + Self.good))
    }

    @Test func aFolderSourceGroupsWheelsByReleaseAndReportsOddNames() throws {
        let folder = Fixtures.temporaryDirectory("wheels")
        _ = try WheelMirror.makeWheel(.init(Self.good), in: folder)
        _ = FileManager.default.createFile(atPath: folder + "/flash_attn-custom-build.whl", contents: Data())
        let listing = try WheelSourceReader(source: .folder(folder), environment: [:]).read()
        #expect(listing.releases.first { $0.version == "2.8.3" }?.wheels?.first?.location == .file(folder + "/" + Self.good))
        #expect(listing.releases.flatMap(\.unreadableNames) == ["flash_attn-custom-build.whl"])
    }

    @Test func twoInstallsCannotHoldTheSameTarget() throws {
        let directory = Fixtures.temporaryDirectory("locks")
        let first = InstallLock.acquire(python: "/v/bin/python", directory: directory)
        guard case .success(let held) = first else { Issue.record("first lock failed"); return }
        guard case .failure(let reason) = InstallLock.acquire(python: "/v/bin/python", directory: directory) else {
            Issue.record("second lock was granted")
            return
        }
        #expect(reason.en.contains("pid \(getpid())"))
        guard case .success = InstallLock.acquire(python: "/other/bin/python", directory: directory) else {
            Issue.record("another target was refused")
            return
        }
        withExtendedLifetime(held) {}
    }

    @Test func comparesPackageSnapshots() throws {
        let before = try #require(PackageSnapshot(pipListJSON: Data(#"[{"name": "torch", "version": "2.8.0"}, {"name": "Flash_Attn", "version": "2.7.4"}]"#.utf8)))
        let after = PackageSnapshot(versions: ["torch": "2.8.0", "flash-attn": "2.8.3", "einops": "0.8.1"])
        #expect(before.changes(to: after) == [
            .init(name: "einops", before: nil, after: "0.8.1"), .init(name: "flash-attn", before: "2.7.4", after: "2.8.3"),
        ])
    }

    @Test func theSameVersionWithOtherFilesIsAChangeAndAListingWithoutDigestsSaysNothingOfFiles() throws {
        let broken = try #require(PackageSnapshot(pipListJSON: Data(#"[{"name": "flash-attn", "version": "2.8.3", "record": "aaaa"}, {"name": "torch", "version": "2.8.0", "record": "tttt"}]"#.utf8)))
        let repaired = PackageSnapshot(versions: ["flash-attn": "2.8.3", "torch": "2.8.0"], records: ["flash-attn": "bbbb", "torch": "tttt"])
        let change = PackageSnapshot.Change(name: "flash-attn", before: "2.8.3", after: "2.8.3", replaced: true)
        #expect(broken.changes(to: repaired) == [change])
        #expect(change.line.en == "flash-attn 2.8.3, reinstalled (same version, files replaced)")
        #expect(change.line.zh.contains("同一版本"))
        #expect(broken.changes(to: PackageSnapshot(versions: ["flash-attn": "2.8.3", "torch": "2.8.0"])).isEmpty)
        #expect(broken.changes(to: broken).isEmpty)
        // The JSON of an install names it, and reads back without the key (an older install's document).
        let json = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
        #expect(json.contains(#""replaced":true"#))
        let old = try JSONDecoder().decode(PackageSnapshot.Change.self, from: Data(#"{"name":"einops","before":null,"after":"0.8.1"}"#.utf8))
        #expect(old == .init(name: "einops", before: nil, after: "0.8.1"))
    }
}

/// Collects download progress reports from URLSession's queue.
final class ProgressLog: Sendable {
    private let reports = Mutex<[HTTPFetch.Progress]>([])
    @Sendable func record(_ progress: HTTPFetch.Progress) { reports.withLock { $0.append(progress) } }
    var last: HTTPFetch.Progress? { reports.withLock { $0.last } }
}
