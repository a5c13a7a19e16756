import Foundation

/// Where a catalog entry's facts were read and when: the catalog is the dated offline fallback for what the tool
/// reads from upstream itself, so each entry says how old it is, and the release fails on one past its shelf life.
public struct Provenance: Sendable, Hashable, Codable {
    public var source: String
    /// The day it was last checked against its source, YYYY-MM-DD.
    public var checked: String
    /// How many days it may go unchecked (scripts/check-catalog-age).
    public var shelfLifeDays: Int
}

/// The facts the routes beside the official wheels rest on (the hub kernel, a build of main, FlashAttention-4,
/// nvcc from the package index) as dated data in route-catalog.json: the fallback for when upstream cannot be read.
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
        public var provenance: Provenance

        public func version(forTorch release: String) -> Int? {
            versions.first { compareVersions(release, $0.torchAtLeast) != .orderedAscending }?.version
        }
    }

    /// One transformers release and the `kernels` window it pins.
    public struct KernelsWindow: Sendable, Hashable, Decodable {
        public var transformers: String
        public var kernels: String
    }

    /// The windows of the transformers releases read so far, for when the index's metadata cannot be read.
    public struct KernelsWindows: Sendable, Hashable, Decodable {
        public var provenance: Provenance
        public var windows: [KernelsWindow]
    }

    /// flash-attention's main branch: the source to build where no release compiles against this torch.
    public struct SourceMain: Sendable, Hashable, Decodable {
        public var repository: String
        public var ref: String
        public var version: String
        public var cxx20Since: String
        public var provenance: Provenance
    }

    public struct FlashAttention4: Sendable, Hashable, Decodable {
        public var package: String
        public var knownNewest: String
        public var capabilityMajors: [Int]
        public var pythonAtLeast: String
        public var pythonBelow: String
        public var cuda13Extra: String
        public var downloadMegabytes: Double
        public var provenance: Provenance
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
        public var provenance: Provenance

        public func package(cudaMajor: Int) -> NVCCPackage? {
            switch cudaMajor {
            case 13: return cuda13
            case 12: return cuda12
            default: return nil
            }
        }
    }

    /// Since when PyTorch's own SDPA runs a FlashAttention-2 kernel itself: what a long build is weighed against.
    public struct SDPAFlashKernel: Sendable, Hashable, Decodable {
        public var fromCapability: String
        public var torchAtLeast: String
        /// Where it is said, short enough for a sentence.
        public var reference: String
        public var provenance: Provenance
    }

    public var hubKernel: HubKernel
    public var transformersKernelsWindows: KernelsWindows
    public var sdpaFlashKernel: SDPAFlashKernel
    public var sourceMain: SourceMain
    public var flashAttention4: FlashAttention4
    public var nvccFromIndex: NVCCFromIndex

    /// Every entry's provenance, named as in the JSON.
    public var provenances: [(entry: String, provenance: Provenance)] {
        [("hubKernel", hubKernel.provenance), ("transformersKernelsWindows", transformersKernelsWindows.provenance),
         ("sourceMain", sourceMain.provenance), ("flashAttention4", flashAttention4.provenance),
         ("nvccFromIndex", nvccFromIndex.provenance), ("sdpaFlashKernel", sdpaFlashKernel.provenance)]
    }

    /// The day of the oldest check: what "the catalog of DATE" says.
    public var checked: String { provenances.map(\.provenance.checked).min() ?? "?" }

    /// The catalog compiled into the binary.
    public static let builtIn = decodeEmbedded(RouteCatalog.self, from: PackageResources.route_catalog_json, named: "route-catalog.json")

    /// The newest transformers release whose kernels window holds one of these kernels versions, with that version.
    public func transformersPairing(availableKernels: [String]) -> (transformers: String, kernels: String)? {
        for window in transformersKernelsWindows.windows.sorted(by: { comparePackageVersions($0.transformers, $1.transformers) == .orderedDescending }) {
            guard let requirement = VersionRequirement(window.kernels) else { continue }
            if let best = requirement.newest(of: availableKernels) { return (window.transformers, best) }
        }
        return nil
    }
}
