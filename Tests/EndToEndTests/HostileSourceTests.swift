import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// Wheel sources that misbehave the way a hostile or broken server does, through the binary: bodies that never end,
/// listings behind 401 and 403, ranges answered with the whole file. Each case failed before issue 23.
@Suite struct HostileSourceTests {
    static let prlimit = "/usr/bin/prlimit"

    /// The binary's argv, under a 2.5 GB address-space limit (a small container) where prlimit exists.
    static func limited(_ arguments: [String]) -> [String] {
        let binary = [BuiltBinary.path] + arguments
        return FileManager.default.isExecutableFile(atPath: prlimit) ? [prlimit, "--as=2500000000"] + binary : binary
    }

    func run(_ arguments: [String], extra: [String: String] = [:]) throws -> BuiltBinary.Run {
        var env = Fixtures.environment(profile: "rtx4090", extra: extra)
        env["XDG_CACHE_HOME"] = Fixtures.temporaryDirectory("cache")
        env["XDG_STATE_HOME"] = Fixtures.temporaryDirectory("state")
        let argv = Self.limited(arguments)
        let outcome = try ChildProcess.run(argv, environment: env, timeout: 120)
        return BuiltBinary.Run(
            status: outcome.exitCode, stdout: String(decoding: outcome.stdout, as: UTF8.self), stderr: outcome.stderrText,
            seconds: outcome.seconds)
    }

    /// An endless page, releases.json or API answer used to grow the process to the HTTP client's 4 GiB and die
    /// with SIGILL under a 2.5 GB limit. Now each is read up to 8 MB and the source is said to be too large.
    @Test(arguments: ["/", "/releases.json"])
    func anEndlessListingIsCutAtTheLimitAndTheSourceSaidToBeTooLarge(path: String) throws {
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())], releasesJSON: false, hostile: ["--endless", path])
        let python = try TestVenv.python(InstallTests.venv)
        let plan = try run(["plan", "--method", "wheel", "--wheel-source", mirror.url, "--python", python])
        #expect(plan.status == 1, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.components(separatedBy: "sent more than 8 MB, more than any listing holds, so it was not read").count == 3, "said as the wheel route's reason and the plan's blocker, no more: \(plan.stdout)")
        #expect(plan.seconds < 60)
    }

    /// A wheel mirror that did not answer made `install --yes` with no method recommend, and start, a build of
    /// hours. A source that cannot be read leaves the wheel unknown: the install stops and says so.
    @Test func aStalledWheelSourceStopsTheInstallInsteadOfStartingABuild() throws {
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())], stallAfter: 0)
        let python = try TestVenv.freshCopy(.init(torch: InstallTests.torch, withPip: true, buildDeps: true))
        let install = try run(
            ["install", "--yes", "--json", "--wheel-source", mirror.url, "--python", python],
            extra: ["CUDA_HOME": Fixtures.root + "/fake-cuda"])
        let json = try install.json()
        #expect(json["method"] as? String != "source" && json["method"] as? String != "pip", "\(install.stdout)")
        let plan = try #require(json["plan"] as? [String: Any])
        #expect(plan["recommended"] as? String == "sdpa")
        #expect((plan["recommendation"] as? String ?? "").contains("a build from source is not recommended in its place"), "\(install.stdout)")
        let routes = plan["routes"] as? [[String: Any]] ?? []
        let wheel = routes.first { $0["method"] as? String == "wheel" }
        #expect((wheel?["reasons"] as? [[String: Any]])?.first?["code"] as? String == "wheel-source-failed")
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
    }

    /// A mirror behind basic auth failed with 401 where pip, given https://user:password@host/, succeeds. The
    /// credentials are sent as pip sends them, and never printed.
    @Test func aMirrorBehindBasicAuthIsReadAndDownloadedWithTheURLsCredentialsNeverShown() throws {
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())], hostile: ["--auth", "fleet:s3cr%t@pw"])
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let withCredentials = mirror.url.replacingOccurrences(of: "http://", with: "http://fleet:s3cr%25t%40pw@")
        let install = try run(["install", "--yes", "--method", "wheel", "--wheel-source", withCredentials, "--python", python])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        #expect(!(install.stdout + install.stderr).contains("s3cr"), "\(install.stdout)")
        #expect(mirror.requests.contains { $0.hasPrefix("/v2.8.3/") })
        let logPath = install.stdout.split(separator: "\n").last { $0.hasPrefix("Log: ") }.map { String($0.dropFirst(5)) } ?? ""
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("fleet:****@127.0.0.1") && !log.contains("s3cr"))

        let refused = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url, "--python", python])
        let reasons = try #require(try refused.json()["blockers"] as? [String])
        #expect(reasons.first?.contains("answered HTTP 401: it wants credentials; give them in the URL as pip takes them") == true, "\(reasons)")
    }

    /// An S3-style mirror that answers 403 for releases.json, and a server that answers every path with a web
    /// page, used to fail as a whole although the release folder's file was there.
    @Test(arguments: [["--status", "/releases.json=403"], ["--html-everywhere"]])
    func aListingThatIsForbiddenOrAWebPageIsNoListingAndTheFilesAreStillFound(hostile: [String]) throws {
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())], releasesJSON: false, hostile: hostile)
        let python = try TestVenv.python(InstallTests.venv)
        let plan = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url, "--python", python])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let wheel = try #require(try plan.json()["wheel"] as? [String: Any], "\(plan.stdout)")
        #expect(wheel["filename"] as? String == InstallTests.name())
    }

    /// `plan --json --method wheel` by the default source, with both projects' release lists on a mirror_server.py
    /// that answers them with `option` (`--status` or `--endless`) and `suffix` after their path.
    func planWithHostileReleaseLists(_ option: String, suffix: String = "") throws -> BuiltBinary.Run {
        let projects = WheelProjects.builtIn
        let hostile = [projects.official, projects.community].flatMap { [option, "/repos/\($0.repository)/releases" + suffix] }
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())], releasesJSON: false, hostile: hostile)
        let python = try TestVenv.python(InstallTests.venv)
        return try run(["plan", "--json", "--method", "wheel", "--python", python], extra: ["FLASH_ATTN_SETUP_GITHUB_API": mirror.url])
    }

    /// GitHub's rate limit (403 without a token) was reported as "check that the URL is right".
    @Test func aRateLimitedAPIIsSaidToBeRateLimited() throws {
        let plan = try planWithHostileReleaseLists("--status", suffix: "=403")
        let note = try plan.json()["listingNote"] as? String ?? ""
        #expect(note.contains("once the hourly limit on requests without a token (60) is spent; set GITHUB_TOKEN"), "\(note)")
        #expect(!note.contains("check that the URL is right"))
    }

    /// Relative links of a page reached through a redirect resolved against the address asked, not the one that
    /// answered, so every wheel it listed was looked for in the wrong folder.
    @Test func aPagesRelativeLinksResolveWhereItWasServedFromAfterARedirect() throws {
        let name = InstallTests.name()
        let mirror = try WheelMirror(wheels: [.init(name)], releasesJSON: false, hostile: ["--redirect", "/start/=/pages/"])
        try FileManager.default.createDirectory(atPath: mirror.root + "/pages/files", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: mirror.root + "/v2.8.3/" + name, toPath: mirror.root + "/pages/files/" + name)
        let href = "files/" + name.replacingOccurrences(of: "+", with: "%2B")
        try mirror.write("pages/index.html", "<html><body><a href=\"\(href)\">\(name)</a></body></html>\n")
        let python = try TestVenv.python(InstallTests.venv)
        let plan = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url + "/start", "--python", python])
        let wheel = try #require(try plan.json()["wheel"] as? [String: Any], "\(plan.stdout)")
        #expect((wheel["url"] as? String ?? "").hasPrefix(mirror.url + "/pages/files/"), "\(wheel)")
    }

    @Test func anEndlessAPIAnswerLeavesTheBuiltInCatalogAndSaysWhy() throws {
        let plan = try planWithHostileReleaseLists("--endless")
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let json = try plan.json()
        let wheel = try #require(json["wheel"] as? [String: Any], "\(plan.stdout)")
        #expect(wheel["host"] as? String == "github.com")
        #expect((json["listingNote"] as? String ?? "").contains("sent more than 8 MB"), "\(plan.stdout)")
    }
}
