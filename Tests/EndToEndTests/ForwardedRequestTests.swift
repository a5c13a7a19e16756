import Foundation
import Synchronization
import Testing
import TestSupport
@testable import SetupCore

/// The guards every fetch has, on the path a plain-HTTP address takes through an HTTP proxy (the request in
/// absolute form, ForwardedRequest): a resumed download, a stall, a cancel, an endless answer, a redirect and a
/// deadline, each through a stock squid, in-process.
@Suite(.enabled(if: SquidProxy.isInstalled, "squid is not installed (.ci/run installs it)"))
struct ForwardedRequestTests {
    let name = InstallTests.name()
    var fileURL: (WheelMirror) -> URL {
        { URL(string: $0.url + "/v2.8.3/" + name.replacingOccurrences(of: "+", with: "%2B"))! }
    }

    @Test func aResumedDownloadAsksForTheRestAndMatchesItsDigest() throws {
        let mirror = try WheelMirror(wheels: [.init(name)])
        let squid = try SquidProxy()
        let file = mirror.root + "/v2.8.3/" + name
        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        let destination = Fixtures.temporaryDirectory("resume") + "/w.whl"
        try whole.prefix(100).write(to: URL(fileURLWithPath: destination + ".part"))
        let seen = ProgressLog()
        try HTTPFetch.download(
            fileURL(mirror), to: destination, sha256: try SHA256Hex.hex(ofFile: file), progress: { seen.add($0) },
            environment: ["HTTP_PROXY": squid.url()])
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == whole)
        #expect(mirror.requests.contains { $0.hasSuffix("bytes=100-") }, "\(mirror.requests)")
        #expect(seen.last == HTTPFetch.Progress(bytes: Int64(whole.count), total: Int64(whole.count)))
        #expect(squid.requests.contains { $0.contains("/206 ") && $0.contains(" GET \(mirror.url)/v2.8.3/") }, "\(squid.requests)")
    }

    @Test func aStalledDownloadIsGivenUpAtItsTimeoutAndWhatCameIsKept() throws {
        let mirror = try WheelMirror(wheels: [.init(name)], stallAfter: 100)
        let squid = try SquidProxy()
        let destination = Fixtures.temporaryDirectory("stall") + "/w.whl"
        let start = Date()
        #expect {
            try HTTPFetch.download(fileURL(mirror), to: destination, sha256: nil, timeout: 2, environment: ["HTTP_PROXY": squid.url()])
        } throws: { error in
            (error as? FetchError)?.message.en.contains("sent nothing for 2 seconds") == true
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed > 1.5 && elapsed < 10, "took \(elapsed) s")
        // What came is kept for the next run to resume: squid passes on what it has received so far or holds it,
        // as it likes, so the part holds at most what the mirror sent.
        let kept = try #require(try? FileManager.default.attributesOfItem(atPath: destination + ".part")[.size] as? Int)
        #expect(kept <= 100)
    }

    @Test func aCancelDuringAStalledDownloadIsNoticedAtOnce() throws {
        let squid = try SquidProxy()
        try FaultTests.expectCancelNoticedAtOnce(environment: ["HTTP_PROXY": squid.url()])
    }

    /// A download whose proxy does not answer says which proxy, from the environment it was given.
    @Test func aDownloadWhoseProxyDoesNotAnswerNamesIt() throws {
        let mirror = try WheelMirror(wheels: [.init(name)])
        let destination = Fixtures.temporaryDirectory("dead-proxy") + "/w.whl"
        #expect {
            try HTTPFetch.download(fileURL(mirror), to: destination, sha256: nil, timeout: 10, environment: ["HTTP_PROXY": "http://127.0.0.1:9"])
        } throws: { error in
            (error as? FetchError)?.message.en.contains("through the proxy 127.0.0.1:9 (connection refused at 127.0.0.1:9)") == true
        }
    }

    @Test func anEndlessPageIsCutAtTheLimit() throws {
        let mirror = try WheelMirror(wheels: [.init(name)], releasesJSON: false, hostile: ["--endless", "/"])
        let squid = try SquidProxy()
        #expect {
            try HTTPFetch.page(URL(string: mirror.url + "/")!, environment: ["HTTP_PROXY": squid.url()])
        } throws: { error in
            (error as? FetchError)?.kind == .tooLarge
        }
    }

    @Test func aRedirectIsFollowedAndThePageKnowsWhereItCameFrom() throws {
        let mirror = try WheelMirror(wheels: [.init(name)], releasesJSON: false, hostile: ["--redirect", "/start/=/pages/"])
        try mirror.write("pages/index.html", "<a href=\"x.whl\">x</a>\n")
        let squid = try SquidProxy()
        let page = try #require(try HTTPFetch.page(URL(string: mirror.url + "/start/")!, environment: ["HTTP_PROXY": squid.url()]))
        #expect(page.address.absoluteString == mirror.url + "/pages/")
        #expect(String(decoding: page.body, as: UTF8.self).contains("x.whl"))
        #expect(try HTTPFetch.page(URL(string: mirror.url + "/missing")!, environment: ["HTTP_PROXY": squid.url()]) == nil)
        #expect(try HTTPFetch.status(of: fileURL(mirror), environment: ["HTTP_PROXY": squid.url()]).isPresent)
    }

    @Test func aDocumentThatNeverEndsIsGivenUpAtItsDeadline() throws {
        let mirror = try WheelMirror(wheels: [.init(name)], stallAfter: 10)
        let squid = try SquidProxy()
        let start = Date()
        #expect {
            try HTTPFetch.document(fileURL(mirror), timeout: 1, environment: ["HTTP_PROXY": squid.url()])
        } throws: { error in
            (error as? FetchError)?.message.en.contains("no answer in time") == true
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }
}

/// Progress reports as a download makes them, from its event loop.
private final class ProgressLog: Sendable {
    private let reports = Mutex<[HTTPFetch.Progress]>([])
    func add(_ report: HTTPFetch.Progress) { reports.withLock { $0.append(report) } }
    var last: HTTPFetch.Progress? { reports.withLock { $0.last } }
}
