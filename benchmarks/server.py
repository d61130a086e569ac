"""The farm server: serves a farm folder on 127.0.0.1, in its own process.

    python -m benchmarks.server FARM_DIR [--port 0]

prints `READY <port>` once every page is in memory. Built to stay out of the
measurement: one asyncio protocol, HTTP/1.1 keep-alive, every response
(status line, headers, body) prepared as one bytes object at start, a listen
backlog of 4096 (the stdlib http.server's default of 5 stalls a crawl with
many connections). `GET /__stats` answers the server's own CPU seconds,
request count and misses as JSON, so the runner can report what serving cost;
`GET /__requests` answers every `METHOD target` served since the last such
call (and forgets them), so the runner can tell which URLs each crawl
followed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import sys
import time

from .farm import load_routes

_NOT_FOUND = (b"HTTP/1.1 404 Not Found\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
              b"Connection: keep-alive\r\n\r\nnot found")


def build_responses(folder: str) -> dict[tuple[bytes, bytes], bytes]:
    responses: dict[tuple[bytes, bytes], bytes] = {}
    for route in load_routes(folder):
        with open(os.path.join(folder, route["file"]), "rb") as fh:
            body = fh.read()
        head = (f"HTTP/1.1 {route['status']} OK\r\nServer: nginx\r\nContent-Type: {route['content_type']}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode("latin-1")
        responses[(route["method"].encode(), route["path"].encode())] = head + body
    return responses


class Stats:
    def __init__(self):
        self.requests = 0
        self.misses = 0
        self.connections = 0
        self.bytes_out = 0
        self.served: list[bytes] = []  # b"METHOD target" per request since the last /__requests

    def drain(self) -> bytes:
        served, self.served = self.served, []
        return json.dumps([line.decode("latin-1") for line in served]).encode()

    def as_json(self) -> bytes:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return json.dumps({
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "requests": self.requests,
            "misses": self.misses,
            "connections": self.connections,
            "bytes_out": self.bytes_out,
            "max_rss_kb": usage.ru_maxrss,
            "time": time.time(),
        }).encode()


class FarmProtocol(asyncio.Protocol):
    responses: dict[tuple[bytes, bytes], bytes] = {}
    stats = Stats()

    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""
        self.stats.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            lines = head.split(b"\r\n")
            try:
                method, target, _version = lines[0].split(b" ", 2)
            except ValueError:
                self.transport.close()
                return
            length = 0
            close = False
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value.strip() or 0)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            if len(self.buffer) < end + 4 + length:
                return  # the request body is not all here yet
            self.buffer = self.buffer[end + 4 + length:]
            self.stats.requests += 1
            if target in (b"/__stats", b"/__requests"):
                body = self.stats.as_json() if target == b"/__stats" else self.stats.drain()
                response = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
                close = True
            else:
                self.stats.served.append(method + b" " + target)
                response = self.responses.get((method, target))
                if response is None:
                    self.stats.misses += 1
                    response = _NOT_FOUND
            self.stats.bytes_out += len(response)
            self.transport.write(response)
            if close:
                self.transport.close()
                return


async def _watchdog(stop: asyncio.Event, lifetime: float) -> None:
    """Stop when the runner that started us is gone, or after `lifetime` seconds."""
    parent = os.getppid()
    deadline = time.monotonic() + lifetime
    while not stop.is_set():
        if os.getppid() != parent or time.monotonic() > deadline:
            stop.set()
            return
        await asyncio.sleep(1.0)


async def serve(folder: str, host: str, port: int, lifetime: float = 3 * 3600) -> None:
    FarmProtocol.responses = build_responses(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(FarmProtocol, host, port, backlog=4096, reuse_address=True)
    actual = server.sockets[0].getsockname()[1]
    print(f"READY {actual}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    watchdog = asyncio.create_task(_watchdog(stop, lifetime))
    async with server:
        await stop.wait()
    watchdog.cancel()
    sys.stdout.write(FarmProtocol.stats.as_json().decode() + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve a portal farm on 127.0.0.1")
    parser.add_argument("farm", help="farm folder (made by the bench command)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed as READY <port>)")
    parser.add_argument("--lifetime", type=float, default=3 * 3600,
                        help="exit after this many seconds whatever happens (default 3 h)")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.farm, args.host, args.port, args.lifetime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
