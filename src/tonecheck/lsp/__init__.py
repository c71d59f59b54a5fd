"""The language server (`tonecheck lsp`): editor buffers in, diagnostics, hovers and code actions out.

It owns the protocol side only: positions, diagnostics, quick fixes and silencing edits, and when to
lint; the findings come from `run` (the command line's own `Checker`), `engine`, `inputs` and below.
It sits beside `report/` and `api.py`, so it never imports `cli/` or `web/` (nor Typer or Click).
"""
