import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SetupCore

/// squid from Debian's package, in the configuration the package installs (/etc/squid/squid.conf), changed only
/// where a test's squid must differ: its port on 127.0.0.1, its pid file and logs in a folder of the test's, no ICMP
/// helper. So it
/// refuses CONNECT to any port but 443 (`http_access deny CONNECT !SSL_ports`) as a stock proxy does. With `users`,
/// every request must carry one of their user:password pairs (Basic auth through squid's basic_ncsa_auth).
public final class SquidProxy {
    public static let program = "/usr/sbin/squid"
    public static let stockConfiguration = "/etc/squid/squid.conf"
    public let port: Int
    private let folder: String
    private let server: Process

    /// Whether this machine has squid to run (.ci/run installs it).
    public static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: program) && FileManager.default.fileExists(atPath: stockConfiguration)
    }

    public init(users: [String: String] = [:]) throws {
        folder = Fixtures.temporaryDirectory("squid")
        // squid started as root works as the user `proxy`, which writes its logs here.
        chmod(folder, 0o777)
        port = try Self.freePort()
        var lines = try String(contentsOfFile: Self.stockConfiguration, encoding: .utf8).components(separatedBy: "\n")
        guard let listen = lines.firstIndex(where: { $0.hasPrefix("http_port ") }) else {
            throw FixtureError("\(Self.stockConfiguration) has no http_port line")
        }
        lines[listen] = "http_port 127.0.0.1:\(port)"
        if !users.isEmpty {
            // Where the stock file says to put local rules: before its own `http_access allow localhost`.
            guard let local = lines.firstIndex(where: { $0.hasPrefix("include /etc/squid/conf.d/") }) else {
                throw FixtureError("\(Self.stockConfiguration) has no conf.d include")
            }
            var passwords = ""
            for (user, password) in users.sorted(by: { $0.key < $1.key }) {
                let hashed = try ChildProcess.run(
                    ["/usr/bin/openssl", "passwd", "-apr1", password], environment: Fixtures.environment(), timeout: 30)
                guard hashed.exitCode == 0 else { throw FixtureError("openssl passwd: \(hashed.stderrText)") }
                passwords += user + ":" + (hashed.stdoutText ?? "").trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
            }
            try passwords.write(toFile: folder + "/passwords", atomically: true, encoding: .utf8)
            chmod(folder + "/passwords", 0o644)
            lines.insert(contentsOf: [
                "auth_param basic program /usr/lib/squid/basic_ncsa_auth \(folder)/passwords",
                "acl users proxy_auth REQUIRED",
                "http_access deny !users",
            ], at: local + 1)
        }
        lines += [
            "pid_filename \(folder)/squid.pid",
            "access_log stdio:\(folder)/access.log",
            "cache_log \(folder)/cache.log",
            "coredump_dir \(folder)",
            // The ICMP helper outlives a squid that is killed, and no test measures hops.
            "pinger_enable off",
        ]
        try lines.joined(separator: "\n").write(toFile: folder + "/squid.conf", atomically: true, encoding: .utf8)
        chmod(folder + "/squid.conf", 0o644)

        server = Process()
        server.executableURL = URL(fileURLWithPath: Self.program)
        server.arguments = ["-N", "-f", folder + "/squid.conf"]
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        let started = ContinuousClock.now
        while !Self.accepts(port) {
            guard server.isRunning, ContinuousClock.now - started < .seconds(20) else {
                let log = (try? String(contentsOfFile: folder + "/cache.log", encoding: .utf8)) ?? ""
                kill(server.processIdentifier, SIGKILL)
                throw FixtureError("squid did not start listening on \(port): \(log.suffix(2000))")
            }
            usleep(50_000)
        }
    }

    /// The proxy's address, with `user:password` in it where given (percent-encoded, as a URL holds them).
    public func url(user: String? = nil, password: String? = nil) -> String {
        guard let user else { return "http://127.0.0.1:\(port)" }
        let allowed = CharacterSet.alphanumerics
        let encoded = [user, password ?? ""].map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        return "http://\(encoded[0]):\(encoded[1])@127.0.0.1:\(port)"
    }

    /// squid's access log, a line a request: "... TCP_MISS/200 342479 GET http://127.0.0.1:8123/x.whl user ...".
    public var requests: [String] {
        ((try? String(contentsOfFile: folder + "/access.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The first line of squid's answer to `CONNECT target`, sent as a client would: what a tunnel to that address
    /// is told.
    public func answerToConnect(_ target: String) throws -> String {
        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            s.sendall(("CONNECT %s HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n" % (sys.argv[2], sys.argv[2])).encode())
            print(s.recv(200).decode("latin-1").split("\\r\\n")[0])
            """
        let outcome = try ChildProcess.run(
            ["/usr/bin/python3", "-c", script, String(port), target], environment: Fixtures.environment(), timeout: 30)
        return (outcome.stdoutText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        // Not terminate(): squid waits out its shutdown_lifetime (30 s) on SIGTERM. Its helpers end when their
        // pipes to it close. No waitUntilExit either (see WheelMirror).
        kill(server.processIdentifier, SIGKILL)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw FixtureError("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
