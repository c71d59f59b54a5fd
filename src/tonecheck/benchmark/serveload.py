"""`python -m tonecheck.benchmark --serve`: a bounded load test of `tonecheck serve` on loopback.

Starts the server (one worker, then two), sends a fixed number of `/api/check` requests from a few
concurrent clients, each on its own keep-alive connection, and prints the latency's median and 95th
percentile, the throughput and the number of failed requests. Bounded on purpose: 200 requests from 8
clients by default, well under a minute per server on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tonecheck.benchmark.drafts import DraftGenerator

HOST = "127.0.0.1"
START_TIMEOUT = 240.0  # seconds for every worker to load its pipeline on a busy machine


@dataclass(frozen=True)
class LoadResult:
    workers: int
    requests: int
    clients: int
    failures: int
    seconds: float
    latencies: tuple[float, ...]  # seconds, of the requests that succeeded

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[-1]

    def line(self) -> str:
        return (
            f"  {self.workers} worker{'s' if self.workers > 1 else ' '}  {self.requests} requests from "
            f"{self.clients} clients: p50 {self.p50 * 1000:6.0f} ms  p95 {self.p95 * 1000:6.0f} ms  "
            f"max {max(self.latencies) * 1000:6.0f} ms  {self.requests / self.seconds:5.1f} requests/s  "
            f"{self.failures} failed"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tonecheck.benchmark --serve", description="a load test of `tonecheck serve`"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=200, help="requests per server (default 200)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--workers", default="1,2", help="worker counts to try, comma-separated (default 1,2)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the draft generator")
    args = parser.parse_args(argv)
    generator = DraftGenerator(args.seed)
    bodies = [json.dumps({"text": generator.draft(index)}).encode() for index in range(args.requests)]
    results = []
    for workers in (int(part) for part in args.workers.split(",")):
        result = load_test(workers, bodies, args.clients)
        print(result.line(), flush=True)
        results.append(result)
    return 1 if any(result.failures for result in results) else 0


def load_test(workers: int, bodies: list[bytes], clients: int) -> LoadResult:
    """Start `tonecheck serve --workers N`, send ``bodies`` from ``clients`` threads, stop the server."""
    with tempfile.TemporaryDirectory(prefix="tonecheck-serve-") as folder:
        try:
            with running_server(Path(folder), ["--isolated"], workers) as port:
                _send(port, bodies[:clients], clients)  # warm-up, untimed: first parses are slower
                started = time.perf_counter()
                outcomes = _send(port, bodies, clients)
                seconds = time.perf_counter() - started
        except ServerError as exc:
            raise SystemExit(str(exc)) from None
    latencies = tuple(latency for ok, latency in outcomes if ok)
    failures = sum(1 for ok, _latency in outcomes if not ok)
    return LoadResult(workers, len(bodies), clients, failures, seconds, latencies or (0.0,))


class ServerError(RuntimeError):
    """The server stopped, or did not start its workers in time; the message ends with its output."""


@contextlib.contextmanager
def running_server(folder: Path, options: Sequence[str] = (), workers: int = 1) -> Iterator[int]:
    """`tonecheck serve` on a free loopback port, started in ``folder`` as a user would start it; yields
    the port once ``workers`` processes answer, then stops it with Ctrl-C. What it prints goes to
    ``folder/server.log``. The benchmark and the tests that talk to a real server both use this."""
    port = free_port()
    command = [*_tonecheck(), "serve", "--port", str(port), "--workers", str(workers), *options]
    log = folder / "server.log"
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}  # the log is complete when it is read
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=folder, stdout=output, stderr=subprocess.STDOUT, env=environment
        )
    try:
        _wait_for_workers(port, workers, server, log)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _send(port: int, bodies: list[bytes], clients: int) -> list[tuple[bool, float]]:
    """Post every body to /api/check, ``clients`` at a time, each client on its own connection."""
    local = threading.local()

    def post(body: bytes) -> tuple[bool, float]:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(HOST, port, timeout=120)
        started = time.perf_counter()
        try:
            local.connection.request("POST", "/api/check", body, {"Content-Type": "application/json"})
            response = local.connection.getresponse()
            data = response.read()
            ok = response.status == 200 and json.loads(data)["summary"]["files"] == 1
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            local.connection.close()
            del local.connection
            ok = False
        return ok, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(post, bodies))


def _wait_for_workers(port: int, workers: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until ``workers`` different processes have answered the health check (each has loaded its
    pipeline), so the timed requests never wait for a worker still starting."""
    seen: set[int] = set()
    deadline = time.monotonic() + START_TIMEOUT
    while len(seen) < workers:
        if server.poll() is not None:
            raise ServerError(f"the server stopped: {log.read_text(errors='replace').strip()[-2000:]}")
        if time.monotonic() > deadline:
            shown = log.read_text(errors="replace").strip()[-2000:]
            raise ServerError(f"the server did not start {workers} workers in {START_TIMEOUT:.0f} s: {shown}")
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            seen.add(int(json.loads(connection.getresponse().read())["worker"]))
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            time.sleep(0.5)
        finally:
            connection.close()


def free_port() -> int:
    """A port on the loopback interface that nothing listens on."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _tonecheck() -> list[str]:
    script = Path(sys.executable).with_name("tonecheck")  # the command users run, beside this Python
    return [str(script)] if script.exists() else [sys.executable, "-m", "tonecheck"]


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(main())
