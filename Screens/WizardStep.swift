import SetupCore

/// The wizard's steps in the order a user meets them (DESIGN.md), each with the title its frame shows.
public enum WizardStep: Int, CaseIterable, Sendable {
    case welcome = 1, gpuDetection, compatibility, targetPython, installMethod, plan, install, verification

    public var title: LocalizedText {
        switch self {
        case .welcome: return LocalizedText(en: "Welcome", zh: "欢迎")
        case .gpuDetection: return LocalizedText(en: "GPU detection", zh: "GPU 检测")
        case .compatibility: return LocalizedText(en: "Compatibility", zh: "兼容性")
        case .targetPython: return LocalizedText(en: "Target Python", zh: "目标 Python")
        case .installMethod: return LocalizedText(en: "Install method", zh: "安装方式")
        case .plan: return LocalizedText(en: "Plan", zh: "安装计划")
        case .install: return LocalizedText(en: "Install", zh: "安装")
        case .verification: return LocalizedText(en: "Verification", zh: "验证")
        }
    }

    /// "Step 3 of 8" / "第 3 步，共 8 步", as the frame's indicator reads.
    public var indicator: LocalizedText {
        let total = Self.allCases.count
        return LocalizedText(en: "Step \(rawValue) of \(total)", zh: "第 \(rawValue) 步，共 \(total) 步")
    }
}
