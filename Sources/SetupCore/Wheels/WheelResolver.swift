/// A wheel a source offers: its name, where it is, and what the source says of it.
public struct SourceWheel: Sendable, Hashable, Codable {
    /// Where the file is: a URL to download, or a path on this machine.
    public enum Location: Sendable, Hashable, Codable {
        case url(String)
        case file(String)

        /// The URL (its credentials masked) or the path, as it is shown and logged.
        public var text: String {
            switch self {
            case .url(let url): return Redaction.url(url)
            case .file(let path): return path
            }
        }
    }

    /// Whether the source is known to hold the file.
    public enum Availability: Sendable, Hashable, Codable {
        /// The source listed it (an API, an index page, a folder, a directory listing).
        case listed
        /// Only the catalog says it exists, at the URL the source's layout gives: asked for before it is planned.
        case unconfirmed
        /// Asked for, and the source does not have it: why, as the near-miss list says it.
        case absent(LocalizedText)
    }

    public var name: WheelName
    public var location: Location
    public var size: Int?
    /// Lowercase hex, where the source gives a digest.
    public var sha256: String?
    /// A digest in another algorithm (a link's `#md5=`), where the source gives only that.
    public var otherDigest: FileDigest?
    public var origin: WheelOrigin
    public var availability: Availability

    public init(
        name: WheelName, location: Location, size: Int? = nil, sha256: String? = nil, otherDigest: FileDigest? = nil,
        origin: WheelOrigin = .official, availability: Availability = .listed
    ) {
        self.name = name
        self.location = location
        self.size = size
        self.sha256 = sha256
        self.otherDigest = otherDigest
        self.origin = origin
        self.availability = availability
    }

    /// Who built it, where the source says: the project of an official or community listing; nil for a mirror, an
    /// index or a folder, which may hold anyone's build.
    public var project: String? {
        [.official, .community].contains(origin) ? WheelProjects.builtIn.project(for: origin, name: name).project : nil
    }

    /// The rule this wheel must meet (Wheels/wheel-projects.json).
    var rule: WheelMatchRule { WheelProjects.builtIn.project(for: origin, name: name).rule }

    var isAbsent: Bool {
        if case .absent = availability { return true }
        return false
    }
}

/// One release as a wheel source offers it.
public struct SourceRelease: Sendable, Hashable {
    public var version: String
    /// nil where the source cannot list the release's wheels.
    public var wheels: [SourceWheel]?
    /// Files the source offers for this release whose names do not parse as a flash-attn wheel.
    public var unreadableNames: [String]

    public init(version: String, wheels: [SourceWheel]?, unreadableNames: [String] = []) {
        self.version = version
        self.wheels = wheels
        self.unreadableNames = unreadableNames
    }
}

/// What one release lacked for the target, as the JSON string of `plan --json`'s nearMisses.
public enum NearMissCode: String, Sendable, Hashable, Codable {
    case wheelsUnknown = "wheels-unknown"
    case python, platform, torch, cuda, abi, glibc
    case preRelease = "pre-release"
    /// The catalog lists a wheel that fits, and the source (a mirror) does not hold it.
    case notOnSource = "not-on-source"
}

/// Why one release offers no wheel for the target.
public struct NearMiss: Sendable, Hashable, Error {
    public var version: String
    public var code: NearMissCode
    public var reason: LocalizedText
}

/// The resolver's answer: the wheel to install, if any, and why the releases newer than it have none.
public struct WheelResolution: Sendable, Hashable {
    public var release: String?
    public var wheel: SourceWheel?
    /// Cautions about the chosen wheel (an ABI tag the name does not give, say).
    public var notes: [LocalizedText]
    public var nearMisses: [NearMiss]
    /// One sentence: what was chosen and why, or why nothing could be.
    public var summary: LocalizedText
    /// Nothing was resolved because the source itself could not be read (no answer, a stall, an error page): whether
    /// a wheel fits is unknown, which is not the same as none fitting.
    public var sourceFailed = false
}

/// Picks the newest release with an exact match for the target and explains each near miss. Pure: the releases
/// come from a wheel source, the rules per release from the catalog.
public enum WheelResolver {
    /// Why the newer releases have no wheel, said where the choice is (the summary stands alone on a screen): the
    /// first two reasons, and how many more there are.
    static func why(_ misses: [NearMiss]) -> LocalizedText {
        let rest = misses.count - min(misses.count, 2)
        let more = rest > 0 ? [LocalizedText(en: "(\(rest) more likewise.)", zh: "（另有 \(rest) 个版本同样没有。）")] : []
        return LocalizedText.joined(misses.prefix(2).map(\.reason) + more) ?? LocalizedText(en: "", zh: "")
    }

    public static func resolve(
        target: WheelTarget, releases: [SourceRelease], catalog: ReleaseCatalog, pinnedVersion: String? = nil
    ) -> WheelResolution {
        var candidates = releases.sorted { compareReleaseVersions($0.version, $1.version) == .orderedDescending }
        if let pinnedVersion {
            candidates = candidates.filter { $0.version == pinnedVersion }
            if candidates.isEmpty {
                return WheelResolution(
                    release: nil, wheel: nil, notes: [], nearMisses: [],
                    summary: LocalizedText(
                        en: "flash-attn \(pinnedVersion) is not a release this wheel source knows; leave out --flash-attn-version to take the newest that fits, or check the version's spelling (e.g. 2.7.4.post1).",
                        zh: "这个 wheel 来源中没有 flash-attn \(pinnedVersion) 这个版本；去掉 --flash-attn-version 以选择最新的匹配版本，或检查版本号写法（如 2.7.4.post1）。"))
            }
        }
        var misses: [NearMiss] = []
        for release in candidates {
            switch match(release, target: target, catalog: catalog, allowPreRelease: pinnedVersion != nil) {
            case .success(let (wheel, notes)):
                let summary = misses.isEmpty
                    ? LocalizedText(
                        en: "flash-attn \(release.version) has a wheel built for exactly this Python, torch, CUDA and C++ ABI: \(wheel.name).",
                        zh: "flash-attn \(release.version) 有完全匹配当前 Python、torch、CUDA 和 C++ ABI 的 wheel：\(wheel.name)。")
                    : LocalizedText(
                        en: "flash-attn \(release.version) is the newest release with a wheel for this target (\(wheel.name)); newer releases have none:",
                        zh: "flash-attn \(release.version) 是有匹配 wheel 的最新版本（\(wheel.name)）；更新的版本都没有：")
                        .followed(by: Self.why(misses))
                return WheelResolution(
                    release: release.version, wheel: wheel, notes: notes, nearMisses: misses, summary: summary)
            case .failure(let miss):
                misses.append(miss)
            }
        }
        if target.isWindows {
            return WheelResolution(
                release: nil, wheel: nil, notes: [], nearMisses: misses,
                summary: LocalizedText(
                    en: "No flash-attn release in this source has a wheel for Python \(target.pythonTag), torch \(target.torchMajorMinor), CUDA \(target.torchCUDA) on \(target.platform); Dao-AILab builds none for Windows, so look to the community builds (--wheel-source community) or a folder of Windows wheels you downloaded.",
                    zh: "该来源中没有任何 flash-attn 版本提供适用于 Python \(target.pythonTag)、torch \(target.torchMajorMinor)、CUDA \(target.torchCUDA)、\(target.platform) 的 wheel；Dao-AILab 不提供 Windows 版本，请使用社区构建（--wheel-source community）或你下载的 Windows wheel 所在目录。"))
        }
        return WheelResolution(
            release: nil, wheel: nil, notes: [], nearMisses: misses,
            summary: LocalizedText(
                en: "No flash-attn release has a wheel for Python \(target.pythonTag), torch \(target.torchMajorMinor), CUDA \(target.torchCUDA), cxx11abi \(abiText(target.cxx11abi)) on \(target.platform).",
                zh: "没有任何 flash-attn 版本提供适用于 Python \(target.pythonTag)、torch \(target.torchMajorMinor)、CUDA \(target.torchCUDA)、cxx11abi \(abiText(target.cxx11abi))、\(target.platform) 的 wheel。"))
    }

    /// Each release's fitting wheel, newest first: what a source has for the target (`catalog --source`).
    public static func fitting(
        target: WheelTarget, releases: [SourceRelease], catalog: ReleaseCatalog, onlyVersion: String? = nil
    ) -> [(release: String, wheel: SourceWheel)] {
        releases.filter { onlyVersion == nil || $0.version == onlyVersion }.sorted { compareReleaseVersions($0.version, $1.version) == .orderedDescending }.compactMap { release in
            guard case .success(let (wheel, _)) = match(release, target: target, catalog: catalog, allowPreRelease: true) else { return nil }
            return (release.version, wheel)
        }
    }

    /// The wheel of one release that fits, or the sentence saying what it lacks, checked in the order a user can act on.
    static func match(
        _ release: SourceRelease, target: WheelTarget, catalog: ReleaseCatalog, allowPreRelease: Bool
    ) -> Result<(SourceWheel, [LocalizedText]), NearMiss> {
        let v = release.version
        guard let wheels = release.wheels else {
            return .failure(NearMiss(version: v, code: .wheelsUnknown, reason: LocalizedText(
                en: "\(v): this source cannot list its wheels (see the release page).",
                zh: "\(v)：此来源无法列出它的 wheel（请查看发布页面）。")))
        }
        let known = catalog.release(v)
        let tag = catalog.cudaTagRule(for: v).tag(forTorchCUDA: target.torchCUDA)
        let forPython = wheels.filter { $0.name.pythonTag == target.pythonTag }
        if forPython.isEmpty {
            return .failure(NearMiss(version: v, code: .python, reason: LocalizedText(
                en: "\(v) has no wheel for \(target.pythonTag) (it has \(list(wheels.map(\.name.pythonTag)))).",
                zh: "\(v) 没有适用于 \(target.pythonTag) 的 wheel（只有 \(list(wheels.map(\.name.pythonTag)))）。")))
        }
        let forPlatform = forPython.filter { platformFits($0.name.platform, target: target) }
        if forPlatform.isEmpty {
            return .failure(NearMiss(version: v, code: .platform, reason: LocalizedText(
                en: "\(v) has no wheel for \(target.platform) (it has \(list(forPython.map(\.name.platform)))).",
                zh: "\(v) 没有适用于 \(target.platform) 的 wheel（只有 \(list(forPython.map(\.name.platform)))）。")))
        }
        let forTorch = forPlatform.filter { torchFits($0.name, target: target) }
        if forTorch.isEmpty {
            return .failure(NearMiss(version: v, code: .torch, reason: LocalizedText(
                en: "\(v) has no wheel for torch \(target.torchMajorMinor) (it has torch \(list(forPlatform.map(\.name.torchMajorMinor)))).",
                zh: "\(v) 没有适用于 torch \(target.torchMajorMinor) 的 wheel（只有 torch \(list(forPlatform.map(\.name.torchMajorMinor)))）。")))
        }
        let forCUDA = forTorch.filter { cudaFits($0, target: target, releaseTag: tag) }
        if forCUDA.isEmpty {
            return .failure(NearMiss(version: v, code: .cuda, reason: LocalizedText(
                en: "\(v) has no wheel for CUDA \(target.torchCUDA) (by its rule the tag would be cu\(tag ?? "?"); it has \(list(forTorch.map { "cu" + $0.name.cudaTag }))).",
                zh: "\(v) 没有适用于 CUDA \(target.torchCUDA) 的 wheel（按它的规则应为 cu\(tag ?? "?")；只有 \(list(forTorch.map { "cu" + $0.name.cudaTag }))）。")))
        }
        let forABI = forCUDA.filter { abiFits($0, target: target) }
        if forABI.isEmpty {
            return .failure(NearMiss(version: v, code: .abi, reason: LocalizedText(
                en: "\(v) has no wheel with cxx11abi\(abiText(target.cxx11abi)), the C++ ABI this torch uses (a wheel of the other ABI fails at import with \"undefined symbol\").",
                zh: "\(v) 没有 cxx11abi\(abiText(target.cxx11abi)) 的 wheel，而当前 torch 使用这种 C++ ABI（另一种 ABI 的 wheel 在导入时会报 \"undefined symbol\"）。")))
        }
        // The catalog's glibc holds for the wheels whose tag does not state theirs; a manylinux tag was checked with
        // the platform.
        let needed = known?.minimumGlibc
        let forGlibc = forABI.filter { wheel in
            guard wheel.rule.glibc == .releaseCatalog, let needed, let glibc = target.glibc else { return true }
            return compareVersions(glibc, needed) != .orderedAscending
        }
        if forGlibc.isEmpty, let needed, let glibc = target.glibc {
            return .failure(NearMiss(version: v, code: .glibc, reason: LocalizedText(
                en: "\(v)'s wheels need glibc \(needed) and this system has \(glibc) (they fail with \"GLIBC_\(needed) not found\").",
                zh: "\(v) 的 wheel 需要 glibc \(needed)，本系统只有 \(glibc)（会报 \"GLIBC_\(needed) not found\"）。")))
        }
        let held = forGlibc.filter { !$0.isAbsent }
        guard let chosen = preferred(held, target: target, releaseTag: tag) else {
            var reason = LocalizedText(en: "\(v): the source does not hold its wheel.", zh: "\(v)：来源中没有它的 wheel。")
            if case .absent(let why)? = forGlibc.first?.availability { reason = why }
            return .failure(NearMiss(version: v, code: .notOnSource, reason: reason))
        }
        var notes: [LocalizedText] = []
        if let built = known?.wheelFiles.first(where: { $0.name == chosen.name }), built.builtAgainstPreRelease {
            if !allowPreRelease {
                return .failure(NearMiss(version: v, code: .preRelease, reason: LocalizedText(
                    en: "\(v)'s wheel for torch \(target.torchMajorMinor) was compiled against the nightly \(built.torchBuiltWith), and may not load with the final torch; pin it with --flash-attn-version \(v) to take it anyway.",
                    zh: "\(v) 适用于 torch \(target.torchMajorMinor) 的 wheel 是针对预览版 \(built.torchBuiltWith) 编译的，可能无法与正式版 torch 一起加载；如仍要使用，请用 --flash-attn-version \(v) 指定。")))
            }
            notes.append(LocalizedText(
                en: "This wheel was compiled against the torch nightly \(built.torchBuiltWith); verification will show whether it loads.",
                zh: "这个 wheel 是针对 torch 预览版 \(built.torchBuiltWith) 编译的；验证步骤会显示它能否加载。"))
        }
        if let project = chosen.project, chosen.origin == .community {
            notes.append(LocalizedText(
                en: "This wheel was built by \(project), a community project, not by Dao-AILab (an official wheel of the same release would have been preferred); verification will show whether it loads.",
                zh: "这个 wheel 由社区项目 \(project) 构建，而非 Dao-AILab（同一版本若有官方 wheel 会优先选用）；验证步骤会显示它能否加载。"))
        } else if chosen.name.cxx11abi == nil, chosen.rule.cxx11abi == .fromName {
            notes.append(LocalizedText(
                en: "The wheel's name does not say its C++ ABI; verification will show whether it loads with this torch.",
                zh: "该 wheel 的文件名没有标明 C++ ABI；验证步骤会显示它能否与当前 torch 一起加载。"))
        }
        if known == nil, chosen.rule.glibc == .releaseCatalog {
            notes.append(LocalizedText(
                en: "flash-attn \(v) is newer than this tool's catalog, so the glibc its wheels need was not checked.",
                zh: "flash-attn \(v) 比本工具的目录更新，因此没有检查其 wheel 所需的 glibc 版本。"))
        }
        return .success((chosen, notes))
    }

    /// By the wheel's rule: the release's own tag (or the exact one), or any minor of torch's CUDA major.
    static func cudaFits(_ wheel: SourceWheel, target: WheelTarget, releaseTag: String?) -> Bool {
        switch wheel.rule.cuda {
        case .releaseRule:
            return wheel.name.cudaTag == releaseTag || wheel.name.cudaTag == target.exactCUDATag
        case .sameMajor:
            return cudaParts(ofTag: wheel.name.cudaTag).major == target.torchCUDA.split(separator: ".").first.map(String.init)
        }
    }

    /// "130" -> 13 and 0, "118" -> 11 and 8, "12" -> 12 and no minor: a tag of three or more digits ends in the minor.
    static func cudaParts(ofTag tag: String) -> (major: String, minor: Int?) {
        tag.count >= 3 ? (String(tag.dropLast()), Int(String(tag.suffix(1)))) : (tag, nil)
    }

    /// The wheel's ABI by its rule; one the name does not give, under the official rule, may fit (verification tells).
    /// Windows builds are MSVC's, which has no libstdc++ dual ABI: whatever the name says, it does not decide.
    static func abiFits(_ wheel: SourceWheel, target: WheelTarget) -> Bool {
        if target.isWindows { return true }
        switch wheel.rule.cxx11abi {
        case .fromName: return wheel.name.cxx11abi == nil || wheel.name.cxx11abi == target.cxx11abi
        case .true: return (wheel.name.cxx11abi ?? true) == target.cxx11abi
        }
    }

    /// Of the wheels that fit: official before the rest (at the same release, Dao-AILab's own build wins), then the
    /// tag setup.py would guess or the exact CUDA, then the nearest CUDA minor at or below torch's, then a known ABI.
    static func preferred(_ wheels: [SourceWheel], target: WheelTarget, releaseTag: String?) -> SourceWheel? {
        let torchMinor = Int(target.torchCUDA.split(separator: ".").dropFirst().first ?? "") ?? 0
        func key(_ w: SourceWheel) -> [Int] {
            let originRank = WheelOrigin.allCases.firstIndex(of: w.origin) ?? 0
            let exact = w.name.cudaTag == releaseTag || w.name.cudaTag == target.exactCUDATag ? 0 : 1
            let minor = cudaParts(ofTag: w.name.cudaTag).minor ?? torchMinor
            // At or below torch's minor, nearest first; above it, after every one below.
            let distance = minor <= torchMinor ? torchMinor - minor : 100 + minor - torchMinor
            return [originRank, exact, distance, w.name.cxx11abi != nil ? 0 : 1]
        }
        return wheels.min { key($0).lexicographicallyPrecedes(key($1)) }
    }

    /// The same platform, or a manylinux tag this glibc satisfies on the same processor.
    static func platformFits(_ platform: String, target: WheelTarget) -> Bool {
        if platform == target.platform { return true }
        guard target.platform.hasPrefix("linux_"), let glibc = target.glibc else { return false }
        let arch = String(target.platform.dropFirst("linux_".count))
        let legacy = ["manylinux1": "2.5", "manylinux2010": "2.12", "manylinux2014": "2.17"]
        for (name, needs) in legacy where platform == "\(name)_\(arch)" {
            return compareVersions(glibc, needs) != .orderedAscending
        }
        if let m = platform.wholeMatch(of: #/manylinux_(\d+)_(\d+)_(.+)/#), String(m.3) == arch {
            return compareVersions(glibc, "\(m.1).\(m.2)") != .orderedAscending
        }
        return false
    }

    /// torch major.minor equal; where the name gives a full torch version, that exact release.
    static func torchFits(_ name: WheelName, target: WheelTarget) -> Bool {
        if name.torch.split(separator: ".").count >= 3 { return name.torch == target.torchRelease }
        return name.torchMajorMinor == target.torchMajorMinor
    }

    static func abiText(_ abi: Bool) -> String { abi ? "TRUE" : "FALSE" }

    /// Distinct values in the order first met, e.g. "cp310, cp311".
    static func list(_ values: [String]) -> String {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }.sorted { compareVersions($0, $1) == .orderedAscending }
            .joined(separator: ", ")
    }
}
