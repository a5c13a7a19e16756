import Foundation
import Testing
@testable import SetupCore

/// The proxy and CA each request takes from the environment, as pip reads them.
@Suite struct ProxyEnvironmentTests {
    func proxy(_ url: String, _ environment: [String: String]) -> ProxyServer? {
        ProxyEnvironment.proxy(for: URL(string: url)!, environment: environment)
    }

    @Test func eachSchemeHasItsVariableInEitherCaseAndAllProxyIsTheFallback() {
        #expect(proxy("http://mirror.example/x", ["HTTP_PROXY": "http://p:3128"])?.port == 3128)
        #expect(proxy("http://mirror.example/x", ["http_proxy": "p2:8080", "HTTP_PROXY": "http://p:3128"])?.host == "p2")
        #expect(proxy("https://mirror.example/x", ["HTTP_PROXY": "http://p:3128"]) == nil)
        #expect(proxy("https://mirror.example/x", ["HTTPS_PROXY": "http://p:3128"])?.host == "p")
        #expect(proxy("https://mirror.example/x", ["ALL_PROXY": "socks5://s"])?.kind == .socks5)
        #expect(proxy("https://mirror.example/x", ["ALL_PROXY": "socks5://s"])?.port == 1080)
    }

    @Test func credentialsInTheProxyAddressAreKeptDecoded() throws {
        let p = try #require(proxy("https://x.example", ["https_proxy": "http://alice:s%40cret@proxy.corp:8080"]))
        #expect(p.username == "alice")
        #expect(p.password == "s@cret")
        #expect(p.port == 8080)
    }

    @Test(arguments: [
        ("*", "https://files.example.com/a", true),
        ("example.com", "https://files.example.com/a", true),
        (".example.com", "https://example.com/a", true),
        ("example.com", "https://notexample.com/a", false),
        ("localhost, 127.0.0.1", "http://127.0.0.1:8000/a", true),
        ("mirror.test:8000", "http://mirror.test:8000/a", true),
        ("mirror.test:8000", "http://mirror.test:9000/a", false),
        ("", "https://files.example.com/a", false),
    ])
    func noProxyNamesHostsAndDomainsReachedDirectly(_ list: String, _ url: String, _ direct: Bool) {
        let found = proxy(url, ["HTTPS_PROXY": "http://p:1", "HTTP_PROXY": "http://p:1", "NO_PROXY": list])
        #expect((found == nil) == direct)
    }

    @Test func theCABundleIsSSLCertFileFirst() {
        #expect(ProxyEnvironment.caFile(["SSL_CERT_FILE": "/a", "PIP_CERT": "/b"]) == "/a")
        #expect(ProxyEnvironment.caFile(["PIP_CERT": "/b"]) == "/b")
        #expect(ProxyEnvironment.caFile([:]) == nil)
    }
}

/// A minimal image has no CA bundle at all: that is told apart from a certificate no bundle vouches for.
@Suite struct SystemTrustStoreTests {
    @Test func aBundleAtEitherOfNIOSSLsPathsCountsAndNoneMeansNone() {
        #expect(ProxyEnvironment.hasSystemTrustStore(exists: { $0 == "/etc/pki/tls/certs/ca-bundle.crt" }))
        #expect(ProxyEnvironment.hasSystemTrustStore(exists: { $0 == "/etc/ssl/certs/ca-certificates.crt" }))
        #expect(!ProxyEnvironment.hasSystemTrustStore(exists: { _ in false }))
    }
}
