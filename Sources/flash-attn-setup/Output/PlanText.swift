import SetupCore

/// A plan as text: the method and why, the wheel, each step's exact argv and environment, the cost, notes, blockers.
enum PlanText {
    /// "built by mjun0812/flash-attention-prebuild-wheels (community)": who built the wheel and where it comes from.
    static func builtBy(_ wheel: PlannedWheel, language: Language) -> String {
        (wheel.project.map { LocalizedText(en: "built by \($0)", zh: "构建者：\($0)") }
            ?? LocalizedText(en: "builder not stated by the source", zh: "来源未说明构建者")).text(language)
            + " (" + wheel.source.rawValue + ")"
            + (wheel.host.map { LocalizedText(en: ", from \($0)", zh: "，下载自 \($0)").text(language) } ?? "")
    }

    static func render(_ prepared: PreparedPlan, language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        let plan = prepared.plan
        let methodName = RouteMethod(plan.method).title.text(l)
        var out = style.bold(t("Plan: ", "安装计划：") + methodName) + "\n"
        out += t("Target: ", "目标：") + plan.python + t(" (torch \(plan.torchVersion), pinned)", "（torch \(plan.torchVersion)，已固定）") + "\n"
        if let wheel = plan.wheel {
            out += "Wheel: " + wheel.filename + (wheel.sha256.map { "\n       sha256 \($0)" } ?? "") + "\n"
            out += "       " + builtBy(wheel, language: l) + "\n"
        }
        if let headline = plan.headline { out += headline.message.text(l) + "\n" }
        if let note = prepared.listingNote { out += style.dim(note.text(l)) + "\n" }
        if !plan.steps.isEmpty {
            out += "\n" + t("Steps:", "步骤：") + "\n"
            for (index, step) in plan.steps.enumerated() {
                out += "  \(index + 1). " + step.title.text(l) + "\n"
                switch step.action {
                case .fetch(let source, let destination, _, _, _):
                    out += "       " + source.text + "\n       -> " + destination + "\n"
                case .run(let argv, let environment):
                    for key in environment.keys.sorted() { out += "       " + style.dim("\(key)=\(environment[key]!)") + "\n" }
                    out += "       " + InstallLog.displayed(argv) + "\n"
                case .assembleCUDAHome(let root, let destination):
                    out += "       " + t("links to the CUDA wheels under ", "链接到以下位置的 CUDA wheel：") + root + "\n       -> " + destination + "\n"
                case .checkoutSource(let repository, let ref, let destination):
                    out += "       git fetch --depth 1 " + repository + " " + ref + " (+ submodules)\n       -> " + destination + "\n"
                }
            }
            out += "       " + style.dim(t("torch pin (\(plan.constraintsPath)): ", "torch 约束（\(plan.constraintsPath)）：") + plan.constraintsContent.split(separator: "\n").joined(separator: ", ")) + "\n"
        }
        // An impossible plan claims no cost: nothing would be spent.
        if plan.canRun {
            let e = plan.estimates
            var cost = t("Needs: about \(e.diskGiB) GiB of disk", "需要：约 \(e.diskGiB) GiB 磁盘")
            if let download = e.downloadMegabytes, download > 0 { cost += t(", a \(Int(download)) MB download", "，下载 \(Int(download)) MB") }
            if let memory = e.peakMemoryGiB { cost += t(", up to \(memory) GiB of memory", "，最多 \(memory) GiB 内存") }
            cost += t(", \(format(e.minutesLow))-\(format(e.minutesHigh)) minutes", "，\(format(e.minutesLow))-\(format(e.minutesHigh)) 分钟")
            out += "\n" + cost + "\n"
            if !plan.adds.isEmpty { out += t("Adds: ", "新增：") + plan.adds.joined(separator: ", ") + "\n" }
        }
        if let resolution = prepared.resolution, !resolution.nearMisses.isEmpty, plan.method == .wheel {
            out += "\n" + t("Newer releases without a wheel for this target:", "没有适用于当前环境的 wheel 的更新版本：") + "\n"
            for miss in resolution.nearMisses.prefix(8) { out += "  - " + miss.reason.text(l) + "\n" }
            if resolution.nearMisses.count > 8 {
                out += "  " + t("… and \(resolution.nearMisses.count - 8) more (see --json)", "……另有 \(resolution.nearMisses.count - 8) 个（见 --json）") + "\n"
            }
        }
        if !prepared.unreadableWheelNames.isEmpty {
            out += t("Not read as flash-attn wheels: ", "无法识别为 flash-attn wheel 的文件：") + prepared.unreadableWheelNames.joined(separator: ", ") + "\n"
        }
        if !plan.notes.isEmpty {
            out += "\n" + t("Notes:", "说明：") + "\n"
            for note in plan.notes { out += "  - " + note.text(l) + "\n" }
        }
        if !plan.blockers.isEmpty {
            out += "\n" + style.bold(t("This plan cannot run:", "此计划无法执行：")) + "\n"
            for blocker in plan.blockers { out += style.symbol(.unsupported) + " " + blocker.message.text(l) + "\n" }
        }
        return out
    }

    static func format(_ minutes: Double) -> String {
        minutes < 1 ? String(format: "%.1f", minutes) : String(Int(minutes))
    }
}

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
