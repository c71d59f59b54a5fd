"""Run the web application on uvicorn: one process, or N worker processes that each load the pipeline.

One worker: the pipeline is loaded here, before the port is opened, so a bad model or configuration is
a one-line error and the first request is answered at full speed. More workers: each one loads its own
pipeline (uvicorn starts them as fresh processes), after this process has checked the configuration and
the port.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import socket
import sys
import threading
import time
import urllib.request
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import ConfigError
from tonecheck.web.app import SETTINGS_VARIABLE, app_from_environment

FACTORY = "tonecheck.web.app:app_from_environment"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    open_browser: bool = False
    model: str | None = None
    config_path: Path | None = None
    isolated: bool = False


def serve_until_stopped(options: ServeOptions) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM)."""
    import uvicorn

    _check_port_free(options.host, options.port)
    settings = {
        "model": options.model,
        "config": str(options.config_path.resolve()) if options.config_path else None,
        "isolated": options.isolated,
    }
    os.environ[SETTINGS_VARIABLE] = json.dumps(settings)  # read by each worker's app_from_environment
    url = _url(options.host, options.port)
    common = {
        "host": options.host,
        "port": options.port,
        "log_config": _log_config(),
        "access_log": False,  # an access line holds the client's address: only counts are logged
        "server_header": False,
        # A worker loading spaCy may not answer the supervisor's ping at once: give it time.
        "timeout_worker_healthcheck": 60,
    }
    if options.workers == 1:
        app = app_from_environment()
        _announce(url, options)
        uvicorn.run(app, **common)
        return
    _check_configuration(options)
    _announce(url, options)
    uvicorn.run(FACTORY, factory=True, workers=options.workers, **common)


def _announce(url: str, options: ServeOptions) -> None:
    workers = f" with {options.workers} workers" if options.workers > 1 else ""
    sys.stderr.write(f"tonecheck: serving {url}{workers} (Ctrl+C stops it)\n")
    if options.host not in LOOPBACK:
        sys.stderr.write(
            f"tonecheck: note: other machines can reach {options.host}:{options.port}, over plain HTTP; "
            "put a reverse proxy with HTTPS in front (see the README)\n"
        )
    if options.open_browser:
        threading.Thread(target=_open_when_up, args=(url,), daemon=True).start()


def _open_when_up(url: str) -> None:
    """Open the page in the default browser once the server answers its health check."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    webbrowser.open(url)


def _url(host: str, port: int) -> str:
    """Where this machine reaches the server: loopback when it listens on every address."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _check_port_free(host: str, port: int) -> None:
    """A one-line error now, rather than uvicorn's log lines, when the port is taken or not allowed."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        probe = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    with probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(f"port {port} is in use on {host}; choose another with --port") from None
            if isinstance(exc, socket.gaierror):
                raise ConfigError(f"unknown host {host!r}") from None
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _check_configuration(options: ServeOptions) -> None:
    """Read the configuration and the rules here, so a mistake is one line and not N failed workers."""
    from tonecheck.run.checker import Checker, CheckOptions

    checker = Checker(CheckOptions(config_path=options.config_path, isolated=options.isolated))
    config = checker.configs.for_folder(Path.cwd())
    checker.ruleset_for(config)
    if options.model is not None:
        import spacy.util

        if not spacy.util.is_package(options.model) and not Path(options.model).is_dir():
            raise ConfigError(f"cannot load the spaCy pipeline {options.model!r}; is it installed?")


def _log_config() -> dict[str, object]:
    """uvicorn's logging, with tonecheck's own lines (counts only) on the same stream."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["tonecheck.web"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
