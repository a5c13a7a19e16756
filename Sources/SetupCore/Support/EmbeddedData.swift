import Foundation

/// One of the JSON files SwiftPM embeds in the binary (Package.swift's `.embedInCode`), decoded. Such a file is
/// part of the build and covered by tests, so one that does not decode is a broken build: it stops the program.
func decodeEmbedded<T: Decodable>(_ type: T.Type, from bytes: [UInt8], named name: String) -> T {
    do {
        return try JSONDecoder().decode(type, from: Data(bytes))
    } catch {
        fatalError("\(name) in the binary does not decode: \(error)")
    }
}
