import Foundation

/// What the Qwen-VL nodes' models need in GPU memory at each quantization, as data (qwen-vl-models.json, with how
/// its numbers were made), so that the advice for a small card is the facts of that card.
public struct ModelMemory: Sendable, Hashable, Decodable {
    public struct Quantization: Sendable, Hashable, Decodable {
        public var name: String
        /// The node's own label for it.
        public var label: String
        public var bytesPerParameter: Double
    }

    public struct Model: Sendable, Hashable, Decodable {
        public var name: String
        public var billions: Double
    }

    /// One model at one quantization, with what it needs.
    public struct Fit: Sendable, Hashable {
        public var model: String
        public var quantization: Quantization
        public var gibibytes: Double
    }

    public var overheadFactor: Double
    public var fixedGiB: Double
    public var quantizations: [Quantization]
    public var models: [Model]

    public static let builtIn = decodeEmbedded(ModelMemory.self, from: PackageResources.qwen_vl_models_json, named: "qwen-vl-models.json")

    public func gibibytes(_ model: Model, _ quantization: Quantization) -> Double {
        let bytes = model.billions * 1e9 * quantization.bytesPerParameter * overheadFactor
        return ((bytes / 1_073_741_824 + fixedGiB) * 10).rounded(.up) / 10
    }

    /// For each model, the least-compressed quantization that fits in `memoryMiB` (with a tenth kept free);
    /// models that fit at none are left out.
    public func fits(memoryMiB: Int) -> [Fit] {
        let budget = Double(memoryMiB) / 1024 * 0.9
        return models.compactMap { model in
            quantizations.lazy.map { Fit(model: model.name, quantization: $0, gibibytes: gibibytes(model, $0)) }
                .first { $0.gibibytes <= budget }
        }
    }

    /// The sentence for a card: what fits at which quantization, and the largest model's need where it does not.
    public func advice(gpuName: String, memoryMiB: Int) -> LocalizedText {
        let gib = String(format: "%.0f", Double(memoryMiB) / 1024)
        let fitting = fits(memoryMiB: memoryMiB)
        guard !fitting.isEmpty else {
            let smallest = models.min { $0.billions < $1.billions }.flatMap { model in quantizations.last.map { gibibytes(model, $0) } } ?? 0
            return LocalizedText(
                en: "\(gpuName) has \(gib) GB; even the smallest Qwen-VL model in 4-bit needs about \(smallest) GB, so run it on a larger card.",
                zh: "\(gpuName) 只有 \(gib) GB；即使最小的 Qwen-VL 模型用 4-bit 也约需 \(smallest) GB，请换用显存更大的显卡。")
        }
        let en = fitting.map { "\($0.model) with \"\($0.quantization.label)\" (about \($0.gibibytes) GB)" }.joined(separator: ", ")
        let zh = fitting.map { "\($0.model) 选 \"\($0.quantization.label)\"（约 \($0.gibibytes) GB）" }.joined(separator: "，")
        return LocalizedText(
            en: "With \(gib) GB on \(gpuName), these fit in the node's quantization choice: \(en). FlashAttention saves attention memory, not the weights'.",
            zh: "\(gpuName) 有 \(gib) GB，在节点的量化选项中可以放下：\(zh)。FlashAttention 节省的是注意力的显存，不是权重的。")
    }
}
