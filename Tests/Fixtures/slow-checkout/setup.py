"""Stands in for a flash-attention checkout whose build takes long: it prints ninja-style progress and leaves a
child process running, as nvcc and ninja do, so tests can cancel an install in the middle of its longest step.
The child ignores SIGINT, like a compiler that does not stop at once; its argv carries $SLOW_BUILD_MARKER so a
test can look for it afterwards. $SLOW_BUILD_NOISE=N pads every progress line to N bytes, as the 1-4 KB
compiler lines of a verbose CUDA build are."""
import os
import subprocess
import sys
import time

from setuptools import setup

marker = os.environ.get("SLOW_BUILD_MARKER", "slow-build-marker")
noise = " -I" + "x" * max(0, int(os.environ.get("SLOW_BUILD_NOISE", "0")) - 80)
child = subprocess.Popen([
    sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(300)", marker])
for i in range(1, 601):
    print("[%d/600] nvcc -c flash_fwd_hdim64_fp16_sm80.cu (%s)%s" % (i, marker, noise if noise != " -I" else ""), flush=True)
    time.sleep(0.5)
setup(name="flash_attn", version="2.8.3", packages=[])
