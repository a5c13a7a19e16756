/// The three ways to install flash-attn that the wizard offers.
public enum InstallMethod: String, Sendable, Codable, CaseIterable {
    /// The exact release wheel for this Python, torch, CUDA and ABI: seconds, no compiler.
    case wheel
    /// `pip install flash-attn --no-build-isolation`, as the guides say, with its prerequisites checked first.
    case pip
    /// A build from the sdist or a checkout, tuned for this machine.
    case source
}

/// Which program installs packages: pip (the default) or uv where the user asks for it.
public enum PackageInstaller: String, Sendable, Codable, CaseIterable {
    case pip
    case uv
}

/// One step of a plan: a download the tool does itself, or a program run as argv with environment changes.
public struct PlanStep: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Fetch a wheel (download a URL, or copy a local file) to `destination`, checking `sha256` where known.
        case fetch(source: SourceWheel.Location, destination: String, sha256: String?, size: Int?)
        /// Run argv (never through a shell) with these variables set on top of the tool's environment.
        case run(argv: [String], environment: [String: String])
    }

    public var title: LocalizedText
    public var action: Action
    /// True where the step compiles (pip's -v output then carries ninja's [k/N] lines).
    public var compiles: Bool

    public init(title: LocalizedText, action: Action, compiles: Bool = false) {
        self.title = title
        self.action = action
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

/// What a plan will cost: disk, peak memory and time, the time as a range since a build's depends on the machine.
public struct PlanEstimates: Sendable, Hashable, Codable {
    public var diskGiB: Double
    public var peakMemoryGiB: Double?
    public var minutesLow: Double
    public var minutesHigh: Double
    /// For a build: the jobs, threads and architectures the numbers assume.
    public var maxJobs: Int?
    public var nvccThreads: Int?
    public var cudaArchs: String?
}

/// The wheel a plan installs, as the plan shows it.
public struct PlannedWheel: Sendable, Hashable, Codable {
    public var filename: String
    public var url: String?
    public var path: String?
    public var flashAttnVersion: String
    public var sha256: String?
}

/// Everything an install will do, decided before anything runs: shown to the user, who says yes or no.
public struct InstallPlan: Sendable, Hashable {
    public var method: InstallMethod
    public var installer: PackageInstaller
    public var python: String
    public var torchVersion: String
    public var wheel: PlannedWheel?
    /// The constraints file every pip step is given, so no step can replace or upgrade torch.
    public var constraintsPath: String
    public var constraintsContent: String
    public var steps: [PlanStep]
    public var estimates: PlanEstimates
    /// Why this method, what to expect.
    public var notes: [LocalizedText]
    /// What will make it fail; a plan with any is not run.
    public var blockers: [LocalizedText]
}
