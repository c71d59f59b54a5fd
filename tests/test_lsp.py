"""`tonecheck lsp`: the real server in a subprocess, driven by pytest-lsp's client.

Tests marked `model` lint with the trained pipeline: one server serves the whole module (loading the
pipeline takes seconds), each test on documents of its own. The edits themselves (positions, silencing)
are tested without a server in test_lsp_edits.py.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from .conftest import DATA
from .lspclient import Session, apply, recording_client, until

SERVER = [sys.executable, "-m", "tonecheck", "lsp"]
ACCUSATORY = (DATA / "drafts" / "accusatory.txt").read_text(encoding="utf-8")
POLITE = (
    "Hi Dana,\n\nThank you again for speaking with me last week. I enjoyed learning about the team, and I "
    "remain very interested in the role.\n\nBest,\nSam\n"
)
TEMPLATE = """---
kind: check-in
interview-date: 2026-03-02
send-date: 2026-03-20
---
# Check-in

Hi {{ first_name }},

Per my last email, I am still keen on the [Role Title] role at [Company Name].

Best,
[Your Name]
"""
EMAIL = (DATA / "inputs" / "multipart.eml").read_text(encoding="utf-8")


def served(test):
    """A test that talks to the module's server, which lints with the trained pipeline."""
    return pytest.mark.model(pytest.mark.asyncio(loop_scope="module")(test))


# Without a pipeline ------------------------------------------------------------------------------


def test_the_command_is_listed_and_documents_its_options():
    result = subprocess.run([*SERVER, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--delay" in result.stdout


def test_a_bad_config_option_is_one_line_and_exit_code_2(tmp_path):
    result = subprocess.run(
        [*SERVER, "--config", str(tmp_path / "missing.yaml")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "missing.yaml" in result.stderr and "Traceback" not in result.stderr


def test_a_lint_that_crashes_is_shown_and_logged_and_the_next_draft_still_works(tmp_path):
    # In process, with a linter that fails once: a real bug cannot be summoned on purpose.
    from pygls.workspace import Workspace

    from tonecheck.lsp.linting import Linted
    from tonecheck.lsp.server import TonecheckServer

    class FailsOnce:
        failed = False

        def lint(self, path: str, text: str, version: int | None) -> Linted:
            if not self.failed:
                self.failed = True
                raise RuntimeError("boom")
            return Linted(path, text, version)

    server = TonecheckServer()
    server.linter = FailsOnce()  # type: ignore[assignment]
    server.protocol._workspace = Workspace(tmp_path.as_uri())
    logged: list[types.LogMessageParams] = []
    published: list[types.PublishDiagnosticsParams] = []
    server.window_log_message = logged.append  # type: ignore[method-assign]
    server.text_document_publish_diagnostics = published.append  # type: ignore[method-assign]
    uris = [(tmp_path / name).as_uri() for name in ("first.txt", "second.txt")]
    for uri in uris:
        item = types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="Hi Dana,\n")
        server.workspace.put_text_document(item)

    async def lint_both() -> None:
        for uri in uris:
            server.schedule(uri, 0)
            await server._pending[uri]

    asyncio.run(lint_both())
    assert [p.uri for p in published] == uris
    assert "internal error: RuntimeError: boom" in published[0].diagnostics[0].message
    assert any(m.type == types.MessageType.Error and "RuntimeError: boom" in m.message for m in logged)
    assert list(published[1].diagnostics) == []


# With the server ----------------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workspace")
    result = Session(folder)
    config = ClientServerConfig(server_command=SERVER, client_factory=lambda: recording_client(result))
    client = result.client = await config.start()
    initialized = await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=folder.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="workspace")],
        )
    )
    assert initialized.capabilities.code_action_provider is not None
    yield result
    await client.shutdown_session()
    assert client._server.returncode == 0  # `shutdown` then `exit`: a clean exit
    await client.stop()


def command_line(path: Path) -> list[dict]:
    """The command line's findings for a file, to compare the editor's with."""
    result = subprocess.run(
        [sys.executable, "-m", "tonecheck", "--format", "json", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=path.parent,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["files"][0]["findings"]


def as_seen(diagnostics: list[types.Diagnostic]) -> set[tuple]:
    return {
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    }


def as_reported(findings: list[dict]) -> set[tuple]:
    return {
        (f["rule"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1) for f in findings
    }


@served
async def test_an_accusatory_draft_gets_the_command_lines_findings_then_clean_ones(session):
    diagnostics = await session.open("draft.txt", ACCUSATORY)
    by_code = {d.code: d for d in diagnostics}
    said = by_code["accusatory/you-said-you-would"]
    assert said.range == types.Range(
        start=types.Position(line=2, character=0), end=types.Position(line=2, character=40)
    )
    assert said.severity == types.DiagnosticSeverity.Error and said.source == "tonecheck"
    assert said.code_description.href.endswith("REFERENCE.md#accusatoryyou-said-you-would")
    (session.folder / "draft.txt").write_text(ACCUSATORY, encoding="utf-8")
    assert as_seen(diagnostics) == as_reported(command_line(session.folder / "draft.txt"))

    hover = await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=session.uri("draft.txt")),
            position=types.Position(line=2, character=5),
        )
    )
    assert "Why:" in hover.contents.value and "promise" in hover.contents.value.lower()

    assert await session.change("draft.txt", POLITE) == []


@served
async def test_quick_fixes_rewrite_and_insert_the_thanks(session):
    diagnostics = await session.open("fix.txt", ACCUSATORY)
    said = next(d for d in diagnostics if d.code == "accusatory/you-said-you-would")
    actions = await session.actions("fix.txt", said.range, only=[types.CodeActionKind.QuickFix])
    rewrite = next(
        a for a in actions if a.title.startswith("Replace with") and a.diagnostics[0].code == said.code
    )
    fixed = apply(ACCUSATORY, rewrite.edit, session.uri("fix.txt"))
    assert "You said you'd get back" not in fixed and fixed.startswith("Hi Dana,\n\nI understand")

    thanks = next(d for d in diagnostics if d.code.startswith("missing-thanks/"))
    actions = await session.actions("fix.txt", thanks.range)
    # The missing line of interest belongs at the same place; pick the thanks' own action.
    insert = next(a for a in actions if a.title.startswith("Insert") and a.diagnostics[0].code == thanks.code)
    assert insert.is_preferred
    fixed = apply(ACCUSATORY, insert.edit, session.uri("fix.txt"))
    assert "replied?\n\nThank you again for your time and consideration.\n\nBest," in fixed

    # The fixed text is clean of what the fix was for.
    assert thanks.code not in {d.code for d in await session.change("fix.txt", fixed)}


@served
async def test_a_thanks_inserted_before_an_inline_thanks_leaves_no_trailing_space(session):
    text = "Hi Dana,\n\nIs there any news on the analyst role? Thanks!\nSam\n"
    diagnostics = await session.open("inline.txt", text)
    thanks = next(d for d in diagnostics if d.code.startswith("missing-thanks/"))
    actions = await session.actions("inline.txt", thanks.range)
    insert = next(a for a in actions if a.title.startswith("Insert") and a.diagnostics[0].code == thanks.code)
    fixed = apply(text, insert.edit, session.uri("inline.txt"))
    assert "role?\n\nThank you" in fixed and "Thanks!\nSam" in fixed
    assert all(line == line.rstrip() for line in fixed.split("\n")), fixed


@served
async def test_a_markdown_template_keeps_its_placeholders_and_can_be_silenced(session):
    diagnostics = await session.open("template.md", TEMPLATE, "markdown")
    (session.folder / "template.md").write_text(TEMPLATE, encoding="utf-8")
    assert as_seen(diagnostics) == as_reported(command_line(session.folder / "template.md"))
    last = next(d for d in diagnostics if d.code == "accusatory/per-my-last-email")
    assert last.range.start == types.Position(line=9, character=0)
    assert not any(
        "Name" in TEMPLATE.splitlines()[d.range.start.line][d.range.start.character :][:6]
        for d in diagnostics
    )

    actions = await session.actions("template.md", last.range)
    preferred = next(a for a in actions if a.is_preferred and a.diagnostics[0].code == last.code)
    fixed = apply(TEMPLATE, preferred.edit, session.uri("template.md"))
    assert "To recap, I am still keen on the [Role Title] role at [Company Name]." in fixed

    on_line = next(a for a in actions if a.title == f"Silence {last.code} on this line")
    silenced = apply(TEMPLATE, on_line.edit, session.uri("template.md"))
    assert f"<!-- tonecheck-ignore-next-line {last.code} -->\nPer my last email" in silenced
    assert last.code not in {d.code for d in await session.change("template.md", silenced)}

    in_file = next(a for a in actions if a.title == f"Silence {last.code} in this file")
    silenced = apply(TEMPLATE, in_file.edit, session.uri("template.md"))
    assert f"tonecheck-ignore: [{last.code}]\n---" in silenced
    assert last.code not in {d.code for d in await session.change("template.md", silenced)}


@served
async def test_an_email_file_is_linted_as_its_recipient_reads_it(session):
    diagnostics = await session.open("reply.eml", EMAIL)
    (session.folder / "reply.eml").write_text(EMAIL, encoding="utf-8", newline="")
    assert as_seen(diagnostics) == as_reported(command_line(session.folder / "reply.eml"))
    codes = {d.code for d in diagnostics}
    assert "accusatory/per-my-last-email" in codes
    # The quoted reply ("Why the wait?") is the employer's, not the sender's.
    lines = EMAIL.splitlines()
    assert not any(lines[d.range.start.line].startswith(">") for d in diagnostics)


@served
async def test_fix_all_applies_what_the_command_lines_fix_would(session, tmp_path):
    await session.open("all.md", TEMPLATE, "markdown")
    actions = await session.actions(
        "all.md",
        types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        only=[types.CodeActionKind.SourceFixAll],
    )
    assert [a.kind for a in actions] == ["source.fixAll.tonecheck"]
    fixed = apply(TEMPLATE, actions[0].edit, session.uri("all.md"))
    on_disk = tmp_path / "all.md"
    on_disk.write_text(TEMPLATE, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "tonecheck", "--fix", "--no-cache", str(on_disk)],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert fixed == on_disk.read_text(encoding="utf-8") != TEMPLATE

    params = types.ExecuteCommandParams(command="tonecheck.fixAll", arguments=[session.uri("all.md")])
    assert await session.client.workspace_execute_command_async(params) is True
    assert apply(TEMPLATE, session.applied[-1], session.uri("all.md")) == fixed


@served
async def test_configuration_applies_as_on_the_command_line(session):
    sub = session.folder / "center"
    sub.mkdir()
    (sub / ".tonecheck.yaml").write_text(
        "severity: {accusatory: info}\nignore: [missing-thanks]\n", encoding="utf-8"
    )
    diagnostics = await session.open("center/draft.txt", ACCUSATORY)
    assert diagnostics and all(d.severity == types.DiagnosticSeverity.Information for d in diagnostics)
    assert not any(d.code.startswith("missing-thanks/") for d in diagnostics)


@served
async def test_a_bad_draft_is_reported_and_the_next_one_still_works(session):
    bad = "---\nkind: check-in\nreply_by: 2026-03-02\n---\nHi Dana,\n"
    diagnostics = await session.open("bad.txt", bad)
    assert len(diagnostics) == 1 and "reply_by" in diagnostics[0].message
    assert diagnostics[0].range.start.line == 2
    assert any("reply_by" in m.message for m in session.log_messages)
    assert "accusatory/you-said-you-would" in {
        d.code for d in await session.open("after-bad.txt", ACCUSATORY)
    }


@served
async def test_a_newer_edit_supersedes_older_ones_and_closing_clears(session):
    await session.open("typing.txt", POLITE)
    uri = session.uri("typing.txt")
    before = len(session.published[uri])
    for sentence in (
        "Per my last email, any news?",
        "Why haven't you replied?",
        "You said you'd reply by Friday.",
    ):
        await session.change("typing.txt", POLITE.replace("Best,", f"{sentence}\n\nBest,"), wait=False)
    last = await session.change("typing.txt", POLITE)
    assert last == []
    # Only the newest text was published: none of the rude drafts typed over it ever showed.
    assert [p.version for p in session.published[uri][before:]] == [session.versions[uri]]

    await session.change("typing.txt", ACCUSATORY)
    count = len(session.published[uri])
    assert session.published[uri][-1].diagnostics  # the rude draft's findings are showing
    session.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    closed = await until(
        lambda: session.published[uri][count] if len(session.published[uri]) > count else None
    )
    assert list(closed.diagnostics) == []


@served
async def test_a_ranged_edit_is_applied_and_linted(session):
    diagnostics = await session.open("ranged.txt", ACCUSATORY)
    assert "accusatory/why-havent-you" in {d.code for d in diagnostics}
    uri = session.uri("ranged.txt")
    session.versions[uri] += 1
    line = ACCUSATORY.splitlines()[2]
    rude = types.Range(
        start=types.Position(line=2, character=line.index("Why")),
        end=types.Position(line=2, character=len(line)),
    )
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=session.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=rude, text="I hope all is well.")],
        )
    )
    codes = {d.code for d in await session.diagnostics(uri, session.versions[uri])}
    assert "accusatory/why-havent-you" not in codes and "accusatory/you-said-you-would" in codes


@served
async def test_a_broken_configuration_is_shown_then_its_repair_counts_at_the_next_edit(session):
    sub = session.folder / "broken"
    sub.mkdir()
    config = sub / ".tonecheck.yaml"
    config.write_text("selct: [accusatory]\n", encoding="utf-8")
    diagnostics = await session.open("broken/draft.txt", ACCUSATORY)
    assert len(diagnostics) == 1 and ".tonecheck.yaml" in diagnostics[0].message
    assert "selct" in diagnostics[0].message
    config.write_text("select: [accusatory]\n", encoding="utf-8")
    codes = {d.code for d in await session.change("broken/draft.txt", ACCUSATORY + "\n")}
    assert "accusatory/you-said-you-would" in codes and not any(
        c.startswith("missing-thanks/") for c in codes
    )


@pytest.mark.model
def test_the_benchmark_measures_a_few_edits(tmp_path):
    output = tmp_path / "lsp.json"
    command = [sys.executable, "-m", "tonecheck.benchmark", "--lsp", "--edits", "5", "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr  # 1: a target missed on a busy machine
    figures = json.loads(output.read_text(encoding="utf-8"))
    assert figures["edits"] == 5 and figures["change_to_diagnostics_ms"]["median"] > 0
    assert "change to diagnostics: median" in result.stdout
