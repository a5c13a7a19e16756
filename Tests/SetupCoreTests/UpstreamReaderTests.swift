import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The readers of upstream's own facts, through the probe in real venvs: transformers' fallback map and kernels
/// window from verbatim excerpts of real releases, from synthetic shapes no release has used, and from the real
/// wheels of the package index where scripts/fetch-test-wheels fetched them.
@Suite struct UpstreamReaderTests {
    func probe(_ python: String) -> PythonProbeResult {
        PythonProbe(interpreter: python, environment: Fixtures.environment()).run()
    }

    func fa2(_ result: PythonProbeResult) -> KernelFallbackMap.Entry? { result.transformers?.flashAttention2Fallback }

    @Test func readsTransformers525AsTheIndexInstallsItToday() throws {
        let python = try TestVenv.python(.init(torch: .cu132, withPip: true, transformers: "5.25.0", kernels: "0.19.1"))
        let transformers = try #require(probe(python).transformers)
        #expect(transformers.kernelFallback?.state == .read)
        #expect(transformers.kernelFallback?.file == "modeling_flash_attention_utils.py")
        #expect(transformers.kernelFallbackRepo == "kernels-community/flash-attn2")
        #expect(transformers.flashAttention2Fallback?.revision == .version(4))
        #expect(transformers.flashAttention2Fallback?.devices == ["cuda", "xpu"])
        // The whole map, not only FA2.
        #expect(transformers.kernelFallback?.entry("flash_attention_3")?.repo == "kernels-community/vllm-flash-attn3")
        #expect(transformers.kernelFallback?.entry("flash_attention_4")?.repo == "kernels-community/flash-attn4")
        #expect(transformers.kernelFallback?.entry("flash_attention_4")?.revision == .version(1))
        // The requirement with no extra marker: kernels comes with every install of transformers 5.25.
        #expect(transformers.kernelsRequirement == "kernels<0.20,>=0.19.1")
        #expect(transformers.kernelsRequirementExtra == nil)
        #expect(transformers.kernelsWindow == KernelsWindow(minimum: "0.19.1", below: "0.20.0"))
        #expect(transformers.kernelsAccepted?.contains("0.19.1") == true)
        #expect(transformers.kernelsAccepted?.contains("0.20.0") == false)
    }

    @Test func theVersionTransformers524AsksForFollowsTorchAndTheRepositoryFollowsTheBackend() throws {
        let new = try #require(fa2(probe(try TestVenv.python(.init(torch: .cu132, transformers: "5.24.0")))))
        #expect(new.repo == "kernels-community/flash-attn2")
        #expect(new.revision == .version(4))
        let old = try #require(fa2(probe(try TestVenv.python(.init(torch: .cu128, transformers: "5.24.0")))))
        #expect(old.revision == .version(3), "torch 2.8 is below the 2.10 that transformers 5.24 asks v4 for")
        let rocm = TorchProfile(version: "2.15.0+rocm7.0", cuda: nil, hip: "7.0", devices: ["9.4"])
        let amd = try #require(fa2(probe(try TestVenv.python(.init(torch: rocm, transformers: "5.24.0")))))
        #expect(amd.repo == "kernels-community/aiter-flash-attn")
        #expect(amd.devices == ["rocm"])
        #expect(!amd.servesCUDA)
    }

    @Test func aShapeTheReaderDoesNotKnowIsUnknownNeverAbsent() throws {
        // transformers 4.57.1 falls back from inside a method, in an `if`: no constant to evaluate.
        let old = try #require(probe(try TestVenv.python(.init(torch: .cu128, transformers: "4.57.1"))).transformers)
        #expect(old.kernelFallback?.state == .unknown)
        #expect(old.kernelFallback?.reason?.contains("not through FLASH_ATTN_KERNEL_FALLBACK") == true)
        for (shape, reason) in [("unknown-shape", "DictComp"), ("renamed", "not through FLASH_ATTN_KERNEL_FALLBACK")] {
            let python = try TestVenv.python(.init(torch: .cu132, transformers: "5.25.0", transformersSource: Self.synthetic(shape)))
            let transformers = try #require(probe(python).transformers)
            #expect(transformers.kernelFallback?.state == .unknown, "\(shape)")
            #expect(transformers.kernelFallback?.reason?.contains(reason) == true, "\(shape): \(transformers.kernelFallback?.reason ?? "")")
            #expect(transformers.kernelsWindow == KernelsWindow(minimum: "0.19.1", below: "0.20.0"), "the window is read whatever the map's shape")
        }
        let older = try TestVenv.python(.init(torch: .cu128, transformers: "4.40.0", transformersSource: Self.synthetic("older")))
        #expect(probe(older).transformers?.kernelFallback?.state == .absent)
    }

    @Test(arguments: ["dict-call", "name-first", "function"])
    func otherShapesOfTheSameFactsGiveTheSameRepository(_ shape: String) throws {
        let python = try TestVenv.python(.init(torch: .cu132, transformers: "5.25.0", transformersSource: Self.synthetic(shape)))
        let entry = try #require(fa2(probe(python)), "\(shape)")
        #expect(entry.repo == "kernels-community/flash-attn2")
        #expect(entry.revision == .version(4))
    }

    static func synthetic(_ shape: String) -> String { Fixtures.root + "/transformers-synthetic/" + shape }

    // MARK: The real wheels

    static let wheelhouse: String? = {
        let path = URL(fileURLWithPath: Fixtures.root).deletingLastPathComponent().appendingPathComponent(".wheelhouse").path
        return FileManager.default.fileExists(atPath: path + "/transformers-5.25.0-py3-none-any.whl") ? path : nil
    }()

    /// What the reader must find in each real release: the FA2 repository, the revision on torch 2.15, the window.
    static let releases: [(version: String, revision: HubKernelRevision, window: String)] = [
        ("5.0.0", .main, ">=0.9.0"),
        ("5.10.4", .main, ">=0.10.2"),
        ("5.18.0", .version(3), ">=0.17.0,<0.18.0"),
        ("5.24.0", .version(4), ">=0.18.2,<0.19.0"),
        ("5.25.0", .version(4), ">=0.19.1,<0.20.0"),
    ]

    @Test(.enabled(if: wheelhouse != nil, "Tests/.wheelhouse is missing: run scripts/fetch-test-wheels (needs the package index)"))
    func readsEveryRealReleaseFromThePackageIndex() throws {
        let wheelhouse = try #require(Self.wheelhouse)
        for release in Self.releases {
            let python = try TestVenv.freshCopy(.init(torch: .cu132, withPip: true))
            let install = try ChildProcess.run(
                [python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-compile",
                 wheelhouse + "/transformers-\(release.version)-py3-none-any.whl"],
                environment: Fixtures.environment(), timeout: 300)
            #expect(install.exitCode == 0, "\(install.stderrText)")
            let transformers = try #require(probe(python).transformers, "\(release.version)")
            #expect(transformers.version == release.version)
            #expect(transformers.kernelFallback?.state == .read, "\(release.version): \(transformers.kernelFallback?.reason ?? "")")
            #expect(transformers.kernelFallbackRepo == "kernels-community/flash-attn2", "\(release.version)")
            #expect(transformers.flashAttention2Fallback?.revision == release.revision, "\(release.version)")
            #expect(transformers.kernelsWindow?.requirement?.description == release.window, "\(release.version)")
            #expect(transformers.kernelsRequirement != nil, "\(release.version): its Requires-Dist names kernels")
            // Well inside the 50 ms the reader may add to detect.
            #expect((transformers.kernelFallback?.milliseconds ?? 999) < 50, "\(release.version)")
        }
    }

    @Test(.enabled(if: wheelhouse != nil, "Tests/.wheelhouse is missing: run scripts/fetch-test-wheels (needs the package index)"))
    func theRealKernels019SaysWhichCachedVariantsLoadAndTheToolsReadingAgrees() throws {
        let wheelhouse = try #require(Self.wheelhouse)
        let python = try TestVenv.freshCopy(.init(torch: .cu132SeesGPU, withPip: true))
        let files = try FileManager.default.contentsOfDirectory(atPath: wheelhouse).filter { $0.hasSuffix(".whl") }
        let wheels = files.filter { $0.hasPrefix("kernels-0.19.1-") || (!$0.hasPrefix("kernels-") && !$0.hasPrefix("transformers-")) }
        let install = try ChildProcess.run(
            [python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-compile"] + wheels.map { wheelhouse + "/" + $0 },
            environment: Fixtures.environment(), timeout: 300)
        #expect(install.exitCode == 0, "\(install.stderrText)")
        let cache = Fixtures.temporaryDirectory("hub-cache")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let names = [
            "torch-stable-abi210-cu130-x86_64-linux", "torch215-cxx11-cu130-x86_64-linux",
            "torch-2.15-cxx11-cuda-13.0-cpython-3.10-abi3-x86_64-linux", "torch28-cxx11-cu128-x86_64-linux",
            "torch-stable-abi210-cu128-x86_64-linux",
        ]
        let folder = cache + "/kernels--kernels-community--flash-attn2"
        for name in names {
            try FileManager.default.createDirectory(atPath: folder + "/snapshots/c0ffee/build/" + name, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: folder + "/refs", withIntermediateDirectories: true)
        try "c0ffee".write(toFile: folder + "/refs/v4", atomically: true, encoding: .utf8)
        let result = PythonProbe(interpreter: python, environment: Fixtures.environment(extra: ["HF_HUB_CACHE": cache])).run()
        let entry = try #require(result.hubKernelCache?.entries.first)
        #expect(result.kernels?.version == "0.19.1")
        let accepted = try #require(entry.accepted, "kernels 0.19.1 answers for itself")
        #expect(Set(accepted) == ["torch-stable-abi210-cu130-x86_64-linux", "torch215-cxx11-cu130-x86_64-linux",
                                  "torch-2.15-cxx11-cuda-13.0-cpython-3.10-abi3-x86_64-linux"])
        // The tool's own reading of the names, the fallback for an older kernels, gives the same answer here.
        let torch = try #require(result.torch)
        let ours = names.filter { KernelVariantName($0)?.loads(torch: torch, python: result.python, arch: "x86_64") ?? false }
        #expect(Set(ours) == Set(accepted))
    }
}

/// The pure parts of the index reader: file names, PEP 691 JSON, pip's configuration, Requires-Dist.
@Suite struct PackageIndexTests {
    @Test func readsVersionsFromFileNamesAsPipDoes() {
        #expect(IndexProject.version(inFilename: "flash_attn_4-4.0.0b40-py3-none-any.whl", project: "flash-attn-4") == "4.0.0b40")
        #expect(IndexProject.version(inFilename: "flash_attn_4-4.0.0b9.tar.gz", project: "flash-attn-4") == "4.0.0b9")
        #expect(IndexProject.version(inFilename: "kernels-0.19.1-cp311-cp311-manylinux2014_x86_64.whl", project: "kernels") == "0.19.1")
        #expect(IndexProject.version(inFilename: "README.md", project: "kernels") == nil)
        #expect(IndexProject.normalized("Flash_Attn.4") == "flash-attn-4")
    }

    @Test func decodesPEP691WithYankedFilesApart() throws {
        let json = #"""
        {"meta": {"api-version": "1.1"}, "name": "flash-attn-4", "versions": ["0.0.1", "4.0.0b39", "4.0.0b40"],
         "files": [
          {"filename": "flash_attn_4-0.0.1-py3-none-any.whl", "url": "https://files.example/a.whl", "hashes": {}, "yanked": "placeholder"},
          {"filename": "flash_attn_4-4.0.0b39-py3-none-any.whl", "url": "b.whl", "hashes": {}, "yanked": false, "core-metadata": {"sha256": "00"}},
          {"filename": "flash_attn_4-4.0.0b40-py3-none-any.whl", "url": "c.whl", "hashes": {}, "requires-python": ">=3.10", "data-dist-info-metadata": true}
         ]}
        """#
        let base = URL(string: "https://pypi.example/simple/flash-attn-4/")!
        let files = try #require(PackageIndexReader.decodeJSON(Data(json.utf8), project: "flash-attn-4", base: base))
        let project = IndexProject(name: "flash-attn-4", index: "https://pypi.example/simple/", files: files, readAt: "2026-12-06T00:00:00Z")
        #expect(project.versions == ["4.0.0b39", "4.0.0b40"])
        #expect(project.yankedVersions == ["0.0.1"])
        #expect(files[1].url == "https://pypi.example/simple/flash-attn-4/b.whl")
        #expect(files.map(\.coreMetadata) == [false, true, true])
        #expect(PackageIndexReader.decodeJSON(Data("<html></html>".utf8), project: "x", base: base) == nil)
        let versions = IndexVersions(PackageIndexReader.Answer(project: project, provenance: "p", error: nil, fromCache: false), name: "flash-attn-4")
        #expect(versions.newest(includingPreReleases: true) == "4.0.0b40")
        #expect(versions.newest() == nil, "the only final release is yanked")
    }

    @Test func readsPipsIndexSettingsFromItsFilesAndVariables() throws {
        let home = Fixtures.temporaryDirectory("pip-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let venv = home + "/venv"
        try FileManager.default.createDirectory(atPath: home + "/.config/pip", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: venv, withIntermediateDirectories: true)
        try "[global]\nindex-url = https://mirror.example/simple\nextra-index-url =\n    https://a.example/simple\n    https://b.example/simple/\n"
            .write(toFile: home + "/.config/pip/pip.conf", atomically: true, encoding: .utf8)
        try "[install]\nextra-index-url = https://venv.example/simple\n".write(toFile: venv + "/pip.conf", atomically: true, encoding: .utf8)
        let env = ["HOME": home, "XDG_CONFIG_DIRS": home + "/none"]
        let read = PipIndexes.read(prefix: venv, environment: env)
        #expect(read.index.absoluteString == "https://mirror.example/simple/")
        #expect(read.extra.map(\.absoluteString) == ["https://venv.example/simple/"], "the venv's file overrides the user's")
        let variables = PipIndexes.read(prefix: nil, environment: env.merging(["PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_NO_INDEX": "0"]) { $1 })
        #expect(variables.index.absoluteString == "http://127.0.0.1:9/simple/")
        #expect(variables.extra.count == 2)
        #expect(PipIndexes.read(prefix: nil, environment: env.merging(["PIP_NO_INDEX": "1"]) { $1 }).all.isEmpty)
        #expect(PipIndexes.read(prefix: nil, environment: ["HOME": home + "/nothing", "XDG_CONFIG_DIRS": home + "/none"]).index == PipIndexes.pypi)
    }

    @Test func takesTheKernelsWindowFromRequiresDistWithOrWithoutAMarker() {
        let metadata = "Metadata-Version: 2.1\nName: transformers\nVersion: 5.25.0\nRequires-Dist: huggingface-hub<2.0,>=1.5.0\nRequires-Dist: kernels<0.20,>=0.19.1; extra == \"kernels\"\nRequires-Dist: kernels<0.20,>=0.19.1\n\nRequires-Dist: not a header, the description\n"
        let requires = PackageIndexReader.requiresDist(metadata)
        #expect(requires.count == 3)
        #expect(TransformersPairingQuery.kernelsRequirement(requires)?.description == "<0.20,>=0.19.1")
        #expect(TransformersPairingQuery.kernelsRequirement(["kernels<0.19,>=0.18.2; extra == \"kernels\""])?.contains("0.18.3") == true)
        #expect(TransformersPairingQuery.kernelsRequirement(["kernelsx>=1"]) == nil)
    }
}
