import Foundation

/// What the user asked to plan, beyond the probed environment.
public struct PlanRequest: Sendable {
    public var method: InstallMethod
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

    public init(method: InstallMethod, workDirectory: String, inheritedPath: String) {
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

/// Turns facts, the verdict and a method into a plan of argv steps. Pure: nothing is run or written here.
public enum InstallPlanner {
    /// The packages a build needs in the target besides torch (2.8.3.post2's setup.py imports wheel).
    public static let buildPrerequisites = ["packaging", "psutil", "ninja", "wheel", "setuptools"]

    public static func plan(
        _ request: PlanRequest, environment env: Environment, report: CompatibilityReport,
        resolution: WheelResolution?, index: IndexFacts = IndexFacts(), catalog: ReleaseCatalog = .builtIn,
        routes: RouteCatalog = .builtIn
    ) -> InstallPlan {
        let context = PlanContext(
            request: request, env: env, report: report, resolution: resolution, index: index, catalog: catalog,
            routes: routes)
        var blockers = report.installBlockers.map { PlanReason(.targetBlocked, $0.message.followed(by: $0.fix)) }
        var notes: [LocalizedText] = []
        let python = context.python
        if request.installer == .pip, let target = env.python, target.pip == nil {
            blockers.append(PlanReason(.pipMissing,
                en: "pip is not installed in \(python); add it with `\(python) -m ensurepip --upgrade`, or use --installer uv.",
                zh: "\(python) 中没有安装 pip；请用 `\(python) -m ensurepip --upgrade` 安装，或使用 --installer uv。"))
        }
        if request.installer == .uv, request.uvPath == nil {
            blockers.append(PlanReason(.uvMissing,
                en: "uv was asked for but not found on PATH or in the target's bin folder; install it (`pip install uv`) or leave out --installer uv.",
                zh: "指定了 uv，但在 PATH 和目标环境的 bin 目录中都没有找到；请安装 uv（`pip install uv`）或去掉 --installer uv。"))
        }
        if !env.gpus.isEmpty, report.gpus.allSatisfy({ $0.verdict != .supported }) {
            notes.append(LocalizedText(
                en: "No GPU here passes the check, so what is installed will not run on this machine (it can still be installed, e.g. into an image for another one).",
                zh: "本机没有通过检查的 GPU，安装的内容无法在本机运行（但仍可安装，例如装进给其他机器用的镜像）。"))
        }

        // Without a usable Python there is nothing to plan for; the blockers say why.
        var part = MethodPlan()
        if report.installBlockers.isEmpty {
            switch request.method {
            case .wheel: part = withBrokenFlashAttnRemoved(context, wheelPlan(context))
            case .pip: part = withBrokenFlashAttnRemoved(context, pipPlan(context))
            case .source: part = withBrokenFlashAttnRemoved(context, sourcePlan(context))
            case .kernels: part = kernelsPlan(context)
            case .fa4: part = flashAttention4Plan(context)
            }
        }
        blockers += part.blockers
        if blockers.isEmpty, let free = env.toolchain.diskFreeGiB, free < part.estimates.diskGiB {
            blockers.append(PlanReason(.diskTooLow,
                en: "Only \(free) GiB is free where pip installs, and this plan needs about \(part.estimates.diskGiB) GiB; free some space first.",
                zh: "pip 安装位置只剩 \(free) GiB，而此计划约需 \(part.estimates.diskGiB) GiB；请先腾出空间。"))
        }
        if blockers.isEmpty, !part.steps.isEmpty, let free = request.workDirectoryFreeGiB, free < part.estimates.diskGiB {
            blockers.append(PlanReason(.diskTooLow,
                en: "Only \(free) GiB is free on the disk of \(request.workDirectory), where the download and the build go, and this plan needs about \(part.estimates.diskGiB) GiB; free space there or point XDG_CACHE_HOME at a disk with room.",
                zh: "\(request.workDirectory) 所在的磁盘只剩 \(free) GiB（下载和构建都放在那里），而此计划约需 \(part.estimates.diskGiB) GiB；请在那里腾出空间，或把 XDG_CACHE_HOME 指向有空间的磁盘。"))
        }
        var pins = ["torch": context.torchVersion]
        if let transformers = env.transformers?.version { pins["transformers"] = transformers }
        let constraints = pins.keys.sorted().filter { !part.unpinned.contains($0) }.map { "\($0)==\(pins[$0]!)\n" }.joined()
        var plan = InstallPlan(
            method: request.method, installer: request.installer, python: python, torchVersion: context.torchVersion,
            wheel: part.wheel, buildSource: part.buildSource, constraintsPath: context.constraintsPath,
            constraintsContent: constraints, steps: part.steps, estimates: part.estimates, headline: part.headline,
            adds: part.adds, notes: part.assumptions + notes + part.notes, blockers: blockers,
            offeredTransformersChange: part.offeredTransformersChange, facts: part.facts)
        // Shown first among the notes, and kept apart for the route's status and for scripts.
        plan.assumptions = part.assumptions
        return plan
    }

    /// pip skips a wheel of the version already installed ("already satisfied"), so a flash-attn that does not
    /// import would stay as it is: the plans that install flash_attn remove it first.
    static func withBrokenFlashAttnRemoved(_ c: PlanContext, _ plan: MethodPlan) -> MethodPlan {
        guard let installed = c.env.flashAttn, installed.importError != nil, !plan.steps.isEmpty else { return plan }
        var part = plan
        part.steps.insert(PlanStep(
            title: LocalizedText(
                en: "Remove the flash-attn \(installed.version ?? "") that does not import, so that it is really replaced",
                zh: "移除无法导入的 flash-attn \(installed.version ?? "")，以便真正替换它"),
            action: .run(argv: c.uninstall("flash-attn"), environment: c.pipEnvironment), purpose: .prepare), at: 0)
        part.adds.insert("flash-attn \(installed.version ?? "") removed", at: 0)
        return part
    }

    static func targetBin(_ env: Environment) -> String? {
        guard let python = env.python else { return nil }
        return ((python.virtualEnv ?? python.conda).map { $0 + "/bin" })
            ?? (python.executable as NSString).deletingLastPathComponent
    }

    /// CUDA_HOME as set, else the toolkit that holds the nvcc found.
    static func cudaHome(_ env: Environment) -> String? {
        if let home = env.toolchain.cudaHome { return home }
        guard let nvcc = env.toolchain.nvcc?.path else { return nil }
        return ((nvcc as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    }
}
