/// The script that proves an installation in the target Python, run once, printing one marked JSON line.
///
/// The GPU checks are the real thing: flash_attn_func against PyTorch's SDPA on random fp16 (and bf16 where the
/// GPU has it) tensors, causal and not, judged as flash-attn's own tests judge (tests/test_flash_attn.py): the
/// error against an fp32 reference may be at most twice PyTorch's own error in the same precision.
public enum VerifyScript {
    public static let marker = "@@flash-attn-setup-verify@@"

    public static let source = #"""
import json, os, sys, time
MARK = "@@flash-attn-setup-verify@@"
real_stdout = sys.stdout
sys.stdout = sys.stderr
checks = []

def last_line(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else type(exc).__name__

def check(name, status, detail):
    checks.append({"name": name, "status": status, "detail": detail})

ORDER = ["metadata", "import", "extension", "gpu-numeric", "gpu-speed", "transformers"]

def finish():
    checks.sort(key=lambda c: ORDER.index(c["name"]) if c["name"] in ORDER else len(ORDER))
    real_stdout.write("\n" + MARK + "\n" + json.dumps({"checks": checks}) + "\n")
    real_stdout.flush()
    sys.exit(0)

try:
    from importlib import metadata
    dist = None
    for name in ("flash-attn", "flash_attn"):
        try:
            dist = metadata.version(name)
            break
        except Exception:
            pass
except ImportError:
    dist = None

try:
    import torch
except BaseException as exc:
    check("metadata", "skipped", "torch does not import: " + last_line(exc))
    check("import", "failed", "torch does not import: " + last_line(exc))
    finish()

module_version = None
try:
    import flash_attn
    module_version = str(getattr(flash_attn, "__version__", None))
    check("import", "ok", "flash_attn %s from %s" % (module_version, os.path.dirname(getattr(flash_attn, "__file__", "") or "")))
except BaseException as exc:
    check("import", "failed", last_line(exc))

if dist is None:
    check("metadata", "failed", "no flash-attn distribution is installed")
elif module_version is None:
    check("metadata", "skipped", "distribution %s; the module did not import" % dist)
elif dist.split("+")[0] == module_version.split("+")[0]:
    check("metadata", "ok", "distribution %s, module %s" % (dist, module_version))
else:
    check("metadata", "failed", "distribution %s but module %s: two installs overlap; reinstall" % (dist, module_version))

extension_ok = False
try:
    import flash_attn_2_cuda
    extension_ok = True
    check("extension", "ok", "flash_attn_2_cuda loads (%s)" % getattr(flash_attn_2_cuda, "__file__", "?"))
except BaseException as exc:
    check("extension", "failed", last_line(exc))

gpu = False
try:
    gpu = bool(torch.cuda.is_available())
except BaseException as exc:
    pass

if not gpu:
    check("gpu-numeric", "skipped", "torch sees no CUDA GPU (torch.cuda.is_available() is False)")
    check("gpu-speed", "skipped", "torch sees no CUDA GPU")
elif not extension_ok:
    check("gpu-numeric", "skipped", "the extension does not load")
    check("gpu-speed", "skipped", "the extension does not load")
else:
    try:
        from flash_attn import flash_attn_func
        import torch.nn.functional as F
        major, minor = torch.cuda.get_device_capability()
        dtypes = [torch.float16] + ([torch.bfloat16] if major >= 8 else [])
        torch.manual_seed(0)
        results, worst = [], None
        for dtype in dtypes:
            for causal in (False, True):
                q, k, v = [torch.randn(2, 256, 8, 64, device="cuda", dtype=dtype) for _ in range(3)]
                out = flash_attn_func(q, k, v, causal=causal)
                # SDPA takes (batch, heads, seq, dim); FlashAttention (batch, seq, heads, dim).
                qt, kt, vt = [x.transpose(1, 2) for x in (q, k, v)]
                ref = F.scaled_dot_product_attention(qt.float(), kt.float(), vt.float(), is_causal=causal).transpose(1, 2)
                pt = F.scaled_dot_product_attention(qt, kt, vt, is_causal=causal).transpose(1, 2)
                torch.cuda.synchronize()
                err = (out.float() - ref).abs().max().item()
                pt_err = (pt.float() - ref).abs().max().item()
                ok = err <= 2 * pt_err + 1e-5
                name = "%s%s" % (str(dtype).replace("torch.", ""), " causal" if causal else "")
                results.append("%s: %.2e vs SDPA %.2e %s" % (name, err, pt_err, "ok" if ok else "TOO LARGE"))
                if not ok:
                    worst = name
        detail = "; ".join(results)
        check("gpu-numeric", "ok" if worst is None else "failed", detail)
        try:
            b, s, h, d = 4, 2048, 16, 64
            q, k, v = [torch.randn(b, s, h, d, device="cuda", dtype=torch.float16) for _ in range(3)]
            qt, kt, vt = [x.transpose(1, 2).contiguous() for x in (q, k, v)]
            def timeit(fn):
                for _ in range(5):
                    fn()
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                for _ in range(20):
                    fn()
                end.record()
                torch.cuda.synchronize()
                return start.elapsed_time(end) / 20
            fa = timeit(lambda: flash_attn_func(q, k, v, causal=True))
            sdpa = timeit(lambda: F.scaled_dot_product_attention(qt, kt, vt, is_causal=True))
            check("gpu-speed", "ok", "FA2 %.3f ms, SDPA %.3f ms per call (batch %d, seq %d, heads %d, dim %d, fp16, causal): %.2fx" % (fa, sdpa, b, s, h, d, sdpa / fa))
        except BaseException as exc:
            check("gpu-speed", "failed", last_line(exc))
    except BaseException as exc:
        check("gpu-numeric", "failed", last_line(exc))
        check("gpu-speed", "skipped", "the numeric check did not run")

try:
    tf = metadata.version("transformers")
except Exception:
    tf = None
if tf is None:
    check("transformers", "skipped", "transformers is not installed")
else:
    try:
        from transformers.utils import is_flash_attn_2_available
        if is_flash_attn_2_available():
            check("transformers", "ok", "transformers %s: is_flash_attn_2_available() is True; attn_implementation=\"flash_attention_2\" will be used" % tf)
        else:
            check("transformers", "failed", "transformers %s: is_flash_attn_2_available() is False (it needs flash-attn >= 2.3.3 and a CUDA GPU that torch sees)" % tf)
    except BaseException as exc:
        check("transformers", "failed", "transformers %s: %s" % (tf, last_line(exc)))
finish()
"""#
}
