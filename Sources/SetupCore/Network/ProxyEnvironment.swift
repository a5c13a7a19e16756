/// The proxy variables the downloads honour, as pip does: HTTPS_PROXY, HTTP_PROXY, NO_PROXY in either case.
///
/// Foundation's URLSession on Linux hands the transfer to libcurl without a proxy of its own, and libcurl reads the
/// environment itself: https_proxy or HTTPS_PROXY, but http_proxy only in lowercase (an uppercase HTTP_PROXY can be
/// set by a CGI request's Proxy: header) and no_proxy or NO_PROXY. Users set them in upper case as often as not,
/// and pip honours both, so the process's environment is given the lowercase forms libcurl reads.
public enum ProxyEnvironment {
    /// The variables to add: the lowercase form of each uppercase one that has none. Pure.
    public static func additions(to environment: [String: String]) -> [String: String] {
        var added: [String: String] = [:]
        for name in ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"] {
            let lower = name.lowercased()
            if let value = environment[name], !value.isEmpty, environment[lower] == nil { added[lower] = value }
        }
        return added
    }
}
