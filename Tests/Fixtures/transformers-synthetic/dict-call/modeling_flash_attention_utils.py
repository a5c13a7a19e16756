FLASH_ATTN_KERNEL_FALLBACK = dict(
    [
        ("flash_attention_2", "kernels-community/aiter-flash-attn" if is_rocm_platform() else "kernels-community/flash-attn2"),
        ("flash_attention_4", "kernels-community/flash-attn4"),
    ]
)

FLASH_ATTN_KERNEL_VERSIONS = dict(
    **{"kernels-community/flash-attn2": 4 if is_torch_greater_or_equal("2.10", accept_dev=True) else 3},
)

FLASH_ATTN_KERNEL_DEVICES = dict(
    [("kernels-community/flash-attn2", ("cuda", "xpu"))]
)
