import Foundation

extension InstallPlan {
    /// The origins its steps need: the wheel's URL, a git repository's, and the package index for pip's installs.
    /// The hub is not among them: the hub-kernel plan asks it itself, with its own offline advice.
    public func origins(indexes: PipIndexes) -> Set<String> {
        var found: Set<String> = []
        for step in steps {
            switch step.action {
            case .fetch(.url(let url), _, _, _, _):
                if let origin = HostReachability.origin(url) { found.insert(origin) }
            case .checkoutSource(let repository, _, _):
                if let origin = HostReachability.origin(repository) { found.insert(origin) }
            case .run(let argv, _):
                // `pip install NAME...` reaches the index (not a local file, and not where pip is told --no-index).
                guard let at = argv.firstIndex(of: "install"), argv[..<at].contains("pip") || argv.first?.hasSuffix("uv") == true,
                    !argv.contains("--no-index")
                else { continue }
                let names = argv[(at + 1)...].filter { !$0.hasPrefix("-") && !$0.hasPrefix("/") && !$0.hasSuffix(".txt") }
                if !names.isEmpty { found.formUnion(indexes.all.compactMap { HostReachability.origin($0.absoluteString) }) }
            default:
                continue
            }
        }
        return found
    }
}
