/// The rules that hold whatever the GPU: the driver, Python, torch, the platform.
extension CompatibilityRules {
    static func globalBlockers(_ env: Environment) -> [Blocker] {
        var blockers: [Blocker] = []
        if env.gpus.isEmpty {
            let why = env.gpuProbeError?.message ?? LocalizedText(
                en: "No NVIDIA GPU was found on this machine.", zh: "本机没有找到 NVIDIA GPU。")
            blockers.append(Blocker(
                code: env.gpuProbeError.map { BlockerCode(probe: $0.code, python: false) } ?? .noGPU,
                message: why,
                fix: LocalizedText(
                    en: "FlashAttention needs an NVIDIA GPU with its driver; without one, choose \"SDPA\" or \"Eager\" in the Qwen-VL node.",
                    zh: "FlashAttention 需要 NVIDIA GPU 及其驱动；没有的话，请在 Qwen-VL 节点中选择 \"SDPA\" 或 \"Eager\"。"),
                fact: env.gpuProbeError?.evidence))
        }
        let os = env.host.os
        let arch = env.host.arch
        if os != "Linux" || !["x86_64", "aarch64"].contains(arch) {
            blockers.append(Blocker(
                code: .unsupportedPlatform,
                message: LocalizedText(
                    en: "This is \(os) on \(arch); FlashAttention-2's releases and this tool cover Linux on x86_64 and aarch64 only.",
                    zh: "当前系统为 \(arch) 上的 \(os)；FlashAttention-2 的发布版本和本工具只支持 x86_64 与 aarch64 上的 Linux。"),
                fix: LocalizedText(
                    en: "Run on a Linux machine with an NVIDIA GPU (on Windows, inside WSL2), or use SDPA.",
                    zh: "请在带 NVIDIA GPU 的 Linux 机器上运行（Windows 上可在 WSL2 中运行），或使用 SDPA。"),
                fact: "uname \(os) \(arch)"))
        }
        guard let python = env.python else {
            let error = env.pythonProbeError
            blockers.append(Blocker(
                code: error.map { BlockerCode(probe: $0.code, python: true) } ?? .pythonUnprobed,
                message: error?.message ?? LocalizedText(
                    en: "The target Python could not be examined.", zh: "无法检查目标 Python。"),
                fix: LocalizedText(
                    en: "Point the tool at the Python that runs your models with --python PATH (for ComfyUI, the python of its venv).",
                    zh: "请用 --python PATH 指向运行模型的那个 Python（ComfyUI 的话，是它的 venv 里的 python）。"),
                fact: error?.evidence))
            return blockers
        }
        if let (major, minor) = python.majorMinor, (major, minor) < (3, 9) {
            blockers.append(Blocker(
                code: .pythonTooOld,
                message: LocalizedText(
                    en: "Python \(python.version) is older than 3.9, the oldest that current flash-attn releases install on.",
                    zh: "Python \(python.version) 低于 3.9，而当前的 flash-attn 发布版本最低要求 3.9。"),
                fix: LocalizedText(
                    en: "Make a venv with Python 3.9 or newer (3.10 to 3.13 have wheels for the most torch releases; `python3.12 -m venv venv`), install torch there, and point the tool at it with --python.",
                    zh: "用 Python 3.9 或更新版本创建 venv（3.10 到 3.13 对应的 torch 版本的 wheel 最多；`python3.12 -m venv venv`），在其中安装 torch，再用 --python 指向它。"),
                fact: "python \(python.version) (\(python.executable))"))
        }
        if python.externallyManaged {
            blockers.append(Blocker(
                code: .externallyManaged,
                message: LocalizedText(
                    en: "\(python.executable) is the system's Python, which refuses pip installs (PEP 668: \"externally-managed-environment\").",
                    zh: "\(python.executable) 是系统自带的 Python，它拒绝 pip 安装（PEP 668：\"externally-managed-environment\"）。"),
                fix: LocalizedText(
                    en: "Make a virtual environment (`python3 -m venv ~/venvs/fa && ~/venvs/fa/bin/pip install torch`) and point the tool at it with --python ~/venvs/fa/bin/python.",
                    zh: "请创建虚拟环境（`python3 -m venv ~/venvs/fa && ~/venvs/fa/bin/pip install torch`），再用 --python ~/venvs/fa/bin/python 指向它。"),
                fact: "EXTERNALLY-MANAGED marker, not a venv"))
        }
        if python.sitePackagesWritable == false, !python.externallyManaged {
            let folder = python.sitePackages ?? "site-packages"
            blockers.append(Blocker(
                code: .sitePackagesReadOnly,
                message: LocalizedText(
                    en: "pip cannot write to \(folder) (read-only, or another user's), so nothing can be installed into \(python.executable).",
                    zh: "pip 无法写入 \(folder)（只读，或属于其他用户），因此无法向 \(python.executable) 安装任何东西。"),
                fix: LocalizedText(
                    en: "Run the tool as the user who owns that environment, make it writable, or make a venv of your own and point the tool at it with --python.",
                    zh: "请以该环境所属用户运行本工具、使其可写，或创建自己的 venv 并用 --python 指向它。"),
                fact: "\(folder) not writable"))
        }
        if let importError = env.torchImportError {
            blockers.append(Blocker(
                code: .torchBroken,
                message: LocalizedText(
                    en: "torch is installed in \(python.executable) but fails to import, so nothing built on it can work.",
                    zh: "\(python.executable) 中安装了 torch，但导入失败，依赖它的一切都无法工作。"),
                fix: LocalizedText(
                    en: "Repair torch first: run `\(python.executable) -c \"import torch\"` to see the error, and reinstall torch from pytorch.org's command for your CUDA.",
                    zh: "请先修复 torch：运行 `\(python.executable) -c \"import torch\"` 查看错误，再按 pytorch.org 上对应你 CUDA 版本的命令重新安装 torch。"),
                fact: importError))
        } else if let torch = env.torch {
            if let hip = torch.hip {
                blockers.append(Blocker(
                    code: .torchROCm,
                    message: LocalizedText(
                        en: "This torch (\(torch.version)) is a ROCm build for AMD GPUs; this tool covers FlashAttention-2 on NVIDIA GPUs only.",
                        zh: "当前 torch（\(torch.version)）是面向 AMD GPU 的 ROCm 版本；本工具只处理 NVIDIA GPU 上的 FlashAttention-2。"),
                    fix: LocalizedText(
                        en: "For AMD GPUs follow flash-attention's ROCm instructions (the CK or Triton backend); on an NVIDIA machine install a CUDA build of torch.",
                        zh: "AMD GPU 请按 flash-attention 的 ROCm 说明操作（CK 或 Triton 后端）；NVIDIA 机器请安装 CUDA 版 torch。"),
                    fact: "torch.version.hip \(hip)"))
            } else if let cuda = torch.cuda {
                if let driverCUDA = env.driver?.cudaVersion {
                    let driverMajor = driverCUDA.split(separator: ".").first.flatMap { Int($0) } ?? 0
                    let torchMajor = cuda.split(separator: ".").first.flatMap { Int($0) } ?? 0
                    if driverMajor < torchMajor {
                        blockers.append(Blocker(
                            code: .driverTooOld,
                            message: LocalizedText(
                                en: "The NVIDIA driver \(env.driver?.version ?? "") supports CUDA up to \(driverCUDA), but torch \(torch.version) was built with CUDA \(cuda); torch cannot use the GPU with this driver.",
                                zh: "NVIDIA 驱动 \(env.driver?.version ?? "") 最高支持 CUDA \(driverCUDA)，而 torch \(torch.version) 用 CUDA \(cuda) 构建；在此驱动下 torch 无法使用 GPU。"),
                            fix: LocalizedText(
                                en: "Upgrade the NVIDIA driver to one for CUDA \(cuda) or later, or install a torch built for CUDA \(driverMajor).x.",
                                zh: "请把 NVIDIA 驱动升级到支持 CUDA \(cuda) 或更新版本的驱动，或安装为 CUDA \(driverMajor).x 构建的 torch。"),
                            fact: "driver CUDA \(driverCUDA) < torch.version.cuda \(cuda)"))
                    }
                }
            } else {
                blockers.append(Blocker(
                    code: .torchCPUOnly,
                    message: LocalizedText(
                        en: "torch \(torch.version) is a CPU-only build (torch.version.cuda is None), so no CUDA extension such as flash-attn can run, and pip's build fails with \"CUDA_HOME environment variable is not set\".",
                        zh: "torch \(torch.version) 是仅 CPU 版本（torch.version.cuda 为 None），任何 CUDA 扩展（如 flash-attn）都无法运行，pip 构建时会报 \"CUDA_HOME environment variable is not set\"。"),
                    fix: LocalizedText(
                        en: "Install a CUDA build of torch with the command pytorch.org gives for your driver's CUDA version, then run this again.",
                        zh: "请按 pytorch.org 针对你驱动 CUDA 版本给出的命令安装 CUDA 版 torch，然后再运行本工具。"),
                    fact: "torch.version.cuda None"))
            }
        } else {
            blockers.append(Blocker(
                code: .torchMissing,
                message: LocalizedText(
                    en: "torch is not installed in \(python.executable); flash-attn is a torch extension and must match the torch it runs with.",
                    zh: "\(python.executable) 中没有安装 torch；flash-attn 是 torch 的扩展，必须与所用的 torch 匹配。"),
                fix: LocalizedText(
                    en: "Install torch first with the command pytorch.org gives for your CUDA version (this tool never installs torch for you), or point it at the Python that has torch with --python.",
                    zh: "请先按 pytorch.org 针对你 CUDA 版本给出的命令安装 torch（本工具从不替你安装 torch），或用 --python 指向已装 torch 的 Python。"),
                fact: "import torch: not installed"))
        }
        return blockers
    }

    static func globalWarnings(_ env: Environment) -> [Reason] {
        var warnings: [Reason] = []
        if let torch = env.torch, let cuda = torch.cuda, let driverCUDA = env.driver?.cudaVersion,
            compareVersions(driverCUDA, cuda) == .orderedAscending,
            driverCUDA.split(separator: ".").first == cuda.split(separator: ".").first
        {
            warnings.append(Reason(
                code: .driverOlderMinor,
                message: LocalizedText(
                    en: "The driver supports CUDA \(driverCUDA) and torch was built with CUDA \(cuda): this runs through CUDA's minor-version compatibility, but a driver for \(cuda) or later is the safer match.",
                    zh: "驱动支持 CUDA \(driverCUDA)，torch 用 CUDA \(cuda) 构建：可借助 CUDA 小版本兼容运行，但更稳妥的是使用支持 \(cuda) 或更新版本的驱动。"),
                fact: "driver CUDA \(driverCUDA), torch.version.cuda \(cuda)"))
        }
        if env.driver != nil && env.driver?.cudaVersion == nil && !env.gpus.isEmpty {
            warnings.append(Reason(
                code: .driverCUDAUnknown,
                message: LocalizedText(
                    en: "The driver's CUDA version could not be read, so whether it is new enough for torch's CUDA was not checked.",
                    zh: "无法读取驱动支持的 CUDA 版本，因此没有检查它是否满足 torch 的 CUDA 要求。"),
                fact: "driver \(env.driver?.version ?? "?")"))
        }
        if let torch = env.torch, torch.cuda != nil, torch.hip == nil, !torch.cudaAvailable, !env.gpus.isEmpty {
            warnings.append(Reason(
                code: .torchCannotSeeGPU,
                message: LocalizedText(
                    en: "torch reports torch.cuda.is_available() == False although the driver lists a GPU: flash-attn can be installed, but it cannot run, nor be verified, until torch sees the GPU.",
                    zh: "驱动列出了 GPU，但 torch 报告 torch.cuda.is_available() == False：可以安装 flash-attn，但在 torch 能看到 GPU 之前无法运行，也无法验证。"),
                fact: "torch.cuda.is_available() False" + (torch.cudaError.map { ": \($0)" } ?? "")))
        }
        if let glibc = env.python?.glibc, compareVersions(glibc, newestWheelsGlibc) == .orderedAscending {
            warnings.append(Reason(
                code: .glibcOld,
                message: LocalizedText(
                    en: "glibc \(glibc) is older than \(newestWheelsGlibc): flash-attn 2.8.0.post1 and later wheels fail to load here (\"GLIBC_2.32 not found\"); a 2.7.4.post1 wheel or a source build is needed.",
                    zh: "glibc \(glibc) 低于 \(newestWheelsGlibc)：flash-attn 2.8.0.post1 及以后的 wheel 在这里无法加载（\"GLIBC_2.32 not found\"）；需要 2.7.4.post1 的 wheel 或从源码构建。"),
                fact: "glibc \(glibc)"))
        }
        if let flashAttn = env.flashAttn {
            if let error = flashAttn.importError {
                warnings.append(Reason(
                    code: .flashAttnBroken,
                    message: LocalizedText(
                        en: "flash-attn \(flashAttn.version ?? "") is installed but does not import; it will be replaced by one that matches this torch.",
                        zh: "已安装 flash-attn \(flashAttn.version ?? "")，但无法导入；将用与当前 torch 匹配的版本替换它。"),
                    fact: error))
            } else {
                warnings.append(Reason(
                    code: .flashAttnInstalled,
                    message: LocalizedText(
                        en: "flash-attn \(flashAttn.moduleVersion ?? flashAttn.version ?? "") is already installed and imports; `flash-attn-setup verify` checks it on the GPU.",
                        zh: "已安装 flash-attn \(flashAttn.moduleVersion ?? flashAttn.version ?? "")，且可以导入；可用 `flash-attn-setup verify` 在 GPU 上验证它。"),
                    fact: "flash-attn \(flashAttn.version ?? "?")"))
            }
        }
        if let free = env.toolchain.diskFreeGiB, free < 2 {
            warnings.append(Reason(
                code: .diskLow,
                message: LocalizedText(
                    en: "Only \(free) GiB is free where pip installs; a flash-attn wheel takes about 0.5 GiB unpacked and a source build several GiB.",
                    zh: "pip 安装位置只剩 \(free) GiB 空间；flash-attn 的 wheel 解压后约需 0.5 GiB，从源码构建则需要数 GiB。"),
                fact: "\(free) GiB free"))
        }
        return warnings
    }
}
