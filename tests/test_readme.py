"""The README's two commands stay true: CI runs the second one, and the sample draft exists."""

import re

from .conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    head = readme.split("---", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", head)


def test_readme_starts_with_the_two_commands():
    install_and_run, test = _commands()
    assert "pip install ." in install_and_run and "tonecheck corpus/" in install_and_run
    sample = install_and_run.rsplit(" ", 1)[1]
    assert (ROOT / sample).is_file()
    assert "pip install '.[test]'" in test and "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert _commands()[1] in ci


def test_the_json_section_documents_decoded_offsets():
    # Issue 17, item 9: `"offsets": "decoded"` is part of the JSON output, so the README explains it.
    readme = (ROOT / "README.md").read_text()
    json_section = readme.split("### JSON", 1)[1].split("\n### ", 1)[0]
    assert '`"decoded"`' in json_section and "quoted-printable" in json_section


def test_the_usage_section_documents_the_new_options():
    # Issue 17, items 6 and 11.
    usage = (ROOT / "README.md").read_text().split("## Usage", 1)[1].split("\n## ", 1)[0]
    assert "--show-why" in usage and "--force-exclude" in usage
