import SetupCore

/// `check --json`: the report with every sentence in the chosen language (read from the encoder's user info).
struct CheckJSON: Encodable {
    var report: CompatibilityReport
    var routes: RouteTable
    var comfyUI: [ComfyUIJSON]

    struct ReasonJSON: NullKeepingEncodable {
        var code: String
        var message: String
        var fact: String?
    }

    struct GPUJSON: Encodable {
        var index: Int
        var name: String
        var visible: Bool
        var verdict: Verdict
        var reasons: [ReasonJSON]
    }

    struct BlockerJSON: NullKeepingEncodable {
        var code: String
        var message: String
        var fix: String
        var fact: String?
    }

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        func reason(_ r: Reason) -> ReasonJSON { ReasonJSON(code: r.code.rawValue, message: r.message.text(l), fact: r.fact) }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.verdict, forKey: .verdict)
        try c.encode(
            report.gpus.map { GPUJSON(index: $0.index, name: $0.name, visible: $0.visible, verdict: $0.verdict, reasons: $0.reasons.map(reason)) },
            forKey: .gpus)
        try c.encode(
            report.blockers.map { BlockerJSON(code: $0.code.rawValue, message: $0.message.text(l), fix: $0.fix.text(l), fact: $0.fact) },
            forKey: .blockers)
        try c.encode(report.warnings.map(reason), forKey: .warnings)
        try c.encode(report.fallback?.text(l), forKey: .fallback)
        try c.encode(routes.recommended?.rawValue, forKey: .recommended)
        try c.encode(routes.deferred?.rawValue, forKey: .deferred)
        try c.encode(routes.routes.map { ["method": $0.method.rawValue, "status": $0.status.rawValue] }, forKey: .routes)
        try c.encode(comfyUI, forKey: .comfyUI)
    }

    enum CodingKeys: String, CodingKey { case verdict, gpus, blockers, warnings, fallback, recommended, deferred, routes, comfyUI }
}
