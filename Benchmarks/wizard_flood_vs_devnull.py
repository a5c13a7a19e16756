#!/usr/bin/env python3
"""Benchmark: the wizard's install screen, under tmux, through a build step that prints 500,000 lines (every fourth
a 1-4 KB compiler line), against the same pip step writing to /dev/null, in the same run; and how fast the screen
answers a key during that flood.

The step is the stand-in checkout Tests/Fixtures/slow-checkout, packed as flash-attn's sdist in a find-links folder,
and the wizard's own "pip install flash-attn --no-build-isolation" route builds it (an empty wheel source leaves
no wheel to take). The wizard is walked as a user walks it: Enter through the screens, Up to the pip route, i to
install. Its time runs from the i to "Installed. Press Enter to verify." on the screen (polled every 50 ms). While
the flood runs, c is pressed about once a second and the time until "Cancel the install?" is drawn is taken, then n
and the time until it is gone: the key's answer as the user sees it, tmux included. The tool's peak memory is its
own process's VmHWM. Targets (issue 11): at most 1.5x, keys answered within 100 ms, under 60 MB.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from standins import check_peak, check_ratio, flood_environment, flood_setup, options

DONE = "Installed. Press Enter to verify."
CONFIRM = "Cancel the install?"


class Pane:
    """One tmux server of its own, with the wizard in its only pane (kept after it exits)."""

    def __init__(self, socket, argv, env):
        self.socket = socket
        self.tmux(["kill-server"], check=False)
        command = " ".join("'%s'" % a.replace("'", "'\\''") for a in argv)
        self.tmux(["-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "exec " + command], env=env)
        self.tmux(["set-option", "-g", "remain-on-exit", "on"], check=False)
        self.pid = int(self.tmux(["display-message", "-p", "#{pane_pid}"]).strip())

    def tmux(self, args, env=None, check=True):
        result = subprocess.run(["tmux", "-L", self.socket] + args, env=env, capture_output=True, text=True)
        if check and result.returncode != 0:
            sys.exit("tmux %s failed: %s" % (args[0], result.stderr))
        return result.stdout

    def screen(self):
        return self.tmux(["capture-pane", "-p"], check=False)

    def send(self, key):
        self.tmux(["send-keys", key])

    def wait_for(self, text, timeout=60, interval=0.05, present=True, also=None):
        """True once `text` is on the screen (or gone, with present=False), or `also` is; False at the timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if (text in screen) == present or (also is not None and also in screen):
                return True
            time.sleep(interval)
        return False

    def peak_megabytes(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def close(self):
        self.tmux(["kill-server"], check=False)


def baseline(python, env):
    start = time.perf_counter()
    subprocess.run([python, "-m", "pip", "install", "--no-build-isolation", "-v", "flash-attn"], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def wizard(binary, python, empty, env, socket):
    """Walks to the pip route's plan, installs, and samples key answers during the flood; (seconds, latencies ms, MB)."""
    pane = Pane(socket, [binary, "--python", python, "--wheel-source", empty, "--lang", "en"], env)
    try:
        pane.wait_for("Step 1 of 8")
        for current, expected in [(1, 2), (2, 3), (3, 4), (4, 5)]:
            # Enter is ignored while a screen's probe runs: pressed again, only while that screen is still shown.
            deadline = time.monotonic() + 60
            pane.send("Enter")
            while not pane.wait_for("Step %d of 8" % expected, timeout=2):
                if time.monotonic() > deadline or "Step %d of 8" % current not in pane.screen():
                    sys.exit("the wizard did not reach step %d:\n%s" % (expected, pane.screen()))
                pane.send("Enter")
        while "> ✓ pip install flash-attn" not in pane.screen():
            pane.send("Up")
            time.sleep(0.2)
        pane.send("Enter")
        if not pane.wait_for("Press i to install by this plan."):
            sys.exit("no plan:\n%s" % pane.screen())
        start = time.perf_counter()
        pane.send("i")
        pane.wait_for("Compiling", also=DONE)
        latencies = []
        while True:
            screen = pane.screen()
            if DONE in screen or "failed:" in screen:
                break
            sent = time.perf_counter()
            pane.send("c")
            if not pane.wait_for(CONFIRM, timeout=5, interval=0.002):
                if DONE in pane.screen():
                    break
                latencies.append(5000.0)
                continue
            latencies.append((time.perf_counter() - sent) * 1000)
            sent = time.perf_counter()
            pane.send("n")
            if pane.wait_for(CONFIRM, timeout=5, interval=0.002, present=False):
                latencies.append((time.perf_counter() - sent) * 1000)
            time.sleep(1)
        if not pane.wait_for(DONE, timeout=900, interval=0.05):
            sys.exit("the install did not finish:\n%s" % pane.screen())
        seconds = time.perf_counter() - start
        return seconds, latencies, pane.peak_megabytes()
    finally:
        pane.close()


def main():
    parser = options(runs=1)
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--max-megabytes", type=float)
    parser.add_argument("--max-key-ms", type=float)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="fa-setup-wizard-flood-")
    try:
        python, checkout = flood_setup(work)
        links = os.path.join(work, "find-links")
        quiet = dict(os.environ, SLOW_BUILD_LINES="1", SLOW_BUILD_INTERVAL="0", SLOW_BUILD_CHILD="0")
        subprocess.check_call([python, "setup.py", "-q", "sdist", "-d", links], cwd=checkout, env=quiet,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        empty = os.path.join(work, "no-wheels")
        os.makedirs(empty)
        # No built wheel kept: each side builds, and floods.
        env = flood_environment(work, args.lines, PIP_FIND_LINKS=links, TERM="xterm-256color", PIP_NO_CACHE_DIR="1")
        uninstall = [python, "-m", "pip", "uninstall", "-y", "flash-attn"]
        pips, tools, latencies, peaks = [], [], [], []
        for i in range(args.runs):
            pips.append(baseline(python, env))
            subprocess.run(uninstall, env=env, stdout=subprocess.DEVNULL, check=True)
            seconds, answered, peak = wizard(args.binary, python, empty, env, "fa-setup-bench-%d-%d" % (os.getpid(), i))
            tools.append(seconds)
            latencies += answered
            peaks.append(peak)
            subprocess.run(uninstall, env=env, stdout=subprocess.DEVNULL, check=True)
        p, t = statistics.median(pips), statistics.median(tools)
        ratio = t / p
        print("step: %d lines, every fourth 1-4 KB" % args.lines)
        print("pip install -v > /dev/null:            median %.2f s" % p)
        print("wizard install screen under tmux:      median %.2f s" % t)
        print("ratio wizard/pip: %.3f  (target <= 1.5), %d runs each" % (ratio, args.runs))
        if latencies:
            ordered = sorted(latencies)
            print("key answered during the flood: median %.0f ms, 95th %.0f ms, max %.0f ms over %d keys  (target <= 100)" % (
                statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1], len(ordered)))
        else:
            print("key answered during the flood: no key could be sampled (the flood ended first)")
        print("peak memory of the tool: %.1f MB  (target < 60)" % max(peaks))
        failed = check_ratio(ratio, args.max_ratio) == 1
        if args.max_key_ms is not None and latencies and max(latencies) > args.max_key_ms:
            print("a key took %.0f ms, above %.0f ms" % (max(latencies), args.max_key_ms))
            failed = True
        failed = check_peak(max(peaks), args.max_megabytes) == 1 or failed
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
