#!/usr/bin/env python3
"""A wheel mirror for tests, on 127.0.0.1 only: serves ROOT over HTTP with Range requests (so downloads can
resume), and prints "PORT <n>" once it listens on the port the system chose.

    mirror_server.py ROOT [--throttle BYTES_PER_SECOND] [--corrupt NAME] [--stall-after BYTES] [--listing] [--no-head] [--tls CERT KEY]
                     [--endless PATH]... [--status PATH=CODE]... [--auth USER:PASSWORD] [--whole-for-range] [--html-everywhere]
                     [--redirect PATH=LOCATION]...

--throttle slows every response down (for cancel and progress tests); --corrupt NAME serves NAME with its last
byte changed (for checksum tests); --stall-after BYTES sends that much of each file and then nothing, holding the
connection open (a stalled download). A folder's index.html is served for the folder; --listing serves an
nginx-style listing of a folder that has none; --no-head answers HEAD with 405, as some object stores do; --tls CERT
KEY serves HTTPS with that certificate. Requests are logged to ROOT/../requests.log. Stops by itself after an hour.

The hostile ones: --endless PATH answers GET PATH with a body that never ends (links, as fast as the client takes
them); --status PATH=CODE answers PATH with that status (403 for an S3 bucket's listing); --auth USER:PASSWORD answers
401 to every request without those Basic credentials, as a mirror behind basic auth does; --whole-for-range answers a
Range request with 206 and the whole file; --html-everywhere answers 200 with an HTML page for every path it lacks;
--redirect PATH=LOCATION answers PATH with a 302 to LOCATION.
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
    parser.add_argument("--endless", action="append", default=[])
    parser.add_argument("--status", action="append", default=[])
    parser.add_argument("--auth")
    parser.add_argument("--whole-for-range", action="store_true")
    parser.add_argument("--html-everywhere", action="store_true")
    parser.add_argument("--redirect", action="append", default=[])
    args = parser.parse_args()
    statuses = dict((p, int(c)) for p, c in (s.rsplit("=", 1) for s in args.status))
    redirects = dict(s.split("=", 1) for s in args.redirect)
    expected_auth = None
    if args.auth:
        import base64
        expected_auth = "Basic " + base64.b64encode(args.auth.encode()).decode()
    root = os.path.abspath(args.root)
    log_path = os.path.join(os.path.dirname(root), "requests.log")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def refused(self):
            """Answers the request here where the hostile options say so; True where it did."""
            if expected_auth and self.headers.get("Authorization") != expected_auth:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="mirror"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return True
            path = urllib.parse.urlparse(self.path).path
            if path in redirects:
                self.send_response(302)
                self.send_header("Location", redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return True
            if path in statuses:
                body = b"<Error><Code>AccessDenied</Code></Error>"
                self.send_response(statuses[path])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return True
            if path in args.endless and self.command == "GET":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                piece = b'<a href="flash_attn-9.9.9-cp312-cp312-linux_x86_64.whl">x</a>\n' * 1024
                try:
                    while True:
                        self.wfile.write(piece)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    return True
            if args.html_everywhere and self.resolve() is None:
                body = b"<html><body><h1>Welcome</h1><p>Sign in to continue.</p></body></html>\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return True
            return False

        def do_HEAD(self):
            with open(log_path, "a") as log:
                log.write("HEAD %s\n" % self.path)
            if self.refused():
                return
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
            if self.refused():
                return
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
                if args.whole_for_range:
                    start = 0
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
