#!/usr/bin/env python3
"""Benchmark: a build step that prints 500,000 lines (short ones, and every fourth a 1-4 KB compiler line, as
`pip -v` of a CUDA build does), run through `flash-attn-setup install`, against the same pip step writing to
/dev/null, in the same run.

The step is the stand-in checkout Tests/Fixtures/slow-checkout turned into a flood (SLOW_BUILD_LINES,
SLOW_BUILD_INTERVAL=0, SLOW_BUILD_NOISE=mixed). The tool's side carries everything it does per line: the log, the
progress parser, the live diagnosis and the printing. Its peak memory (VmHWM of the tool's own process, read from
/proc while it runs) is reported too. Targets (issue 11): at most 1.5x, under 60 MB.
"""
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from standins import check_peak, check_ratio, flood_environment, flood_setup, options


def run(argv, env, watch_memory=False):
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    if watch_memory:
        while process.poll() is None:
            try:
                with open("/proc/%d/status" % process.pid) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            peak = max(peak, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.05)
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit("%s failed with %d: %s" % (" ".join(argv[:3]), process.returncode, err.decode()[-800:]))
    return elapsed, peak / 1024


def main():
    parser = options(runs=3)
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--max-megabytes", type=float)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="fa-setup-flood-bench-")
    try:
        python, checkout = flood_setup(work)
        env = flood_environment(work, args.lines)
        uninstall = [python, "-m", "pip", "uninstall", "-y", "flash-attn"]
        pip = [python, "-m", "pip", "install", "-v", "--no-build-isolation", "--no-deps", checkout]
        tool = [args.binary, "install", "--method", "source", "--source-path", checkout, "--yes", "--python", python]
        pips, tools, peaks = [], [], []
        for _ in range(args.runs):
            pips.append(run(pip, env)[0])
            run(uninstall, env)
            seconds, peak = run(tool, env, watch_memory=True)
            tools.append(seconds)
            peaks.append(peak)
            run(uninstall, env)
        p, t = statistics.median(pips), statistics.median(tools)
        ratio = t / p
        print("step: %d lines, every fourth 1-4 KB" % args.lines)
        print("pip install -v > /dev/null:          median %.2f s  (min %.2f, max %.2f)" % (p, min(pips), max(pips)))
        print("flash-attn-setup install (source):   median %.2f s  (min %.2f, max %.2f)" % (t, min(tools), max(tools)))
        print("ratio install/pip: %.3f  (target <= 1.5), %d runs each" % (ratio, args.runs))
        print("peak memory of the tool: %.1f MB  (target < 60)" % max(peaks))
        failed = check_ratio(ratio, args.max_ratio) == 1
        failed = check_peak(max(peaks), args.max_megabytes) == 1 or failed
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
