"""Output formats: SARIF (validated against the 2.1.0 schema), GitHub annotations, JUnit, concise."""

import json
import xml.etree.ElementTree as ElementTree

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app

from .conftest import DATA

pytestmark = pytest.mark.model

ACCUSATORY = str(DATA / "drafts" / "accusatory.txt")
WARM = str(DATA / "drafts" / "warm-thank-you.txt")


def _run(*args):
    return CliRunner().invoke(app, [*args, "--isolated"])


def test_sarif_validates_against_the_schema():
    import jsonschema

    document = json.loads(_run(ACCUSATORY, WARM, "--format", "sarif").stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    described = rules["accusatory/you-said-you-would"]
    assert described["defaultConfiguration"]["level"] == "error"
    assert (
        described["help"]["text"]
        and described["fullDescription"]["text"]
        and described["shortDescription"]["text"]
    )
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {"accusatory/you-said-you-would", "accusatory/why-havent-you"}
    first = results[0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("accusatory.txt")
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert any("fixes" in r for r in results)


def test_github_annotations():
    output = _run(ACCUSATORY, "--format", "github").stdout.splitlines()
    assert output[0].startswith(
        f"::error file={ACCUSATORY},line=3,col=1,endLine=3,endColumn=41,title=accusatory/you-said-you-would::"
    )
    assert any(line.startswith("::warning ") for line in output)
    assert all("\n" not in line for line in output)


def test_junit():
    root = ElementTree.fromstring(_run(ACCUSATORY, WARM, "--format", "junit").stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [ACCUSATORY, WARM]
    assert len(suites[0].findall("testcase/failure")) == int(suites[0].get("failures")) >= 2
    assert suites[1].get("failures") == "0" and suites[1].find("testcase") is not None


def test_concise_statistics_quiet_and_exit_zero():
    concise = _run(ACCUSATORY, "--format", "concise").stdout.splitlines()
    assert concise[0] == (
        f"{ACCUSATORY}:3:1: error [accusatory/you-said-you-would] Quoting the "
        f"reader's own promise back to them reads as a reproach."
    )
    statistics = _run(ACCUSATORY, "--statistics").stdout
    assert "accusatory/why-havent-you" in statistics and statistics.split()[0] == "1"
    quiet = _run(ACCUSATORY, "--quiet").stdout
    assert "Found 3 problems" not in quiet and "accusatory.txt: read as" not in quiet
    assert "[accusatory/why-havent-you]" in quiet
    assert _run(ACCUSATORY, "--exit-zero").exit_code == 0
    assert _run(ACCUSATORY).exit_code == 1
