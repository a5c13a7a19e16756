import Foundation

/// What the pip and source routes share: a compile of flash-attn against this torch, with what the build needs
/// checked first (so nobody waits an hour for a failure that was certain) and nvcc taken from the package index where
/// the machine has no CUDA toolkit.
enum BuildPlanning {
    /// The packages a build needs in the target besides torch (2.8.3.post2's setup.py imports wheel).
    static let buildPrerequisites = ["packaging", "psutil", "ninja", "wheel", "setuptools"]

    /// The torch release from which this flash-attn release no longer compiles, where this torch is past it.
    static func releaseCannotBuild(_ c: PlanContext, release: String) -> String? {
        guard let torch = c.env.torch, let limit = c.catalog.release(release)?.buildsAgainstTorchBelow,
            compareVersions(torch.release, limit) != .orderedAscending
        else { return nil }
        return limit
    }

    static func releaseBuildBlockers(_ c: PlanContext, release: String) -> [PlanReason] {
        guard let limit = releaseCannotBuild(c, release: release), let torch = c.env.torch else { return [] }
        return [PlanReason(.releaseNeedsCXX20,
            en: "flash-attn \(release) cannot be built against torch \(torch.release): torch \(limit) and later need C++20 (\"C++20 or later compatible compiler is required to use ATen\") and this release compiles with C++17. `--method source` builds flash-attention's main, which compiles with C++20.",
            zh: "flash-attn \(release) 无法针对 torch \(torch.release) 构建：torch \(limit) 及以后需要 C++20（\"C++20 or later compatible compiler is required to use ATen\"），而该版本用 C++17 编译。`--method source` 会构建 flash-attention 的 main 分支，它用 C++20 编译。")]
    }

    /// "X cannot be built against torch T": C++17 source against a torch whose headers need C++20, with the way
    /// that builds (the source route without `instead`, which builds main).
    static func cxx17Blocker(_ c: PlanContext, what: LocalizedText, limit: String, instead option: String) -> PlanReason {
        let torch = c.env.torch?.release ?? "?"
        return PlanReason(.releaseNeedsCXX20,
            en: "\(what.en) cannot be built against torch \(torch): its setup.py compiles with C++17, and torch \(limit) and later need C++20 (\"C++20 or later compatible compiler is required to use ATen\"), so the build would fail at its end. Without \(option), `--method source` builds flash-attention's main, which compiles with C++20.",
            zh: "\(what.zh) 无法针对 torch \(torch) 构建：它的 setup.py 用 C++17 编译，而 torch \(limit) 及以后需要 C++20（\"C++20 or later compatible compiler is required to use ATen\"），构建会在最后失败。去掉 \(option) 后，`--method source` 会构建 flash-attention 的 main 分支，它用 C++20 编译。")
    }

    /// Adds the build prerequisites, the compiler (found, or from the package index) and the memory check to a
    /// build plan; returns the environment the build step runs with.
    static func addBuildToolchain(_ c: PlanContext, to part: inout MethodPlan, tuning: BuildTuning) -> [String: String] {
        var environment = tuning.environment
        var path = targetBin(c.env).map { [$0] } ?? []
        let missing = buildPrerequisites.filter { c.env.packages[$0].flatMap { $0 } == nil }
        if !missing.isEmpty {
            part.steps.append(PlanStep(
                title: LocalizedText(
                    en: "Install the build prerequisites: \(missing.joined(separator: ", "))",
                    zh: "安装构建依赖：\(missing.joined(separator: "、"))"),
                action: .run(argv: c.install + missing, environment: c.pipEnvironment), purpose: .prepare))
            part.adds += missing
        }
        guard let torch = c.env.torch, let torchCUDA = torch.cuda else { return environment }
        part.facts.append("nvcc " + (c.env.toolchain.nvcc.map { "\($0.version ?? "?") at \($0.path)" } ?? "none")
            + "; CUDA_HOME \(c.env.toolchain.cudaHome ?? "unset"); torch pins \(torch.cudaRequirements.first.map { String($0.prefix { $0 != ";" }).trimmingWhitespace() } ?? "no CUDA wheel")")
        part.facts.append("\(c.env.toolchain.cpuCount) CPUs, \(c.env.toolchain.memoryAvailableGiB.map { "\($0)" } ?? "?") GiB available, ninja \(c.env.toolchain.ninja ?? (c.env.packages["ninja"].flatMap { $0 }.map { "\($0) (package)" } ?? "none"))")
        let torchMajor = torchCUDA.split(separator: ".").first.map(String.init) ?? ""
        if let nvcc = c.env.toolchain.nvcc {
            if let version = nvcc.version {
                if compareVersions(version, "11.7") == .orderedAscending {
                    part.blockers.append(PlanReason(.nvccTooOld,
                        en: "nvcc \(version) (\(nvcc.path)) is older than 11.7, the oldest FlashAttention builds with; install a CUDA toolkit that matches torch's CUDA \(torchCUDA), or unset CUDA_HOME so that nvcc comes from the package index.",
                        zh: "nvcc \(version)（\(nvcc.path)）低于 FlashAttention 构建所需的 11.7；请安装与 torch 的 CUDA \(torchCUDA) 相匹配的 CUDA 工具包，或取消 CUDA_HOME 以便从软件包索引获取 nvcc。"))
                } else if version.split(separator: ".").first.map(String.init) != torchMajor {
                    part.blockers.append(PlanReason(.nvccMismatch,
                        en: "nvcc is CUDA \(version) but torch was built with CUDA \(torchCUDA); torch refuses to build extensions across CUDA major versions (\"The detected CUDA version (\(version)) mismatches the version that was used to compile PyTorch (\(torchCUDA))\"). Point CUDA_HOME at a CUDA \(torchMajor) toolkit.",
                        zh: "nvcc 是 CUDA \(version)，而 torch 用 CUDA \(torchCUDA) 构建；torch 拒绝跨 CUDA 大版本构建扩展（\"The detected CUDA version (\(version)) mismatches the version that was used to compile PyTorch (\(torchCUDA))\"）。请把 CUDA_HOME 指向 CUDA \(torchMajor) 的工具包。"))
                }
            }
            if let site = c.env.python?.sitePackages, c.env.toolchain.cudaHome == nil, nvcc.path.hasPrefix(site + "/nvidia/") {
                // nvcc from a wheel, installed earlier: its folder lacks the unversioned libcudart.so, so the
                // build gets the same laid-out CUDA_HOME as when this plan installs it.
                let home = cudaHomeFolder(c)
                part.steps.append(PlanStep(
                    title: LocalizedText(en: "Lay out a CUDA_HOME for the build at \(home)", zh: "在 \(home) 为构建准备 CUDA_HOME"),
                    action: .assembleCUDAHome(nvidiaRoot: site + "/nvidia", destination: home), purpose: .prepare))
                environment["CUDA_HOME"] = home
                path.insert(home + "/bin", at: 0)
            } else if let home = cudaHome(c.env) {
                environment["CUDA_HOME"] = home
            }
        } else if let requirement = nvccRequirement(c, torch: torch), let site = c.env.python?.sitePackages {
            // No toolkit here: the nvcc wheels of torch's own CUDA release, and a CUDA_HOME laid out over them.
            let home = cudaHomeFolder(c)
            part.steps.append(PlanStep(
                title: LocalizedText(
                    en: "Install nvcc from the package index: \(requirement) (torch's own CUDA), with torch pinned",
                    zh: "从软件包索引安装 nvcc：\(requirement)（与 torch 相同的 CUDA），torch 保持固定"),
                action: .run(argv: c.install + [requirement], environment: c.pipEnvironment), purpose: .prepare))
            part.steps.append(PlanStep(
                title: LocalizedText(en: "Lay out a CUDA_HOME for the build at \(home)", zh: "在 \(home) 为构建准备 CUDA_HOME"),
                action: .assembleCUDAHome(nvidiaRoot: site + "/nvidia", destination: home), purpose: .prepare))
            part.adds.append(requirement)
            part.notes.append(LocalizedText(
                en: "No CUDA toolkit was found, so nvcc comes from the package index (\(requirement), about \(Int(c.routes.nvccFromIndex.downloadMegabytes)) MB) and CUDA_HOME is a folder of links to it and to torch's own CUDA libraries; nothing outside the target and the tool's cache changes.",
                zh: "没有找到 CUDA 工具包，因此从软件包索引获取 nvcc（\(requirement)，约 \(Int(c.routes.nvccFromIndex.downloadMegabytes)) MB），CUDA_HOME 是指向它和 torch 自带 CUDA 库的链接目录；目标环境和本工具缓存之外不做任何改动。"))
            environment["CUDA_HOME"] = home
            path.insert(home + "/bin", at: 0)
        } else {
            part.blockers.append(PlanReason(.nvccMissing,
                en: "No nvcc was found (CUDA_HOME, PATH, /usr/local/cuda, or the target's nvidia-cuda-nvcc), flash-attn's setup.py needs it even to read its metadata (\"CUDA_HOME environment variable is not set\"), and the package index has no nvcc wheel for CUDA \(torchCUDA). Install the CUDA toolkit \(torchCUDA) and set CUDA_HOME.",
                zh: "没有找到 nvcc（CUDA_HOME、PATH、/usr/local/cuda 或目标环境中的 nvidia-cuda-nvcc），而 flash-attn 的 setup.py 连读取元数据都需要它（\"CUDA_HOME environment variable is not set\"），软件包索引中也没有 CUDA \(torchCUDA) 的 nvcc wheel。请安装 CUDA 工具包 \(torchCUDA) 并设置 CUDA_HOME。"))
        }
        if let memory = c.env.toolchain.memoryAvailableGiB, memory < BuildTuning.gibPerNVCCThread * 2 {
            part.blockers.append(PlanReason(.memoryTooLow,
                en: "Only \(memory) GiB of memory is available, less than one compiler job needs (about \(BuildTuning.gibPerNVCCThread * 2) GiB); the build would be killed. Free memory first.",
                zh: "可用内存只有 \(memory) GiB，不够一个编译任务使用（约 \(BuildTuning.gibPerNVCCThread * 2) GiB），构建会被系统杀掉。请先释放内存。"))
        }
        if !c.request.inheritedPath.isEmpty { path.append(c.request.inheritedPath) }
        // The target's bin first on PATH: pip puts ninja there, and without it the build takes hours.
        if !path.isEmpty { environment["PATH"] = path.joined(separator: ":") }
        return environment
    }

    /// The tool's CUDA_HOME for one target, under its cache.
    static func cudaHomeFolder(_ c: PlanContext) -> String {
        c.request.workDirectory + "/cuda-home-" + String(SHA256Hex.hex(of: Array(c.python.utf8)).prefix(12))
    }

    /// The nvcc distribution of torch's own CUDA release: `cuda-toolkit[nvcc]==13.2.2` where torch pins
    /// cuda-toolkit, `nvidia-cuda-nvcc-cu12==12.8.*` where it pins the cu12 runtime wheel.
    static func nvccRequirement(_ c: PlanContext, torch: Torch) -> String? {
        guard let cuda = torch.cuda, let major = Int(cuda.split(separator: ".").first ?? ""),
            let package = c.routes.nvccFromIndex.package(cudaMajor: major)
        else { return nil }
        let pinned = torch.cudaRequirements.lazy.compactMap { line -> String? in
            let head = line.split(separator: ";").first.map(String.init) ?? line
            let name = head.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            guard name == package.pinFrom, let range = head.range(of: "==") else { return nil }
            return String(head[range.upperBound...]).trimmingWhitespace()
        }.first
        let minor = cuda.split(separator: ".").prefix(2).joined(separator: ".")
        switch (package.pin, pinned) {
        case (.exact, let version?): return "\(package.requirement)==\(version)"
        case (.minor, let version?): return "\(package.requirement)==\(version.split(separator: ".").prefix(2).joined(separator: ".")).*"
        case (_, nil): return "\(package.requirement)==\(minor).*"
        }
    }

    static func buildEstimates(_ c: PlanContext, _ tuning: BuildTuning, part: MethodPlan) -> PlanEstimates {
        let nvcc = part.steps.contains { if case .assembleCUDAHome = $0.action { return true } else { return false } }
        return PlanEstimates(
            diskGiB: nvcc ? 6 : 4, peakMemoryGiB: tuning.peakMemoryGiB, minutesLow: tuning.minutesLow,
            minutesHigh: tuning.minutesHigh, maxJobs: tuning.maxJobs, nvccThreads: tuning.nvccThreads,
            cudaArchs: tuning.cudaArchs, downloadMegabytes: nvcc ? c.routes.nvccFromIndex.downloadMegabytes : nil)
    }

    /// The target's bin folder: the venv's or conda env's, else the interpreter's own.
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
