#!/usr/bin/env python3
"""Benchmark: what reading transformers' hub-kernel fallback adds to `flash-attn-setup detect`.

Two venvs that differ only in the files the reader opens: both have the stand-in torch 2.15 and the real
transformers 5.25.0 wheel (from Tests/.wheelhouse, which scripts/fetch-test-wheels fills); in the baseline the four
files the reader reads (modeling_flash_attention_utils.py, modeling_utils.py, integrations/hub_kernels.py,
utils/import_utils.py) are removed, so the reader finds nothing and returns at once. Runs alternate; medians are
compared. The target (issue: read upstream's facts from upstream): at most 50 ms added, as the difference, with the
ratio beside it. The reader's own time inside the probe (kernelFallback.milliseconds) is printed too.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from standins import ROOT, environment, make_venv, options, timed

TORCH_215 = {"version": "2.15.0+cu132", "cuda": "13.2", "cxx11abi": True, "cudaAvailable": False, "devices": [],
             "importSeconds": 1.2}
READ = ["modeling_flash_attention_utils.py", "modeling_utils.py", "integrations/hub_kernels.py", "utils/import_utils.py"]


def main():
    parser = options(runs=15)
    parser.add_argument("--max-added-ms", type=float)
    args = parser.parse_args()
    wheel = os.path.join(ROOT, "Tests", ".wheelhouse", "transformers-5.25.0-py3-none-any.whl")
    if not os.path.exists(wheel):
        print("skipped: %s is missing (run scripts/fetch-test-wheels)" % os.path.relpath(wheel, ROOT))
        return 0
    work = tempfile.mkdtemp(prefix="fa-setup-bench-fallback-")
    try:
        pythons = {}
        for name in ("reading", "baseline"):
            python = make_venv(os.path.join(work, name), TORCH_215)
            subprocess.check_call([python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-compile", wheel])
            pythons[name] = python
        site = subprocess.check_output([pythons["baseline"], "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).decode().strip()
        for rel in READ:
            os.remove(os.path.join(site, "transformers", rel))
        env = environment(work)
        detect = {name: [args.binary, "detect", "--json", "--python", python] for name, python in pythons.items()}
        for argv in detect.values():
            timed(argv, env)  # warm the page cache for both sides
        times = {"reading": [], "baseline": []}
        inside = []
        for _ in range(args.runs):
            for name in ("baseline", "reading"):
                elapsed, out = timed(detect[name], env)
                times[name].append(elapsed)
                if name == "reading":
                    fallback = (json.loads(out).get("transformers") or {}).get("kernelFallback") or {}
                    if fallback.get("state") != "read":
                        sys.exit("the reader did not read transformers 5.25.0: %s" % fallback)
                    inside.append(fallback.get("milliseconds") or 0)
        base, reading = statistics.median(times["baseline"]), statistics.median(times["reading"])
        added = (reading - base) * 1000
        print("detect without the files the reader reads: median %.3f s" % base)
        print("detect reading transformers 5.25.0:        median %.3f s" % reading)
        print("added: %.1f ms (ratio %.3f); the reader itself, inside the probe: median %.1f ms, max %.1f ms; %d runs each"
              % (added, reading / base, statistics.median(inside), max(inside), args.runs))
        if args.max_added_ms is not None and added > args.max_added_ms:
            print("added %.1f ms is above %.0f ms" % (added, args.max_added_ms))
            return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
