"""`tonecheck eval` scores the categories a corpus is labelled for (`categories.json`), or every one."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.errors import InputError
from tonecheck.evaluation.scoring import read_categories, read_labels

from .conftest import ROOT

REAL = ROOT / "corpus" / "real"


def _corpus(tmp_path, categories: str | None, expect: list[str]):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a-001.txt").write_text("Hi Sam,\n\nThank you.\n\nAlex\n", encoding="utf-8")
    (tmp_path / "labels.jsonl").write_text(json.dumps({"id": "a-001", "expect": expect}) + "\n")
    if categories is not None:
        (tmp_path / "categories.json").write_text(categories, encoding="utf-8")
    return tmp_path


def test_without_the_file_every_category_is_scored(tmp_path):
    folder = _corpus(tmp_path, None, [])
    assert read_categories(folder, read_labels(folder)) is None


def test_the_listed_categories_are_scored_in_the_usual_order(tmp_path):
    folder = _corpus(tmp_path, '["missing-thanks", "accusatory"]', ["accusatory"])
    assert read_categories(folder, read_labels(folder)) == ["accusatory", "missing-thanks"]


def test_the_real_corpus_lists_its_four_categories():
    listed = read_categories(REAL, read_labels(REAL))
    assert listed == ["accusatory", "premature-contact", "missing-thanks", "bridge-burning"]


@pytest.mark.parametrize(
    ("content", "expect", "error"),
    [
        ("{broken", [], "invalid JSON"),
        ('{"accusatory": true}', [], "expected a list of categories"),
        ("[]", [], "expected a list of categories"),
        ('["accusatory"]', ["late-contact"], "'a-001' expects 'late-contact', which is not in the list"),
    ],
)
def test_a_bad_categories_file_is_a_one_line_error(tmp_path, content, expect, error):
    folder = _corpus(tmp_path, content, expect)
    with pytest.raises(InputError) as caught:
        read_categories(folder, read_labels(folder))
    assert error in str(caught.value) and "categories.json" in str(caught.value)
    result = CliRunner().invoke(app, ["eval", str(folder)])
    assert result.exit_code == 2
    assert error in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.model
def test_eval_of_the_real_corpus_reports_only_its_categories():
    result = CliRunner().invoke(app, ["eval", str(REAL), "--split", "test", "--summary", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    categories = json.loads(result.stdout)["categories"]
    assert list(categories) == ["accusatory", "premature-contact", "missing-thanks", "bridge-burning"]


@pytest.mark.model
def test_a_category_no_rule_has_is_an_error(tmp_path):
    folder = _corpus(tmp_path, '["accusatory", "late-contacts"]', [])
    result = CliRunner().invoke(app, ["eval", str(folder)])
    assert result.exit_code == 2
    assert "no rule has the category 'late-contacts'" in result.stderr
