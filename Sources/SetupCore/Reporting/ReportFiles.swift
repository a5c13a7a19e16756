import Foundation

/// The files `report` reads: each JSON document belongs to the host its stamp names (`hostname`), else to the one its
/// folder is named for, the layout the Ansible role fetches into (`REPORT_DIR/HOST/check.json`); a folder given
/// stands for its JSON files and its subfolders'.
public enum ReportFiles {
    /// A document larger than this is not one of ours (verify's, the largest, is a few kilobytes).
    static let largest = 8 << 20

    public static func read(_ arguments: [String]) -> (entries: [FleetReport.Entry], problems: [LocalizedText]) {
        var entries: [FleetReport.Entry] = []
        var problems: [LocalizedText] = []
        for path in arguments.flatMap(expand) {
            switch document(at: path) {
            case .success(let read):
                let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
                entries.append(FleetReport.Entry(
                    host: read.hostname ?? host(inFolder: folder), document: read.document,
                    writtenAt: read.writtenAt ?? read.modified, file: path, folder: folder.path))
            case .failure(let problem): problems.append(problem.message)
            }
        }
        return (entries, problems)
    }

    /// The host a file reports on where its JSON names none (a release before stamps): the folder that holds it.
    static func host(inFolder folder: URL) -> String {
        folder.lastPathComponent.isEmpty ? "/" : folder.lastPathComponent
    }

    /// A folder's JSON files and those one level down, in name order; anything else stands for itself.
    static func expand(_ argument: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder), isFolder.boolValue else { return [argument] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: argument).sorted()) ?? []
        return names.flatMap { name -> [String] in
            let path = argument + "/" + name
            var inner: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &inner) else { return [] }
            if !inner.boolValue { return name.hasSuffix(".json") ? [path] : [] }
            let children = (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? []
            return children.filter { $0.hasSuffix(".json") }.map { path + "/" + $0 }
        }
    }

    /// Why a file could not be read as a report document.
    public struct Problem: Error {
        public var message: LocalizedText
    }

    /// A document as read from its file: its stamp's host and time, and the file's own time to fall back on.
    struct Read {
        var document: HostDocument
        var hostname: String?
        var writtenAt: Date?
        var modified: Date?
    }

    static func document(at path: String) -> Result<Read, Problem> {
        let shown = terminalSafe(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(Problem(message: LocalizedText(
                en: "\(shown) cannot be read: it does not exist or is not readable. Name the JSON files that check, install and verify wrote.",
                zh: "无法读取 \(shown)：它不存在或不可读。请给出 check、install 和 verify 写出的 JSON 文件。")))
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular,
              (attributes[.size] as? NSNumber)?.intValue ?? 0 <= largest,
              let data = FileManager.default.contents(atPath: path)
        else {
            return .failure(Problem(message: LocalizedText(
                en: "\(shown) was left out: it is not a regular file of at most 8 MiB, so it is not a document this tool wrote.",
                zh: "已略过 \(shown)：它不是不超过 8 MiB 的普通文件，不是本工具写出的文档。")))
        }
        do {
            let read = try HostDocument.readStamped(data)
            return .success(Read(
                document: read.document, hostname: read.hostname, writtenAt: read.writtenAt,
                modified: attributes[.modificationDate] as? Date))
        } catch {
            return .failure(Problem(message: LocalizedText(
                en: "\(shown) was left out: it is not the JSON that check, plan, install or verify --json prints.",
                zh: "已略过 \(shown)：它不是 check、plan、install 或 verify --json 输出的 JSON。")))
        }
    }
}
