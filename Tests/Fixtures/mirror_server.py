#!/usr/bin/env python3
"""A wheel mirror for tests, on 127.0.0.1 only: serves ROOT over HTTP with Range requests (so downloads can
resume), and prints "PORT <n>" once it listens on the port the system chose.

    mirror_server.py ROOT [--throttle BYTES_PER_SECOND] [--corrupt NAME] [--stall-after BYTES] [--listing] [--no-head] [--tls CERT KEY]

--throttle slows every response down (for cancel and progress tests); --corrupt NAME serves NAME with its last
byte changed (for checksum tests); --stall-after BYTES sends that much of each file and then nothing, holding the
connection open (a stalled download). A folder's index.html is served for the folder; --listing serves an
nginx-style listing of a folder that has none; --no-head answers HEAD with 405, as some object stores do; --tls CERT
KEY serves HTTPS with that certificate. Requests are logged to ROOT/../requests.log. Stops by itself after an hour.
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
    parser.add_argument("--listing", action="store_true")
    parser.add_argument("--no-head", action="store_true")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    log_path = os.path.join(os.path.dirname(root), "requests.log")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_HEAD(self):
            with open(log_path, "a") as log:
                log.write("HEAD %s\n" % self.path)
            if args.no_head:
                self.send_error(405)
                return
            path = self.resolve()
            if path is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(os.path.getsize(path)) if os.path.isfile(path) else "0")
            self.end_headers()

        def resolve(self):
            rel = urllib.parse.unquote(urllib.parse.urlparse(self.path).path).lstrip("/")
            path = os.path.normpath(os.path.join(root, rel))
            if path != root and not path.startswith(root + os.sep):
                return None
            if os.path.isdir(path) and os.path.isfile(os.path.join(path, "index.html")):
                return os.path.join(path, "index.html")
            if os.path.isdir(path) and args.listing:
                return path
            return path if os.path.isfile(path) else None

        def listing(self, folder):
            names = sorted(os.listdir(folder))
            rows = "".join('<a href="%s%s">%s%s</a>\n' % (urllib.parse.quote(n), "/" if os.path.isdir(os.path.join(folder, n)) else "",
                                                          n, "/" if os.path.isdir(os.path.join(folder, n)) else "") for n in names)
            return ("<html><head><title>Index of %s</title></head><body><pre><a href=\"../\">../</a>\n%s</pre></body></html>\n"
                    % (self.path, rows)).encode()

        def do_GET(self):
            with open(log_path, "a") as log:
                log.write("%s %s\n" % (self.path, self.headers.get("Range", "")))
            path = self.resolve()
            if path is None:
                self.send_error(404)
                return
            if os.path.isdir(path):
                data = self.listing(path)
            else:
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
    if args.tls:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Timer(3600, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
