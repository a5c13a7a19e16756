import Foundation

/// The hub kernel: no flash_attn package at all. transformers 5.x loads kernels-community/flash-attn2 through
/// `kernels` when "flash_attention_2" is asked for and flash_attn is missing, so the Qwen-VL node's "Flash Attention
/// 2" runs with nothing compiled. The plan puts `kernels` inside the window this transformers pins and fetches the
/// kernel's variant for this environment into the cache transformers will read.
enum KernelsRoute: RouteDefinition {
    static let method = RouteMethod.kernels
    static let title = LocalizedText(en: "Hub kernel through transformers (no compile)", zh: "通过 transformers 使用 hub 内核（无需编译）")
    static let methodHelp: String? = "the hub kernel transformers falls back to, no compile"
    static let verifyHelp: String? = "the hub kernel as transformers loads it"
    static let rank: Int? = 1
    static var choice: NodeChoice {
        NodeChoice(
            nodeLabel: "Flash Attention 2", attnImplementation: "flash_attention_2",
            implementation: LocalizedText(
                en: "the hub kernel \(RouteCatalog.builtIn.hubKernel.repo), loaded by transformers through kernels",
                zh: "由 transformers 通过 kernels 加载的 hub 内核 \(RouteCatalog.builtIn.hubKernel.repo)"))
    }
    static let needs: Set<UpstreamNeed> = [.kernelsOnIndex]
    static let builds = false

    /// What the installed transformers loads, read from it; the catalog's only where it could not be read.
    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute? {
        var choice = HubKernelChoice.fromCatalog(catalog, torch: env.torch, reason: "no transformers to read")
        if let transformers = env.transformers,
            case .loads(let loads) = HubKernelChoice.resolve(transformers, torch: env.torch, catalog: catalog)
        {
            choice = loads
        }
        return .hubKernel(repo: choice.repo, revision: choice.revision)
    }

    static func plan(_ c: PlanContext) -> MethodPlan? { kernelsPlan(c) }

    static func kernelsPlan(_ c: PlanContext) -> MethodPlan {
        var part = MethodPlan()
        guard let (transformers, torch) = kernelsPrerequisites(c, into: &part) else { return part }
        removeBrokenFlashAttn(c, into: &part)
        let choice: HubKernelChoice
        let pair: KernelsPair
        switch HubKernelChoice.resolve(transformers, torch: torch, catalog: c.routes) {
        case .none(let reason):
            pair = pairWithAnotherTransformers(c, transformers: transformers, into: &part, because: LocalizedText(
                en: "transformers \(transformers.version) has no hub-kernel fallback for \"flash_attention_2\" here (\(reason)); without flash_attn it refuses FA2.",
                zh: "transformers \(transformers.version) 在这里没有 \"flash_attention_2\" 的 hub 内核回退（\(reason)）；没有 flash_attn 时它会拒绝 FA2。"))
            // What the other transformers loads is known only once it is installed: the catalog's, said as assumed.
            choice = HubKernelChoice.fromCatalog(
                c.routes, torch: torch,
                reason: "transformers \(pair.transformers) is not installed yet; its kernel is taken from the catalog of \(c.routes.checked)")
        case .loads(let loads):
            choice = loads
            pair = kernelsInWindow(c, transformers: transformers, assumed: loads.isAssumed, into: &part)
        }
        kernelBuildChecks(c, choice: choice, torch: torch, into: &part)
        // An assumption matters where the plan can run; a blocked one says its blockers instead.
        if case .assumed(let reason) = choice.basis, part.blockers.isEmpty {
            part.assumptions.append(LocalizedText(
                en: "Assumed, not read: \(reason). `flash-attn-setup verify` after the install shows what transformers really loads.",
                zh: "推定而非读取：\(reason)。安装后运行 `flash-attn-setup verify` 可以看到 transformers 实际加载的内容。"))
        }
        let download = fetchVariant(c, choice: choice, torch: torch, into: &part)
        part.facts += kernelsFacts(c, transformers: transformers, choice: choice)
        let through = pair.kernels.map { "kernels \($0)" } ?? "kernels"
        let megabytes = Int(c.routes.hubKernel.downloadMegabytes)
        let cost = download
            ? LocalizedText(en: "One download of about \(megabytes) MB, nothing compiled.", zh: "只需下载约 \(megabytes) MB，无需编译。")
            : LocalizedText(en: "Nothing to download or compile.", zh: "无需下载或编译。")
        part.headline = PlanReason(part.steps.isEmpty ? .hubKernelReady : .hubKernelInstall, LocalizedText(
            en: "transformers \(pair.transformers) loads \(choice.repo) \(choice.revision) through \(through) when \"flash_attention_2\" is asked for and flash_attn is absent, so the Qwen-VL node's \"Flash Attention 2\" uses it.",
            zh: "当请求 \"flash_attention_2\" 而没有 flash_attn 时，transformers \(pair.transformers) 会通过 \(through) 加载 \(choice.repo) \(choice.revision)，因此 Qwen-VL 节点的 \"Flash Attention 2\" 会使用它。"
        ).followed(by: cost))
        if choice.revision == .version(3) {
            part.notes.append(LocalizedText(
                en: "The v3 line's backward pass fails for GQA models (kernels-community#1085); inference, what ComfyUI does, is not affected.",
                zh: "v3 版本线的反向传播在 GQA 模型上会失败（kernels-community#1085）；ComfyUI 所做的推理不受影响。"))
        }
        part.estimates = PlanEstimates(
            diskGiB: 1, minutesLow: 0.5, minutesHigh: 3,
            downloadMegabytes: download ? c.routes.hubKernel.downloadMegabytes : (pair.installing ? 5 : 0))
        return part
    }

    /// The lines the route's facts show: what was read from transformers, and the kernels versions that decide.
    static func kernelsFacts(_ c: PlanContext, transformers: TransformersInstallation, choice: HubKernelChoice) -> [String] {
        let map = transformers.kernelFallback
        let read: String
        switch map?.state {
        case .read?: read = "read from \(map?.file ?? "its source")"
        case .absent?: read = "absent (\(map?.reason ?? ""))"
        case .unknown?: read = "unknown (\(map?.reason ?? ""))"
        case nil: read = "not read"
        }
        let window = transformers.kernelsWindow?.requirement.map { "\($0) (its is_kernels_available)" }
            ?? transformers.kernelsRequirement.map { "\($0) (Requires-Dist)" } ?? "unpinned"
        let accepted = transformers.kernelsAccepted
        let served = c.index.kernels?.versions.map { versions -> String in
            guard !versions.isEmpty else { return "none" }
            let fitting = accepted.map { req in versions.filter(req.contains) } ?? versions
            let newest = c.index.kernels?.newest(includingPreReleases: true) ?? "?"
            return fitting.isEmpty ? "none in the window (newest \(newest))"
                : "\(fitting.count) in the window, newest \(accepted?.newest(of: versions) ?? newest)"
        } ?? "not asked"
        var lines = [
            "transformers \(transformers.version): fallback \(read); flash_attention_2 -> \(choice.repo) \(choice.revision)\(choice.isAssumed ? " (assumed)" : "")",
            "kernels accepted: \(window); installed: \(c.env.kernels?.version ?? "none"); index: \(served)",
            "hub: \(c.index.hub.fact); cache \(c.env.hubKernelCache?.directory ?? "?")",
        ]
        if let others = map?.entries.filter({ $0.implementation != "flash_attention_2" }), !others.isEmpty {
            lines.append("other fallbacks: " + others.map { "\($0.implementation) -> \($0.repo ?? "unknown")\($0.revision.map { " \($0)" } ?? "")" }.joined(separator: ", "))
        }
        return lines
    }

    /// transformers there, and a Python kernels installs on.
    static func kernelsPrerequisites(_ c: PlanContext, into part: inout MethodPlan) -> (TransformersInstallation, Torch)? {
        guard let transformers = c.env.transformers, let torch = c.env.torch else {
            part.blockers.append(PlanReason(.transformersMissing,
                en: "transformers is not installed in \(c.python), and the hub kernel is loaded by transformers itself; install the Qwen-VL node's requirements (they bring transformers) first.",
                zh: "\(c.python) 中没有安装 transformers，而 hub 内核正是由 transformers 加载的；请先安装 Qwen-VL 节点的依赖（其中包含 transformers）。"))
            return nil
        }
        if let (major, minor) = c.env.python?.majorMinor, (major, minor) < (3, 10) {
            part.blockers.append(PlanReason(.pythonTooOldForKernels,
                en: "kernels needs Python 3.10 or newer, and this is Python \(c.env.python?.version ?? "?").",
                zh: "kernels 需要 Python 3.10 或更新版本，而当前是 Python \(c.env.python?.version ?? "?")。"))
        }
        return (transformers, torch)
    }

    /// What the catalog knows of the kernel's builds (dated data: kernels itself is the final word at load time): a
    /// torch older than the version line's, a GPU whose family it is not built for.
    static func kernelBuildChecks(_ c: PlanContext, choice: HubKernelChoice, torch: Torch, into part: inout MethodPlan) {
        let hub = c.routes.hubKernel
        guard choice.repo == hub.repo else { return }
        if case .version(let n) = choice.revision, let line = hub.versions.first(where: { $0.version == n }),
            compareVersions(torch.release, line.torchAtLeast) == .orderedAscending
        {
            part.blockers.append(PlanReason(.torchTooOldForKernel,
                en: "\(hub.repo) \(choice.revision) has no build for torch \(torch.release) (it needs torch \(line.torchAtLeast), per the catalog of \(c.routes.checked)).",
                zh: "\(hub.repo) \(choice.revision) 没有适用于 torch \(torch.release) 的构建（据 \(c.routes.checked) 的目录，它需要 torch \(line.torchAtLeast)）。"))
        }
        let families = Set(hub.capabilityFamilies)
        let gpus = c.visibleGPUs
        let unbuilt = gpus.filter { gpu in gpu.computeCapability.map { !families.contains("\($0.major).0") } ?? true }
        if !gpus.isEmpty, unbuilt.count == gpus.count {
            let names = unbuilt.map { "\($0.name) (\($0.computeCapability.map { "\($0)" } ?? "?"))" }.joined(separator: ", ")
            part.blockers.append(PlanReason(.gpuNotInKernelBuild,
                en: "\(hub.repo) is built for compute capability \(hub.capabilityFamilies.joined(separator: ", ")) (and the 8.x cards that run 8.0's code); it has nothing for \(names), so kernels would refuse it (\"CUDA capability ... is not supported\").",
                zh: "\(hub.repo) 只为计算能力 \(hub.capabilityFamilies.joined(separator: "、")) 构建（以及能运行 8.0 代码的 8.x 显卡）；没有适用于 \(names) 的构建，kernels 会拒绝加载（\"CUDA capability ... is not supported\"）。"))
        }
    }

    /// An installed flash_attn counts as available (metadata only), so the fallback never engages: one that works
    /// leaves no room for the route, one that does not import is removed first.
    static func removeBrokenFlashAttn(_ c: PlanContext, into part: inout MethodPlan) {
        guard let installed = c.env.flashAttn else { return }
        if installed.importError == nil {
            part.blockers.append(PlanReason(.flashAttnPresent,
                en: "flash-attn \(installed.version ?? "") is installed and imports, so transformers runs it for \"flash_attention_2\" and never the hub kernel; verify it with `flash-attn-setup verify`.",
                zh: "已安装 flash-attn \(installed.version ?? "")，且可以导入，因此 transformers 会用它运行 \"flash_attention_2\"，不会使用 hub 内核；可用 `flash-attn-setup verify` 验证它。"))
            return
        }
        part.steps.append(PlanStep(
            title: LocalizedText(
                en: "Remove the broken flash-attn \(installed.version ?? "") (it does not import, and while installed it keeps transformers from the hub kernel)",
                zh: "移除损坏的 flash-attn \(installed.version ?? "")（它无法导入，且只要装着，transformers 就不会使用 hub 内核）"),
            action: .run(argv: c.uninstall("flash-attn"), environment: c.pipEnvironment), purpose: .prepare))
        part.adds.append("flash-attn \(installed.version ?? "") removed")
    }

    /// The transformers and kernels the route ends with, and whether the plan installs any.
    struct KernelsPair {
        var transformers: String
        var kernels: String?
        var installing: Bool
    }

    /// `kernels` inside the window the installed transformers accepts (its is_kernels_available, else its
    /// Requires-Dist): already there, the newest the index serves in it, the window itself where the index could not
    /// be asked; else, and only then, the transformers that pairs with one the index serves, with the user's yes.
    static func kernelsInWindow(
        _ c: PlanContext, transformers: TransformersInstallation, assumed: Bool = false, into part: inout MethodPlan
    ) -> KernelsPair {
        let window = transformers.kernelsAccepted
        let installed = c.env.kernels?.version
        let available = c.index.kernels?.versions
        let newestServed = c.index.kernels?.newest(includingPreReleases: true)
        if let installed, window.map({ $0.contains(installed) }) ?? true {
            return KernelsPair(transformers: transformers.version, kernels: installed, installing: false)
        }
        // Where transformers' fallback could not be read, neither can its real gate be trusted: an installed kernels
        // is left as it is, never changed on an assumption.
        if let installed, assumed {
            part.notes.append(LocalizedText(
                en: "kernels \(installed) is installed, outside the \(window.map { "\($0)" } ?? "?") that transformers \(transformers.version)'s metadata names; since its fallback could not be read, kernels is left as it is and verify shows whether transformers accepts it.",
                zh: "已安装 kernels \(installed)，不在 transformers \(transformers.version) 元数据所写的 \(window.map { "\($0)" } ?? "?") 范围内；由于无法读取它的回退，kernels 保持不变，verify 会显示 transformers 是否接受它。"))
            return KernelsPair(transformers: transformers.version, kernels: installed, installing: false)
        }
        let wants = window.map { "\($0)" }
        guard let available else {
            let spec = "kernels" + (wants ?? "")
            part.steps.append(PlanStep(
                title: LocalizedText(en: "Install \(spec), with torch and transformers pinned", zh: "安装 \(spec)，torch 和 transformers 保持固定"),
                action: .run(argv: c.install + [spec], environment: c.pipEnvironment), purpose: .prepare))
            part.adds.append(spec)
            part.notes.append(LocalizedText(
                en: "The package index could not be asked which kernels versions it serves (\(c.index.kernels?.error ?? "not asked")); pip will say at install time whether one in \(wants ?? "any version") exists.",
                zh: "无法向软件包索引查询 kernels 的可用版本（\(c.index.kernels?.error ?? "未查询")）；安装时 pip 会告知是否存在 \(wants ?? "任意版本") 范围内的版本。"))
            return KernelsPair(transformers: transformers.version, kernels: nil, installing: true)
        }
        guard let best = window.map({ $0.newest(of: available) }) ?? newestServed else {
            return pairWithAnotherTransformers(c, transformers: transformers, into: &part, because: LocalizedText(
                en: "transformers \(transformers.version) turns the hub-kernel fallback on only with kernels \(wants ?? "?"), and the package index serves kernels up to \(newestServed ?? "none") only" + (installed.map { " (\($0) is installed)" } ?? "") + ".",
                zh: "transformers \(transformers.version) 只在 kernels \(wants ?? "?") 时启用 hub 内核回退，而软件包索引提供的 kernels 最高只到 \(newestServed ?? "无")" + (installed.map { "（已安装 \($0)）" } ?? "") + "。"))
        }
        // Going back to an older kernels changes a package the user has: offered, never recommended on its own.
        let older = installed.map { comparePackageVersions(best, $0) == .orderedAscending } ?? false
        part.steps.append(PlanStep(
            title: LocalizedText(
                en: "Install kernels \(best) (transformers \(transformers.version) accepts \(wants ?? "any"))\(installed.map { older ? ", replacing the newer \($0)" : ", replacing \($0)" } ?? ""), with torch and transformers pinned",
                zh: "安装 kernels \(best)（transformers \(transformers.version) 接受 \(wants ?? "任意版本")）\(installed.map { "，替换 \($0)" } ?? "")，torch 和 transformers 保持固定"),
            action: .run(argv: c.install + ["kernels==\(best)"], environment: c.pipEnvironment), purpose: older ? .changeExisting : .prepare))
        part.adds.append("kernels \(best)")
        return KernelsPair(transformers: transformers.version, kernels: best, installing: true)
    }

    /// Whether the hub kernel needs another transformers than the installed one: it has no FA2 fallback (read, not
    /// unknown), or it accepts no kernels version that is installed or served. Only then is the index asked for one.
    static func kernelsRouteNeedsOtherTransformers(_ transformers: TransformersInstallation, env: Environment, servedKernels: [String]) -> Bool {
        if case .none = HubKernelChoice.resolve(transformers, torch: env.torch, catalog: .builtIn) { return true }
        guard let window = transformers.kernelsAccepted else { return false }
        if let installed = env.kernels?.version, window.contains(installed) { return false }
        return window.newest(of: servedKernels) == nil
    }

    /// The transformers release, read from the index's metadata (the catalog where it had none), whose window holds
    /// a kernels version the index serves: planned as a change where the user said yes to it, else offered.
    static func pairWithAnotherTransformers(
        _ c: PlanContext, transformers: TransformersInstallation, into part: inout MethodPlan, because why: LocalizedText
    ) -> KernelsPair {
        let unchanged = KernelsPair(transformers: transformers.version, kernels: c.env.kernels?.version, installing: false)
        guard let pairing = c.index.transformersPairing, pairing.transformers != transformers.version else {
            part.blockers.append(PlanReason(.kernelsWindowUnavailable, why.followed(by: LocalizedText(
                en: "No transformers release on the index (nor in the catalog of \(c.routes.transformersKernelsWindows.provenance.checked)) pairs with a kernels version the package index serves.",
                zh: "软件包索引上（以及 \(c.routes.transformersKernelsWindows.provenance.checked) 的目录中）没有任何 transformers 版本能与索引提供的 kernels 版本配套。"))))
            return unchanged
        }
        part.facts.append("transformers \(pairing.transformers) pairs with kernels \(pairing.kernels), per \(pairing.basis)")
        guard c.request.allowTransformersChange else {
            part.offeredTransformersChange = TransformersChange(from: transformers.version, to: pairing.transformers, kernels: pairing.kernels)
            part.blockers.append(PlanReason(.kernelsWindowUnavailable, why.followed(by: LocalizedText(
                en: "transformers \(pairing.transformers) pairs with kernels \(pairing.kernels), which the index serves (\(pairing.basis)); to change transformers \(transformers.version) -> \(pairing.transformers), plan again with --allow-transformers-change (in the wizard: the route's own key).",
                zh: "transformers \(pairing.transformers) 与索引提供的 kernels \(pairing.kernels) 配套（依据：\(pairing.basis)）；如要把 transformers \(transformers.version) 改为 \(pairing.transformers)，请加 --allow-transformers-change 重新制定计划（向导中按该路线的专用键）。"))))
            return unchanged
        }
        part.unpinned.insert("transformers")
        part.steps.append(PlanStep(
            title: LocalizedText(
                en: "Change transformers \(transformers.version) -> \(pairing.transformers) and install kernels \(pairing.kernels), the pair the package index can serve",
                zh: "把 transformers \(transformers.version) 改为 \(pairing.transformers)，并安装 kernels \(pairing.kernels)：软件包索引能提供的配套版本"),
            action: .run(argv: c.install + ["transformers==\(pairing.transformers)", "kernels==\(pairing.kernels)"], environment: c.pipEnvironment),
            purpose: .changeExisting))
        part.adds += ["transformers \(transformers.version) -> \(pairing.transformers)", "kernels \(pairing.kernels)"]
        return KernelsPair(transformers: pairing.transformers, kernels: pairing.kernels, installing: true)
    }

    /// The variants for this torch already on this machine: in LOCAL_KERNELS' folder, and in the kernels cache at
    /// this revision. Where either has one, the hub is not needed.
    static func variantsAtHand(_ env: Environment, choice: HubKernelChoice, torch: Torch) -> (local: [String], cached: [String]) {
        // kernels' own answer where the installed kernels gave one (0.19 on), else the names read by its grammar.
        let fits = { (variant: String) in KernelVariantName(variant)?.loads(torch: torch, python: env.python, arch: env.host.arch) ?? false }
        let cache = env.hubKernelCache
        return (cache?.loadable(repo: choice.repo, ref: "local", fits: fits) ?? [],
                cache?.loadable(repo: choice.repo, ref: choice.revision.ref, fits: fits) ?? [])
    }

    /// Whether planning the hub kernel here could need the hub: no variant for this torch is at hand.
    static func kernelMayNeedHub(_ env: Environment, routes: RouteCatalog = .builtIn) -> Bool {
        guard let torch = env.torch, let transformers = env.transformers,
            case .loads(let choice) = HubKernelChoice.resolve(transformers, torch: torch, catalog: routes)
        else { return false }
        let (local, cached) = variantsAtHand(env, choice: choice, torch: torch)
        return local.isEmpty && cached.isEmpty
    }

    /// The variant for this torch: already in LOCAL_KERNELS' folder or the kernels cache, else fetched from the hub
    /// where it answers. Returns true where the plan downloads it.
    static func fetchVariant(_ c: PlanContext, choice: HubKernelChoice, torch: Torch, into part: inout MethodPlan) -> Bool {
        let cache = c.env.hubKernelCache
        let repo = choice.repo
        let revision = choice.revision
        let (local, cached) = variantsAtHand(c.env, choice: choice, torch: torch)
        let carryOver = LocalizedText(
            en: "carry the kernel over from a machine that reaches the hub: run `flash-attn-setup install --method kernels` there with HF_HUB_CACHE pointing at a folder, copy that folder here and set HF_HUB_CACHE to it with HF_HUB_OFFLINE=1 (for ComfyUI too), or copy its snapshots/COMMIT folder and set LOCAL_KERNELS=\(repo)=THAT_FOLDER.",
            zh: "从能访问 hub 的机器带过来：在那里把 HF_HUB_CACHE 指向一个目录后运行 `flash-attn-setup install --method kernels`，把该目录复制到这里，并（也为 ComfyUI）设置 HF_HUB_CACHE 为它、HF_HUB_OFFLINE=1；或复制其中的 snapshots/COMMIT 目录，并设置 LOCAL_KERNELS=\(repo)=该目录。")
        let missing = LocalizedText(
            en: "the kernels cache (\(cache?.directory ?? "?")) has no \(repo) \(revision) variant for this torch;",
            zh: "kernels 缓存（\(cache?.directory ?? "?")）中没有适用于当前 torch 的 \(repo) \(revision)；")
        if !local.isEmpty {
            part.notes.append(LocalizedText(
                en: "LOCAL_KERNELS names a folder with \(repo) for this torch (\(local.joined(separator: ", "))): kernels loads it from there, without the hub; ComfyUI must be started with the same LOCAL_KERNELS.",
                zh: "LOCAL_KERNELS 指定的目录中有适用于当前 torch 的 \(repo)（\(local.joined(separator: "、"))）：kernels 会从那里加载，无需 hub；启动 ComfyUI 时也必须设置同样的 LOCAL_KERNELS。"))
            return false
        }
        if !cached.isEmpty {
            part.notes.append(LocalizedText(
                en: "\(repo) \(revision) is already in the kernels cache (\(cached.joined(separator: ", "))), so it loads offline too.",
                zh: "\(repo) \(revision) 已在 kernels 缓存中（\(cached.joined(separator: "、"))），离线也能加载。"))
            return false
        }
        switch c.index.hub {
        case .unreachable(let why):
            part.blockers.append(PlanReason(.hubUnreachable, LocalizedText(
                en: "The Hugging Face hub could not be reached (\(why)), and", zh: "无法连接 Hugging Face hub（\(why)），而"
            ).followed(by: missing).followed(by: LocalizedText(
                en: "check the network or proxy (HTTPS_PROXY; HF_ENDPOINT for a mirror of the hub), or", zh: "请检查网络或代理（HTTPS_PROXY；hub 镜像用 HF_ENDPOINT），或"
            )).followed(by: carryOver)))
            return false
        case .offline:
            part.blockers.append(PlanReason(.hubOffline, LocalizedText(
                en: "HF_HUB_OFFLINE is set and", zh: "已设置 HF_HUB_OFFLINE，而"
            ).followed(by: missing).followed(by: carryOver)))
            return false
        case .reachable, .unknown:
            part.steps.append(PlanStep(
                title: LocalizedText(
                    en: "Download \(repo) \(revision) for this torch and GPU into the cache transformers reads",
                    zh: "把适用于当前 torch 和 GPU 的 \(repo) \(revision) 下载到 transformers 读取的缓存中"),
                action: .run(argv: [c.python, "-c", HubKernelScript.download, repo, revision.argument], environment: c.pipEnvironment)))
            part.adds.append("\(repo) \(revision) (kernels cache)")
            return true
        }
    }
}
