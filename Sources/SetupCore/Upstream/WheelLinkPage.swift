import Foundation

/// The links of an HTML page of files, the form pip reads: a PEP 503 simple index's project page, its root (a link
/// per project), a find-links page, or a web server's directory listing.
public struct WheelLinkPage: Sendable, Hashable {
    /// One `<a href>` of the page.
    public struct Link: Sendable, Hashable {
        /// Absolute, resolved against the page's address; without the #fragment.
        public var url: String
        /// The last path part of the URL, percent-decoded: "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-....whl".
        public var filename: String
        /// The link's text, entities decoded and trimmed.
        public var text: String
        /// From a "#sha256=" fragment, lowercase hex.
        public var sha256: String?
        /// From a fragment in another algorithm pip checks ("#md5=", "#sha512=").
        public var otherDigest: FileDigest? = nil
        /// PEP 592: a yanked file is not installed unless pinned exactly; the tool never picks one.
        public var yanked: Bool
    }

    public var links: [Link]

    // nonisolated(unsafe): Regex values are immutable once built but not marked Sendable; these are never written.
    private nonisolated(unsafe) static let anchor = #/<a\s([^>]*)>(.*?)</a\s*>/#.ignoresCase().dotMatchesNewlines()
    private nonisolated(unsafe) static let href = #/(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/#.ignoresCase()
    private nonisolated(unsafe) static let yankedAttribute = #/(?:^|\s)data-yanked(?:\s|=|$)/#.ignoresCase()

    /// The links of `html`, as served from `base`. A page is at most a few megabytes; anything past 16 MB is not read.
    public init(html: String, base: URL) {
        var found: [Link] = []
        let text = html.utf8.count > 16 << 20 ? String(decoding: html.utf8.prefix(16 << 20), as: UTF8.self) : html
        for match in text.matches(of: Self.anchor) {
            let attributes = String(match.1)
            guard let h = attributes.firstMatch(of: Self.href) else { continue }
            let raw = Self.decodeEntities(String(h.1 ?? h.2 ?? h.3 ?? ""))
            guard !raw.isEmpty, let resolved = URL(string: raw, relativeTo: base)?.absoluteURL else { continue }
            var components = URLComponents(url: resolved, resolvingAgainstBaseURL: false)
            let fragment = components?.fragment
            components?.fragment = nil
            guard let url = components?.url?.absoluteString else { continue }
            let path = components?.percentEncodedPath ?? ""
            let last = path.split(separator: "/").last.map(String.init) ?? ""
            let filename = last.removingPercentEncoding ?? last
            let digest = fragment.flatMap(FileDigest.init(fragment:))
            let sha256 = digest?.algorithm == .sha256 ? digest?.hex : nil
            let label = Self.decodeEntities(String(match.2).replacing(#/<[^>]*>/#, with: "")).trimmingWhitespace()
            found.append(Link(
                url: url, filename: filename, text: label, sha256: sha256,
                otherDigest: digest?.algorithm == .sha256 ? nil : digest,
                yanked: attributes.contains(Self.yankedAttribute)))
        }
        links = found
    }

    /// On a simple index's root, the link to flash-attn's page (PEP 503 normalises the name: flash-attn).
    public var projectPage: String? {
        links.first { link in
            let name = link.text.lowercased().replacing(#/[-_.]+/#, with: "-")
            let path = link.filename.lowercased().replacing(#/[-_.]+/#, with: "-")
            return name == "flash-attn" || path == "flash-attn"
        }?.url
    }

    /// On a directory listing laid out like the release downloads, the versions of its "v2.8.3/" folders.
    public var releaseFolders: [String] {
        links.compactMap { link in
            guard let m = link.text.wholeMatch(of: #/v?(\d+(?:\.\d+)+(?:\.post\d+)?)/?/#) else { return nil }
            return String(m.1)
        }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x2B;", "+"), ("&#43;", "+")] {
            out = out.replacingOccurrences(of: entity, with: character, options: .caseInsensitive)
        }
        return out.replacingOccurrences(of: "&amp;", with: "&")
    }
}
