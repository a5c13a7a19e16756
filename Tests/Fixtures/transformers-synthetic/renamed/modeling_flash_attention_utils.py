HUB_FLASH_KERNELS = {"flash_attention_2": "kernels-community/flash-attn2"}


def _fallback(attn_implementation):
    if is_kernels_available():
        return HUB_FLASH_KERNELS.get(attn_implementation)
