/// One NVIDIA GPU as the driver reports it.
public struct GPU: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// nvidia-smi's index (PCI order), which CUDA_VISIBLE_DEVICES refers to by default.
    public var index: Int
    public var name: String
    public var computeCapability: ComputeCapability?
    public var memoryMiB: Int?
    public var uuid: String?
    public var busId: String?
    /// True when the compute capability came from the built-in table of GPU names, not the driver.
    public var inferred: Bool
    /// MIG mode where the driver reports it (nvidia-smi's words, which `detect --json` keeps); nil where it does
    /// not apply ("[N/A]") or reads as neither.
    public enum MIGMode: String, Sendable, Hashable, Codable {
        case enabled = "Enabled"
        case disabled = "Disabled"
    }

    public var migMode: MIGMode?

    public init(
        index: Int, name: String, computeCapability: ComputeCapability?, memoryMiB: Int? = nil,
        uuid: String? = nil, busId: String? = nil, inferred: Bool = false, migMode: MIGMode? = nil
    ) {
        self.index = index
        self.name = name
        self.computeCapability = computeCapability
        self.memoryMiB = memoryMiB
        self.uuid = uuid
        self.busId = busId
        self.inferred = inferred
        self.migMode = migMode
    }
}

/// The NVIDIA kernel driver: its version and the newest CUDA it supports.
public struct Driver: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var version: String
    /// "12.4" as nvidia-smi's banner says; nil where it could not be read.
    public var cudaVersion: String?

    public init(version: String, cudaVersion: String?) {
        self.version = version
        self.cudaVersion = cudaVersion
    }
}
