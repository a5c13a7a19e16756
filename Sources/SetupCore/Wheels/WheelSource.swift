import Foundation

/// Where wheels come from, as `--wheel-source` names it.
public enum WheelSource: Sendable, Hashable, CustomStringConvertible {
    /// The official release assets, listed by GitHub's REST releases API.
    case github
    /// A URL prefix laid out like the release downloads ({prefix}/v{version}/{file}), optionally with a
    /// releases.json in the REST API's format at its root.
    case mirror(URL)
    /// A folder of wheel files on this machine.
    case folder(String)
    /// The built-in catalog alone, at GitHub's download URLs: no network, as `check` reads it.
    case catalog

    public static let githubAPI = URL(string: "https://api.github.com/repos/Dao-AILab/flash-attention/releases?per_page=100")!
    public static let githubDownloads = URL(string: "https://github.com/Dao-AILab/flash-attention/releases/download")!

    /// "github", an http(s) URL, or a folder path.
    public init?(argument: String) {
        if argument == "github" {
            self = .github
        } else if argument == "catalog" {
            self = .catalog
        } else if argument.hasPrefix("file://") {
            guard let url = URL(string: argument), url.isFileURL, !url.path.isEmpty else { return nil }
            self = .folder(url.standardized.path)
        } else if argument.hasPrefix("http://") || argument.hasPrefix("https://") {
            guard let url = URL(string: argument.hasSuffix("/") ? String(argument.dropLast()) : argument) else { return nil }
            self = .mirror(url)
        } else {
            self = .folder(URL(fileURLWithPath: argument).standardized.path)
        }
    }

    public var description: String {
        switch self {
        case .github: return "github"
        case .mirror(let url): return Redaction.url(url.absoluteString)
        case .folder(let path): return path
        case .catalog: return "catalog"
        }
    }
}

/// The releases one source offers, and how it came to know them.
public struct WheelListing: Sendable, Hashable {
    public var releases: [SourceRelease]
    /// A sentence on where the list came from when that matters: the cache, or the built-in catalog offline.
    public var provenance: LocalizedText?
}

/// Reads a wheel source into releases. The network is asked once; GitHub's answer is cached under
/// $XDG_CACHE_HOME/flash-attn-setup for a day, and used past that when offline.
public struct WheelSourceReader: Sendable {
    public var source: WheelSource
    public var catalog: ReleaseCatalog
    public var cacheDirectory: String
    public var environment: [String: String]

    public init(source: WheelSource, catalog: ReleaseCatalog = .builtIn, environment: [String: String]) {
        self.source = source
        self.catalog = catalog
        self.environment = environment
        cacheDirectory = ToolDirectories.cache(environment)
    }

    public func read() throws(FetchError) -> WheelListing {
        switch source {
        case .folder(let path):
            return WheelListing(releases: try Self.folderReleases(path), provenance: nil)
        case .mirror(let prefix):
            if let data = try HTTPFetch.document(prefix.appendingPathComponent("releases.json")) {
                return WheelListing(releases: try Self.releases(fromAPI: data, source: Redaction.url(prefix.absoluteString)), provenance: nil)
            }
            return WheelListing(
                releases: catalogReleases(downloadPrefix: prefix),
                provenance: LocalizedText(
                    en: "The mirror has no releases.json, so the wheels were taken from this tool's built-in catalog and are expected at \(Redaction.url(prefix.absoluteString))/v{version}/{file}.",
                    zh: "该镜像没有 releases.json，因此 wheel 列表取自本工具内置的目录，并假定文件位于 \(Redaction.url(prefix.absoluteString))/v{version}/{file}。"))
        case .github:
            return try githubReleases()
        case .catalog:
            return WheelListing(
                releases: catalogReleases(downloadPrefix: WheelSource.githubDownloads),
                provenance: LocalizedText(
                    en: "Wheels as this tool's built-in catalog lists them (the release pages were not asked).",
                    zh: "wheel 列表取自本工具内置的目录（没有查询发布页面）。"))
        }
    }

    func githubReleases() throws(FetchError) -> WheelListing {
        let cache = cacheDirectory + "/github-releases.json"
        let files = FileManager.default
        let modified = (try? files.attributesOfItem(atPath: cache)[.modificationDate] as? Date) ?? nil
        if let modified, Date().timeIntervalSince(modified) < 86_400, let data = files.contents(atPath: cache),
            let releases = try? Self.releases(fromAPI: data, source: "GitHub")
        {
            return WheelListing(releases: releases, provenance: nil)
        }
        do throws(FetchError) {
            var headers = ["Accept": "application/vnd.github+json", "User-Agent": "flash-attn-setup"]
            if let token = environment["GITHUB_TOKEN"], !token.isEmpty { headers["Authorization"] = "Bearer \(token)" }
            guard let data = try HTTPFetch.document(WheelSource.githubAPI, headers: headers) else {
                throw HTTPFetch.httpStatus(WheelSource.githubAPI, 404)
            }
            let releases = try Self.releases(fromAPI: data, source: "GitHub")
            try? files.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            _ = files.createFile(atPath: cache, contents: data)
            return WheelListing(releases: releases, provenance: nil)
        } catch {
            if let data = files.contents(atPath: cache), let releases = try? Self.releases(fromAPI: data, source: "GitHub") {
                return WheelListing(releases: releases, provenance: LocalizedText(
                    en: "GitHub could not be reached, so its release list was taken from the cache of \(modified.map { ISO8601DateFormatter().string(from: $0) } ?? "an earlier run").",
                    zh: "无法连接 GitHub，发布列表取自 \(modified.map { ISO8601DateFormatter().string(from: $0) } ?? "之前") 的缓存。"))
            }
            return WheelListing(
                releases: catalogReleases(downloadPrefix: WheelSource.githubDownloads),
                provenance: LocalizedText(
                    en: "GitHub could not be reached (\(error.message.en)), so the wheels were taken from this tool's built-in catalog, without checksums.",
                    zh: "无法连接 GitHub（\(error.message.zh)），wheel 列表取自本工具内置的目录，没有校验和。"))
        }
    }

    /// The built-in catalog's wheels, located under a download prefix.
    func catalogReleases(downloadPrefix: URL) -> [SourceRelease] {
        catalog.releases.map { release in
            SourceRelease(
                version: release.version,
                wheels: release.wheels == nil ? nil : release.wheelFiles.map { file in
                    SourceWheel(
                        name: file.name,
                        location: .url(downloadPrefix.appendingPathComponent("v\(release.version)")
                            .appendingPathComponent(file.name.description).absoluteString))
                })
        }
    }

    /// Releases from GitHub's REST format: [{"tag_name": "v2.8.3", "assets": [{"name", "browser_download_url",
    /// "size", "digest": "sha256:..."}]}]. Assets that are not flash-attn wheels (the sdist, checksums) are
    /// skipped; a .whl whose name does not parse is kept aside to be reported.
    public static func releases(fromAPI data: Data, source: String) throws(FetchError) -> [SourceRelease] {
        struct APIRelease: Decodable {
            struct Asset: Decodable {
                var name: String
                var browser_download_url: String
                var size: Int?
                var digest: String?
            }
            var tag_name: String
            var assets: [Asset]
            var draft: Bool?
        }
        let decoded: [APIRelease]
        do { decoded = try JSONDecoder().decode([APIRelease].self, from: data) } catch {
            throw FetchError(message: LocalizedText(
                en: "The release list from \(source) is not in GitHub's releases format, so no wheel could be read from it.",
                zh: "来自 \(source) 的发布列表不是 GitHub 的 releases 格式，无法从中读取 wheel。"), status: nil)
        }
        // A wheel's version is its own name's (which pip installs by), not the release's tag: a tag is free text
        // and may say anything. The tag names only a release with no readable wheel, and only if it is a version.
        return decoded.filter { $0.draft != true }.flatMap { release -> [SourceRelease] in
            var byVersion: [String: [SourceWheel]] = [:]
            var unreadable: [String] = []
            for asset in release.assets where asset.name.hasSuffix(".whl") {
                guard let name = WheelName(asset.name) else { unreadable.append(terminalSafe(asset.name)); continue }
                let digest = asset.digest.flatMap { $0.hasPrefix("sha256:") ? String($0.dropFirst(7)) : nil }
                byVersion[name.version, default: []].append(
                    SourceWheel(name: name, location: .url(asset.browser_download_url), size: asset.size, sha256: digest))
            }
            guard !byVersion.isEmpty else {
                let tag = release.tag_name.hasPrefix("v") ? String(release.tag_name.dropFirst()) : release.tag_name
                let version = tag.allSatisfy { $0.isASCII && ($0.isNumber || ".postrcab".contains($0)) } && !tag.isEmpty ? tag : "?"
                return [SourceRelease(version: version, wheels: [], unreadableNames: unreadable)]
            }
            return byVersion.keys.sorted().enumerated().map { index, version in
                SourceRelease(version: version, wheels: byVersion[version]!, unreadableNames: index == 0 ? unreadable : [])
            }
        }
    }

    /// The wheels in a folder, grouped by the release their names give.
    static func folderReleases(_ path: String) throws(FetchError) -> [SourceRelease] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw FetchError(message: LocalizedText(
                en: "The wheel folder \(path) cannot be read; check the path given to --wheel-source.",
                zh: "无法读取 wheel 目录 \(path)；请检查 --wheel-source 给出的路径。"), status: nil)
        }
        var byVersion: [String: [SourceWheel]] = [:]
        var unreadable: [String] = []
        for file in names.sorted() where file.hasSuffix(".whl") {
            guard let name = WheelName(file) else { unreadable.append(terminalSafe(file)); continue }
            let full = path + "/" + file
            let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? nil
            byVersion[name.version, default: []].append(SourceWheel(name: name, location: .file(full), size: size))
        }
        var releases = byVersion.map { SourceRelease(version: $0.key, wheels: $0.value) }
        if !unreadable.isEmpty {
            releases.append(SourceRelease(version: "?", wheels: [], unreadableNames: unreadable))
        }
        return releases
    }
}
