/// The script the target interpreter runs, once, to describe itself. It is shipped inside the binary and passed
/// with -c, so nothing is written to the user's disk.
///
/// It must run on any Python 3 (3.6 and up, so that an old one is reported rather than crashing it), prints
/// nothing but one marked JSON line on stdout, and turns every failure inside into a field rather than a traceback.
public enum PythonProbeScript {
    /// The line before the JSON. Anything a sitecustomize or a package prints on import comes before it and is
    /// ignored.
    public static let marker = "@@flash-attn-setup-probe@@"

    public static let source = #"""
import sys, os, json, platform, time, re
"""# + "\n" + TransformersSourceReader.python + "\n" + #"""
MARK = "@@flash-attn-setup-probe@@"
real_stdout = sys.stdout
sys.stdout = sys.stderr  # whatever imports print must not reach the JSON

def import_flash_attn_apart():
    """Imports flash_attn in a forked child, so that an extension that crashes or hangs on import is reported as
    flash-attn's failure instead of taking this probe (and the blame for torch) with it. The child shares torch,
    already imported, so this costs milliseconds. Returns (module version, import error). The wait is half the
    probe's own default timeout (FLASH_ATTN_SETUP_IMPORT_TIMEOUT sets it), so a hang is named before the probe ends."""
    timeout = float(os.environ.get("FLASH_ATTN_SETUP_IMPORT_TIMEOUT") or 30)
    if not hasattr(os, "fork"):
        try:
            import flash_attn
            return str(getattr(flash_attn, "__version__", None)), None
        except BaseException as exc:
            return None, last_line(exc)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            import flash_attn
            message = json.dumps({"version": str(getattr(flash_attn, "__version__", None))})
        except BaseException as exc:
            message = json.dumps({"error": last_line(exc)})
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    import select
    import signal
    chunks, deadline = [], time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([read_end], [], [], left)[0]:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_end)
            return None, "import flash_attn did not finish in %d s" % timeout
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return None, "import flash_attn crashed (signal %d)" % os.WTERMSIG(status)
    try:
        answer = json.loads(b"".join(chunks).decode("utf-8", "replace"))
    except ValueError:
        return None, "import flash_attn ended without an answer"
    return answer.get("version"), answer.get("error")


def last_line(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else type(exc).__name__

def dist_version(*names):
    try:
        from importlib import metadata
    except ImportError:
        return None
    for name in names:
        try:
            return metadata.version(name)
        except Exception:
            pass
    return None

def dist_requires(name):
    try:
        from importlib import metadata
        return [r.strip() for r in (metadata.requires(name) or [])]
    except Exception:
        return []

def describe_transformers(version, torch_info):
    # Read as data, never imported (importing transformers takes seconds and can fail for unrelated reasons):
    # the kernels requirement its metadata carries (with or without an extra marker; one without a marker means
    # kernels is installed with transformers itself), and what its source says through read_transformers_source.
    info = {"version": version, "kernelsRequirement": None, "kernelsRequirementExtra": None,
            "kernelFallback": None, "kernelsWindow": None}
    found = []
    for req in dist_requires("transformers"):
        head, _, marker = req.partition(";")
        head = head.strip()
        name = re.match(r"[A-Za-z0-9._-]+", head)
        if not name or re.sub(r"[-_.]+", "-", name.group(0)).lower() != "kernels":
            continue
        extra = re.search(r"extra\s*==\s*[\"']([^\"']+)[\"']", marker)
        found.append((head, extra.group(1) if extra else None, marker.strip()))
    # Unconditional first, then the extras that are about kernels, then any other.
    for head, extra, marker in sorted(found, key=lambda f: (0 if not f[2] else 1 if f[1] in ("kernels", "hub-kernels") else 2)):
        info["kernelsRequirement"], info["kernelsRequirementExtra"] = head, extra
        break
    try:
        import importlib.util
        spec = importlib.util.find_spec("transformers")
        folder = os.path.dirname(spec.origin) if spec and spec.origin else None
    except Exception:
        folder = None
    if folder:
        try:
            started = time.monotonic()
            fallback, window = read_transformers_source(folder, torch_info)
            fallback["milliseconds"] = round((time.monotonic() - started) * 1000, 2)
            info["kernelFallback"] = fallback
            if window.get("minimum") or window.get("below"):
                info["kernelsWindow"] = window
        except Exception as exc:
            info["kernelFallback"] = {"state": "unknown", "file": None, "entries": [], "reason": "the reader failed: " + last_line(exc)}
    else:
        info["kernelFallback"] = {"state": "unknown", "file": None, "entries": [], "reason": "the transformers package folder was not found"}
    return info

def kernels_accepts(names):
    """The variants that the installed kernels itself would load here, by its own rules (kernels 0.19 on:
    parse_variant and resolve_variants); None where it cannot say, and the tool's copy of its naming is the fallback.
    Asked only where the cache holds something, so a probe without cached kernels never imports kernels."""
    if not names:
        return []
    try:
        from kernels._internals.variants import parse_variant, resolve_variants, VariantAccepted
    except Exception:
        return None
    try:
        parsed = {}
        for name in names:
            try:
                parsed[name] = parse_variant(name)
            except ValueError:
                pass
        _, trace = resolve_variants(list(parsed.values()), None)
        accepted = set(d.variant.variant_str for d in trace if isinstance(d, VariantAccepted))
        return sorted(n for n, v in parsed.items() if v.variant_str in accepted)
    except Exception:
        return None

def hub_kernel_cache():
    # Where kernels keeps what it downloaded (KERNELS_CACHE, else the Hugging Face hub cache), and which
    # flash-attn kernel versions and build variants are there: what an offline load would find.
    env = os.environ
    home = env.get("HF_HOME") or os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "huggingface")
    root = env.get("KERNELS_CACHE") or env.get("HF_HUB_CACHE") or os.path.join(home, "hub")
    entries = []
    try:
        names = sorted(os.listdir(root))
    except OSError:
        names = []
    for name in names:
        parts = name.split("--")
        if len(parts) != 3 or parts[0] not in ("kernels", "models") or not parts[2].startswith("flash-attn"):
            continue
        repo = parts[1] + "/" + parts[2]
        refs = os.path.join(root, name, "refs")
        try:
            ref_names = sorted(os.listdir(refs))
        except OSError:
            ref_names = []
        for ref in ref_names:
            try:
                with open(os.path.join(refs, ref)) as f:
                    commit = f.read().strip()
                variants = sorted(os.listdir(os.path.join(root, name, "snapshots", commit, "build")))
            except OSError:
                variants = []
            entries.append({"repo": repo, "ref": ref, "variants": variants, "accepted": kernels_accepts(variants)})
    # LOCAL_KERNELS=repo=path makes kernels load that folder instead of the hub: the air-gapped way in.
    for item in [i for i in env.get("LOCAL_KERNELS", "").split(":") if "=" in i]:
        repo, _, path = item.partition("=")
        try:
            variants = sorted(os.listdir(os.path.join(path, "build")))
        except OSError:
            variants = []
        entries.append({"repo": repo, "ref": "local", "variants": variants, "accepted": kernels_accepts(variants)})
    return {"directory": root, "entries": entries}

out = {}
try:
    import sysconfig
    vi = sys.version_info
    impl = sys.implementation.name
    out["executable"] = sys.executable
    out["version"] = "%d.%d.%d" % (vi[0], vi[1], vi[2])
    out["tag"] = {"cpython": "cp", "pypy": "pp"}.get(impl, impl) + "%d%d" % (vi[0], vi[1])
    out["platform"] = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    out["system"] = platform.system()
    out["machine"] = platform.machine()
    glibc = None
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
        if libc.startswith("glibc "):
            glibc = libc.split(" ", 1)[1]
    except (AttributeError, ValueError, OSError):
        pass
    out["glibc"] = glibc
    out["pip"] = dist_version("pip")
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix) or hasattr(sys, "real_prefix")
    out["virtualEnv"] = sys.prefix if in_venv else None
    out["conda"] = sys.prefix if os.path.isdir(os.path.join(sys.prefix, "conda-meta")) else None
    stdlib = sysconfig.get_path("stdlib") or ""
    out["externallyManaged"] = (not in_venv) and os.path.isfile(os.path.join(stdlib, "EXTERNALLY-MANAGED"))
    out["sitePackages"] = sysconfig.get_path("purelib")
    # pip writes here, or (outside a venv, with user site-packages on) falls back to ~/.local.
    try:
        import site
        folder = out["sitePackages"]
        while folder and not os.path.exists(folder):
            folder = os.path.dirname(folder)
        user_fallback = (not in_venv) and bool(getattr(site, "ENABLE_USER_SITE", False))
        out["sitePackagesWritable"] = bool(folder) and (os.access(folder, os.W_OK) or user_fallback)
    except Exception:
        out["sitePackagesWritable"] = None

    torch_dist = dist_version("torch")
    out["torchDistribution"] = torch_dist
    torch_info = None
    try:
        import torch
        version = getattr(torch, "version", None)
        torch_info = {
            "version": str(getattr(torch, "__version__", torch_dist or "")),
            "cuda": getattr(version, "cuda", None),
            "hip": getattr(version, "hip", None),
            "cxx11abi": None,
            "cudaAvailable": False,
            "deviceCapabilities": [],
            "cudaError": None,
        }
        try:
            torch_info["cxx11abi"] = bool(torch._C._GLIBCXX_USE_CXX11_ABI)
        except Exception:
            pass
        try:
            torch_info["cudaAvailable"] = bool(torch.cuda.is_available())
            if torch_info["cudaAvailable"]:
                caps = []
                for i in range(torch.cuda.device_count()):
                    major, minor = torch.cuda.get_device_capability(i)
                    caps.append("%d.%d" % (major, minor))
                torch_info["deviceCapabilities"] = caps
        except Exception as exc:
            torch_info["cudaError"] = last_line(exc)
        out["torchImportError"] = None
    except ImportError as exc:
        out["torchImportError"] = last_line(exc) if torch_dist else None
    except Exception as exc:
        out["torchImportError"] = last_line(exc)
    out["torch"] = torch_info

    fa_dist = dist_version("flash-attn", "flash_attn")
    if fa_dist is not None:
        fa = {"version": fa_dist, "moduleVersion": None, "importError": None}
        fa["moduleVersion"], fa["importError"] = import_flash_attn_apart()
        out["flashAttn"] = fa
    else:
        out["flashAttn"] = None
    # What a build needs besides torch, and what flash-attn needs at run time.
    out["packages"] = {name: dist_version(name) for name in ("einops", "packaging", "psutil", "ninja", "wheel", "setuptools")}
    tf = dist_version("transformers")
    out["transformers"] = describe_transformers(tf, torch_info) if tf else None
    out["torchCUDARequirements"] = [r for r in dist_requires("torch") if r.startswith(("cuda-toolkit", "nvidia-cuda-"))]
    kernels = dist_version("kernels")
    out["kernels"] = {"version": kernels, "huggingfaceHub": dist_version("huggingface-hub", "huggingface_hub")} if kernels else None
    out["flashAttn4"] = dist_version("flash-attn-4", "flash_attn_4")
    out["hubKernelCache"] = hub_kernel_cache()
except BaseException as exc:
    out["probeError"] = last_line(exc)

real_stdout.write("\n" + MARK + "\n" + json.dumps(out) + "\n")
real_stdout.flush()
"""#
}
