import Foundation

/// Why a probe could not learn what it was asked: a stable code, a sentence for the user, and the raw evidence.
///
/// In JSON it is one string in the report's language (see `CodingUserInfoKey.language`), the sentence followed by
/// the evidence, because that is what a person reading a script's log needs.
public struct ProbeError: Error, Sendable, Hashable, Codable {
    /// Every way a probe can fail, each named by the string that check's blockers carry for it.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case nvidiaSMIMissing = "nvidia-smi-missing"
        case nvidiaSMITimeout = "nvidia-smi-timeout"
        case nvidiaSMIFailed = "nvidia-smi-failed"
        case nvidiaSMIGarbage = "nvidia-smi-garbage"
        case driverNotLoaded = "driver-not-loaded"
        case noDevices = "no-devices"
        case nvmlVersionMismatch = "nvml-version-mismatch"
        case pythonMissing = "python-missing"
        case notPython = "not-python"
        case pythonTimeout = "python-timeout"
        case pythonCrashed = "python-crashed"
        case pythonProbeFailed = "python-probe-failed"
        case probeOutputInvalid = "probe-output-invalid"
        /// verify's import of the package crashed or hung the interpreter.
        case importDied = "import-died"
        /// Read back from a JSON document, which keeps the sentence and not the code.
        case decoded
    }

    public var code: Code
    public var message: LocalizedText
    /// What the program printed or how it ended, verbatim, where that helps.
    public var evidence: String?

    public init(code: Code, message: LocalizedText, evidence: String? = nil) {
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
        self.init(code: .decoded, message: LocalizedText(en: text, zh: text))
    }
}

extension CodingUserInfoKey {
    /// The `Language` a JSON report is written in.
    public static let language = CodingUserInfoKey(rawValue: "flash-attn-setup.language")!
}
