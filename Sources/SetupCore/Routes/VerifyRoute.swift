/// What verify proves: the flash_attn package (however it was installed), the hub kernel as transformers loads
/// it, or FlashAttention-4.
public enum VerifyRoute: Sendable, Hashable {
    case flashAttn
    case hubKernel(repo: String, revision: HubKernelRevision)
    case flashAttention4

    /// What is verified, as the user names it.
    public var name: LocalizedText {
        switch self {
        case .flashAttn: return LocalizedText(en: "flash-attn", zh: "flash-attn")
        case .hubKernel(let repo, let revision): return LocalizedText(en: "the hub kernel \(repo) \(revision)", zh: "hub 内核 \(repo) \(revision)")
        case .flashAttention4: return LocalizedText(en: "FlashAttention-4", zh: "FlashAttention-4")
        }
    }

    /// What the Verification screen says while the proof runs.
    public var underWay: LocalizedText {
        switch self {
        case .flashAttn:
            return LocalizedText(en: "Importing flash-attn and checking it against SDPA on the GPU…", zh: "正在导入 flash-attn，并在 GPU 上与 SDPA 对比检查…")
        case .hubKernel:
            return LocalizedText(en: "Loading the hub kernel as transformers does and checking it against SDPA on the GPU…", zh: "正在像 transformers 那样加载 hub 内核，并在 GPU 上与 SDPA 对比检查…")
        case .flashAttention4:
            return LocalizedText(en: "Importing FlashAttention-4 and checking it against SDPA on the GPU…", zh: "正在导入 FlashAttention-4，并在 GPU 上与 SDPA 对比检查…")
        }
    }

    /// The route's name in `verify --json`.
    public enum Code: String, Sendable, Hashable {
        case flashAttn = "flash-attn"
        case kernels
        case fa4
    }

    public var code: Code {
        switch self {
        case .flashAttn: return .flashAttn
        case .hubKernel: return .kernels
        case .flashAttention4: return .fa4
        }
    }

    /// The route an install by `method` leads to, in this environment; nil for a route with nothing to prove.
    public static func after(_ method: RouteMethod, environment env: Environment, routes: RouteCatalog = .builtIn) -> VerifyRoute? {
        method.definition.proof(env, catalog: routes)
    }

    /// What is there to verify when nothing is said: the flash_attn package where installed, else FlashAttention-4,
    /// else the hub kernel where kernels and a transformers with the fallback are.
    public static func present(in env: Environment, routes: RouteCatalog = .builtIn) -> VerifyRoute {
        if env.flashAttn != nil { return .flashAttn }
        if env.flashAttn4 != nil { return .flashAttention4 }
        if env.kernels != nil, let transformers = env.transformers,
            case .loads = HubKernelChoice.resolve(transformers, torch: env.torch, catalog: routes)
        {
            return KernelsRoute.proof(env, catalog: routes) ?? .flashAttn
        }
        return .flashAttn
    }
}
