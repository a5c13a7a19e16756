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

    /// Why a file is not one of these documents.
    public enum ReadError: Error, Equatable {
        case notJSON
        case unknownShape
    }

    /// Tells the four apart by the keys only one of them has, then decodes that one.
    public static func read(_ data: Data) throws(ReadError) -> HostDocument {
        guard let object = try? JSONSerialization.jsonObject(with: data), let keys = (object as? [String: Any]).map({ Set($0.keys) })
        else { throw .notJSON }
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
