import SetupCore

/// `upstream` as text: the target's transformers as its source says it, the index, the catalog's ages, and a line
/// for each fact that could not be read.
enum UpstreamText {
    static func render(_ report: UpstreamReport, unread: [String], language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        var out = style.bold(t("In the target", "目标环境中")) + "\n"
        if let transformers = report.transformers {
            let map = transformers.kernelFallback
            out += "  transformers \(transformers.version): " + t("fallback", "回退") + " \(map?.state.rawValue ?? t("not read", "未读取"))"
                + (map?.file.map { " (\($0))" } ?? "") + (map?.reason.map { ": \(terminalSafe($0))" } ?? "") + "\n"
            for entry in map?.entries ?? [] {
                out += "    \(entry.implementation) -> \(entry.repo ?? t("unknown", "未知"))"
                    + (entry.revision.map { " \($0)" } ?? "") + (entry.devices.map { " [\($0.joined(separator: ", "))]" } ?? "")
                    + (entry.note.map { " (\(terminalSafe($0)))" } ?? "") + "\n"
            }
            let window = transformers.kernelsWindow?.requirement.map { "\($0) (is_kernels_available)" }
                ?? transformers.kernelsRequirement.map { "\($0) (Requires-Dist)" } ?? t("none named", "未指定")
            out += "  kernels " + t("accepted", "接受") + ": \(window); " + t("installed", "已安装") + ": \(report.kernels ?? t("none", "无"))"
                + (transformers.kernelsRequirementExtra == nil && transformers.kernelsRequirement != nil ? t(" (installed with transformers itself)", "（随 transformers 一起安装）") : "") + "\n"
        } else {
            out += "  " + t("transformers is not installed.", "未安装 transformers。") + "\n"
        }
        out += style.bold(t("The package index", "软件包索引")) + "\n"
        for entry in report.index {
            let newest = entry.newest.map { $0 + (entry.newestPreRelease.map { t(", pre-release ", "，预发布 ") + $0 } ?? "") } ?? t("not read", "未读取")
            out += "  \(entry.name): \(newest)" + (entry.yanked.isEmpty ? "" : t("; yanked ", "；已撤回 ") + entry.yanked.joined(separator: ", "))
                + " — " + terminalSafe(entry.error ?? entry.source) + "\n"
        }
        if let kernels = report.newestTransformersKernels {
            out += "  " + t("newest transformers pins kernels", "最新的 transformers 要求 kernels") + " \(kernels) (\(report.newestTransformersKernelsSource ?? ""))\n"
        }
        out += style.bold(t("Built-in catalog (the offline fallback)", "内置目录（离线时的后备）")) + "\n"
        for entry in report.catalog {
            out += "  \(entry.entry): " + t("checked", "核对于") + " \(entry.checked)" + (entry.ageDays.map { t(", \($0) days ago", "，\($0) 天前") } ?? "")
                + t(", shelf life \(entry.shelfLifeDays) days", "，有效期 \(entry.shelfLifeDays) 天") + (entry.overdue ? t(" — overdue", " —— 已过期") : "") + "\n"
        }
        if !unread.isEmpty {
            out += style.bold(t("Not read", "未能读取")) + "\n" + unread.map { "  \(style.symbol(.unsupported)) \(terminalSafe($0))\n" }.joined()
        }
        return out
    }
}
