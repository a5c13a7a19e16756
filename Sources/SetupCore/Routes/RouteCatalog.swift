import Foundation

/// The facts the routes beside the official wheels rest on (the hub kernel, a build of main, FlashAttention-4,
/// nvcc from the package index), kept as data in route-catalog.json so that a new release is a data change.
public struct RouteCatalog: Sendable, Hashable, Decodable {
    /// The FlashAttention-2 kernel transformers loads from the hub when flash_attn is missing.
    public struct HubKernel: Sendable, Hashable, Decodable {
        public struct Version: Sendable, Hashable, Decodable {
            public var version: Int
            public var torchAtLeast: String
        }
        public var repo: String
        /// Newest first: the first whose torch floor this torch meets is the version transformers asks for.
        public var versions: [Version]
        /// The capabilities the kernel is built for; a GPU runs the build of its family (8.6 and 8.9 run 8.0's).
        public var capabilityFamilies: [String]
        public var downloadMegabytes: Double
        public var transformersAtLeast: String

        public func version(forTorch release: String) -> Int? {
            versions.first { compareVersions(release, $0.torchAtLeast) != .orderedAscending }?.version
        }
    }

    /// One transformers release and the `kernels` window it pins.
    public struct KernelsWindow: Sendable, Hashable, Decodable {
        public var transformers: String
        public var kernels: String
    }

    /// flash-attention's main branch: the source to build where no release compiles against this torch.
    public struct SourceMain: Sendable, Hashable, Decodable {
        public var repository: String
        public var ref: String
        public var version: String
        public var cxx20Since: String
        public var cudaArchsDefault: String
    }

    public struct FlashAttention4: Sendable, Hashable, Decodable {
        public var package: String
        public var knownNewest: String
        public var capabilityMajors: [Int]
        public var pythonAtLeast: String
        public var pythonBelow: String
        public var cuda13Extra: String
        public var downloadMegabytes: Double
    }

    /// Which package index distribution carries nvcc for a CUDA major, and how its version follows torch's pin.
    public struct NVCCPackage: Sendable, Hashable, Decodable {
        public enum Pin: String, Sendable, Hashable, Decodable {
            /// The same version torch pins (cuda-toolkit==13.2.2).
            case exact
            /// The same major.minor (nvidia-cuda-nvcc-cu12==12.8.*), since the nvcc wheel's patch level differs.
            case minor
        }
        public var requirement: String
        /// The distribution in torch's Requires-Dist whose version decides ours.
        public var pinFrom: String
        public var pin: Pin
    }

    public struct NVCCFromIndex: Sendable, Hashable, Decodable {
        public var cuda13: NVCCPackage
        public var cuda12: NVCCPackage
        public var downloadMegabytes: Double

        public func package(cudaMajor: Int) -> NVCCPackage? {
            switch cudaMajor {
            case 13: return cuda13
            case 12: return cuda12
            default: return nil
            }
        }
    }

    public var hubKernel: HubKernel
    public var transformersKernelsWindows: [KernelsWindow]
    public var sourceMain: SourceMain
    public var flashAttention4: FlashAttention4
    public var nvccFromIndex: NVCCFromIndex

    /// The catalog compiled into the binary.
    public static let builtIn = decodeEmbedded(RouteCatalog.self, from: PackageResources.route_catalog_json, named: "route-catalog.json")

    /// The newest transformers release whose kernels window holds one of these kernels versions, with that version.
    public func transformersPairing(availableKernels: [String]) -> (transformers: String, kernels: String)? {
        for window in transformersKernelsWindows.sorted(by: { comparePackageVersions($0.transformers, $1.transformers) == .orderedDescending }) {
            guard let requirement = VersionRequirement(window.kernels) else { continue }
            if let best = requirement.newest(of: availableKernels) { return (window.transformers, best) }
        }
        return nil
    }
}
