"""A stand-in for Hugging Face's `kernels`, for tests without a GPU or the hub.

It keeps the real package's surface that flash-attn-setup and transformers use: get_kernel(repo, version=N),
install_kernel(repo, revision=...) and _versions.select_revision_or_version, the LOCAL_KERNELS override, the
HF_HUB_OFFLINE rule and the cache layout ({cache}/kernels--ORG--NAME/refs/vN, snapshots/SHA/build/VARIANT/). The
"hub" it downloads from is the folder in $FAKE_KERNELS_HUB (ORG--NAME/vN/build/VARIANT/...).
"""
import importlib.metadata
import importlib.util
import os
import sys

__version__ = importlib.metadata.version("kernels")

from kernels.install import install_kernel, cache_dir, variant_for_this_torch  # noqa: E402
from kernels._versions import select_revision_or_version  # noqa: E402


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(path, "__init__.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def get_local_kernel(repo_path, package_name=None):
    build = os.path.join(str(repo_path), "build")
    variant = variant_for_this_torch(os.listdir(build))
    if variant is None:
        raise FileNotFoundError("Cannot find a build variant for this system in %s" % repo_path)
    folder = os.path.join(build, variant)
    package = [n for n in os.listdir(folder) if os.path.isdir(os.path.join(folder, n))][0]
    return _load(os.path.join(folder, package), package)


def get_kernel(repo_id, revision=None, version=None, backend=None, user_agent=None, trust_remote_code=False):
    for entry in filter(None, os.environ.get("LOCAL_KERNELS", "").split(":")):
        repo, _, path = entry.partition("=")
        if repo == repo_id:
            return get_local_kernel(path)
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    if version is not None and revision is None and offline:
        # Offline, a version is looked up in the cache's refs/vN, as kernels does.
        from kernels.install import cache_dir
        ref = os.path.join(cache_dir(), "kernels--" + repo_id.replace("/", "--"), "refs", "v%d" % version)
        if not os.path.isfile(ref):
            raise ValueError("Version %d of %r is not available in the local cache and Hugging Face Hub is in offline mode." % (version, repo_id))
        with open(ref) as f:
            revision = f.read().strip()
    revision = select_revision_or_version(repo_id, revision=revision, version=None if revision else version, local_files_only=offline)
    folder = install_kernel(repo_id, revision=revision)
    package = [n for n in os.listdir(str(folder)) if os.path.isdir(os.path.join(str(folder), n))][0]
    return _load(os.path.join(str(folder), package), package)
