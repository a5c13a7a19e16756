/// The settings a flash-attn source build runs with, chosen for this machine so that it neither runs out of
/// memory nor builds kernels for GPUs that are not there.
public struct BuildTuning: Sendable, Hashable {
    public var maxJobs: Int
    public var nvccThreads: Int
    /// FLASH_ATTN_CUDA_ARCHS: the detected GPUs' architectures only ("80" for any 8.x card).
    public var cudaArchs: String
    public var peakMemoryGiB: Double
    public var minutesLow: Double
    public var minutesHigh: Double

    /// Each nvcc thread of a job peaks at about this much memory (flash-attn's setup.py: ~8-9 GB a job at
    /// NVCC_THREADS=4).
    public static let gibPerNVCCThread = 2.2
    /// Core-minutes to compile one architecture's kernels with ninja (the README's 3-5 min for four
    /// architectures on 64 cores).
    static let coreMinutesPerArch = 64.0
    /// Without ninja, setuptools compiles one file at a time: the README's "~2 h".
    static let withoutNinjaFactor = 10.0

    /// `installsNinja`: the plan installs ninja before it builds (its prerequisites step does where ninja is
    /// missing), so the build has it whatever the target has now.
    public static func choose(for env: Environment, installsNinja: Bool = false) -> BuildTuning {
        let cores = max(1, env.toolchain.cpuCount)
        let available = env.toolchain.memoryAvailableGiB
        var threads = 4
        var jobs: Int
        if let available {
            jobs = Int(available / (Double(threads) * gibPerNVCCThread))
            if jobs < 1 {
                // Too little memory for one job at four threads: one job at two is half the peak.
                threads = 2
                jobs = 1
            }
            jobs = min(jobs, cores)
        } else {
            jobs = max(1, min(cores / 2, 4))
        }
        let archs = Self.archs(for: env.gpus)
        let archCount = Double(archs.split(separator: ";").count)
        let parallel = Double(min(cores, jobs * threads))
        var minutes = archCount * coreMinutesPerArch / parallel
        if !installsNinja, env.toolchain.ninja == nil, env.packages["ninja"].flatMap({ $0 }) == nil { minutes *= withoutNinjaFactor }
        return BuildTuning(
            maxJobs: jobs, nvccThreads: threads, cudaArchs: archs,
            peakMemoryGiB: (Double(jobs * threads) * gibPerNVCCThread * 10).rounded() / 10,
            minutesLow: max(1, (minutes * 0.7).rounded()), minutesHigh: max(2, (minutes * 1.5).rounded()))
    }

    /// The distinct build architectures of the GPUs, or flash-attn's default where none is known.
    static func archs(for gpus: [GPU]) -> String {
        var seen: [String] = []
        for gpu in gpus {
            guard let cc = gpu.computeCapability, cc >= CompatibilityRules.officialFloor else { continue }
            let arch = cc.flashAttentionBuildArch
            if !seen.contains(arch) { seen.append(arch) }
        }
        return seen.isEmpty ? "80;90;100;120" : seen.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.joined(separator: ";")
    }

    /// The variables a build step sets.
    public var environment: [String: String] {
        ["MAX_JOBS": String(maxJobs), "NVCC_THREADS": String(nvccThreads), "FLASH_ATTN_CUDA_ARCHS": cudaArchs]
    }
}
