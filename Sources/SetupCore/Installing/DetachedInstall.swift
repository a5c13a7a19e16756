import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An install that went on without its screen (the SSH connection dropped), found by the next launch: still
/// running, or finished with the result its log records.
public struct DetachedInstall: Sendable, Hashable {
    public var logPath: String
    /// The pid still running it, where it is.
    public var runningPID: Int32?
    /// The log's "result: ..." line, once it has one.
    public var result: String?

    /// Marks `logPath` as detached: its wizard lost the terminal and carries on without one.
    public static func mark(logPath: String) {
        OwnedFile.replace(logPath + ".detached", with: Data())
    }

    /// Every detached install under the log folder, newest first.
    public static func find(in logDirectory: String) -> [DetachedInstall] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: logDirectory)) ?? []
        return files.filter { $0.hasSuffix(".log.detached") }.sorted(by: >).map { marker in
            let log = logDirectory + "/" + String(marker.dropLast(".detached".count))
            var pid: Int32? = nil
            if let running = FileManager.default.contents(atPath: log + ".running"),
                let marker = try? JSONDecoder().decode(RunningMarker.self, from: running), kill(marker.pid, 0) == 0
            {
                pid = marker.pid
            }
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let result = text.split(separator: "\n").last { $0.hasPrefix("result: ") }.map { String($0.dropFirst("result: ".count)) }
            return DetachedInstall(logPath: log, runningPID: pid, result: result)
        }
    }

    /// Forgets a finished detached install once the user has been told.
    public static func acknowledge(_ install: DetachedInstall) {
        guard install.runningPID == nil else { return }
        try? FileManager.default.removeItem(atPath: install.logPath + ".detached")
    }
}
