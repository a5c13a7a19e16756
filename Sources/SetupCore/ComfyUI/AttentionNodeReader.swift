import Foundation

/// Reads a custom node's Python source as text for the attention choice it offers: the label-to-value map
/// ("SDPA: 平衡": "sdpa"), the labels it lists, and a check of its own for flash_attn. Pure over the text.
public enum AttentionNodeReader {
    /// The attn_implementation values transformers knows.
    static let implementations = ["eager", "sdpa", "flash_attention_2", "flash_attention_3", "flash_attention_4", "flex_attention"]

    /// nil where the text offers no attention choice.
    public static func read(_ text: String, package: String, file: String) -> AttentionNode? {
        var labels: [AttentionNode.Label] = []
        func add(_ label: String, _ value: String?) {
            if let i = labels.firstIndex(where: { $0.label == label }) {
                if labels[i].attnImplementation == nil { labels[i].attnImplementation = value }
            } else {
                labels.append(AttentionNode.Label(label: label, attnImplementation: value))
            }
        }
        // "LABEL": "sdpa" in a dict: the label the user picks and the value transformers gets.
        let mapping = #/["']([^"'\n]{1,60})["']\s*:\s*["'](eager|sdpa|flash_attention_2|flash_attention_3|flash_attention_4|flex_attention)["']/#
        // A combo's options dict ({"default": "sdpa"}) or a call's keyword is not a label the user picks.
        let notLabels: Set<String> = ["default", "tooltip", "value", "attn_implementation", "attention", "attention_mode"]
        for match in text.matches(of: mapping) where !implementations.contains(String(match.1)) && !notLabels.contains(String(match.1)) {
            add(String(match.1), String(match.2))
        }
        let mapped = !labels.isEmpty
        // The labels a list offers (a combo box's choices): strings naming an attention, mapped or not. Where the
        // node has a map, the bare values ("sdpa") are its right-hand side, not choices; without one they are.
        let offered = #/["']([^"'\n]{0,30}(?:Flash ?Attention ?[234]|Flash注意力[234]?|SDPA|Eager|eager|sdpa|flash_attention_[234])[^"'\n]{0,30})["']/#
        for match in text.matches(of: offered) {
            let label = String(match.1)
            if implementations.contains(label) {
                if !mapped { add(label, label) }
            } else {
                add(label, nil)
            }
        }
        guard labels.contains(where: { $0.label.localizedCaseInsensitiveContains("flash") || $0.attnImplementation?.hasPrefix("flash") == true })
        else { return nil }
        let ownCheck = #/import\s+flash_attn\b|from\s+flash_attn\b|find_spec\(\s*["']flash_attn|import_module\(\s*["']flash_attn|is_flash_attn_2_available/#
        return AttentionNode(
            package: package, file: file, labels: labels, checksFlashAttn: text.contains(ownCheck), models: models(in: text),
            quantizations: quantizations(in: text))
    }

    /// The Qwen-VL models the source's strings name, each once, in its order ("Qwen/Qwen2.5-VL-3B-Instruct" read as the
    /// model's own name).
    static func models(in text: String) -> [String] {
        var found: [String] = []
        // Only in a string (a list of choices, a repository id), never in a comment.
        for match in text.matches(of: #/["'](?:[\w.-]+/)?(Qwen[0-9.]*-VL-[0-9.]+B(?:-[A-Za-z0-9]+)*)["']/#) {
            let name = String(match.1)
            if !found.contains(name) { found.append(name) }
        }
        return found
    }

    /// The labels of a quantization choice: the list given for an input named like "quantization".
    static func quantizations(in text: String) -> [String] {
        guard let list = text.firstMatch(of: #/["']quanti[sz]\w*["']\s*:\s*\(\s*\[([^\]]{1,400})\]/#) else { return [] }
        return String(list.1).matches(of: #/["']([^"'\n]{1,40})["']/#).map { String($0.1) }
    }
}
