import Foundation

/// Whether a failed write failed because its disk (or the user's quota) is full, however Foundation wrapped the
/// errno: the one failure that has its own sentence, naming the folder and the space it needs.
func isOutOfSpace(_ error: any Error) -> Bool {
    let full: Set<Int> = [Int(ENOSPC), Int(EDQUOT)]
    let ns = error as NSError
    if ns.domain == NSCocoaErrorDomain, ns.code == CocoaError.fileWriteOutOfSpace.rawValue { return true }
    if ns.domain == NSPOSIXErrorDomain, full.contains(ns.code) { return true }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return full.contains(underlying.code)
    }
    return false
}

/// A byte count as a person reads it: "34.2 MB", "1.3 GB".
func readableSize(_ bytes: Int64) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
}
