"""Start `tonecheck serve` as a user would, for the tests that talk to a real server (the starter is the
benchmark's, so the two never drift apart), and speak JSON to it."""

from __future__ import annotations

import contextlib
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tonecheck.benchmark import serveload
from tonecheck.benchmark.serveload import free_port

TONECHECK = [sys.executable, "-m", "tonecheck"]
__all__ = ["TONECHECK", "free_port", "get_json", "post_json", "running_server"]


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
    """`tonecheck serve` in ``folder``; yields its base URL once ``workers`` processes answer, and the
    file that holds what it printed."""
    with serveload.running_server(folder, options, workers) as port:
        yield f"http://127.0.0.1:{port}/", folder / "server.log"
