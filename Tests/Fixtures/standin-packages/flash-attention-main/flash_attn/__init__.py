__version__ = "2.8.4"

from flash_attn.flash_attn_interface import flash_attn_func  # noqa: E402
