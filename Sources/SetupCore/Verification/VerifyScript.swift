/// The script that proves an installation in the target Python, run once, printing one marked JSON line. Its
/// first argument names the route: "flash-attn" (the package, however installed), "kernels REPO VERSION" (the hub
/// kernel, loaded as transformers loads it) or "fa4" (FlashAttention-4).
///
/// The GPU checks are the real thing: flash_attn_func against PyTorch's SDPA on random fp16 (and bf16 where the
/// GPU has it) tensors, causal and not, judged as flash-attn's own tests judge (tests/test_flash_attn.py): the
/// error against an fp32 reference may be at most twice PyTorch's own error in the same precision.
public enum VerifyScript {
    public static let marker = "@@flash-attn-setup-verify@@"
    /// Begins the stderr line the script writes before each import that could crash or hang it.
    public static let stageMarker = "@@flash-attn-setup-stage@@"

    /// The package whose import was under way when the script died: the last stage line in its stderr.
    static func lastStage(in stderr: String) -> String? {
        stderr.split(separator: "\n").last { $0.hasPrefix(stageMarker + " ") }.map { String($0.dropFirst(stageMarker.count + 1)) }
    }

    public static let source = #"""
import json, os, sys, time
MARK = "@@flash-attn-setup-verify@@"
STAGE = "@@flash-attn-setup-stage@@"
real_stdout = sys.stdout
sys.stdout = sys.stderr
checks = []

def last_line(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else type(exc).__name__

def check(name, status, detail):
    checks.append({"name": name, "status": status, "detail": detail})

ORDER = ["metadata", "kernels", "import", "extension", "kernel-load", "gpu-numeric", "gpu-speed", "transformers", "transformers-model"]

SPEED = {}
# The version of what was verified (the distribution whose metadata matched its module), for verify --json.
VERSION = {}

def stage(package):
    # Written before each import that can take the interpreter down with it (a crash in an extension cannot be
    # caught), so that the tool names the package whose import crashed or hung, not torch.
    sys.stderr.write("%s %s\n" % (STAGE, package))
    sys.stderr.flush()

def finish():
    checks.sort(key=lambda c: ORDER.index(c["name"]) if c["name"] in ORDER else len(ORDER))
    real_stdout.write("\n" + MARK + "\n" + json.dumps({"checks": checks, "speed": SPEED or None, "executable": sys.executable,
                                                   "version": VERSION.get("value")}) + "\n")
    real_stdout.flush()
    sys.exit(0)

MODE = sys.argv[1] if len(sys.argv) > 1 else "flash-attn"
from importlib import metadata

def dist_version(*names):
    for name in names:
        try:
            return metadata.version(name)
        except Exception:
            pass
    return None

stage("torch")
try:
    import torch
except BaseException as exc:
    check("metadata", "skipped", "torch does not import: " + last_line(exc))
    check("import", "failed", "torch does not import: " + last_line(exc))
    finish()

gpu = False
try:
    gpu = bool(torch.cuda.is_available())
except BaseException:
    pass

def numeric_check(attention, label):
    # attention(q, k, v, causal) in FlashAttention's (batch, seq, heads, dim) layout, against SDPA and an fp32
    # reference, judged as flash-attn's tests judge.
    import torch.nn.functional as F
    major, minor = torch.cuda.get_device_capability()
    dtypes = [torch.float16] + ([torch.bfloat16] if major >= 8 else [])
    torch.manual_seed(0)
    results, worst = [], None
    for dtype in dtypes:
        for causal in (False, True):
            q, k, v = [torch.randn(2, 256, 8, 64, device="cuda", dtype=dtype) for _ in range(3)]
            out = attention(q, k, v, causal)
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
    check("gpu-numeric", "ok" if worst is None else "failed", label + ": " + "; ".join(results))

def speed_check(attention, label):
    import torch.nn.functional as F
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
    fa = timeit(lambda: attention(q, k, v, True))
    sdpa = timeit(lambda: F.scaled_dot_product_attention(qt, kt, vt, is_causal=True))
    SPEED.update({"label": label, "milliseconds": fa, "sdpaMilliseconds": sdpa, "shape": [b, s, h, d]})
    check("gpu-speed", "ok", "%s %.3f ms, SDPA %.3f ms per call (batch %d, seq %d, heads %d, dim %d, fp16, causal): %.2fx" % (label, fa, sdpa, b, s, h, d, sdpa / fa))

def gpu_checks(attention, label, loaded):
    if not gpu:
        check("gpu-numeric", "skipped", "torch sees no CUDA GPU (torch.cuda.is_available() is False)")
        check("gpu-speed", "skipped", "torch sees no CUDA GPU")
        return
    if not loaded:
        check("gpu-numeric", "skipped", "the kernels did not load")
        check("gpu-speed", "skipped", "the kernels did not load")
        return
    try:
        numeric_check(attention, label)
    except BaseException as exc:
        check("gpu-numeric", "failed", last_line(exc))
        check("gpu-speed", "skipped", "the numeric check did not run")
        return
    try:
        speed_check(attention, label)
    except BaseException as exc:
        check("gpu-speed", "failed", last_line(exc))

def transformers_model_check(impl):
    # A tiny randomly initialised two-layer Qwen2 built from a config (no weights downloaded), loaded with `impl`
    # on the GPU, one forward pass against "sdpa" and an fp32 eager reference; and what transformers really ran.
    tf = dist_version("transformers")
    if tf is None:
        check("transformers-model", "skipped", "transformers is not installed")
        return
    if not gpu:
        check("transformers-model", "skipped", "torch sees no CUDA GPU, and %s runs on the GPU only" % impl)
        return
    try:
        from transformers import AutoModelForCausalLM, Qwen2Config
        config = Qwen2Config(vocab_size=256, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                             num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512)
        torch.manual_seed(0)
        reference = AutoModelForCausalLM.from_config(config, attn_implementation="eager").to("cuda").eval()
        state = reference.state_dict()
        ids = torch.randint(0, 256, (2, 128), device="cuda")
        with torch.no_grad():
            ref = reference(ids).logits.float()
        outputs, used = {}, None
        for name in (impl, "sdpa"):
            model = AutoModelForCausalLM.from_config(config, attn_implementation=name)
            model.load_state_dict(state)
            model = model.to("cuda", torch.float16).eval()
            if name == impl:
                used = getattr(model.config, "_attn_implementation", None)
            with torch.no_grad():
                outputs[name] = model(ids).logits.float()
        err = (outputs[impl] - ref).abs().max().item()
        sdpa_err = (outputs["sdpa"] - ref).abs().max().item()
        ok = err <= 2 * sdpa_err + 1e-3
        runner = "the flash_attn package" if "flash_attn_2_cuda" in sys.modules else ("the hub kernel" if used and "/" in str(used) else "transformers' %s" % used)
        check("transformers-model", "ok" if ok else "failed",
              "transformers %s ran attn_implementation=%r as %r (%s); logits error %.2e vs SDPA %.2e%s" % (
                  tf, impl, used, runner, err, sdpa_err, "" if ok else ": TOO LARGE"))
    except BaseException as exc:
        check("transformers-model", "failed", "transformers %s with %s: %s" % (tf, impl, last_line(exc)))

if MODE == "kernels":
    repo, asked = sys.argv[2], sys.argv[3]
    version = int(asked) if asked.isdigit() else None
    revision = None if version is not None else asked
    label = "version %d" % version if version is not None else "revision %s" % revision
    kv = dist_version("kernels")
    tf = dist_version("transformers")
    if kv is None:
        check("kernels", "failed", "the kernels package is not installed")
    else:
        try:
            from transformers.utils import is_kernels_available
            available = bool(is_kernels_available())
            check("kernels", "ok" if available else "failed",
                  "kernels %s, transformers %s: is_kernels_available() is %s%s" % (kv, tf, available, "" if available else " (outside the window transformers pins)"))
        except BaseException as exc:
            check("kernels", "ok" if tf is None else "failed", "kernels %s%s" % (kv, "" if tf is None else "; transformers: " + last_line(exc)))
    module = None
    stage("kernels")
    try:
        import kernels
        module = kernels.get_kernel(repo, version=version) if version is not None else kernels.get_kernel(repo, revision=revision)
        check("kernel-load", "ok", "%s %s loaded from %s" % (repo, label, os.path.dirname(getattr(module, "__file__", "") or "?")))
    except BaseException as exc:
        check("kernel-load", "failed", "%s %s: %s" % (repo, label, last_line(exc)))
    def hub_attention(q, k, v, causal):
        out = module.flash_attn_func(q, k, v, causal=causal)
        return out[0] if isinstance(out, (tuple, list)) else out
    gpu_checks(hub_attention, "hub kernel", module is not None)
    transformers_model_check("flash_attention_2")
elif MODE == "fa4":
    dist = dist_version("flash-attn-4")
    check("metadata", "ok" if dist else "failed", "flash-attn-4 %s" % dist if dist else "no flash-attn-4 distribution is installed")
    if dist:
        VERSION["value"] = dist
    fa4 = None
    stage("flash-attn-4")
    try:
        from flash_attn.cute import flash_attn_func as fa4
        check("import", "ok", "flash_attn.cute imports (flash-attn-4 %s)" % dist)
    except BaseException as exc:
        check("import", "failed", last_line(exc))
    def fa4_attention(q, k, v, causal):
        out = fa4(q, k, v, causal=causal)
        return out[0] if isinstance(out, (tuple, list)) else out
    gpu_checks(fa4_attention, "FA4", fa4 is not None)
    transformers_model_check("flash_attention_4")
else:
    dist = dist_version("flash-attn", "flash_attn")
    module_version = None
    stage("flash-attn")
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
        VERSION["value"] = dist
    else:
        check("metadata", "failed", "distribution %s but module %s: two installs overlap; reinstall" % (dist, module_version))
    extension_ok = False
    stage("flash-attn")
    try:
        import flash_attn_2_cuda
        extension_ok = True
        check("extension", "ok", "flash_attn_2_cuda loads (%s)" % getattr(flash_attn_2_cuda, "__file__", "?"))
    except BaseException as exc:
        check("extension", "failed", last_line(exc))
    def fa2_attention(q, k, v, causal):
        from flash_attn import flash_attn_func
        return flash_attn_func(q, k, v, causal=causal)
    gpu_checks(fa2_attention, "FA2", extension_ok)
    tf = dist_version("transformers")
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
    transformers_model_check("flash_attention_2")
finish()
"""#
}
