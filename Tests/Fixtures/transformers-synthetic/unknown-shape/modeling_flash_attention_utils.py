_IMPLEMENTATIONS = ("flash_attention_2", "flash_attention_3")

FLASH_ATTN_KERNEL_FALLBACK = {name: f"kernels-community/{name}" for name in _IMPLEMENTATIONS}
