import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// Faults a real machine has: a full disk under the download cache and under the log, a server that stops sending.
/// Each ends in a sentence, exit 1, nothing half-installed and nothing left running.
@Suite struct FaultTests {
    /// A small tmpfs exists only inside a user and mount namespace of the test's own (no root needed, nothing of the
    /// machine's touched): `unshare -r -m` with a fixed script that mounts it and runs the tool.
    static let canMountTmpfs: Bool = {
        let probe = try? ChildProcess.run(
            ["/usr/bin/unshare", "-r", "-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], timeout: 20)
        return probe?.exitCode == 0
    }()

    /// Runs `script` under `sh -c` in a user and mount namespace of its own, with `arguments` as its "$@", the built
    /// binary's path first among them where the script is to run it.
    func inOwnNamespace(
        _ script: String, _ arguments: [String], environment: [String: String], timeout: Double = 300
    ) throws -> BuiltBinary.Run {
        let outcome = try ChildProcess.run(
            ["/usr/bin/unshare", "-r", "-m", "/bin/sh", "-c", script, "sh"] + arguments, environment: environment, timeout: timeout)
        return BuiltBinary.Run(
            status: outcome.exitCode, stdout: String(decoding: outcome.stdout, as: UTF8.self), stderr: outcome.stderrText,
            seconds: outcome.seconds)
    }

    /// Runs the tool with `folder` a tmpfs of `size`, then lists the files left on it (they vanish with the
    /// namespace) after a line "=== left on the tmpfs".
    func runOnFullDisk(size: String, folder: String, _ arguments: [String], environment: [String: String]) throws -> BuiltBinary.Run {
        let script = """
            mount -t tmpfs -o size=$1 tmpfs "$2" || exit 99
            shift 2
            "$@"
            status=$?
            echo "=== left on the tmpfs"
            find "$FULL_DISK" -type f
            exit $status
            """
        var env = environment
        env["FULL_DISK"] = folder
        return try inOwnNamespace(script, [size, folder, BuiltBinary.path] + arguments, environment: env)
    }

    @Test(.enabled(if: canMountTmpfs, "needs user namespaces (unshare -r -m)"))
    func aFullCacheDiskDuringTheDownloadIsASentenceAndNothingIsInstalled() throws {
        let name = InstallTests.name()
        let mirror = try WheelMirror(wheels: [.init(name)])
        // A 160 MB file where the wheel was: more than the 120 MB disk holds, which is still more than the plan's
        // 0.1 GiB estimate for the small wheel releases.json describes, so the plan lets it start. It never
        // reaches pip.
        try Data(count: 160_000_000).write(to: URL(fileURLWithPath: mirror.root + "/v2.8.3/" + name))
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let cache = Fixtures.temporaryDirectory("full-cache")
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "XDG_CACHE_HOME": cache, "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
        ])
        let result = try runOnFullDisk(
            size: "120m", folder: cache, ["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url, "--python", python],
            environment: env)
        let text = result.stdout + result.stderr
        #expect(result.status == 1, "\(text.suffix(3000))")
        #expect(text.contains("is full, so the download stopped and nothing was installed"), "\(text.suffix(3000))")
        #expect(text.contains("more is needed there"))
        #expect(!text.contains("Fatal error") && !text.contains("backtrace"))
        let left = text.components(separatedBy: "=== left on the tmpfs").last ?? ""
        #expect(!left.contains(".part") && !left.contains(".whl"), "left: \(left)")
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
    }

    @Test(.enabled(if: canMountTmpfs, "needs user namespaces (unshare -r -m)"))
    func aFullLogDiskDuringANoisyBuildStopsTheBuildAndLeavesNothingRunning() throws {
        let python = try TestVenv.freshCopy(.init(torch: InstallTests.torch, withPip: true, buildDeps: true))
        let marker = "full-log-\(UUID().uuidString)"
        let state = Fixtures.temporaryDirectory("full-state")
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "CUDA_HOME": Fixtures.root + "/fake-cuda", "SLOW_BUILD_MARKER": marker, "SLOW_BUILD_NOISE": "4000",
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": state,
        ])
        let result = try runOnFullDisk(
            size: "64k", folder: state,
            ["install", "--yes", "--method", "source", "--source-path", Fixtures.root + "/slow-checkout", "--python", python],
            environment: env)
        let text = result.stdout + result.stderr
        #expect(result.status == 1, "\(text.suffix(3000))")
        #expect(text.contains("The disk holding the log folder"), "\(text.suffix(3000))")
        #expect(!text.contains("Fatal error"))
        #expect(result.seconds < 120)
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
        let left = try ChildProcess.run(["/usr/bin/pgrep", "-f", marker], environment: Fixtures.environment(), timeout: 10)
        #expect(left.stdoutText == "", "left running: \(left.stdoutText ?? "")")
    }

    /// `install --json --yes` with stderr closed died with SIGILL before doing anything (FileHandle.write traps on
    /// EBADF). Now the closed stream is /dev/null, and the install runs and prints its JSON.
    @Test func anInstallWithStderrClosedCarriesOnAndPrintsItsJSON() throws {
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())])
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
        ])
        let outcome = try ChildProcess.run(
            ["/bin/sh", "-c", "exec 2>&-; exec \"$@\"", "sh", BuiltBinary.path, "install", "--json", "--yes", "--method", "wheel",
             "--wheel-source", mirror.url, "--python", python],
            environment: env, timeout: 300)
        let stdout = String(decoding: outcome.stdout, as: UTF8.self)
        #expect(outcome.exitCode == 0, "\(stdout)")
        let json = try BuiltBinary.Run(status: outcome.exitCode, stdout: stdout, stderr: "", seconds: 0).json()
        #expect(json["result"] as? String == "installed", "\(stdout)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
    }

    /// With stderr on a full disk the install died with SIGILL mid-build, left pip orphaned and its `.running`
    /// marker behind. Now the lines stderr could not take are dropped: the build finishes (its log is on another
    /// disk), the JSON is on stdout, nothing is left running and the marker is gone.
    @Test(.enabled(if: canMountTmpfs, "needs user namespaces (unshare -r -m)"))
    func stderrOnAFullDiskNeverStopsTheInstall() throws {
        let python = try TestVenv.freshCopy(.init(torch: InstallTests.torch, withPip: true, buildDeps: true))
        let marker = "full-stderr-\(UUID().uuidString)"
        let state = Fixtures.temporaryDirectory("state")
        let full = Fixtures.temporaryDirectory("full-stderr")
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "CUDA_HOME": Fixtures.root + "/fake-cuda", "SLOW_BUILD_MARKER": marker, "SLOW_BUILD_NOISE": "2000",
            "SLOW_BUILD_LINES": "300", "SLOW_BUILD_INTERVAL": "0.01", "SLOW_BUILD_CHILD": "0",
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": state,
        ])
        let script = """
            mount -t tmpfs -o size=64k tmpfs "$1" || exit 99
            dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null
            folder=$1
            shift
            exec "$@" 2>"$folder/stderr"
            """
        let result = try inOwnNamespace(
            script,
            [full, BuiltBinary.path, "install", "--json", "--yes", "--method", "source", "--source-path",
             Fixtures.root + "/slow-checkout", "--python", python],
            environment: env)
        #expect(result.status == 0, "\(result.stdout.suffix(2000))\(result.stderr.suffix(2000))")
        let json = try result.json()
        #expect(json["result"] as? String == "installed", "\(result.stdout.suffix(2000))")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: state + "/flash-attn-setup/logs")) ?? []
        #expect(!logs.isEmpty && !logs.contains { $0.hasSuffix(".running") }, "\(logs)")
        let left = try ChildProcess.run(["/usr/bin/pgrep", "-f", marker], environment: Fixtures.environment(), timeout: 10)
        #expect(left.stdoutText == "", "left running: \(left.stdoutText ?? "")")
    }

    /// Ctrl-C while pip replaced flash-attn 2.8.2 by 2.8.3 left the venv with neither: pip had set 2.8.2 aside
    /// (`~lash_attn*`), does not roll back on KeyboardInterrupt, and the tool said nothing changed. Now a cancel
    /// that comes once pip installs waits for the step, says so, and the target ends whole.
    @Test func aCancelWhilePipReplacesFilesLetsTheStepFinishAndTheTargetStaysWhole() throws {
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let tag = TestVenv.pythonTag
        let folders = Fixtures.temporaryDirectory("upgrade")
        let old = "flash_attn-2.8.2+cu12torch2.8cxx11abiTRUE-\(tag)-\(tag)-linux_x86_64.whl"
        for (folder, name, files) in [("old", old, "2000"), ("new", InstallTests.name(), "20000")] {
            let made = try ChildProcess.run(
                ["/usr/bin/python3", Fixtures.root + "/make_wheel.py", folders + "/" + folder, name, "--requires", "", "--files", files],
                environment: Fixtures.environment(), timeout: 120)
            #expect(made.exitCode == 0, "\(made.stderrText)")
        }
        let installed = try ChildProcess.run(
            [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", folders + "/old/" + old], environment: Fixtures.environment(), timeout: 120)
        #expect(installed.exitCode == 0, "\(installed.stderrText)")
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
        ])
        let outcome = try ChildProcess.run(
            ["/usr/bin/python3", Fixtures.root + "/interrupt_at.py", "Successfully uninstalled flash_attn", BuiltBinary.path,
             "install", "--yes", "--method", "wheel", "--wheel-source", folders + "/new", "--python", python],
            environment: env, timeout: 300)
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        #expect(text.contains("=== interrupt_at: SIGINT sent"), "\(text)")
        #expect(text.contains("pip is replacing files in the target and cannot be stopped there without breaking it"), "\(text)")
        #expect(text.contains("flash-attn 2.8.2 -> 2.8.3"), "\(text)")
        let site = try ChildProcess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], environment: Fixtures.environment(), timeout: 30)
        let purelib = site.stdoutText?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let stashed = try FileManager.default.contentsOfDirectory(atPath: purelib).filter { $0.hasPrefix("~") }
        #expect(stashed.isEmpty, "pip left \(stashed)")
        let show = try ChildProcess.run([python, "-m", "pip", "show", "flash-attn"], environment: Fixtures.environment(), timeout: 60)
        #expect(show.stdoutText?.contains("Version: 2.8.3") == true, "\(show.stdoutText ?? "")\(show.stderrText)")
        let kernels = try FileManager.default.contentsOfDirectory(atPath: purelib + "/flash_attn/kernels").filter { $0.hasSuffix(".py") }
        #expect(kernels.count == 20000)
    }

    /// What pip leaves where it stopped half-way is read as such: its set-aside `~` folders are not an installed
    /// flash-attn, and the install's summary says the package is incomplete and how to repair it.
    @Test func pipsSetAsideFoldersAreNotAnInstalledPackageAndAreReported() throws {
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let site = try ChildProcess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], environment: Fixtures.environment(), timeout: 30)
        let purelib = site.stdoutText?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let stash = purelib + "/~lash_attn-2.8.2.dist-info"
        try FileManager.default.createDirectory(atPath: stash, withIntermediateDirectories: true)
        try "Metadata-Version: 2.1\nName: flash_attn\nVersion: 2.8.2\n".write(toFile: stash + "/METADATA", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: purelib + "/~lash_attn", withIntermediateDirectories: true)
        let snapshot = try #require(PackageSnapshot.take(python: python, environment: Fixtures.environment()).snapshot)
        #expect(snapshot.versions["flash-attn"] == nil)
        #expect(snapshot.stashed == ["~lash_attn", "~lash_attn-2.8.2.dist-info"])
        let before = PackageSnapshot(versions: ["flash-attn": "2.8.2", "torch": "2.8.0"])
        let comparison = TargetComparison(before: before, after: snapshot)
        let sentence = try #require(comparison.halfDone(python: python))
        #expect(sentence.en.contains("left ~lash_attn, ~lash_attn-2.8.2.dist-info in site-packages"))
        #expect(sentence.en.contains("--force-reinstall --no-deps flash-attn==2.8.2"))
        #expect(!sentence.zh.isEmpty)
    }

    @Test func aStalledDownloadIsGivenUpAtItsTimeout() throws {
        let name = InstallTests.name()
        let mirror = try WheelMirror(wheels: [.init(name)], stallAfter: 100)
        let destination = Fixtures.temporaryDirectory("stall") + "/w.whl"
        let start = Date()
        #expect {
            try HTTPFetch.download(
                URL(string: mirror.url + "/v2.8.3/" + name.replacingOccurrences(of: "+", with: "%2B"))!,
                to: destination, sha256: nil, timeout: 2, environment: [:])
        } throws: { error in
            (error as? FetchError)?.message.en.contains("sent nothing for 2 seconds") == true
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed > 1.5 && elapsed < 10, "took \(elapsed) s")
        // What came is kept for the next run to resume.
        let kept = (try? FileManager.default.attributesOfItem(atPath: destination + ".part")[.size] as? Int) ?? 0
        #expect(kept == 100)
    }

    /// A resumed download answered with 206 and the whole file was appended to the part, so the digest failed
    /// and the advice was "try again". A 206 from byte 0 now starts the part over, as a 200 does.
    @Test func aResumeAnsweredWithTheWholeFileStartsThePartOver() throws {
        let name = InstallTests.name()
        let mirror = try WheelMirror(wheels: [.init(name)], hostile: ["--whole-for-range"])
        let file = mirror.root + "/v2.8.3/" + name
        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        let destination = Fixtures.temporaryDirectory("resume") + "/w.whl"
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try whole.prefix(100).write(to: URL(fileURLWithPath: destination + ".part"))
        try HTTPFetch.download(
            URL(string: mirror.url + "/v2.8.3/" + name.replacingOccurrences(of: "+", with: "%2B"))!,
            to: destination, sha256: try SHA256Hex.hex(ofFile: file), environment: [:])
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == whole)
        #expect(mirror.requests.contains { $0.hasSuffix("bytes=100-") })
    }

    @Test func aCancelDuringAStalledDownloadIsNoticedAtOnce() throws {
        try Self.expectCancelNoticedAtOnce(environment: ProcessInfo.processInfo.environment)
    }

    /// A download from a mirror that stalls after 100 bytes, cancelled half a second in: it ends as cancelled
    /// within 3 s. `environment` chooses the way there (direct, or through a proxy).
    static func expectCancelNoticedAtOnce(environment: [String: String]) throws {
        let name = InstallTests.name()
        let mirror = try WheelMirror(wheels: [.init(name)], stallAfter: 100)
        let destination = Fixtures.temporaryDirectory("stall") + "/w.whl"
        let cancel = CancelRequest()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { cancel.request() }
        let start = Date()
        #expect {
            try HTTPFetch.download(
                URL(string: mirror.url + "/v2.8.3/" + name.replacingOccurrences(of: "+", with: "%2B"))!,
                to: destination, sha256: nil, timeout: 60, isCancelled: { cancel.isRequested }, environment: environment)
        } throws: { error in
            (error as? FetchError)?.kind == .cancelled
        }
        #expect(Date().timeIntervalSince(start) < 3)
    }

    /// A flash-attn whose import kills the interpreter is blamed by check, plan and verify, never torch.
    @Test func aCrashingFlashAttnImportIsBlamedOnFlashAttnNotTorch() throws {
        let torch = TorchProfile(cudaAvailable: true, devices: ["8.9"])
        let python = try TestVenv.python(.init(torch: torch, withPip: true, flashAttn: "2.8.3:SEGFAULT"))
        let env = Fixtures.environment(profile: "rtx4090", extra: ["XDG_STATE_HOME": Fixtures.temporaryDirectory("state")])
        let verify = try BuiltBinary.run(["verify", "--python", python], environment: env)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("Importing flash-attn in \(python) crashed the interpreter (signal 11)"), "\(verify.stdout)")
        let check = try BuiltBinary.run(["check", "--python", python], environment: env)
        #expect(check.stdout.contains("import flash_attn crashed (signal 11)"), "\(check.stdout)")
        let plan = try BuiltBinary.run(["plan", "--python", python], environment: env)
        for run in [verify, check, plan] {
            #expect(!run.stdout.contains("reinstall torch"))
            #expect(!run.stdout.contains("crashed (signal 11) while describing itself"))
        }
    }

    /// A venv on a read-only mount: check says so before anything runs, instead of pip failing half-way.
    @Test(.enabled(if: canMountTmpfs, "needs user namespaces (unshare -r -m)"))
    func aReadOnlySitePackagesIsABlockerUpFront() throws {
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let venv = ((python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let script = """
            mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
            shift
            exec "$@"
            """
        let result = try inOwnNamespace(
            script, [venv, BuiltBinary.path, "check", "--python", python], environment: Fixtures.environment(profile: "rtx4090"),
            timeout: 120)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("pip cannot write to"), "\(result.stdout)")
    }

    /// A login page saved under a wheel's name is named as such before pip sees it.
    @Test func aWebPageWhereTheWheelShouldBeIsNamedAndNotInstalled() throws {
        let folder = Fixtures.temporaryDirectory("html-wheel")
        try "<!DOCTYPE html><html><body>Please log in</body></html>".write(
            toFile: folder + "/" + InstallTests.name(), atomically: true, encoding: .utf8)
        let python = try TestVenv.freshCopy(InstallTests.venv)
        let env = Fixtures.environment(profile: "rtx4090", extra: [
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
        ])
        let result = try BuiltBinary.run(
            ["install", "--yes", "--method", "wheel", "--wheel-source", folder, "--python", python], environment: env, timeout: 300)
        #expect(result.status == 1)
        #expect(result.stdout.contains("sent a web page instead of the wheel"), "\(result.stdout)")
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
    }

    /// The free space that counts is the cache's, where the download and the build go, not site-packages'.
    @Test(.enabled(if: canMountTmpfs, "needs user namespaces (unshare -r -m)"))
    func aPlanMeasuresTheCacheDiskItWillFill() throws {
        let mirror = try WheelMirror(wheels: [.init(InstallTests.name())])
        let python = try TestVenv.python(InstallTests.venv)
        let cache = Fixtures.temporaryDirectory("small-cache")
        let env = Fixtures.environment(profile: "rtx4090", extra: ["XDG_CACHE_HOME": cache])
        let result = try runOnFullDisk(
            size: "1m", folder: cache, ["plan", "--method", "wheel", "--wheel-source", mirror.url, "--python", python], environment: env)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("where the download and the build go"), "\(result.stdout)")
    }
}
