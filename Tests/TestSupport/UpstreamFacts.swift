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
