"""The language server: documents in, diagnostics, hovers and code actions out (pygls on stdio).

Nothing slow runs on the message loop. Linting runs on one worker thread (spaCy and the engine are
used by one thread at a time), the pipeline loads on it as soon as the client says `initialized`, and
lints wait behind that load instead of blocking requests. A change starts a short delay; another change
within it starts the delay again, and a change while a lint runs makes that lint's result be dropped,
never published, the newer text being linted next. A lint that fails is logged through
`window/logMessage` and the server carries on.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from tonecheck.errors import TonecheckError
from tonecheck.lsp.actions import FIX_ALL_COMMAND, FIX_ALL_KIND, code_actions, fix_all_edits, workspace_edit
from tonecheck.lsp.diagnostics import error_diagnostic, finding_range, hover_text, to_diagnostic
from tonecheck.lsp.linting import Linted, Linter, document_path
from tonecheck.lsp.positions import PositionMap
from tonecheck.run.checker import CheckOptions
from tonecheck.version import __version__

DEFAULT_DELAY = 0.05  # seconds of quiet after a change before it is linted


class TonecheckServer(LanguageServer):
    def __init__(self, options: CheckOptions | None = None, delay: float = DEFAULT_DELAY) -> None:
        # Incremental: clients may send either ranged changes or the whole text, and pygls applies both.
        super().__init__(
            "tonecheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.linter = Linter(options)
        self.delay = delay
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecheck-lint")
        self._pending: dict[str, asyncio.Task[None]] = {}
        self.latest: dict[str, Linted] = {}
        self._loading: asyncio.Future[None] | None = None

    # Logging -----------------------------------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=f"tonecheck: {message}"))

    # Loading -----------------------------------------------------------------------------------------

    def start_loading(self) -> None:
        """Load the pipeline in the background; lints queue behind it on the worker thread."""
        folder = Path(self.workspace.root_path or Path.cwd())
        self._loading = asyncio.ensure_future(self._load(folder))

    async def _load(self, folder: Path) -> None:
        began = time.perf_counter()
        self.log("loading the English pipeline")
        try:
            await asyncio.get_running_loop().run_in_executor(self._worker, self.linter.warm_up, folder)
        except Exception as exc:
            self.log(f"could not load the pipeline: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return
        self.log(f"ready ({time.perf_counter() - began:.1f} s to load)")

    # Linting -----------------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, superseding any lint of an older version."""
        earlier = self._pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        self._pending[uri] = asyncio.ensure_future(self._lint_and_publish(uri, delay))

    def forget(self, uri: str) -> None:
        earlier = self._pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        self.latest.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def _lint_and_publish(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        linted = await self._lint_open_document(uri)
        if linted is not None and self._is_current(uri, linted):
            self._publish(uri, linted)

    async def _lint_open_document(self, uri: str) -> Linted | None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        path = document_path(to_fs_path(uri), uri, document.language_id)
        text, version = document.source, document.version
        loop = asyncio.get_running_loop()
        try:
            linted = await loop.run_in_executor(self._worker, self.linter.lint, path, text, version)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: shown on the draft, logged in full, and the server carries on
            self.log(f"could not lint {path}:\n{traceback.format_exc()}", types.MessageType.Error)
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            linted = Linted(path, text, version, error=TonecheckError(f"internal error: {detail}"))
        else:
            if linted.error is not None:
                self.log(str(linted.error), types.MessageType.Warning)
        if self._is_current(uri, linted):
            self.latest[uri] = linted
        return linted

    def _is_current(self, uri: str, linted: Linted) -> bool:
        document = self.workspace.text_documents.get(uri)
        return document is not None and document.version == linted.version and document.source == linted.text

    async def current(self, uri: str) -> Linted | None:
        """The findings for the document's text as it is now: those published, else a fresh lint."""
        latest = self.latest.get(uri)
        if latest is not None and self._is_current(uri, latest):
            return latest
        pending = self._pending.get(uri)
        if pending is not None and not pending.done():
            # wait() neither raises when that lint was superseded nor cancels it when this request is.
            await asyncio.wait([pending])
            latest = self.latest.get(uri)
            if latest is not None and self._is_current(uri, latest):
                return latest
        linted = await self._lint_open_document(uri)
        return linted if linted is not None and self._is_current(uri, linted) else None

    def renders_markdown(self) -> bool:
        """Whether the client said its hovers render Markdown (else they get plain text)."""
        document = self.client_capabilities.text_document
        formats = document.hover.content_format if document and document.hover else None
        return bool(formats) and types.MarkupKind.Markdown in formats

    def positions(self, text: str) -> PositionMap:
        return PositionMap(text, str(self.workspace.position_encoding or "utf-16"))

    def _publish(self, uri: str, linted: Linted) -> None:
        positions = self.positions(linted.text)
        if linted.error is not None:
            diagnostics = [error_diagnostic(linted.error, positions, linted.path)]
        else:
            diagnostics = [to_diagnostic(finding, positions) for finding in linted.findings]
        params = types.PublishDiagnosticsParams(uri=uri, version=linted.version, diagnostics=diagnostics)
        self.text_document_publish_diagnostics(params)

    def stop_linting(self) -> None:
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
        self._worker.shutdown(wait=False, cancel_futures=True)


def create_server(options: CheckOptions | None = None, delay: float = DEFAULT_DELAY) -> TonecheckServer:
    server = TonecheckServer(options, delay)

    @server.feature(types.INITIALIZED)
    def initialized(ls: TonecheckServer, params: types.InitializedParams) -> None:
        ls.start_loading()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TonecheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TonecheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.delay)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TonecheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: TonecheckServer, params: types.HoverParams) -> types.Hover | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None or not linted.findings:
            return None
        positions = ls.positions(linted.text)
        offset = positions.offset(params.position)
        under = [f for f in linted.findings if f.start <= offset <= f.end and f.offsets == "original"]
        if not under:
            return None
        kind = types.MarkupKind.Markdown if ls.renders_markdown() else types.MarkupKind.PlainText
        content = types.MarkupContent(kind=kind, value=hover_text(under, kind == types.MarkupKind.Markdown))
        return types.Hover(contents=content, range=finding_range(under[0], positions))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(ls: TonecheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = await ls.current(uri)
        if linted is None:
            return []
        positions = ls.positions(linted.text)
        start, end = positions.offset(params.range.start), positions.offset(params.range.end)
        return code_actions(uri, linted, positions, start, end, params.context.only)

    @server.command(FIX_ALL_COMMAND)
    async def fix_all(ls: TonecheckServer, *arguments: Any) -> bool:
        """Apply the safe fixes to a document: `tonecheck.fixAll` with its URI (or `{"uri": ...}`)."""
        first = arguments[0] if arguments else None
        uri = first.get("uri") if isinstance(first, dict) else first
        if not isinstance(uri, str):
            raise ValueError("tonecheck.fixAll expects the document's URI")
        linted = await ls.current(uri)
        if linted is None:
            return False
        edits = fix_all_edits(linted)
        if not edits:
            return False
        edit = workspace_edit(uri, ls.positions(linted.text), edits)
        params = types.ApplyWorkspaceEditParams(edit=edit, label="tonecheck: apply all safe fixes")
        result = await ls.workspace_apply_edit_async(params)
        return bool(result.applied)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TonecheckServer, params: Any = None) -> None:
        ls.stop_linting()

    return server


def serve(options: CheckOptions | None = None, delay: float = DEFAULT_DELAY) -> None:
    """Serve on standard input and output until the client says `exit` or goes away."""
    create_server(options, delay).start_io()
