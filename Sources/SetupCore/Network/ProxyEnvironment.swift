import Foundation

/// A proxy a request goes through, as HTTPS_PROXY, HTTP_PROXY or ALL_PROXY give it.
public struct ProxyServer: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case http, socks5 }
    public var kind: Kind
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    /// "http://user:pass@proxy:3128", "proxy:3128", "socks5://proxy"; nil for what is not a proxy address.
    public init?(_ text: String) {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let url = URLComponents(string: withScheme), let host = url.host, !host.isEmpty else { return nil }
        switch url.scheme?.lowercased() {
        case "http", "https": kind = .http
        case "socks5", "socks5h": kind = .socks5
        default: return nil
        }
        self.host = host
        port = url.port ?? (kind == .socks5 ? 1080 : url.scheme?.lowercased() == "https" ? 443 : 80)
        username = url.user?.removingPercentEncoding
        password = url.password?.removingPercentEncoding
    }
}

/// The proxy each URL goes through, read from the environment as pip (and curl) read it: https URLs by HTTPS_PROXY,
/// http ones by HTTP_PROXY, both by ALL_PROXY where theirs is unset, each in either case; NO_PROXY lists the hosts
/// (and domains, and "*") reached directly. Pure, so every spelling is tested as text.
public enum ProxyEnvironment {
    public static func proxy(for url: URL, environment: [String: String]) -> ProxyServer? {
        guard let host = url.host?.lowercased(), !bypasses(host: host, port: url.port, environment: environment) else { return nil }
        let names = url.scheme?.lowercased() == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"]
        for name in names + ["all_proxy", "ALL_PROXY"] {
            if let value = environment[name]?.trimmingWhitespace(), !value.isEmpty { return ProxyServer(value) }
        }
        return nil
    }

    /// NO_PROXY: "*" for every host; an entry matches the host itself and every name under it ("example.com" and
    /// ".example.com" both match "a.example.com"); an entry with ":port" only that port.
    static func bypasses(host: String, port: Int?, environment: [String: String]) -> Bool {
        let list = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "").lowercased()
        for raw in list.split(separator: ",") {
            var entry = raw.trimmingWhitespace()
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), !entry.hasPrefix("["), let wanted = Int(entry[entry.index(after: colon)...]) {
                guard port == wanted else { continue }
                entry = String(entry[..<colon])
            }
            if entry.hasPrefix(".") { entry.removeFirst() }
            if entry.hasPrefix("[") && entry.hasSuffix("]") { entry = String(entry.dropFirst().dropLast()) }
            guard !entry.isEmpty else { continue }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }

    /// Where swift-nio-ssl looks for the system's CA bundle on Linux (its LinuxCABundle.swift): a minimal image
    /// without ca-certificates has none of them, and then no HTTPS server verifies.
    static let systemTrustStores = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]

    static func hasSystemTrustStore(exists: (String) -> Bool) -> Bool { systemTrustStores.contains(where: exists) }

    /// The CA bundle TLS trusts instead of the system's: SSL_CERT_FILE (OpenSSL's, which pip honours), else
    /// REQUESTS_CA_BUNDLE, else PIP_CERT, as a company's TLS-inspecting proxy makes people set them.
    public static func caFile(_ environment: [String: String]) -> String? {
        for name in ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "PIP_CERT"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }
}
