/// The flash-attn wheels among a page's links: the page is read by Upstream, the names are this folder's grammar.
extension WheelLinkPage {
    /// The links to flash-attn wheel files, yanked ones left out.
    public var wheels: [(link: Link, name: WheelName)] {
        links.compactMap { link in
            guard !link.yanked, let name = WheelName(link.filename) else { return nil }
            return (link, name)
        }
    }

    /// Links to files that end in .whl, are flash-attn's by name, and do not parse: reported, never guessed.
    public var unreadableWheelNames: [String] {
        links.filter { $0.filename.hasSuffix(".whl") && $0.filename.lowercased().hasPrefix("flash_attn") && WheelName($0.filename) == nil }
            .map { terminalSafe($0.filename) }
    }
}
