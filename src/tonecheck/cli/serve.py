"""`tonecheck serve`: the local web page and JSON API (the server is imported inside the command, so
`tonecheck --help` does not load Starlette or uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from tonecheck.cli.app import IsolatedOption, ModelOption, app


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 for every network (behind a proxy).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the page in the default web browser.")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes, each with its own pipeline.")
    ] = 1,
    model: ModelOption = None,
    config: Annotated[
        str | None,
        typer.Option("--config", help="Use this configuration file (default: the current folder's)."),
    ] = None,
    isolated: IsolatedOption = False,
) -> None:
    """Serve the web page and JSON API: paste a draft, see its findings (`tonecheck serve --open`)."""
    from tonecheck.pipeline.backend import prefer_single_thread_blas

    prefer_single_thread_blas()  # before anything loads numpy: see tonecheck.pipeline.backend

    from pathlib import Path

    from tonecheck.web.server import ServeOptions, serve_until_stopped

    options = ServeOptions(
        host=host,
        port=port,
        workers=workers,
        open_browser=open_browser,
        model=model,
        config_path=Path(config) if config else None,
        isolated=isolated,
    )
    serve_until_stopped(options)
