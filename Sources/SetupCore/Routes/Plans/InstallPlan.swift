import Foundation

/// Which program installs packages: pip (the default) or uv where the user asks for it.
public enum PackageInstaller: String, Sendable, Codable, CaseIterable {
    case pip
    case uv
}

/// What a step is for, which decides a route's status: a plan of `.install` steps alone is ready; one with
/// `.prepare` steps needs those actions first; a `.changeExisting` step changes a package the user already has.
public enum StepPurpose: String, Sendable, Hashable, Codable {
    /// Gets the route's own package in place.
    case install
    /// An action the route needs first that adds to the target or repairs it: build tools, nvcc from the
    /// package index, `kernels`, removing a flash-attn that does not import.
    case prepare
    /// Changes a working package the user installed (another transformers): never recommended on its own.
    case changeExisting = "change-existing"
}

/// One step of a plan: a download the tool does itself, a program run as argv, or a folder the tool lays out.
public struct PlanStep: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Fetch a wheel (download a URL, or copy a local file) to `destination`, checking `sha256` where known.
        /// `otherDigest`: the source's digest where it is not SHA-256 (an index link's `#md5=`), checked once the file
        /// is whole.
        case fetch(source: SourceWheel.Location, destination: String, sha256: String?, size: Int?, otherDigest: FileDigest? = nil)
        /// Run argv (never through a shell) with these variables set on top of the tool's environment.
        case run(argv: [String], environment: [String: String])
        /// Lay out a CUDA_HOME at `destination` from the CUDA wheels under `nvidiaRoot` (site-packages/nvidia/cu13):
        /// links to their bin, nvvm, include and lib, and the unversioned libcudart.so the linker asks for.
        case assembleCUDAHome(nvidiaRoot: String, destination: String)
        /// Fetch `ref` of a git repository into `destination` with its submodules, and record the exact commit.
        case checkoutSource(repository: String, ref: String, destination: String)
    }

    public var title: LocalizedText
    public var action: Action
    public var purpose: StepPurpose
    /// True where the step compiles (pip's -v output then carries ninja's [k/N] lines).
    public var compiles: Bool

    public init(title: LocalizedText, action: Action, purpose: StepPurpose = .install, compiles: Bool = false) {
        self.title = title
        self.action = action
        self.purpose = purpose
        self.compiles = compiles
    }

    public var argv: [String] {
        if case .run(let argv, _) = action { return argv }
        return []
    }

    public var environmentChanges: [String: String] {
        if case .run(_, let environment) = action { return environment }
        return [:]
    }
}

/// What a plan will cost: download, disk, peak memory and time, the time as a range since a build's depends on
/// the machine.
public struct PlanEstimates: Sendable, Hashable, Codable {
    public var diskGiB: Double
    public var peakMemoryGiB: Double?
    public var minutesLow: Double
    public var minutesHigh: Double
    /// For a build: the jobs, threads and architectures the numbers assume.
    public var maxJobs: Int?
    public var nvccThreads: Int?
    public var cudaArchs: String?
    /// What will be downloaded, in megabytes, where known.
    public var downloadMegabytes: Double?

    public init(
        diskGiB: Double, peakMemoryGiB: Double? = nil, minutesLow: Double, minutesHigh: Double, maxJobs: Int? = nil,
        nvccThreads: Int? = nil, cudaArchs: String? = nil, downloadMegabytes: Double? = nil
    ) {
        self.diskGiB = diskGiB
        self.peakMemoryGiB = peakMemoryGiB
        self.minutesLow = minutesLow
        self.minutesHigh = minutesHigh
        self.maxJobs = maxJobs
        self.nvccThreads = nvccThreads
        self.cudaArchs = cudaArchs
        self.downloadMegabytes = downloadMegabytes
    }
}

/// The wheel a plan installs, as the plan shows it.
public struct PlannedWheel: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var filename: String
    public var url: String?
    public var path: String?
    public var flashAttnVersion: String
    /// null in JSON where the source publishes none.
    public var sha256: String?
    /// Where it comes from: official, community, mirror, index or folder.
    public var source: WheelOrigin
    /// Who built it, where the source says (null for a mirror, an index or a folder).
    public var project: String?
    /// The host it is downloaded from (null for a file on this machine): who built a wheel says nothing of who
    /// serves it.
    public var host: String?

    /// The chosen wheel of release `version` as a plan shows it; `path` is where it will lie (or lies) here.
    public init(_ chosen: SourceWheel, version: String, path: String?) {
        filename = chosen.name.description
        if case .url(let address) = chosen.location {
            url = Redaction.url(address)
            host = URL(string: address)?.host.map { terminalSafe($0) }
        }
        self.path = path
        flashAttnVersion = version
        sha256 = chosen.sha256
        source = chosen.origin
        project = chosen.project
    }
}

/// A source build's origin: a release, a git ref of flash-attention (main), or the user's checkout.
public enum BuildSource: Sendable, Hashable {
    case release(String)
    case git(repository: String, ref: String)
    case checkout(String)
}

/// Everything an install will do, decided before anything runs: shown to the user, who says yes or no.
public struct InstallPlan: Sendable, Hashable {
    public var method: RouteMethod
    public var installer: PackageInstaller
    public var python: String
    public var torchVersion: String
    public var wheel: PlannedWheel?
    /// For a source build: what is built.
    public var buildSource: BuildSource?
    /// The constraints file every pip step is given, so no step can replace or upgrade torch (nor, where the plan
    /// does not mean to change it, transformers).
    public var constraintsPath: String
    public var constraintsContent: String
    public var steps: [PlanStep]
    public var estimates: PlanEstimates
    /// What this plan does, in one reason with its code: the route's headline.
    public var headline: PlanReason?
    /// What it adds to or changes in the target, as "name version" lines.
    public var adds: [String]
    /// Why this method, what to expect.
    public var notes: [LocalizedText]
    /// What will make it fail; a plan with any is not run.
    public var blockers: [PlanReason]
    /// For the hub kernel: the transformers and kernels pair the index can serve, where planning the change of
    /// transformers waits for the user's explicit yes (--allow-transformers-change).
    public var offeredTransformersChange: TransformersChange?
    /// The observed values the plan, and the route's status, rest on ("nvcc none", "index kernels 0.17.2, 0.17.1").
    public var facts: [String]
    /// What the plan takes as true without having read it (a fallback whose shape the reader did not know, taken
    /// from the dated catalog): a route with any is not `ready`, and verify proves or refutes them.
    public var assumptions: [LocalizedText] = []
    /// The hosts its steps need that did not answer from here, each with what to do offline: a route with any is
    /// not `ready`.
    public var unreachable: [PlanReason] = []

    public init(
        method: RouteMethod, installer: PackageInstaller, python: String, torchVersion: String,
        wheel: PlannedWheel? = nil, buildSource: BuildSource? = nil, constraintsPath: String,
        constraintsContent: String, steps: [PlanStep], estimates: PlanEstimates, headline: PlanReason? = nil,
        adds: [String] = [], notes: [LocalizedText], blockers: [PlanReason],
        offeredTransformersChange: TransformersChange? = nil, facts: [String] = []
    ) {
        self.method = method
        self.installer = installer
        self.python = python
        self.torchVersion = torchVersion
        self.wheel = wheel
        self.buildSource = buildSource
        self.constraintsPath = constraintsPath
        self.constraintsContent = constraintsContent
        self.steps = steps
        self.estimates = estimates
        self.headline = headline
        self.adds = adds
        self.notes = notes
        self.blockers = blockers
        self.offeredTransformersChange = offeredTransformersChange
        self.facts = facts
    }

    /// True where nothing stops the plan.
    public var canRun: Bool { blockers.isEmpty }
}

/// Another transformers release that pairs with a kernels version the index serves.
public struct TransformersChange: Sendable, Hashable {
    public var from: String
    public var to: String
    public var kernels: String
}
