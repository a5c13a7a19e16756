import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// Wheel sources as users have them, through the binary: a mirror holding one release, a PEP 503 index with
/// checksums in its links, and the community builds beside the official releases.
extension InstallTests {
    /// The defect as a new user met it: the mirror holds 2.8.3 alone and no releases.json, and the newest catalog
    /// release (2.8.3.post1) used to be planned and answer 404. Now it is asked for, skipped, and 2.8.3 installs.
    @Test func aMirrorHoldingOneReleaseInstallsThatOneAndSaysWhatItLacked() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false)
        let python = try TestVenv.freshCopy(Self.venv)
        let plan = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url], python: python)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let json = try plan.json()
        let wheel = try #require(json["wheel"] as? [String: Any])
        #expect(wheel["flashAttnVersion"] as? String == "2.8.3")
        #expect(wheel["source"] as? String == "mirror")
        #expect(wheel["project"] is NSNull)
        #expect(wheel["sha256"] is NSNull)
        let misses = try #require((json["resolution"] as? [String: Any])?["nearMisses"] as? [[String: String]])
        let skipped = try #require(misses.first { $0["version"] == "2.8.3.post1" })
        #expect(skipped["code"] == "not-on-source")
        #expect(skipped["reason"]?.contains("the mirror does not have flash_attn-2.8.3.post1") == true)
        #expect(skipped["reason"]?.contains("HTTP 404") == true)

        let install = try run(["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url], python: python)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        #expect(!mirror.requests.contains { $0.hasPrefix("/v2.8.3.post1/") }, "only HEAD asks for a release the mirror lacks")
    }

    /// A PEP 503 index (its root and flash-attn's page), links relative to the page, "+" percent-encoded, a
    /// #sha256 fragment: the checksum the download is checked against.
    @Test func aSimpleIndexIsReadAsPipReadsItAndItsChecksumIsKept() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name()), .init(Self.name("2.8.3.post1", torch: "2.7"))], releasesJSON: false)
        let sha = try #require(mirror.sha256(of: Self.name()))
        let link = "../../v2.8.3/" + Self.name().replacingOccurrences(of: "+", with: "%2B")
        try mirror.write("simple/index.html", #"<html><body><a href="einops/">einops</a><a href="flash-attn/">flash-attn</a></body></html>"#)
        try mirror.write("simple/flash-attn/index.html", """
            <html><body><a href="\(link)#sha256=\(sha)">\(Self.name())</a>
            <a href="../../v2.8.3.post1/x.whl">flash_attn-2.8.3.post1.tar.gz</a></body></html>
            """)
        let python = try TestVenv.freshCopy(Self.venv)
        let plan = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url + "/simple/"], python: python)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let wheel = try #require(try plan.json()["wheel"] as? [String: Any])
        #expect(wheel["source"] as? String == "index")
        #expect(wheel["sha256"] as? String == sha)
        #expect(wheel["url"] as? String == mirror.url + "/v2.8.3/" + Self.name().replacingOccurrences(of: "+", with: "%2B"))

        let text = try run(["plan", "--method", "wheel", "--wheel-source", mirror.url + "/simple/flash-attn/"], python: python)
        #expect(text.stdout.contains("sha256 \(sha)"))
        #expect(text.stdout.contains("builder not stated by the source (index)"))

        let install = try run(["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url + "/simple/flash-attn/"], python: python)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
    }

    /// A `#md5=` or `#sha512=` fragment was not checked: pip refuses the wrong file, the tool installed it.
    @Test func anIndexLinksMD5OrSHA512IsCheckedAsPipChecksIt() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false)
        let path = mirror.root + "/v2.8.3/" + Self.name()
        let md5 = try FileDigest(fragment: "md5=" + String(repeating: "0", count: 32))!.computed(ofFile: path)
        let link = "../v2.8.3/" + Self.name().replacingOccurrences(of: "+", with: "%2B")
        try mirror.write("right/index.html", #"<html><body><a href="\#(link)#md5=\#(md5)">w</a></body></html>"#)
        try mirror.write("wrong/index.html", #"<html><body><a href="\#(link)#sha512=\#(String(repeating: "ab", count: 64))">w</a></body></html>"#)
        let python = try TestVenv.freshCopy(Self.venv)
        let wrong = try run(["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url + "/wrong/"], python: python)
        #expect(wrong.status == 1, "\(wrong.stdout)\(wrong.stderr)")
        #expect(wrong.stdout.contains("does not match the sha512 its source publishes"), "\(wrong.stdout)")
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
        let right = try run(["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url + "/right/"], python: python)
        #expect(right.status == 0, "\(right.stdout)\(right.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
    }

    /// A run against another API (FLASH_ATTN_SETUP_GITHUB_API) used to fill the cache that later default runs read
    /// for a day, so they downloaded from that host under the official label. The cache is keyed by the endpoint now,
    /// and a plan names the host each wheel comes from.
    @Test func anotherAPIsAnswerNeverStandsInForGitHubsAndAWheelNamesItsHost() throws {
        let official = Self.name()
        let mirror = try WheelMirror(wheels: [.init(official)], releasesJSON: false)
        try mirror.serveReleasesAPI(repository: "Dao-AILab/flash-attention", tag: "v2.8.3", wheels: [official])
        try mirror.serveReleasesAPI(repository: "mjun0812/flash-attention-prebuild-wheels", tag: "v0.7.0", wheels: [])
        let python = try TestVenv.python(Self.venv)
        let cache = Fixtures.temporaryDirectory("shared-cache")
        func plan(_ api: String, json: Bool = true) throws -> BuiltBinary.Run {
            var env = Fixtures.environment(profile: "rtx4090", extra: ["FLASH_ATTN_SETUP_GITHUB_API": api])
            env["XDG_CACHE_HOME"] = cache
            let arguments = ["plan", "--method", "wheel", "--python", python] + (json ? ["--json"] : [])
            return try InProcess.run(arguments, environment: env)
        }
        let elsewhere = try plan(mirror.url)
        let elsewhereWheel = try #require(try elsewhere.json()["wheel"] as? [String: Any], "\(elsewhere.stdout)")
        #expect(elsewhereWheel["host"] as? String == "127.0.0.1")
        let text = try plan(mirror.url, json: false)
        #expect(text.stdout.contains("(official), from 127.0.0.1"), "\(text.stdout)")
        #expect(text.stdout.contains("was read from 127.0.0.1 (FLASH_ATTN_SETUP_GITHUB_API), not from api.github.com"), "\(text.stdout)")

        // The default endpoint's stand-in is a closed port: its own cache is empty, so the built-in catalog answers,
        // at GitHub's addresses, and nothing of the other API's answer is used.
        let later = try plan("http://127.0.0.1:9")
        let laterWheel = try #require(try later.json()["wheel"] as? [String: Any], "\(later.stdout)")
        #expect(laterWheel["host"] as? String == "github.com")
        #expect(!(laterWheel["url"] as? String ?? "").contains("127.0.0.1"))
    }

    /// The default source reads both projects' release lists (FLASH_ATTN_SETUP_GITHUB_API points the REST API at the
    /// loopback server): the official release has no wheel for this torch, the community one has.
    @Test func theCommunityBuildIsPlannedWhereNoOfficialWheelFitsAndNamedAsSuch() throws {
        let community = "flash_attn-2.8.3+cu128torch2.8-\(Self.tag)-\(Self.tag)-manylinux_2_28_x86_64.whl"
        let official = Self.name(torch: "2.7")
        let mirror = try WheelMirror(wheels: [.init(community), .init(official)], releasesJSON: false)
        try mirror.serveReleasesAPI(repository: "Dao-AILab/flash-attention", tag: "v2.8.3", wheels: [official])
        try mirror.serveReleasesAPI(repository: "mjun0812/flash-attention-prebuild-wheels", tag: "v0.7.0", wheels: [community])
        let python = try TestVenv.freshCopy(Self.venv)
        let api = ["FLASH_ATTN_SETUP_GITHUB_API": mirror.url]
        let plan = try run(["plan", "--json", "--method", "wheel"], python: python, extra: api)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let json = try plan.json()
        let wheel = try #require(json["wheel"] as? [String: Any])
        #expect(wheel["filename"] as? String == community)
        #expect(wheel["source"] as? String == "community")
        #expect(wheel["project"] as? String == "mjun0812/flash-attention-prebuild-wheels")
        #expect((wheel["sha256"] as? String)?.count == 64)
        #expect(mirror.requests.contains { $0.hasPrefix("/repos/mjun0812/flash-attention-prebuild-wheels/releases") })

        // The official source alone has nothing for torch 2.8; the plan says so instead.
        let officialOnly = try run(["plan", "--json", "--method", "wheel", "--wheel-source", "official"], python: python, extra: api)
        let officialWheel = try officialOnly.json()["wheel"]
        #expect(officialWheel is NSNull || officialWheel == nil, "\(officialOnly.stdout)")

        let install = try run(["install", "--yes", "--method", "wheel"], python: python, extra: api)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(install.stdout.contains("mjun0812/flash-attention-prebuild-wheels"))
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
    }
}

/// The guide's method 2, Windows: no official win_amd64 wheel exists, a community one does; the plan for a machine
/// the tool is not on names it and the ComfyUI portable command. And `catalog --source` for the same.
@Suite struct DescribedMachineTests {
    static let windows = "flash_attn-2.8.3+cu128torch2.8-cp312-cp312-win_amd64.whl"
    static let linux = "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl"

    func served() throws -> WheelMirror {
        let mirror = try WheelMirror(wheels: [.init(Self.windows), .init(Self.linux)], releasesJSON: false)
        try mirror.serveReleasesAPI(repository: "Dao-AILab/flash-attention", tag: "v2.8.3", wheels: [Self.linux])
        try mirror.serveReleasesAPI(repository: "mjun0812/flash-attention-prebuild-wheels", tag: "v0.4.10", wheels: [Self.windows])
        return mirror
    }

    func run(_ arguments: [String], _ mirror: WheelMirror) throws -> BuiltBinary.Run {
        var env = Fixtures.environment(profile: "rtx4090", extra: ["FLASH_ATTN_SETUP_GITHUB_API": mirror.url])
        env["XDG_CACHE_HOME"] = Fixtures.temporaryDirectory("cache")
        return try InProcess.run(arguments, environment: env)
    }

    @Test func aWindowsPlanNamesTheCommunityWheelAndThePortableCommand() throws {
        let mirror = try served()
        let described = ["--platform", "win_amd64", "--python-tag", "cp312", "--torch", "2.8.0+cu128"]
        let text = try run(["plan"] + described, mirror)
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("Wheel: " + Self.windows))
        #expect(text.stdout.contains("built by mjun0812/flash-attention-prebuild-wheels (community)"))
        #expect(text.stdout.contains(#"python_embeded\python.exe -m pip install --no-deps flash_attn-2.8.3-cp312-cp312-win_amd64.whl"#))
        #expect(text.stdout.contains("2.8.3 has no wheel") == false, "the official linux wheel is not a near miss where the community one fits")

        let json = try run(["plan", "--json"] + described, mirror).json()
        let wheel = try #require(json["wheel"] as? [String: Any])
        #expect(wheel["source"] as? String == "community")
        #expect((wheel["url"] as? String)?.hasPrefix(mirror.url + "/v2.8.3/") == true)
        #expect((wheel["sha256"] as? String)?.count == 64)
        let argv = try #require(json["argv"] as? [[String]])
        #expect(argv.first == [#"python_embeded\python.exe"#, "-m", "pip", "install", "--no-deps", "flash_attn-2.8.3-cp312-cp312-win_amd64.whl"])

        // The official releases alone have nothing for Windows, and say where to look.
        let official = try run(["plan"] + described + ["--wheel-source", "official"], mirror)
        #expect(official.status == 1)
        #expect(official.stdout.contains("Dao-AILab builds none for Windows"))
        #expect(official.stdout.contains("2.8.3 has no wheel for win_amd64 (it has linux_x86_64)."))
    }

    @Test(arguments: [
        (["--platform", "win_amd64"], "give all three"),
        (["--platform", "macosx_14_0_arm64", "--python-tag", "cp312", "--torch", "2.8.0+cu128"], "give one of win_amd64"),
        (["--platform", "win_amd64", "--python-tag", "cp312", "--torch", "2.8.0+cpu"], "a CPU build (+cpu) has no FlashAttention"),
        (["--platform", "win_amd64", "--python-tag", "py3", "--torch", "2.8.0+cu128"], "cp312 for Python 3.12"),
        (["--cxx11-abi", "TRUE"], "give it with --platform, --python-tag and --torch"),
        (["--wheel-source", ""], "--wheel-source is empty"),
        (["--wheel-source", "ftp://mirror.example/wheels"], "uses a scheme this tool does not fetch"),
        (["--wheel-source", "http://"], "names no host"),
        (["--platform", "linux_x86_64", "--python-tag", "cp311", "--torch", "2.5.1+cu124", "--cxx11-abi", "yes"], "takes TRUE or FALSE"),
    ])
    func aDescriptionThatIsIncompleteOrWrongIsRefused(_ arguments: [String], _ sentence: String) throws {
        let result = try InProcess.run(["plan"] + arguments, environment: Fixtures.environment())
        #expect(result.status == 2)
        #expect(result.stderr.contains(sentence), "\(result.stderr)")
    }

    /// For another Linux machine the ABI used to be assumed TRUE, so torch 2.5.1 from the index (built with the old
    /// ABI) got a cxx11abiTRUE wheel that fails with "undefined symbol" there. The ABI of PyTorch's pip wheels of
    /// that torch is taken now and said; --cxx11-abi gives another.
    @Test func anotherLinuxMachinesABIIsThatOfItsTorchsPipWheelsAndSaidOrAsGiven() throws {
        let described = ["plan", "--json", "--wheel-source", "catalog", "--platform", "linux_x86_64", "--python-tag", "cp311"]
        let environment = Fixtures.environment()
        let old = try InProcess.run(described + ["--torch", "2.5.1+cu124"], environment: environment).json()
        #expect((old["wheel"] as? [String: Any])?["filename"] as? String == "flash_attn-2.8.3.post1+cu12torch2.5cxx11abiFALSE-cp311-cp311-linux_x86_64.whl")
        #expect(old["cxx11abi"] as? Bool == false)
        #expect((old["assumptions"] as? [String])?.first?.contains("PyTorch's own pip wheels of torch 2.5.1 are built that way") == true)
        let new = try InProcess.run(described + ["--torch", "2.8.0+cu128"], environment: environment).json()
        #expect(((new["wheel"] as? [String: Any])?["filename"] as? String)?.contains("torch2.8cxx11abiTRUE") == true)
        let given = try InProcess.run(described + ["--torch", "2.5.1+cu124", "--cxx11-abi", "TRUE"], environment: environment).json()
        #expect(((given["wheel"] as? [String: Any])?["filename"] as? String)?.contains("torch2.5cxx11abiTRUE") == true)
        #expect((given["assumptions"] as? [String]) == [])
        #expect(DescribedTarget.pipWheelsUseCXX11ABI(torch: "2.6.0", cudaTag: "cu126"))
        #expect(!DescribedTarget.pipWheelsUseCXX11ABI(torch: "2.6.0", cudaTag: "cu124"))
        #expect(DescribedTarget.pipWheelsUseCXX11ABI(torch: "2.15.0", cudaTag: "cu132"))
        #expect(!DescribedTarget.pipWheelsUseCXX11ABI(torch: "1.13.1", cudaTag: "cu117"))
    }

    @Test func catalogListsWhatTheCommunitySourceHasForTheTarget() throws {
        let mirror = try served()
        let windows = try run(["catalog", "--source", "community", "--json", "--platform", "win_amd64", "--python-tag", "cp312", "--torch", "2.8.0+cu128"], mirror)
        #expect(windows.status == 0, "\(windows.stdout)\(windows.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(windows.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["filename"] as? String } == [Self.windows])
        #expect(rows.first?["project"] as? String == "mjun0812/flash-attention-prebuild-wheels")
        let linux = try run(["catalog", "--source", "community", "--platform", "linux_x86_64", "--python-tag", "cp312", "--torch", "2.8.0+cu128"], mirror)
        #expect(linux.stdout.contains("nothing fits"))
    }

    /// A mirror without a listing holds what it answers for: catalog --source lists 2.8.3, which it has, and not
    /// 2.8.3.post1, which the catalog names and the mirror answers 404 for.
    @Test func catalogOfAPartialMirrorListsOnlyWhatItHolds() throws {
        let mirror = try served()
        let listed = try run(["catalog", "--source", mirror.url, "--json", "--platform", "linux_x86_64", "--python-tag", "cp312", "--torch", "2.8.0+cu128"], mirror)
        #expect(listed.status == 0, "\(listed.stdout)\(listed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["release"] as? String } == ["2.8.3"])
        #expect(mirror.requests.contains { $0.hasPrefix("HEAD /v2.8.3.post1/") })
    }
}

extension InstallTests {
    /// HTTP_PROXY in upper case carries every request: the mirror's host name exists only in the proxy, so an
    /// install that succeeds went through it. NO_PROXY for that host sends it direct, where the name does not resolve.
    @Test func downloadsGoThroughTheProxyTheEnvironmentNamesAndNoProxyBypassesIt() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false)
        let proxy = try ForwardProxy(hosts: ["mirror.test": mirror.port])
        let source = "http://mirror.test:\(mirror.port)"
        let python = try TestVenv.freshCopy(Self.venv)
        let install = try run(["install", "--yes", "--method", "wheel", "--wheel-source", source], python: python, extra: ["HTTP_PROXY": proxy.url])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        // A plain-HTTP address goes to the proxy in absolute form, as pip sends it, never as a tunnel.
        #expect(proxy.requests.contains("GET http://mirror.test:\(mirror.port)/v2.8.3/\(Self.name())"), "\(proxy.requests)")
        #expect(!proxy.requests.contains { $0.hasPrefix("CONNECT ") }, "\(proxy.requests)")
        // Through the proxy, the mirror saw the HEAD for the release it lacks and the GET of the one it has.
        #expect(mirror.requests.contains { $0.hasPrefix("HEAD /v2.8.3.post1/") })
        #expect(mirror.requests.contains { $0.hasPrefix("/v2.8.3/" + Self.name()) })

        let bypassed = try run(
            ["plan", "--json", "--method", "wheel", "--wheel-source", source], python: python,
            extra: ["HTTP_PROXY": proxy.url, "NO_PROXY": "mirror.test"])
        #expect(bypassed.status != 0)
        #expect(bypassed.stdout.contains("Could not reach mirror.test"), "\(bypassed.stdout)")
    }
}

extension InstallTests {
    /// pip configured with find-links (here by PIP_FIND_LINKS, as a config file would): `pip install` would look
    /// there, so the default source weighs its wheels beside the releases, which have none for this torch.
    @Test func theFindLinksPipIsConfiguredWithAreWeighedToo() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name()), .init(Self.name(torch: "2.7"))], releasesJSON: false)
        try mirror.serveReleasesAPI(repository: "Dao-AILab/flash-attention", tag: "v2.8.3", wheels: [Self.name(torch: "2.7")])
        try mirror.serveReleasesAPI(repository: "mjun0812/flash-attention-prebuild-wheels", tag: "v0.7.0", wheels: [])
        let sha = try #require(mirror.sha256(of: Self.name()))
        try mirror.write("team/links.html", #"<a href="../v2.8.3/\#(Self.name())#sha256=\#(sha)">\#(Self.name())</a>"#)
        let python = try TestVenv.python(Self.venv)
        let extra = ["FLASH_ATTN_SETUP_GITHUB_API": mirror.url, "PIP_FIND_LINKS": mirror.url + "/team/links.html"]
        let plan = try run(["plan", "--json", "--method", "wheel"], python: python, extra: extra)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let wheel = try #require(try plan.json()["wheel"] as? [String: Any])
        #expect(wheel["filename"] as? String == Self.name())
        #expect(wheel["source"] as? String == "index")
        #expect(wheel["sha256"] as? String == sha)
        let text = try run(["plan", "--method", "wheel"], python: python, extra: extra)
        #expect(text.stdout.contains("pip here is configured to look in \(mirror.url)/team/links.html as well"))
    }

    @Test func pipsConfigurationIsReadForExtraIndexesAndFindLinks() throws {
        let folder = Fixtures.temporaryDirectory("pip-conf")
        let file = folder + "/pip.conf"
        try """
            [global]
            index-url = https://pypi.example/simple
            extra-index-url =
                https://a.example/simple
                https://b.example/simple
            find-links = https://c.example/links.html /srv/wheels
            [install]
            find-links = https://c.example/links.html
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let variables = ["PIP_CONFIG_FILE": file, "HOME": folder, "XDG_CONFIG_DIRS": folder + "/none"]
        let withVariable = PipIndexes.read(prefix: nil, environment: variables.merging(["PIP_FIND_LINKS": "/opt/wheels"]) { $1 })
        let places: [String] = PipConfiguredSources.places(withVariable).map(\.source.description)
        #expect(places == ["/opt/wheels", "https://a.example/simple/flash-attn", "https://b.example/simple/flash-attn"])
        // [install] over [global], as pip reads them.
        let fromFiles: [String] = PipConfiguredSources.places(PipIndexes.read(prefix: nil, environment: variables)).map(\.source.description)
        #expect(fromFiles == ["https://c.example/links.html", "https://a.example/simple/flash-attn", "https://b.example/simple/flash-attn"])
        let noIndex = PipIndexes(extra: [URL(string: "https://a.example/simple/")!], noIndex: true)
        #expect(PipConfiguredSources.places(noIndex).isEmpty)
    }
}

extension InstallTests {
    /// A mirror whose certificate a private CA signed: refused with a sentence that names SSL_CERT_FILE, then
    /// planned and installed once SSL_CERT_FILE names that CA.
    @Test func aMirrorSignedByAPrivateCAIsTrustedThroughSSLCertFile() throws {
        let certificates = try TestCertificates()
        let mirror = try WheelMirror(wheels: [.init(Self.name())], tls: certificates)
        let python = try TestVenv.freshCopy(Self.venv)
        let refused = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url], python: python)
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("127.0.0.1's certificate is not signed by a CA this machine trusts"), "\(refused.stdout)")
        #expect(refused.stdout.contains("SSL_CERT_FILE"))

        let trusted = ["SSL_CERT_FILE": certificates.authority]
        let install = try run(["install", "--yes", "--method", "wheel", "--wheel-source", mirror.url], python: python, extra: trusted)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        #expect(mirror.requests.contains { $0.hasPrefix("/v2.8.3/") })
    }
}

/// `check` judges a host by the source its install would use: the role stopped a host whose only wheel was on the
/// cluster's mirror, because check read the built-in catalog alone and accepted no `--wheel-source`.
extension InstallTests {
    @Test func checkWithTheClustersMirrorFindsTheWheelTheCatalogLacks() throws {
        let cluster = "flash_attn-2.8.3+cu13torch2.15cxx11abiTRUE-\(Self.tag)-\(Self.tag)-linux_x86_64.whl"
        let mirror = try WheelMirror(wheels: [.init(cluster)], releasesJSON: false, listing: true)
        let python = try TestVenv.python(torch: .cu132SeesGPU)
        let driver = ["FAKE_NVIDIA_SMI_PROFILE": Fixtures.nvidiaSMIProfile("rtx4090-cuda13")]
        func run(_ arguments: [String], python: String) throws -> BuiltBinary.Run { try self.run(arguments, python: python, extra: driver) }
        let catalog = try run(["check", "--json"], python: python).json()
        let wheel = try #require((catalog["routes"] as? [[String: String]])?.first { $0["method"] == "wheel" })
        #expect(wheel["status"] == "impossible" && catalog["recommended"] as? String != "wheel")
        #expect(mirror.requests.isEmpty, "check without --wheel-source reads no source: it answers in seconds")

        let withMirror = try run(["check", "--json", "--wheel-source", mirror.url], python: python)
        #expect(withMirror.status == 0, "\(withMirror.stdout)\(withMirror.stderr)")
        let json = try withMirror.json()
        #expect(json["recommended"] as? String == "wheel")
        #expect((json["routes"] as? [[String: String]])?.first { $0["method"] == "wheel" }?["status"] == "ready")
        // The same answer plan gives with that source: check and plan agree.
        let plan = try run(["plan", "--json", "--wheel-source", mirror.url], python: python).json()
        #expect(plan["recommended"] as? String == "wheel")
        #expect(((plan["wheel"] as? [String: Any])?["filename"] as? String) == cluster)

        let bad = try run(["check", "--wheel-source", "ftp://mirror"], python: python)
        #expect(bad.status == 2 && bad.stderr.contains("--wheel-source"))
    }
}

/// A mirror whose root holds other files beside its release folders was read as a find-links page alone: its
/// v2.8.3/ folder was never looked in, the wheel route became impossible and the plan recommended a long build.
extension InstallTests {
    @Test func aMirrorRootWithOtherFilesBesideItsReleaseFoldersIsReadBothWays() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], releasesJSON: false, listing: true)
        try mirror.write("README.md", "# the cluster's wheels\n")
        try mirror.write("einops-0.8.1-py3-none-any.whl", "not ours")
        _ = try WheelMirror.makeWheel(.init(Self.name("2.6.3", torch: "2.4", abi: "FALSE")), in: mirror.root)
        let python = try TestVenv.freshCopy(Self.venv)
        let plan = try run(["plan", "--json", "--method", "wheel", "--wheel-source", mirror.url], python: python)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let json = try plan.json()
        #expect((json["wheel"] as? [String: Any])?["filename"] as? String == Self.name())
        let fetch = try #require((json["steps"] as? [[String: Any]])?.compactMap { $0["fetch"] as? [String: Any] }.first)
        #expect((fetch["from"] as? String)?.hasPrefix(mirror.url + "/v2.8.3/") == true)
        let note = try #require(json["listingNote"] as? String)
        #expect(note.contains("root links wheels of its own (2.6.3)") && note.contains("v2.8.3/"), "\(note)")
        #expect(mirror.requests.contains { $0.hasPrefix("/v2.8.3/") })
        let zh = try run(["plan", "--method", "wheel", "--lang", "zh", "--wheel-source", mirror.url], python: python)
        #expect(zh.stdout.contains("两者都已读取"))
    }
}
