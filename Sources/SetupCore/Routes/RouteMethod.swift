/// Every way to FlashAttention (or its honest alternative) that the tool weighs, named as the command line and JSON
/// name them, and the registry of their definitions: a new route is a case here, its line in `definition`, and its
/// own file.
public enum RouteMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case wheel, pip, source, kernels, fa4, sdpa

    /// The registry: the one place each route is listed, and the switch the compiler points at for a new case.
    var definition: any RouteDefinition.Type {
        switch self {
        case .wheel: return WheelRoute.self
        case .pip: return PipRoute.self
        case .source: return SourceRoute.self
        case .kernels: return KernelsRoute.self
        case .fa4: return FlashAttention4Route.self
        case .sdpa: return SDPARoute.self
        }
    }
}

extension RouteMethod {
    /// The routes an install can take (those with something to install), in the registry's order.
    public static var installable: [RouteMethod] { allCases.filter { $0.definition.methodHelp != nil } }

    /// The routes recommended for "Flash Attention 2", fastest to a working node first.
    static var preference: [RouteMethod] {
        allCases.compactMap { method in method.definition.rank.map { (method, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// The route as the Method screen, plan and check name it.
    public var title: LocalizedText { definition.title }

    /// What the user then chooses in the node, and what runs.
    public var choice: NodeChoice { definition.choice }

    /// True for the routes whose result the node's "Flash Attention 2" runs (not SDPA, not FA4).
    public var givesFlashAttention2: Bool { choice.attnImplementation == "flash_attention_2" }

    /// True where the route compiles flash-attn.
    var builds: Bool { definition.builds }

    /// Where the route is planned from the wheel source's resolution: whether, unpinned, the newest release is the
    /// one resolved (pip's setup.py fetches that one's wheel); nil where it needs no wheel.
    var wheelPin: Bool? {
        for need in definition.needs { if case .wheelResolution(let newest) = need { return newest } }
        return nil
    }

    /// --method's value name: "wheel|pip|source|kernels|fa4".
    public static var argumentValues: String { installable.map(\.rawValue).joined(separator: "|") }

    /// --method's help for plan and install: each route with what it is.
    public static var methodHelp: String { listed(installable) { $0.definition.methodHelp } }

    /// --method's help for verify: the routes with what verify proves for them, those that prove the same named
    /// together ("wheel, pip or source (the flash_attn package)").
    public static var verifyHelp: String { listed(installable) { $0.definition.verifyHelp } }

    /// "a, b or c (what), d (what) or e": runs of routes with the same description named together.
    static func listed(_ methods: [RouteMethod], describedBy describe: (RouteMethod) -> String?) -> String {
        var groups: [(names: [String], description: String?)] = []
        for method in methods {
            let description = describe(method)
            if let last = groups.last, last.description == description, description != nil {
                groups[groups.count - 1].names.append(method.rawValue)
            } else {
                groups.append(([method.rawValue], description))
            }
        }
        return series(groups.map { group in series(group.names) + (group.description.map { " (\($0))" } ?? "") })
    }

    /// "a", "a or b", "a, b or c".
    static func series(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
