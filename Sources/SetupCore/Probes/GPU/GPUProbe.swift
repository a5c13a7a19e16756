import Foundation

/// What the GPU probe learned: the GPUs, the driver, and, where it failed, why.
public struct GPUProbeResult: Sendable, Equatable {
    public var gpus: [GPU]
    public var driver: Driver?
    public var error: ProbeError?
    /// Where the list came from; nil when nothing was found.
    public enum Source: String, Sendable, Hashable {
        case nvidiaSMI = "nvidia-smi"
        /// The kernel driver's /proc/driver/nvidia files, where nvidia-smi could not answer.
        case proc
    }

    public var source: Source?
}

/// Finds the machine's NVIDIA GPUs with nvidia-smi, falling back on the kernel driver's /proc files.
public struct GPUProbe: Sendable {
    /// Where nvidia-smi lives when it is not on PATH: distribution packages, NVIDIA's container runtime, WSL2.
    public static let usualDirectories = ["/usr/bin", "/usr/local/nvidia/bin", "/usr/lib/wsl/lib"]

    public var search: ExecutableSearch
    public var procRoot: String
    public var timeout: Double
    public var environment: [String: String]

    /// `systemRoot` is where the usual directories are looked for ("" for the machine's own; a folder laid out like
    /// WSL2's or a container's in tests).
    public init(environment: [String: String], timeout: Double = 10, procRoot: String = "/proc", systemRoot: String = "") {
        self.environment = environment
        self.search = ExecutableSearch(path: environment["PATH"], extraDirectories: Self.usualDirectories.map { systemRoot + $0 })
        self.timeout = timeout
        self.procRoot = procRoot
    }

    public func run() -> GPUProbeResult {
        guard let smi = search.find("nvidia-smi") else {
            if let fromProc = ProcDriverFiles.read(procRoot: procRoot), !fromProc.gpus.isEmpty {
                return GPUProbeResult(gpus: fromProc.gpus, driver: fromProc.driver, error: nil, source: .proc)
            }
            let error = Self.isWSL(procRoot: procRoot)
                ? NvidiaSMIFailure.notFoundInWSL(searched: search.directories)
                : NvidiaSMIFailure.notFound(searched: search.directories)
            return GPUProbeResult(gpus: [], driver: nil, error: error, source: nil)
        }
        // The banner runs beside the query: one wall-clock wait for both.
        let (query, banner) = concurrently(
            { self.query(smi, fields: NvidiaSMIOutput.queryFields) },
            { self.banner(smi) })
        switch query {
        case .success(let rows):
            let driverVersion = rows.lazy.compactMap(\.driverVersion).first ?? banner?.driverVersion
            let driver = driverVersion.map { Driver(version: $0, cudaVersion: banner?.cudaVersion) }
            return GPUProbeResult(gpus: rows.map(\.gpu), driver: driver, error: nil, source: .nvidiaSMI)
        case .failure(let error):
            // The driver's files may still name the GPUs (a broken nvidia-smi beside a working driver).
            if error.code != .driverNotLoaded, let fromProc = ProcDriverFiles.read(procRoot: procRoot),
                !fromProc.gpus.isEmpty
            {
                return GPUProbeResult(gpus: fromProc.gpus, driver: fromProc.driver, error: error, source: .proc)
            }
            return GPUProbeResult(gpus: [], driver: nil, error: error, source: nil)
        }
    }

    /// WSL2's kernel names Microsoft in /proc/version; there the driver is Windows' and /proc/driver/nvidia is absent.
    static func isWSL(procRoot: String) -> Bool {
        guard let text = try? String(contentsOfFile: procRoot + "/version", encoding: .utf8) else { return false }
        return text.lowercased().contains("microsoft")
    }

    /// Runs the query, dropping a field an old driver rejects (compute_cap on 470.x) and asking again.
    func query(_ smi: String, fields: [String]) -> Result<[NvidiaSMIOutput.Row], ProbeError> {
        let outcome: ProcessOutcome
        do {
            outcome = try ChildProcess.run(
                [smi] + NvidiaSMIOutput.queryArguments(fields), environment: environment, timeout: timeout)
        } catch {
            return .failure(NvidiaSMIFailure.explain(exitCode: nil, output: error.description))
        }
        if outcome.termination == .timedOut { return .failure(NvidiaSMIFailure.timedOut(after: timeout)) }
        guard let stdout = outcome.stdoutText else { return .failure(NvidiaSMIFailure.notUTF8()) }
        let everything = stdout + "\n" + outcome.stderrText
        guard outcome.exitCode == 0 else {
            if let rejected = NvidiaSMIOutput.rejectedField(in: everything), fields.contains(rejected),
                rejected != "index", rejected != "name"
            {
                return query(smi, fields: fields.filter { $0 != rejected })
            }
            return .failure(NvidiaSMIFailure.explain(exitCode: outcome.exitCode, output: everything))
        }
        // nvidia-smi reports some failures on stdout with exit 0 in old releases: read the text too.
        if stdout.contains("No devices were found") || stdout.contains("couldn't communicate") {
            return .failure(NvidiaSMIFailure.explain(exitCode: outcome.exitCode, output: everything))
        }
        do {
            let rows = try NvidiaSMIOutput.parseQuery(stdout, fields: fields)
            if rows.isEmpty { return .failure(NvidiaSMIFailure.explain(exitCode: 6, output: "No devices were found")) }
            return .success(rows)
        } catch {
            return .failure(error)
        }
    }

    func banner(_ smi: String) -> (driverVersion: String?, cudaVersion: String?)? {
        guard let outcome = try? ChildProcess.run([smi], environment: environment, timeout: timeout),
            outcome.exitCode == 0, let text = outcome.stdoutText
        else { return nil }
        return (NvidiaSMIOutput.driverVersion(fromBanner: text), NvidiaSMIOutput.cudaVersion(fromBanner: text))
    }
}
