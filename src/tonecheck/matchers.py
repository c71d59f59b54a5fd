"""Compile every finder in a rule set into three spaCy matchers and run them once per document.

All phrases share one PhraseMatcher, all token patterns one Matcher and all dependency patterns one
DependencyMatcher; each finder's patterns are registered under their own key, so a single pass over a
document yields the raw hits of every rule, element and kind cue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc

from tonecheck.errors import RuleError
from tonecheck.prefilter import PatternIndex, WordSets, requirements
from tonecheck.regexcheck import regex_problem
from tonecheck.ruleset import MESSAGES_FILE, RuleSet
from tonecheck.schema import Finders
from tonecheck.yamlfile import LoadedYaml, Path

# Raw hits: for each finder key, token spans (start, end) in the document.
RawHits = dict[str, list[tuple[int, int]]]

# Token attributes a pattern may test that need a pipeline component beyond the tokenizer.
NEEDS = {
    "LEMMA": "lemmatizer",
    "POS": "tagger",
    "TAG": "tagger",
    "MORPH": "tagger",
    "DEP": "parser",
    "ENT_TYPE": "ner",
    "ENT_IOB": "ner",
    "ENT_ID": "ner",
}


@dataclass(frozen=True)
class Origin:
    """Where a finder came from, to name the file and line of a bad pattern."""

    path: str
    loaded: LoadedYaml | None
    location: Path

    def line(self, *more: str | int) -> int | None:
        if self.loaded is None:
            return None
        return self.loaded.line_of((*self.location, *more))


def walk_finders(finders: Finders, key: str, origin: Origin) -> Iterator[tuple[Finders, str, Origin]]:
    """A finder and the finders nested in it, each with its own key and origin."""
    yield finders, key, origin
    for name, nested in nested_finders(finders):
        nested_origin = Origin(origin.path, origin.loaded, (*origin.location, name))
        yield from walk_finders(nested, f"{key}.{name}", nested_origin)


def nested_finders(finders: Finders) -> list[tuple[str, Finders]]:
    """The finders a finder holds: `unless` and `inside`, and for a span rule its message conditions."""
    names = ("unless", "inside", "outside", "if-present", "unless-present")
    found = []
    for name in names:
        value = getattr(finders, name.replace("-", "_"), None)
        if value is not None:
            found.append((name, value))
    return found


def ruleset_finders(ruleset: RuleSet) -> Iterator[tuple[Finders, str, Origin]]:
    """Every finder of every rule, element, kind cue and slot, with a unique key."""
    for rule_id, rule in sorted(ruleset.rules.items()):
        model = rule.model
        parts: list[tuple[str, Finders | None]] = [("match", model.match)]
        if model.absence:
            parts += [
                ("absence.require", model.absence.require),
                ("absence.if-present", model.absence.if_present),
                ("absence.unless-present", model.absence.unless_present),
            ]
        if model.timing:
            parts.append(("timing.trigger", model.timing.trigger))
        for name, finders in parts:
            if finders is not None:
                location = tuple(name.split("."))
                yield from walk_finders(finders, f"{rule_id}#{name}", Origin(rule.path, rule.lines, location))
    for name, element in sorted(ruleset.elements.items()):
        path, loaded = ruleset.sources.get(f"element:{name}", (f"elements/{name}.yaml", None))
        yield from walk_finders(element, f"element:{name}", Origin(path, loaded, ()))
    path, loaded = ruleset.sources.get("messages", (MESSAGES_FILE, None))
    for kind, cues in ruleset.messages.kinds.items():
        for index, cue in enumerate(cues):
            origin = Origin(path, loaded, ("kinds", kind, index))
            yield from walk_finders(cue, f"kind:{kind}#{index}", origin)
    for slot, finders in ruleset.messages.slots.items():
        yield from walk_finders(finders, f"slot:{slot}", Origin(path, loaded, ("slots", slot)))


def components_needed(ruleset: RuleSet) -> set[str]:
    """Pipeline components the patterns rely on (sentences always need the parser)."""
    needed = {"parser"}
    for finders, _key, _origin in ruleset_finders(ruleset):
        if finders.dependency:
            needed.add("parser")
        for pattern in [*finders.patterns, *finders.dependency]:
            for token in pattern:
                attrs = token.get("RIGHT_ATTRS", token)
                for attr in attrs:
                    if attr in NEEDS:
                        needed.add(NEEDS[attr])
    return needed


class CompiledMatchers:
    """The three spaCy matchers holding every pattern of a rule set."""

    def __init__(self, ruleset: RuleSet, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # One small matcher per pattern, indexed by the words it needs (see prefilter.py).
        self.token_patterns = PatternIndex()
        self.dependency_patterns = PatternIndex()
        self.keys: dict[int, str] = {}
        self.finders: dict[str, Finders] = {}
        self.key_of: dict[int, str] = {}  # id(finders) -> key
        for finders, key, origin in ruleset_finders(ruleset):
            self._add(finders, key, origin, nlp)

    def _add(self, finders: Finders, key: str, origin: Origin, nlp: Language) -> None:
        self.finders[key] = finders
        self.key_of[id(finders)] = key
        match_id = self.vocab.strings.add(key)
        self.keys[match_id] = key
        if finders.phrases:
            docs = [nlp.make_doc(phrase) for phrase in finders.phrases]
            self.phrase_matcher.add(key, docs)
        for kind_name, patterns in (("patterns", finders.patterns), ("dependency", finders.dependency)):
            for index, pattern in enumerate(patterns):
                for regex in _regexes(pattern):
                    problem = regex_problem(regex)
                    if problem:
                        raise RuleError(f"{problem}: {regex!r}", origin.path, origin.line(kind_name, index))
        for index, pattern in enumerate(finders.patterns):
            token_matcher = Matcher(nlp.vocab, validate=True)
            try:
                token_matcher.add(key, [pattern])
            except (MatchPatternError, ValueError, TypeError) as exc:
                raise RuleError(
                    f"invalid token pattern: {_explain(exc, pattern)}",
                    origin.path,
                    origin.line("patterns", index),
                ) from None
            self.token_patterns.add(token_matcher, requirements(pattern))
        for index, pattern in enumerate(finders.dependency):
            dependency_matcher = DependencyMatcher(nlp.vocab, validate=True)
            try:
                dependency_matcher.add(key, [pattern])
            except (MatchPatternError, ValueError, TypeError, KeyError) as exc:
                raise RuleError(
                    f"invalid dependency pattern: {_explain(exc, pattern)}",
                    origin.path,
                    origin.line("dependency", index),
                ) from None
            self.dependency_patterns.add(dependency_matcher, requirements(pattern, dependency=True))

    def run(self, doc: Doc, phrases_only: bool = False) -> RawHits:
        """Raw hits of every finder key in ``doc`` (only phrase hits for a tokenized-only doc)."""
        hits: RawHits = defaultdict(list)
        for match_id, start, end in self.phrase_matcher(doc):
            hits[self.keys[match_id]].append((start, end))
        if phrases_only:
            return hits
        words = WordSets.of(doc)
        for token_matcher in self.token_patterns.candidates(words):
            for match_id, start, end in token_matcher(doc):
                hits[self.keys[match_id]].append((start, end))
        if doc.has_annotation("DEP"):
            for dependency_matcher in self.dependency_patterns.candidates(words):
                for match_id, token_ids in dependency_matcher(doc):
                    hits[self.keys[match_id]].append((min(token_ids), max(token_ids) + 1))
        for spans in hits.values():
            spans.sort()
        return hits


def _regexes(value: object) -> Iterator[str]:
    """Every REGEX value inside a token or dependency pattern."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "REGEX" and isinstance(item, str):
                yield item
            else:
                yield from _regexes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _regexes(item)


_TEXT_ATTRS = {"ORTH", "TEXT", "LOWER", "LEMMA", "NORM", "POS", "TAG", "DEP", "MORPH", "SHAPE", "ENT_TYPE"}


def _explain(exc: BaseException, pattern: list[dict[str, object]]) -> str:
    text = _first_line(exc)
    if _unquoted_values(pattern):
        # YAML reads 24 as a number and true/false as booleans; text attributes need strings.
        text += ' (a word was read as a number or true/false: put it in quotes, e.g. "24")'
    return text


def _unquoted_values(value: object, attr: str | None = None) -> bool:
    if isinstance(value, dict):
        return any(_unquoted_values(item, key if key in _TEXT_ATTRS else attr) for key, item in value.items())
    if isinstance(value, list):
        return any(_unquoted_values(item, attr) for item in value)
    return attr is not None and not isinstance(value, str)


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    # spaCy's pattern errors start with an error code and a generic sentence; keep what names the problem.
    for marker in ("- ", "Details:"):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    return text[:300]
