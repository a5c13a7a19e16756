import SetupCore

/// The plan for a described machine as text: the wheel, who built it, and the commands to type there.
enum ElsewherePlanText {
    static func render(
        _ plan: ElsewherePlan, note: LocalizedText?, assumptions: [LocalizedText], language l: Language, style: OutputStyle
    ) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        let target = plan.target
        var out = style.bold(t("Plan for another machine: ", "为另一台机器制定的计划：") + "\(target.platform), \(target.pythonTag), torch \(target.torchVersion)") + "\n"
        out += t("Nothing was probed here: the wheel is matched to what was given.", "本机未做任何检测：wheel 按给出的信息匹配。") + "\n"
        for assumption in assumptions { out += style.symbol(.limited) + " " + assumption.text(l) + "\n" }
        if let note { out += style.dim(note.text(l)) + "\n" }
        out += plan.resolution.summary.text(l) + "\n"
        if let wheel = plan.wheel {
            out += "\nWheel: " + wheel.filename + "\n"
            out += "       " + PlanText.builtBy(wheel, language: l) + "\n"
            if let url = wheel.url { out += "       " + url + "\n" }
            if let path = wheel.path { out += "       " + path + "\n" }
            if let sha = wheel.sha256 { out += "       sha256 " + sha + "\n" }
            out += "\n" + t("Then, on that machine:", "然后在那台机器上：") + "\n"
            for (index, command) in plan.commands.enumerated() {
                out += "  \(index + 1). " + command.title.text(l) + "\n       " + commandLine(command.argv, windows: target.isWindows) + "\n"
            }
        }
        for note in plan.resolution.notes { out += "  - " + note.text(l) + "\n" }
        if !plan.resolution.nearMisses.isEmpty {
            out += "\n" + t("Newer releases without a wheel for that machine:", "没有适用于那台机器的 wheel 的更新版本：") + "\n"
            for miss in plan.resolution.nearMisses.prefix(8) { out += "  - " + miss.reason.text(l) + "\n" }
        }
        return out
    }

    /// The command as it is typed there: cmd.exe's double quotes on Windows, a POSIX shell's single quotes elsewhere.
    static func commandLine(_ argv: [String], windows: Bool) -> String {
        argv.map { arg in
            guard arg.contains(where: { " \"'();&|<>$`".contains($0) }) else { return arg }
            return windows ? "\"" + arg.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : "'" + arg.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

/// `plan --json` for a described machine.
struct ElsewherePlanJSON: Encodable {
    var plan: ElsewherePlan
    var note: LocalizedText?
    var assumptions: [LocalizedText]
    var language: Language

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let t = plan.target
        try c.encode(["platform": t.platform, "pythonTag": t.pythonTag, "torch": t.torchVersion, "cuda": t.torchCUDA], forKey: .target)
        try c.encode(t.isWindows ? nil : t.cxx11abi, forKey: .cxx11abi)
        try c.encode(assumptions.map { $0.text(language) }, forKey: .assumptions)
        try c.encode(plan.wheel, forKey: .wheel)
        try c.encode(PlanJSON.ResolutionJSON(resolution: plan.resolution, language: language), forKey: .resolution)
        try c.encode(plan.commands.map { ["title": $0.title.text(language), "line": ElsewherePlanText.commandLine($0.argv, windows: t.isWindows)] }, forKey: .commands)
        try c.encode(plan.commands.map(\.argv), forKey: .argv)
        try c.encode(note?.text(language), forKey: .listingNote)
    }
    enum Key: String, CodingKey { case target, cxx11abi, assumptions, wheel, resolution, commands, argv, listingNote }
}
