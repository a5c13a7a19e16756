/// A known failure: the exact text that identifies it, what causes it and what fixes it.
public struct KnownFailure {
    /// Stable id, for scripts and tests: "abi-mismatch".
    public var id: String
    /// Lower runs first in a report: the root cause before what it set off.
    public var rank: Int
    /// A line matching any of these is evidence.
    public var patterns: [Regex<AnyRegexOutput>]
    /// For each pattern, text every match must contain: checked first, since a substring search costs
    /// microseconds where the regular expression costs tens of them, and almost no line of a build log matches.
    let literals: [[UInt8]?]
    public var cause: LocalizedText
    public var fix: LocalizedText
    /// The route of this tool the fix sends the user to, where it names one: said as it is on the machine where
    /// diagnose is given --python (a wheel that does not exist for it is never offered).
    public var route: RouteMethod?

    init(_ id: String, rank: Int, _ patterns: [String], cause: LocalizedText, fix: LocalizedText, route: RouteMethod? = nil) {
        self.id = id
        self.rank = rank
        // The catalog's patterns are literals checked by the tests; a typo is a programming error.
        self.patterns = patterns.map { try! Regex($0) }
        self.literals = patterns.map { RequiredLiteral.of($0).map { Array($0.utf8) } }
        self.cause = cause
        self.fix = fix
        self.route = route
    }

    /// Whether `line` is evidence of this failure; `utf8` is the line's bytes, made once by the caller for every
    /// entry of the catalog.
    func matches(_ line: String, utf8: [UInt8]) -> Bool {
        for (pattern, literal) in zip(patterns, literals) {
            if let literal, !RequiredLiteral.occurs(literal, in: utf8) { continue }
            if line.contains(pattern) { return true }
        }
        return false
    }
}

/// Every failure the tool recognises, in pip output, build logs and import errors. Sources: flash-attention's
/// issues as FLASH-ATTN-FACTS.md section 4 lists them, and the real logs in shared/fixtures/pip-logs.
public enum FailureCatalog {
    // nonisolated(unsafe): Regex is immutable once built but not marked Sendable; this list is never written.
    public nonisolated(unsafe) static let all: [KnownFailure] = [
        KnownFailure(
            "externally-managed", rank: 0, [#"error: externally-managed-environment"#],
            cause: .init(
                en: "pip refused to install into the system's Python, which is managed by the OS (PEP 668).",
                zh: "pip 拒绝安装到由操作系统管理的系统 Python 中（PEP 668）。"),
            fix: .init(
                en: "Make a virtual environment (python3 -m venv ~/venvs/fa), install torch in it, and run this tool with --python ~/venvs/fa/bin/python.",
                zh: "请创建虚拟环境（python3 -m venv ~/venvs/fa），在其中安装 torch，再用 --python ~/venvs/fa/bin/python 运行本工具。")),
        KnownFailure(
            "build-isolation", rank: 1, [#"No module named 'torch'"#],
            cause: .init(
                en: "pip built flash-attn in an isolated environment without torch (build isolation), and flash-attn's setup.py imports torch.",
                zh: "pip 在不含 torch 的隔离环境中构建 flash-attn（构建隔离），而 flash-attn 的 setup.py 需要导入 torch。"),
            fix: .init(
                en: "Install torch first, then install with --no-build-isolation (the pip method of this tool does).",
                zh: "请先安装 torch，再加 --no-build-isolation 安装（本工具的 pip 方式会这样做）。")),
        KnownFailure(
            "missing-build-deps", rank: 2, [#"No module named '(packaging|psutil|wheel|setuptools|ninja)'"#],
            cause: .init(
                en: "With build isolation off, flash-attn's setup.py runs in the target Python, which lacks a package it imports.",
                zh: "关闭构建隔离后，flash-attn 的 setup.py 在目标 Python 中运行，而其中缺少它要导入的包。"),
            fix: .init(
                en: "pip install packaging psutil ninja wheel setuptools in the target first (the pip method's first step).",
                zh: "请先在目标环境中 pip install packaging psutil ninja wheel setuptools（pip 方式的第一步）。")),
        KnownFailure(
            "torch-cpu-only", rank: 2, [#"torch\.__version__\s*=\s*\S+\+cpu"#, #"Torch not compiled with CUDA enabled"#],
            cause: .init(
                en: "The torch in this Python is a CPU-only build, so there is no CUDA to build or run flash-attn with.",
                zh: "当前 Python 中的 torch 是仅 CPU 版本，没有可用于构建或运行 flash-attn 的 CUDA。"),
            fix: .init(
                en: "Install a CUDA build of torch with the command pytorch.org gives for your driver, then install flash-attn again.",
                zh: "请按 pytorch.org 针对你驱动给出的命令安装 CUDA 版 torch，然后重新安装 flash-attn。")),
        KnownFailure(
            "no-cuda-home", rank: 3, [#"CUDA_HOME environment variable is not set"#, #"nvcc was not found"#],
            cause: .init(
                en: "flash-attn's setup.py needs nvcc (the CUDA compiler) even to read its metadata, and none was found: CUDA_HOME is unset and nvcc is not on PATH.",
                zh: "flash-attn 的 setup.py 连读取元数据都需要 nvcc（CUDA 编译器），但没有找到：CUDA_HOME 未设置，PATH 中也没有 nvcc。"),
            fix: .init(
                en: "Install the CUDA toolkit matching torch's CUDA and set CUDA_HOME (e.g. /usr/local/cuda), or skip the build with this tool's wheel method.",
                zh: "请安装与 torch 的 CUDA 相匹配的 CUDA 工具包并设置 CUDA_HOME（如 /usr/local/cuda），或用本工具的 wheel 方式跳过构建。"),
            route: .wheel),
        KnownFailure(
            "cuda-version-mismatch", rank: 3, [#"The detected CUDA version \(.*\) mismatches the version that was used to compile"#],
            cause: .init(
                en: "The CUDA toolkit found (nvcc) is another major version than the one torch was built with, and torch refuses to build extensions across that.",
                zh: "找到的 CUDA 工具包（nvcc）与 torch 构建时使用的 CUDA 大版本不同，torch 拒绝在这种情况下构建扩展。"),
            fix: .init(
                en: "Point CUDA_HOME at a toolkit of torch's CUDA version, or install the torch build for your toolkit's CUDA.",
                zh: "请把 CUDA_HOME 指向与 torch 的 CUDA 版本一致的工具包，或安装与你的工具包 CUDA 版本对应的 torch。")),
        KnownFailure(
            "cxx20-required", rank: 3, [#"C\+\+20 or later compatible compiler is required"#, #"'bit_width' is not a member of 'std'"#],
            cause: .init(
                en: "This torch's headers need C++20 (torch 2.13 and later) and this flash-attn release compiles with C++17, so it cannot build against this torch.",
                zh: "当前 torch 的头文件需要 C++20（torch 2.13 及以后），而这个 flash-attn 版本用 C++17 编译，因此无法针对该 torch 构建。"),
            fix: .init(
                en: "`flash-attn-setup install --method source` builds flash-attention's main, which compiles with C++20 for this torch, taking nvcc from the package index where none is installed (--source-path CHECKOUT builds a checkout of your own); or use a torch older than 2.13.",
                zh: "`flash-attn-setup install --method source` 会构建 flash-attention 的 main 分支，它为这个 torch 用 C++20 编译，没有 nvcc 时从软件包索引安装（--source-path CHECKOUT 构建你自己的检出）；或使用低于 2.13 的 torch。"),
            route: .source),
        KnownFailure(
            "abi-mismatch", rank: 1, [#"undefined symbol: .*__cxx11"#],
            cause: .init(
                en: "flash-attn's compiled extension was built for the other C++ ABI than this torch (cxx11abi TRUE vs FALSE), so it cannot load.",
                zh: "flash-attn 的编译扩展与当前 torch 使用不同的 C++ ABI（cxx11abi TRUE 与 FALSE），因此无法加载。"),
            fix: .init(
                en: "Reinstall with this tool's wheel method, which picks the wheel of torch's own ABI; add --no-cache-dir if pip reinstalls the same file.",
                zh: "请用本工具的 wheel 方式重新安装，它会选择与 torch 相同 ABI 的 wheel；如果 pip 重装了同一个文件，请加 --no-cache-dir。"),
            route: .wheel),
        KnownFailure(
            "torch-version-drift", rank: 1, [#"flash_attn_2_cuda.*undefined symbol: (?!.*__cxx11)"#, #"undefined symbol: _ZN(2at|3c10|5torch)(?!.*__cxx11)"#],
            cause: .init(
                en: "flash-attn's compiled extension was built against another torch version than the one installed (torch was upgraded after flash-attn, or the wheel was for another torch).",
                zh: "flash-attn 的编译扩展是针对另一个 torch 版本构建的（flash-attn 之后升级了 torch，或 wheel 对应的是别的 torch）。"),
            fix: .init(
                en: "Reinstall flash-attn for this torch with this tool's wheel method (or rebuild from source with FLASH_ATTENTION_FORCE_BUILD=TRUE).",
                zh: "请用本工具的 wheel 方式为当前 torch 重新安装 flash-attn（或设置 FLASH_ATTENTION_FORCE_BUILD=TRUE 从源码重建）。"),
            route: .wheel),
        KnownFailure(
            "glibc-too-old", rank: 1, [#"version `GLIBC_[0-9.]+' not found"#],
            cause: .init(
                en: "The flash-attn wheel was built on a newer Linux (2.8.0.post1 and later: Ubuntu 22.04, glibc 2.35) than this system's glibc.",
                zh: "该 flash-attn wheel 是在更新的 Linux 上构建的（2.8.0.post1 及以后：Ubuntu 22.04，glibc 2.35），本系统的 glibc 太旧。"),
            fix: .init(
                en: "Install 2.7.4.post1 (built on glibc 2.31) with the wheel method's --flash-attn-version, or build from source.",
                zh: "请用 wheel 方式加 --flash-attn-version 安装 2.7.4.post1（在 glibc 2.31 上构建），或从源码构建。"),
            route: .wheel),
        KnownFailure(
            "gpu-too-old", rank: 1, [#"FlashAttention only supports Ampere GPUs or newer"#],
            cause: .init(
                en: "The GPU is older than Ampere (compute capability below 8.0), which FlashAttention-2's kernels do not support.",
                zh: "GPU 早于 Ampere 架构（计算能力低于 8.0），FlashAttention-2 的内核不支持它。"),
            fix: .init(
                en: "Use SDPA (attn_implementation=\"sdpa\", \"SDPA\" in the Qwen-VL node) on this GPU.",
                zh: "请在这块 GPU 上使用 SDPA（attn_implementation=\"sdpa\"，即 Qwen-VL 节点中的 \"SDPA\"）。")),
        KnownFailure(
            "no-kernel-image", rank: 1, [#"no kernel image is available for execution on the device"#],
            cause: .init(
                en: "The installed build has no kernels for this GPU's architecture (typically Blackwell with a build older than 2.7.3 or made without sm_100/sm_120).",
                zh: "已安装的版本没有适用于该 GPU 架构的内核（常见于 Blackwell 搭配 2.7.3 之前或未包含 sm_100/sm_120 的构建）。"),
            fix: .init(
                en: "Install flash-attn 2.7.3 or later built for this GPU, with torch built with CUDA 12.8 or later; or build from source with FLASH_ATTN_CUDA_ARCHS set to this GPU.",
                zh: "请安装为该 GPU 构建的 flash-attn 2.7.3 或更新版本，并配合用 CUDA 12.8 或更新版本构建的 torch；或设置 FLASH_ATTN_CUDA_ARCHS 为该 GPU 从源码构建。")),
        KnownFailure(
            "unsupported-wheel", rank: 1, [#"is not a supported wheel on this platform"#],
            cause: .init(
                en: "pip was given a wheel built for another Python version or platform than this one.",
                zh: "pip 得到的 wheel 是为另一个 Python 版本或平台构建的。"),
            fix: .init(
                en: "Let this tool's wheel method pick the wheel; it matches the Python tag, platform, torch, CUDA and ABI exactly.",
                zh: "请让本工具的 wheel 方式选择 wheel；它会精确匹配 Python 标签、平台、torch、CUDA 和 ABI。"),
            route: .wheel),
        KnownFailure(
            "torch-pin-conflict", rank: 1, [#"ResolutionImpossible"#, #"conflicting dependencies"#, #"Cannot install .* because these package versions have conflicting"#],
            cause: .init(
                en: "The package asked for another torch than the installed one, and this tool keeps torch as it is, so pip stopped without changing anything.",
                zh: "要安装的包需要另一个版本的 torch，而本工具保持 torch 不变，因此 pip 停止了，没有做任何修改。"),
            fix: .init(
                en: "Choose a flash-attn wheel made for the installed torch (the wheel method does), or change torch yourself first if you really mean to.",
                zh: "请选择为已安装的 torch 构建的 flash-attn wheel（wheel 方式会这样做），或者如果确实需要，请先自行更换 torch。"),
            route: .wheel),
        KnownFailure(
            "ninja-missing", rank: 4, [#"could not find ninja"#],
            cause: .init(
                en: "The build did not find ninja, so it falls back to compiling one file at a time: hours instead of minutes.",
                zh: "构建没有找到 ninja，只能逐个文件编译：要几个小时而不是几分钟。"),
            fix: .init(
                en: "pip install ninja in the target and run the build with the target's bin folder first on PATH (this tool's plans do both).",
                zh: "请在目标环境中 pip install ninja，并把目标环境的 bin 目录放在 PATH 最前面运行构建（本工具的计划会这样做）。")),
        KnownFailure(
            "network-unreachable", rank: 4,
            [#"Network is unreachable"#, #"Temporary failure in name resolution"#, #"Failed to establish a new connection"#,
             #"urlopen error"#, #"Max retries exceeded"#, #"Could not fetch URL"#, #"No matching distribution found for"#],
            cause: .init(
                en: "The package index or the download server could not be reached from this machine.",
                zh: "本机无法连接软件包索引或下载服务器。"),
            fix: .init(
                en: "Check the network or proxy (HTTPS_PROXY), or give a mirror or a folder of wheels with --wheel-source.",
                zh: "请检查网络或代理（HTTPS_PROXY），或用 --wheel-source 指定镜像或 wheel 所在目录。")),
        KnownFailure(
            "out-of-memory", rank: 5,
            [#"^\s*Killed\s*$"#, #"cc1plus: out of memory"#, #"std::bad_alloc"#, #"ninja: build stopped: subcommand failed"#,
             #"CalledProcessError: Command '\['ninja'"#],
            cause: .init(
                en: "A compiler job stopped, most often killed for lack of memory: each nvcc job of flash-attn's build can take 8-9 GB.",
                zh: "有编译任务中断了，多数是内存不足被杀：flash-attn 构建中每个 nvcc 任务可能占用 8-9 GB。"),
            fix: .init(
                en: "Build again with fewer jobs (MAX_JOBS=2 NVCC_THREADS=2) and only your GPU's architecture (FLASH_ATTN_CUDA_ARCHS), as this tool's source plan sets, or use a wheel.",
                zh: "请减少并行任务重新构建（MAX_JOBS=2 NVCC_THREADS=2），并只编译你 GPU 的架构（FLASH_ATTN_CUDA_ARCHS），本工具的源码方式会这样设置；或改用 wheel。")),
        KnownFailure(
            "wheel-not-found-compiling", rank: 6, [#"Precompiled wheel not found\. Building from source"#],
            cause: .init(
                en: "flash-attn's setup.py found no prebuilt wheel for this Python, torch, CUDA and ABI, and started compiling from source, which takes from minutes to hours.",
                zh: "flash-attn 的 setup.py 没有找到适用于当前 Python、torch、CUDA 和 ABI 的预编译 wheel，开始从源码编译，耗时从几分钟到几小时不等。"),
            fix: .init(
                en: "Let it finish, or cancel and use this tool's wheel method, which finds the newest release that has a wheel for this target.",
                zh: "可以等它完成，或取消后改用本工具的 wheel 方式，它会找到有匹配 wheel 的最新版本。"),
            route: .wheel),
        KnownFailure(
            "hash-mismatch", rank: 1, [#"THESE PACKAGES DO NOT MATCH THE HASHES"#],
            cause: .init(
                en: "A downloaded file does not match the checksum it was published with.",
                zh: "下载的文件与发布时的校验和不一致。"),
            fix: .init(
                en: "Download again (pip install --no-cache-dir); if it persists the mirror serves a different file.",
                zh: "请重新下载（pip install --no-cache-dir）；若仍然如此，说明镜像提供的是另一个文件。")),
    ]

    public static func failure(_ id: String) -> KnownFailure? { all.first { $0.id == id } }
}
