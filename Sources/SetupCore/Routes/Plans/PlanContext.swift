import Foundation

/// What the user asked to plan, beyond the probed environment.
public struct PlanRequest: Sendable {
    public var method: RouteMethod
    public var installer: PackageInstaller = .pip
    /// uv's path where `installer` is .uv.
    public var uvPath: String?
    public var pinnedVersion: String?
    /// A flash-attention checkout to build (source method) instead of the sdist.
    public var sourcePath: String?
    /// A branch, tag or commit of flash-attention to build (source method); main where no release compiles
    /// against this torch.
    public var sourceRef: String?
    /// Where that ref is fetched from: flash-attention's repository, or a mirror of it.
    public var sourceRepository: String?
    /// The user's explicit yes to changing transformers where the hub kernel needs another one.
    public var allowTransformersChange = false
    /// Where downloads and builds go (a cache folder of the tool's).
    public var workDirectory: String
    /// GiB free on the disk that holds `workDirectory`, measured by the preparation (nil: not measured): the
    /// download and the build land there, which is often another disk than site-packages.
    public var workDirectoryFreeGiB: Double?
    /// The tool's own PATH, which steps inherit behind the target's bin folder.
    public var inheritedPath: String

    public init(method: RouteMethod, workDirectory: String, inheritedPath: String) {
        self.method = method
        self.workDirectory = workDirectory
        self.inheritedPath = inheritedPath
    }
}

/// Whether the Hugging Face hub, where the hub kernel comes from, can be reached from here.
public enum HubAccess: Sendable, Hashable {
    /// It answered (any HTTP answer counts).
    case reachable
    /// HF_HUB_OFFLINE is set: kernels and transformers will not ask it.
    case offline
    /// It did not answer: why, in the network library's words.
    case unreachable(String)
    /// Not asked (nothing needed it).
    case unknown
}

extension HubAccess {
    /// As a route's facts say it.
    public var fact: String {
        switch self {
        case .reachable: return "reachable"
        case .offline: return "HF_HUB_OFFLINE"
        case .unreachable(let why): return "unreachable (\(why))"
        case .unknown: return "not asked"
        }
    }
}

/// What the package index and the hub hold of what the routes beside the wheels install, as seen from here.
public struct IndexFacts: Sendable, Hashable {
    public var kernels: IndexVersions?
    public var flashAttn4: IndexVersions?
    public var hub: HubAccess
    /// The transformers release the hub kernel would need, asked only where the installed one cannot serve it.
    public var transformersPairing: TransformersPairing?

    public init(kernels: IndexVersions? = nil, flashAttn4: IndexVersions? = nil, hub: HubAccess = .unknown) {
        self.kernels = kernels
        self.flashAttn4 = flashAttn4
        self.hub = hub
    }
}

/// Everything one plan is made from, passed to each method's planner: the facts, the verdict computed once, the
/// wheel resolution and what the index holds. Nothing in it is computed again.
struct PlanContext {
    var request: PlanRequest
    var env: Environment
    var report: CompatibilityReport
    var resolution: WheelResolution?
    var index: IndexFacts
    var catalog: ReleaseCatalog
    var routes: RouteCatalog

    var python: String { env.python?.executable ?? "python3" }
    /// The GPUs CUDA_VISIBLE_DEVICES leaves to the user's programs, as the verdict counted them.
    var visibleGPUs: [GPU] { env.gpus.filter { gpu in report.gpus.contains { $0.index == gpu.index && $0.visible } } }
    var torchVersion: String { env.torch?.version ?? "?" }
    var constraintsPath: String {
        // One constraints file per target, so installs into two Pythons at once do not share one.
        request.workDirectory + "/torch-constraint-\(SHA256Hex.hex(of: Array(python.utf8)).prefix(12)).txt"
    }
    var pipEnvironment: [String: String] { ["PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONUNBUFFERED": "1"] }

    /// `python -m pip install -c <pin>` or `uv pip install --python <python> -c <pin>`.
    var install: [String] {
        switch request.installer {
        case .pip: return [python, "-m", "pip", "install", "--constraint", constraintsPath]
        case .uv: return [request.uvPath ?? "uv", "pip", "install", "--python", python, "--constraint", constraintsPath]
        }
    }

    /// `pip uninstall -y NAME` in the target.
    func uninstall(_ name: String) -> [String] {
        switch request.installer {
        case .pip: return [python, "-m", "pip", "uninstall", "-y", name]
        case .uv: return [request.uvPath ?? "uv", "pip", "uninstall", "--python", python, name]
        }
    }
}

/// One method's share of a plan, which `InstallPlanner` wraps with what every plan has.
struct MethodPlan {
    var steps: [PlanStep] = []
    var notes: [LocalizedText] = []
    var blockers: [PlanReason] = []
    var estimates = PlanEstimates(diskGiB: 1, minutesLow: 1, minutesHigh: 2)
    var headline: PlanReason?
    var adds: [String] = []
    var wheel: PlannedWheel?
    var buildSource: BuildSource?
    /// Packages the plan means to change, so that the constraints do not hold them.
    var unpinned: Set<String> = []
    var offeredTransformersChange: TransformersChange?
    /// The observed values the plan rests on, as a user can check them.
    var facts: [String] = []
    /// What it takes as true without having read it.
    var assumptions: [LocalizedText] = []
}

extension MethodPlan {
    /// pip skips a wheel of the version already installed ("already satisfied"), so a flash-attn that does not
    /// import would stay as it is: the plans that install flash_attn remove it first.
    func withBrokenFlashAttnRemoved(_ c: PlanContext) -> MethodPlan {
        guard let installed = c.env.flashAttn, installed.importError != nil, !steps.isEmpty else { return self }
        var part = self
        part.steps.insert(PlanStep(
            title: LocalizedText(
                en: "Remove the flash-attn \(installed.version ?? "") that does not import, so that it is really replaced",
                zh: "移除无法导入的 flash-attn \(installed.version ?? "")，以便真正替换它"),
            action: .run(argv: c.uninstall("flash-attn"), environment: c.pipEnvironment), purpose: .prepare), at: 0)
        part.adds.insert("flash-attn \(installed.version ?? "") removed", at: 0)
        return part
    }
}
