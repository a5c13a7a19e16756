# A transformers from before the hub kernels (4.3x): its modeling_utils names no fallback at all.
def _autoset_attn_implementation(config, use_flash_attention_2=False):
    if use_flash_attention_2:
        config._attn_implementation = "flash_attention_2"
    return config
