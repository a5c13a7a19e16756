import Foundation

/// Where wheels come from, as `--wheel-source` names it.
public enum WheelSource: Sendable, Hashable, CustomStringConvertible {
    /// The GitHub release assets of every project in Wheels/wheel-projects.json: Dao-AILab's and the community
    /// builds, official winning at the same release.
    case github
    /// The release assets of one project (`official` or `community`).
    case project(WheelOrigin)
    /// An http(s) URL: a releases.json in the REST API's format at its root, else a page of links (a PEP 503 simple
    /// index, a find-links page, a directory listing), else the release downloads' layout ({prefix}/v{version}/{file})
    /// with each candidate asked for before it is planned.
    case mirror(URL)
    /// A folder of wheel files on this machine.
    case folder(String)
    /// The built-in catalog alone, at GitHub's download URLs: no network, as `check` reads it.
    case catalog

    public static let githubDownloads = URL(string: "https://github.com/Dao-AILab/flash-attention/releases/download")!

    /// "github", "official", "community", "catalog", an http(s) or file:// URL, or a folder path; nil where it is
    /// none of them (`parse` says why).
    public init?(argument: String) {
        guard case .success(let source) = Self.parse(argument) else { return nil }
        self = source
    }

    /// The source an argument names, or the sentence saying why it names none.
    public static func parse(_ argument: String) -> Result<WheelSource, LocalizedText> {
        switch argument {
        case "github": return .success(.github)
        case "official": return .success(.project(.official))
        case "community": return .success(.project(.community))
        case "catalog": return .success(.catalog)
        case "":
            return .failure(LocalizedText(
                en: "--wheel-source is empty; give github, official, community, catalog, an http(s) URL or a folder of wheels.",
                zh: "--wheel-source 为空；请给出 github、official、community、catalog、http(s) URL 或 wheel 所在目录。"))
        default: break
        }
        let shown = terminalSafe(Redaction.url(argument))
        if argument.hasPrefix("file://") {
            guard let url = URL(string: argument), url.isFileURL, !url.path.isEmpty else {
                return .failure(LocalizedText(
                    en: "\(shown) is not a file:// URL of a folder; give the folder's path.", zh: "\(shown) 不是指向目录的 file:// URL；请给出目录路径。"))
            }
            return .success(.folder(url.standardized.path))
        }
        if argument.hasPrefix("http://") || argument.hasPrefix("https://") {
            guard let url = URL(string: argument.hasSuffix("/") ? String(argument.dropLast()) : argument),
                let host = url.host, !host.isEmpty
            else {
                return .failure(LocalizedText(
                    en: "\(shown) names no host; give the mirror's whole URL, such as https://mirror.example/flash-attn.",
                    zh: "\(shown) 没有主机名；请给出镜像的完整 URL，例如 https://mirror.example/flash-attn。"))
            }
            return .success(.mirror(url))
        }
        // Another scheme (ftp://, s3://) is not a folder named "ftp:": say so rather than look for one.
        if argument.firstMatch(of: #/^[A-Za-z][A-Za-z0-9+.\-]*://#) != nil {
            return .failure(LocalizedText(
                en: "\(shown) uses a scheme this tool does not fetch; give an http(s) URL (an S3 bucket's https address works) or a folder of wheels.",
                zh: "\(shown) 使用了本工具不支持的协议；请给出 http(s) URL（S3 存储桶的 https 地址可以）或 wheel 所在目录。"))
        }
        return .success(.folder(URL(fileURLWithPath: argument).standardized.path))
    }

    public var description: String {
        switch self {
        case .github: return "github"
        case .project(let origin): return origin.rawValue
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
            return try mirrorReleases(prefix)
        case .github:
            return githubReleases()
        case .project(let origin):
            let projects = WheelProjects.builtIn
            return origin == .community ? communityReleases(projects.community) : officialReleases(projects.official)
        case .catalog:
            return WheelListing(
                releases: catalogReleases(downloadPrefix: WheelSource.githubDownloads),
                provenance: LocalizedText(
                    en: "Wheels as this tool's built-in catalog lists them (the release pages were not asked).",
                    zh: "wheel 列表取自本工具内置的目录（没有查询发布页面）。"))
        }
    }

    /// Dao-AILab's releases and the community's, one list: the resolver prefers the official wheel of a release.
    func githubReleases() -> WheelListing {
        let projects = WheelProjects.builtIn
        let (official, community) = concurrently(
            { officialReleases(projects.official) }, { communityReleases(projects.community) })
        return WheelListing(
            releases: Self.merged(official.releases + community.releases),
            provenance: LocalizedText.joined([official.provenance, community.provenance].compactMap { $0 }))
    }

    /// Releases of one version, from several lists, made one.
    static func merged(_ releases: [SourceRelease]) -> [SourceRelease] {
        var byVersion: [String: SourceRelease] = [:]
        var order: [String] = []
        for release in releases {
            guard var existing = byVersion[release.version] else {
                byVersion[release.version] = release
                order.append(release.version)
                continue
            }
            if let wheels = release.wheels { existing.wheels = (existing.wheels ?? []) + wheels }
            existing.unreadableNames += release.unreadableNames
            byVersion[release.version] = existing
        }
        return order.map { byVersion[$0]! }
    }

    /// The official releases from the API (cached a day), else the cache, else the built-in catalog.
    func officialReleases(_ project: WheelProject) -> WheelListing {
        do throws(FetchError) {
            let (releases, note) = try apiReleases(project)
            return WheelListing(releases: releases, provenance: note)
        } catch {
            return WheelListing(
                releases: catalogReleases(downloadPrefix: WheelSource.githubDownloads),
                provenance: LocalizedText(
                    en: "GitHub could not be reached (\(error.message.en)), so the wheels were taken from this tool's built-in catalog, without checksums.",
                    zh: "无法连接 GitHub（\(error.message.zh)），wheel 列表取自本工具内置的目录，没有校验和。"))
        }
    }

    /// The community project's releases; where they cannot be read, none, and a sentence saying so.
    func communityReleases(_ project: WheelProject) -> WheelListing {
        do throws(FetchError) {
            let (releases, note) = try apiReleases(project)
            return WheelListing(releases: releases, provenance: note)
        } catch {
            return WheelListing(releases: [], provenance: LocalizedText(
                en: "The community builds of \(project.project) could not be listed (\(error.message.en)), so only official wheels were considered.",
                zh: "无法列出 \(project.project) 的社区构建（\(error.message.zh)），因此只考虑了官方 wheel。"))
        }
    }

    /// The cache file of one API listing, named after the whole endpoint (host and path), so that an answer from
    /// another API (FLASH_ATTN_SETUP_GITHUB_API) never stands in for GitHub's on a later run.
    static func cacheName(for api: URL) -> String {
        let host = (api.host ?? "local").filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "releases-\(host)-" + SHA256Hex.hex(of: Array(api.absoluteString.utf8)).prefix(16) + ".json"
    }

    /// One project's releases through GitHub's REST API, cached under $XDG_CACHE_HOME/flash-attn-setup for a day and
    /// used past that when the API cannot be reached (the note says from when). An API other than api.github.com is
    /// named in the note, since its answer decides where the wheels are downloaded from.
    func apiReleases(_ project: WheelProject) throws(FetchError) -> ([SourceRelease], LocalizedText?) {
        let api = project.releasesAPI(environment)
        let cache = cacheDirectory + "/" + Self.cacheName(for: api)
        let files = FileManager.default
        let origin = project.id
        let elsewhere: LocalizedText? = api.host == "api.github.com" ? nil : LocalizedText(
            en: "The release list of \(project.repository) was read from \(terminalSafe(api.host ?? "?")) (FLASH_ATTN_SETUP_GITHUB_API), not from api.github.com.",
            zh: "\(project.repository) 的发布列表读自 \(terminalSafe(api.host ?? "?"))（FLASH_ATTN_SETUP_GITHUB_API），而不是 api.github.com。")
        let modified = (try? files.attributesOfItem(atPath: cache)[.modificationDate] as? Date) ?? nil
        if let modified, Date().timeIntervalSince(modified) < 86_400, let data = files.contents(atPath: cache),
            let releases = try? Self.releases(fromAPI: data, source: project.repository, origin: origin)
        {
            return (releases, elsewhere)
        }
        do throws(FetchError) {
            var headers = ["Accept": "application/vnd.github+json", "User-Agent": ToolBuild.userAgent]
            if let token = environment["GITHUB_TOKEN"], !token.isEmpty { headers["Authorization"] = "Bearer \(token)" }
            let answer: Data?
            do { answer = try HTTPFetch.document(api, headers: headers, environment: environment) } catch where error.status == 403 || error.status == 429 {
                throw FetchError(message: LocalizedText(
                    en: "\(terminalSafe(api.host ?? "GitHub")) answered HTTP \(error.status ?? 403), which its API gives once the hourly limit on requests without a token (60) is spent; set GITHUB_TOKEN to a token, wait an hour, or use --wheel-source catalog.",
                    zh: "\(terminalSafe(api.host ?? "GitHub")) 返回 HTTP \(error.status ?? 403)：不带令牌的请求用完每小时 60 次的限额后，其 API 就会这样回答；请把 GITHUB_TOKEN 设为一个令牌、等一小时，或使用 --wheel-source catalog。"),
                    status: error.status)
            }
            guard let data = answer else { throw HTTPFetch.httpStatus(api, 404, environment: environment) }
            let releases = try Self.releases(fromAPI: data, source: project.repository, origin: origin)
            try? files.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            _ = files.createFile(atPath: cache, contents: data)
            return (releases, elsewhere)
        } catch {
            guard let data = files.contents(atPath: cache),
                let releases = try? Self.releases(fromAPI: data, source: project.repository, origin: origin)
            else { throw error }
            let when = modified.map { ISO8601DateFormatter().string(from: $0) }
            return (releases, LocalizedText.joined([elsewhere, LocalizedText(
                en: "GitHub could not be reached, so the release list of \(project.repository) was taken from the cache of \(when ?? "an earlier run").",
                zh: "无法连接 GitHub，\(project.repository) 的发布列表取自 \(when ?? "之前") 的缓存。")].compactMap { $0 }))
        }
    }

    /// A URL source: its releases.json, else its page of links, else the catalog's names under its layout, each
    /// marked to be asked for (a mirror holds the releases someone copied, rarely all of them).
    func mirrorReleases(_ prefix: URL) throws(FetchError) -> WheelListing {
        var listing = try mirrorListing(prefix)
        guard prefix.user != nil else { return listing }
        listing.releases = listing.releases.map { release in
            var release = release
            release.wheels = release.wheels?.map { wheel in
                var wheel = wheel
                if case .url(let address) = wheel.location { wheel.location = .url(HTTPFetch.lendingCredentials(of: prefix, to: address)) }
                return wheel
            }
            return release
        }
        return listing
    }

    private func mirrorListing(_ prefix: URL) throws(FetchError) -> WheelListing {
        let shown = Redaction.url(prefix.absoluteString)
        // A bucket that forbids listing (403), or a server that answers every path with a web page, has no
        // releases.json, and its files may still be there: go on to the links and the layout.
        if let data = try HTTPFetch.document(prefix.appendingPathComponent("releases.json"), absent: [403, 404, 410], environment: environment),
            !Self.isWebPage(data)
        {
            return WheelListing(releases: try Self.releases(fromAPI: data, source: shown, origin: .mirror), provenance: nil)
        }
        // A page of links is read at the address as given; a folder's address ends in "/" so that relative links
        // resolve inside it.
        let page = ["html", "htm"].contains(prefix.pathExtension.lowercased()) ? prefix : URL(string: prefix.absoluteString + "/") ?? prefix
        var links = try linkPage(at: page)
        // The root of a simple index: follow its link to flash-attn's page.
        if let root = links, root.wheels.isEmpty, let project = root.projectPage, let url = URL(string: project),
            let projectPage = try linkPage(at: url)
        {
            links = projectPage
        }
        let folders = Set(links?.releaseFolders ?? [])
        let rootHasWheels = links.map { !$0.wheels.isEmpty || !$0.unreadableWheelNames.isEmpty } ?? false
        // A page of wheels alone is a find-links page or a project's index page. A root that also holds release
        // folders (a mirror where someone put other files beside v2.8.3/) is read both ways, below.
        if let links, rootHasWheels, folders.isEmpty {
            return WheelListing(releases: Self.indexReleases(links), provenance: nil)
        }
        var releases = catalogReleases(downloadPrefix: prefix, origin: .mirror, availability: .unconfirmed)
        if !folders.isEmpty {
            // A listing of v*/ folders: each folder's own listing names its files; where one cannot be read, the
            // catalog's names for that release are asked for one by one.
            let newestFirst = folders.sorted { compareReleaseVersions($0, $1) == .orderedDescending }
            releases = newestFirst.prefix(40).map { version in
                if let page = try? linkPage(at: prefix.appendingPathComponent("v\(version)/")), !page.wheels.isEmpty {
                    let wheels = page.wheels.filter { $0.name.version == version }.map {
                        SourceWheel(name: $0.name, location: .url($0.link.url), sha256: $0.link.sha256, otherDigest: $0.link.otherDigest, origin: .mirror)
                    }
                    return SourceRelease(version: version, wheels: wheels, unreadableNames: page.unreadableWheelNames)
                }
                return releases.first { $0.version == version } ?? SourceRelease(version: version, wheels: nil)
            }
            let folderNames = newestFirst.map { "v\($0)/" }
            guard let links, rootHasWheels else {
                return WheelListing(releases: releases, provenance: LocalizedText(
                    en: "The mirror has no releases.json; its listing holds \(newestFirst.joined(separator: ", ")), whose folders' listings name their wheels.",
                    zh: "该镜像没有 releases.json；其目录列表中有 \(newestFirst.joined(separator: "、"))，各版本目录的列表给出了其中的 wheel。"))
            }
            let rootReleases = Self.indexReleases(links)
            return WheelListing(releases: Self.merging(releases, rootReleases), provenance: LocalizedText(
                en: "The mirror has no releases.json; its root links wheels of its own (\(rootReleases.map(\.version).joined(separator: ", "))) beside the release folders \(folderNames.joined(separator: ", ")), and both were read: each wheel is fetched from where it was listed.",
                zh: "该镜像没有 releases.json；其根目录除版本目录 \(folderNames.joined(separator: "、")) 外还直接列出了 wheel（\(rootReleases.map(\.version).joined(separator: "、"))），两者都已读取：每个 wheel 从列出它的位置下载。"))
        }
        return WheelListing(
            releases: releases,
            provenance: LocalizedText(
                en: "The mirror has no releases.json and no listing, so the wheels were taken from this tool's built-in catalog and each is asked for at \(shown)/v{version}/{file} before it is planned.",
                zh: "该镜像没有 releases.json 也没有目录列表，因此 wheel 列表取自本工具内置的目录，规划前会逐个向 \(shown)/v{version}/{file} 确认是否存在。"))
    }

    /// The releases of a mirror's folders with those its root links beside them: one release a version, a folder's
    /// wheels first and a root's wheel added where no folder lists a file of that name.
    static func merging(_ folders: [SourceRelease], _ root: [SourceRelease]) -> [SourceRelease] {
        var merged = folders
        for release in root {
            guard let index = merged.firstIndex(where: { $0.version == release.version }) else {
                merged.append(release)
                continue
            }
            let listed = Set((merged[index].wheels ?? []).map(\.name.description))
            let added = (release.wheels ?? []).filter { !listed.contains($0.name.description) }
            if !added.isEmpty || merged[index].wheels == nil { merged[index].wheels = (merged[index].wheels ?? []) + added }
            merged[index].unreadableNames += release.unreadableNames
        }
        return merged
    }

    /// Whether a body is an HTML page (its first character `<`) rather than the JSON asked for.
    static func isWebPage(_ data: Data) -> Bool {
        data.first { !(" \t\r\n" as String).utf8.contains($0) } == UInt8(ascii: "<")
    }

    /// The page of links at `url`; nil where it cannot be fetched (a 404, an error page, no server): a source without
    /// one is read another way. A page past the size of any listing is not read another way: that is thrown.
    func linkPage(at url: URL) throws(FetchError) -> WheelLinkPage? {
        let answer: (body: Data, address: URL)?
        do { answer = try HTTPFetch.page(url, environment: environment) } catch {
            guard error.kind != .tooLarge else { throw error }
            return nil
        }
        guard let answer else { return nil }
        // Relative links resolve against where the page was served from, after any redirect, as a browser's do.
        return WheelLinkPage(html: String(decoding: answer.body, as: UTF8.self), base: answer.address)
    }

    /// The wheels of a page of links, grouped by their names' versions, with the page's #sha256 checksums.
    static func indexReleases(_ page: WheelLinkPage) -> [SourceRelease] {
        var byVersion: [String: [SourceWheel]] = [:]
        for (link, name) in page.wheels {
            byVersion[name.version, default: []].append(
                SourceWheel(name: name, location: .url(link.url), sha256: link.sha256, otherDigest: link.otherDigest, origin: .index))
        }
        var releases = byVersion.keys.sorted().map { SourceRelease(version: $0, wheels: byVersion[$0]!) }
        let unreadable = page.unreadableWheelNames
        if !unreadable.isEmpty { releases.append(SourceRelease(version: "?", wheels: [], unreadableNames: unreadable)) }
        return releases
    }

    /// The built-in catalog's wheels, located under a download prefix.
    func catalogReleases(
        downloadPrefix: URL, origin: WheelOrigin = .official, availability: SourceWheel.Availability = .listed
    ) -> [SourceRelease] {
        catalog.releases.map { release in
            SourceRelease(
                version: release.version,
                wheels: release.wheels == nil ? nil : release.wheelFiles.map { file in
                    SourceWheel(
                        name: file.name,
                        location: .url(downloadPrefix.appendingPathComponent("v\(release.version)")
                            .appendingPathComponent(file.name.description).absoluteString),
                        origin: origin, availability: availability)
                })
        }
    }

    /// Releases from GitHub's REST format: [{"tag_name": "v2.8.3", "assets": [{"name", "browser_download_url",
    /// "size", "digest": "sha256:..."}]}]. Assets that are not flash-attn wheels (the sdist, checksums) are
    /// skipped; a .whl whose name does not parse is kept aside to be reported.
    public static func releases(fromAPI data: Data, source: String, origin: WheelOrigin) throws(FetchError) -> [SourceRelease] {
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
                // Only a whole SHA-256 (64 hex digits) is one: "sha256:abc" would fail every download as corrupt.
                let digest = asset.digest.flatMap { $0.hasPrefix("sha256:") ? String($0.dropFirst(7)).lowercased() : nil }
                    .flatMap { $0.count == 64 && $0.allSatisfy(\.isHexDigit) ? $0 : nil }
                byVersion[name.version, default: []].append(
                    SourceWheel(
                        name: name, location: .url(asset.browser_download_url), size: asset.size, sha256: digest, origin: origin))
            }
            guard !byVersion.isEmpty else {
                let tag = release.tag_name.hasPrefix("v") ? String(release.tag_name.dropFirst()) : release.tag_name
                // A community release is named for the project's own version (v0.7.0), never flash-attn's.
                let version = origin != .community && tag.allSatisfy { $0.isASCII && ($0.isNumber || ".postrcab".contains($0)) } && !tag.isEmpty ? tag : "?"
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
            byVersion[name.version, default: []].append(SourceWheel(name: name, location: .file(full), size: size, origin: .folder))
        }
        var releases = byVersion.map { SourceRelease(version: $0.key, wheels: $0.value) }
        if !unreadable.isEmpty {
            releases.append(SourceRelease(version: "?", wheels: [], unreadableNames: unreadable))
        }
        return releases
    }
}
