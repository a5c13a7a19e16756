/// The script that fetches a hub kernel's variant for the target's torch, run with -c in the target, through
/// kernels' own functions so that the cache is the one transformers' get_kernel reads.
public enum HubKernelScript {
    /// argv: REPO and a version number, or a branch ("main") for a transformers that asks for no version.
    public static let download = #"""
import os, sys
repo, asked = sys.argv[1], sys.argv[2]
version = int(asked) if asked.isdigit() else None
revision = None if version is not None else asked
import kernels
print("kernels %s: fetching %s %s for this torch" % (getattr(kernels, "__version__", "?"), repo, "version %d" % version if version is not None else revision), flush=True)
try:
    from kernels.install import install_kernel
except ImportError:
    try:
        from kernels import install_kernel
    except ImportError:
        install_kernel = None
path = None
if install_kernel is not None:
    try:
        # kernels 0.17.2 and later resolve a version themselves.
        path = install_kernel(repo, version=version) if version is not None else install_kernel(repo, revision=revision)
    except TypeError:
        from kernels._versions import select_revision_or_version
        try:
            revision = select_revision_or_version(repo, revision=revision, version=version, local_files_only=False)
        except TypeError:
            revision = select_revision_or_version(repo, revision=revision, version=version)
        path = install_kernel(repo, revision=revision)
    if isinstance(path, tuple):
        path = path[-1]
    path = str(path)
else:
    # An older kernels without install_kernel: get_kernel downloads and loads it in one go.
    module = kernels.get_kernel(repo, version=version) if version is not None else kernels.get_kernel(repo, revision=revision)
    path = os.path.dirname(getattr(module, "__file__", "") or "")
# The variant is cached under a commit; an offline load by version reads refs/vN, which a download by commit does
# not write: record it, as a download by branch would have.
parts = path.split(os.sep)
if "snapshots" in parts and version is not None:
    at = len(parts) - 1 - parts[::-1].index("snapshots")
    folder, commit = os.sep.join(parts[:at]), parts[at + 1]
    ref = os.path.join(folder, "refs", "v%d" % version)
    if not os.path.exists(ref):
        os.makedirs(os.path.dirname(ref), exist_ok=True)
        with open(ref, "w") as f:
            f.write(commit)
print("kernel variant ready: %s" % path, flush=True)
"""#
}
