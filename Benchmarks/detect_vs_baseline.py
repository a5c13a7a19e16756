#!/usr/bin/env python3
"""Benchmark: `flash-attn-setup detect` against its floor, measured in the same run.

The floor is what detect cannot avoid: the target interpreter importing torch, plus one nvidia-smi query. The
target (issue: probes and verdict) is detect's wall time within 1.3x of that floor. Both sides use the project's
stand-ins (Tests/Fixtures): nvidia-smi answering an RTX 4090 profile, and a venv whose stand-in torch takes
--torch-import-seconds to import (real torch 2.x takes about 1.2 s).

Runs alternate (floor, detect, floor, detect, ...) so that drift on a busy machine hits both sides alike; the
medians are compared. Prints one line per measure and the ratio; with --max-ratio, exits 1 when it is exceeded.
"""
import json
import os
import statistics
import shutil
import subprocess
import sys
import tempfile

from standins import FIXTURES, NVIDIA_SMI_QUERY, options, timed


def main():
    parser = options(runs=15)
    parser.add_argument("--torch-import-seconds", type=float, default=1.2)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="fa-setup-bench-")
    try:
        venv = os.path.join(work, "venv")
        profile = {"version": "2.8.0+cu128", "cuda": "12.8", "cxx11abi": True, "cudaAvailable": True,
                   "devices": ["8.9"], "importSeconds": args.torch_import_seconds}
        subprocess.check_call([sys.executable, os.path.join(FIXTURES, "make_venv.py"), venv, "--with-pip",
                               "--torch", json.dumps(profile), "--transformers", "4.57.1"])
        python = os.path.join(venv, "bin", "python")
        env = {
            "PATH": os.path.join(FIXTURES, "bin") + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": work, "LANG": "C.UTF-8",
            "FAKE_NVIDIA_SMI_PROFILE": os.path.join(FIXTURES, "nvidia-smi-profiles", "rtx4090.json"),
        }
        detect = [args.binary, "detect", "--json", "--python", python]

        timed(detect, env)  # warm the page cache for both sides
        floors, detects = [], []
        for _ in range(args.runs):
            floors.append(timed([python, "-c", "import torch"], env)[0] + timed(NVIDIA_SMI_QUERY, env)[0])
            detects.append(timed(detect, env)[0])
        floor = statistics.median(floors)
        measured = statistics.median(detects)
        ratio = measured / floor
        print("floor  (import torch + one nvidia-smi query): median %.3f s  (min %.3f, max %.3f)" % (floor, min(floors), max(floors)))
        print("detect (flash-attn-setup detect --json):      median %.3f s  (min %.3f, max %.3f)" % (measured, min(detects), max(detects)))
        print("ratio detect/floor: %.3f  (target <= 1.3), %d runs each" % (ratio, args.runs))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"floorSeconds": floor, "detectSeconds": measured, "ratio": ratio, "runs": args.runs,
                           "floors": floors, "detects": detects}, f, indent=1)
        if args.max_ratio is not None and ratio > args.max_ratio:
            print("ratio %.3f is above %.2f" % (ratio, args.max_ratio))
            return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
