import importlib.metadata


def _version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _key(v):
    return tuple(int("".join(c for c in p if c.isdigit()) or 0) for p in v.split("+")[0].split("."))


def is_kernels_available():
    # As transformers does: kernels installed, and inside the window its own metadata pins.
    kernels = _version("kernels")
    if kernels is None:
        return False
    for req in importlib.metadata.requires("transformers") or []:
        head, _, marker = req.partition(";")
        if head.startswith("kernels") and "kernels" in marker:
            for clause in head[len("kernels"):].split(","):
                clause = clause.strip()
                for op in (">=", "<=", "==", "<", ">"):
                    if clause.startswith(op):
                        a, b = _key(kernels), _key(clause[len(op):])
                        ok = {">=": a >= b, "<=": a <= b, "==": a == b, "<": a < b, ">": a > b}[op]
                        if not ok:
                            return False
                        break
    return True


def is_flash_attn_2_available():
    import torch
    return _version("flash-attn") is not None and torch.cuda.is_available()
