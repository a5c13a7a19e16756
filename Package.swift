// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "flash-attn-setup",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flash-attn-setup", targets: ["flash-attn-setup"]),
        // For Fuzzing/, the package of the parser fuzzer, which depends on this one by path.
        .library(name: "SetupCore", targets: ["SetupCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 through BoringSSL's assembly (about ten times the hand-written one that was here).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // HTTP for the wheel sources: proxies chosen per URL (NO_PROXY) and a private CA (SSL_CERT_FILE), neither of
        // which Foundation's URLSession on Linux can be given.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // The shared core: probes, facts, verdicts. No terminal code.
        .target(
            name: "SetupCore",
            dependencies: [
                "CChildSpawn",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Plain-HTTP requests through an HTTP proxy, which AsyncHTTPClient would send as CONNECT.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [
                .embedInCode("Wheels/release-catalog.json"), .embedInCode("Wheels/wheel-projects.json"),
                .embedInCode("Upstream/route-catalog.json"),
                .embedInCode("ComfyUI/qwen-vl-models.json"),
            ]),
        // ncursesw for the wizard's real canvas.
        // Linked by name in its module map, not through pkg-config: ncursesw.pc's -D_XOPEN_SOURCE=600 is a flag
        // SwiftPM refuses (a warning on every build), and shim.h sets what it was for.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]),
        // What posix_spawn offers only under _GNU_SOURCE, and pidfd_open: for SetupCore's child processes.
        .target(name: "CChildSpawn"),
        // main's argv, captured in C before main: the static Swift runtime reads it from /proc, which may be absent.
        .target(name: "CCommandLine"),
        // A crash net in C: signal handlers must be async-signal-safe, which Swift code cannot promise.
        .target(name: "CTerminalSafety"),
        // The Swift face of the terminal: canvases measured in cells, widgets.
        .target(name: "TerminalUI", dependencies: ["CNcursesw", "CTerminalSafety"]),
        // The wizard's steps, drawn on a TerminalUI canvas from SetupCore's facts.
        .target(name: "Screens", dependencies: ["TerminalUI", "SetupCore"], path: "Screens"),
        // The command line as a library: the commands, their text and JSON, the wizard's event loop. The binary is its
        // main.swift alone, and the tests run the commands in-process through `Entrypoint`.
        .target(
            name: "SetupCommands",
            dependencies: [
                "SetupCore", "Screens", "CCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "flash-attn-setup", dependencies: ["SetupCommands"]),
        // Fixture paths, stand-in venvs and a way to run the built binary, shared by the test targets.
        .target(name: "TestSupport", dependencies: ["SetupCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SetupCoreTests", dependencies: ["SetupCore", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(
            name: "ScreensTests", dependencies: ["Screens", "SetupCore", "TerminalUI", "TestSupport"],
            exclude: ["Snapshots"]),
        // Drives the built binary; depending on the executable makes `swift test` build it first.
        // The binary where a test needs a process of the tool's own (tmux, signals, namespaces); SetupCommands to run the
        // others in-process.
        .testTarget(
            name: "EndToEndTests", dependencies: ["flash-attn-setup", "SetupCommands", "SetupCore", "TerminalUI", "TestSupport"]),
        // The commands run in-process: option parsing and every --json document, without starting the binary.
        // Depending on the executable too: one test compares the in-process document with the binary's.
        .testTarget(name: "CommandTests", dependencies: ["flash-attn-setup", "SetupCommands", "SetupCore", "TestSupport"]),
    ]
)
