import datetime as dt

import pytest

import tonecheck

pytestmark = pytest.mark.model


def test_check_returns_findings():
    findings = tonecheck.check(
        "You said you'd get back to me by Friday. Why haven't you replied?", kind="check-in"
    )
    rules = [f.rule for f in findings]
    assert "accusatory/you-said-you-would" in rules and "accusatory/why-havent-you" in rules
    assert all(f.category == f.rule.split("/")[0] for f in findings)


def test_check_takes_dates_as_dates_or_strings():
    text = "Hi Jo,\n\nThank you for the interview. Still keen; any update on the role?\n\nBest,\nSam"
    early = tonecheck.check(text, kind="check-in", interview_date=dt.date(2026, 3, 2), send_date="2026-03-03")
    assert [f.category for f in early] == ["premature-contact"]
    later = tonecheck.check(text, kind="check-in", interview_date="2026-03-02", send_date="2026-03-10")
    assert later == []


def test_select_and_ignore():
    text = "You said you'd get back to me by Friday."
    assert tonecheck.check(text, kind="other", ignore=["accusatory"]) == []
    assert [
        f.rule for f in tonecheck.check(text, kind="other", select=["accusatory/you-said-you-would"])
    ] == ["accusatory/you-said-you-would"]


def test_a_finding_is_immutable_and_round_trips_through_a_dict():
    from tonecheck.findings import Finding

    (finding, *_rest) = tonecheck.check("Per my last email, the file is attached.", kind="other")
    with pytest.raises(AttributeError):
        finding.start = 0  # type: ignore[misc]
    assert Finding.from_dict(finding.to_dict()) == finding


def test_only_the_cli_imports_typer():
    """The engine is a library: no module but the CLI imports Typer, Click or the CLI."""
    import ast
    from pathlib import Path

    package = Path(tonecheck.__file__).parent
    offenders = []
    for module in package.rglob("*.py"):
        relative = module.relative_to(package)
        if relative.parts[0] == "cli" or str(relative) == "__main__.py":
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            if any(n.split(".")[0] in ("typer", "click") or n.startswith("tonecheck.cli") for n in names):
                offenders.append(str(module.relative_to(package)))
    assert offenders == []


def test_the_library_runs_without_loading_the_cli():
    import subprocess
    import sys

    code = "import sys, tonecheck; tonecheck.check('Hello.'); print('tonecheck.cli' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


def test_linting_files_as_a_library_leaves_the_garbage_collector_alone(tmp_path):
    # The command collects garbage rarely while spaCy loads and then freezes the pipeline's objects
    # (tonecheck.pipeline.collector); a program that drives the Checker itself keeps its own settings.
    import gc

    from tonecheck.run.checker import Checker, CheckOptions

    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Jo,\n\nWhy haven't you replied??\n\nSam\n")
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    run = Checker(CheckOptions(cache_folder=None)).run([str(draft)])
    assert [f.rule for f in run.reports[0].findings if f.category == "accusatory"]
    assert gc.get_threshold() == thresholds and gc.get_freeze_count() == frozen
