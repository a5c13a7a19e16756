import Foundation

/// The wheel sources the target's pip is configured with (extra-index-url and find-links, from its config files
/// and PIP_* variables), read from `python -m pip config list`: pip would look there, so the plan does too.
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

    /// From lines such as `global.extra-index-url='https://a/simple\nhttps://b/simple'` or
    /// `:env:.find-links='/opt/wheels'`. index-url is left out: flash-attn's files on an index are its sdists.
    public static func parse(_ text: String) -> [Place] {
        var places: [Place] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "="), let dot = line[..<equals].lastIndex(of: ".") else { continue }
            let key = line[line.index(after: dot)..<equals]
            let section = line[..<dot]
            guard ["global", "install", ":env:", "download"].contains(section) else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, value.first == "'", value.last == "'" { value = String(value.dropFirst().dropLast()) }
            let items = value.replacingOccurrences(of: "\\n", with: " ").split(whereSeparator: \.isWhitespace).map(String.init)
            for item in items {
                let place: Place?
                switch key {
                case "extra-index-url":
                    place = (item.hasPrefix("http://") || item.hasPrefix("https://")) ? URL(string: item).map { .index($0) } : nil
                case "find-links":
                    place = WheelSource(argument: item).map { .links($0) }
                default:
                    place = nil
                }
                if let place, !places.contains(place) { places.append(place) }
            }
        }
        return places
    }

    /// What the target's pip is configured with; none where pip cannot say (no pip, an old pip, a timeout).
    public static func read(python: String, environment: [String: String], timeout: Double = 15) -> [Place] {
        guard let outcome = try? ChildProcess.run([python, "-m", "pip", "config", "list"], environment: environment, timeout: timeout),
            outcome.exitCode == 0, let text = outcome.stdoutText
        else { return [] }
        return parse(text)
    }
}
