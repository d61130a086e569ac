"""Deploy to a real scrapyd on 127.0.0.1 and run a job there: the egg carries
the settings entry point and the data files, and a scheduled replay crawl
fills the store like a local one."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from .crawling import FIXTURES, ROOT, load_expected, rows, wait_for
from .services import unavailable


@pytest.fixture(autouse=True)
def scrapyd_installed():
    """scrapyd is a test dependency: missing, the test skips (fails under REQUIRE_SERVICES=1)."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("scrapyd") is None or shutil.which("scrapyd-deploy") is None:
        unavailable("scrapyd / scrapyd-client is not installed: pip install -e '.[test]'")


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


def test_deploy_and_run_on_scrapyd(tmp_path):
    egg = tmp_path / "reportcrawler.egg"
    build = subprocess.run(["scrapyd-deploy", "--build-egg", str(egg)], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {tmp_path}/eggs\n"
        f"logs_dir = {tmp_path}/logs\ndbs_dir = {tmp_path}/dbs\nitems_dir =\njobs_to_keep = 5\npoll_interval = 0.5\n",
        encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def up() -> bool:
            try:
                urllib.request.urlopen(f"{base}/daemonstatus.json", timeout=2)
                return True
            except OSError:
                return False

        assert wait_for(up, timeout=60), "scrapyd did not start"
        added = post(f"{base}/addversion.json", [("project", "reportcrawler"), ("version", "1")],
                     {"egg": ("reportcrawler.egg", egg.read_bytes())})
        assert added["status"] == "ok" and added["spiders"] >= 6, added
        listed = json.loads(urllib.request.urlopen(f"{base}/listspiders.json?project=reportcrawler").read())
        assert {"hulan", "portal"} <= set(listed["spiders"])
        store = tmp_path / "reports.sqlite3"
        job = post(f"{base}/schedule.json", [
            ("project", "reportcrawler"), ("spider", "hulan"),
            ("setting", "REPLAY=1"), ("setting", f"FIXTURES_DIR={FIXTURES / 'hulan'}"),
            ("setting", f"STORE_URI=sqlite:///{store}"),
        ])
        assert job["status"] == "ok", job

        def finished() -> bool:
            jobs = json.loads(urllib.request.urlopen(f"{base}/listjobs.json?project=reportcrawler").read())
            return any(j["id"] == job["jobid"] for j in jobs["finished"])

        assert wait_for(finished, timeout=180, interval=0.5), "the job did not finish"
        time.sleep(0.5)
        expected, _ = load_expected("hulan")
        assert len(rows(store, "reports")) == len(expected)
    finally:
        server.terminate()
        server.wait(timeout=30)
