/// Weighs every route for one environment: pure, from the facts, the verdict computed once, and each install
/// method's plan.
public enum RouteSelection {
    /// Fastest to a working "Flash Attention 2" first: an exact wheel, then the hub kernel (no compile), then
    /// pip where it finds a wheel, then a tuned build; FlashAttention-4 serves other callers, SDPA is the floor.
    static let preference: [RouteMethod] = [.wheel, .kernels, .pip, .source]

    public static func table(
        environment env: Environment, report: CompatibilityReport, plans: [InstallMethod: InstallPlan],
        measured: SpeedMeasurement? = nil
    ) -> RouteTable {
        var routes: [Route] = []
        for method in InstallMethod.allCases {
            guard let plan = plans[method] else { continue }
            routes.append(route(for: plan, report: report))
        }
        routes.append(sdpaRoute(env: env, report: report, measured: measured))
        let (recommended, why) = recommend(routes)
        return RouteTable(routes: routes, recommended: recommended, recommendation: why, facts: facts(env, report: report))
    }

    /// What every route rests on: the target's Python, torch and the visible GPUs with their verdicts.
    static func facts(_ env: Environment, report: CompatibilityReport) -> [String] {
        var facts: [String] = []
        if let python = env.python { facts.append("python \(python.version) (\(python.tag), \(python.platform), glibc \(python.glibc ?? "?"))") }
        if let torch = env.torch {
            facts.append("torch \(torch.version), CUDA \(torch.cuda ?? "none"), cxx11abi \(torch.cxx11abi.map { $0 ? "TRUE" : "FALSE" } ?? "?")")
        }
        let gpus = report.gpus.filter(\.visible).map { "\($0.name) \($0.verdict.rawValue)" }
        if !gpus.isEmpty { facts.append("GPU " + gpus.joined(separator: ", ")) }
        if let driver = env.driver { facts.append("driver \(driver.version), CUDA up to \(driver.cudaVersion ?? "?")") }
        return facts
    }

    static func route(for plan: InstallPlan, report: CompatibilityReport) -> Route {
        let method = RouteMethod(plan.method)
        var reasons = plan.headline.map { [$0] } ?? []
        var blockers = plan.blockers
        // A route is about FlashAttention working here: with GPUs that the kernels refuse, it cannot, whatever
        // installs (plan --method still plans it, for an image built for another machine).
        let visible = report.gpus.filter(\.visible)
        if !visible.isEmpty, report.usableGPUs.isEmpty, method != .fa4 {
            blockers.append(PlanReason(.noUsableGPU,
                en: "No visible GPU here can run FlashAttention-2's kernels (\(visible.map { "\($0.name): \($0.verdict.label.en)" }.joined(separator: ", "))).",
                zh: "这里没有可见的 GPU 能运行 FlashAttention-2 的内核（\(visible.map { "\($0.name)：\($0.verdict.label.zh)" }.joined(separator: "，"))）。"))
        }
        // No GPU, every GPU hidden, a driver too old for torch's CUDA: nothing installed would run here.
        for machine in report.blockers where !machine.code.blocksInstall {
            blockers.append(PlanReason(.noUsableGPU, machine.message.followed(by: machine.fix)))
        }
        let status: RouteStatus
        if !blockers.isEmpty {
            // What it would have done is beside the point: why it cannot is the reason.
            status = .impossible
            reasons = blockers
        } else if plan.steps.allSatisfy({ $0.purpose == .install }), plan.assumptions.isEmpty, plan.unreachable.isEmpty {
            status = .ready
        } else {
            status = .needsAction
            // After the headline: a host that does not answer, which stands between this route and running.
            reasons += plan.unreachable
        }
        return Route(
            method: method, status: status, reasons: reasons, estimates: status == .impossible ? nil : plan.estimates,
            adds: plan.adds, choice: choice(method), changesExisting: plan.steps.contains { $0.purpose == .changeExisting },
            plan: plan)
    }

    static func sdpaRoute(env: Environment, report: CompatibilityReport, measured: SpeedMeasurement?) -> Route {
        let torchWorks = env.torch?.cuda != nil && report.installBlockers.isEmpty
        var reason = torchWorks
            ? PlanReason(.sdpaBuiltIn,
                en: "PyTorch's built-in scaled_dot_product_attention: nothing to install, fast on every CUDA GPU (on 8.0 and newer it runs a FlashAttention-2-derived kernel itself).",
                zh: "PyTorch 自带的 scaled_dot_product_attention：无需安装，在所有 CUDA GPU 上都很快（在 8.0 及更新的 GPU 上它本身就运行源自 FlashAttention-2 的内核）。")
            : PlanReason(.noCUDATorch,
                en: "This Python has no working CUDA torch, so only \"Eager\" (attn_implementation=\"eager\") can run, on the CPU.",
                zh: "当前 Python 没有可用的 CUDA 版 torch，因此只能在 CPU 上运行 \"Eager\"（attn_implementation=\"eager\"）。")
        if torchWorks, let measured {
            let ratio = String(format: "%.2f", measured.sdpaSlowdown)
            let shape = measured.shape.map(String.init).joined(separator: "x")
            reason.message = reason.message.followed(by: LocalizedText(
                en: "Measured here by verify: \(measured.label) \(String(format: "%.3f", measured.milliseconds)) ms, SDPA \(String(format: "%.3f", measured.sdpaMilliseconds)) ms per call (fp16, causal, \(shape)): SDPA costs \(ratio)x.",
                zh: "verify 在本机的测量：\(measured.label) 每次 \(String(format: "%.3f", measured.milliseconds)) 毫秒，SDPA \(String(format: "%.3f", measured.sdpaMilliseconds)) 毫秒（fp16，causal，\(shape)）：SDPA 耗时为其 \(ratio) 倍。"))
        }
        return Route(
            method: .sdpa, status: torchWorks ? .ready : .impossible, reasons: [reason],
            estimates: torchWorks ? PlanEstimates(diskGiB: 0, minutesLow: 0, minutesHigh: 0) : nil, adds: [],
            choice: choice(.sdpa), changesExisting: false, plan: nil)
    }

    public static func choice(_ method: RouteMethod) -> NodeChoice {
        switch method {
        case .wheel, .pip, .source:
            return NodeChoice(
                nodeLabel: "Flash Attention 2", attnImplementation: "flash_attention_2",
                implementation: LocalizedText(en: "the flash_attn package", zh: "flash_attn 包"))
        case .kernels:
            return NodeChoice(
                nodeLabel: "Flash Attention 2", attnImplementation: "flash_attention_2",
                implementation: LocalizedText(
                    en: "the hub kernel \(RouteCatalog.builtIn.hubKernel.repo), loaded by transformers through kernels",
                    zh: "由 transformers 通过 kernels 加载的 hub 内核 \(RouteCatalog.builtIn.hubKernel.repo)"))
        case .fa4:
            return NodeChoice(
                nodeLabel: nil, attnImplementation: "flash_attention_4",
                implementation: LocalizedText(en: "FlashAttention-4 (flash_attn.cute)", zh: "FlashAttention-4（flash_attn.cute）"))
        case .sdpa:
            return NodeChoice(
                nodeLabel: "SDPA", attnImplementation: "sdpa",
                implementation: LocalizedText(en: "PyTorch's SDPA", zh: "PyTorch 的 SDPA"))
        }
    }

    /// The fastest route that is ready or needs only safe actions; else SDPA, naming what would change that.
    static func recommend(_ routes: [Route]) -> (RouteMethod?, LocalizedText) {
        // A route that cannot run is never recommended: where not even SDPA can (no CUDA torch), nothing is, and
        // the sentence says what to do first.
        if let sdpa = routes.first(where: { $0.method == .sdpa }), sdpa.status == .impossible {
            let why = sdpa.reasons.first?.message ?? LocalizedText(en: "", zh: "")
            return (nil, LocalizedText(en: "Nothing can run here yet, not even SDPA.", zh: "这里目前什么都无法运行，连 SDPA 也不行。").followed(by: why)
                .followed(by: LocalizedText(
                    en: "First install a CUDA build of torch into this Python (the pip command for this driver is on pytorch.org/get-started/locally), or choose the Python that has one (the Python step, or --python); then run this again.",
                    zh: "请先在这个 Python 中安装 CUDA 版 torch（适合本机驱动的 pip 命令见 pytorch.org/get-started/locally），或选择已装有它的 Python（Python 步骤或 --python），然后重新运行。")))
        }
        // A wheel source that did not answer leaves the wheel unknown: a build of hours is not put in its place.
        let unreadSource = routes.first { $0.method == .wheel }?.reasons.first { $0.code == .wheelSourceFailed }
        for method in preference {
            guard let route = routes.first(where: { $0.method == method }), route.status != .impossible,
                !route.changesExisting
            else { continue }
            if unreadSource != nil, [.pip, .source].contains(method) {
                return (.sdpa, LocalizedText(
                    en: "The wheel source could not be read (the wheel route says why), so whether a prebuilt wheel fits is not known, and a build from source is not recommended in its place. Run again once it answers, or choose the build with --method source. Until then, SDPA.",
                    zh: "无法读取 wheel 来源（原因见 wheel 路线），因此无法知道是否有合适的预编译 wheel，也就不推荐用源码构建代替它。请在该来源可以访问后重新运行，或用 --method source 选择构建。在此之前，请用 SDPA。"))
            }
            if method == .pip, route.reasons.first?.code != .pipFindsWheel,
                routes.contains(where: { $0.method == .source && $0.status != .impossible })
            {
                continue  // compiling through pip is the same build with less control: the source route does it
            }
            let headline = route.reasons.first?.message ?? LocalizedText(en: "", zh: "")
            let prefix = route.status == .ready
                ? LocalizedText(en: "Ready now.", zh: "现在即可进行。")
                : LocalizedText(en: "After the listed actions.", zh: "完成所列操作之后即可。")
            return (method, prefix.followed(by: headline))
        }
        let unsafe = routes.filter { preference.contains($0.method) && $0.changesExisting && $0.status != .impossible }
        if let alternative = unsafe.first {
            return (.sdpa, LocalizedText(
                en: "No FlashAttention-2 route works without changing what is installed; \(alternative.method.rawValue) would, after the change its plan lists. Until then, SDPA.",
                zh: "不改动已安装的软件包就没有可行的 FlashAttention-2 路线；\(alternative.method.rawValue) 在完成其计划所列的改动后可行。在此之前，请用 SDPA。"))
        }
        return (.sdpa, LocalizedText(
            en: "No FlashAttention-2 route can work here (each one's reason is listed); SDPA is PyTorch's own fast attention and needs nothing.",
            zh: "这里没有可行的 FlashAttention-2 路线（各自原因已列出）；SDPA 是 PyTorch 自带的高效注意力，无需安装任何东西。"))
    }
}
