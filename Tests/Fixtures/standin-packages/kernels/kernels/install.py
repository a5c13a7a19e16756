import hashlib
import os
import shutil
import sys
from pathlib import Path


def cache_dir():
    env = os.environ
    home = env.get("HF_HOME") or os.path.join(env.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface")
    return env.get("KERNELS_CACHE") or env.get("HF_HUB_CACHE") or os.path.join(home, "hub")


def variant_for_this_torch(variants):
    import torch
    major, minor = torch.__version__.split("+")[0].split(".")[:2]
    cuda = (torch.version.cuda or "").split(".")[0]
    exact = "torch%s%s-%s-cu%s" % (major, minor, "cxx11" if torch._C._GLIBCXX_USE_CXX11_ABI else "cxx98", cuda)
    for v in sorted(variants):
        if v.startswith(exact) and v.endswith("-x86_64-linux"):
            return v
    if (int(major), int(minor)) >= (2, 10):
        for v in sorted(variants):
            if v.startswith("torch-stable-abi") and "-cu%s" % cuda in v and v.endswith("-x86_64-linux"):
                return v
    return None


def install_kernel(repo_id, *, revision=None, version=None, backend=None, local_files_only=False, user_agent=None,
                   trust_remote_code=False):
    # As kernels 0.17.2: a revision or a version, resolved to a commit; the variant is fetched into
    # snapshots/COMMIT/build/VARIANT, and no refs/vN is written (a download by commit writes none).
    offline = local_files_only or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    if version is not None:
        from kernels._versions import select_revision_or_version
        revision = select_revision_or_version(repo_id, revision=revision, version=version, local_files_only=offline)
    root = os.path.join(cache_dir(), "kernels--" + repo_id.replace("/", "--"))
    build = os.path.join(root, "snapshots", revision, "build")
    if os.path.isdir(build):
        variant = variant_for_this_torch(os.listdir(build))
        if variant:
            return Path(build) / variant
    if offline:
        raise FileNotFoundError("Cannot find %s (revision %s) in the local cache and the hub is offline" % (repo_id, revision))
    hub_root = os.path.join(os.environ["FAKE_KERNELS_HUB"], repo_id.replace("/", "--"))
    import hashlib
    versions = [v for v in os.listdir(hub_root) if hashlib.sha1((repo_id + v).encode()).hexdigest() == revision]
    if not versions:
        raise FileNotFoundError("Revision %s of %s is not on the hub" % (revision, repo_id))
    hub = os.path.join(hub_root, versions[0], "build")
    variant = variant_for_this_torch(os.listdir(hub))
    if variant is None:
        raise FileNotFoundError("Cannot find a build variant for this system in %s (revision: %s)" % (repo_id, revision))
    target = os.path.join(build, variant)
    files = [os.path.join(d, n) for d, _, names in os.walk(os.path.join(hub, variant)) for n in names]
    for i, path in enumerate(sorted(files), 1):
        dest = os.path.join(target, os.path.relpath(path, os.path.join(hub, variant)))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(path, dest)
        print("Fetching %d files: %d%%" % (len(files), i * 100 // len(files)), file=sys.stderr, flush=True)
    return Path(target)
