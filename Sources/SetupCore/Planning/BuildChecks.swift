/// What a build of flash-attn needs from the machine, checked before one starts, so that nobody waits an hour for
/// a failure that was certain.
extension InstallPlanner {
    static func buildBlockers(_ env: Environment, request: PlanRequest, catalog: ReleaseCatalog) -> [LocalizedText] {
        var blockers: [LocalizedText] = []
        guard let torch = env.torch, let torchCUDA = torch.cuda else { return blockers }
        if let nvcc = env.toolchain.nvcc {
            if let version = nvcc.version {
                if compareVersions(version, "11.7") == .orderedAscending {
                    blockers.append(LocalizedText(
                        en: "nvcc \(version) (\(nvcc.path)) is older than 11.7, the oldest FlashAttention builds with; install a CUDA toolkit that matches torch's CUDA \(torchCUDA).",
                        zh: "nvcc \(version)（\(nvcc.path)）低于 FlashAttention 构建所需的 11.7；请安装与 torch 的 CUDA \(torchCUDA) 相匹配的 CUDA 工具包。"))
                } else if version.split(separator: ".").first != torchCUDA.split(separator: ".").first {
                    blockers.append(LocalizedText(
                        en: "nvcc is CUDA \(version) but torch was built with CUDA \(torchCUDA); torch refuses to build extensions across CUDA major versions (\"The detected CUDA version (\(version)) mismatches the version that was used to compile PyTorch (\(torchCUDA))\"). Point CUDA_HOME at a CUDA \(torchCUDA.split(separator: ".").first ?? "") toolkit.",
                        zh: "nvcc 是 CUDA \(version)，而 torch 用 CUDA \(torchCUDA) 构建；torch 拒绝跨 CUDA 大版本构建扩展（\"The detected CUDA version (\(version)) mismatches the version that was used to compile PyTorch (\(torchCUDA))\"）。请把 CUDA_HOME 指向 CUDA \(torchCUDA.split(separator: ".").first ?? "") 的工具包。"))
                }
            }
        } else {
            blockers.append(LocalizedText(
                en: "No nvcc was found (CUDA_HOME, PATH, /usr/local/cuda, or the target's nvidia-cuda-nvcc), and flash-attn's setup.py needs it even to read its metadata (\"CUDA_HOME environment variable is not set\"). Install the CUDA toolkit \(torchCUDA) (or `pip install nvidia-cuda-nvcc` in the target) and set CUDA_HOME, or use the wheel method.",
                zh: "没有找到 nvcc（CUDA_HOME、PATH、/usr/local/cuda 或目标环境中的 nvidia-cuda-nvcc），而 flash-attn 的 setup.py 连读取元数据都需要它（\"CUDA_HOME environment variable is not set\"）。请安装 CUDA 工具包 \(torchCUDA)（或在目标环境中 `pip install nvidia-cuda-nvcc`）并设置 CUDA_HOME，或改用 wheel 方式。"))
        }
        // A release before C++20 support cannot compile against a torch whose headers need C++20.
        let release = request.pinnedVersion ?? catalog.releases.last?.version
        if request.sourcePath == nil, let release, let limit = catalog.release(release)?.buildsAgainstTorchBelow,
            compareVersions(torch.release, limit) != .orderedAscending
        {
            blockers.append(LocalizedText(
                en: "flash-attn \(release) cannot be built against torch \(torch.release): torch \(limit) and later need C++20 (\"C++20 or later compatible compiler is required to use ATen\") and this release compiles with C++17. Build from a flash-attention checkout of main (--source-path), or use a torch older than \(limit).",
                zh: "flash-attn \(release) 无法针对 torch \(torch.release) 构建：torch \(limit) 及以后需要 C++20（\"C++20 or later compatible compiler is required to use ATen\"），而该版本用 C++17 编译。请从 flash-attention 的 main 分支检出构建（--source-path），或使用低于 \(limit) 的 torch。"))
        }
        if let memory = env.toolchain.memoryAvailableGiB, memory < BuildTuning.gibPerNVCCThread * 2 {
            blockers.append(LocalizedText(
                en: "Only \(memory) GiB of memory is available, less than one compiler job needs (about \(BuildTuning.gibPerNVCCThread * 2) GiB); the build would be killed. Use the wheel method, or free memory.",
                zh: "可用内存只有 \(memory) GiB，不够一个编译任务使用（约 \(BuildTuning.gibPerNVCCThread * 2) GiB），构建会被系统杀掉。请改用 wheel 方式，或释放内存。"))
        }
        return blockers
    }

    /// What the guide's `pip install flash-attn --no-build-isolation` will really do here.
    static func pipMethodNotes(
        _ env: Environment, request: PlanRequest, resolution: WheelResolution?, catalog: ReleaseCatalog,
        tuning: BuildTuning
    ) -> [LocalizedText] {
        let release = request.pinnedVersion ?? catalog.releases.last?.version ?? "?"
        var notes: [LocalizedText] = []
        let unknown = resolution.map { $0.nearMisses.contains { $0.version == release && $0.code == "wheels-unknown" } } ?? true
        if resolution?.release == release, resolution?.wheel != nil {
            notes.append(LocalizedText(
                en: "flash-attn \(release)'s setup.py will find and download its prebuilt wheel for this target, so nothing is compiled.",
                zh: "flash-attn \(release) 的 setup.py 会找到并下载适用于当前环境的预编译 wheel，无需编译。"))
        } else if unknown {
            notes.append(LocalizedText(
                en: "Whether flash-attn \(release) has a prebuilt wheel for this target is not known here (its assets could not be listed); if it has none, setup.py compiles: about \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) minutes here.",
                zh: "无法确定 flash-attn \(release) 是否有适用于当前环境的预编译 wheel（无法列出其发布文件）；如果没有，setup.py 会开始编译：本机约需 \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) 分钟。"))
        } else {
            notes.append(LocalizedText(
                en: "flash-attn \(release) has no prebuilt wheel for this target, so setup.py will print \"Precompiled wheel not found. Building from source...\" and compile: about \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) minutes here. The wheel method with an older release may avoid that.",
                zh: "flash-attn \(release) 没有适用于当前环境的预编译 wheel，setup.py 会提示 \"Precompiled wheel not found. Building from source...\" 并开始编译：本机约需 \(Int(tuning.minutesLow))-\(Int(tuning.minutesHigh)) 分钟。改用 wheel 方式选择较旧的版本也许能避免编译。"))
        }
        return notes
    }
}
