# Test fixture in the shape of a Qwen-VL caption node.
import torch
from transformers import AutoModelForImageTextToText

ATTENTION_MODES = ["Eager: 最佳兼容性", "SDPA: 平衡", "Flash Attention 2: 最佳性能"]
ATTN_MAP = {
    "Eager: 最佳兼容性": "eager",
    "SDPA: 平衡": "sdpa",
    "Flash Attention 2: 最佳性能": "flash_attention_2",
}


class QwenVLCaption:
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "attention": (ATTENTION_MODES, {"default": "SDPA: 平衡"}),
            "quantization": (["None (FP16)", "4-bit", "8-bit"],),
        }}

    def load(self, model_path, attention):
        return AutoModelForImageTextToText.from_pretrained(
            model_path, torch_dtype=torch.float16, attn_implementation=ATTN_MAP[attention])
