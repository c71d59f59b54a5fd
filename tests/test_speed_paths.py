"""No speed path may change a finding: the prefilter, the numeric backend, worker processes and the
result cache are each compared with the plain path on the labelled corpus."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tonecheck.context import Context
from tonecheck.drafts import messages_for
from tonecheck.matchers import CompiledMatchers
from tonecheck.reading import read_file

from .conftest import ROOT

pytestmark = pytest.mark.model

CASES = sorted((ROOT / "corpus" / "cases").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_messages():
    messages = []
    for path in CASES:
        source = read_file(path)
        messages.extend(messages_for(source.path, source.text, Context(), data=source.data))
    return messages


def _findings(results):
    return [(result.kind, [f.to_dict() for f in result.findings]) for result in results]


def test_the_prefilter_finds_exactly_what_every_pattern_everywhere_finds(engine, corpus_messages):
    from tonecheck.engine import Engine

    everywhere = Engine(engine.ruleset, engine.nlp, engine.settings)
    everywhere.matchers = CompiledMatchers(engine.ruleset, engine.nlp, prefilter=False)
    docs = list(engine.nlp.pipe([message.text for message in corpus_messages]))
    for message, doc in zip(corpus_messages, docs, strict=True):
        assert dict(engine.matchers.run(doc)) == dict(everywhere.matchers.run(doc)), message.path
    fast = [engine.lint_doc(message, doc) for message, doc in zip(corpus_messages, docs, strict=True)]
    plain = [everywhere.lint_doc(message, doc) for message, doc in zip(corpus_messages, docs, strict=True)]
    assert _findings(fast) == _findings(plain)


def test_the_numeric_backend_changes_no_annotation_and_no_finding(builtin_ruleset, corpus_messages):
    from tonecheck.engine import Engine
    from tonecheck.matchers import components_needed
    from tonecheck.nlp import load_pipeline

    needed = components_needed(builtin_ruleset)
    blis = load_pipeline(None, needed, backend="blis")
    numpy = load_pipeline(None, needed, backend="numpy")
    ops = [next(p.model.ops for _n, p in nlp.pipeline if getattr(p, "model", None)) for nlp in (blis, numpy)]
    assert ops[0].use_blis and not ops[1].use_blis, "numpy's BLAS failed the check on this machine"
    texts = [message.text for message in corpus_messages]
    for first, second in zip(blis.pipe(texts), numpy.pipe(texts), strict=True):
        assert [(t.tag_, t.lemma_, t.head.i, t.dep_) for t in first] == [
            (t.tag_, t.lemma_, t.head.i, t.dep_) for t in second
        ]
    results = [list(Engine(builtin_ruleset, nlp).lint(corpus_messages)) for nlp in (blis, numpy)]
    assert _findings(results[0]) == _findings(results[1])


def _tonecheck(args: list[str], cwd: Path) -> dict:
    command = [sys.executable, "-m", "tonecheck", "-f", "json", *args]
    output = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert output.returncode in (0, 1), output.stderr
    return json.loads(output.stdout)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project holding 60 corpus drafts."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "pyproject.toml").write_text("")
    (folder / "drafts").mkdir()
    for path in CASES[::6][:60]:
        (folder / "drafts" / path.name).write_bytes(path.read_bytes())
    return folder


def test_worker_processes_find_what_one_process_finds(project):
    one = _tonecheck(["--no-cache", "--jobs", "1", "drafts"], project)
    two = _tonecheck(["--no-cache", "--jobs", "2", "drafts"], project)
    assert len(one["files"]) == 60 and one == two
    assert not (project / ".tonecheck_cache").exists()


def test_a_cached_run_reports_the_same_and_never_loads_spacy(project):
    fresh = _tonecheck(["--no-cache", "drafts"], project)
    assert _tonecheck(["drafts"], project) == fresh  # fills the cache
    assert _tonecheck(["drafts"], project) == fresh  # read from it
    code = (
        "import sys\n"
        "from tonecheck.cli import main\n"
        "sys.argv = ['tonecheck', '-f', 'json', 'drafts']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(f\"LOADED {'spacy' in sys.modules} {'tonecheck.engine' in sys.modules}\\n\")\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=600
    )
    assert run.stderr.strip().splitlines()[-1] == "LOADED False False"
    assert json.loads(run.stdout) == fresh
    # Any option that changes findings misses the cache: here, the selection.
    selected = _tonecheck(["--select", "accusatory", "drafts"], project)
    assert selected == _tonecheck(["--no-cache", "--select", "accusatory", "drafts"], project)
    assert selected != fresh


def test_cache_clean(project):
    _tonecheck(["drafts"], project)
    command = [sys.executable, "-m", "tonecheck", "cache", "clean"]
    output = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600)
    assert output.returncode == 0 and output.stdout.startswith("Removed ")
    assert not (project / ".tonecheck_cache").exists()
