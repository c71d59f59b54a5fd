"""`tonecheck lsp`: the language server for editors, on standard input and output."""

from __future__ import annotations

from typing import Annotated

import typer

from tonecheck.cli.app import IsolatedOption, ModelOption, app


@app.command()
def lsp(
    model: ModelOption = None,
    config: Annotated[
        str | None, typer.Option("--config", help="Use this configuration file for every document.")
    ] = None,
    isolated: IsolatedOption = False,
    delay: Annotated[
        int, typer.Option("--delay", min=0, help="Milliseconds of quiet after an edit before it is linted.")
    ] = 50,
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            show_default=False,
            help="Talk over standard input and output (the default and only way).",
        ),
    ] = True,
) -> None:
    """Run the language server (LSP) on standard input and output, for editors."""
    from tonecheck.pipeline.backend import prefer_single_thread_blas

    prefer_single_thread_blas()  # before anything loads numpy: see tonecheck.pipeline.backend

    from pathlib import Path

    from tonecheck.lsp.server import serve
    from tonecheck.run.checker import CheckOptions

    # The configuration file is checked now, so a bad --config is a one-line error, not a silent server.
    if config is not None:
        from tonecheck.run.config import load_config

        load_config(Path(config))
    options = CheckOptions(model=model, config_path=Path(config) if config else None, isolated=isolated)
    serve(options, delay / 1000)
