"""What the benchmarks share: the project's paths, their common options, and a venv and environment made of the
project's stand-ins (Tests/Fixtures), so each benchmark measures the tool against the same machine the tests use."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
# torch 2.8 for CUDA 12.8 with no GPU to see: the GPU checks are skipped, everything else runs for real.
# The one nvidia-smi query detect makes: half of every floor.
NVIDIA_SMI_QUERY = [os.path.join(FIXTURES, "bin", "nvidia-smi"),
                    "--query-gpu=index,name,compute_cap,memory.total,driver_version,pci.bus_id,uuid,mig.mode.current",
                    "--format=csv,noheader,nounits"]
NO_GPU_TORCH = {"version": "2.8.0+cu128", "cuda": "12.8", "cxx11abi": True, "cudaAvailable": False, "devices": []}


def options(runs):
    """The options every benchmark takes: the binary, the number of runs, the ratio to fail above."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "flash-attn-setup"))
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--max-ratio", type=float)
    return parser


def timed(argv, env):
    """Seconds one run of argv took, and its stdout; exits where it failed (1 is a verdict, not a failure)."""
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit("%s failed with %d: %s" % (argv[0], result.returncode, result.stderr.decode()[-500:]))
    return elapsed, result.stdout


def make_venv(path, torch=NO_GPU_TORCH, *flags):
    """A real venv with pip and the stand-in torch; returns its python."""
    subprocess.check_call([sys.executable, os.path.join(FIXTURES, "make_venv.py"), path, "--with-pip",
                           "--torch", json.dumps(torch), *flags], stdout=subprocess.DEVNULL)
    return os.path.join(path, "bin", "python")


def environment(work, **extra):
    """The stand-in nvidia-smi (an RTX 4090) first on PATH, pip with no config and no index, the tool's state under
    `work`, no ComfyUI walk."""
    env = {
        "PATH": os.path.join(FIXTURES, "bin") + ":/usr/local/bin:/usr/bin:/bin", "HOME": work, "LANG": "C.UTF-8",
        "FAKE_NVIDIA_SMI_PROFILE": os.path.join(FIXTURES, "nvidia-smi-profiles", "rtx4090.json"),
        "PIP_CONFIG_FILE": "/dev/null", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "XDG_STATE_HOME": os.path.join(work, "state"), "XDG_CACHE_HOME": os.path.join(work, "cache"),
        "FLASH_ATTN_SETUP_COMFYUI_ROOTS": "",
    }
    env.update(extra)
    return env


def flood_setup(work):
    """For the flood benchmarks: a venv that can build the stand-in checkout (pip, the stand-in torch, ninja and
    setuptools, and the real wheel package, which the venv's setuptools needs for bdist_wheel, from the machine's
    pip settings) and a copy of that checkout; returns (python, checkout)."""
    python = make_venv(os.path.join(work, "venv"), NO_GPU_TORCH, "--build-deps")
    subprocess.check_call([python, "-m", "pip", "install", "-q", "--force-reinstall", "wheel"], stdout=subprocess.DEVNULL)
    checkout = os.path.join(work, "checkout")
    shutil.copytree(os.path.join(FIXTURES, "slow-checkout"), checkout)
    return python, checkout


def flood_environment(work, lines, **extra):
    """The environment in which the stand-in checkout's build prints `lines` lines at once, every fourth 1-4 KB."""
    return environment(
        work, CUDA_HOME=os.path.join(FIXTURES, "fake-cuda"), SLOW_BUILD_LINES=str(lines), SLOW_BUILD_INTERVAL="0",
        SLOW_BUILD_NOISE="mixed", SLOW_BUILD_CHILD="0", **extra)


def check_peak(peak, limit):
    """1 (and a line saying so) where the peak memory in MB is above `limit`, else 0."""
    if limit is not None and peak > limit:
        print("peak %.1f MB is above %.0f MB" % (peak, limit))
        return 1
    return 0


def check_ratio(ratio, limit):
    """1 (and a line saying so) where `ratio` is above `limit`, else 0."""
    if limit is not None and ratio > limit:
        print("ratio %.3f is above %.2f" % (ratio, limit))
        return 1
    return 0
