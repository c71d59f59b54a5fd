"""`python -m tonecheck.benchmark --lsp`: how fast the language server answers an edit, and its memory.

It starts `tonecheck lsp` as an editor would (a subprocess on stdio, driven by pygls's client), opens
a 300-word draft and waits until the pipeline has loaded and the draft is linted. Then it makes
``edits`` edits one after another, each a word typed somewhere in the draft, and times each from the
`didChange` notification to the diagnostics for that version (the server's delay after an edit
included). The server's resident memory is read after the first ``warm`` edits and after the last:
the server may grow while its caches fill, not beyond that. Targets: a median of at most 150 ms, and at
most 10% growth over 1,000 edits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from tonecheck.benchmark.drafts import DraftGenerator

LATENCY_TARGET_MS = 150
GROWTH_TARGET = 0.10
WORDS = 300
RUDE = "Per my last email, I still have not heard back about the timeline."
TYPED = ("really", "truly", "still", "very", "again", "kindly", "also", "quite")


def draft_of(words: int, seed: int) -> str:
    """A draft of about ``words`` words: the generator's first draft with a rude opening line, and body
    paragraphs of the next drafts added, one at a time, before its closing lines."""
    generator = DraftGenerator(seed)
    lines = generator.draft(0).splitlines()
    lines[2:2] = [RUDE, ""]  # something to find, so the findings are built as well
    closing = len(lines) - 4  # a closing line, a blank line, the sign-off and the name
    index = 1
    while len(" ".join(lines).split()) < words:
        other = generator.draft(index).splitlines()[2:-4]
        for line in other:
            if len(" ".join(lines).split()) >= words:
                break
            if len(line.split()) > 6 and not line.startswith(("---", "kind:")):
                lines[closing:closing] = [line, ""]
                closing += 2
        index += 1
    return "\n".join(lines) + "\n"


def typed(text: str, edit: int) -> str:
    """``text`` with one more word typed into a sentence, a different place and word each time."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    at = spaces[(edit * 7919) % len(spaces)]
    return f"{text[:at]} {TYPED[edit % len(TYPED)]}{text[at:]}"


def resident_kib(pid: int) -> int | None:
    """The process's resident memory in KiB (Linux's /proc; None elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


async def measure(edits: int = 1000, warm: int = 50, seed: int = 2026) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix="tonecheck-lsp-bench-"))
    (scratch / "pyproject.toml").write_text("[project]\nname = 'bench'\n", encoding="utf-8")
    uri = (scratch / "draft.txt").as_uri()
    draft = draft_of(WORDS, seed)
    client = LanguageClient("tonecheck-benchmark", "1")
    waiting: dict[int, asyncio.Future[float]] = {}

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params: types.LogMessageParams) -> None:
        pass  # the server says when the pipeline is loaded; the first diagnostics say as much

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        future = waiting.get(params.version or 0)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    async def lint(version: int, send: Any) -> float:
        waiting[version] = asyncio.get_running_loop().create_future()
        began = time.perf_counter()
        send()
        arrived = await asyncio.wait_for(waiting[version], 300)
        del waiting[version]
        return (arrived - began) * 1000

    await client.start_io(sys.executable, "-m", "tonecheck", "lsp", cwd=scratch)
    server = client._server
    assert server is not None
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=scratch.as_uri())
    )
    client.initialized(types.InitializedParams())
    item = types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=draft)
    first = await lint(
        1, lambda: client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    )
    latencies: list[float] = []
    memory: dict[str, int | None] = {}
    for edit in range(edits):
        version = edit + 2
        text = typed(draft, edit)  # the word typed last time is gone: the draft stays the same size
        params = types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
        latencies.append(await lint(version, lambda p=params: client.text_document_did_change(p)))
        if edit + 1 == warm:
            memory["after_warm_kib"] = resident_kib(server.pid)
    memory["after_all_kib"] = resident_kib(server.pid)
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.wait_for(server.wait(), 30)
    await client.stop()
    before, after = memory.get("after_warm_kib"), memory.get("after_all_kib")
    ordered = sorted(latencies)
    return {
        "words": len(draft.split()),
        "edits": edits,
        "load_and_first_lint_ms": round(first),
        "change_to_diagnostics_ms": {
            "median": round(statistics.median(latencies), 1),
            "p90": round(ordered[int(len(ordered) * 0.9)], 1),
            "max": round(ordered[-1], 1),
        },
        "memory_kib": {f"after {warm} edits": before, f"after {edits} edits": after},
        "growth": round((after - before) / before, 4) if before and after else None,
    }


def report(figures: dict[str, Any]) -> bool:
    """Print the figures against the targets; whether both are met."""
    latency = figures["change_to_diagnostics_ms"]
    growth = figures["growth"]
    memory = list(figures["memory_kib"].items())
    print(f"language server, a {figures['words']}-word draft, {figures['edits']} edits")
    print(f"  first diagnostics after opening (the pipeline loading): {figures['load_and_first_lint_ms']} ms")
    print(
        f"  change to diagnostics: median {latency['median']} ms, 90th percentile {latency['p90']} ms, "
        f"max {latency['max']} ms (target: median <= {LATENCY_TARGET_MS} ms)"
    )
    for label, kib in memory:
        print(f"  memory {label}: {kib / 1024:.1f} MB" if kib else f"  memory {label}: unknown")
    if growth is not None:
        print(f"  growth: {growth:+.1%} (target: at most {GROWTH_TARGET:.0%})")
    return latency["median"] <= LATENCY_TARGET_MS and growth is not None and growth <= GROWTH_TARGET


def main(argv: list[str] | None = None) -> int:
    """Measure, print, and exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(
        prog="python -m tonecheck.benchmark --lsp", description="the language server's latency and memory"
    )
    parser.add_argument("--lsp", action="store_true", help="this measurement (the flag that chose it)")
    parser.add_argument("--edits", type=int, default=1000, help="edits to make (default 1000)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the draft generator")
    parser.add_argument("--output", type=Path, help="also write the figures here, as JSON")
    args = parser.parse_args(argv)
    figures = asyncio.run(measure(edits=args.edits, warm=min(50, max(1, args.edits // 10)), seed=args.seed))
    met = report(figures)
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if met else 1
