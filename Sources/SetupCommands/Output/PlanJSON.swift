import SetupCore

/// `plan --json`: the shown plan's keys, with "recommended" and "routes" beside them.
struct PlanJSON: Encodable {
    var routes: PreparedRoutes
    var shown: PreparedPlan?

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(routes.table.recommended?.rawValue, forKey: .recommended)
        try c.encode(routes.table.deferred?.rawValue, forKey: .deferred)
        try c.encode(routes.table.recommendation.text(l), forKey: .recommendation)
        try c.encode(routes.table.routes.map { RouteJSON(route: $0, language: l) }, forKey: .routes)
        try c.encode(routes.table.facts, forKey: .facts)
        guard let prepared = shown else {
            for key in [Key.method, .installer, .python, .torchVersion, .wheel, .constraints, .estimates, .resolution, .headline, .listingNote] { try c.encodeNil(forKey: key) }
            try c.encode([String](), forKey: .adds)
            try c.encode([StepJSON](), forKey: .steps)
            try c.encode([String](), forKey: .notes)
            try c.encode([String](), forKey: .blockers)
            try c.encode([String](), forKey: .assumptions)
            try c.encode([ReasonJSON](), forKey: .unreachable)
            return
        }
        let plan = prepared.plan
        try c.encode(plan.method.rawValue, forKey: .method)
        try c.encode(plan.installer.rawValue, forKey: .installer)
        try c.encode(plan.python, forKey: .python)
        try c.encode(plan.torchVersion, forKey: .torchVersion)
        try c.encode(plan.wheel, forKey: .wheel)
        try c.encode(["path": plan.constraintsPath, "content": plan.constraintsContent], forKey: .constraints)
        try c.encode(plan.steps.map { StepJSON(step: $0, language: l) }, forKey: .steps)
        if plan.canRun { try c.encode(plan.estimates, forKey: .estimates) } else { try c.encodeNil(forKey: .estimates) }
        try c.encode(plan.headline.map { ReasonJSON(code: $0.code.rawValue, message: $0.message.text(l)) }, forKey: .headline)
        try c.encode(plan.adds, forKey: .adds)
        try c.encode(plan.notes.map { $0.text(l) }, forKey: .notes)
        try c.encode(plan.blockers.map { $0.message.text(l) }, forKey: .blockers)
        try c.encode(plan.assumptions.map { $0.text(l) }, forKey: .assumptions)
        try c.encode(plan.unreachable.map { ReasonJSON(code: $0.code.rawValue, message: $0.message.text(l)) }, forKey: .unreachable)
        try c.encode(prepared.listingNote?.text(l), forKey: .listingNote)
        if let resolution = prepared.resolution {
            try c.encode(ResolutionJSON(resolution: resolution, language: l), forKey: .resolution)
        } else {
            try c.encodeNil(forKey: .resolution)
        }
    }

    struct StepJSON: Encodable {
        var step: PlanStep
        var language: Language

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(step.title.text(language), forKey: .title)
            try c.encode(step.argv, forKey: .argv)
            try c.encode(step.environmentChanges, forKey: .env)
            if case .fetch(let source, let destination, let sha256, let size, _) = step.action {
                try c.encode(FetchJSON(from: source.text, destination: destination, sha256: sha256, size: size), forKey: .fetch)
            } else {
                try c.encodeNil(forKey: .fetch)
            }
            // What the step is, for a script that reads the plan: a command (argv), a download (fetch), or a named
            // action of the tool's own with its data, which has no argv.
            switch step.action {
            case .run:
                try c.encode("run", forKey: .kind)
                try c.encodeNil(forKey: .action)
            case .fetch:
                try c.encode("fetch", forKey: .kind)
                try c.encodeNil(forKey: .action)
            case .assembleCUDAHome(let root, let destination):
                try c.encode("action", forKey: .kind)
                try c.encode(ActionJSON(name: "assemble-cuda-home", creates: destination, from: root), forKey: .action)
            case .checkoutSource(let repository, let ref, let destination):
                try c.encode("action", forKey: .kind)
                try c.encode(ActionJSON(name: "checkout-source", creates: destination, from: repository, ref: ref), forKey: .action)
            }
        }
        enum Key: String, CodingKey { case title, kind, argv, env, fetch, action }
    }

    /// A step the tool carries out itself: what it is called, the folder it creates, and what it is made from.
    struct ActionJSON: NullKeepingEncodable {
        var name: String
        var creates: String
        var from: String
        var ref: String? = nil
    }

    struct FetchJSON: NullKeepingEncodable {
        var from: String
        var destination: String
        var sha256: String?
        var size: Int?
    }

    struct ResolutionJSON: Encodable {
        var resolution: WheelResolution
        var language: Language

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(resolution.release, forKey: .release)
            try c.encode(resolution.summary.text(language), forKey: .summary)
            try c.encode(resolution.notes.map { $0.text(language) }, forKey: .notes)
            try c.encode(
                resolution.nearMisses.map { ["version": $0.version, "code": $0.code.rawValue, "reason": $0.reason.text(language)] },
                forKey: .nearMisses)
        }
        enum Key: String, CodingKey { case release, summary, notes, nearMisses }
    }

    struct ReasonJSON: Encodable {
        var code: String
        var message: String
    }

    struct RouteJSON: Encodable {
        var route: Route
        var language: Language

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(route.method.rawValue, forKey: .method)
            try c.encode(route.status.rawValue, forKey: .status)
            try c.encode(route.reasons.map { ReasonJSON(code: $0.code.rawValue, message: $0.message.text(language)) }, forKey: .reasons)
            if let estimates = route.estimates { try c.encode(estimates, forKey: .estimates) } else { try c.encodeNil(forKey: .estimates) }
            if let label = route.choice.nodeLabel { try c.encode(label, forKey: .nodeChoice) } else { try c.encodeNil(forKey: .nodeChoice) }
            try c.encode(route.choice.attnImplementation, forKey: .attnImplementation)
            try c.encode(route.choice.implementation.text(language), forKey: .implementation)
            try c.encode(route.adds, forKey: .adds)
            try c.encode(route.changesExisting, forKey: .changesExisting)
            try c.encode(route.facts, forKey: .facts)
        }
        enum Key: String, CodingKey {
            case method, status, reasons, estimates, nodeChoice, attnImplementation, implementation, adds, changesExisting, facts
        }
    }

    enum Key: String, CodingKey {
        case method, installer, python, torchVersion, wheel, constraints, steps, estimates, notes, blockers, assumptions, unreachable, resolution, listingNote
        case recommended, deferred, recommendation, routes, headline, adds, facts
    }
}
