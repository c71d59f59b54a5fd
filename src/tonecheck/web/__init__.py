"""The web page and JSON API of `tonecheck serve`: the Starlette application (`app`), what it does with a
request (`service`), running it on uvicorn (`server`), and the page's own HTML, CSS and JavaScript
(`static/`).

It lints pasted drafts through `run`, the engine and `inputs`, and never imports the command line,
Typer or Click, nor its sibling packages (`report`, `lsp`, `evaluation`, the `api` facade): the JSON it
answers with is built here, and the tests check that it matches `--format json`.
"""
