"""The in-tree PEP 517 backend of the stand-in checkout (see pyproject.toml)."""
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERSION = "2.8.4"
DIST = "flash_attn-%s.dist-info" % VERSION
METADATA = "Metadata-Version: 2.1\nName: flash_attn\nVersion: %s\nSummary: Flash Attention (test stand-in)\nRequires-Dist: torch\n" % VERSION


def _fail(message):
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(1)


def _check_toolchain():
    home = os.environ.get("CUDA_HOME")
    if not home:
        _fail("OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.")
    nvcc = os.path.join(home, "bin", "nvcc")
    if not os.access(nvcc, os.X_OK):
        _fail("flash_attn was requested, but nvcc was not found.  Are you sure your environment has nvcc available?")
    release = subprocess.run([nvcc, "--version"], capture_output=True, text=True).stdout.strip().splitlines()[-1]
    print("nvcc: " + release, flush=True)
    if not os.path.exists(os.path.join(home, "lib", "libcudart.so")) and not os.path.exists(os.path.join(home, "lib64", "libcudart.so")):
        _fail("/usr/bin/ld: cannot find -lcudart: No such file or directory")
    if not os.path.isdir(os.path.join(home, "include")) or not os.path.isdir(os.path.join(home, "nvvm")):
        _fail("nvcc fatal   : Could not find nvvm or the CUDA headers under " + home)
    if shutil.which("ninja") is None:
        print("Attempted to use ninja as the BuildExtension backend but we could not find ninja.. Falling back to using the slow distutils backend.", flush=True)
    if os.environ.get("FLASH_ATTENTION_FORCE_BUILD") != "TRUE":
        _fail("the stand-in expects FLASH_ATTENTION_FORCE_BUILD=TRUE from a source plan")
    for name in ("MAX_JOBS", "NVCC_THREADS", "FLASH_ATTN_CUDA_ARCHS"):
        print("%s=%s" % (name, os.environ.get(name, "(unset)")), flush=True)


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    os.makedirs(os.path.join(metadata_directory, DIST), exist_ok=True)
    with open(os.path.join(metadata_directory, DIST, "METADATA"), "w") as f:
        f.write(METADATA)
    return DIST


def _record(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _check_toolchain()
    archs = os.environ.get("FLASH_ATTN_CUDA_ARCHS", "80")
    for i in range(1, 4):
        print("[%d/3] nvcc -std=c++20 -gencode arch=compute_%s,code=sm_%s -c flash_fwd_part%d.cu" % (i, archs.split(";")[0], archs.split(";")[0], i), flush=True)
    files = {}
    for rel in ("flash_attn/__init__.py", "flash_attn/flash_attn_interface.py"):
        with open(os.path.join(HERE, rel), "rb") as f:
            files[rel] = f.read()
    files["flash_attn_2_cuda.py"] = ("# Stands in for the compiled extension, built for %s.\n" % archs).encode()
    files[DIST + "/METADATA"] = METADATA.encode()
    files[DIST + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: standin_build\nRoot-Is-Purelib: false\nTag: py3-none-any\n"
    name = "flash_attn-%s-py3-none-any.whl" % VERSION
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        for rel, data in files.items():
            z.writestr(rel, data)
            records.append(_record(rel, data))
        records.append(DIST + "/RECORD,,")
        z.writestr(DIST + "/RECORD", "\n".join(records) + "\n")
    return name
