/// One ComfyUI on this machine: its checkout, the Python it runs (or would run), whether it is running now, and
/// the attention-choosing nodes in its custom_nodes.
public struct ComfyUIInstall: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// A ComfyUI process running now: its pid, the port its command line gives, and the interpreter it runs.
    public struct Running: Sendable, Hashable, Codable, NullKeepingEncodable {
        public var pid: Int
        public var port: Int?
        /// The interpreter as the process was started with it (venv/bin/python), else /proc/PID/exe.
        public var python: String

        public init(pid: Int, port: Int?, python: String) {
            self.pid = pid
            self.port = port
            self.python = python
        }
    }

    /// The checkout's folder (main.py beside comfy/).
    public var path: String
    /// The interpreter: the running one, else the checkout's venv/.venv, else what its launch script names.
    public var python: String?
    /// Where `python` was read from: "running", "venv", "launch-script".
    public var pythonSource: String?
    public var running: Running?
    public var nodes: [AttentionNode]
    /// The transformers version in that Python, read from its site-packages' metadata (nothing is imported).
    public var transformers: String?

    public init(
        path: String, python: String?, pythonSource: String?, running: Running?, nodes: [AttentionNode],
        transformers: String? = nil
    ) {
        self.path = path
        self.python = python
        self.pythonSource = pythonSource
        self.running = running
        self.nodes = nodes
        self.transformers = transformers
    }
}

/// A custom node that offers an attention choice, read as text from its source (never imported): the labels it
/// shows, the attn_implementation each reaches, and whether it checks for the flash_attn package itself.
public struct AttentionNode: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// One label the node offers and the attn_implementation it maps to; nil where the node passes it through
    /// unmapped (then transformers gets the label itself, and only a valid value works).
    public struct Label: Sendable, Hashable, Codable, NullKeepingEncodable {
        public var label: String
        public var attnImplementation: String?

        public init(label: String, attnImplementation: String?) {
            // Read out of a node's source, which anyone may have written: shown on the terminal as plain text.
            self.label = terminalSafe(label)
            self.attnImplementation = attnImplementation.map { terminalSafe($0) }
        }
    }

    /// The node package's folder name under custom_nodes ("ComfyUI-QwenVL-ALL").
    public var package: String
    /// The file the labels were read from, relative to the package.
    public var file: String
    public var labels: [Label]
    /// True where the node itself looks for the flash_attn package (an import, find_spec, is_flash_attn_2_available)
    /// before transformers does: then the hub kernel, which needs flash_attn absent, cannot serve it.
    public var checksFlashAttn: Bool
    /// The models the node offers ("Qwen2.5-VL-7B-Instruct"), as its source names them; empty where it names none.
    public var models: [String]
    /// The node's own labels of its quantization choice ("None (FP16)", "8-bit", "4-bit"); empty where it has none.
    public var quantizations: [String]

    public init(
        package: String, file: String, labels: [Label], checksFlashAttn: Bool, models: [String] = [], quantizations: [String] = []
    ) {
        self.package = package
        self.file = file
        self.labels = labels
        self.checksFlashAttn = checksFlashAttn
        self.models = models.map { terminalSafe($0) }
        self.quantizations = quantizations.map { terminalSafe($0) }
    }

    /// The label that reaches "flash_attention_2", as the user sees it in the node.
    public var flashAttention2Label: String? { labels.first { $0.attnImplementation == "flash_attention_2" }?.label }
    /// The label that reaches "sdpa".
    public var sdpaLabel: String? { labels.first { $0.attnImplementation == "sdpa" }?.label }
}
