import Foundation

/// The wheel sources the target's pip is configured with (extra-index-url and find-links, from its config files
/// and PIP_* variables, as `PipIndexes` reads them without starting pip): pip would look there, so the plan does too.
public enum PipConfiguredSources {
    /// A place pip's configuration names.
    public enum Place: Sendable, Hashable {
        /// An extra index's root: flash-attn's page is {root}/flash-attn/ (PEP 503), read without the root's listing
        /// of every project.
        case index(URL)
        /// A find-links page or folder.
        case links(WheelSource)

        /// The wheel source that reads it.
        public var source: WheelSource {
            switch self {
            case .index(let root): return .mirror(root.appendingPathComponent("flash-attn"))
            case .links(let source): return source
            }
        }
    }

    /// The extra indexes and find-links of pip's settings, in pip's order. index-url is left out: flash-attn's files
    /// on an index are its sdists.
    public static func places(_ indexes: PipIndexes) -> [Place] {
        var places: [Place] = []
        let extra: [Place] = indexes.noIndex ? [] : indexes.extra.filter { $0.scheme == "http" || $0.scheme == "https" }.map { .index($0) }
        let links: [Place] = indexes.findLinks.compactMap { WheelSource(argument: $0).map { .links($0) } }
        for place in links + extra where !places.contains(place) { places.append(place) }
        return places
    }
}
