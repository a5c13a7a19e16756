_FA2_REPO: str = "kernels-community/aiter-flash-attn" if is_rocm_platform() else "kernels-community/flash-attn2"
_FA2_VERSION = 4

FLASH_ATTN_KERNEL_FALLBACK: dict[str, str] = {
    "flash_attention_2": _FA2_REPO,
    "flash_attention_4": "kernels-community/flash-attn4",
}

FLASH_ATTN_KERNEL_VERSIONS = {
    _FA2_REPO: _FA2_VERSION,
}
