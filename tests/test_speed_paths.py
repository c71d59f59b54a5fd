"""No speed path may change a finding: the prefilter, matching only the slots findings use, the numeric
backend, the remembering attribute ruler and lemmatizer, worker processes and the result cache are each
compared with the plain path on the labelled corpus."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tonecheck.engine.matchers import CompiledMatchers
from tonecheck.inputs.context import Context
from tonecheck.inputs.decoding import read_file
from tonecheck.inputs.messages import messages_for

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
    from tonecheck.engine.lint import Engine

    everywhere = Engine(engine.ruleset, engine.nlp, engine.settings)
    everywhere.matchers = CompiledMatchers(engine.ruleset, engine.nlp, prefilter=False)
    docs = list(engine.nlp.pipe([message.text for message in corpus_messages]))
    for message, doc in zip(corpus_messages, docs, strict=True):
        assert dict(engine.matchers.run(doc)) == dict(everywhere.matchers.run(doc)), message.path
    fast = [engine.lint_doc(message, doc) for message, doc in zip(corpus_messages, docs, strict=True)]
    plain = [everywhere.lint_doc(message, doc) for message, doc in zip(corpus_messages, docs, strict=True)]
    assert _findings(fast) == _findings(plain)


def test_matching_only_the_slots_a_finding_uses_changes_no_finding(engine, corpus_messages, monkeypatch):
    from tonecheck.engine.lint import Engine

    docs = list(engine.nlp.pipe([message.text for message in corpus_messages]))
    pairs = list(zip(corpus_messages, docs, strict=True))
    some = [engine.lint_doc(message, doc) for message, doc in pairs]
    # (asked before the patch below, which makes every rule use every slot)
    filled = [f for r in some for f in r.findings if engine._slots_used(engine.ruleset.rules[f.rule])]
    assert filled, "no corpus finding uses a slot: the comparison would prove nothing"
    monkeypatch.setattr(Engine, "_slots_used", lambda self, rule: self._text_slots)
    every = [engine.lint_doc(message, doc) for message, doc in pairs]
    assert _findings(some) == _findings(every)


def test_the_numeric_backend_changes_no_annotation_and_no_finding(builtin_ruleset, corpus_messages):
    from tonecheck.engine.lint import Engine
    from tonecheck.engine.matchers import components_needed
    from tonecheck.pipeline.load import load_pipeline

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


def test_remembering_components_change_no_annotation_or_finding(builtin_ruleset, corpus_messages):
    from tonecheck.engine.lint import Engine
    from tonecheck.engine.matchers import components_needed
    from tonecheck.pipeline.load import load_pipeline

    needed = components_needed(builtin_ruleset)
    plain = load_pipeline(None, needed, memoize=False)
    remembering = load_pipeline(None, needed)
    assert "match" in vars(remembering.get_pipe("attribute_ruler")), "the check on load refused it"
    assert "pipe" in vars(remembering.get_pipe("lemmatizer")), "the check on load refused it"
    assert "match" not in vars(plain.get_pipe("attribute_ruler"))
    texts = [message.text for message in corpus_messages]
    for first, second in zip(plain.pipe(texts), remembering.pipe(texts), strict=True):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_) for t in first] == [
            (t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_) for t in second
        ]
    results = [list(Engine(builtin_ruleset, nlp).lint(corpus_messages)) for nlp in (plain, remembering)]
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


def _state(nlp):
    """The backend of the dense layers and the components that remember their answers."""
    ops = next(p.model.ops for _n, p in nlp.pipeline if getattr(p, "model", None))
    replaced = {"attribute_ruler": "match", "lemmatizer": "pipe"}  # what remembering sets on each
    remembering = [name for name, method in replaced.items() if method in vars(nlp.get_pipe(name))]
    return ("blis" if ops.use_blis else "numpy", remembering)


def test_the_checks_at_load_are_kept_and_applied_only_under_their_fingerprint(
    builtin_ruleset, corpus_messages, tmp_path
):
    from tonecheck.engine.matchers import components_needed
    from tonecheck.pipeline.checks import FILE_NAME
    from tonecheck.pipeline.load import load_pipeline

    needed = components_needed(builtin_ruleset)
    checked = load_pipeline(None, needed, backend="numpy", cache_folder=tmp_path)
    kept = json.loads((tmp_path / FILE_NAME).read_text())
    (key, outcome), *others = kept["outcomes"].items()
    assert not others and outcome == {"backend": "numpy", "remembering": ["attribute_ruler", "lemmatizer"]}
    # The next start applies the kept outcome without checking: the same state, the same annotations.
    applied = load_pipeline(None, needed, backend="numpy", cache_folder=tmp_path)
    assert _state(applied) == _state(checked) == ("numpy", ["attribute_ruler", "lemmatizer"])
    texts = [message.text for message in corpus_messages[:40]]
    for first, second in zip(checked.pipe(texts), applied.pipe(texts), strict=True):
        assert [(t.tag_, t.pos_, t.lemma_, t.head.i, t.dep_) for t in first] == [
            (t.tag_, t.pos_, t.lemma_, t.head.i, t.dep_) for t in second
        ]
    # What is kept is what is applied (here: an outcome that keeps BLIS and remembers nothing) ...
    (tmp_path / FILE_NAME).write_text(
        json.dumps({**kept, "outcomes": {key: {"backend": "blis", "remembering": []}}})
    )
    assert _state(load_pipeline(None, needed, backend="numpy", cache_folder=tmp_path)) == ("blis", [])
    # ... and only under its own fingerprint: asking for another backend checks again.
    assert _state(load_pipeline(None, needed, backend="blis", cache_folder=tmp_path))[0] == "blis"
    assert len(json.loads((tmp_path / FILE_NAME).read_text())["outcomes"]) == 2


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
        "sys.stderr.write(f\"LOADED {'spacy' in sys.modules} {'tonecheck.engine.lint' in sys.modules}\\n\")\n"
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


def test_a_cached_text_report_is_the_same_and_keeps_front_matter_silences(tmp_path):
    # The text report prints each rule's "why" and honours a front matter `ignore:`; a cached run
    # reads neither the rules nor the front matter again, so both must come back from the entry.
    (tmp_path / "pyproject.toml").write_text("")
    draft = "Hi Dana,\n\nYou said you would get back to me by Friday. Why haven't you replied??\n\nSam\n"
    (tmp_path / "plain.txt").write_text(draft)
    (tmp_path / "silenced.txt").write_text("---\ntonecheck-ignore: [missing-thanks]\n---\n" + draft)

    def text_report() -> str:
        command = [sys.executable, "-m", "tonecheck", "plain.txt", "silenced.txt"]
        output = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert output.returncode == 1, output.stderr
        return output.stdout

    fresh = text_report()
    assert text_report() == fresh  # read from the cache this time
    assert "  why: " in fresh and "plain.txt" in fresh
    assert "missing-thanks" in fresh and "silenced.txt:" in fresh
    silenced = [line for line in fresh.splitlines() if line.startswith("silenced.txt:")]
    assert silenced and not any("missing-thanks" in line for line in silenced)


def test_kept_compiled_patterns_match_exactly_what_compiling_them_matches(engine, corpus_messages, tmp_path):
    from tonecheck.engine.patterncache import FILE_NAME

    writing = CompiledMatchers(engine.ruleset, engine.nlp, cache_folder=tmp_path)
    assert (tmp_path / FILE_NAME).is_file()
    reading = CompiledMatchers(engine.ruleset, engine.nlp, cache_folder=tmp_path)
    assert reading.all_kept and not writing.all_kept  # every pattern came from the file
    # ... and the anchor index from the kept snapshot, rebuilt as compiling built it
    assert reading.anchor_index is not writing.anchor_index
    assert reading.anchor_index.state() == writing.anchor_index.state()
    # ... and the phrases' tokens and the valence lexicon, as the tokenizer and the lexicon file give them
    assert reading._pieces == writing._pieces and reading._pieces
    for phrase, pieces in reading._pieces.items():
        assert [token.text for token in engine.nlp.tokenizer(phrase)] == pieces, phrase
    assert reading.valence_table == writing.valence_table == engine.matchers.valence_table
    docs = list(engine.nlp.pipe([message.text for message in corpus_messages[:80]]))
    for message, doc in zip(corpus_messages[:80], docs, strict=True):
        expected = dict(engine.matchers.run(doc))
        assert dict(writing.run(doc)) == expected, message.path
        assert dict(reading.run(doc)) == expected, message.path


def test_the_command_exits_at_once_with_its_output_flushed(tmp_path):
    # `tonecheck` skips the interpreter's teardown (cli.run_and_exit): the report must still be complete
    # and the exit code right, on a pipe as on a file.
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "draft.txt").write_text("Hi Dana,\n\nPer my last email, where is my answer???\n\nSam\n")
    command = [sys.executable, "-m", "tonecheck", "--no-cache", "draft.txt"]
    output = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert output.returncode == 1
    assert output.stdout.rstrip().endswith("in 1 of 1 file.")
    assert "accusatory/per-my-last-email" in output.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "tonecheck", "missing.txt"], cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "missing.txt" in bad.stderr


def test_cache_clean(project):
    _tonecheck(["drafts"], project)
    command = [sys.executable, "-m", "tonecheck", "cache", "clean"]
    output = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600)
    assert output.returncode == 0 and output.stdout.startswith("Removed ")
    assert not (project / ".tonecheck_cache").exists()
