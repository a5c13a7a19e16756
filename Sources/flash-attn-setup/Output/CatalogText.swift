import SetupCore

/// `catalog` as a table: one line per release.
enum CatalogText {
    static func render(_ catalog: ReleaseCatalog) -> String {
        var out = "release       cuda rule        glibc  wheels  torch             python          cuda tags\n"
        for release in catalog.releases.reversed() {
            let rule: String
            switch release.cudaTagRule {
            case .exact: rule = "exact"
            case .major: rule = "major"
            case .mapped(let byMajor, let otherwise):
                rule = byMajor.keys.sorted().map { "\($0)->\(byMajor[$0]!)" }.joined(separator: ",") + ",*->\(otherwise)"
            }
            guard let groups = release.wheels else {
                out += pad(release.version, 14) + pad(rule, 17) + pad(release.minimumGlibc, 7) + "(not listed: see the release page)\n"
                continue
            }
            let files = release.wheelFiles
            let torches = distinct(groups.map(\.torch))
            let pythons = distinct(groups.flatMap(\.python))
            let tags = distinct(groups.map(\.cuda))
            out += pad(release.version, 14) + pad(rule, 17) + pad(release.minimumGlibc, 7) + pad(String(files.count), 8)
                + pad(range(torches), 18) + pad(range(pythons), 16) + tags.joined(separator: ",") + "\n"
        }
        return out
    }

    static func distinct(_ values: [String]) -> [String] {
        Array(Set(values)).sorted { compareVersions($0, $1) == .orderedAscending }
    }

    static func range(_ values: [String]) -> String {
        guard let first = values.first, let last = values.last else { return "-" }
        return first == last ? first : "\(first)-\(last)"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
