import Foundation

/// Finds what a source build would use: nvcc, CUDA_HOME, ninja, the C++ compiler, cores, memory and disk.
public struct ToolchainProbe: Sendable {
    public var environment: [String: String]
    public var timeout: Double
    /// /proc, for meminfo; a parameter so tests can give their own.
    public var procRoot: String

    public init(environment: [String: String], timeout: Double = 10, procRoot: String = "/proc") {
        self.environment = environment
        self.timeout = timeout
        self.procRoot = procRoot
    }

    /// Everything that needs no knowledge of the target Python; runs beside the Python probe.
    public func run() -> Toolchain {
        let cudaHome = nonEmpty(environment["CUDA_HOME"]) ?? nonEmpty(environment["CUDA_PATH"])
        let nvccPath = Self.nvccCandidates(cudaHome: cudaHome, path: environment["PATH"]).first {
            ExecutableSearch.isExecutableFile($0)
        }
        let search = ExecutableSearch(path: environment["PATH"])
        let (nvcc, compiler) = concurrently(
            { nvccPath.map { NVCC(path: $0, version: self.nvccVersion($0)) } },
            { self.compilerVersion(search: search) })
        let memory = Self.memory(meminfo: (try? String(contentsOfFile: procRoot + "/meminfo", encoding: .utf8)) ?? "")
        return Toolchain(
            nvcc: nvcc, cudaHome: cudaHome, ninja: search.find("ninja"), compiler: compiler,
            cpuCount: ProcessInfo.processInfo.activeProcessorCount, memoryTotalGiB: memory.total,
            memoryAvailableGiB: memory.available, diskFreeGiB: Self.freeGiB(at: FileManager.default.currentDirectoryPath))
    }

    /// Adds what can only be known once the target Python is: its venv's ninja (pip installs ninja there, and a
    /// build runs with the venv's bin first on PATH), nvcc from the nvidia-cuda-nvcc wheel in its site-packages,
    /// and the free disk where pip will install.
    public func completing(_ toolchain: Toolchain, for python: PythonEnvironment) -> Toolchain {
        var result = toolchain
        let bin = ((python.virtualEnv ?? python.conda).map { $0 + "/bin" })
            ?? (python.executable as NSString).deletingLastPathComponent
        if ExecutableSearch.isExecutableFile(bin + "/ninja") { result.ninja = bin + "/ninja" }
        if result.nvcc == nil, let site = python.sitePackages,
            let path = Self.pipInstalledNVCC(sitePackages: site)
        {
            result.nvcc = NVCC(path: path, version: nvccVersion(path))
        }
        if let site = python.sitePackages, let free = Self.freeGiB(at: site) { result.diskFreeGiB = free }
        return result
    }

    /// CUDA_HOME/bin, then PATH, then /usr/local/cuda: the order torch's cpp_extension looks in.
    static func nvccCandidates(cudaHome: String?, path: String?) -> [String] {
        var list: [String] = []
        if let cudaHome { list.append(cudaHome + "/bin/nvcc") }
        list += ExecutableSearch(path: path).directories.map { $0 + "/nvcc" }
        list.append("/usr/local/cuda/bin/nvcc")
        return list
    }

    /// site-packages/nvidia/*/bin/nvcc, as the nvidia-cuda-nvcc wheels lay it out (nvidia/cu13/bin/nvcc, or
    /// nvidia/cuda_nvcc/bin/nvcc for CUDA 12).
    static func pipInstalledNVCC(sitePackages: String) -> String? {
        let nvidia = sitePackages + "/nvidia"
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: nvidia)) ?? []).sorted()
        return folders.map { nvidia + "/\($0)/bin/nvcc" }.first(where: ExecutableSearch.isExecutableFile)
    }

    /// "12.4" from nvcc's "Cuda compilation tools, release 12.4, V12.4.131".
    public static func nvccRelease(fromVersionOutput text: String) -> String? {
        text.firstMatch(of: #/release\s+([0-9]+\.[0-9]+)/#).map { String($0.1) }
    }

    func nvccVersion(_ path: String) -> String? {
        guard let outcome = try? ChildProcess.run([path, "--version"], environment: environment, timeout: timeout),
            let text = outcome.stdoutText
        else { return nil }
        return Self.nvccRelease(fromVersionOutput: text)
    }

    func compilerVersion(search: ExecutableSearch) -> String? {
        let compiler = nonEmpty(environment["CXX"]) ?? search.find("c++") ?? search.find("g++")
        guard let compiler,
            let outcome = try? ChildProcess.run([compiler, "--version"], environment: environment, timeout: timeout),
            outcome.exitCode == 0
        else { return nil }
        return outcome.stdoutText?.split(whereSeparator: \.isNewline).first.map(String.init)
    }

    /// MemTotal and MemAvailable from /proc/meminfo, in GiB.
    public static func memory(meminfo: String) -> (total: Double?, available: Double?) {
        func field(_ name: String) -> Double? {
            guard let line = meminfo.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(name + ":") }),
                let kib = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Double($0) })
            else { return nil }
            return (kib / 1_048_576 * 10).rounded() / 10
        }
        return (field("MemTotal"), field("MemAvailable"))
    }

    static func freeGiB(at path: String) -> Double? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let bytes = Double(stats.f_bavail) * Double(stats.f_frsize)
        return (bytes / 1_073_741_824 * 10).rounded() / 10
    }
}

private func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
}
