"""The `tonecheck` command: `tonecheck draft.txt` lints; subcommands manage rules and evaluation.

The top of the import order: it may import any package of tonecheck, and it is the only code that imports
Typer or Click. The rest of tonecheck never imports it, so tonecheck is also a library.
"""

from __future__ import annotations

import os
import sys

from tonecheck.cli import commands, lint, lsp, plan, serve  # noqa: F401  (registers the commands)
from tonecheck.cli.app import app

__all__ = ["app", "main", "run_and_exit"]


def main() -> None:
    from tonecheck.pipeline import collector

    collector.while_loading()  # until the engine is built: see tonecheck.pipeline.collector
    app()


def run_and_exit() -> None:
    """The `tonecheck` command: ``main``, then leave without tearing the interpreter down.

    Freeing the pipeline's objects one by one at exit took about 0.3 s, a sixth of a cold start, and
    nothing is left to do by then: every file tonecheck writes (fixes, cache entries) is complete and
    renamed into place before the report is printed. So once the output is flushed, the process ends
    at once. ``main`` itself raises SystemExit as usual, for callers in Python.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")  # what SystemExit prints for a message
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass  # the reader went away (`| head`) or a stream was closed: nothing more can be shown
    os._exit(code or 0)
