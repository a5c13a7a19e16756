import Foundation

/// What the user asked to plan, beyond the probed environment.
public struct PlanRequest: Sendable {
    public var method: InstallMethod
    public var installer: PackageInstaller = .pip
    /// uv's path where `installer` is .uv.
    public var uvPath: String?
    public var pinnedVersion: String?
    /// A flash-attention checkout to build (source method) instead of the sdist.
    public var sourcePath: String?
    /// Where downloads and builds go (a cache folder of the tool's).
    public var workDirectory: String
    /// The tool's own PATH, which steps inherit behind the target's bin folder.
    public var inheritedPath: String

    public init(method: InstallMethod, workDirectory: String, inheritedPath: String) {
        self.method = method
        self.workDirectory = workDirectory
        self.inheritedPath = inheritedPath
    }
}

/// Turns facts and a method into a plan of argv steps. Pure: nothing is run or written here.
public enum InstallPlanner {
    /// Blockers of the verdict that make any install into this Python pointless or impossible. A missing or old
    /// GPU is not among them: a container image is often built on a machine without one.
    static let installBlockingCodes: Set<String> = [
        "torch-missing", "torch-broken", "torch-cpu-only", "torch-rocm", "externally-managed", "python-too-old",
        "unsupported-platform", "python-missing", "not-python", "python-crashed", "python-timeout",
        "probe-output-invalid", "python-probe-failed", "python-unprobed",
    ]

    /// The packages a build needs in the target besides torch.
    public static let buildPrerequisites = ["packaging", "psutil", "ninja", "wheel", "setuptools"]

    public static func plan(
        _ request: PlanRequest, environment env: Environment, resolution: WheelResolution?,
        catalog: ReleaseCatalog = .builtIn
    ) -> InstallPlan {
        let report = CompatibilityRules.evaluate(env)
        var blockers = report.blockers.filter { installBlockingCodes.contains($0.code) }.map { $0.message.followed(by: $0.fix) }
        var notes: [LocalizedText] = []
        let python = env.python?.executable ?? "python3"
        let torchVersion = env.torch?.version ?? "?"
        // One constraints file per target, so installs into two Pythons at once do not share one.
        let constraintsPath = request.workDirectory + "/torch-constraint-\(SHA256.hex(of: Array(python.utf8)).prefix(12)).txt"
        let constraints = "torch==\(torchVersion)\n"
        let install = installCommand(request, python: python, constraintsPath: constraintsPath)
        let pipEnvironment = ["PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONUNBUFFERED": "1"]
        var steps: [PlanStep] = []
        var wheel: PlannedWheel? = nil
        var estimates = PlanEstimates(diskGiB: 1, peakMemoryGiB: nil, minutesLow: 1, minutesHigh: 2)

        if request.installer == .pip, let target = env.python, target.pip == nil {
            blockers.append(LocalizedText(
                en: "pip is not installed in \(python); add it with `\(python) -m ensurepip --upgrade`, or use --installer uv.",
                zh: "\(python) 中没有安装 pip；请用 `\(python) -m ensurepip --upgrade` 安装，或使用 --installer uv。"))
        }
        if request.installer == .uv, request.uvPath == nil {
            blockers.append(LocalizedText(
                en: "uv was asked for but not found on PATH or in the target's bin folder; install it (`pip install uv`) or leave out --installer uv.",
                zh: "指定了 uv，但在 PATH 和目标环境的 bin 目录中都没有找到；请安装 uv（`pip install uv`）或去掉 --installer uv。"))
        }
        if !env.gpus.isEmpty, report.gpus.allSatisfy({ $0.verdict != .supported }) {
            notes.append(LocalizedText(
                en: "No GPU here passes the check, so the installed flash-attn will not run on this machine (it can still be installed, e.g. into an image for another one).",
                zh: "本机没有通过检查的 GPU，安装的 flash-attn 无法在本机运行（但仍可安装，例如装进给其他机器用的镜像）。"))
        }

        switch request.method {
        case .wheel:
            guard let resolution, let chosen = resolution.wheel, let version = resolution.release else {
                blockers.append(resolution?.summary ?? LocalizedText(
                    en: "No wheel could be looked for, because this Python has no CUDA torch.",
                    zh: "当前 Python 没有 CUDA 版 torch，无法查找 wheel。"))
                break
            }
            notes.append(resolution.summary)
            notes += resolution.notes
            // One folder per wheel, named for the release file, holding it under the name pip accepts.
            let file = request.workDirectory + "/" + String(chosen.name.description.dropLast(4)) + "/" + chosen.name.installableFilename
            let title: LocalizedText
            switch chosen.location {
            case .url(let url):
                title = LocalizedText(en: "Download and check \(chosen.name)", zh: "下载并校验 \(chosen.name)")
                wheel = PlannedWheel(filename: chosen.name.description, url: url, path: file, flashAttnVersion: version, sha256: chosen.sha256)
            case .file(let path):
                title = LocalizedText(en: "Copy \(chosen.name) from the wheel folder", zh: "从 wheel 目录复制 \(chosen.name)")
                wheel = PlannedWheel(filename: chosen.name.description, url: nil, path: path, flashAttnVersion: version, sha256: chosen.sha256)
            }
            steps.append(PlanStep(title: title, action: .fetch(source: chosen.location, destination: file, sha256: chosen.sha256, size: chosen.size)))
            if chosen.sha256 == nil, case .url = chosen.location {
                notes.append(LocalizedText(
                    en: "The source gives no SHA-256 for this wheel, so the download cannot be checked against one.",
                    zh: "来源没有提供该 wheel 的 SHA-256，下载后无法校验。"))
            }
            // Dependencies stay on (einops is needed by flash_attn.bert_padding, which transformers imports);
            // the constraint keeps torch where it is.
            steps.append(PlanStep(
                title: LocalizedText(en: "Install the wheel with torch pinned to \(torchVersion)", zh: "安装 wheel，torch 固定为 \(torchVersion)"),
                action: .run(argv: install + [file], environment: pipEnvironment)))
            let size = Double(chosen.size ?? 250_000_000) / 1_073_741_824
            estimates = PlanEstimates(diskGiB: ((size * 3) * 10).rounded(.up) / 10, peakMemoryGiB: nil, minutesLow: 0.2, minutesHigh: 3)

        case .pip, .source:
            let tuning = BuildTuning.choose(for: env)
            let buildEnvironment = self.buildEnvironment(env, request: request, tuning: tuning)
                .merging(pipEnvironment) { a, _ in a }
            blockers += buildBlockers(env, request: request, catalog: catalog)
            let missing = buildPrerequisites.filter { env.packages[$0].flatMap { $0 } == nil }
            if !missing.isEmpty {
                steps.append(PlanStep(
                    title: LocalizedText(
                        en: "Install the build prerequisites: \(missing.joined(separator: ", "))",
                        zh: "安装构建依赖：\(missing.joined(separator: "、"))"),
                    action: .run(argv: install + missing, environment: pipEnvironment)))
            }
            let version = request.pinnedVersion
            if request.method == .pip {
                steps.append(PlanStep(
                    title: LocalizedText(en: "pip install flash-attn --no-build-isolation", zh: "pip install flash-attn --no-build-isolation"),
                    action: .run(
                        argv: install + ["--no-build-isolation", "-v", version.map { "flash-attn==\($0)" } ?? "flash-attn"],
                        environment: buildEnvironment),
                    compiles: true))
                notes.append(contentsOf: pipMethodNotes(env, request: request, resolution: resolution, catalog: catalog, tuning: tuning))
            } else {
                let target: String
                if let checkout = request.sourcePath {
                    target = checkout
                } else {
                    let release = version ?? catalog.releases.last?.version ?? "2.8.3.post2"
                    steps.append(PlanStep(
                        title: LocalizedText(en: "Download the flash-attn \(release) source (sdist)", zh: "下载 flash-attn \(release) 源码包（sdist）"),
                        action: .run(
                            argv: [python, "-m", "pip", "download", "flash-attn==\(release)", "--no-deps", "--no-binary", ":all:",
                                   "-d", request.workDirectory],
                            environment: pipEnvironment)))
                    target = request.workDirectory + "/flash_attn-\(release).tar.gz"
                }
                steps.append(PlanStep(
                    title: LocalizedText(en: "Build and install flash-attn from source", zh: "从源码构建并安装 flash-attn"),
                    action: .run(
                        argv: install + ["--no-build-isolation", "-v", target],
                        environment: buildEnvironment.merging(["FLASH_ATTENTION_FORCE_BUILD": "TRUE"]) { _, new in new }),
                    compiles: true))
                notes.append(LocalizedText(
                    en: "The build compiles for \(tuning.cudaArchs) only (the GPUs found), with MAX_JOBS=\(tuning.maxJobs) and NVCC_THREADS=\(tuning.nvccThreads) so that it stays within \(env.toolchain.memoryAvailableGiB.map { "\($0)" } ?? "?") GiB of available memory.",
                    zh: "构建只针对 \(tuning.cudaArchs)（检测到的 GPU），并使用 MAX_JOBS=\(tuning.maxJobs)、NVCC_THREADS=\(tuning.nvccThreads)，使内存占用不超过可用的 \(env.toolchain.memoryAvailableGiB.map { "\($0)" } ?? "?") GiB。"))
            }
            estimates = PlanEstimates(
                diskGiB: 4, peakMemoryGiB: tuning.peakMemoryGiB, minutesLow: tuning.minutesLow, minutesHigh: tuning.minutesHigh,
                maxJobs: tuning.maxJobs, nvccThreads: tuning.nvccThreads, cudaArchs: tuning.cudaArchs)
        }

        if let free = env.toolchain.diskFreeGiB, free < estimates.diskGiB {
            blockers.append(LocalizedText(
                en: "Only \(free) GiB is free where pip installs, and this plan needs about \(estimates.diskGiB) GiB; free some space first.",
                zh: "pip 安装位置只剩 \(free) GiB，而此计划约需 \(estimates.diskGiB) GiB；请先腾出空间。"))
        }
        return InstallPlan(
            method: request.method, installer: request.installer, python: python, torchVersion: torchVersion,
            wheel: wheel, constraintsPath: constraintsPath, constraintsContent: constraints, steps: steps,
            estimates: estimates, notes: notes, blockers: blockers)
    }

    /// `python -m pip install -c <pin>` or `uv pip install --python <python> -c <pin>`.
    static func installCommand(_ request: PlanRequest, python: String, constraintsPath: String) -> [String] {
        switch request.installer {
        case .pip:
            return [python, "-m", "pip", "install", "--constraint", constraintsPath]
        case .uv:
            return [request.uvPath ?? "uv", "pip", "install", "--python", python, "--constraint", constraintsPath]
        }
    }

    /// The target's bin first on PATH (where pip puts ninja), CUDA_HOME, and the tuning.
    static func buildEnvironment(_ env: Environment, request: PlanRequest, tuning: BuildTuning) -> [String: String] {
        var result = tuning.environment
        if let bin = targetBin(env) { result["PATH"] = bin + (request.inheritedPath.isEmpty ? "" : ":" + request.inheritedPath) }
        if let home = cudaHome(env) { result["CUDA_HOME"] = home }
        return result
    }

    static func targetBin(_ env: Environment) -> String? {
        guard let python = env.python else { return nil }
        return ((python.virtualEnv ?? python.conda).map { $0 + "/bin" })
            ?? (python.executable as NSString).deletingLastPathComponent
    }

    /// CUDA_HOME as set, else the toolkit that holds the nvcc found.
    static func cudaHome(_ env: Environment) -> String? {
        if let home = env.toolchain.cudaHome { return home }
        guard let nvcc = env.toolchain.nvcc?.path else { return nil }
        return ((nvcc as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    }
}
