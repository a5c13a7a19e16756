import Foundation

/// A build from the sdist, flash-attention's main branch or a checkout, tuned for this machine (jobs, archs).
enum SourceRoute: RouteDefinition {
    static let method = RouteMethod.source
    static let title = LocalizedText(en: "Build from source, tuned for this machine", zh: "针对本机优化的源码构建")
    static let methodHelp: String? = "a tuned build"
    static let verifyHelp: String? = "the flash_attn package"
    static let rank: Int? = 3
    static let choice = NodeChoice.flashAttnPackage
    static let needs: Set<UpstreamNeed> = []
    static let builds = true

    static var offline: LocalizedText {
        LocalizedText(
            en: "offline, bring a checkout over and build it with --source-path CHECKOUT, or name a mirror with --source-repository; for packages, point pip at an index it can reach (PIP_INDEX_URL) or a folder of them (PIP_FIND_LINKS).",
            zh: "离线时，请把源码带过来并用 --source-path CHECKOUT 构建，或用 --source-repository 指定镜像；软件包方面，请让 pip 使用能访问的索引（PIP_INDEX_URL）或存放它们的目录（PIP_FIND_LINKS）。")
    }

    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute? { .flashAttn }

    static func plan(_ c: PlanContext) -> MethodPlan? {
        var part = MethodPlan()
        // The prerequisites step installs ninja where it is missing, before the build.
        let tuning = BuildTuning.choose(for: c.env, installsNinja: BuildPlanning.buildPrerequisites.contains("ninja"))
        let source = buildSource(c)
        part.buildSource = source
        let target: String
        switch source {
        case .checkout(let path):
            target = path
            if !FileManager.default.fileExists(atPath: path + "/setup.py") {
                part.blockers.append(PlanReason(.checkoutMissing,
                    en: "\(path) is not a flash-attention checkout (it has no setup.py); give the folder you cloned with --source-path.",
                    zh: "\(path) 不是 flash-attention 的源码目录（没有 setup.py）；请用 --source-path 指定你克隆的目录。"))
            }
            let checkout = SourceCheckout.read(path)
            part.blockers += checkoutBuildBlockers(c, checkout: checkout, path: path)
            part.headline = PlanReason(.buildsCheckout,
                en: "Builds your flash-attention checkout at \(path)\(checkout.version.map { " (version \($0))" } ?? "") for this GPU only.",
                zh: "只针对本机 GPU 构建你的 flash-attention 源码目录 \(path)\(checkout.version.map { "（版本 \($0)）" } ?? "")。")
            part.adds.append("flash-attn \(checkout.version.map { $0 + " " } ?? "")(\(path))")
        case .release(let release):
            part.blockers += BuildPlanning.releaseBuildBlockers(c, release: release)
            part.steps.append(PlanStep(
                title: LocalizedText(en: "Download the flash-attn \(release) source (sdist)", zh: "下载 flash-attn \(release) 源码包（sdist）"),
                action: .run(
                    argv: [c.python, "-m", "pip", "download", "flash-attn==\(release)", "--no-deps", "--no-binary", ":all:",
                           "-d", c.request.workDirectory],
                    environment: c.pipEnvironment)))
            target = c.request.workDirectory + "/flash_attn-\(release).tar.gz"
            part.headline = PlanReason(.buildsRelease,
                en: "Builds the flash-attn \(release) release from its source for this GPU only.",
                zh: "只针对本机 GPU，从源码构建 flash-attn \(release) 发布版本。")
            part.adds.append("flash-attn \(release)")
        case .git(let repository, let ref):
            // A release tag is that release's source: it compiles as the release does.
            if let release = SourceCheckout.release(namedBy: ref), let limit = BuildPlanning.releaseCannotBuild(c, release: release) {
                part.blockers.append(BuildPlanning.cxx17Blocker(
                    c, what: LocalizedText(en: "flash-attention \(ref)", zh: "flash-attention \(ref)"), limit: limit, instead: "--ref"))
            }
            target = c.request.workDirectory + "/flash-attention-" + safeFolderName(ref)
            part.steps.append(PlanStep(
                title: LocalizedText(en: "Fetch flash-attention \(ref) with its submodules", zh: "获取 flash-attention \(ref) 及其子模块"),
                action: .checkoutSource(repository: repository, ref: ref, destination: target)))
            let why = c.request.sourceRef == nil
                ? LocalizedText(
                    en: "No release compiles against torch \(c.env.torch?.release ?? "?") (it needs C++20); main does since \(c.routes.sourceMain.cxx20Since).",
                    zh: "没有任何发布版本能针对 torch \(c.env.torch?.release ?? "?") 编译（需要 C++20）；main 分支自 \(c.routes.sourceMain.cxx20Since) 起可以。")
                : LocalizedText(en: "", zh: "")
            part.headline = PlanReason(.buildsMain, LocalizedText(
                en: "Builds flash-attention \(ref) (\(repository)) for this GPU only; the exact commit goes into the log and the summary.",
                zh: "只针对本机 GPU 构建 flash-attention \(ref)（\(repository)）；确切的提交记录在日志和总结中。").followed(by: why))
            part.adds.append("flash-attn \(c.routes.sourceMain.version) (\(ref))")
        }
        var environment = BuildPlanning.addBuildToolchain(c, to: &part, tuning: tuning)
        environment.merge(c.pipEnvironment) { a, _ in a }
        environment["FLASH_ATTENTION_FORCE_BUILD"] = "TRUE"
        part.steps.append(PlanStep(
            title: LocalizedText(en: "Build and install flash-attn from source", zh: "从源码构建并安装 flash-attn"),
            action: .run(argv: c.install + ["--no-build-isolation", "-v", target], environment: environment),
            compiles: true))
        part.notes.append(LocalizedText(
            en: "The build compiles for \(tuning.cudaArchs) only (the GPUs found), with MAX_JOBS=\(tuning.maxJobs) and NVCC_THREADS=\(tuning.nvccThreads) so that it stays within \(c.env.toolchain.memoryAvailableGiB.map { "\($0)" } ?? "?") GiB of available memory.",
            zh: "构建只针对 \(tuning.cudaArchs)（检测到的 GPU），并使用 MAX_JOBS=\(tuning.maxJobs)、NVCC_THREADS=\(tuning.nvccThreads)，使内存占用不超过可用的 \(c.env.toolchain.memoryAvailableGiB.map { "\($0)" } ?? "?") GiB。"))
        part.estimates = BuildPlanning.buildEstimates(c, tuning, part: part)
        return part.withBrokenFlashAttnRemoved(c)
    }

    /// What a source build builds: the checkout given, the ref given, the release asked for, or, where the newest
    /// release cannot compile against this torch, flash-attention's main branch.
    static func buildSource(_ c: PlanContext) -> BuildSource {
        if let path = c.request.sourcePath { return .checkout(path) }
        let repository = c.request.sourceRepository ?? c.routes.sourceMain.repository
        if let ref = c.request.sourceRef { return .git(repository: repository, ref: ref) }
        let release = c.request.pinnedVersion ?? c.catalog.releases.last?.version ?? "?"
        if c.request.pinnedVersion == nil, BuildPlanning.releaseCannotBuild(c, release: release) != nil {
            return .git(repository: repository, ref: c.routes.sourceMain.ref)
        }
        return .release(release)
    }

    /// The checkout's own word on whether it compiles against this torch: a setup.py that names only C++17, or a
    /// version the catalog knows cannot, against a torch that needs C++20.
    static func checkoutBuildBlockers(_ c: PlanContext, checkout: SourceCheckout, path: String) -> [PlanReason] {
        guard let torch = c.env.torch else { return [] }
        if let version = checkout.version, let limit = BuildPlanning.releaseCannotBuild(c, release: version), !checkout.cxxStandards.contains(20) {
            return [BuildPlanning.cxx17Blocker(c, what: checkoutName(path, version), limit: limit, instead: "--source-path")]
        }
        // A checkout of a version the catalog does not know: its setup.py decides.
        if checkout.cxxStandards == [17], let limit = c.catalog.releases.compactMap(\.buildsAgainstTorchBelow).min(by: { compareVersions($0, $1) == .orderedAscending }),
            compareVersions(torch.release, limit) != .orderedAscending
        {
            return [BuildPlanning.cxx17Blocker(c, what: checkoutName(path, checkout.version), limit: limit, instead: "--source-path")]
        }
        return []
    }

    /// "The checkout at PATH (version V)", as the subject of a sentence.
    static func checkoutName(_ path: String, _ version: String?) -> LocalizedText {
        LocalizedText(
            en: "The checkout at \(path)" + (version.map { " (version \($0))" } ?? ""),
            zh: "\(path) 处的源码目录" + (version.map { "（版本 \($0)）" } ?? ""))
    }

    /// A folder name from a git ref: letters, digits, '.', '-' and '_' kept, anything else '_'.
    static func safeFolderName(_ ref: String) -> String {
        String(ref.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" }).prefix(60).description
    }
}
