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
}
