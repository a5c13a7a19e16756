# Test fixture in the shape of a Qwen2.5-VL node with its own model list and quantization labels (as the issue's
# node offered them: Qwen2.5-VL-3B/7B, and none/8bit/4bit).
import torch
from transformers import Qwen2_5_VLForConditionalGeneration

MODELS = ["Qwen/Qwen2.5-VL-3B-Instruct", "Qwen/Qwen2.5-VL-7B-Instruct"]


class Qwen25VL:
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": (MODELS, {"default": MODELS[0]}),
            "quantization": (["none", "8bit", "4bit"], {"default": "none"}),
            "attention": (["eager", "sdpa", "flash_attention_2"], {"default": "sdpa"}),
        }}

    def load(self, model, attention):
        return Qwen2_5_VLForConditionalGeneration.from_pretrained(
            model, torch_dtype=torch.float16, attn_implementation=attention)
