#!/usr/bin/env python3
"""A wheel mirror for tests, on 127.0.0.1 only: serves ROOT over HTTP with Range requests (so downloads can
resume), and prints "PORT <n>" once it listens on the port the system chose.

    mirror_server.py ROOT [--throttle BYTES_PER_SECOND] [--corrupt NAME] [--stall-after BYTES]

--throttle slows every response down (for cancel and progress tests); --corrupt NAME serves NAME with its last
byte changed (for checksum tests); --stall-after BYTES sends that much of each file and then nothing, holding the
connection open (a stalled download). Requests are logged to ROOT/../requests.log. Stops by itself after an hour.
"""
import argparse
import http.server
import os
import socketserver
import sys
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--throttle", type=int, default=0)
    parser.add_argument("--corrupt")
    parser.add_argument("--stall-after", type=int)
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    log_path = os.path.join(os.path.dirname(root), "requests.log")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            with open(log_path, "a") as log:
                log.write("%s %s\n" % (self.path, self.headers.get("Range", "")))
            rel = urllib.parse.unquote(urllib.parse.urlparse(self.path).path).lstrip("/")
            path = os.path.normpath(os.path.join(root, rel))
            if not path.startswith(root) or not os.path.isfile(path):
                self.send_error(404)
                return
            with open(path, "rb") as f:
                data = f.read()
            if args.corrupt and os.path.basename(path) == args.corrupt:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            start, status = 0, 200
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                start = int(rng[6:].split("-")[0])
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", "bytes */%d" % len(data))
                    self.end_headers()
                    return
                status = 206
            body = data[start:]
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
            self.end_headers()
            # Throttled: small pieces, each followed by its share of a second.
            chunk = max(1, min(16384, args.throttle // 10)) if args.throttle else 16384
            if args.stall_after is not None and start < args.stall_after:
                chunk = min(chunk, args.stall_after - start)
            for i in range(0, len(body), chunk):
                if args.stall_after is not None and start + i >= args.stall_after:
                    time.sleep(600)
                    return
                try:
                    self.wfile.write(body[i:i + chunk])
                except (BrokenPipeError, ConnectionResetError):
                    return
                if args.throttle:
                    time.sleep(chunk / args.throttle)

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Timer(3600, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
