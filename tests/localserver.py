"""A threaded HTTP server on 127.0.0.1 for the duration of a `with` block."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


class LocalServer:
    def __init__(self, handler):
        self.handler = handler

    def __enter__(self):
        ThreadingHTTPServer.request_queue_size = 64  # the default backlog of 5 stalls concurrent crawls
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
