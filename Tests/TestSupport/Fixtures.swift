import Foundation
import SetupCore
import Synchronization

/// Paths of the project's test fixtures: the stand-in nvidia-smi and its profiles, the stand-in torch, /proc trees.
public enum Fixtures {
    /// Tests/Fixtures, found from this file's own path so tests run from any working directory.
    public static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }()

    public static var bin: String { root + "/bin" }

    public static func nvidiaSMIProfile(_ name: String) -> String {
        root + "/nvidia-smi-profiles/\(name).json"
    }

    public static func procRoot(_ name: String) -> String { root + "/proc/\(name)" }

    /// A fresh empty folder in this test run's scratch folder (`TestScratch`), removed with it.
    public static func temporaryDirectory(_ label: String = "test") -> String {
        let path = TestScratch.root + "/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The environment a test runs the tool in: the stand-in bin first on PATH, then the system's (so python3 is
    /// Debian's, never the developer's own), an empty HOME, a UTF-8 locale, no ComfyUI search beyond the current
    /// folder, and the nvidia-smi profile if any.
    public static func environment(
        profile: String? = nil, extra: [String: String] = [:], includeStandInBin: Bool = true
    ) -> [String: String] {
        var env = [
            "PATH": (includeStandInBin ? bin + ":" : "") + "/usr/local/bin:/usr/bin:/bin",
            "HOME": temporaryDirectory("home"),
            "LANG": "C.UTF-8",
            // What the tool, pip and Python put in a temporary folder lands in the run's scratch folder too.
            "TMPDIR": TestScratch.root,
        ]
        if let profile { env["FAKE_NVIDIA_SMI_PROFILE"] = nvidiaSMIProfile(profile) }
        // pip sees only what a test serves it: no config file of the machine's, no package index.
        env["PIP_CONFIG_FILE"] = "/dev/null"
        env["PIP_NO_INDEX"] = "1"
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        // ComfyUI checkouts only where a test makes them: the machine's /opt and /srv are not walked.
        env["FLASH_ATTN_SETUP_COMFYUI_ROOTS"] = ""
        // GitHub's REST API is never asked: a closed loopback port, so "github" reads as offline on every machine
        // (a test that serves release lists points this at its own server).
        env["FLASH_ATTN_SETUP_GITHUB_API"] = "http://127.0.0.1:9"
        env.merge(extra) { _, new in new }
        return env
    }
}

/// What the stand-in torch in a test venv reports.
public struct TorchProfile: Sendable, Hashable, Encodable {
    public var version: String
    public var cuda: String?
    public var hip: String?
    public var cxx11abi: Bool
    public var cudaAvailable: Bool
    public var devices: [String]
    public var importError: String?
    public var importSeconds: Double?
    /// torch's Requires-Dist lines.
    public var requires: [String]
    /// The CUDA runtime wheels' folder under site-packages/nvidia ("cu13"), where torch brings them.
    public var nvidiaRuntime: String?

    public init(
        version: String = "2.8.0+cu128", cuda: String? = "12.8", hip: String? = nil, cxx11abi: Bool = true,
        cudaAvailable: Bool = true, devices: [String] = ["8.9"], importError: String? = nil,
        importSeconds: Double? = nil, requires: [String] = [], nvidiaRuntime: String? = nil
    ) {
        self.requires = requires
        self.nvidiaRuntime = nvidiaRuntime
        self.version = version
        self.cuda = cuda
        self.hip = hip
        self.cxx11abi = cxx11abi
        self.cudaAvailable = cudaAvailable
        self.devices = devices
        self.importError = importError
        self.importSeconds = importSeconds
    }

    public static let cu128 = TorchProfile()
    /// torch 2.15 as the package index installs it today: CUDA 13.2, pinning cuda-toolkit 13.2.2, with its CUDA
    /// runtime wheels under site-packages/nvidia/cu13. It sees no GPU, so verification's GPU checks say skipped.
    public static let cu132 = TorchProfile(
        version: "2.15.0+cu132", cuda: "13.2", cudaAvailable: false, devices: [],
        requires: ["cuda-toolkit[cublas,cudart,cufft,curand,cusolver,cusparse,nvjitlink,nvrtc,nvtx]==13.2.2; platform_system == \"Linux\""],
        nvidiaRuntime: "cu13")
    /// The same torch seeing an RTX 4090, for the verdict (verification's GPU checks would fail on the stand-in).
    public static let cu132SeesGPU: TorchProfile = {
        var profile = cu132
        profile.cudaAvailable = true
        profile.devices = ["8.9"]
        return profile
    }()
    public static let cpuOnly = TorchProfile(version: "2.8.0+cpu", cuda: nil, cudaAvailable: false, devices: [])
}

/// Real virtual environments made by `python3 -m venv` with the stand-in torch installed as a distribution.
/// Each distinct configuration is made once per test run and shared, since tests only read them.
public enum TestVenv {
    public struct Configuration: Sendable, Hashable {
        public var torch: TorchProfile?
        public var withPip: Bool
        public var buildDeps: Bool
        public var flashAttn: String?
        public var transformers: String?
        /// A folder laid out like the transformers package, copied over the stand-in (a synthetic source shape).
        public var transformersSource: String?
        public var kernels: String?

        public init(
            torch: TorchProfile?, withPip: Bool = false, buildDeps: Bool = false, flashAttn: String? = nil,
            transformers: String? = nil, transformersSource: String? = nil, kernels: String? = nil
        ) {
            self.transformersSource = transformersSource
            self.kernels = kernels
            self.torch = torch
            self.withPip = withPip
            self.buildDeps = buildDeps
            self.flashAttn = flashAttn
            self.transformers = transformers
        }
    }

    private static let made = Mutex<[Configuration: String]>([:])

    /// The venv's python for this configuration, making the venv on first use.
    public static func python(_ configuration: Configuration) throws -> String {
        try made.withLock { cache in
            if let existing = cache[configuration] { return existing + "/bin/python" }
            let path = Fixtures.temporaryDirectory("venv")
            try? FileManager.default.removeItem(atPath: path)
            var argv = ["/usr/bin/python3", Fixtures.root + "/make_venv.py", path]
            if configuration.withPip { argv.append("--with-pip") }
            if configuration.buildDeps { argv.append("--build-deps") }
            if let torch = configuration.torch {
                let json = try JSONEncoder().encode(torch)
                argv += ["--torch", String(decoding: json, as: UTF8.self)]
            }
            if let flashAttn = configuration.flashAttn { argv += ["--flash-attn", flashAttn] }
            if let transformers = configuration.transformers { argv += ["--transformers", transformers] }
            if let source = configuration.transformersSource { argv += ["--transformers-source", source] }
            if let kernels = configuration.kernels { argv += ["--kernels", kernels] }
            let outcome = try ChildProcess.run(argv, environment: Fixtures.environment(), timeout: 120)
            guard outcome.exitCode == 0 else {
                throw FixtureError("make_venv.py failed: \(outcome.stderrText)")
            }
            cache[configuration] = path
            return path + "/bin/python"
        }
    }

    /// A venv as `python3 -m venv` makes it, pip included: without pip nothing could be installed, and every route
    /// would rightly say so.
    public static func python(torch: TorchProfile?, flashAttn: String? = nil, transformers: String? = nil) throws -> String {
        try python(Configuration(torch: torch, withPip: true, flashAttn: flashAttn, transformers: transformers))
    }

    /// A private copy of the configuration's venv, for a test that installs into it. Copying the made venv is much
    /// faster than making one with pip, and `python -m pip` works from the copy (it finds its prefix from where
    /// bin/python is).
    public static func freshCopy(_ configuration: Configuration) throws -> String {
        let template = (try python(configuration) as NSString).deletingLastPathComponent
        let root = (template as NSString).deletingLastPathComponent
        let copy = Fixtures.temporaryDirectory("venv-copy") + "/venv"
        let outcome = try ChildProcess.run(["/bin/cp", "-a", root, copy], environment: Fixtures.environment(), timeout: 60)
        guard outcome.exitCode == 0 else { throw FixtureError("cp -a failed: \(outcome.stderrText)") }
        return copy + "/bin/python"
    }

    /// What a venv's own Python says is installed of a distribution; nil where it is not.
    public static func installed(_ python: String, _ distribution: String) throws -> String? {
        let outcome = try ChildProcess.run(
            [python, "-c", "import importlib.metadata as m, sys\ntry: print(m.version(sys.argv[1]))\nexcept Exception: print('-')", distribution],
            environment: Fixtures.environment(), timeout: 60)
        let text = outcome.stdoutText?.trimmingCharacters(in: .whitespacesAndNewlines)
        return text == "-" ? nil : text
    }

    /// The interpreter tag of the Python that makes the test venvs (cp311 on Debian 12).
    public static let pythonTag: String = {
        let outcome = try? ChildProcess.run(
            ["/usr/bin/python3", "-c", "import sys; print('cp%d%d' % sys.version_info[:2])"], environment: Fixtures.environment(), timeout: 30)
        return outcome?.stdoutText?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "cp311"
    }()
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
