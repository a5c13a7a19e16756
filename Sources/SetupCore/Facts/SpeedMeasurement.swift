import Foundation

/// What verify's gpu-speed check measured: the route's attention and SDPA, milliseconds per call on one shape.
public struct SpeedMeasurement: Sendable, Hashable, Codable {
    /// "FA2", "hub kernel", "FA4".
    public var label: String
    public var milliseconds: Double
    public var sdpaMilliseconds: Double
    /// batch, sequence, heads, head dimension.
    public var shape: [Int]

    public init(label: String, milliseconds: Double, sdpaMilliseconds: Double, shape: [Int]) {
        self.label = label
        self.milliseconds = milliseconds
        self.sdpaMilliseconds = sdpaMilliseconds
        self.shape = shape
    }

    /// How many times slower SDPA was.
    public var sdpaSlowdown: Double { milliseconds > 0 ? sdpaMilliseconds / milliseconds : 1 }

    /// Kept per target under the tool's state folder, so that the routes can say what SDPA costs here.
    public static func path(python: String, stateDirectory: String) -> String {
        stateDirectory + "/measurements/speed-\(SHA256Hex.hex(of: Array(python.utf8)).prefix(12)).json"
    }

    public static func load(python: String, stateDirectory: String) -> SpeedMeasurement? {
        FileManager.default.contents(atPath: path(python: python, stateDirectory: stateDirectory))
            .flatMap { try? JSONDecoder().decode(SpeedMeasurement.self, from: $0) }
    }

    /// Written atomically; a failure to write is not the user's problem here, so it is ignored.
    public func save(python: String, stateDirectory: String) {
        let file = Self.path(python: python, stateDirectory: stateDirectory)
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(self) { try? data.write(to: URL(fileURLWithPath: file), options: .atomic) }
    }
}
