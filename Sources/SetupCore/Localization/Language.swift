/// The language every sentence the user reads is written in.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en
    case zh

    /// The language the user's locale asks for: LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them;
    /// zh_* (zh_CN.UTF-8, zh_TW) gives Chinese, anything else English.
    public static func fromLocale(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }
}

/// One sentence in both languages. Every message the user can read is one of these.
public struct LocalizedText: Sendable, Hashable, Codable, Error {
    public var en: String
    public var zh: String

    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .en: return en
        case .zh: return zh
        }
    }

    /// The two sentences joined, each ending where it should: "A. B." / "A。B。".
    public func followed(by other: LocalizedText) -> LocalizedText {
        LocalizedText(en: en + " " + other.en, zh: zh + other.zh)
    }

    /// The sentences in order as one, or nil where there are none.
    public static func joined(_ sentences: [LocalizedText]) -> LocalizedText? {
        guard let first = sentences.first else { return nil }
        return sentences.dropFirst().reduce(first) { $0.followed(by: $1) }
    }
}
