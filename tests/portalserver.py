"""Serve an offline portal folder over HTTP on 127.0.0.1 (no robots.txt)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler

from .localserver import LocalServer


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def guess_type(self, path):
        # Like a static server: text/html without a charset (the pages declare theirs).
        return "text/html" if str(path).endswith(".html") else super().guess_type(path)


class PortalServer(LocalServer):
    def __init__(self, folder):
        super().__init__(functools.partial(QuietHandler, directory=str(folder)))
