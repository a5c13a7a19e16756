"""Stands in for ComfyUI's main.py: parses --port and --listen like the real one and stays up until stopped, so
tests can find a running ComfyUI by its command line. It ends within a minute, or as soon as the test process that
started it is gone (a crashed test run leaves no ComfyUI behind)."""
import argparse
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8188)
parser.add_argument("--listen")
parser.parse_known_args()
print("To see the GUI go to: http://127.0.0.1", flush=True)
parent = os.getppid()
for _ in range(600):
    if os.getppid() != parent:
        break
    time.sleep(0.1)
