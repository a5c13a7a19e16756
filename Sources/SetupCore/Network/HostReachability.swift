import Foundation

/// Whether the hosts a plan needs answer from here: each one asked once per run, all at once, within one short
/// budget. Any HTTP answer counts as reachable; a name that does not resolve, a refused or timed-out connection,
/// or a proxy that refuses is an answer too, and is not asked again.
public struct HostReachability: Sendable, Hashable {
    /// "https://github.com" -> nil where it answered, else why not (in the network library's words).
    public var unreachable: [String: String]

    public init(unreachable: [String: String] = [:]) { self.unreachable = unreachable }

    /// The scheme, host and port of a URL as the key a host is asked under; nil for a file or a loopback address,
    /// which need no network (a mirror on 127.0.0.1 is the test's, or the user's own).
    public static func origin(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// Asks each origin once, concurrently: a HEAD of its root (or its first byte where HEAD is refused).
    public static func check(_ origins: Set<String>, environment: [String: String], timeout: Double = 4) -> HostReachability {
        let asked = origins.sorted()
        let answers = concurrentMap(asked) { origin -> String? in
            guard let url = URL(string: origin + "/") else { return "not a URL" }
            do throws(FetchError) {
                _ = try HTTPFetch.status(of: url, timeout: timeout, environment: environment)
                return nil
            } catch {
                return error.status != nil ? nil : (error.detail ?? error.message.en)
            }
        }
        var unreachable: [String: String] = [:]
        for (origin, why) in zip(asked, answers) { if let why { unreachable[origin] = why } }
        return HostReachability(unreachable: unreachable)
    }
}
