import flash_attn_2_cuda as flash_attn_gpu  # noqa: F401


def flash_attn_func(q, k, v, dropout_p=0.0, softmax_scale=None, causal=False, **kwargs):
    raise RuntimeError("stand-in flash-attn has no CUDA kernels")
