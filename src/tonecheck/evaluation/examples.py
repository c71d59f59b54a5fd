"""Run the examples each rule carries: `flag` must be flagged, `pass` must not be, and `known_misses`
must still be missed (a known miss that starts being caught should move to `flag`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.engine.lint import Engine
from tonecheck.findings import Finding
from tonecheck.inputs.context import Context
from tonecheck.inputs.messages import plain_message
from tonecheck.rulefiles.load import Rule, RuleSet, load_ruleset
from tonecheck.rulefiles.schema import Example

GROUPS = ("flag", "pass", "known_misses")


@dataclass(frozen=True)
class Case:
    rule: Rule
    group: str
    index: int
    example: Example

    @property
    def name(self) -> str:
        return f"{self.rule.id}:{self.group}[{self.index}]"

    def context(self) -> Context:
        given = self.example.context
        values = given.model_dump() if given is not None else {}
        if not values.get("kind"):
            # An example is read as the first kind its rule applies to, unless it says otherwise.
            values["kind"] = self.rule.kinds[0]
        return Context(**values)


@dataclass(frozen=True)
class Verdict:
    case: Case
    ok: bool
    detail: str
    findings: tuple[Finding, ...]


def cases(ruleset: RuleSet, rule_ids: Iterable[str] | None = None) -> list[Case]:
    wanted = set(rule_ids) if rule_ids is not None else None
    found = []
    for rule_id, rule in sorted(ruleset.rules.items()):
        if wanted is not None and rule_id not in wanted:
            continue
        examples = rule.model.examples
        for group, items in (
            ("flag", examples.flag),
            ("pass", examples.pass_),
            ("known_misses", examples.known_misses),
        ):
            for index, example in enumerate(items):
                found.append(Case(rule, group, index, example))
    return found


def judge(engine: Engine, case_list: list[Case]) -> list[Verdict]:
    messages = [plain_message(f"<{c.name}>", c.example.text, context=c.context()) for c in case_list]
    # Each example is judged on its own rule alone, so another rule reporting the same words does not
    # hide it.
    only = [frozenset({c.rule.id}) for c in case_list]
    verdicts = []
    for case, result in zip(case_list, engine.lint(messages, only=only), strict=False):
        own = tuple(f for f in result.findings if f.rule == case.rule.id)
        verdicts.append(_verdict(case, own))
    return verdicts


def _verdict(case: Case, own: tuple[Finding, ...]) -> Verdict:
    example = case.example
    if case.group == "pass":
        if own:
            return Verdict(case, False, f"flagged {own[0].text!r} but should pass", own)
        return Verdict(case, True, "passes", own)
    if case.group == "known_misses":
        if own:
            return Verdict(case, False, f"known miss is now caught ({own[0].text!r}): move it to flag", own)
        return Verdict(case, True, "still missed (known)", own)
    if not own:
        return Verdict(case, False, "not flagged", own)
    chosen = own[0]
    if example.span is not None:
        spans = [f for f in own if f.text == example.span]
        if not spans:
            return Verdict(case, False, f"flagged {own[0].text!r}, expected span {example.span!r}", own)
        chosen = spans[0]
    if example.rewrite is not None:
        first = chosen.suggestions[0] if chosen.suggestions else None
        if first != example.rewrite:
            return Verdict(case, False, f"rewrite was {first!r}, expected {example.rewrite!r}", own)
    return Verdict(case, True, f"flagged {chosen.text!r}", own)


@dataclass
class Outcome:
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)

    def lines(self, verbose: bool = False) -> list[str]:
        out = []
        for verdict in self.verdicts:
            if verbose or not verdict.ok:
                mark = "ok  " if verdict.ok else "FAIL"
                out.append(f"{mark} {verdict.case.name} {verdict.detail}")
        failed = sum(1 for v in self.verdicts if not v.ok)
        rules = len({v.case.rule.id for v in self.verdicts})
        out.append(
            f"{len(self.verdicts) - failed} of {len(self.verdicts)} examples behave as declared "
            f"in {rules} {'rule' if rules == 1 else 'rules'}."
        )
        return out


def run_examples(dirs: list[Path], model: str | None = None, only_extra: bool = False) -> Outcome:
    """Test the built-in rules, or (``only_extra``) the rules in ``dirs`` alongside the built-in elements."""
    from tonecheck.engine.build import build_engine

    ruleset = load_ruleset(dirs)
    engine = build_engine(ruleset, model)
    rule_ids = None
    if only_extra:
        roots = [str(d) for d in dirs]
        rule_ids = [rid for rid, rule in ruleset.rules.items() if any(rule.path.startswith(r) for r in roots)]
    return Outcome(judge(engine, cases(ruleset, rule_ids)))
