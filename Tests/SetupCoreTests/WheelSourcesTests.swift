import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The rules by which a community wheel fits (Wheels/wheel-projects.json), official before community, and the
/// mirror asked for each candidate before one is planned.
@Suite struct CommunityRuleTests {
    static func target(torch: String = "2.9.1+cu130", cuda: String = "13.0", abi: Bool = true, glibc: String? = "2.35") -> WheelTarget {
        WheelTarget(pythonTag: "cp312", platform: "linux_x86_64", torchVersion: torch, torchCUDA: cuda, cxx11abi: abi, glibc: glibc)
    }
    static func wheel(_ filename: String, _ origin: WheelOrigin) -> SourceWheel {
        SourceWheel(name: WheelName(filename)!, location: .url("https://example.invalid/" + filename), origin: origin)
    }
    static let community = "flash_attn-2.8.3+cu130torch2.9-cp312-cp312-manylinux_2_28_x86_64.whl"

    func resolve(_ wheels: [SourceWheel], _ target: WheelTarget = target()) -> WheelResolution {
        let byVersion = Dictionary(grouping: wheels, by: \.name.version)
        let releases = byVersion.map { SourceRelease(version: $0.key, wheels: $0.value) }
        return WheelResolver.resolve(target: target, releases: releases, catalog: .builtIn)
    }

    @Test func aCommunityWheelFitsByItsOwnRuleAndThePlanSaysWhoBuiltIt() throws {
        let resolution = resolve([Self.wheel(Self.community, .community)])
        let wheel = try #require(resolution.wheel)
        #expect(wheel.name.description == Self.community)
        #expect(wheel.project == "mjun0812/flash-attention-prebuild-wheels")
        #expect(resolution.notes.contains { $0.en.contains("built by mjun0812/flash-attention-prebuild-wheels, a community project") })
        // The official rule's "name does not say its ABI" caution is not given: the community rule says TRUE.
        #expect(!resolution.notes.contains { $0.en.contains("does not say its C++ ABI") })
    }

    @Test func theCommunityRuleTakesTheABIToBeTrue() {
        let resolution = resolve([Self.wheel(Self.community, .community)], Self.target(abi: false))
        #expect(resolution.wheel == nil)
        #expect(resolution.nearMisses.map(\.code) == [.abi])
    }

    @Test func theManylinuxTagStatesTheGlibcNeeded() {
        let resolution = resolve([Self.wheel(Self.community, .community)], Self.target(glibc: "2.27"))
        #expect(resolution.wheel == nil)
        #expect(resolution.nearMisses.map(\.code) == [.platform])
    }

    @Test func anotherMinorOfTheSameCUDAMajorFitsAndAnotherMajorDoesNot() {
        // torch built with CUDA 13.2 loads a cu130 build; a cu128 build (CUDA 12) does not load on it.
        #expect(resolve([Self.wheel(Self.community, .community)], Self.target(torch: "2.9.1+cu132", cuda: "13.2")).wheel != nil)
        let twelve = "flash_attn-2.8.3+cu128torch2.9-cp312-cp312-manylinux_2_28_x86_64.whl"
        let miss = resolve([Self.wheel(twelve, .community)])
        #expect(miss.wheel == nil)
        #expect(miss.nearMisses.map(\.code) == [.cuda])
    }

    @Test func theNearestCUDAMinorAtOrBelowTorchsIsPreferred() throws {
        let names = ["cu124", "cu126", "cu128"].map { "flash_attn-2.8.3+\($0)torch2.9-cp312-cp312-manylinux_2_28_x86_64.whl" }
        let target = Self.target(torch: "2.9.1+cu126", cuda: "12.6")
        #expect(try #require(resolve(names.map { Self.wheel($0, .community) }, target).wheel).name.cudaTag == "126")
        let around = [names[0], names[2]].map { Self.wheel($0, .community) }
        #expect(try #require(resolve(around, target).wheel).name.cudaTag == "124")
    }

    @Test func theOfficialWheelWinsAtTheSameRelease() throws {
        let official = "flash_attn-2.8.3+cu13torch2.9cxx11abiTRUE-cp312-cp312-linux_x86_64.whl"
        let resolution = resolve([Self.wheel(Self.community, .community), Self.wheel(official, .official)])
        let wheel = try #require(resolution.wheel)
        #expect(wheel.origin == .official)
        #expect(wheel.project == "Dao-AILab/flash-attention")
    }

    @Test func aNameInAMirrorTakesTheRuleOfItsForm() {
        let projects = WheelProjects.builtIn
        #expect(projects.project(for: .mirror, name: WheelName(Self.community)!).id == .community)
        let official = WheelName("flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl")!
        #expect(projects.project(for: .folder, name: official).id == .official)
        #expect(SourceWheel(name: official, location: .file("/w"), origin: .folder).project == nil)
    }
}

@Suite struct SourceConfirmationTests {
    static let target = WheelTarget(
        pythonTag: "cp312", platform: "linux_x86_64", torchVersion: "2.8.0+cu128", torchCUDA: "12.8", cxx11abi: true,
        glibc: "2.35")

    /// The catalog's releases at a mirror's layout, none of them listed.
    static var unconfirmed: [SourceRelease] {
        WheelSourceReader(source: .catalog, environment: [:])
            .catalogReleases(downloadPrefix: URL(string: "http://127.0.0.1:9/m")!, origin: .mirror, availability: .unconfirmed)
    }

    @Test func asksNewestFirstUntilTheMirrorHoldsOneAndListsWhatItLacked() throws {
        var asked: [String] = []
        let releases = SourceConfirmation.confirm(Self.unconfirmed, target: Self.target, catalog: .builtIn, pins: [nil]) { wheel in
            asked.append(wheel.name.version)
            return wheel.name.version == "2.8.3" ? .listed : .absent(LocalizedText(en: "\(wheel.name.version): gone", zh: "无"))
        }
        let newestFits = WheelResolver.resolve(target: Self.target, releases: Self.unconfirmed, catalog: .builtIn).release
        #expect(asked.first == newestFits)
        #expect(asked.last == "2.8.3")
        let resolution = WheelResolver.resolve(target: Self.target, releases: releases, catalog: .builtIn)
        #expect(resolution.release == "2.8.3")
        #expect(resolution.wheel?.availability == .listed)
        let skipped = resolution.nearMisses.filter { $0.code == .notOnSource }
        #expect(skipped.map(\.version) == Array(asked.dropLast()))
        #expect(skipped.allSatisfy { $0.reason.en.hasSuffix(": gone") })
    }

    @Test func aMirrorThatCannotBeAskedStopsTheAskingAndLeavesTheCandidate() {
        var count = 0
        let releases = SourceConfirmation.confirm(Self.unconfirmed, target: Self.target, catalog: .builtIn, pins: [nil]) { _ in
            count += 1
            return .unconfirmed
        }
        #expect(count == 1)
        #expect(releases == Self.unconfirmed)
    }

    @Test func thePinnedReleaseIsAskedForToo() {
        var asked: [String] = []
        _ = SourceConfirmation.confirm(Self.unconfirmed, target: Self.target, catalog: .builtIn, pins: [nil, "2.8.3"]) { wheel in
            asked.append(wheel.name.version)
            return .listed
        }
        #expect(asked.count == 2)
        #expect(asked.last == "2.8.3")
    }

    /// Against the loopback mirror: it holds 2.8.3 only, as a team that copied one release.
    @Test(arguments: [false, true])
    func aPartialMirrorIsAskedWithHEADOrAOneByteGET(noHead: Bool) throws {
        let good = "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl"
        let mirror = try WheelMirror(wheels: [.init(good)], releasesJSON: false, noHead: noHead)
        let listing = try WheelSourceReader(source: .mirror(URL(string: mirror.url)!), environment: [:]).read()
        let releases = SourceConfirmation.confirmedReleases(
            listing, target: Self.target, catalog: .builtIn, pins: [nil], environment: [:])
        let resolution = WheelResolver.resolve(target: Self.target, releases: releases, catalog: .builtIn)
        #expect(resolution.release == "2.8.3")
        let skipped = resolution.nearMisses.filter { $0.code == .notOnSource }
        #expect(!skipped.isEmpty)
        #expect(skipped.allSatisfy { $0.reason.en.contains("HTTP 404 at \(mirror.url)/v\($0.version)/") })
        #expect(mirror.requests.contains { $0.hasPrefix(noHead ? "/v2.8.3/" : "HEAD /v2.8.3/") })
    }

    @Test func aListingNamesTheReleasesTheMirrorHolds() throws {
        let good = "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl"
        let mirror = try WheelMirror(wheels: [.init(good)], releasesJSON: false, listing: true)
        let listing = try WheelSourceReader(source: .mirror(URL(string: mirror.url)!), environment: [:]).read()
        #expect(listing.releases.map(\.version) == ["2.8.3"])
        #expect(listing.provenance?.en.contains("its listing holds 2.8.3") == true)
        #expect(listing.releases[0].wheels?.map(\.availability) == [.listed])
        #expect(listing.releases[0].wheels?.first?.location == .url(mirror.url + "/v2.8.3/" + good.replacingOccurrences(of: "+", with: "%2B")))
    }
}

@Suite struct WheelLinkPageTests {
    static let sha = String(repeating: "ab", count: 32)

    @Test func readsASimpleIndexPageAsPipDoes() {
        let html = """
            <!DOCTYPE html><html><body><h1>Links for flash-attn</h1>
            <a href="../../packages/ab/flash_attn-2.8.3%2Bcu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl#sha256=\(Self.sha.uppercased())" data-requires-python="&gt;=3.9">flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl</a><br/>
            <A HREF='flash_attn-2.8.2+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl' data-yanked="">yanked one</A>
            <a href="https://files.example/flash_attn-2.8.3.tar.gz#sha256=\(Self.sha)">sdist</a>
            <a href=flash_attn-odd.whl>odd</a>
            </body></html>
            """
        let page = WheelLinkPage(html: html, base: URL(string: "https://mirror.example/simple/flash-attn/")!)
        #expect(page.links.count == 4)
        let wheels = page.wheels
        #expect(wheels.count == 1)
        #expect(wheels[0].link.url == "https://mirror.example/packages/ab/flash_attn-2.8.3%2Bcu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl")
        #expect(wheels[0].link.sha256 == Self.sha)
        #expect(wheels[0].name.version == "2.8.3")
        #expect(page.links[1].yanked)
        #expect(page.unreadableWheelNames == ["flash_attn-odd.whl"])
        let releases = WheelSourceReader.indexReleases(page)
        #expect(releases.map(\.version) == ["2.8.3", "?"])
        #expect(releases[0].wheels?.first?.origin == .index)
        #expect(releases[0].wheels?.first?.sha256 == Self.sha)
    }

    @Test func findsTheProjectOnAnIndexRootAndTheReleaseFoldersOfAListing() {
        let root = WheelLinkPage(
            html: #"<a href="/simple/einops/">einops</a><a href="/simple/flash-attn/">flash_attn</a>"#,
            base: URL(string: "https://mirror.example/simple/")!)
        #expect(root.projectPage == "https://mirror.example/simple/flash-attn/")
        let listing = WheelLinkPage(
            html: #"<pre><a href="../">../</a><a href="v2.7.4.post1/">v2.7.4.post1/</a><a href="v2.8.3/">v2.8.3/</a><a href="notes/">notes/</a></pre>"#,
            base: URL(string: "http://127.0.0.1/m/")!)
        #expect(listing.releaseFolders == ["2.7.4.post1", "2.8.3"])
    }

    @Test func aFragmentThatIsNotASHA256IsNoChecksum() {
        let page = WheelLinkPage(
            html: #"<a href="flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl#sha256=xyz">x</a><a href="flash_attn-2.8.3+cu12torch2.8cxx11abiFALSE-cp312-cp312-linux_x86_64.whl#md5=00">y</a>"#,
            base: URL(string: "http://127.0.0.1/")!)
        #expect(page.wheels.map(\.link.sha256) == [nil, nil])
    }
}

/// What the API lists beyond the built-in catalog: a release newer than it (2.8.3.post2) and an asset added to an
/// old release months later (a cu13torch2.10 wheel on v2.8.3), both planned from the listing alone.
@Suite struct ListedBeyondTheCatalogTests {
    @Test func aReleaseNewerThanTheCatalogAndAnAssetAddedLaterAreBothPlanned() throws {
        let json = #"""
            [{"tag_name": "v2.8.3.post2", "assets": [
               {"name": "flash_attn-2.8.3.post2+cu12torch2.9cxx11abiTRUE-cp312-cp312-linux_x86_64.whl", "browser_download_url": "https://x.invalid/a.whl", "digest": "sha256:\#(String(repeating: "1", count: 64))"}]},
             {"tag_name": "v2.8.3", "assets": [
               {"name": "flash_attn-2.8.3+cu13torch2.10cxx11abiTRUE-cp312-cp312-linux_x86_64.whl", "browser_download_url": "https://x.invalid/b.whl"}]}]
            """#
        let releases = try WheelSourceReader.releases(fromAPI: Data(json.utf8), source: "test", origin: .official)
        func target(_ torch: String, _ cuda: String) -> WheelTarget {
            WheelTarget(pythonTag: "cp312", platform: "linux_x86_64", torchVersion: torch, torchCUDA: cuda, cxx11abi: true, glibc: "2.39")
        }
        let newer = WheelResolver.resolve(target: target("2.9.0+cu128", "12.8"), releases: releases, catalog: .builtIn)
        #expect(newer.release == "2.8.3.post2")
        #expect(newer.wheel?.sha256 == String(repeating: "1", count: 64))
        let added = WheelResolver.resolve(target: target("2.10.0+cu130", "13.0"), releases: releases, catalog: .builtIn)
        #expect(added.release == "2.8.3")
        #expect(added.wheel?.name.cudaTag == "13")
    }
}
