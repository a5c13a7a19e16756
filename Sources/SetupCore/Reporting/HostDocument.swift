import Foundation

/// One JSON document that `check`, `plan`, `install` or `verify --json` printed on a host, read back for the fleet
/// report: only the fields the report shows, each optional, so a document from an older or newer release still reads.
public enum HostDocument: Sendable, Equatable {
    case check(CheckSummary)
    case plan(PlanSummary)
    case install(InstallSummary)
    case verify(VerifySummary)

    /// What `check --json` said: the verdict, the GPUs and why a host was stopped.
    public struct CheckSummary: Sendable, Equatable, Decodable {
        public struct GPU: Sendable, Equatable, Decodable {
            public struct Reason: Sendable, Equatable, Decodable {
                public var message: String
            }
            public var name: String
            public var visible: Bool?
            public var verdict: Verdict?
            public var reasons: [Reason]?
        }
        public struct Blocker: Sendable, Equatable, Decodable {
            public var code: String
            public var message: String
        }
        public var verdict: Verdict
        public var gpus: [GPU]
        public var blockers: [Blocker]?
        /// What keeps a supported GPU from a supported verdict (torch does not see it, a driver too old for it).
        public var warnings: [Blocker]?
        public var recommended: String?
        public var fallback: String?
    }

    /// What `plan --json` said: the route it would take.
    public struct PlanSummary: Sendable, Equatable, Decodable {
        public var method: String?
        public var recommended: String?
    }

    /// What `install --json` said: how it ended, what changed and where the log is.
    public struct InstallSummary: Sendable, Equatable, Decodable {
        public struct Versions: Sendable, Equatable, Decodable {
            public var before: String?
            public var after: String?
        }
        public var result: InstallResult
        public var changed: Bool?
        public var method: String?
        public var reason: String?
        public var flashAttn: Versions?
        public var log: String?
    }

    /// What `verify --json` said: whether it passed, and on the GPU.
    public struct VerifySummary: Sendable, Equatable, Decodable {
        public var ok: Bool
        public var proven: Bool?
        public var route: String?
        /// The version of what was verified, where it has one.
        public var flashAttn: String?
        public var checks: [VerificationCheck]
        public var error: String?
        /// What to choose in the node, as verify worded it.
        public var advice: String?
    }

    /// Which of the four it is, to tell two of a kind apart from a report's parts.
    public enum Kind: Sendable, Equatable { case check, plan, install, verify }

    public var kind: Kind {
        switch self {
        case .check: return .check
        case .plan: return .plan
        case .install: return .install
        case .verify: return .verify
        }
    }

    /// Why a file is not one of these documents.
    public enum ReadError: Error, Equatable {
        case notJSON
        case unknownShape
    }

    /// Tells the four apart by the keys only one of them has, then decodes that one.
    public static func read(_ data: Data) throws(ReadError) -> HostDocument { try readStamped(data).document }

    /// The document with the host and time its stamp names (each nil in a document from before stamps).
    public static func readStamped(_ data: Data) throws(ReadError) -> (document: HostDocument, hostname: String?, writtenAt: Date?) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw .notJSON }
        let stamp = DocumentStamp.read(from: object)
        return (try decode(data, keys: Set(object.keys)), stamp.hostname, stamp.writtenAt)
    }

    static func decode(_ data: Data, keys: Set<String>) throws(ReadError) -> HostDocument {
        let decoder = JSONDecoder()
        do {
            if keys.isSuperset(of: ["verdict", "gpus"]) { return .check(try decoder.decode(CheckSummary.self, from: data)) }
            if keys.isSuperset(of: ["result", "plan"]) { return .install(try decoder.decode(InstallSummary.self, from: data)) }
            if keys.isSuperset(of: ["ok", "checks"]) { return .verify(try decoder.decode(VerifySummary.self, from: data)) }
            if keys.isSuperset(of: ["routes", "steps"]) { return .plan(try decoder.decode(PlanSummary.self, from: data)) }
        } catch {
            throw .unknownShape
        }
        throw .unknownShape
    }
}
