#!/usr/bin/env python3
"""Benchmark: `plan` and `check` against their floors, measured in the same run (issue: an answer in three seconds).

The machine is today's default environment as the tests stand it in: a venv with pip, the stand-in torch 2.15.0+cu132
(taking --torch-import-seconds to import; real torch takes about 1.2 s), transformers 5.25.0, and the stand-in
nvidia-smi answering an RTX 4090. Two networks:

- `loopback`: the target's pip is configured with a package index on 127.0.0.1 that serves kernels and
  flash-attn-4; GitHub's API and the hub are a closed loopback port; other names do not resolve here.
- `offline`: the same, in a network namespace of its own (`unshare -n`, where the user may make one): no route
  anywhere, not even to the loopback index.

Floors:
- detect's: the target importing torch plus one nvidia-smi query;
- plan's: detect's floor, plus one package-index query by the target's own pip (`pip index versions kernels`),
  plus one failed name lookup (a name that does not exist).
check is compared with detect itself (check = detect + the routes' plans, so its floor is detect's measured time).

Runs alternate (floor, detect, check, plan, ...) so that drift on a busy machine hits every side alike; medians are
compared. With --max-plan-ratio / --max-check-ratio it exits 1 where a ratio is above its target.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from standins import FIXTURES, NVIDIA_SMI_QUERY, check_ratio, environment, make_venv, options, timed

TORCH = {"version": "2.15.0+cu132", "cuda": "13.2", "cxx11abi": True, "cudaAvailable": True, "devices": ["8.9"]}


def write_index(root):
    """A PEP 503 index on disk: kernels and flash-attn-4 pages with the file names the package index lists."""
    files = {
        "kernels": ["kernels-0.17.2-py3-none-any.whl", "kernels-0.19.1-py3-none-any.whl", "kernels-0.19.1.tar.gz"],
        "flash-attn-4": ["flash_attn_4-4.0.0b40-py3-none-any.whl", "flash_attn_4-4.0.0b40.tar.gz"],
        "flash-attn": ["flash_attn-2.8.3.tar.gz"],
    }
    for project, names in files.items():
        folder = os.path.join(root, "simple", project)
        os.makedirs(folder)
        links = "".join('<a href="../../files/%s">%s</a>\n' % (name, name) for name in names)
        with open(os.path.join(folder, "index.html"), "w") as f:
            f.write("<!DOCTYPE html><html><body>\n%s</body></html>\n" % links)


def serve(root):
    """The mirror fixture serving `root` on 127.0.0.1; returns (process, base URL)."""
    server = subprocess.Popen([sys.executable, os.path.join(FIXTURES, "mirror_server.py"), root], stdout=subprocess.PIPE)
    port = int(server.stdout.readline().split()[1])
    return server, "http://127.0.0.1:%d" % port


def can_unshare():
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-n", "true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def measure(label, wrap, args, python, env):
    """Medians of the floors and of detect, check and plan under `wrap` (a prefix such as unshare -n)."""
    torch = wrap + [python, "-c", "import torch"]
    smi = wrap + NVIDIA_SMI_QUERY
    # One query: pip's own retries (5, with back-off, about 8 s offline) are not the floor of one question.
    pip = wrap + [python, "-m", "pip", "--retries", "0", "index", "versions", "kernels"]
    lookup = wrap + [python, "-c", "import socket\ntry: socket.getaddrinfo('flash-attn-setup-floor.invalid', 443)\nexcept OSError: pass"]
    tool = {name: wrap + [args.binary, name, "--python", python] for name in ("detect", "check", "plan")}

    index_cache = os.path.join(env["XDG_CACHE_HOME"], "flash-attn-setup", "index")

    def run(argv):
        # Every run asks the index afresh, as a first run does: the tool's index cache is emptied before each.
        # (pip index versions exits 1 where the index does not answer, offline: still the floor's cost.)
        shutil.rmtree(index_cache, ignore_errors=True)
        return timed(argv, env)[0]

    for argv in tool.values():
        run(argv)  # warm the page cache
    rows = {"detectFloor": [], "planFloor": [], "detect": [], "check": [], "plan": []}
    for _ in range(args.runs):
        detect_floor = run(torch) + run(smi)
        rows["detectFloor"].append(detect_floor)
        rows["planFloor"].append(detect_floor + run(pip) + run(lookup))
        for name, argv in tool.items():
            rows[name].append(run(argv))
    medians = {name: statistics.median(values) for name, values in rows.items()}
    ratios = {"plan/floor": medians["plan"] / medians["planFloor"], "check/detect": medians["check"] / medians["detect"],
              "detect/floor": medians["detect"] / medians["detectFloor"]}
    print("%s:" % label)
    for name in ("detectFloor", "detect", "check", "planFloor", "plan"):
        values = rows[name]
        print("  %-12s median %.3f s  (min %.3f, max %.3f)" % (name, medians[name], min(values), max(values)))
    print("  ratios: plan/floor %.3f, check/detect %.3f, detect/floor %.3f  (%d runs each)"
          % (ratios["plan/floor"], ratios["check/detect"], ratios["detect/floor"], args.runs))
    return {"medians": medians, "ratios": ratios, "runs": rows}


def main():
    parser = options(runs=7)
    parser.add_argument("--torch-import-seconds", type=float, default=1.2)
    parser.add_argument("--max-plan-ratio", type=float)
    parser.add_argument("--max-check-ratio", type=float)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="fa-setup-bench-")
    server = None
    try:
        python = make_venv(os.path.join(work, "venv"), dict(TORCH, importSeconds=args.torch_import_seconds),
                           "--transformers", "5.25.0")
        index_root = os.path.join(work, "index")
        write_index(index_root)
        server, base = serve(index_root)
        env = environment(
            work, FAKE_NVIDIA_SMI_PROFILE=os.path.join(FIXTURES, "nvidia-smi-profiles", "rtx4090-cuda13.json"),
            PIP_INDEX_URL=base + "/simple/", FLASH_ATTN_SETUP_GITHUB_API="http://127.0.0.1:9",
            HF_ENDPOINT="http://127.0.0.1:9")
        env.pop("PIP_NO_INDEX")
        results = {"loopback": measure("loopback index", [], args, python, env)}
        if can_unshare():
            results["offline"] = measure("offline (unshare -n)", ["unshare", "-n"], args, python, env)
        else:
            print("offline: skipped, this user cannot make a network namespace (unshare -n)")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)
        status = 0
        for name, result in results.items():
            print("%s targets, plan/floor then check/detect:" % name)
            status |= check_ratio(result["ratios"]["plan/floor"], args.max_plan_ratio)
            status |= check_ratio(result["ratios"]["check/detect"], args.max_check_ratio)
        return status
    finally:
        if server:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
