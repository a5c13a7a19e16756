/// A value whose JSON form carries every stored property, writing `null` for a missing one, so scripts that read
/// `detect --json` or `check --json` can rely on every documented key being present.
///
/// Swift's synthesized Codable leaves nil optionals out; this encodes the stored properties by reflection instead,
/// so the property names are the JSON keys and no type has to list them twice.
public protocol NullKeepingEncodable: Encodable {}

extension NullKeepingEncodable {
    public func encode(to encoder: any Encoder) throws { try encodeStoredProperties(to: encoder) }

    /// The reflection itself, for a type whose own `encode(to:)` adds a derived key beside its stored ones, or
    /// writes one stored property (`excluding`) its own way.
    func encodeStoredProperties(to encoder: any Encoder, excluding: Set<String> = []) throws {
        var container = encoder.container(keyedBy: PropertyKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, !excluding.contains(label), let value = child.value as? any Encodable else { continue }
            // An Optional encodes .none as null through its single-value container.
            try container.encode(value, forKey: PropertyKey(stringValue: label))
        }
    }
}

struct PropertyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
