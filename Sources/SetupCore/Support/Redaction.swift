/// Credentials in a URL as pip shows them: `https://user:****@host/...`, so that a mirror's password is neither
/// printed nor written to a log.
public enum Redaction {
    public static func url(_ text: String) -> String {
        text.replacing(#/([A-Za-z][A-Za-z0-9+.\-]*://)([^/@:\s]+):([^/@\s]*)@/#) { match in
            "\(match.1)\(match.2):****@"
        }.replacing(#/([A-Za-z][A-Za-z0-9+.\-]*://)([^/@:\s]+)@/#) { match in
            // A lone token before @ is a secret too (https://TOKEN@host).
            "\(match.1)****@"
        }
    }
}
