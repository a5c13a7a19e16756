import Foundation

/// The interpreters a user could install into, and which one is taken when none is named.
public struct PythonCandidate: Sendable, Hashable, Codable {
    /// How it was found, by the string `detect --json` writes for it.
    public enum Kind: String, Sendable, Hashable, Codable {
        case comfyUIRunning = "comfyui-running"
        case comfyUI = "comfyui"
        case argument
        case virtualEnv = "virtualenv"
        case conda
        case localVenv = "local-venv"
        case path
    }

    public var kind: Kind
    public var path: String
    /// The ComfyUI checkout this Python runs, where it is a ComfyUI's.
    public var comfyui: String?
    /// The running ComfyUI's process.
    public var pid: Int?
    /// Why the tool will not run it (another user owns it, or anyone can change it); nil: it may be probed.
    public var refused: LocalizedText?

    public init(kind: Kind, path: String, comfyui: String? = nil, pid: Int? = nil, refused: LocalizedText? = nil) {
        self.kind = kind
        self.path = path
        self.comfyui = comfyui
        self.pid = pid
        self.refused = refused
    }

    private enum CodingKeys: String, CodingKey { case kind, path, comfyui, pid, refused }

    /// Every key present (null where there is nothing), `refused` as one sentence in the report's language.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(path, forKey: .path)
        try container.encode(comfyui, forKey: .comfyui)
        try container.encode(pid, forKey: .pid)
        try container.encode(refused?.text(encoder.userInfo[.language] as? Language ?? .en), forKey: .refused)
    }
}

/// Chooses the target interpreter and lists the others worth offering.
public enum PythonTarget {
    /// --python, else the active venv, else the active conda env, else the Python a running ComfyUI runs (the
    /// one its users mean) where this user may run it (`InterpreterOwnership`), else python3 on PATH.
    public static func choose(
        explicit: String?, environment: [String: String], runningComfyUI: [ComfyUIInstall] = []
    ) -> PythonCandidate {
        if let explicit, !explicit.isEmpty { return PythonCandidate(kind: .argument, path: explicit) }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty {
            return PythonCandidate(kind: .virtualEnv, path: venv + "/bin/python")
        }
        if let conda = environment["CONDA_PREFIX"], !conda.isEmpty {
            return PythonCandidate(kind: .conda, path: conda + "/bin/python")
        }
        let runnable = runningComfyUI.first { install in
            install.running != nil && install.python.map { InterpreterOwnership.check($0) == .runnable } == true
        }
        if let running = runnable, let python = running.python {
            return PythonCandidate(kind: .comfyUIRunning, path: python, comfyui: running.path, pid: running.running?.pid)
        }
        let onPath = ExecutableSearch(path: environment["PATH"]).find("python3") ?? "python3"
        return PythonCandidate(kind: .path, path: onPath)
    }

    /// Every interpreter found without running anything: the ComfyUI installs first (running ones first), then the
    /// active venv and conda env, conda's registered envs, ./venv and ./.venv, a ComfyUI checkout's venv (from the
    /// current folder up, and ~/ComfyUI), python3 on PATH. Only paths that exist are listed, each once; one this
    /// user may not run carries the reason (`refused`).
    public static func candidates(
        environment: [String: String], currentDirectory: String, comfyUI: [ComfyUIInstall] = []
    ) -> [PythonCandidate] {
        var found: [PythonCandidate] = []
        func add(_ kind: PythonCandidate.Kind, _ path: String, comfyui: String? = nil, pid: Int? = nil) {
            // Not standardizingPath: that resolves symlinks, and a venv's bin/python is a symlink to the base interpreter.
            let standardized = URL(fileURLWithPath: path).standardized.path
            guard ExecutableSearch.isExecutableFile(standardized), !found.contains(where: { $0.path == standardized })
            else { return }
            var refused: LocalizedText? = nil
            if case .refused(let why) = InterpreterOwnership.check(standardized) { refused = why }
            found.append(PythonCandidate(kind: kind, path: standardized, comfyui: comfyui, pid: pid, refused: refused))
        }
        for install in comfyUI.sorted(by: { ($0.running == nil ? 1 : 0) < ($1.running == nil ? 1 : 0) }) {
            guard let python = install.python else { continue }
            add(install.running == nil ? .comfyUI : .comfyUIRunning, python, comfyui: install.path, pid: install.running?.pid)
        }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { add(.virtualEnv, venv + "/bin/python") }
        if let conda = environment["CONDA_PREFIX"], !conda.isEmpty { add(.conda, conda + "/bin/python") }
        let home = environment["HOME"] ?? NSHomeDirectory()
        // conda writes every environment it creates into this file.
        if let registered = try? String(contentsOfFile: home + "/.conda/environments.txt", encoding: .utf8) {
            for line in registered.split(whereSeparator: \.isNewline) {
                add(.conda, line.trimmingWhitespace() + "/bin/python")
            }
        }
        for name in ["venv", ".venv"] { add(.localVenv, currentDirectory + "/\(name)/bin/python") }
        for comfy in ComfyUIDiscovery.checkouts(above: currentDirectory) + [home + "/ComfyUI"] {
            for name in ["venv", ".venv"] { add(.comfyUI, comfy + "/\(name)/bin/python", comfyui: comfy) }
        }
        if let onPath = ExecutableSearch(path: environment["PATH"]).find("python3") { add(.path, onPath) }
        return found
    }
}
