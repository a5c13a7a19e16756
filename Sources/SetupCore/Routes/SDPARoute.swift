import Foundation

/// SDPA: PyTorch's own attention, already in torch: nothing to install, the floor every recommendation rests on.
enum SDPARoute: RouteDefinition {
    static let method = RouteMethod.sdpa
    static let title = LocalizedText(en: "SDPA: PyTorch's own attention", zh: "SDPA：PyTorch 自带的注意力")
    static let methodHelp: String? = nil
    static let verifyHelp: String? = nil
    static let rank: Int? = nil
    static let choice = NodeChoice(
        nodeLabel: "SDPA", attnImplementation: "sdpa", implementation: LocalizedText(en: "PyTorch's SDPA", zh: "PyTorch 的 SDPA"))
    static let needs: Set<UpstreamNeed> = []
    static let builds = false

    static func plan(_ c: PlanContext) -> MethodPlan? { nil }
    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute? { nil }

    /// Its standing here, which no plan decides: ready where this Python has a working CUDA torch, with what verify
    /// measured SDPA to cost beside it.
    static func standing(env: Environment, report: CompatibilityReport, measured: SpeedMeasurement?) -> Route {
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
            choice: choice, changesExisting: false, plan: nil)
    }
}
