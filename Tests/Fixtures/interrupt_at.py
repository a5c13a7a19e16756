#!/usr/bin/env python3
"""Runs a command, echoes its output, and sends it SIGINT (as Ctrl-C in its terminal does) the first time a line
of its output contains TEXT; exits with the command's status (-2 where SIGINT ended it).

    interrupt_at.py TEXT COMMAND [ARG...]
"""
import os
import signal
import subprocess
import sys


def main():
    text = sys.argv[1]
    child = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sent = False
    for raw in child.stdout:
        line = raw.decode("utf-8", "replace")
        sys.stdout.write(line)
        sys.stdout.flush()
        if not sent and text in line:
            os.kill(child.pid, signal.SIGINT)
            sent = True
            sys.stdout.write("=== interrupt_at: SIGINT sent\n")
    sys.exit(child.wait())


if __name__ == "__main__":
    main()
