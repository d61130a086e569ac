"""Serve an offline portal folder over HTTP on 127.0.0.1 (no robots.txt)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler

from .localserver import LocalServer

_TYPES = {
    ".html": "text/html",
    ".jhtml": "text/html",  # JEECMS pages
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def guess_type(self, path):
        # Like a static server: text/html without a charset (the pages declare theirs);
        # report files with their registered types, whatever the host's mime.types says.
        suffix = "." + str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
        return _TYPES.get(suffix) or super().guess_type(path)


class PortalServer(LocalServer):
    def __init__(self, folder):
        super().__init__(functools.partial(QuietHandler, directory=str(folder)))
