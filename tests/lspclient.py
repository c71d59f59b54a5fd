"""A test client for `tonecheck lsp` that keeps everything the server sent, and its helpers."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tonecheck.lsp.positions import PositionMap


class Session:
    """A client talking to one server, and every diagnostics notification and edit it received."""

    def __init__(self, folder: Path) -> None:
        self.client: LanguageClient
        self.folder = folder
        self.log_messages: list[types.LogMessageParams] = []
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = defaultdict(list)
        self.applied: list[types.WorkspaceEdit] = []
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return (self.folder / name).as_uri()

    async def open(self, name: str, text: str, language: str = "plaintext") -> list[types.Diagnostic]:
        uri = self.uri(name)
        self.versions[uri] = 1
        item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return await self.diagnostics(uri, 1)

    async def change(self, name: str, text: str, wait: bool = True) -> list[types.Diagnostic] | None:
        uri = self.uri(name)
        self.versions[uri] += 1
        params = types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
        self.client.text_document_did_change(params)
        return await self.diagnostics(uri, self.versions[uri]) if wait else None

    async def diagnostics(self, uri: str, version: int | None) -> list[types.Diagnostic]:
        """The diagnostics published for ``version`` of ``uri``."""

        def found() -> list[types.Diagnostic] | None:
            for params in self.published[uri]:
                if params.version == version:
                    return list(params.diagnostics)
            return None

        return await until(found)

    async def actions(self, name: str, rng: types.Range, only: list[str] | None = None):
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri(name)),
            range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
        return await self.client.text_document_code_action_async(params) or []


async def until(found, timeout: float = 120):
    """Wait for ``found()`` to return something other than None (the first lint waits for the load)."""

    async def poll():
        while (value := found()) is None:
            await asyncio.sleep(0.01)
        return value

    return await asyncio.wait_for(poll(), timeout)


def apply(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    """``text`` with the edit's changes to ``uri`` made, as an editor would."""
    positions = PositionMap(text)
    changes = sorted(
        (
            (positions.offset(e.range.start), positions.offset(e.range.end), e.new_text)
            for e in edit.changes[uri]
        ),
        reverse=True,
    )
    for start, end, new_text in changes:
        text = text[:start] + new_text + text[end:]
    return text


def recording_client(session: Session) -> LanguageClient:
    """A test client that keeps every diagnostics notification (pytest-lsp's keeps the last one) and
    applies every edit the server asks for."""
    client = LanguageClient()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        session.published[params.uri].append(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params: types.LogMessageParams) -> None:
        session.log_messages.append(params)

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        session.applied.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    return client
