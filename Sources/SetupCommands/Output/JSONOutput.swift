import Foundation
import SetupCore

/// JSON as every command prints it: sorted keys for stable diffs, sentences in the chosen language.
enum JSONOutput {
    static func encode(_ value: some Encodable, language: Language) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.language] = language
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A document `report` reads back (check, plan, install, verify): stamped with this host's name and the time, so
    /// the fleet report tells hosts apart by what they said, not by where their files were put.
    static func hostDocument(_ value: some Encodable, language: Language) throws -> String {
        try encode(StampedDocument(value), language: language)
    }
}
