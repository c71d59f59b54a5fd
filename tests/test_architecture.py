"""The tree shows the design: packages by stage, imports in one direction, small modules."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "tonecheck"
STAGES = ("inputs", "rulefiles", "pipeline", "engine", "run", "report", "evaluation", "cli")


def test_import_layers_hold():
    """`lint-imports` checks the contracts in pyproject.toml: the layers, Typer only in the command
    line, the engine never reporting, and no import circles."""
    beside_python = str(Path(sys.executable).parent)
    command = shutil.which("lint-imports", path=beside_python) or shutil.which("lint-imports")
    assert command, "import-linter is a test dependency: pip install '.[test]'"
    completed = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
    assert "BROKEN" not in completed.stdout and "KEPT" in completed.stdout


def test_at_most_twelve_modules_at_the_top():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, long


def test_every_stage_is_a_package_that_says_what_it_owns_and_must_not_import():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), stage
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(docstring.split()) >= 15, stage
        assert "never" in docstring, stage


def test_architecture_document_names_every_package():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for stage in STAGES:
        assert f"`{stage}/`" in text, stage
