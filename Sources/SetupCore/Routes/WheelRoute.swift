/// The exact release wheel for this Python, torch, CUDA and ABI, fetched by the tool and installed with torch pinned:
/// seconds, no compiler.
enum WheelRoute: RouteDefinition {
    static let method = RouteMethod.wheel
    static let title = LocalizedText(en: "Official prebuilt wheel", zh: "官方预编译 wheel")
    static let methodHelp: String? = "prebuilt, seconds"
    static let verifyHelp: String? = "the flash_attn package"
    static let rank: Int? = 0
    static let choice = NodeChoice.flashAttnPackage
    static let needs: Set<UpstreamNeed> = [.wheelResolution(newestWhenUnpinned: false)]
    static let builds = false

    static var offline: LocalizedText {
        LocalizedText(
            en: "offline, download the wheel on a machine that reaches it and install from its folder with --wheel-source DIR (or a mirror with --wheel-source URL).",
            zh: "离线时，请在能访问它的机器上下载该 wheel，再用 --wheel-source DIR 从其所在目录安装（或用 --wheel-source URL 指定镜像）。")
    }

    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute? { .flashAttn }

    static func plan(_ c: PlanContext) -> MethodPlan? { wheelPlan(c).withBrokenFlashAttnRemoved(c) }

    static func wheelPlan(_ c: PlanContext) -> MethodPlan {
        var part = MethodPlan()
        if let misses = c.resolution?.nearMisses, !misses.isEmpty {
            part.facts.append("releases without a wheel here: " + misses.prefix(6).map { "\($0.version) (\($0.code.rawValue))" }.joined(separator: ", "))
        }
        guard let resolution = c.resolution, let chosen = resolution.wheel, let version = resolution.release else {
            part.blockers.append(PlanReason(c.resolution?.sourceFailed == true ? .wheelSourceFailed : .noWheel, c.resolution?.summary ?? LocalizedText(
                en: "No wheel could be looked for, because this Python has no CUDA torch.",
                zh: "当前 Python 没有 CUDA 版 torch，无法查找 wheel。")))
            return part
        }
        part.headline = PlanReason(.exactWheel, resolution.summary)
        part.notes += resolution.notes
        // One folder per wheel, named for the release file, holding it under the name pip accepts.
        let file = c.request.workDirectory + "/" + String(chosen.name.description.dropLast(4)) + "/" + chosen.name.installableFilename
        let title: LocalizedText
        switch chosen.location {
        case .url:
            title = LocalizedText(en: "Download and check \(chosen.name)", zh: "下载并校验 \(chosen.name)")
            part.wheel = PlannedWheel(chosen, version: version, path: file)
        case .file(let path):
            title = LocalizedText(en: "Copy \(chosen.name) from the wheel folder", zh: "从 wheel 目录复制 \(chosen.name)")
            part.wheel = PlannedWheel(chosen, version: version, path: path)
        }
        part.steps.append(PlanStep(title: title, action: .fetch(
            source: chosen.location, destination: file, sha256: chosen.sha256, size: chosen.size, otherDigest: chosen.otherDigest)))
        if chosen.sha256 == nil, case .url = chosen.location {
            part.notes.append(LocalizedText(
                en: "The source gives no SHA-256 for this wheel, so the download cannot be checked against one.",
                zh: "来源没有提供该 wheel 的 SHA-256，下载后无法校验。"))
        }
        // Dependencies stay on (einops is needed by flash_attn.bert_padding, which transformers imports);
        // the constraint keeps torch where it is.
        part.steps.append(PlanStep(
            title: LocalizedText(en: "Install the wheel with torch pinned to \(c.torchVersion)", zh: "安装 wheel，torch 固定为 \(c.torchVersion)"),
            action: .run(argv: c.install + [file], environment: c.pipEnvironment)))
        part.adds = ["flash-attn \(version)"]
        let megabytes = Double(chosen.size ?? 250_000_000) / 1_000_000
        part.estimates = PlanEstimates(
            diskGiB: ((megabytes * 3 / 1024) * 10).rounded(.up) / 10, minutesLow: 0.2, minutesHigh: 3,
            downloadMegabytes: megabytes.rounded())
        return part
    }
}
