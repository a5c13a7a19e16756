/// FlashAttention-4: `flash-attn-4` at its newest beta (the only final release is a yanked placeholder, so a plain
/// `pip install flash-attn-4` finds nothing), JIT-compiled, no nvcc. It serves callers that ask transformers for
/// "flash_attention_4"; the Qwen-VL node offers FA2's label only.
enum FlashAttention4Route: RouteDefinition {
    static let method = RouteMethod.fa4
    static let title = LocalizedText(en: "FlashAttention-4 (flash_attention_4 callers)", zh: "FlashAttention-4（供 flash_attention_4 调用方）")
    static let methodHelp: String? = "FlashAttention-4"
    static let verifyHelp: String? = nil
    static let rank: Int? = nil
    static let choice = NodeChoice(
        nodeLabel: nil, attnImplementation: "flash_attention_4",
        implementation: LocalizedText(en: "FlashAttention-4 (flash_attn.cute)", zh: "FlashAttention-4（flash_attn.cute）"))
    static let needs: Set<UpstreamNeed> = [.flashAttention4OnIndex]
    static let builds = false

    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute? { .flashAttention4 }

    static func plan(_ c: PlanContext) -> MethodPlan? { flashAttention4Plan(c) }

    /// The flash-attn-4 package where it can be installed; else, where the installed transformers falls back for
    /// "flash_attention_4" to a hub kernel (5.25: kernels-community/flash-attn4) and kernels is in its window, that
    /// kernel, with no package at all (the Python the package's CUTLASS DSL has no wheels for, say).
    static func flashAttention4Plan(_ c: PlanContext) -> MethodPlan {
        var package = flashAttention4Package(c)
        let gpuRefuses = package.blockers.contains { $0.code == .fa4GPU }
        guard !gpuRefuses, let transformers = c.env.transformers, let torch = c.env.torch,
            let entry = transformers.kernelFallback?.entry("flash_attention_4"), let repo = entry.repo,
            let revision = entry.revision, entry.servesCUDA, transformers.kernelFallback?.state == .read
        else { return package }
        guard !package.blockers.isEmpty else {
            package.notes.append(LocalizedText(
                en: "Without the package, transformers \(transformers.version) would load \(repo) \(revision) from the hub for \"flash_attention_4\" through kernels.",
                zh: "即使没有该包，transformers \(transformers.version) 也会通过 kernels 从 hub 加载 \(repo) \(revision) 来处理 \"flash_attention_4\"。"))
            return package
        }
        var hub = MethodPlan()
        let pair = KernelsRoute.kernelsInWindow(c, transformers: transformers, into: &hub)
        guard hub.blockers.isEmpty else { return package }
        let choice = HubKernelChoice(repo: repo, revision: revision, basis: .read(file: transformers.kernelFallback?.file))
        let download = KernelsRoute.fetchVariant(c, choice: choice, torch: torch, into: &hub)
        hub.facts = package.facts + ["transformers \(transformers.version): flash_attention_4 -> \(repo) \(revision), read from \(transformers.kernelFallback?.file ?? "its source")"]
        hub.notes.append(LocalizedText(
            en: "The flash-attn-4 package cannot be installed here (\(package.blockers.map(\.message.en).joined(separator: " "))), so the route is transformers' own fallback for it.",
            zh: "这里无法安装 flash-attn-4 包（\(package.blockers.map(\.message.zh).joined(separator: ""))），因此这条路线使用 transformers 自带的回退。"))
        hub.headline = PlanReason(hub.steps.isEmpty ? .fa4Installed : .fa4Install,
            en: "transformers \(transformers.version) loads \(repo) \(revision) through kernels \(pair.kernels ?? "") for attn_implementation=\"flash_attention_4\" when flash-attn-4 is absent: no package, nothing compiled.",
            zh: "当没有 flash-attn-4 时，transformers \(transformers.version) 会通过 kernels \(pair.kernels ?? "") 加载 \(repo) \(revision) 来处理 attn_implementation=\"flash_attention_4\"：无需安装该包，无需编译。")
        hub.notes += package.notes
        hub.estimates = PlanEstimates(diskGiB: 1, minutesLow: 0.5, minutesHigh: 3, downloadMegabytes: download ? c.routes.flashAttention4.downloadMegabytes : 0)
        return hub
    }

    static func flashAttention4Package(_ c: PlanContext) -> MethodPlan {
        var part = MethodPlan()
        let fa4 = c.routes.flashAttention4
        guard let torch = c.env.torch, let cuda = torch.cuda, let python = c.env.python else { return part }
        let visible = c.visibleGPUs
        let fitting = visible.filter { $0.computeCapability.map { fa4.capabilityMajors.contains($0.major) } ?? false }
        if !visible.isEmpty, fitting.isEmpty {
            let names = visible.map { "\($0.name) (\($0.computeCapability.map { "\($0)" } ?? "?"))" }.joined(separator: ", ")
            part.blockers.append(PlanReason(.fa4GPU,
                en: "FlashAttention-4 runs on Hopper and Blackwell (compute capability \(fa4.capabilityMajors.map { "\($0).x" }.joined(separator: ", ")); transformers gates \"flash_attention_4\" at 9.0), not on \(names).",
                zh: "FlashAttention-4 只能在 Hopper 和 Blackwell 上运行（计算能力 \(fa4.capabilityMajors.map { "\($0).x" }.joined(separator: "、"))；transformers 要求 \"flash_attention_4\" 至少 9.0），不能在 \(names) 上运行。"))
        }
        let pythonVersion = python.majorMinor.map { "\($0.0).\($0.1)" } ?? python.version
        if compareVersions(pythonVersion, fa4.pythonAtLeast) == .orderedAscending
            || compareVersions(pythonVersion, fa4.pythonBelow) != .orderedAscending
        {
            part.blockers.append(PlanReason(.fa4Python,
                en: "flash-attn-4 needs Python \(fa4.pythonAtLeast) or newer and below \(fa4.pythonBelow) (its CUTLASS DSL has no wheels past that); this is Python \(python.version).",
                zh: "flash-attn-4 需要 Python \(fa4.pythonAtLeast) 及以上、低于 \(fa4.pythonBelow)（其 CUTLASS DSL 没有更新版本的 wheel）；当前是 Python \(python.version)。"))
        }
        let cudaMajor = Int(cuda.split(separator: ".").first ?? "") ?? 0
        if cudaMajor < 12 {
            part.blockers.append(PlanReason(.fa4CUDA,
                en: "flash-attn-4 needs a torch built with CUDA 12 or 13; this torch has CUDA \(cuda).",
                zh: "flash-attn-4 需要用 CUDA 12 或 13 构建的 torch；当前 torch 是 CUDA \(cuda)。"))
        }
        let version = c.index.flashAttn4?.versions.flatMap { versions in
            versions.filter { $0.hasPrefix("4.") }.max { comparePackageVersions($0, $1) == .orderedAscending }
        } ?? fa4.knownNewest
        let asked = c.index.flashAttn4
        let fromIndex = asked?.versions.map { versions in
            versions.isEmpty ? "none" : "newest \(version) of \(versions.count)" + (asked?.yanked.isEmpty == false ? ", yanked \(asked?.yanked.joined(separator: ", ") ?? "")" : "")
                + (asked?.provenance.map { " (\($0))" } ?? "")
        } ?? "not read (\(asked?.error ?? "not asked")); \(fa4.knownNewest) from the catalog of \(fa4.provenance.checked)"
        let requirement = fa4.package + (cudaMajor >= 13 ? "[\(fa4.cuda13Extra)]" : "") + "==" + version
        part.facts.append("flash-attn-4 installed: \(c.env.flashAttn4 ?? "none"); index: \(fromIndex)")
        if let installed = c.env.flashAttn4, installed == version {
            part.headline = PlanReason(.fa4Installed,
                en: "flash-attn-4 \(installed) is installed; transformers runs it for attn_implementation=\"flash_attention_4\".",
                zh: "已安装 flash-attn-4 \(installed)；transformers 会在 attn_implementation=\"flash_attention_4\" 时使用它。")
        } else {
            part.steps.append(PlanStep(
                title: LocalizedText(en: "Install \(requirement) with torch pinned", zh: "安装 \(requirement)，torch 保持固定"),
                action: .run(argv: c.install + [requirement], environment: c.pipEnvironment)))
            part.adds.append(requirement)
            part.headline = PlanReason(.fa4Install,
                en: "Installs FlashAttention-4 (\(requirement)): pure Python, compiled at first use, no nvcc.",
                zh: "安装 FlashAttention-4（\(requirement)）：纯 Python，首次使用时即时编译，无需 nvcc。")
        }
        part.notes.append(LocalizedText(
            en: "It helps only callers that can ask for attn_implementation=\"flash_attention_4\"; the Qwen-VL node's \"Flash Attention 2\" does not use it.",
            zh: "它只对能请求 attn_implementation=\"flash_attention_4\" 的调用方有用；Qwen-VL 节点的 \"Flash Attention 2\" 不会使用它。"))
        part.estimates = PlanEstimates(diskGiB: 1, minutesLow: 0.5, minutesHigh: 3, downloadMegabytes: fa4.downloadMegabytes)
        return part
    }
}
