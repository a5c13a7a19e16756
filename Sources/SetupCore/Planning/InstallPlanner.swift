import Foundation

/// Turns facts, the verdict and a method into a plan of argv steps. Pure: nothing is run or written here.
public enum InstallPlanner {
    public static func plan(
        _ request: PlanRequest, environment env: Environment, report: CompatibilityReport,
        resolution: WheelResolution?, index: IndexFacts = IndexFacts(), catalog: ReleaseCatalog = .builtIn,
        routes: RouteCatalog = .builtIn
    ) -> InstallPlan {
        let context = PlanContext(
            request: request, env: env, report: report, resolution: resolution, index: index, catalog: catalog,
            routes: routes)
        var blockers = report.installBlockers.map { PlanReason(.targetBlocked, $0.message.followed(by: $0.fix)) }
        var notes: [LocalizedText] = []
        let python = context.python
        if request.installer == .pip, let target = env.python, target.pip == nil {
            blockers.append(PlanReason(.pipMissing,
                en: "pip is not installed in \(python); add it with `\(python) -m ensurepip --upgrade`, or use --installer uv.",
                zh: "\(python) 中没有安装 pip；请用 `\(python) -m ensurepip --upgrade` 安装，或使用 --installer uv。"))
        }
        if request.installer == .uv, request.uvPath == nil {
            blockers.append(PlanReason(.uvMissing,
                en: "uv was asked for but not found on PATH or in the target's bin folder; install it (`pip install uv`) or leave out --installer uv.",
                zh: "指定了 uv，但在 PATH 和目标环境的 bin 目录中都没有找到；请安装 uv（`pip install uv`）或去掉 --installer uv。"))
        }
        if !env.gpus.isEmpty, report.gpus.allSatisfy({ $0.verdict != .supported }) {
            notes.append(LocalizedText(
                en: "No GPU here passes the check, so what is installed will not run on this machine (it can still be installed, e.g. into an image for another one).",
                zh: "本机没有通过检查的 GPU，安装的内容无法在本机运行（但仍可安装，例如装进给其他机器用的镜像）。"))
        }

        // Without a usable Python there is nothing to plan for; the blockers say why.
        var part = MethodPlan()
        if report.installBlockers.isEmpty {
            if let planned = request.method.definition.plan(context) {
                part = planned
            } else {
                blockers.append(PlanReason(.nothingToInstall,
                    en: "\(request.method.title.en) needs nothing installed, so it has no plan; choose it in the node as it is.",
                    zh: "\(request.method.title.zh) 无需安装任何东西，因此没有计划；直接在节点中选择它即可。"))
            }
        }
        blockers += part.blockers
        if blockers.isEmpty, let free = env.toolchain.diskFreeGiB, free < part.estimates.diskGiB {
            blockers.append(PlanReason(.diskTooLow,
                en: "Only \(free) GiB is free where pip installs, and this plan needs about \(part.estimates.diskGiB) GiB; free some space first.",
                zh: "pip 安装位置只剩 \(free) GiB，而此计划约需 \(part.estimates.diskGiB) GiB；请先腾出空间。"))
        }
        if blockers.isEmpty, !part.steps.isEmpty, let free = request.workDirectoryFreeGiB, free < part.estimates.diskGiB {
            blockers.append(PlanReason(.diskTooLow,
                en: "Only \(free) GiB is free on the disk of \(request.workDirectory), where the download and the build go, and this plan needs about \(part.estimates.diskGiB) GiB; free space there or point XDG_CACHE_HOME at a disk with room.",
                zh: "\(request.workDirectory) 所在的磁盘只剩 \(free) GiB（下载和构建都放在那里），而此计划约需 \(part.estimates.diskGiB) GiB；请在那里腾出空间，或把 XDG_CACHE_HOME 指向有空间的磁盘。"))
        }
        var pins = ["torch": context.torchVersion]
        if let transformers = env.transformers?.version { pins["transformers"] = transformers }
        let constraints = pins.keys.sorted().filter { !part.unpinned.contains($0) }.map { "\($0)==\(pins[$0]!)\n" }.joined()
        var plan = InstallPlan(
            method: request.method, installer: request.installer, python: python, torchVersion: context.torchVersion,
            wheel: part.wheel, buildSource: part.buildSource, constraintsPath: context.constraintsPath,
            constraintsContent: constraints, steps: part.steps, estimates: part.estimates, headline: part.headline,
            adds: part.adds, notes: part.assumptions + notes + part.notes, blockers: blockers,
            offeredTransformersChange: part.offeredTransformersChange, facts: part.facts)
        // Shown first among the notes, and kept apart for the route's status and for scripts.
        plan.assumptions = part.assumptions
        return plan
    }
}
