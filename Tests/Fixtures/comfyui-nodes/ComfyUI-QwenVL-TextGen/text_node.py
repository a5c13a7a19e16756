# Test fixture: a text node whose map leaves its other labels unmapped, so they reach transformers as they are.
MODES = ["Eager: 最佳兼容性", "SDPA: 平衡", "Flash Attention 2: 更快但兼容性较差"]
MAP = {"Eager: 最佳兼容性": "eager"}


def attn(label):
    return MAP.get(label, label)
