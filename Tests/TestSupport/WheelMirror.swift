import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SetupCore

/// A wheel mirror on 127.0.0.1 (Tests/Fixtures/mirror_server.py) serving a folder laid out like the release
/// downloads, with test wheels made by make_wheel.py. Stopped when the value goes away.
public final class WheelMirror {
    public let root: String
    public let url: String
    public let port: Int
    private let server: Process

    /// One wheel to put in the mirror: its release file name and how it behaves.
    public struct Wheel: Sendable {
        public var filename: String
        public var requires: [String]?
        public var brokenExtension: String?

        public init(_ filename: String, requires: [String]? = nil, brokenExtension: String? = nil) {
            self.filename = filename
            self.requires = requires
            self.brokenExtension = brokenExtension
        }
    }

    /// Makes the wheels under ROOT/files/v{version}/, writes ROOT/files/releases.json in GitHub's format (with
    /// sha256 digests) unless `releasesJSON` is false, and starts the server.
    /// The release assets made, by file name, in GitHub's format ("__BASE__" where the server's URL goes).
    private var assets: [String: [String: Any]] = [:]

    public init(
        wheels: [Wheel], releasesJSON: Bool = true, throttle: Int? = nil, corrupt: String? = nil, stallAfter: Int? = nil,
        listing: Bool = false, noHead: Bool = false, tls: TestCertificates? = nil, hostile: [String] = []
    ) throws {
        let base = Fixtures.temporaryDirectory("mirror")
        root = base + "/files"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var releases: [String: [[String: Any]]] = [:]
        for wheel in wheels {
            guard let name = WheelName(wheel.filename) else { throw FixtureError("bad test wheel name \(wheel.filename)") }
            let folder = root + "/v\(name.version)"
            let (path, sha) = try Self.makeWheel(wheel, in: folder)
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let asset: [String: Any] = [
                "name": wheel.filename, "size": size, "digest": "sha256:\(sha)",
                "browser_download_url": "__BASE__/v\(name.version)/\(wheel.filename.replacingOccurrences(of: "+", with: "%2B"))",
            ]
            releases["v\(name.version)", default: []].append(asset)
            assets[wheel.filename] = asset
        }
        var arguments = [Fixtures.root + "/mirror_server.py", root]
        if let throttle { arguments += ["--throttle", String(throttle)] }
        if let corrupt { arguments += ["--corrupt", corrupt] }
        if let stallAfter { arguments += ["--stall-after", String(stallAfter)] }
        if listing { arguments.append("--listing") }
        if noHead { arguments.append("--no-head") }
        if let tls { arguments += ["--tls", tls.serverCertificate, tls.serverKey] }
        // mirror_server.py's hostile options (--endless PATH, --status PATH=CODE, --auth U:P, ...), as they are.
        arguments += hostile
        let (process, port) = try LoopbackServer.start(arguments)
        server = process
        self.port = port
        url = (tls == nil ? "http" : "https") + "://127.0.0.1:\(port)"
        if releasesJSON {
            let list = releases.keys.sorted().map { ["tag_name": $0, "draft": false, "assets": releases[$0]!] as [String: Any] }
            try write("releases.json", try apiJSON(list))
        }
    }

    func apiJSON(_ list: [[String: Any]]) throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
        return json.replacingOccurrences(of: "__BASE__", with: url).replacingOccurrences(of: "\\/", with: "/")
    }

    /// Puts a file in the served folder ("__BASE__" in it becomes the server's URL).
    public func write(_ relativePath: String, _ content: String) throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try content.replacingOccurrences(of: "__BASE__", with: url).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Serves the named wheels as one GitHub release of `repository` under ROOT/repos/{repository}/releases, as
    /// FLASH_ATTN_SETUP_GITHUB_API={url} makes the tool ask for it.
    public func serveReleasesAPI(repository: String, tag: String, wheels: [String]) throws {
        let release: [String: Any] = ["tag_name": tag, "draft": false, "assets": wheels.compactMap { assets[$0] }]
        try write("repos/\(repository)/releases", try apiJSON([release]))
    }

    /// The SHA-256 of a wheel the mirror made.
    public func sha256(of filename: String) -> String? {
        (assets[filename]?["digest"] as? String).map { String($0.dropFirst("sha256:".count)) }
    }

    /// Removes a file from the served folder (a release someone did not copy).
    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: root + "/" + relativePath)
    }

    /// Makes one wheel file with make_wheel.py; returns its path and sha256.
    public static func makeWheel(_ wheel: Wheel, in folder: String) throws -> (String, String) {
        var argv = ["/usr/bin/python3", Fixtures.root + "/make_wheel.py", folder, wheel.filename]
        for requirement in wheel.requires ?? [] { argv += ["--requires", requirement] }
        if wheel.requires == [] { argv += ["--requires", ""] }
        if let broken = wheel.brokenExtension { argv += ["--broken-extension", broken] }
        let outcome = try ChildProcess.run(argv, environment: Fixtures.environment(), timeout: 60)
        guard outcome.exitCode == 0, let text = outcome.stdoutText else { throw FixtureError("make_wheel.py: \(outcome.stderrText)") }
        let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return (parts[0], parts[1])
    }

    /// The requests the server has seen: "path range" lines.
    public var requests: [String] {
        ((try? String(contentsOfFile: (root as NSString).deletingLastPathComponent + "/requests.log", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    deinit {
        // Not terminate() + waitUntilExit(): on Linux the wait spins a run loop that a test's thread never runs.
        kill(server.processIdentifier, SIGKILL)
    }
}

/// Starts a Python server of Tests/Fixtures that prints "PORT <n>" once it listens on a port the system chose.
public enum LoopbackServer {
    public static func start(_ arguments: [String]) throws -> (Process, Int) {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = arguments
        let pipe = Pipe()
        server.standardOutput = pipe
        server.standardInput = FileHandle.nullDevice
        try server.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { throw FixtureError("\(arguments.first ?? "server") did not start") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw FixtureError("\(arguments.first ?? "server") printed \(text)")
        }
        return (server, port)
    }
}

/// A forward HTTP proxy on 127.0.0.1 (Tests/Fixtures/proxy_server.py) through which made-up host names reach
/// loopback ports: a request for such a host that arrives proves it went through the proxy.
public final class ForwardProxy {
    public let url: String
    private let log: String
    private let server: Process

    public init(hosts: [String: Int]) throws {
        log = Fixtures.temporaryDirectory("proxy") + "/requests.log"
        var arguments = [Fixtures.root + "/proxy_server.py", log]
        for (name, port) in hosts.sorted(by: { $0.key < $1.key }) { arguments += ["--host", "\(name)=\(port)"] }
        let (process, port) = try LoopbackServer.start(arguments)
        server = process
        url = "http://127.0.0.1:\(port)"
    }

    /// "METHOD absolute-URL" per request the proxy relayed.
    public var requests: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    deinit { kill(server.processIdentifier, SIGKILL) }
}

/// A private CA and a certificate it signed for 127.0.0.1, made with openssl for one test: what a company's
/// TLS-inspecting proxy or an internal mirror presents.
public struct TestCertificates: Sendable {
    public let authority: String
    public let serverCertificate: String
    public let serverKey: String

    public init() throws {
        let folder = Fixtures.temporaryDirectory("tls")
        authority = folder + "/ca.pem"
        serverCertificate = folder + "/server.pem"
        serverKey = folder + "/server.key"
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            .write(toFile: folder + "/server.ext", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/ca.key", "-out", authority,
             "-days", "2", "-subj", "/CN=flash-attn-setup test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", serverKey, "-out", folder + "/server.csr", "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", folder + "/server.csr", "-CA", authority, "-CAkey", folder + "/ca.key",
             "-CAcreateserial", "-out", serverCertificate, "-days", "2", "-extfile", folder + "/server.ext"],
        ]
        for step in steps {
            let outcome = try ChildProcess.run(["/usr/bin/openssl"] + step, environment: Fixtures.environment(), timeout: 60)
            guard outcome.exitCode == 0 else { throw FixtureError("openssl \(step[0]): \(outcome.stderrText)") }
        }
    }
}
