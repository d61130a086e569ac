"""Serve an offline portal folder over HTTP on 127.0.0.1 (no robots.txt)."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def guess_type(self, path):
        # Like a static server: text/html without a charset (the pages declare theirs).
        return "text/html" if str(path).endswith(".html") else super().guess_type(path)


class PortalServer:
    def __init__(self, folder):
        self.folder = folder

    def __enter__(self) -> PortalServer:
        handler = functools.partial(QuietHandler, directory=str(self.folder))
        ThreadingHTTPServer.request_queue_size = 64
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
