import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// No argument of the user's, and nothing read from a file, reaches a shell: paths, versions and sources with
/// shell syntax in them are taken as the literal text they are.
@Suite struct NoShellTests {
    /// What a shell would run out of each string: `touch` of a file this test then looks for.
    static let marker = "pwned-\(UUID().uuidString)"
    static let injected = "$(touch \(marker))`touch \(marker)`; touch \(marker) && rm -rf nothing-here"

    func noMarkerWasMade(_ home: String) {
        let cwd = FileManager.default.currentDirectoryPath
        for folder in [cwd, home, TestScratch.root, "/tmp"] {
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + Self.marker), "a shell ran in \(folder)")
        }
    }

    @Test func aWheelFolderWithShellSyntaxInItsNameIsUsedLiterally() throws {
        let folder = Fixtures.temporaryDirectory("noshell") + "/wheels " + Self.injected
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try WheelMirror.makeWheel(.init(InstallTests.name()), in: folder)
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let home = Fixtures.temporaryDirectory("home")
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "HOME": home, "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
        ])
        let result = try BuiltBinary.run(
            ["install", "--yes", "--method", "wheel", "--wheel-source", folder, "--python", python], environment: env, timeout: 300)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        noMarkerWasMade(home)
    }

    @Test func pathsVersionsRefsAndSourcesWithShellSyntaxRunNothing() throws {
        let home = Fixtures.temporaryDirectory("home")
        let env = Fixtures.environment(profile: "rtx4090", extra: ["HOME": home])
        let python = try TestVenv.python(InstallTests.venv)
        let checkout = Fixtures.temporaryDirectory("noshell") + "/src; " + Self.injected
        try FileManager.default.createDirectory(atPath: checkout, withIntermediateDirectories: true)
        try "from setuptools import setup\nsetup(name='flash_attn', version='2.8.3')\n".write(
            toFile: checkout + "/setup.py", atomically: true, encoding: .utf8)
        let runs: [[String]] = [
            ["check", "--python", "/tmp/" + Self.injected + "/python"],
            ["plan", "--python", python, "--flash-attn-version", "2.8.3; touch \(Self.marker)"],
            ["plan", "--python", python, "--wheel-source", "http://127.0.0.1:9/" + Self.injected],
            ["plan", "--python", python, "--method", "source", "--source-path", checkout],
            ["plan", "--python", python, "--method", "source", "--ref", "$(touch${IFS}\(Self.marker))"],
            ["plan", "--python", python, "--method", "source", "--source-repository", "--upload-pack=touch \(Self.marker)"],
            ["diagnose", "/tmp/" + Self.injected],
        ]
        for arguments in runs {
            let result = try BuiltBinary.run(arguments, environment: env, timeout: 120)
            #expect(result.status != nil, "\(arguments) did not end")
        }
        noMarkerWasMade(home)
    }
}
