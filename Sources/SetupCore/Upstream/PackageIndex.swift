import Foundation

/// One project as a package index lists it (PEP 691 JSON, else the PEP 503 HTML page): its files, which are
/// yanked, and where each file's core metadata (PEP 658) can be read.
public struct IndexProject: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public var filename: String
        public var url: String
        /// The version in the file's name; nil where the name is in no form this reader knows.
        public var version: String?
        /// PEP 592: a yanked file is installed only when pinned exactly, so it never counts as served.
        public var yanked: Bool
        public var requiresPython: String?
        /// The index says the file's METADATA is served beside it as `{url}.metadata`.
        public var coreMetadata: Bool
        public var uploadTime: String?
    }

    public var name: String
    /// The index the listing came from, credentials removed.
    public var index: String
    public var files: [File]
    /// When it was read (ISO 8601): the day a cached answer says it is from.
    public var readAt: String

    /// Versions with at least one file that is not yanked.
    public var versions: [String] {
        var seen: [String] = []
        for file in files where !file.yanked {
            if let version = file.version, !seen.contains(version) { seen.append(version) }
        }
        return seen
    }

    /// Versions every file of which is yanked.
    public var yankedVersions: [String] {
        let served = Set(versions)
        var seen: [String] = []
        for file in files where file.yanked {
            if let version = file.version, !served.contains(version), !seen.contains(version) { seen.append(version) }
        }
        return seen
    }

    /// The files of one version, wheels first (their metadata is what pip installs).
    public func files(of version: String) -> [File] {
        files.filter { $0.version == version && !$0.yanked }.sorted { $0.filename.hasSuffix(".whl") && !$1.filename.hasSuffix(".whl") }
    }

    /// PEP 503's normalized name: runs of -, _ and . become one -, lowercased.
    public static func normalized(_ name: String) -> String {
        name.lowercased().replacing(#/[-_.]+/#, with: "-")
    }

    /// The version in a distribution's file name: `name-1.2.3-py3-none-any.whl`, `name-1.2.3.tar.gz`.
    public static func version(inFilename filename: String, project: String) -> String? {
        let stem: Substring
        if filename.hasSuffix(".whl") {
            let parts = filename.dropLast(4).split(separator: "-")
            guard parts.count >= 5, normalized(String(parts[0])) == normalized(project) else { return nil }
            return String(parts[1])
        } else if let ext = [".tar.gz", ".zip", ".tar.bz2", ".tgz"].first(where: filename.hasSuffix) {
            stem = filename.dropLast(ext.count)
        } else {
            return nil
        }
        let wanted = normalized(project)
        var cut = stem.endIndex
        while let dash = stem[..<cut].lastIndex(of: "-") {
            if normalized(String(stem[..<dash])) == wanted {
                let version = String(stem[stem.index(after: dash)...])
                return version.first?.isNumber == true ? version : nil
            }
            cut = dash
        }
        return nil
    }
}

/// Reads projects from the indexes the target's pip uses, through the tool's HTTP client (its proxy and CA
/// settings), caching each answer with the time it was read: fresh for ten minutes, and the offline fallback after.
public struct PackageIndexReader: Sendable {
    public var indexes: PipIndexes
    public var environment: [String: String]
    public var cacheDirectory: String
    public var timeout: Double
    public var freshFor: Double = 600

    public init(indexes: PipIndexes, environment: [String: String], timeout: Double = 10) {
        self.indexes = indexes
        self.environment = environment
        self.cacheDirectory = ToolDirectories.cache(environment) + "/index"
        self.timeout = timeout
    }

    /// What was read, or why nothing was, with where the answer came from.
    public struct Answer: Sendable, Hashable {
        public var project: IndexProject?
        /// "https://pypi.org/simple/ (read 2026-12-06T21:40:00Z)", "the cache of ...".
        public var provenance: String
        public var error: String?
        public var fromCache: Bool
    }

    public func project(_ name: String) -> Answer {
        let all = indexes.all
        guard !all.isEmpty || !indexes.findLinks.isEmpty else {
            return Answer(project: nil, provenance: "pip is set to --no-index", error: "pip is configured with no index (no-index)", fromCache: false)
        }
        let places = all.map(\.absoluteString) + indexes.findLinks
        let key = SHA256Hex.hex(of: Array((places.joined(separator: " ") + " " + name).utf8)).prefix(16)
        let cacheFile = cacheDirectory + "/\(IndexProject.normalized(name))-\(key).json"
        let cached = FileManager.default.contents(atPath: cacheFile).flatMap { try? JSONDecoder().decode(IndexProject.self, from: $0) }
        if let cached, let when = ISO8601DateFormatter().date(from: cached.readAt), Date().timeIntervalSince(when) < freshFor {
            return Answer(project: cached, provenance: "\(cached.index) (read \(cached.readAt), cached)", error: nil, fromCache: true)
        }
        var files: [IndexProject.File] = []
        var errors: [String] = []
        var read: [String] = []
        for index in all {
            switch Self.fetch(name, from: index, environment: environment, timeout: timeout) {
            case .success(let found):
                files += found
                read.append(Redaction.url(index.absoluteString))
            case .failure(let error):
                errors.append("\(Redaction.url(index.absoluteString)): \(error.detail ?? error.message.en)")
            }
        }
        for place in indexes.findLinks {
            switch Self.findLinks(name, in: place, environment: environment, timeout: timeout) {
            case .success(let found):
                files += found
                read.append(Redaction.url(place))
            case .failure(let error):
                errors.append("\(Redaction.url(place)): \(error.detail ?? error.message.en)")
            }
        }
        if read.isEmpty {
            if let cached {
                return Answer(
                    project: cached, provenance: "the cache of \(cached.readAt) from \(cached.index)",
                    error: errors.joined(separator: "; "), fromCache: true)
            }
            return Answer(project: nil, provenance: "not read", error: errors.joined(separator: "; "), fromCache: false)
        }
        let project = IndexProject(
            name: IndexProject.normalized(name), index: read.joined(separator: ", "), files: files,
            readAt: ISO8601DateFormatter().string(from: Date()))
        if let data = try? JSONEncoder().encode(project) {
            try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            try? data.write(to: URL(fileURLWithPath: cacheFile), options: .atomic)
        }
        return Answer(project: project, provenance: "\(project.index) (read \(project.readAt))", error: nil, fromCache: false)
    }

    /// One index's page for the project: JSON where the index speaks PEP 691, else its HTML links. A 404 is an
    /// answer (the index has no such project), not an error.
    static func fetch(_ name: String, from index: URL, environment: [String: String], timeout: Double) -> Result<[IndexProject.File], FetchError> {
        let page = index.appendingPathComponent(IndexProject.normalized(name)).appendingPathComponent("")
        do {
            guard let data = try HTTPFetch.document(
                page, timeout: timeout,
                headers: ["Accept": "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"],
                environment: environment)
            else { return .success([]) }
            if let files = decodeJSON(data, project: name, base: page) { return .success(files) }
            let links = WheelLinkPage(html: String(decoding: data, as: UTF8.self), base: page).links
            return .success(links.map { link in
                IndexProject.File(
                    filename: link.filename, url: link.url,
                    version: IndexProject.version(inFilename: link.filename, project: name), yanked: link.yanked,
                    requiresPython: nil, coreMetadata: false, uploadTime: nil)
            })
        } catch {
            return .failure(error)
        }
    }

    /// A find-links place: a folder's files, or a page's links, that are this project's (by the name in the file).
    static func findLinks(_ name: String, in place: String, environment: [String: String], timeout: Double) -> Result<[IndexProject.File], FetchError> {
        func file(_ filename: String, _ url: String) -> IndexProject.File? {
            guard let version = IndexProject.version(inFilename: filename, project: name) else { return nil }
            return IndexProject.File(filename: filename, url: url, version: version, yanked: false, requiresPython: nil, coreMetadata: false, uploadTime: nil)
        }
        let path = place.hasPrefix("file://") ? (URL(string: place)?.path ?? "") : place
        if !place.contains("://") || place.hasPrefix("file://") {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                return .failure(FetchError(
                    message: LocalizedText(en: "\(place) is not a folder that can be read", zh: "\(place) 不是可以读取的目录"), status: nil,
                    detail: "not a readable folder"))
            }
            return .success(names.sorted().compactMap { file($0, URL(fileURLWithPath: path).appendingPathComponent($0).absoluteString) })
        }
        guard let url = URL(string: place) else {
            return .failure(FetchError(message: LocalizedText(en: "\(place) is not a URL", zh: "\(place) 不是 URL"), status: nil, detail: "not a URL"))
        }
        do {
            guard let data = try HTTPFetch.document(url, timeout: timeout, environment: environment) else { return .success([]) }
            return .success(WheelLinkPage(html: String(decoding: data, as: UTF8.self), base: url).links.compactMap { file($0.filename, $0.url) })
        } catch {
            return .failure(error)
        }
    }

    /// PEP 691's project JSON; nil where the body is not that (an HTML page).
    static func decodeJSON(_ data: Data, project: String, base: URL) -> [IndexProject.File]? {
        guard let first = data.first(where: { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }), first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let files = object["files"] as? [[String: Any]]
        else { return nil }
        return files.compactMap { file in
            guard let filename = file["filename"] as? String, let href = file["url"] as? String,
                let url = URL(string: href, relativeTo: base)?.absoluteString
            else { return nil }
            let yanked = (file["yanked"] as? Bool) ?? (file["yanked"] is String)
            let metadata = file["core-metadata"] ?? file["data-dist-info-metadata"] ?? file["dist-info-metadata"]
            let hasMetadata = (metadata as? Bool) ?? (metadata is [String: Any])
            return IndexProject.File(
                filename: filename, url: url, version: IndexProject.version(inFilename: filename, project: project),
                yanked: yanked, requiresPython: file["requires-python"] as? String, coreMetadata: hasMetadata,
                uploadTime: file["upload-time"] as? String)
        }
    }

    /// A file's core metadata (PEP 658: `{url}.metadata`), as text; nil where the index serves none.
    public func coreMetadata(of file: IndexProject.File) -> String? {
        guard file.coreMetadata, let url = URL(string: file.url + ".metadata") else { return nil }
        let cacheFile = cacheDirectory + "/metadata-" + SHA256Hex.hex(of: Array(file.url.utf8)).prefix(16) + ".txt"
        // A published file's metadata never changes: once read, it is kept.
        if let data = FileManager.default.contents(atPath: cacheFile) { return String(decoding: data, as: UTF8.self) }
        guard let data = try? HTTPFetch.document(url, timeout: timeout, environment: environment) else { return nil }
        try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: cacheFile), options: .atomic)
        return String(decoding: data, as: UTF8.self)
    }

    /// The Requires-Dist lines of a METADATA text.
    public static func requiresDist(_ metadata: String) -> [String] {
        var lines: [String] = []
        for line in metadata.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.isEmpty { break }  // the body (the description) follows the first empty line
            if line.lowercased().hasPrefix("requires-dist:") { lines.append(line.dropFirst("requires-dist:".count).trimmingWhitespace()) }
        }
        return lines
    }
}
