# Verbatim from transformers 5.25.0, transformers/modeling_flash_attention_utils.py (Apache-2.0): the statements the reader evaluates.
FLASH_ATTN_KERNEL_FALLBACK = {
    "flash_attention_2": (
        "kernels-community/aiter-flash-attn" if is_rocm_platform() else "kernels-community/flash-attn2"
    ),
    "flash_attention_3": (
        "kernels-community/aiter-flash-attn" if is_rocm_platform() else "kernels-community/vllm-flash-attn3"
    ),
    "flash_attention_4": "kernels-community/flash-attn4",
}

FLASH_ATTN_KERNEL_VERSIONS = {
    "kernels-community/flash-attn2": 4,
    "kernels-community/flash-attn3": 2,
    "kernels-community/vllm-flash-attn3": 1,
    "kernels-community/aiter-flash-attn": 2,
    "kernels-community/flash-attn4": 1,
    "kernels-community/metal-flash-sdpa": 2,
}

# Devices each hub flash kernel ships builds for, unlisted kernels are assumed to run everywhere

FLASH_ATTN_KERNEL_DEVICES = {
    "kernels-community/flash-attn2": ("cuda", "xpu"),
    "kernels-community/flash-attn3": ("cuda",),
    "kernels-community/vllm-flash-attn3": ("cuda",),
    "kernels-community/aiter-flash-attn": ("rocm",),
    "kernels-community/flash-attn4": ("cuda",),
    "kernels-community/metal-flash-sdpa": ("mps",),
}

# Meta information on each mainline FA compatibility:
#   1. The import structure and availability
#   2. Device support (with custom ones that use other workarounds, e.g. kernels)
#   3. Supported major cuda devices, e.g. Hopper, Blackwell. Mostly found in the newest FA versions
