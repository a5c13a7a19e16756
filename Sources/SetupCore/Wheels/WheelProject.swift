import Foundation

/// What kind of place a wheel came from, as `plan --json`'s `wheel.source` says it.
public enum WheelOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    /// Dao-AILab's own release assets.
    case official
    /// A community project's release assets (mjun0812/flash-attention-prebuild-wheels).
    case community
    /// A URL prefix laid out like the release downloads.
    case mirror
    /// A PEP 503 simple index or a find-links page of links.
    case index
    /// A folder on this machine.
    case folder
}

/// The rule a project's wheels must meet to load in a target, kept in Wheels/wheel-projects.json.
public struct WheelMatchRule: Sendable, Hashable, Codable {
    /// How a wheel's torch part must match the target's torch.
    public enum Torch: String, Sendable, Hashable, Codable {
        /// Major and minor equal; a name with a full version ("2.8.0") must equal it exactly.
        case majorMinor = "major-minor"
    }
    /// How a wheel's cu part must match torch.version.cuda.
    public enum CUDA: String, Sendable, Hashable, Codable {
        /// The tag the release's setup.py would guess (Wheels/release-catalog.json's cudaTagRule), or the exact one.
        case releaseRule = "release-rule"
        /// The same CUDA major; CUDA's minor version compatibility lets another minor load.
        case sameMajor = "same-major"
    }
    /// What a wheel's C++ ABI is taken to be.
    public enum CXX11ABI: String, Sendable, Hashable, Codable {
        /// What the name says; a name without it is unknown (verification tells).
        case fromName = "from-name"
        /// TRUE, whatever the name leaves out (built against the package index's torch).
        case `true`
    }
    /// Where the glibc a wheel needs is read.
    public enum Glibc: String, Sendable, Hashable, Codable {
        /// The release catalog's minimumGlibc for the release (the tag says linux_x86_64, which tells nothing).
        case releaseCatalog = "release-catalog"
        /// The manylinux tag of the wheel's name alone.
        case platformTag = "platform-tag"
    }

    public var torch: Torch
    public var cuda: CUDA
    public var cxx11abi: CXX11ABI
    public var glibc: Glibc
}

/// One builder of flash-attn wheels: who it is, where its releases are listed and the rule its wheels meet.
public struct WheelProject: Sendable, Hashable, Codable {
    /// "official" or "community": the name `--wheel-source` takes.
    public var id: WheelOrigin
    /// Who built the wheels, as the plan names them.
    public var project: String
    /// owner/name on GitHub, whose releases API lists the assets.
    public var repository: String
    public var rule: WheelMatchRule

    /// The REST API listing of the project's releases. FLASH_ATTN_SETUP_GITHUB_API replaces https://api.github.com
    /// (a GitHub Enterprise host, an internal mirror of the API, or the tests' loopback server).
    public func releasesAPI(_ environment: [String: String]) -> URL {
        let base = environment["FLASH_ATTN_SETUP_GITHUB_API"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.github.com"
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return URL(string: "\(trimmed)/repos/\(repository)/releases?per_page=100") ?? URL(string: "https://api.github.com")!
    }
}

/// The projects of Wheels/wheel-projects.json, embedded in the binary.
public struct WheelProjects: Sendable, Hashable, Codable {
    public var projects: [WheelProject]

    public static let builtIn = decodeEmbedded(WheelProjects.self, from: PackageResources.wheel_projects_json, named: "wheel-projects.json")

    public var official: WheelProject { projects.first { $0.id == .official }! }
    public var community: WheelProject { projects.first { $0.id == .community }! }

    /// The project whose wheels came from `origin`; for a mirror, an index or a folder, the one whose name form the
    /// wheel has (official names say their C++ ABI, community names do not), since nothing else tells.
    public func project(for origin: WheelOrigin, name: WheelName) -> WheelProject {
        switch origin {
        case .official: return official
        case .community: return community
        case .mirror, .index, .folder: return name.cxx11abi != nil ? official : community
        }
    }
}
