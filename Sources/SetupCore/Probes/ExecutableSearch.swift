import Foundation

/// Finds a program the way a shell would, then in extra folders where installers put it off PATH.
public struct ExecutableSearch: Sendable {
    public var directories: [String]

    public init(path: String?, extraDirectories: [String] = []) {
        let fromPath = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        var seen = Set<String>()
        directories = (fromPath + extraDirectories).filter { seen.insert($0).inserted }
    }

    public func find(_ name: String) -> String? {
        for directory in directories {
            let candidate = directory + "/" + name
            if Self.isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    public static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
