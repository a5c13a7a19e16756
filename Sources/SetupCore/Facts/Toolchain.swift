/// The CUDA compiler found for builds: where, and which release.
public struct NVCC: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var path: String
    /// "12.4" from "Cuda compilation tools, release 12.4, V12.4.131"; nil where the output had none.
    public var version: String?

    public init(path: String, version: String?) {
        self.path = path
        self.version = version
    }
}

/// What a source build would run with: compilers, cores, memory and disk.
public struct Toolchain: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var nvcc: NVCC?
    /// CUDA_HOME (or CUDA_PATH) as set in the environment.
    public var cudaHome: String?
    /// Path of the ninja that a build would find.
    public var ninja: String?
    /// "g++ (Debian 12.2.0-14) 12.2.0", the first line of `c++ --version`.
    public var compiler: String?
    public var cpuCount: Int
    public var memoryTotalGiB: Double?
    public var memoryAvailableGiB: Double?
    /// Free space where pip installs (the target's site-packages, else the current folder).
    public var diskFreeGiB: Double?

    public init(
        nvcc: NVCC? = nil, cudaHome: String? = nil, ninja: String? = nil, compiler: String? = nil,
        cpuCount: Int, memoryTotalGiB: Double? = nil, memoryAvailableGiB: Double? = nil, diskFreeGiB: Double? = nil
    ) {
        self.nvcc = nvcc
        self.cudaHome = cudaHome
        self.ninja = ninja
        self.compiler = compiler
        self.cpuCount = cpuCount
        self.memoryTotalGiB = memoryTotalGiB
        self.memoryAvailableGiB = memoryAvailableGiB
        self.diskFreeGiB = diskFreeGiB
    }
}

/// The machine itself: operating system, processor, and which GPUs the user's programs will see.
public struct Host: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// uname's system name: "Linux".
    public var os: String
    /// uname's machine: "x86_64", "aarch64".
    public var arch: String
    /// CUDA_VISIBLE_DEVICES as set, nil where unset.
    public var cudaVisibleDevices: String?

    public init(os: String, arch: String, cudaVisibleDevices: String?) {
        self.os = os
        self.arch = arch
        self.cudaVisibleDevices = cudaVisibleDevices
    }
}
