"""Score the linter against a labelled corpus: per category, true and false positives, misses, P/R/F1."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tonecheck.errors import InputError
from tonecheck.rulefiles.schema import CATEGORIES, KINDS

LABELS_FILE = "labels.jsonl"
# Optional, beside the labels: the categories the corpus is labelled for, as a JSON list. A corpus
# labelled before a category existed is scored on its own categories only, not on every rule's.
CATEGORIES_FILE = "categories.json"
_DRAFT_SUFFIXES = (".txt", ".md", ".eml")
SPLITS = ("all", "dev", "test")
LABEL_KEYS = ("id", "expect", "kind", "note", "source", "derived")
TEST_SHARE = 30  # percent of drafts a fixed hash of the id puts in the test split


def split_of(identifier: str) -> str:
    """``"test"`` for about 30% of ids, ``"dev"`` for the rest, fixed by the id alone: rules are tuned on
    ``dev`` and scored on ``test``, and a draft never moves between them."""
    bucket = int(hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_SHARE else "dev"


@dataclass(frozen=True)
class Label:
    id: str
    expect: frozenset[str]
    kind: str | None
    note: str
    path: Path


@dataclass
class CategoryScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Mistake:
    id: str
    path: str
    category: str
    what: str  # "miss" or "false alarm"
    detail: str  # the finding that caused a false alarm, or the detected kind for a miss


@dataclass
class Evaluation:
    scores: dict[str, CategoryScore] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)
    documents: int = 0
    kind_correct: int = 0
    kind_labelled: int = 0

    def meets(self, min_precision: float | None, min_recall: float | None) -> bool:
        for score in self.scores.values():
            if min_precision is not None and score.precision < min_precision:
                return False
            if min_recall is not None and score.recall < min_recall:
                return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "kind_accuracy": self.kind_correct / self.kind_labelled if self.kind_labelled else None,
            "categories": {
                name: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for name, s in self.scores.items()
            },
            "mistakes": [m.__dict__ for m in self.mistakes],
        }


def read_labels(directory: Path, split: str = "all") -> list[Label]:
    """Labels from ``directory/labels.jsonl``, each with the draft it names (in the folder or ``cases/``);
    only those of ``split`` (``dev`` or ``test``, see ``split_of``) unless it is ``all``."""
    labels_path = directory / LABELS_FILE
    shown = str(labels_path)
    try:
        lines = labels_path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("no labels file (expected labels.jsonl in the folder)", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", shown) from None
    labels: list[Label] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        labels.append(_parse_label(line, number, shown, directory, seen))
    if split != "all":
        labels = [label for label in labels if split_of(label.id) == split]
    if not labels:
        where = "" if split == "all" else f" for the {split} split"
        raise InputError(f"no labels in the file{where}", shown)
    return labels


def _parse_label(line: str, number: int, shown: str, directory: Path, seen: set[str]) -> Label:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", shown, number) from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise InputError('each line needs an object with a string "id"', shown, number)
    unknown = set(data) - set(LABEL_KEYS)
    if unknown:
        raise InputError(
            f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(LABEL_KEYS)})", shown, number
        )
    expect = data.get("expect", [])
    if not isinstance(expect, list) or not all(isinstance(c, str) for c in expect):
        raise InputError('"expect" must be a list of categories', shown, number)
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise InputError(f'"kind" must be one of {", ".join(KINDS)} (got {kind!r})', shown, number)
    identifier = data["id"]
    if identifier in seen:
        raise InputError(f"duplicate id {identifier!r}", shown, number)
    seen.add(identifier)
    path = _find_draft(directory, identifier)
    if path is None:
        raise InputError(f"no draft named {identifier!r} in the folder or in cases/", shown, number)
    return Label(identifier, frozenset(expect), kind, str(data.get("note", "")), path)


def _find_draft(directory: Path, identifier: str) -> Path | None:
    for folder in (directory / "cases", directory):
        for suffix in _DRAFT_SUFFIXES:
            candidate = folder / f"{identifier}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def score(
    labels: list[Label], flagged: dict[str, dict[str, str]], kinds: dict[str, str], categories: list[str]
) -> Evaluation:
    """Compare labels with what was flagged: ``flagged[id][category]`` is the first finding's description."""
    evaluation = Evaluation({name: CategoryScore() for name in categories})
    for label in labels:
        evaluation.documents += 1
        found = flagged.get(label.id, {})
        if label.kind is not None:
            evaluation.kind_labelled += 1
            evaluation.kind_correct += kinds.get(label.id) == label.kind
        for category in categories:
            expected = category in label.expect
            got = category in found
            entry = evaluation.scores[category]
            if expected and got:
                entry.tp += 1
            elif got:
                entry.fp += 1
                evaluation.mistakes.append(
                    Mistake(label.id, str(label.path), category, "false alarm", found[category])
                )
            elif expected:
                entry.fn += 1
                detail = f"nothing flagged (read as {kinds.get(label.id, '?')}; labelled {label.kind or '?'})"
                evaluation.mistakes.append(Mistake(label.id, str(label.path), category, "miss", detail))
    return evaluation


def read_categories(directory: Path, labels: list[Label]) -> list[str] | None:
    """The categories ``directory/categories.json`` lists, or None when there is no such file."""
    path = directory / CATEGORIES_FILE
    shown = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", shown) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", shown, exc.lineno) from None
    if not isinstance(data, list) or not data or not all(isinstance(item, str) for item in data):
        raise InputError('expected a list of categories, such as ["accusatory", "missing-thanks"]', shown)
    for label in labels:
        extra = sorted(label.expect - set(data))
        if extra:
            raise InputError(f"label {label.id!r} expects {extra[0]!r}, which is not in the list", shown)
    return categories_for([], data)


def categories_for(labels: list[Label], rule_categories: list[str]) -> list[str]:
    names = set(rule_categories) | {c for label in labels for c in label.expect}
    ordered = [c for c in CATEGORIES if c in names]
    return ordered + sorted(names - set(ordered))
