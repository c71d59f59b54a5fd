"""Five-fold cross-validation of the whole linter on the dev split of corpus/real/.

    pip install '.[train]'
    python scripts/cross_validate.py
    python scripts/cross_validate.py --dump cv.json   # also each draft's kind and findings, to compare runs

The dev drafts are split in five by a hash of their id. Each fifth is linted as a user's unseen draft is:
with a kind model (scripts/train_kind_model.py) and the learned rules' text models
(scripts/train_tone_model.py) trained without it, and every rule as shipped. It prints how many kinds were
read right and precision and recall per category, so a change to the rules or the models can be judged on
drafts the models never learned from. (Scoring dev with the shipped models flatters them: they were
trained on every dev draft. The held-out test split stays for `tonecheck eval --split test`.)

Needs scikit-learn and ../shared/data/politeness, as the training scripts do. Takes a minute or two.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from train_kind_model import fit_document as fit_kind_document  # noqa: E402
from train_kind_model import training_drafts  # noqa: E402
from train_tone_model import drafts, fifth, fit_document, neutral_requests, requirements_missing  # noqa: E402

from tonecheck.engine.build import build_engine  # noqa: E402
from tonecheck.evaluation.scoring import read_labels, split_of  # noqa: E402
from tonecheck.inputs.messages import plain_message  # noqa: E402
from tonecheck.rulefiles.kindmodel import KindModel  # noqa: E402
from tonecheck.rulefiles.load import load_ruleset  # noqa: E402

REAL = ROOT / "corpus" / "real"


class InMemory:
    """A text model already trained, where the rule set holds a model file read on first use."""

    def __init__(self, model: KindModel) -> None:
        self.model = model


def tone_model(category: str, part: int, neutral: list[str]) -> KindModel:
    """The learned text model of ``category``, trained on corpus/ and the dev drafts outside ``part``."""
    own, real = drafts(category)
    return KindModel.from_json(
        fit_document(category, own + [row for row in real if fifth(row[0]) != part], neutral)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Five-fold cross-validation on the dev split.")
    parser.add_argument("--dump", type=Path, help="also write each draft's kind and findings here, as JSON")
    options = parser.parse_args()
    missing = requirements_missing("cross_validate")
    if missing is not None:
        sys.stderr.write(missing)
        return 2
    ruleset = load_ruleset([])
    labels = [label for label in read_labels(REAL) if split_of(label.id) == "dev"]
    categories = sorted({category for label in labels for category in label.expect})
    # Each learned rule names its model file, tone-<category>.json; rules may share one.
    learned_files = {
        rule_id: rule.model.learned.file for rule_id, rule in ruleset.rules.items() if rule.model.learned
    }
    neutral = neutral_requests()
    every_draft = training_drafts()
    kinds_right = 0
    counts: dict[str, Counter[str]] = {category: Counter() for category in categories}
    dumped: list[dict[str, object]] = []
    for part in range(5):
        held = [label for label in labels if fifth(label.id) == part]
        held_ids = {label.id for label in held}
        kept = [draft for draft in every_draft if draft[0] not in held_ids]
        kind_model = KindModel.from_json(fit_kind_document([d[1] for d in kept], [d[2] for d in kept]))
        models: dict[str, KindModel] = {}
        for file in set(learned_files.values()):
            match = re.fullmatch(r"tone-(.+)\.json", file)
            if match is None:
                sys.stderr.write(f"cross_validate: cannot tell the category of {file}\n")
                return 2
            models[file] = tone_model(match.group(1), part, neutral)
        learned = {rule_id: InMemory(models[file]) for rule_id, file in learned_files.items()}
        engine = build_engine(dataclasses.replace(ruleset, kind_model=kind_model, learned=learned))
        messages = [plain_message(str(label.path), label.path.read_text(encoding="utf-8")) for label in held]
        for label, result in zip(held, engine.lint(messages), strict=True):
            kinds_right += result.kind == label.kind
            found = {finding.category for finding in result.findings}
            dumped.append(
                {
                    "id": label.id,
                    "kind": label.kind,
                    "read": result.kind,
                    "close": list(result.close),
                    "expect": sorted(label.expect),
                    "found": sorted(found),
                    "rules": sorted({finding.rule for finding in result.findings}),
                }
            )
            for category in categories:
                expected = category in label.expect
                flagged = category in found
                counts[category][
                    "tp" if expected and flagged else "fp" if flagged else "fn" if expected else "tn"
                ] += 1
        print(f"fifth {part + 1} of 5 done", file=sys.stderr)
    if options.dump is not None:
        # One row per draft, so two runs can be compared draft by draft.
        options.dump.write_text(json.dumps(dumped, indent=0), encoding="utf-8")
    print(f"{len(labels)} dev drafts; kind read right for {kinds_right} ({kinds_right / len(labels):.3f})")
    print(f"{'category':22} {'TP':>5} {'FP':>4} {'FN':>4}  precision  recall")
    for category, count in counts.items():
        tp, fp, fn = count["tp"], count["fp"], count["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{category:22} {tp:5} {fp:4} {fn:4}  {precision:9.3f}  {recall:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
