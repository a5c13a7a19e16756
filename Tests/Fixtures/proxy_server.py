#!/usr/bin/env python3
"""A forward HTTP proxy for tests, on 127.0.0.1 only: it tunnels CONNECT host:port, serves requests in absolute form
(GET http://host/path) and HEAD, logs each to LOG, and maps the made-up host names given with --host NAME=PORT to 127.0.0.1:PORT, so a
request can reach such a host only through the proxy. Prints "PORT <n>" once it listens. Stops after an hour.

    proxy_server.py LOG --host mirror.test=8123
"""
import argparse
import http.client
import http.server
import select
import socket
import socketserver
import sys
import threading
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--host", action="append", default=[])
    args = parser.parse_args()
    hosts = dict(h.split("=", 1) for h in args.host)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def relay(self, method):
            with open(args.log, "a") as log:
                log.write("%s %s\n" % (method, self.path))
            url = urllib.parse.urlsplit(self.path)
            if not url.scheme or url.hostname not in hosts:
                self.send_error(502, "unknown host")
                return
            connection = http.client.HTTPConnection("127.0.0.1", int(hosts[url.hostname]), timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection", "host")}
            connection.request(method, url.path + ("?" + url.query if url.query else ""), headers=headers)
            response = connection.getresponse()
            body = response.read()
            self.send_response(response.status)
            for k, v in response.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def do_CONNECT(self):
            with open(args.log, "a") as log:
                log.write("CONNECT %s\n" % self.path)
            name, _, port = self.path.rpartition(":")
            if name not in hosts:
                self.send_error(502, "unknown host")
                return
            upstream = socket.create_connection(("127.0.0.1", int(hosts[name])), timeout=30)
            self.send_response(200, "Connection established")
            self.end_headers()
            sockets = [self.connection, upstream]
            try:
                while True:
                    readable, _, _ = select.select(sockets, [], [], 60)
                    if not readable:
                        return
                    for s in readable:
                        data = s.recv(65536)
                        if not data:
                            return
                        (upstream if s is self.connection else self.connection).sendall(data)
            finally:
                upstream.close()

        def do_GET(self):
            self.relay("GET")

        def do_HEAD(self):
            self.relay("HEAD")

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Timer(3600, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
