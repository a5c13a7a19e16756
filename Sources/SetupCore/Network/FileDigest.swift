import Crypto
import Foundation

/// A file's digest as a page of links publishes it in another algorithm than SHA-256 (`#md5=`, `#sha512=`): pip
/// refuses a file that does not match one, so the tool checks it too.
public struct FileDigest: Sendable, Hashable, Codable {
    /// The algorithms of pip's link fragments that swift-crypto computes (pip also takes sha224, which it lacks).
    public enum Algorithm: String, Sendable, Hashable, Codable, CaseIterable {
        case md5, sha1, sha256, sha384, sha512

        var hexLength: Int {
            switch self {
            case .md5: return 32
            case .sha1: return 40
            case .sha256: return 64
            case .sha384: return 96
            case .sha512: return 128
            }
        }
    }

    public var algorithm: Algorithm
    /// Lowercase hex.
    public var hex: String

    /// Reads a link's fragment ("sha512=ab12..."); nil for another fragment or a digest of the wrong length.
    public init?(fragment: String) {
        let parts = fragment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let algorithm = Algorithm(rawValue: parts[0].lowercased()) else { return nil }
        let hex = parts[1].lowercased()
        guard hex.count == algorithm.hexLength, hex.allSatisfy(\.isHexDigit) else { return nil }
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The digest of the file at `path` in this algorithm, read a few megabytes at a time.
    public func computed(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        func run<H: HashFunction>(_ hasher: inout H) throws -> String {
            while let piece = try handle.read(upToCount: 4 << 20), !piece.isEmpty { hasher.update(data: piece) }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
        switch algorithm {
        case .md5: var h = Insecure.MD5(); return try run(&h)
        case .sha1: var h = Insecure.SHA1(); return try run(&h)
        case .sha256: var h = SHA256(); return try run(&h)
        case .sha384: var h = SHA384(); return try run(&h)
        case .sha512: var h = SHA512(); return try run(&h)
        }
    }
}
