/// Whether a route can be taken here.
public enum RouteStatus: String, Sendable, Hashable, Codable {
    /// It can run now: its plan only installs the thing itself, or it already works.
    case ready
    /// It can run after the actions its plan lists (build tools, nvcc from the index, kernels, a repair).
    case needsAction = "needs-action"
    /// It cannot work here, for the reasons given.
    case impossible
}

/// What the user then chooses, and what transformers then runs: the label in the Qwen-VL node and the value of
/// attn_implementation, with the implementation that answers it.
public struct NodeChoice: Sendable, Hashable {
    /// The Qwen-VL node's label ("Flash Attention 2"); nil where the node has none for it (FlashAttention-4).
    public var nodeLabel: String?
    public var attnImplementation: String
    /// What runs: "the flash_attn package", "the hub kernel kernels-community/flash-attn2", "PyTorch's SDPA".
    public var implementation: LocalizedText

    /// The node's "Flash Attention 2" run by the flash_attn package, however it was installed (wheel, pip, a build).
    static let flashAttnPackage = NodeChoice(
        nodeLabel: "Flash Attention 2", attnImplementation: "flash_attention_2",
        implementation: LocalizedText(en: "the flash_attn package", zh: "flash_attn 包"))
}

/// One route as the table shows it: its status and why, its cost, what it adds, and what the node then runs.
public struct Route: Sendable, Hashable {
    public var method: RouteMethod
    public var status: RouteStatus
    /// The headline first, then every blocker for an impossible route.
    public var reasons: [PlanReason]
    /// nil where the route is impossible: no cost is claimed for what cannot run.
    public var estimates: PlanEstimates?
    /// What it adds to or changes in the target; torch is never among them.
    public var adds: [String]
    public var choice: NodeChoice
    /// True where some step changes a package the user already has (another transformers).
    public var changesExisting: Bool
    /// The plan behind it; nil for SDPA.
    public var plan: InstallPlan?

    /// The observed values its status rests on.
    public var facts: [String] { plan?.facts ?? [] }
}

/// The routes for one environment, the one recommended and why: computed once from the facts, the verdict and
/// the plans, and passed on to `check`, `plan`, `install` and the wizard.
public struct RouteTable: Sendable, Hashable {
    public var routes: [Route]
    /// nil where no route can run, not even SDPA (no CUDA torch in this Python): what to do first is the
    /// recommendation's sentence.
    public var recommended: RouteMethod?
    public var recommendation: LocalizedText
    /// A build that would work here but costs more than an hour: offered after SDPA, which is recommended in its
    /// place, and run only where the user chooses it (--method).
    public var deferred: RouteMethod? = nil
    /// What every route rests on (the target's Python and torch, the GPUs, the driver); each route's own facts
    /// are its plan's.
    public var facts: [String]

    public func route(_ method: RouteMethod) -> Route? { routes.first { $0.method == method } }

    /// True where some route gets FlashAttention-2 working for the node (not SDPA, not FA4).
    public var flashAttention2Possible: Bool {
        routes.contains { $0.method.givesFlashAttention2 && $0.status != .impossible }
    }

    /// The route by which "Flash Attention 2" works in the target now, with nothing to install: a flash_attn that
    /// imports, or the hub kernel with kernels in its window and the kernel already at hand. nil otherwise.
    public func workingNow(_ env: Environment) -> RouteMethod? {
        if let installed = env.flashAttn, installed.importError == nil { return .wheel }
        if let kernels = route(.kernels), kernels.status == .ready, kernels.plan?.steps.isEmpty == true { return .kernels }
        return nil
    }

    /// The route an install would make work: the recommendation where it gives FlashAttention-2.
    public var afterInstall: RouteMethod? {
        guard let recommended, recommended.givesFlashAttention2, flashAttention2Possible else { return nil }
        return recommended
    }

    /// The routes as the wizard lists them: ready first, then needs-action, then impossible; SDPA last of its kind.
    public var ordered: [Route] {
        let rank: [RouteStatus: Int] = [.ready: 0, .needsAction: 1, .impossible: 2]
        func key(_ item: (offset: Int, element: Route)) -> (Int, Int, Int) {
            (rank[item.element.status]!, item.element.method == .sdpa ? 1 : 0, item.offset)
        }
        return routes.enumerated().sorted { key($0) < key($1) }.map(\.element)
    }
}

extension CompatibilityReport {
    /// The report as `check` tells it once the routes are known: "supported" only where some route can get
    /// FlashAttention-2 working, so that check and every plan tell one story.
    public func told(with table: RouteTable) -> CompatibilityReport {
        guard verdict == .supported, !table.flashAttention2Possible else { return self }
        var told = self
        told.verdict = .limited
        told.fallback = CompatibilityRules.fallback
        told.warnings.append(Reason(
            code: .noInstallRoute,
            message: LocalizedText(
                en: "The GPU can run FlashAttention-2, but no route can install it into this Python; `flash-attn-setup plan` lists each route's reason.",
                zh: "GPU 能运行 FlashAttention-2，但没有任何路线能把它装进这个 Python；`flash-attn-setup plan` 列出了每条路线的原因。"),
            fact: table.routes.filter { $0.method != .sdpa }.map { "\($0.method.rawValue): \($0.status.rawValue)" }.joined(separator: ", ")))
        return told
    }
}
