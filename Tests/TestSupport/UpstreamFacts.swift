import SetupCore

extension TransformersInstallation {
    /// A transformers whose fallback map was read, naming `repo` for "flash_attention_2" at `kernelVersion` (nil: no
    /// versions table, the main branch), with the kernels window its metadata pins.
    public static func withFallback(
        _ version: String, kernels requirement: String?, repo: String = "kernels-community/flash-attn2", kernelVersion: Int? = 4
    ) -> TransformersInstallation {
        let entry = KernelFallbackMap.Entry(
            implementation: "flash_attention_2", repo: repo, version: kernelVersion,
            versionSource: kernelVersion == nil ? .main : .read, devices: ["cuda", "xpu"])
        return TransformersInstallation(
            version: version, kernelsRequirement: requirement, kernelsRequirementExtra: "kernels",
            kernelFallback: KernelFallbackMap(state: .read, file: "modeling_flash_attention_utils.py", entries: [entry]))
    }
}

extension Environment {
    /// This environment with what `pip install torch transformers` brings besides torch on 2026-12-06: transformers
    /// 5.25.0 as its source reads (kernels required with no extra, the window of its is_kernels_available) and the
    /// kernels 0.19.1 it requires.
    public func withTodaysTransformers() -> Environment {
        var env = self
        var transformers = TransformersInstallation.withFallback("5.25.0", kernels: "kernels<0.20,>=0.19.1")
        transformers.kernelsRequirementExtra = nil
        transformers.kernelsWindow = KernelsWindow(minimum: "0.19.1", below: "0.20.0")
        env.transformers = transformers
        env.kernels = KernelsInstallation(version: "0.19.1", huggingfaceHub: "1.32.0")
        return env
    }
}
