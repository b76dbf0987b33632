#!/usr/bin/env python3
"""A loopback HTTP server with redirect chains, for darkshare's --resolve tests.

    python3 redirect_server.py PORT_FILE

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE, and serves until killed or
until 120 seconds have passed (it never outlives a test run). Routes:
  /tagged          301 -> /landing?utm_source=nl&utm_medium=email&utm_campaign=may
  /untagged        302 -> /landing
  /chain/1         301 -> /chain/2 -> 302 /chain/3 -> 307 /landing?utm_source=nl&utm_medium=email&utm_campaign=may
  /drop?...        301 -> /landing (drops the query)
  /loop/a, /loop/b redirect to each other
  /many/N          redirects to /many/N+1 forever
  /slow            sleeps 3 s before answering
  /nohead          405 to HEAD; 302 -> /landing?utm_source=nl&utm_medium=email&utm_campaign=may to GET
  /landing         200
  /huge-location   302 -> a Location of 5000 bytes
  /odd-location    302 with "Location:\t /landing \t" (white space around the value)
Every request is appended to PORT_FILE.log as "METHOD PATH", and its Host header to
PORT_FILE.hosts as "HOST PATH".
"""
import http.server
import os
import signal
import sys
import threading
import time

TAGGED = "/landing?utm_source=nl&utm_medium=email&utm_campaign=may"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, method):
        with open(LOG, "a") as log:
            log.write(f"{method} {self.path}\n")
        with open(HOSTS, "a") as hosts:
            hosts.write(f"{self.headers.get('Host')} {self.path}\n")
        path = self.path.split("?")[0]
        routes = {
            "/tagged": (301, TAGGED),
            "/untagged": (302, "/landing"),
            "/chain/1": (301, "/chain/2"),
            "/chain/2": (302, "/chain/3"),
            "/chain/3": (307, TAGGED),
            "/drop": (301, "/landing"),
            "/loop/a": (302, "/loop/b"),
            "/loop/b": (302, "/loop/a"),
        }
        if path in routes:
            status, location = routes[path]
            self.send_response(status)
            self.send_header("Location", location)
        elif path == "/huge-location":
            self.send_response(302)
            self.send_header("Location", "/landing?" + "a" * 5000)
        elif path == "/odd-location":
            self.send_response(302)
            self.send_header("Location", "\t /landing \t")
        elif path.startswith("/many/"):
            self.send_response(302)
            self.send_header("Location", f"/many/{int(path[6:]) + 1}")
        elif path == "/slow":
            time.sleep(3)
            self.send_response(200)
        elif path == "/nohead":
            if method == "HEAD":
                self.send_response(405)
            else:
                self.send_response(302)
                self.send_header("Location", TAGGED)
        elif path == "/landing":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")


if __name__ == "__main__":
    port_file = sys.argv[1]
    LOG = port_file + ".log"
    HOSTS = port_file + ".hosts"
    # Exit at once on SIGTERM, and in any case after 120 s, even with a request thread asleep.
    # The test process may spawn us with SIGTERM blocked (its threads block signals, and a
    # child inherits the mask), so unblock it first.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    watchdog = threading.Timer(120, lambda: os._exit(0))
    watchdog.daemon = True
    watchdog.start()
    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()
