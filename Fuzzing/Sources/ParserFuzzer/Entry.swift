import Foundation

// SwiftPM links an executable's entry point under the name <target>_main and points main at it, so libFuzzer's
// own main is never linked in. This entry point hands control to libFuzzer's driver instead, with every argument
// (-max_total_time, the corpus folders) as given.

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("ParserFuzzer_main")
func parserFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    _ = FuzzTarget.chosen
    return runFuzzerDriver(&count, &arguments) { data, size in
        FuzzTarget.chosen.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
