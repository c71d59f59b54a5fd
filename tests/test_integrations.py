"""The pre-commit hook and the GitHub Action, run for real; the README snippets that set them up."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.model

ACCUSATORY = (
    "Hi [Name],\n\nYou said you would get back to me by Friday. Why "
    "haven't you replied?\n\nThank you,\n[Your Name]\n"
)
FIXED = (
    "Hi [Name],\n\nThank you again for the interview. I'm still very "
    "interested in the role.\n\nBest,\n[Your Name]\n"
)


def _readme_block(language: str, contains: str) -> str:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(rf"```{language}\n(.*?)```", readme, re.DOTALL)
    return next(block for block in blocks if contains in block)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _template_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "templates-repo"
    (repo / "templates").mkdir(parents=True)
    (repo / "templates" / "check-in.txt").write_text(ACCUSATORY)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "templates")
    return repo


def _pre_commit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([executable, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


def test_pre_commit_hook_fails_then_passes_with_try_repo(tmp_path):
    repo = _template_repo(tmp_path)
    failing = _pre_commit("try-repo", str(ROOT), "tonecheck", "--all-files", cwd=repo)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "accusatory/you-said-you-would" in failing.stdout
    (repo / "templates" / "check-in.txt").write_text(FIXED)
    passing = _pre_commit("try-repo", str(ROOT), "tonecheck", "--all-files", cwd=repo)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_readme_pre_commit_snippet(tmp_path):
    config = yaml.safe_load(_readme_block("yaml", "hooks: [{id: tonecheck}]"))
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    config["repos"][0].update(repo=str(ROOT), rev=head)
    repo = _template_repo(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    result = _pre_commit("run", "--all-files", cwd=repo)
    assert result.returncode == 1 and "accusatory/you-said-you-would" in result.stdout


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def _step(name: str) -> dict:
    return next(step for step in _action()["runs"]["steps"] if step.get("name") == name)


def test_action_lint_step(tmp_path):
    repo = _template_repo(tmp_path)
    output = tmp_path / "github-output"
    sarif = tmp_path / "report.sarif"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "INPUT_PATHS": "templates",
        "INPUT_FAIL_ON": "warning",
        "INPUT_SARIF": str(sarif),
        "INPUT_ARGS": "--isolated",
        "GITHUB_OUTPUT": str(output),
    }
    result = subprocess.run(
        ["bash", "-c", _step("Lint")["run"]], cwd=repo, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=templates/check-in.txt,line=3,")
    assert output.read_text().strip() == "exit-code=1"
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    (repo / "templates" / "check-in.txt").write_text(FIXED)
    clean = subprocess.run(
        ["bash", "-c", _step("Lint")["run"]],
        cwd=repo,
        env={**env, "INPUT_SARIF": ""},
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 0 and clean.stdout == ""


def test_action_install_step(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "ACTION_PATH": str(ROOT)}
    subprocess.run(
        ["bash", "-c", _step("Install tonecheck")["run"]], env=env, check=True, capture_output=True
    )
    version = subprocess.run(
        [str(venv / "bin" / "tonecheck"), "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("tonecheck ")


def test_readme_workflow_uses_the_action_with_its_inputs():
    workflow = yaml.safe_load(_readme_block("yaml", "actions/checkout"))
    steps = workflow["jobs"]["tonecheck"]["steps"]
    uses = next(step for step in steps if step.get("uses", "").startswith("tonecheck/tonecheck@"))
    assert set(uses["with"]) <= set(_action()["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
