// swift-tools-version: 6.0
// The project's fuzzer: one libFuzzer binary over every parser that reads another program's output. Built apart
// from the main package (it needs -sanitize=fuzzer and has no main of its own); Fuzzing/run builds and runs it.
import PackageDescription

let package = Package(
    name: "flash-attn-setup-fuzzing",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "flash-attn-setup", path: "..")],
    targets: [
        .executableTarget(
            name: "ParserFuzzer",
            dependencies: [.product(name: "SetupCore", package: "flash-attn-setup")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
