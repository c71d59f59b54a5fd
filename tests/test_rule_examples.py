"""Every example in every built-in rule: `flag` is flagged, `pass` is not, `known_misses` (strict xfail)
are still missed."""

import pytest

from tonecheck.evaluation.examples import cases, judge
from tonecheck.rulefiles.load import load_ruleset

pytestmark = pytest.mark.model

CASES = cases(load_ruleset())


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason="known miss")] if case.group == "known_misses" else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def verdicts(engine):
    return {verdict.case.name: verdict for verdict in judge(engine, CASES)}


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_rule_example(case, verdicts):
    verdict = verdicts[case.name]
    if case.group == "known_misses":
        assert verdict.findings, "still missed"
    else:
        assert verdict.ok, verdict.detail
