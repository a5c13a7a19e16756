import Foundation

/// Why a probe could not learn what it was asked: a stable code, a sentence for the user, and the raw evidence.
///
/// In JSON it is one string in the report's language (see `CodingUserInfoKey.language`), the sentence followed by
/// the evidence, because that is what a person reading a script's log needs.
public struct ProbeError: Error, Sendable, Hashable, Codable {
    public var code: String
    public var message: LocalizedText
    /// What the program printed or how it ended, verbatim, where that helps.
    public var evidence: String?

    public init(code: String, message: LocalizedText, evidence: String? = nil) {
        self.code = code
        self.message = message
        self.evidence = evidence
    }

    public func text(_ language: Language) -> String {
        guard let evidence, !evidence.isEmpty else { return message.text(language) }
        return message.text(language) + (language == .zh ? "（" + evidence + "）" : " (" + evidence + ")")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text(encoder.userInfo[.language] as? Language ?? .en))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self.init(code: "decoded", message: LocalizedText(en: text, zh: text))
    }
}

extension CodingUserInfoKey {
    /// The `Language` a JSON report is written in.
    public static let language = CodingUserInfoKey(rawValue: "flash-attn-setup.language")!
}
