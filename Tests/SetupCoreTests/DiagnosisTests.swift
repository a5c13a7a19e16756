import Foundation
import Testing
import TestSupport
@testable import SetupCore

@Suite struct DiagnosisTests {
    func log(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.root + "/pip-logs/\(name).log", encoding: .utf8)
    }

    @Test func theRealBuildIsolationLog() throws {
        let findings = Diagnosis.of(try log("build-isolation-no-torch"))
        #expect(findings.first?.id == "build-isolation")
        #expect(findings.first?.evidence == "ModuleNotFoundError: No module named 'torch'")
        #expect(findings.first?.line == 36)
    }

    @Test func theRealNoCUDAHomeLog() throws {
        let findings = Diagnosis.of(try log("no-cuda-home-at-metadata"))
        #expect(findings.map(\.id) == ["no-cuda-home"])
        #expect(findings[0].evidence.contains("nvcc was not found"))
    }

    @Test func theRealExternallyManagedLog() throws {
        #expect(Diagnosis.of(try log("externally-managed-environment")).map(\.id) == ["externally-managed"])
    }

    /// One line of real wording per catalog entry; every entry must be reachable and say its piece in both languages.
    @Test(arguments: [
        ("build-isolation", "      ModuleNotFoundError: No module named 'torch'"),
        ("missing-build-deps", "ModuleNotFoundError: No module named 'packaging'"),
        ("torch-cpu-only", "      torch.__version__  = 2.13.0+cpu"),
        ("no-cuda-home", "      OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root."),
        ("cuda-version-mismatch", "RuntimeError: The detected CUDA version (12.2) mismatches the version that was used to compile PyTorch (11.7). Please make sure to use the same CUDA versions."),
        ("out-of-memory", "Killed"),
        ("out-of-memory", "ninja: build stopped: subcommand failed."),
        ("ninja-missing", "UserWarning: Attempted to use ninja as the BuildExtension backend but we could not find ninja.. Falling back to using the slow distutils backend."),
        ("abi-mismatch", "ImportError: /venv/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN3c105ErrorC2ENS_14SourceLocationENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"),
        ("torch-version-drift", "ImportError: /venv/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN3c104cuda9SetDeviceEi"),
        ("glibc-too-old", "ImportError: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.32' not found (required by /venv/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so)"),
        ("gpu-too-old", "RuntimeError: FlashAttention only supports Ampere GPUs or newer."),
        ("no-kernel-image", "RuntimeError: CUDA error: no kernel image is available for execution on the device"),
        ("wheel-not-found-compiling", "      Precompiled wheel not found. Building from source..."),
        ("externally-managed", "error: externally-managed-environment"),
        ("cxx20-required", "/venv/lib/python3.11/site-packages/torch/include/c10/util/C++17.h:13:2: error: #error C++20 or later compatible compiler is required to use ATen."),
        ("network-unreachable", "  WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 101] Network is unreachable')'"),
        ("unsupported-wheel", "ERROR: flash_attn-2.8.3-cp312-cp312-linux_x86_64.whl is not a supported wheel on this platform."),
        ("torch-pin-conflict", "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/"),
        ("hash-mismatch", "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE."),
    ])
    func recognisesEachKnownFailure(_ id: String, _ line: String) throws {
        let findings = Diagnosis.of("some noise\n" + line + "\nfatal: not a git repository (or any of the parent directories): .git\n")
        #expect(findings.first?.id == id)
        #expect(findings.first?.line == 2)
        let failure = try #require(FailureCatalog.failure(id))
        for text in [failure.cause, failure.fix] {
            #expect(text.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
            #expect(text.en.hasSuffix("."))
        }
    }

    @Test func everyCatalogEntryIsCoveredByALineAbove() {
        let covered: Set<String> = [
            "build-isolation", "missing-build-deps", "torch-cpu-only", "no-cuda-home", "cuda-version-mismatch", "out-of-memory",
            "ninja-missing", "abi-mismatch", "torch-version-drift", "glibc-too-old", "gpu-too-old", "no-kernel-image",
            "wheel-not-found-compiling", "externally-managed", "cxx20-required", "network-unreachable", "unsupported-wheel",
            "torch-pin-conflict", "hash-mismatch",
        ]
        #expect(Set(FailureCatalog.all.map(\.id)) == covered)
    }

    @Test func putsTheRootCauseFirst() {
        let text = """
            Precompiled wheel not found. Building from source...
            /usr/include/c10/util/C++17.h: error: #error C++20 or later compatible compiler is required to use ATen.
            ninja: build stopped: subcommand failed.
            """
        #expect(Diagnosis.of(text).map(\.id) == ["cxx20-required", "out-of-memory", "wheel-not-found-compiling"])
    }

    @Test func readsLiveOutputOnceEachFailure() {
        var diagnosis = Diagnosis()
        #expect(diagnosis.read("Collecting flash-attn") == nil)
        #expect(diagnosis.read("RuntimeError: FlashAttention only supports Ampere GPUs or newer.")?.id == "gpu-too-old")
        #expect(diagnosis.read("RuntimeError: FlashAttention only supports Ampere GPUs or newer.") == nil)
        #expect(diagnosis.ordered.count == 1)
    }
}

@Suite struct InstallOutputTests {
    @Test(arguments: [
        ("Collecting flash-attn", InstallPhase.resolve),
        ("  Downloading flash_attn-2.8.3.post2.tar.gz (8.5 MB)", .download(bytes: 0, total: 8_500_000)),
        ("Progress 1048576 of 262144000", .download(bytes: 1_048_576, total: 262_144_000)),
        ("  Building wheel for flash-attn (setup.py): started", .build(done: nil, total: nil)),
        ("  Precompiled wheel not found. Building from source...", .build(done: nil, total: nil)),
        ("  [12/73] /usr/local/cuda/bin/nvcc --generate-dependencies-with-compile -c flash_fwd_hdim64_fp16_sm80.cu", .build(done: 12, total: 73)),
        ("Installing collected packages: einops, flash-attn", .install),
        ("Successfully installed einops-0.8.1 flash-attn-2.8.3", .done),
    ])
    func readsThePhase(_ line: String, _ phase: InstallPhase) {
        #expect(InstallProgressParser.phase(of: line) == phase)
    }

    @Test func saysNothingForOtherLines() {
        #expect(InstallProgressParser.phase(of: "      warn(") == nil)
    }

    @Test func assemblesLinesAcrossChunksWithCarriageReturnsAndColour() {
        var lines = LineAssembler()
        #expect(lines.feed(Array("Coll".utf8)) == [])
        #expect(lines.feed(Array("ecting x\n  10%\r  50%\r100%\r\n\u{1B}[31mred\u{1B}[0m\nta".utf8))
                == ["Collecting x", "  10%", "  50%", "100%", "red"])
        #expect(lines.feed([0xFF, 0x0A]) == ["ta\u{FFFD}"])
        #expect(lines.finish() == [])
    }
}

/// The literal searched for before each expression: what it is taken to be, and that it never hides a match.
@Suite struct RequiredLiteralTests {
    @Test(arguments: [
        (#"error: externally-managed-environment"#, "error: externally-managed-environment"),
        (#"The detected CUDA version \(.*\) mismatches the version"#, "The detected CUDA version ("),
        (#"No module named '(packaging|psutil)'"#, "No module named '"),
        (#"torch\.__version__\s*=\s*\S+\+cpu"#, "torch.__version__"),
        (#"version `GLIBC_[0-9.]+' not found"#, "version `GLIBC_"),
        (#"colou?r"#, "colo"),
        (#"a{2}bcd"#, "bcd"),
    ])
    func takesTheLongestRequiredRun(_ pattern: String, _ literal: String) {
        #expect(RequiredLiteral.of(pattern) == literal)
    }

    @Test func anAlternationOrAFlagRequiresNothing() {
        #expect(RequiredLiteral.of(#"Killed|ninja: build stopped"#) == nil)
        #expect(RequiredLiteral.of(#"(?i)network is unreachable"#) == nil)
    }

    /// Over every line of the real logs and each catalog line, the pre-check changes no answer.
    @Test func theCheckNeverHidesAMatch() throws {
        let logs = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/pip-logs").map {
            try String(contentsOfFile: Fixtures.root + "/pip-logs/" + $0, encoding: .utf8)
        }
        let lines = logs.flatMap { $0.split(separator: "\n").map(String.init) } + [
            "ERROR: ResolutionImpossible: for help", "Killed", "ninja: build stopped: subcommand failed.",
            "RuntimeError: The detected CUDA version (12.2) mismatches the version that was used to compile PyTorch (11.7).",
            "      torch.__version__  = 2.13.0+cpu",
        ]
        for failure in FailureCatalog.all {
            for line in lines {
                #expect(
                    failure.matches(line, utf8: Array(line.utf8)) == failure.patterns.contains { line.contains($0) },
                    "\(failure.id): \(line)")
            }
        }
    }
}

/// Text from outside cannot drive the terminal it is shown on.
@Suite struct TerminalSafeTests {
    @Test(arguments: [
        ("plain text stays", "plain text stays"),
        ("\u{1B}[2J\u{1B}[HNVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 4090"),
        ("\u{1B}]0;pwned\u{07}v2.8.3", "v2.8.3"),
        ("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),
        ("a\u{08}b\u{07}c\u{9B}d", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"),
        ("two\nlines", "two\u{FFFD}lines"),
        ("tab\tkept", "tab\tkept"),
        ("\u{1B}", ""),
        // An asset name that reads as "...linux_x86_64.whl" with its extension turned around by U+202E.
        ("flash_attn-2.8.3\u{202E}lhw.46_68x-cp312.whl", "flash_attn-2.8.3\u{FFFD}lhw.46_68x-cp312.whl"),
        ("a\u{2066}b\u{2069}c\u{200F}", "a\u{FFFD}b\u{FFFD}c\u{FFFD}"),
        ("typographic — quotes ’ stay", "typographic — quotes ’ stay"),
    ])
    func removesEscapesAndReplacesControls(_ input: String, _ expected: String) {
        #expect(terminalSafe(input) == expected)
    }

    @Test func aReleaseTagIsNotTrustedForTheVersion() throws {
        let json = #"""
            [{"tag_name": "v9.9.9\u001b[2J", "assets": [
              {"name": "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl", "browser_download_url": "http://127.0.0.1/x.whl"},
              {"name": "flash_attn-\u001b]0;t\u0007.whl", "browser_download_url": "http://127.0.0.1/y.whl"}]},
             {"tag_name": "\u001b[31mred", "assets": []}]
            """#
        let releases = try WheelSourceReader.releases(fromAPI: Data(json.utf8), source: "test", origin: .official)
        #expect(releases.map(\.version) == ["2.8.3", "?"])
        #expect(releases[0].unreadableNames == ["flash_attn-.whl"])
    }

    @Test func aDiagnosisShowsNoRawBytesOfABinaryLog() {
        let findings = Diagnosis.of("\u{1B}[2JERROR: flash_attn-2.8.3.whl is not a supported wheel on this platform.\u{07}\n")
        #expect(findings.first?.evidence == "ERROR: flash_attn-2.8.3.whl is not a supported wheel on this platform.\u{FFFD}")
    }
}

/// diagnose reads a file a megabyte at a time: the same findings as reading it whole, in bounded memory.
@Suite struct StreamedDiagnosisTests {
    @Test func aStreamedLogGivesWhatTheWholeTextGives() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/pip-logs") {
            let path = Fixtures.root + "/pip-logs/" + name
            let whole = Diagnosis.of(try String(contentsOfFile: path, encoding: .utf8))
            let streamed = try LogReading.read(try #require(FileHandle(forReadingAtPath: path)), limit: 64 << 20).findings
            #expect(streamed == whole, "\(name)")
        }
    }

    @Test func aLineWithNoEndIsBoundedAndLaterLinesKeepTheirNumbers() throws {
        let path = Fixtures.temporaryDirectory("stream") + "/log"
        var data = Data(repeating: UInt8(ascii: "z"), count: 3 << 20)
        data.append(contentsOf: Array("\r\nERROR: ResolutionImpossible: for help\n".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        let findings = try LogReading.read(try #require(FileHandle(forReadingAtPath: path)), limit: 64 << 20).findings
        #expect(findings.map(\.id) == ["torch-pin-conflict"])
        #expect(findings.first?.line == 2)
        // With a limit below the log's size its end is still searched, and the line keeps its number.
        let cut = try LogReading.read(try #require(FileHandle(forReadingAtPath: path)), limit: 1 << 20)
        #expect(cut.findings.map(\.id) == ["torch-pin-conflict"])
        #expect(cut.findings.first?.line == 2)
        #expect(cut.skipped != nil)
    }

    /// diagnose read the first 64 MB and said "No known failure" where a 100-200 MB build log had its error at the
    /// end. The end is searched, the middle counted, and the reading says what was skipped.
    @Test func theEndOfALogLongerThanTheLimitIsSearchedWithItsLineNumber() throws {
        let path = Fixtures.temporaryDirectory("long") + "/build.log"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let noise = Data(String(repeating: "[12/345] nvcc -c flash_fwd_hdim128_bf16_sm80.cu -o flash_fwd.o -O3 -std=c++17\n", count: 1).utf8)
        var data = Data()
        let lines = (5 << 20) / noise.count
        for _ in 0..<lines { data.append(noise) }
        data.append(Data("FAILED: build/flash_fwd.o\nerror: #error C++20 or later compatible compiler is required to use ATen.\n".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        let reading = try LogReading.read(try #require(FileHandle(forReadingAtPath: path)), limit: 2 << 20)
        let whole = Diagnosis.of(try String(contentsOfFile: path, encoding: .utf8))
        #expect(!whole.isEmpty)
        #expect(reading.findings == whole)
        #expect(reading.findings.first?.line == lines + 2)
        let skipped = try #require(reading.skipped)
        #expect(skipped.lowerBound == 1 << 20 && skipped.upperBound > 3 << 20)
    }

    /// \r progress lines and UTF-16 logs defeated diagnose: a failure after a progress bar redrawn on its line, or
    /// in a log PowerShell saved, was not found.
    @Test func progressBarsRedrawnWithCarriageReturnsAndUTF16LogsAreRead() throws {
        let folder = Fixtures.temporaryDirectory("encodings")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = "Collecting flash-attn\n  Downloading 10%\r  Downloading 50%\rERROR: ResolutionImpossible: for help\nend\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/cr.log"))
        let cr = try LogReading.read(try #require(FileHandle(forReadingAtPath: folder + "/cr.log")), limit: 64 << 20)
        #expect(cr.findings.map(\.id) == ["torch-pin-conflict"])
        #expect(cr.findings.first?.line == 2)
        var utf16 = Data([0xFF, 0xFE])
        for unit in ("line one\r\n" + text).utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        try utf16.write(to: URL(fileURLWithPath: folder + "/ps.log"))
        let ps = try LogReading.read(try #require(FileHandle(forReadingAtPath: folder + "/ps.log")), limit: 64 << 20)
        #expect(ps.findings.map(\.id) == ["torch-pin-conflict"])
        #expect(ps.findings.first?.line == 3)
    }
}
