# Test fixture: a node that looks for the flash_attn package itself before transformers does.
import importlib.util

HAS_FA2 = importlib.util.find_spec("flash_attn") is not None
CHOICES = {"Flash Attention 2": "flash_attention_2", "SDPA": "sdpa"}
