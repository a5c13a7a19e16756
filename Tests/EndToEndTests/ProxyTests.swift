import Foundation
import SetupCore
import Testing
import TestSupport

/// A real proxy from Debian's package (squid, its stock configuration) between the tool and a plain-HTTP mirror:
/// what a cluster's admin has, and what refuses CONNECT to any port but 443.
extension InstallTests {
    @Test(.enabled(if: SquidProxy.isInstalled, "squid is not installed (.ci/run installs it)"))
    func aPlainHTTPMirrorIsReachedThroughAStockSquidTheWayPipReachesIt() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false)
        let squid = try SquidProxy()
        // The stock configuration refuses a tunnel to the mirror's port: a tool that sends CONNECT gets nothing.
        #expect(try squid.answerToConnect("127.0.0.1:\(mirror.port)").contains(" 403 "))
        let probed = squid.requests.count

        let python = try TestVenv.freshCopy(Self.venv)
        let install = try run(
            ["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url], python: python,
            extra: ["HTTP_PROXY": squid.url()])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        // Each of the tool's requests went through squid in absolute form, none as a tunnel, and the download passed
        // through it.
        let tools = squid.requests.dropFirst(probed)
        #expect(tools.contains { $0.contains("/200 ") && $0.contains(" GET \(mirror.url)/v2.8.3/\(Self.name()) ") }, "\(tools)")
        #expect(tools.contains { $0.contains(" HEAD \(mirror.url)/v2.8.3.post1/") }, "\(tools)")
        #expect(!tools.contains { $0.contains(" CONNECT ") }, "\(tools)")
    }

    @Test(.enabled(if: SquidProxy.isInstalled, "squid is not installed (.ci/run installs it)"))
    func aProxyThatWantsCredentialsGetsTheOnesInItsAddress() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false)
        // A user name and password with characters a URL must percent-encode.
        let squid = try SquidProxy(users: ["ops@lab": "p:ss w/rd"])
        let python = try TestVenv.python(Self.venv)

        let plan = try run(
            ["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url], python: python,
            extra: ["HTTP_PROXY": squid.url(user: "ops@lab", password: "p:ss w/rd")])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let wheel = try #require(try plan.json()["wheel"] as? [String: Any])
        #expect(wheel["filename"] as? String == Self.name())
        #expect(squid.requests.contains { $0.contains(" HEAD \(mirror.url)/v2.8.3/") && $0.contains(" ops@lab ") }, "\(squid.requests)")

        // Refused credentials are said as the proxy's refusal, with where credentials go, not as a missing wheel.
        for (language, sentence) in [("en", "answered HTTP 407"), ("zh", "返回 HTTP 407")] {
            let refused = try run(
                ["plan", "--method", "wheel", "--wheel-source", mirror.url, "--lang", language], python: python,
                extra: ["HTTP_PROXY": squid.url(user: "ops@lab", password: "wrong")])
            #expect(refused.status != 0)
            #expect(refused.stdout.contains(sentence), "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stdout.contains("127.0.0.1:\(squid.port)"), "\(refused.stdout)")
            #expect(!refused.stdout.contains("wrong"), "the password is never shown: \(refused.stdout)")
        }
    }
}

extension InstallTests {
    /// An HTTPS mirror on a port other than 443 behind the same stock squid: the tunnel it needs is refused, and the
    /// plan says so as the proxy's refusal with the ways around it, in both languages.
    @Test(.enabled(if: SquidProxy.isInstalled, "squid is not installed (.ci/run installs it)"))
    func aTunnelTheProxyRefusesIsSaidAsItsRefusal() throws {
        let certificates = try TestCertificates()
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false, tls: certificates)
        let squid = try SquidProxy()
        let python = try TestVenv.python(Self.venv)
        for (language, sentence) in [("en", "refused to open a tunnel (CONNECT) to 127.0.0.1:\(mirror.port)"), ("zh", "拒绝建立到 127.0.0.1:\(mirror.port) 的隧道")] {
            let plan = try run(
                ["plan", "--method", "wheel", "--wheel-source", mirror.url, "--lang", language], python: python,
                extra: ["HTTPS_PROXY": squid.url(), "SSL_CERT_FILE": certificates.authority])
            #expect(plan.status != 0)
            #expect(plan.stdout.contains(sentence), "\(plan.stdout)\(plan.stderr)")
        }
        #expect(squid.requests.contains { $0.contains("TCP_DENIED/403") && $0.contains(" CONNECT 127.0.0.1:\(mirror.port) ") }, "\(squid.requests)")
    }
}

extension InstallTests {
    /// A mirror's releases.json that sends each download to another host (a CDN, an object store) which does not
    /// answer from here: the listing was read, yet the wheel route is not ready, and the plan names that host, the
    /// proxy it tried, and the offline way. (The proxy on port 9 answers nothing, so no name leaves the machine.)
    @Test func aWheelWhoseFilesHostDoesNotAnswerIsNotReadyAndNamesThatHost() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())])
        let listing = mirror.root + "/releases.json"
        try (try String(contentsOfFile: listing, encoding: .utf8)).replacingOccurrences(of: mirror.url, with: "https://files.example")
            .write(toFile: listing, atomically: true, encoding: .utf8)
        let python = try TestVenv.python(Self.venv)
        let extra = ["HTTPS_PROXY": "http://127.0.0.1:9"]
        let plan = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url], python: python, extra: extra)
        let json = try plan.json()
        let wheel = try #require((json["wheel"] as? [String: Any]))
        #expect((wheel["url"] as? String ?? "").hasPrefix("https://files.example/v2.8.3/"), "\(wheel)")
        let route = try #require((json["routes"] as? [[String: Any]])?.first { $0["method"] as? String == "wheel" })
        #expect(route["status"] as? String == "needs-action", "\(route)")
        let reasons = try #require(route["reasons"] as? [[String: String]])
        let host = try #require(reasons.first { $0["code"] == "host-unreachable" }?["message"], "\(reasons)")
        #expect(host.contains("This plan needs files.example, which could not be reached from here through the proxy 127.0.0.1:9"), "\(host)")
        #expect(host.contains("--wheel-source DIR"), "\(host)")
        #expect(mirror.requests.contains { $0.hasPrefix("/releases.json") }, "the listing itself was read: \(mirror.requests)")

        let text = try run(["plan", "--method", "wheel", "--wheel-source", mirror.url, "--lang", "zh"], python: python, extra: extra)
        #expect(text.stdout.contains("此计划需要 files.example，但从这里无法连接（经由代理 127.0.0.1:9）"), "\(text.stdout)")
    }
}
