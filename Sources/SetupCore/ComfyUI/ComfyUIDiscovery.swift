import Foundation

/// Finds every ComfyUI on this machine and the Python each one really runs: running ones first (a process running
/// a checkout's main.py; its interpreter from its command line or /proc/PID/exe), then checkouts from the current
/// folder up, under HOME, comfy-cli's ~/comfy/ComfyUI, and the folders GPU cloud images use (/opt, /srv,
/// /workspace), to a bounded depth and time. Nothing is imported or run.
public struct ComfyUIDiscovery: Sendable {
    public var environment: [String: String]
    public var currentDirectory: String
    /// /proc, or a test's tree.
    public var procRoot: String = "/proc"
    /// Where checkouts are looked for below (besides the current folder's parents); nil: FLASH_ATTN_SETUP_COMFYUI_ROOTS
    /// (folders joined by ':') where set, else HOME, ~/comfy, /opt, /srv and /workspace.
    public var searchRoots: [String]?
    /// How many folders down from each root a checkout may be.
    public var maxDepth = 3
    /// The most time the folder walk may take, so a huge or slow tree cannot stall the probe.
    public var timeLimit = 1.0
    /// The most folders the walk looks into.
    public var folderLimit = 20_000

    public init(environment: [String: String], currentDirectory: String) {
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The running ComfyUIs alone: a scan of /proc, without the folder walk, to choose a default Python quickly.
    public func running() -> [ComfyUIInstall] {
        var installs: [ComfyUIInstall] = []
        for process in runningProcesses() where !installs.contains(where: { $0.path == process.checkout }) {
            installs.append(ComfyUIInstall(
                path: process.checkout, python: process.running.python, pythonSource: "running", running: process.running, nodes: []))
        }
        return installs
    }

    /// Every install: the running ones (a scan of /proc, or the result of `running()` where the caller has it
    /// already), then the checkouts the walk finds; each with its nodes and its transformers.
    public func run(running known: [ComfyUIInstall]? = nil) -> [ComfyUIInstall] { survey(running: known).installs }

    /// `run`, with the folders named like a ComfyUI that the same walk did not take, and why.
    public func survey(running known: [ComfyUIInstall]? = nil) -> ComfyUISurvey {
        var installs = known ?? running()
        let (found, notTaken) = walk()
        for checkout in found where !installs.contains(where: { $0.path == checkout }) {
            let (python, source) = Self.python(of: checkout, home: home)
            installs.append(ComfyUIInstall(path: checkout, python: python, pythonSource: source, running: nil, nodes: []))
        }
        for i in installs.indices {
            installs[i].nodes = Self.nodes(in: installs[i].path)
            installs[i].transformers = installs[i].python.flatMap(Self.transformersVersion)
        }
        return ComfyUISurvey(installs: installs, notTaken: notTaken)
    }

    /// The version in a Python's transformers-*.dist-info, found from the interpreter's prefix (a venv's bin/python
    /// is two folders below it); nil where there is none.
    static func transformersVersion(python: String) -> String? {
        let files = FileManager.default
        let prefix = ((python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let lib = prefix + "/lib"
        for version in ((try? files.contentsOfDirectory(atPath: lib)) ?? []).filter({ $0.hasPrefix("python3") }).sorted() {
            let site = lib + "/" + version + "/site-packages"
            for name in (try? files.contentsOfDirectory(atPath: site)) ?? [] where name.hasPrefix("transformers-") && name.hasSuffix(".dist-info") {
                return String(name.dropFirst("transformers-".count).dropLast(".dist-info".count))
            }
        }
        return nil
    }

    var home: String { environment["HOME"] ?? NSHomeDirectory() }

    /// The shapes a ComfyUI takes on disk: what makes a folder one.
    public enum Layout: String, Sendable, Hashable, Codable {
        /// main.py beside the comfy/ package: a git checkout, a comfy-cli workspace (~/comfy/ComfyUI), and the
        /// ComfyUI folder of the portable build.
        case checkout
        /// main.py beside custom_nodes/ without the comfy/ package beside it (an install trimmed or laid out by
        /// hand, as some cloud images have it).
        case mainAndNodes = "main-and-nodes"
        /// ComfyUI Desktop's base folder: custom_nodes/ and models/ with its .venv; its main.py is inside the app.
        case desktopBase = "desktop-base"
    }

    /// What kind of ComfyUI `path` is; nil where it is none.
    static func layout(of path: String) -> Layout? {
        let has = folderHas(path)
        if has("main.py", false) {
            if has("comfy", true) { return .checkout }
            if has("custom_nodes", true) { return .mainAndNodes }
            return nil
        }
        if has("custom_nodes", true), has("models", true), has(".venv", true) { return .desktopBase }
        return nil
    }

    static func isCheckout(_ path: String) -> Bool { layout(of: path) != nil }

    /// Why a folder that `layout(of:)` did not take is none, in words.
    static func whyNotTaken(_ path: String) -> LocalizedText {
        let has = folderHas(path)
        if has("main.py", false) {
            return LocalizedText(
                en: "it has main.py but neither the comfy/ package nor custom_nodes/ beside it",
                zh: "其中有 main.py，但旁边既没有 comfy/ 包，也没有 custom_nodes/")
        }
        if has("custom_nodes", true) {
            return LocalizedText(
                en: "it has custom_nodes/ but no main.py (nor models/ and .venv, as ComfyUI Desktop's base folder has)",
                zh: "其中有 custom_nodes/，但没有 main.py（也没有 ComfyUI Desktop 基础目录那样的 models/ 和 .venv）")
        }
        return LocalizedText(en: "it has no main.py and no custom_nodes/", zh: "其中既没有 main.py，也没有 custom_nodes/")
    }

    /// Whether `path` holds a file (false) or a folder (true) of that name.
    static func folderHas(_ path: String) -> (String, Bool) -> Bool {
        { name, wantsFolder in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder) && isFolder.boolValue == wantsFolder
        }
    }

    // MARK: - Running

    struct RunningProcess {
        var checkout: String
        var running: ComfyUIInstall.Running
    }

    /// FLASH_ATTN_SETUP_COMFYUI_ROOTS where set: then the only places a ComfyUI counts, running or not (a
    /// container or a test that must see only its own).
    var configuredRoots: [String]? {
        environment["FLASH_ATTN_SETUP_COMFYUI_ROOTS"].map { $0.split(separator: ":").map(String.init) }
    }

    /// Whether a checkout lies inside one of the roots.
    static func isInside(_ checkout: String, _ roots: [String]) -> Bool {
        roots.contains { root in
            let root = URL(fileURLWithPath: root).standardized.path
            return checkout == root || checkout.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
    }

    /// Processes whose command line runs a checkout's main.py (inside the configured roots, where they are set).
    func runningProcesses() -> [RunningProcess] {
        let files = FileManager.default
        let pids = ((try? files.contentsOfDirectory(atPath: procRoot)) ?? []).compactMap(Int.init).sorted()
        var found: [RunningProcess] = []
        for pid in pids {
            let folder = procRoot + "/\(pid)"
            guard let raw = files.contents(atPath: folder + "/cmdline"), !raw.isEmpty else { continue }
            let argv = raw.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
            guard let interpreter = argv.first,
                let script = argv.dropFirst().first(where: { $0 == "main.py" || $0.hasSuffix("/main.py") })
            else { continue }
            let cwd = (try? files.destinationOfSymbolicLink(atPath: folder + "/cwd")) ?? "/"
            let checkout = (Self.absolute(script, in: cwd) as NSString).deletingLastPathComponent
            guard Self.isCheckout(checkout) else { continue }
            if let roots = configuredRoots, !Self.isInside(checkout, roots) { continue }
            var python = (try? files.destinationOfSymbolicLink(atPath: folder + "/exe")) ?? interpreter
            if interpreter.contains("/") {
                let invoked = Self.absolute(interpreter, in: cwd)
                if files.isExecutableFile(atPath: invoked) { python = invoked }
            }
            found.append(RunningProcess(checkout: checkout, running: ComfyUIInstall.Running(pid: pid, port: Self.port(argv), python: python)))
        }
        return found
    }

    static func absolute(_ path: String, in directory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardized.path
    }

    /// --port N or --port=N; nil where not given (ComfyUI's default, 8188).
    static func port(_ argv: [String]) -> Int? {
        for (i, arg) in argv.enumerated() {
            if arg == "--port", i + 1 < argv.count { return Int(argv[i + 1]) }
            if arg.hasPrefix("--port=") { return Int(arg.dropFirst("--port=".count)) }
        }
        return nil
    }

    // MARK: - Checkouts

    /// The folders from `directory` up to / that are checkouts.
    static func checkouts(above directory: String) -> [String] {
        var result: [String] = []
        var current = URL(fileURLWithPath: directory).standardized.path
        while true {
            if isCheckout(current) { result.append(current) }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        return result
    }

    /// A folder named like a ComfyUI that is not one, and why.
    public struct NotTaken: Sendable, Hashable {
        public var path: String
        public var reason: LocalizedText
    }

    /// What one look for ComfyUI found: the installs, and the folders named like one that were not taken.
    public struct ComfyUISurvey: Sendable {
        public var installs: [ComfyUIInstall]
        public var notTaken: [NotTaken]
    }

    /// The current folder and its parents, then a bounded breadth-first walk below each root; symbolic links are
    /// not followed (no loops), unreadable folders are skipped.
    func checkouts() -> [String] { walk().checkouts }

    func walk() -> (checkouts: [String], notTaken: [NotTaken]) {
        let (found, notTaken) = walkFolders()
        // A folder that holds a ComfyUI (the portable build's ComfyUI_windows_portable/) was not one, but is no miss.
        return (found, notTaken.filter { folder in !found.contains { $0.hasPrefix(folder.path + "/") } })
    }

    private func walkFolders() -> (checkouts: [String], notTaken: [NotTaken]) {
        var notTaken: [NotTaken] = []
        var result = Self.checkouts(above: currentDirectory)
        let roots = searchRoots ?? configuredRoots ?? [home, home + "/comfy", "/opt", "/srv", "/workspace"]
        let deadline = Date().addingTimeInterval(timeLimit)
        var visited = 0
        let files = FileManager.default
        for root in roots {
            var level = [root]
            for depth in 0...maxDepth {
                var next: [String] = []
                for folder in level {
                    guard Date() < deadline, visited < folderLimit else { return (result, notTaken) }
                    visited += 1
                    if Self.isCheckout(folder) {
                        if !result.contains(folder) { result.append(folder) }
                        continue  // a checkout's own folders hold no other checkout worth finding
                    }
                    if (folder as NSString).lastPathComponent.lowercased().contains("comfyui"), !notTaken.contains(where: { $0.path == folder }) {
                        notTaken.append(NotTaken(path: folder, reason: Self.whyNotTaken(folder)))
                    }
                    guard depth < maxDepth, let names = try? files.contentsOfDirectory(atPath: folder) else { continue }
                    for name in names.sorted() where !name.hasPrefix(".") && !["node_modules", "site-packages", "__pycache__"].contains(name) {
                        let path = folder == "/" ? "/" + name : folder + "/" + name
                        guard let type = (try? files.attributesOfItem(atPath: path))?[.type] as? FileAttributeType,
                            type == .typeDirectory
                        else { continue }
                        next.append(path)
                    }
                }
                level = next
            }
        }
        return (result, notTaken)
    }

    /// The checkout's venv or .venv, else the interpreter its launch script names (`source X/bin/activate`,
    /// `conda activate NAME`, or a `.../python main.py` line).
    static func python(of checkout: String, home: String) -> (String?, String?) {
        let files = FileManager.default
        for name in ["venv", ".venv"] where files.isExecutableFile(atPath: checkout + "/\(name)/bin/python") {
            return (checkout + "/\(name)/bin/python", "venv")
        }
        // The portable build: ComfyUI/ beside its own python_embeded/.
        let parent = (checkout as NSString).deletingLastPathComponent
        for name in ["python_embeded/bin/python3", "python_embeded/bin/python", "python_embeded/python"]
        where files.isExecutableFile(atPath: parent + "/" + name) {
            return (parent + "/" + name, "portable")
        }
        let scripts = ((try? files.contentsOfDirectory(atPath: checkout)) ?? []).filter { $0.hasSuffix(".sh") }.sorted()
        for script in scripts {
            guard let data = files.contents(atPath: checkout + "/" + script), data.count < 1 << 20 else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if let m = text.firstMatch(of: #/(?:source|\.)\s+["']?([^\s"']+)/bin/activate/#) {
                let python = absolute(String(m.1), in: checkout) + "/bin/python"
                if files.isExecutableFile(atPath: python) { return (python, "launch-script") }
            }
            if let m = text.firstMatch(of: #/conda\s+activate\s+([A-Za-z0-9_.\-]+)/#) {
                for base in [home + "/miniconda3", home + "/anaconda3", home + "/miniforge3", "/opt/conda"] {
                    let python = base + "/envs/\(m.1)/bin/python"
                    if files.isExecutableFile(atPath: python) { return (python, "launch-script") }
                }
            }
            if let m = text.firstMatch(of: #/(\S*python[0-9.]*)\s+(?:\S*/)?main\.py/#), m.1.contains("/") {
                let python = absolute(String(m.1), in: checkout)
                if files.isExecutableFile(atPath: python) { return (python, "launch-script") }
            }
        }
        return (nil, nil)
    }

    // MARK: - Nodes

    /// Each package under custom_nodes whose Python source (up to two folders down, files under 2 MB) offers an
    /// attention choice.
    static func nodes(in checkout: String) -> [AttentionNode] {
        let files = FileManager.default
        let root = checkout + "/custom_nodes"
        var nodes: [AttentionNode] = []
        for package in ((try? files.contentsOfDirectory(atPath: root)) ?? []).sorted() where !package.hasPrefix(".") {
            let folder = root + "/" + package
            var candidates: [String] = []
            for name in (try? files.contentsOfDirectory(atPath: folder)) ?? [] {
                if name.hasSuffix(".py") { candidates.append(name) }
                else if let inner = try? files.contentsOfDirectory(atPath: folder + "/" + name), !name.hasPrefix(".") {
                    candidates += inner.filter { $0.hasSuffix(".py") }.map { name + "/" + $0 }
                }
            }
            var found: AttentionNode? = nil
            for file in candidates.sorted() {
                let path = folder + "/" + file
                guard let size = (try? files.attributesOfItem(atPath: path))?[.size] as? Int, size < 2 << 20,
                    let data = files.contents(atPath: path)
                else { continue }
                guard let node = AttentionNodeReader.read(String(decoding: data, as: UTF8.self), package: package, file: file) else { continue }
                if var merged = found {
                    for label in node.labels where !merged.labels.contains(where: { $0.label == label.label }) { merged.labels.append(label) }
                    merged.checksFlashAttn = merged.checksFlashAttn || node.checksFlashAttn
                    merged.models += node.models.filter { !merged.models.contains($0) }
                    if merged.quantizations.isEmpty { merged.quantizations = node.quantizations }
                    found = merged
                } else {
                    found = node
                }
            }
            if let found { nodes.append(found) }
        }
        return nodes
    }
}
