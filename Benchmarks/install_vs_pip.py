#!/usr/bin/env python3
"""Benchmark: `flash-attn-setup install --method wheel --yes` against `pip install --no-cache-dir URL` of the same
wheel, measured in the same run.

The wheel is real-sized (make_wheel.py --payload-mb: 240 MB of wheel, 420 MB unpacked, as 2.8.3's are) and served
by the test mirror on 127.0.0.1. Each side starts from the same state: flash-attn not installed (uninstalled
between runs, not timed) and, for the tool, an empty download cache, as pip has with --no-cache-dir. Runs
alternate so drift on a busy machine hits both sides alike; the medians are compared. Target (issue 11): the tool
within 1.05x of pip. With --max-ratio, exits 1 when it is exceeded.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from standins import FIXTURES, check_ratio, environment, make_venv, options


def run(argv, env, timed=True):
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("%s failed with %d: %s" % (" ".join(argv[:3]), result.returncode, result.stderr.decode()[-800:]))
    return elapsed


def main():
    parser = options(runs=5)
    parser.add_argument("--payload-mb", type=int, default=420)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="fa-setup-install-bench-")
    try:
        python = make_venv(os.path.join(work, "venv"))
        tag = subprocess.check_output([python, "-c", "import sys; print('cp%d%d' % sys.version_info[:2])"]).decode().strip()
        name = "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-%s-%s-linux_x86_64.whl" % (tag, tag)
        files = os.path.join(work, "mirror", "files")
        out = subprocess.check_output([sys.executable, os.path.join(FIXTURES, "make_wheel.py"), os.path.join(files, "v2.8.3"),
                                       name, "--payload-mb", str(args.payload_mb)]).decode().split()
        path, sha = out[0], out[1]
        size = os.path.getsize(path)
        server = subprocess.Popen([sys.executable, os.path.join(FIXTURES, "mirror_server.py"), files],
                                  stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        port = server.stdout.readline().decode().split()[-1]
        base = "http://127.0.0.1:%s" % port
        url = "%s/v2.8.3/%s" % (base, name.replace("+", "%2B"))
        with open(os.path.join(files, "releases.json"), "w") as f:
            json.dump([{"tag_name": "v2.8.3", "draft": False, "assets": [
                {"name": name, "size": size, "digest": "sha256:" + sha, "browser_download_url": url}]}], f)
        env = environment(work)
        uninstall = [python, "-m", "pip", "uninstall", "-y", "flash-attn"]
        pip = [python, "-m", "pip", "install", "--no-cache-dir", url]
        tool = [args.binary, "install", "--method", "wheel", "--yes", "--wheel-source", base, "--python", python]
        pips, tools = [], []
        for i in range(args.runs):
            pips.append(run(pip, env))
            run(uninstall, env)
            cache = os.path.join(work, "cache-%d" % i)
            tools.append(run(tool, dict(env, XDG_CACHE_HOME=cache)))
            run(uninstall, env)
            shutil.rmtree(cache, ignore_errors=True)
        server.kill()
        p, t = statistics.median(pips), statistics.median(tools)
        ratio = t / p
        print("wheel: %.0f MB, %d MB unpacked" % (size / 1e6, args.payload_mb))
        print("pip install --no-cache-dir URL:       median %.2f s  (min %.2f, max %.2f)" % (p, min(pips), max(pips)))
        print("flash-attn-setup install --method wheel: median %.2f s  (min %.2f, max %.2f)" % (t, min(tools), max(tools)))
        print("ratio install/pip: %.3f  (target <= 1.05), %d runs each" % (ratio, args.runs))
        return check_ratio(ratio, args.max_ratio)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
