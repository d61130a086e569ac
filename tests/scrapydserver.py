"""A real scrapyd on a free 127.0.0.1 port with this checkout deployed (an
egg built by scrapyd-deploy). Missing scrapyd: the test skips, or fails when
REQUIRE_SERVICES=1 (CI)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .crawling import ROOT, wait_for
from .services import unavailable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, fields: list[tuple[str, str]], files: dict | None = None) -> dict:
    if files:
        boundary = "reportcrawlerboundary"
        parts = []
        for name, value in fields:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    else:
        request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def finished_jobs(base: str, project: str = "reportcrawler") -> dict[str, dict]:
    return {job["id"]: job for job in get(f"{base}/listjobs.json?project={project}")["finished"]}


@contextmanager
def deployed_scrapyd(workdir: Path, max_proc: int = 2) -> Iterator[str]:
    """Yields scrapyd's base URL; its logs are in workdir/logs, its own output in workdir/scrapyd.log."""
    if importlib.util.find_spec("scrapyd") is None or shutil.which("scrapyd-deploy") is None:
        unavailable("scrapyd / scrapyd-client not installed: pip install -e '.[test]'")
    egg = workdir / "reportcrawler.egg"
    build = subprocess.run(["scrapyd-deploy", "--build-egg", str(egg)], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    port = free_port()
    (workdir / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {workdir}/eggs\n"
        f"logs_dir = {workdir}/logs\ndbs_dir = {workdir}/dbs\nitems_dir =\njobs_to_keep = 20\npoll_interval = 0.5\n"
        f"max_proc = {max_proc}\n",
        encoding="utf-8")
    with open(workdir / "scrapyd.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def up() -> bool:
            try:
                urllib.request.urlopen(f"{base}/daemonstatus.json", timeout=2)
                return True
            except OSError:
                return False

        if not wait_for(up, timeout=60):
            unavailable("scrapyd did not start: " + (workdir / "scrapyd.log").read_text(errors="replace")[-500:])
        added = post(f"{base}/addversion.json", [("project", "reportcrawler"), ("version", "1")],
                     {"egg": ("reportcrawler.egg", egg.read_bytes())})
        assert added["status"] == "ok" and added["spiders"] >= 6, added
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
