/// Weighs every route for one environment: pure, from the facts, the verdict computed once, and each install
/// method's plan.
public enum RouteSelection {
    public static func table(
        environment env: Environment, report: CompatibilityReport, plans: [RouteMethod: InstallPlan],
        measured: SpeedMeasurement? = nil
    ) -> RouteTable {
        var routes: [Route] = []
        for method in RouteMethod.installable {
            guard let plan = plans[method] else { continue }
            routes.append(route(for: plan, report: report))
        }
        routes.append(SDPARoute.standing(env: env, report: report, measured: measured))
        let choice = recommend(routes, weighing: BuildWeighing(environment: env, report: report, measured: measured))
        return RouteTable(
            routes: routes, recommended: choice.method, recommendation: choice.why, deferred: choice.deferred,
            facts: facts(env, report: report))
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
        let method = plan.method
        var reasons = plan.headline.map { [$0] } ?? []
        var blockers = plan.blockers
        // A route is about FlashAttention working here: with GPUs that the kernels refuse, it cannot, whatever
        // installs (plan --method still plans it, for an image built for another machine).
        let visible = report.gpus.filter(\.visible)
        if !visible.isEmpty, report.usableGPUs.isEmpty, method.givesFlashAttention2 {
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
            adds: plan.adds, choice: method.choice, changesExisting: plan.steps.contains { $0.purpose == .changeExisting },
            plan: plan)
    }

    /// The recommendation: the route, why, and the long build put after SDPA where one was.
    struct Recommendation {
        var method: RouteMethod?
        var why: LocalizedText
        var deferred: RouteMethod? = nil
    }

    /// The fastest route that is ready or needs only safe actions, a build weighed against SDPA; else SDPA, naming
    /// what would change that; nothing where not even SDPA can run.
    static func recommend(_ routes: [Route], weighing: BuildWeighing = BuildWeighing()) -> Recommendation {
        // A route that cannot run is never recommended: where not even SDPA can (no CUDA torch), nothing is, and
        // the sentence says what to do first.
        if let sdpa = routes.first(where: { $0.method == .sdpa }), sdpa.status == .impossible {
            let why = sdpa.reasons.first?.message ?? LocalizedText(en: "", zh: "")
            return Recommendation(method: nil, why: LocalizedText(en: "Nothing can run here yet, not even SDPA.", zh: "这里目前什么都无法运行，连 SDPA 也不行。").followed(by: why)
                .followed(by: LocalizedText(
                    en: "First install a CUDA build of torch into this Python (the pip command for this driver is on pytorch.org/get-started/locally), or choose the Python that has one (the Python step, or --python); then run this again.",
                    zh: "请先在这个 Python 中安装 CUDA 版 torch（适合本机驱动的 pip 命令见 pytorch.org/get-started/locally），或选择已装有它的 Python（Python 步骤或 --python），然后重新运行。")))
        }
        // A wheel source that did not answer leaves the wheel unknown: a build of hours is not put in its place.
        let unreadSource = routes.lazy.flatMap(\.reasons).first { $0.code == .wheelSourceFailed }
        for method in RouteMethod.preference {
            guard let route = routes.first(where: { $0.method == method }), route.status != .impossible,
                !route.changesExisting
            else { continue }
            if unreadSource != nil, method.builds {
                return Recommendation(method: .sdpa, why: LocalizedText(
                    en: "The wheel source could not be read (the wheel route says why), so whether a prebuilt wheel fits is not known, and a build from source is not recommended in its place. Run again once it answers, or choose the build with --method source. Until then, SDPA.",
                    zh: "无法读取 wheel 来源（原因见 wheel 路线），因此无法知道是否有合适的预编译 wheel，也就不推荐用源码构建代替它。请在该来源可以访问后重新运行，或用 --method source 选择构建。在此之前，请用 SDPA。"))
            }
            if let other = method.definition.yields(route), routes.contains(where: { $0.method == other && $0.status != .impossible }) {
                continue  // the same work, done better by the other route
            }
            // A build of more than an hour is not put before SDPA, which runs now: the cheaper route comes first,
            // with the gain weighed against the cost, and the build waits for the user to choose it.
            if method.builds, let estimates = route.estimates, estimates.minutesHigh > BuildWeighing.longBuildMinutes,
                routes.contains(where: { $0.method == .sdpa && $0.status == .ready })
            {
                return Recommendation(method: .sdpa, why: weighing.sentence(building: method, estimates: estimates), deferred: method)
            }
            var headline = route.reasons.first?.message ?? LocalizedText(en: "", zh: "")
            // A build within the hour: its minutes and what they buy, said beside it.
            if method.builds, let estimates = route.estimates {
                headline = headline.followed(by: weighing.cost(of: estimates))
            }
            let prefix = route.status == .ready
                ? LocalizedText(en: "Ready now.", zh: "现在即可进行。")
                : LocalizedText(en: "After the listed actions.", zh: "完成所列操作之后即可。")
            return Recommendation(method: method, why: prefix.followed(by: headline))
        }
        let unsafe = routes.filter { RouteMethod.preference.contains($0.method) && $0.changesExisting && $0.status != .impossible }
        if let alternative = unsafe.first {
            return Recommendation(method: .sdpa, why: LocalizedText(
                en: "No FlashAttention-2 route works without changing what is installed; \(alternative.method.rawValue) would, after the change its plan lists. Until then, SDPA.",
                zh: "不改动已安装的软件包就没有可行的 FlashAttention-2 路线；\(alternative.method.rawValue) 在完成其计划所列的改动后可行。在此之前，请用 SDPA。"))
        }
        return Recommendation(method: .sdpa, why: LocalizedText(
            en: "No FlashAttention-2 route can work here (each one's reason is listed); SDPA is PyTorch's own fast attention and needs nothing.",
            zh: "这里没有可行的 FlashAttention-2 路线（各自原因已列出）；SDPA 是 PyTorch 自带的高效注意力，无需安装任何东西。"))
    }
}

/// What a build of flash-attn would buy over SDPA here, for weighing it against its minutes: verify's measurement
/// where there is one, else what the catalog says SDPA itself runs on this GPU and torch.
struct BuildWeighing: Sendable {
    /// Past this, a build is offered after SDPA, not before it.
    static let longBuildMinutes = 60.0

    var measured: SpeedMeasurement?
    /// The oldest usable GPU's compute capability.
    var capability: ComputeCapability?
    var torch: String?
    var catalog = RouteCatalog.builtIn.sdpaFlashKernel

    init(measured: SpeedMeasurement? = nil, capability: ComputeCapability? = nil, torch: String? = nil) {
        self.measured = measured
        self.capability = capability
        self.torch = torch
    }

    init(environment env: Environment, report: CompatibilityReport, measured: SpeedMeasurement?) {
        let capabilities = report.usableGPUs.compactMap { gpu in env.gpus.first { $0.index == gpu.index }?.computeCapability }
        self.init(measured: measured, capability: capabilities.min(), torch: env.torch?.version)
    }

    /// SDPA first, the build's minutes, the expected gain and its basis, and how to choose the build anyway.
    func sentence(building method: RouteMethod, estimates: PlanEstimates) -> LocalizedText {
        LocalizedText(
            en: "SDPA first, ready now: building flash-attn here costs about \(Self.minutes(estimates)) minutes, and",
            zh: "先用 SDPA，现在即可使用：在本机构建 flash-attn 约需 \(Self.minutes(estimates)) 分钟，而").followed(by: gain).followed(by: LocalizedText(
            en: "To build anyway: --method \(method.rawValue) (in the wizard, choose that route and press i on its plan).",
            zh: "如仍要构建：--method \(method.rawValue)（在向导中选择该路线，并在其计划页按 i）。"))
    }

    /// A build within the hour: its minutes, what they buy, and that SDPA works meanwhile.
    func cost(of estimates: PlanEstimates) -> LocalizedText {
        LocalizedText(
            en: "The build costs about \(Self.minutes(estimates)) minutes here, and",
            zh: "在本机构建约需 \(Self.minutes(estimates)) 分钟，而").followed(by: gain).followed(by: LocalizedText(
            en: "SDPA works meanwhile.", zh: "在此期间 SDPA 可以照常使用。"))
    }

    static func minutes(_ estimates: PlanEstimates) -> String {
        "\(Int(estimates.minutesLow.rounded()))-\(Int(estimates.minutesHigh.rounded()))"
    }

    /// What flash-attn would buy over SDPA, and on what basis.
    var gain: LocalizedText {
        if let measured {
            let ratio = String(format: "%.2f", measured.sdpaSlowdown)
            return LocalizedText(
                en: "verify measured here that SDPA takes \(ratio)x the time of \(measured.label) per attention call (fp16, causal, \(measured.shape.map(String.init).joined(separator: "x"))), and that is the gain it would buy.",
                zh: "verify 在本机测得 SDPA 每次注意力调用耗时是 \(measured.label) 的 \(ratio) 倍（fp16，causal，\(measured.shape.map(String.init).joined(separator: "x"))），这就是它能带来的提升。")
        } else if let capability, let floor = ComputeCapability(catalog.fromCapability), capability >= floor,
            let torch, compareVersions(torch, catalog.torchAtLeast) != .orderedAscending
        {
            // The torch floor is checked, not said: every torch this tool plans for is past it.
            return LocalizedText(
                en: "on compute capability \(capability) SDPA already runs PyTorch's own FlashAttention-2 kernel (\(catalog.reference)), so the expected gain is small; verify measures it.",
                zh: "在计算能力 \(capability) 上，SDPA 本身已运行 PyTorch 自带的 FlashAttention-2 内核（\(catalog.reference)），因此预期提升很小；verify 会实测。")
        }
        return LocalizedText(
            en: "what it would gain over SDPA here is not known (verify measures it once flash-attn runs).",
            zh: "它比 SDPA 能快多少在这里未知（flash-attn 能运行后，verify 会实测）。")
    }
}
