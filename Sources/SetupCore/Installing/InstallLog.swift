import Foundation
import Synchronization

/// The install's log file: every line of every step, with each step's argv and environment changes, so a failed
/// install can be read (and diagnosed) afterwards.
///
/// A write that fails (its disk full) never stops the tool: the log stops there, `failure` says why in a sentence,
/// and the install that writes it stops its step, since a build whose log cannot be kept cannot be diagnosed.
public final class InstallLog: Sendable {
    public let path: String
    private let handle: FileHandle
    private let brokenBy = Mutex<LocalizedText?>(nil)

    /// $XDG_STATE_HOME/flash-attn-setup/logs (~/.local/state/... by default).
    public static func defaultDirectory(environment: [String: String]) -> String {
        ToolDirectories.state(environment) + "/logs"
    }

    public static func timestampedPath(in directory: String, prefix: String = "install") -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return directory + "/\(prefix)-\(formatter.string(from: Date())).log"
    }

    /// Why a log cannot be written where asked, as a sentence.
    public struct Refused: Error, Sendable {
        public var message: LocalizedText
    }

    /// Opens `path` to append to: a file the user names is appended to, never replaced, and anything but a regular
    /// file (a symbolic link, a device such as /dev/null, a folder) is refused.
    public init(path: String) throws(Refused) {
        let files = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !files.fileExists(atPath: folder) {
            do { try files.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw Refused(message: LocalizedText(
                    en: "The folder of the log \(path) cannot be made (\(error.localizedDescription)); choose another place with --log.",
                    zh: "无法创建日志 \(path) 所在的目录（\(error.localizedDescription)）；请用 --log 指定其他位置。"))
            }
        }
        let handle: FileHandle
        switch OwnedFile.append(path) {
        case .success(let opened): handle = opened
        case .failure(.notARegularFile), .failure(.notOurs):
            throw Refused(message: LocalizedText(
                en: "\(path) is not a regular file (a link, a device or a folder), so the log is not written there; name a file with --log.",
                zh: "\(path) 不是普通文件（而是链接、设备或目录），因此不会把日志写到那里；请用 --log 指定一个文件。"))
        case .failure(.cannotOpen):
            throw Refused(message: LocalizedText(
                en: "Cannot write the log \(path); choose another place with --log.",
                zh: "无法写入日志 \(path)；请用 --log 指定其他位置。"))
        }
        self.path = path
        self.handle = handle
    }

    public func write(_ line: String) {
        brokenBy.withLock { failure in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch { failure = Self.sentence(for: error, path: path) }
        }
    }

    /// Why the log stopped being written, once a write has failed.
    public var failure: LocalizedText? { brokenBy.withLock { $0 } }

    private static func sentence(for error: any Error, path: String) -> LocalizedText {
        let folder = (path as NSString).deletingLastPathComponent
        if isOutOfSpace(error) {
            return LocalizedText(
                en: "The disk holding the log folder \(folder) is full, so the install was stopped: a build whose log cannot be kept cannot be diagnosed. Free space there, or name a log on another disk with --log, and run again.",
                zh: "日志目录 \(folder) 所在的磁盘已满，因此安装已停止：无法保留日志的构建无法诊断。请在那里腾出空间，或用 --log 指定另一块磁盘上的日志，然后重新运行。")
        }
        return LocalizedText(
            en: "The log \(path) could not be written (\(error.localizedDescription)), so the install was stopped; name another log with --log and run again.",
            zh: "无法写入日志 \(path)（\(error.localizedDescription)），因此安装已停止；请用 --log 指定另一个日志，然后重新运行。")
    }

    /// A step's header: what runs, with which variables changed.
    public func writeStep(_ index: Int, _ step: PlanStep) {
        write("")
        write("=== step \(index + 1): \(step.title.en)")
        switch step.action {
        case .fetch(let source, let destination, let sha256, _, let other):
            write("=== fetch \(source.text) -> \(destination)" + (sha256.map { " (sha256 \($0))" } ?? "")
                + (other.map { " (\($0.algorithm.rawValue) \($0.hex))" } ?? ""))
        case .run(let argv, let environment):
            write("=== argv " + argv.map(Self.quoted).joined(separator: " "))
            for key in environment.keys.sorted() { write("=== env \(key)=\(environment[key]!)") }
        case .assembleCUDAHome(let root, let destination):
            write("=== CUDA_HOME \(destination) from \(root)")
        case .checkoutSource(let repository, let ref, let destination):
            write("=== git \(repository) \(ref) -> \(destination)")
        }
    }

    /// An argv as a plan shows it: each element quoted where it must be, and a script passed with -c (the tool's
    /// own, in full in the log) named instead of printed.
    public static func displayed(_ argv: [String]) -> String {
        argv.map { $0.contains("\n") ? "<script, \($0.split(separator: "\n").count) lines>" : quoted($0) }.joined(separator: " ")
    }

    /// An argv element as a reader can copy it into a shell: quoted only where it must be.
    public static func quoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:+,@%".contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    deinit { try? handle.close() }
}
