"""Stands in for a flash-attention checkout whose build takes long: it prints ninja-style progress and leaves a
child process running, as nvcc and ninja do, so tests can cancel an install in the middle of its longest step.
The child ignores SIGINT, like a compiler that does not stop at once; its argv carries $SLOW_BUILD_MARKER so a
test can look for it afterwards. $SLOW_BUILD_NOISE=N pads every progress line to N bytes, as the 1-4 KB
compiler lines of a verbose CUDA build are, and =mixed makes every fourth line 1-4 KB; $SLOW_BUILD_LINES (600),
$SLOW_BUILD_INTERVAL (0.5 s) and $SLOW_BUILD_CHILD=0 (no lingering child) turn it into a flood for benchmarks."""
import os
import subprocess
import sys
import time

from setuptools import setup

marker = os.environ.get("SLOW_BUILD_MARKER", "slow-build-marker")
noise_setting = os.environ.get("SLOW_BUILD_NOISE", "0")
lines = int(os.environ.get("SLOW_BUILD_LINES", "600"))
interval = float(os.environ.get("SLOW_BUILD_INTERVAL", "0.5"))
if os.environ.get("SLOW_BUILD_CHILD", "1") != "0":
    child = subprocess.Popen([
        sys.executable, "-c",
        "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(300)", marker])


def padding(i):
    if noise_setting == "mixed":
        return " -I" + "x" * (1000 + (i * 37) % 3000) if i % 4 == 0 else ""
    size = int(noise_setting)
    return " -I" + "x" * (size - 80) if size > 80 else ""


out = sys.stdout
for i in range(1, lines + 1):
    out.write("[%d/%d] nvcc -c flash_fwd_hdim64_fp16_sm80.cu (%s)%s\n" % (i, lines, marker, padding(i)))
    if interval:
        out.flush()
        time.sleep(interval)
out.flush()
setup(name="flash_attn", version="2.8.3", packages=[])
