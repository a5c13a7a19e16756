import SetupCore

/// `install --json`: what was planned, how it ended and what it changed, as one object for scripts and Ansible.
///
/// `changed` is true only where the target's packages changed, so running the same install twice reports a change
/// once: the second run finds the route ready, or pip finds the same wheel installed and nothing moves.
struct InstallJSON: Encodable {
    var routes: PreparedRoutes
    var shown: PreparedPlan?
    var result: InstallResult
    var outcome: InstallOutcome?
    /// flash-attn's version before the install, as the probe read it: what is there where nothing changed.
    var flashAttnBefore: String?

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(result, forKey: .result)
        try c.encode(!(outcome?.changes.isEmpty ?? true), forKey: .changed)
        var reason: String? = nil
        var failedStep: Int? = nil
        switch outcome?.result {
        case .failed(let step, let why): reason = why.text(l); failedStep = step + 1
        case .cancelled(let step): failedStep = step + 1
        case .refused(let why): reason = why.text(l)
        case .succeeded, nil: break
        }
        if reason == nil, let blocker = shown?.plan.blockers.first, result == .blocked { reason = blocker.message.text(l) }
        if reason == nil, result == .noRoute { reason = routes.table.recommendation.text(l) }
        try c.encode(reason, forKey: .reason)
        try c.encode(failedStep, forKey: .failedStep)
        try c.encode(FindingsJSON.list(outcome?.findings ?? [], l), forKey: .findings)
        try c.encode(outcome?.changes ?? [], forKey: .changes)
        try c.encode(shown?.plan.method.rawValue, forKey: .method)
        // Where the install ran, its snapshots say; where it did not (ready, blocked, a dry run), the probe's reading
        // stands for both, so a report of a host that was already set up still names its flash-attn.
        let flashAttn = outcome?.changes.first { $0.name == "flash-attn" }
        try c.encode(
            ["before": flashAttn.map(\.before) ?? flashAttnBefore, "after": flashAttn.map(\.after) ?? flashAttnBefore],
            forKey: .flashAttn)
        try c.encode(outcome?.torchBefore, forKey: .torchBefore)
        try c.encode(outcome?.torchAfter, forKey: .torchAfter)
        try c.encode(["before": outcome?.torchBefore, "after": outcome?.torchAfter], forKey: .torch)
        try c.encode(outcome?.logPath, forKey: .log)
        try c.encode(outcome?.sourceCommit, forKey: .sourceCommit)
        try c.encode(outcome?.halfDone?.text(l), forKey: .halfDone)
        try c.encode(PlanJSON(routes: routes, shown: shown), forKey: .plan)
    }

    enum Key: String, CodingKey {
        case result, changed, reason, failedStep, method, flashAttn, torchBefore, torchAfter, findings, changes, torch, log
        case sourceCommit, plan, halfDone
    }
}
