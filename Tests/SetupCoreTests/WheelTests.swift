import Foundation
import Testing
import TestSupport
@testable import SetupCore

@Suite struct WheelNameTests {
    @Test(arguments: [
        "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl",
        "flash_attn-2.7.4.post1+cu12torch2.6cxx11abiFALSE-cp310-cp310-linux_x86_64.whl",
        "flash_attn-2.6.3+cu123torch2.4cxx11abiFALSE-cp310-cp310-linux_x86_64.whl",
        "flash_attn-2.3.0+cu118torch2.0cxx11abiFALSE-cp37-cp37m-linux_x86_64.whl",
        "flash_attn-2.8.3+cu128torch2.8.0cxx11abiFALSE-cp312-cp312-win_amd64.whl",
        "flash_attn-2.8.3+cu126torch2.5-cp310-cp310-manylinux_2_28_x86_64.whl",
    ])
    func roundTrips(_ filename: String) throws {
        let name = try #require(WheelName(filename))
        #expect(name.description == filename)
    }

    @Test func readsEachPart() throws {
        let name = try #require(WheelName("flash_attn-2.7.4.post1+cu12torch2.6cxx11abiFALSE-cp310-cp310-linux_x86_64.whl"))
        #expect(name.version == "2.7.4.post1")
        #expect(name.cudaTag == "12")
        #expect(name.torch == "2.6")
        #expect(name.cxx11abi == false)
        #expect(name.pythonTag == "cp310")
        #expect(name.platform == "linux_x86_64")
        #expect(name.installableFilename == "flash_attn-2.7.4.post1-cp310-cp310-linux_x86_64.whl")
        let community = try #require(WheelName("flash_attn-2.8.3+cu126torch2.5-cp310-cp310-manylinux_2_28_x86_64.whl"))
        #expect(community.cxx11abi == nil)
        #expect(WheelName("flash_attn-2.8.3+cu128torch2.8.0cxx11abiFALSE-cp312-cp312-win_amd64.whl")?.torchMajorMinor == "2.8")
    }

    @Test(arguments: [
        "flash_attn-2.8.3.tar.gz", "flash_attn-2.8.3-cp311-cp311-linux_x86_64.whl", "torch-2.8.0-cp311-cp311-linux_x86_64.whl",
        "flash_attn-2.8.3+cu12torch2.8cxx11abiMAYBE-cp312-cp312-linux_x86_64.whl", "flash_attn-2.8.3+rocm62torch2.8-cp312-cp312-linux_x86_64.whl",
    ])
    func reportsRatherThanGuesses(_ filename: String) {
        #expect(WheelName(filename) == nil)
    }
}

@Suite struct ReleaseCatalogTests {
    let catalog = ReleaseCatalog.builtIn

    @Test func holdsEveryWheelOfTheSharedFixtureUnderItsExactName() throws {
        // A verbatim copy of shared/fixtures/flash-attn-release-wheels.json, the catalog's source.
        let fixture = Fixtures.root + "/flash-attn-release-wheels.json"
        struct File: Decodable {
            struct Release: Decodable {
                struct Wheel: Decodable { var filename: String; var torchBuiltWith: String }
                var version: String
                var wheels: [Wheel]
            }
            var releases: [Release]
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture))
        let releases = try JSONDecoder().decode(File.self, from: data).releases
        var count = 0
        for release in releases {
            let mine = try #require(catalog.release(release.version))
            let names = Dictionary(uniqueKeysWithValues: mine.wheelFiles.map { ($0.name.description, $0.torchBuiltWith) })
            for wheel in release.wheels {
                #expect(names[wheel.filename] == wheel.torchBuiltWith, "\(wheel.filename)")
                count += 1
            }
            #expect(mine.wheelFiles.count == release.wheels.count)
        }
        #expect(count == 3890)
    }

    @Test func knowsEachReleasesRulesAndLimits() throws {
        #expect(catalog.release("2.8.3")?.minimumGlibc == "2.35")
        #expect(catalog.release("2.7.4.post1")?.minimumGlibc == "2.31")
        #expect(catalog.release("2.8.3.post2")?.wheels == nil)
        #expect(catalog.release("2.8.3.post2")?.buildsAgainstTorchBelow == "2.13")
        #expect(catalog.releases.last?.version == "2.8.3.post2")
        #expect(catalog.releases.first?.version == "2.3.0")
        let nightly = try #require(catalog.release("2.7.3")?.wheelFiles.first { $0.name.torch == "2.6" })
        #expect(nightly.builtAgainstPreRelease)
    }

    @Test func ordersPostReleases() {
        #expect(compareReleaseVersions("2.7.4", "2.7.4.post1") == .orderedAscending)
        #expect(compareReleaseVersions("2.7.4.post1", "2.8.0") == .orderedAscending)
        #expect(compareReleaseVersions("2.8.3.post2", "2.8.3.post1") == .orderedDescending)
    }
}

@Suite struct CUDATagRuleTests {
    @Test func followsSetupPyByRelease() {
        let catalog = ReleaseCatalog.builtIn
        #expect(CUDATagRule.exact.tag(forTorchCUDA: "12.1") == "121")
        #expect(catalog.cudaTagRule(for: "2.3.0").tag(forTorchCUDA: "12.1") == "122")
        #expect(catalog.cudaTagRule(for: "2.5.8").tag(forTorchCUDA: "12.4") == "122")
        #expect(catalog.cudaTagRule(for: "2.5.8").tag(forTorchCUDA: "11.7") == "118")
        #expect(catalog.cudaTagRule(for: "2.6.3").tag(forTorchCUDA: "12.1") == "123")
        #expect(catalog.cudaTagRule(for: "2.8.3").tag(forTorchCUDA: "12.8") == "12")
        #expect(catalog.cudaTagRule(for: "2.8.3").tag(forTorchCUDA: "13.0") == "13")
        #expect(catalog.cudaTagRule(for: "2.8.3.post2").tag(forTorchCUDA: "13.2") == "13")
        #expect(catalog.cudaTagRule(for: "2.8.3.post2").tag(forTorchCUDA: "12.9") == "12")
        // A release newer than the catalog takes the newest rule known.
        #expect(catalog.cudaTagRule(for: "2.9.0").tag(forTorchCUDA: "14.0") == "13")
    }
}

@Suite struct WheelResolverTests {
    let catalog = ReleaseCatalog.builtIn
    var releases: [SourceRelease] {
        WheelSourceReader(source: .github, catalog: catalog, environment: [:])
            .catalogReleases(downloadPrefix: WheelSource.githubDownloads)
    }

    func target(py: String = "cp311", torch: String = "2.8.0+cu128", cuda: String = "12.8", abi: Bool = true, glibc: String? = "2.36") -> WheelTarget {
        WheelTarget(pythonTag: py, platform: "linux_x86_64", torchVersion: torch, torchCUDA: cuda, cxx11abi: abi, glibc: glibc)
    }

    @Test func picksTheNewestReleaseWithAnExactMatch() throws {
        let resolution = WheelResolver.resolve(target: target(), releases: releases, catalog: catalog)
        #expect(resolution.release == "2.8.3.post1")
        #expect(resolution.wheel?.name.description == "flash_attn-2.8.3.post1+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl")
        #expect(resolution.wheel?.location == .url("https://github.com/Dao-AILab/flash-attention/releases/download/v2.8.3.post1/flash_attn-2.8.3.post1+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl"))
        #expect(resolution.nearMisses.map(\.code.rawValue) == ["wheels-unknown"])
    }

    @Test func explainsWhyNewerReleasesMissForAnOldGlibc() throws {
        let resolution = WheelResolver.resolve(target: target(torch: "2.6.0+cu124", cuda: "12.4", abi: false, glibc: "2.31"), releases: releases, catalog: catalog)
        #expect(resolution.release == "2.8.0")
        #expect(resolution.nearMisses.first { $0.version == "2.8.3.post1" }?.code == .glibc)
        #expect(resolution.nearMisses.first { $0.version == "2.8.3.post1" }?.reason.en.contains("glibc 2.35") == true)
    }

    @Test func saysWhenNoReleaseHasAWheelForANewTorch() {
        let resolution = WheelResolver.resolve(target: target(torch: "2.15.0+cu132", cuda: "13.2"), releases: releases, catalog: catalog)
        #expect(resolution.wheel == nil)
        #expect(resolution.summary.en.contains("No flash-attn release has a wheel for Python cp311, torch 2.15"))
        #expect(resolution.nearMisses.first { $0.version == "2.8.3" }?.reason.en == "2.8.3 has no wheel for torch 2.15 (it has torch 2.4, 2.5, 2.6, 2.7, 2.8).")
    }

    @Test func skipsWheelsBuiltAgainstANightlyUnlessPinned() throws {
        let nightlyTarget = target(torch: "2.6.0+cu124", cuda: "12.4", abi: false, glibc: "2.31")
        let only273 = releases.filter { $0.version == "2.7.3" }
        let unpinned = WheelResolver.resolve(target: nightlyTarget, releases: only273, catalog: catalog)
        #expect(unpinned.wheel == nil)
        #expect(unpinned.nearMisses.map(\.code.rawValue) == ["pre-release"])
        let pinned = WheelResolver.resolve(target: nightlyTarget, releases: releases, catalog: catalog, pinnedVersion: "2.7.3")
        #expect(pinned.release == "2.7.3")
        #expect(pinned.notes.contains { $0.en.contains("nightly 2.6.0.dev") })
    }

    @Test func matchesTheABIAndTheCUDARuleOfEachRelease() {
        let old = WheelResolver.resolve(target: target(torch: "2.3.1+cu121", cuda: "12.1", abi: false), releases: releases, catalog: catalog, pinnedVersion: "2.5.8")
        #expect(old.wheel?.name.description == "flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp311-cp311-linux_x86_64.whl")
        let abiMiss = WheelResolver.resolve(
            target: target(torch: "2.3.1+cu121", cuda: "12.1", abi: false),
            releases: [SourceRelease(version: "2.5.8", wheels: releases.first { $0.version == "2.5.8" }!.wheels!.filter { $0.name.cxx11abi == true })],
            catalog: catalog)
        #expect(abiMiss.nearMisses.map(\.code.rawValue) == ["abi"])
    }

    @Test func acceptsManylinuxWheelsThatThisGlibcSatisfies() {
        let t = target(glibc: "2.31")
        #expect(WheelResolver.platformFits("manylinux_2_28_x86_64", target: t))
        #expect(!WheelResolver.platformFits("manylinux_2_34_x86_64", target: t))
        #expect(WheelResolver.platformFits("manylinux2014_x86_64", target: t))
        #expect(!WheelResolver.platformFits("manylinux_2_28_aarch64", target: t))
    }

    @Test func aPinNobodyKnowsIsASentence() {
        let resolution = WheelResolver.resolve(target: target(), releases: releases, catalog: catalog, pinnedVersion: "9.9.9")
        #expect(resolution.wheel == nil)
        #expect(resolution.summary.en.contains("9.9.9 is not a release"))
    }

    @Test func readsGitHubsReleaseFormat() throws {
        let json = """
            [{"tag_name": "v2.8.3", "draft": false, "assets": [
              {"name": "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl", "size": 10,
               "browser_download_url": "https://x/v2.8.3/a.whl", "digest": "sha256:\(String(repeating: "AB", count: 32))"},
              {"name": "flash_attn-2.8.3+cu12torch2.7cxx11abiTRUE-cp311-cp311-linux_x86_64.whl", "size": 10,
               "browser_download_url": "https://x/v2.8.3/b.whl", "digest": "sha256:abc123"},
              {"name": "flash_attn-2.8.3.tar.gz", "size": 5, "browser_download_url": "https://x/s.tgz"},
              {"name": "flash_attn-weird.whl", "size": 5, "browser_download_url": "https://x/w.whl"}]},
             {"tag_name": "v2.9.0", "draft": true, "assets": []}]
            """
        let releases = try WheelSourceReader.releases(fromAPI: Data(json.utf8), source: "test", origin: .official)
        #expect(releases.count == 1)
        #expect(releases[0].version == "2.8.3")
        // A digest that is not a whole SHA-256 is none: it would fail every download as corrupt.
        #expect(releases[0].wheels?.map(\.sha256) == [String(repeating: "ab", count: 32), nil])
        #expect(releases[0].unreadableNames == ["flash_attn-weird.whl"])
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesNISTVectors(_ text: String, _ digest: String) {
        #expect(SHA256Hex.hex(of: Array(text.utf8)) == digest)
    }

    @Test func hashesInPiecesLikeAtOnce() {
        let data = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256Hex()
        hasher.update(data[0..<7])
        hasher.update(data[7..<100_003])
        hasher.update(data[100_003...])
        #expect(hasher.finalize() == SHA256Hex.hex(of: data))
        #expect(SHA256Hex.hex(of: Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

/// A fetched file is checked to be a whole zip before pip is handed it.
@Suite struct WheelFileCheckTests {
    /// A download cut short reached pip, whose BadZipFile was then "the log shows pip's own message".
    @Test func aWheelCutShortIsNamedAsSuchAndAWholeOneIsNot() throws {
        let folder = Fixtures.temporaryDirectory("cut")
        let (path, _) = try WheelMirror.makeWheel(.init("flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl"), in: folder)
        #expect(WheelFileCheck.problem(at: path, from: "the mirror") == nil)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path + ".cut"))
        let problem = try #require(WheelFileCheck.problem(at: path + ".cut", from: "the mirror"))
        #expect(problem.en.contains("arrived cut short (\(whole.count / 2) bytes"))
        #expect(!problem.zh.isEmpty)
    }
}
