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
        let methodName = plan.method.title.text(l)
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
