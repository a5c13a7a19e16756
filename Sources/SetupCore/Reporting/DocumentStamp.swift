import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which host wrote a JSON document and when: `report` tells hosts apart by this, not by the folder a file was
/// fetched into, and marks the newer of two documents from one host.
public struct DocumentStamp: Sendable, Equatable {
    /// The host's own name, as gethostname(2) gives it (not a DNS lookup, which can hang where DNS is down).
    public var hostname: String
    public var writtenAt: Date

    public init(hostname: String, writtenAt: Date) {
        self.hostname = hostname
        self.writtenAt = writtenAt
    }

    /// This host, now.
    public static func now() -> DocumentStamp {
        DocumentStamp(hostname: localHostname() ?? "", writtenAt: Date())
    }

    static func localHostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// The two keys every stamped document carries at its top level.
    public enum Key: String, CodingKey { case hostname, writtenAt }

    /// Seconds, as a script compares them, and as a person reads them: `2026-12-07T10:31:37Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// Adds the two keys beside the document's own (the same keyed container, so they sit at the top level).
    public func encode(into encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if hostname.isEmpty { try container.encodeNil(forKey: .hostname) } else { try container.encode(hostname, forKey: .hostname) }
        try container.encode(Self.format(writtenAt), forKey: .writtenAt)
    }

    /// The stamp of a document read back, nil where it has none (written by a release before stamps) or an
    /// unreadable one; a stamp with a time but no name keeps the time.
    public static func read(from object: [String: Any]) -> (hostname: String?, writtenAt: Date?) {
        let name = (object[Key.hostname.rawValue] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let date = (object[Key.writtenAt.rawValue] as? String).flatMap(parse)
        return (name, date)
    }
}

/// A document as a command prints it: its own keys, and the stamp's beside them.
public struct StampedDocument<Document: Encodable>: Encodable {
    public var document: Document
    public var stamp: DocumentStamp

    public init(_ document: Document, stamp: DocumentStamp = .now()) {
        self.document = document
        self.stamp = stamp
    }

    public func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
        try stamp.encode(into: encoder)
    }
}
