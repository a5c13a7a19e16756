import SetupCore

/// `catalog` as a table: one line per release, each column as wide as its widest cell, so that no cell pushes the
/// rest of its row out of line; a rule too long for a cell is named by a mark and written out below the table.
enum CatalogText {
    static let header = ["release", "cuda rule", "glibc", "wheels", "torch", "python", "cuda tags"]

    static func render(_ catalog: ReleaseCatalog) -> String {
        var rows: [[String]] = []
        var footnotes: [String] = []
        for release in catalog.releases.reversed() {
            let rule: String
            switch release.cudaTagRule {
            case .exact: rule = "exact"
            case .major: rule = "major"
            case .mapped(let byMajor, let otherwise):
                let written = "by torch's CUDA major: " + byMajor.keys.sorted().map { "\($0) -> cu\(byMajor[$0]!)" }.joined(separator: ", ")
                    + ", any other -> cu\(otherwise)"
                let note = footnotes.firstIndex(of: written) ?? { footnotes.append(written); return footnotes.count - 1 }()
                rule = "mapped" + String(repeating: "*", count: note + 1)
            }
            guard let groups = release.wheels else {
                rows.append([release.version, rule, release.minimumGlibc, "(not listed: see the release page)"])
                continue
            }
            rows.append([
                release.version, rule, release.minimumGlibc, String(release.wheelFiles.count),
                range(distinct(groups.map(\.torch))), range(distinct(groups.flatMap(\.python))),
                tags(groups.map(\.cuda)),
            ])
        }
        var out = table([header] + rows)
        for (index, note) in footnotes.enumerated() { out += String(repeating: "*", count: index + 1) + " " + note + "\n" }
        return out
    }

    /// Columns two spaces apart, each as wide as its widest cell; a row's last cell (a long one included) ends it.
    static func table(_ rows: [[String]]) -> String {
        var widths: [Int] = []
        for row in rows {
            // A cell that ends its row short of the header's columns (the "not listed" note) does not widen one.
            let measured = row.count == header.count ? row : Array(row.dropLast())
            for (column, cell) in measured.enumerated() {
                if column == widths.count { widths.append(0) }
                widths[column] = max(widths[column], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }

    /// The CUDA tags by number, "cu" written once: "cu116,117,118,122".
    static func tags(_ values: [String]) -> String {
        let numbers = Set(values.map { $0.hasPrefix("cu") ? String($0.dropFirst(2)) : $0 }).sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        return numbers.isEmpty ? "-" : "cu" + numbers.joined(separator: ",")
    }

    static func distinct(_ values: [String]) -> [String] {
        Array(Set(values)).sorted { compareVersions($0, $1) == .orderedAscending }
    }

    static func range(_ values: [String]) -> String {
        guard let first = values.first, let last = values.last else { return "-" }
        return first == last ? first : "\(first)-\(last)"
    }
}
