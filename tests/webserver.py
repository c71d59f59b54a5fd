"""Start `tonecheck serve` as a user would, for the tests that talk to a real server."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

TONECHECK = [sys.executable, "-m", "tonecheck"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_json(url: str, timeout: float = 5) -> object:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def post_json(url: str, body: object, timeout: float = 60) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@contextlib.contextmanager
def running_server(folder: Path, *options: str, workers: int = 1) -> Iterator[tuple[str, Path]]:
    """`tonecheck serve --port P` in ``folder``; yields its base URL once ``workers`` processes answer,
    and the file that holds what it printed."""
    port = free_port()
    log = folder / "server.log"
    command = [*TONECHECK, "serve", "--port", str(port), "--workers", str(workers), *options]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=folder, stdout=output, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        seen: set[int] = set()
        deadline = time.monotonic() + 180
        while len(seen) < workers:
            if server.poll() is not None:
                raise AssertionError(f"tonecheck serve stopped:\n{log.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                raise AssertionError(f"tonecheck serve did not start:\n{log.read_text(errors='replace')}")
            try:
                seen.add(int(get_json(url + "healthz", timeout=2)["worker"]))  # type: ignore[index]
            except (OSError, ValueError):
                time.sleep(0.3)
        yield url, log
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
