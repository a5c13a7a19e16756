"""A stand-in for PyTorch, for tests on machines without a GPU (and without 5 GB of CUDA wheels).

It exposes the attributes flash-attn-setup's probe reads: __version__, version.cuda, version.hip,
_C._GLIBCXX_USE_CXX11_ABI, cuda.is_available(), cuda.device_count(), cuda.get_device_capability(i); and those the
real `kernels` package reads to choose a build variant: compiled_with_cxx11_abi(), backends (no TPU, no MPS).
What it reports comes from _standin.json beside this file, written by make_venv.py for each test venv.
"""
import json as _json
import os as _os
import time as _time

with open(_os.path.join(_os.path.dirname(__file__), "_standin.json")) as _f:
    _profile = _json.load(_f)

if _os.environ.get("FAKE_TORCH_IMPORT_LOG"):
    # Lets a test count how many times the tool made the target Python import torch.
    with open(_os.environ["FAKE_TORCH_IMPORT_LOG"], "a") as _log:
        _log.write("import torch\n")
if _profile.get("importSeconds"):
    # Real torch takes about 1.2 s to import; benchmarks use this to stand in for that cost.
    _time.sleep(float(_profile["importSeconds"]))
if _profile.get("importError"):
    raise ImportError(_profile["importError"])

__version__ = _profile["version"]


class version:
    cuda = _profile.get("cuda")
    hip = _profile.get("hip")
    __version__ = _profile["version"]


class _C:
    _GLIBCXX_USE_CXX11_ABI = bool(_profile.get("cxx11abi", True))


class cuda:
    @staticmethod
    def is_available():
        return bool(_profile.get("cudaAvailable", False))

    @staticmethod
    def device_count():
        return len(_profile.get("devices", [])) if _profile.get("cudaAvailable", False) else 0

    @staticmethod
    def get_device_capability(device=0):
        if _profile.get("cudaError"):
            raise RuntimeError(_profile["cudaError"])
        major, minor = _profile["devices"][device].split(".")
        return int(major), int(minor)


def compiled_with_cxx11_abi():
    return _C._GLIBCXX_USE_CXX11_ABI


class backends:
    class mps:
        @staticmethod
        def is_available():
            return False
