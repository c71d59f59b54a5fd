"""Shared fixtures. Two tiers: fast tests use a blank English pipeline (no trained model) or no pipeline
at all; tests marked `model` load the pinned trained pipeline once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINIMAL_RULES = DATA / "minimal-rules"
SHARED_DATA = ROOT.parent / "shared" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--long", action="store_true", default=False, help="run the long robustness runs (many more examples)"
    )


def pytest_configure(config: pytest.Config) -> None:
    # The default run (CI) replays the same generated inputs every time, so a result is reproducible and a
    # landing is never decided by luck; `--long` explores fresh random inputs on each run.
    from hypothesis import settings

    settings.register_profile("replayable", derandomize=True)
    settings.register_profile("explore", derandomize=False)
    settings.load_profile("explore" if config.getoption("--long") else "replayable")


@pytest.fixture(scope="session")
def long_run(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--long"))


@pytest.fixture(scope="session")
def builtin_ruleset():
    from tonecheck.rulefiles.load import load_ruleset

    return load_ruleset()


@pytest.fixture(scope="session")
def minimal_ruleset():
    from tonecheck.rulefiles.load import load_ruleset

    return load_ruleset([MINIMAL_RULES], include_builtin=False)


@pytest.fixture(scope="session")
def blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def blank_engine(minimal_ruleset, blank_nlp):
    """The engine on the minimal rules and a blank pipeline: no trained model needed."""
    import datetime as dt

    from tonecheck.engine.lint import Engine, Settings

    return Engine(minimal_ruleset, blank_nlp, Settings(today=dt.date(2026, 3, 4)))


@pytest.fixture(scope="session")
def engine(builtin_ruleset):
    """The engine on the built-in rules and the pinned trained pipeline."""
    from tonecheck.api import build_engine

    return build_engine(builtin_ruleset)


def lint_text(engine, text: str, **context):
    """Findings for one draft given as text."""
    from tonecheck.inputs.context import make_context
    from tonecheck.inputs.messages import plain_message

    values = {key.replace("_", "-"): value for key, value in context.items()}
    message = plain_message("draft.txt", text, context=make_context(values, "test"))
    return next(engine.lint([message]))


def with_kind_reading(engine, **settings):
    """``engine`` with the kind model's reading settings changed (``close``, ``cue_weight``, ...): every
    kind close, or the cues outweighing the model."""
    from dataclasses import replace

    from tonecheck.engine.lint import Engine

    shipped = engine.ruleset
    reference = shipped.messages.kind_model.model_copy(update=settings)
    messages = shipped.messages.model_copy(update={"kind_model": reference})
    return Engine(replace(shipped, messages=messages), engine.nlp)


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


def one_error_line(result) -> str:
    """The command's error: exactly one line on standard error, never a traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]
