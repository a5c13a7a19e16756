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

    /// Whose list of models and quantizations the advice weighs: the node's own, or this tool's where the node
    /// names none.
    public enum Offer: Sendable, Hashable {
        case node(String)
        case builtIn
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
    /// Not in the JSON: what `offered(by:)` made it.
    public var offer = Offer.builtIn

    enum CodingKeys: String, CodingKey { case overheadFactor, fixedGiB, quantizations, models }

    public static let builtIn = decodeEmbedded(ModelMemory.self, from: PackageResources.qwen_vl_models_json, named: "qwen-vl-models.json")

    /// The node's own choice where it names its models: each sized by this list where it knows it, else by the
    /// "7B" in its name; its quantization labels by the bits they name ("4-bit", "8bit", "None (FP16)"). Otherwise
    /// this list, as it is.
    public func offered(by node: AttentionNode?) -> ModelMemory {
        guard let node else { return self }
        let named = node.models.compactMap { name -> Model? in
            if let known = models.first(where: { $0.name == name }) { return known }
            guard let size = name.firstMatch(of: #/-([0-9]+(?:\.[0-9]+)?)B(?:-|$)/#).flatMap({ Double($0.1) }) else { return nil }
            return Model(name: name, billions: size)
        }
        guard !named.isEmpty else { return self }
        var copy = self
        copy.models = named
        copy.offer = .node(node.package)
        let labelled = node.quantizations.compactMap { Self.quantization(label: $0, known: quantizations) }
        if !labelled.isEmpty { copy.quantizations = labelled.sorted { $0.bytesPerParameter > $1.bytesPerParameter } }
        return copy
    }

    /// A node's quantization label read for the bits it names; nil for one that names none this list knows.
    static func quantization(label: String, known: [Quantization]) -> Quantization? {
        if let exact = known.first(where: { $0.label == label }) { return exact }
        let text = label.lowercased()
        let bytes: Double
        if text.contains("4") { bytes = 0.5 }
        else if text.contains("8") { bytes = 1.0 }
        else if text.contains("16") || text.contains("none") || text.contains("full") { bytes = 2.0 }
        else { return nil }
        return Quantization(name: label, label: label, bytesPerParameter: bytes)
    }

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
        let whose: LocalizedText
        switch offer {
        case .node(let package):
            whose = LocalizedText(en: "of the models \(package) offers, these fit", zh: "在 \(package) 提供的模型中，")
        case .builtIn:
            whose = LocalizedText(
                en: "of the Qwen-VL models this tool knows (no node here names its own), these fit",
                zh: "在本工具已知的 Qwen-VL 模型中（这里没有节点列出自己的模型），")
        }
        return LocalizedText(
            en: "With \(gib) GB on \(gpuName), \(whose.en) in the node's quantization choice: \(en). FlashAttention saves attention memory, not the weights'.",
            zh: "\(gpuName) 有 \(gib) GB，\(whose.zh)在节点的量化选项中可以放下：\(zh)。FlashAttention 节省的是注意力的显存，不是权重的。")
    }
}
