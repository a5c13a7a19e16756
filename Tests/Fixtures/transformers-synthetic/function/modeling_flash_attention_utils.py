def _kernel_fallback():
    """The hub kernels each flash attention implementation falls back to."""
    return {
        "flash_attention_2": (
            "kernels-community/aiter-flash-attn" if is_rocm_platform() else "kernels-community/flash-attn2"
        ),
    }


FLASH_ATTN_KERNEL_FALLBACK = _kernel_fallback()

FLASH_ATTN_KERNEL_VERSIONS = {"kernels-community/flash-attn2": 4}
