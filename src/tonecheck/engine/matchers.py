"""Compile every finder in a rule set into three spaCy matchers and run them once per document.

All phrases share one PhraseMatcher, all token patterns one Matcher and all dependency patterns one
DependencyMatcher; each finder's patterns are registered under their own key, so a single pass over a
document yields the raw hits of every rule, element and kind cue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc

from tonecheck.engine import contractions, dictionary, multiword, valence
from tonecheck.engine.anchors import node_anchors, token_anchors, within_one_tree
from tonecheck.engine.patterncache import CompiledPatterns, Variant, fingerprint
from tonecheck.engine.patternerrors import explain, refuse_runaway_regexes
from tonecheck.engine.prefilter import AnchorIndex, Located
from tonecheck.errors import RuleError
from tonecheck.rulefiles.load import MESSAGES_FILE, RuleSet, finder_roots
from tonecheck.rulefiles.schema import Finders
from tonecheck.yamlfile import LoadedYaml, Path

# Raw hits: for each finder key, token spans (start, end) in the document.
RawHits = Mapping[str, list[tuple[int, int]]]

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
        for name, finders in finder_roots(rule.model):
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


@dataclass
class _Single:
    """One pattern in a matcher of its own, and its id in the anchor index."""

    key: str
    pattern: list[dict[str, Any]]
    pattern_id: int
    dependency: bool
    matcher: Any = None  # a Matcher or DependencyMatcher holding only this pattern, built on first use
    valence: valence.Bounds = (None, None)  # what the document's words must rate (valence.needed)


class CompiledMatchers:
    """Every pattern of a rule set, compiled once; ``run`` finds the raw hits of all of them in a document.

    Phrases share one PhraseMatcher (fast at any size). Token and dependency patterns each get a matcher
    of their own, so that a document runs only the patterns whose anchor words it contains (see
    ``anchors``). ``prefilter=False`` runs every pattern everywhere, as one Matcher and one
    DependencyMatcher: the same hits, slower; the test suite compares the two.
    """

    def __init__(
        self, ruleset: RuleSet, nlp: Language, prefilter: bool = True, cache_folder: FilePath | None = None
    ) -> None:
        self.vocab = nlp.vocab
        self.prefilter = prefilter
        # Compiled token patterns kept from an earlier run (see patterncache); a rule set built in
        # memory has no digest to key them by.
        self._kept: CompiledPatterns | None = None
        if cache_folder is not None and ruleset.digest:
            pipeline = {key: nlp.meta.get(key) for key in ("lang", "name", "version")}
            self._kept = CompiledPatterns(FilePath(cache_folder), fingerprint(ruleset.digest, pipeline))
        # before any pattern that tests `_: {valence: ...}`; ``run`` marks each doc with the table
        stamp = valence.lexicon_stamp() if self._kept is not None else ""
        lexicon = self._kept.lexicon(stamp) if self._kept is not None else None
        self.valence_table = valence.install(ruleset.messages.valence, lexicon)
        if self._kept is not None and lexicon is None:
            self._kept.put_lexicon(stamp, valence.vader_lexicon())
        dictionary.install(nlp)  # ... and `_: {known_word: true}`
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.keys: dict[int, str] = {}
        self.finders: dict[str, Finders] = {}
        self.key_of: dict[int, str] = {}  # id(finders) -> key
        self.anchor_index = AnchorIndex()
        self.token_patterns: list[_Single] = []
        self.dependency_patterns: list[_Single] = []
        self._by_id: dict[int, _Single] = {}  # pattern id in the anchor index -> pattern
        self._by_key: dict[str, list[_Single]] = defaultdict(list)  # finder key -> its patterns
        self._everything: tuple[Matcher, DependencyMatcher] | None = None
        self._tokenizer = nlp.tokenizer
        self._pieces: dict[str, list[str]] = {}
        # Words the tokenizer splits although they are all letters ("cannot", "gonna"); any other word
        # of letters only is one token, which spares a tokenizer call for almost every value at start-up.
        self._special_cases = frozenset(getattr(nlp.tokenizer, "rules", None) or ())
        if self._kept is not None:
            self._pieces = self._kept.pieces()
        every = list(ruleset_finders(ruleset))
        keys = [(key, len(finders.patterns), len(finders.dependency)) for finders, key, _origin in every]
        restored = self._kept.restorable(keys) if self._kept is not None else None
        if restored is not None:  # built before for these finders: the snapshot replaces the index's work
            self.anchor_index, singles = restored
            for finders, key, origin in every:
                self._add(finders, key, origin, nlp, singles[key])
        else:
            for finders, key, origin in every:
                self._add(finders, key, origin, nlp)
            if self._kept is not None:
                self._kept.put_snapshot(
                    keys, self.anchor_index, [*self.token_patterns, *self.dependency_patterns]
                )
        # True when every compiled piece came from the kept file and nothing had to be written back
        self.all_kept = False
        if self._kept is not None:
            self._kept.put_pieces(self._pieces)
            self.all_kept = not self._kept.changed
            self._kept.save()
        # Only the build reads the kept document; holding it for the engine's life kept a second copy
        # of the valence lexicon (about 1 MB) and every compiled pattern.
        self._kept = None

    def _tokenize(self, text: str) -> list[str]:
        if text.isalpha() and not {text, text.lower(), text.capitalize()} & self._special_cases:
            return [text]
        if text not in self._pieces:
            self._pieces[text] = [token.text for token in self._tokenizer(text)]
        return self._pieces[text]

    def _add(
        self, finders: Finders, key: str, origin: Origin, nlp: Language, kept: dict[str, Any] | None = None
    ) -> None:
        """Register ``key``'s finders; ``kept``: their ids in a restored anchor index (``restorable``)."""
        self.finders[key] = finders
        self.key_of[id(finders)] = key
        match_id = self.vocab.strings.add(key)
        self.keys[match_id] = key
        if finders.phrases:
            phrases = contractions.with_bare_twins(finders.phrases, self._tokenize)
            # the tokens make_doc would give, as Docs built from them (kept between runs: see patterncache)
            docs = [Doc(self.vocab, words=self._tokenize(phrase)) for phrase in phrases]
            self.phrase_matcher.add(key, docs)
        # Matchers are built when a draft first holds a pattern's anchors, so a single draft compiles
        # only the few dozen patterns it may match.
        if kept is not None:
            for pattern, (pattern_id, bounds) in kept["tokens"]:
                self._register(_Single(key, pattern, pattern_id, False, None, tuple(bounds)))
        else:
            for variants in self._compiled(finders, key, origin):
                for pattern, anchors in variants:
                    pattern_id = self.anchor_index.add(anchors, ordered=True)
                    bounds = valence.needed(pattern, False)
                    self._register(_Single(key, pattern, pattern_id, False, None, bounds))
        for index, pattern in enumerate(finders.dependency):
            refuse_runaway_regexes(pattern, origin, "dependency", index)
            dependency_matcher = DependencyMatcher(self.vocab, validate=True)
            try:
                dependency_matcher.add(key, [contractions.loosen_nodes(pattern)])
            except (MatchPatternError, ValueError, TypeError, KeyError) as exc:
                raise RuleError(
                    f"invalid dependency pattern: {explain(exc, pattern)}",
                    origin.path,
                    origin.line("dependency", index),
                ) from None
            if kept is not None:
                pattern_id, bounds = kept["dependency"][index]
                bounds = tuple(bounds)
            else:
                pattern_id = self.anchor_index.add(node_anchors(pattern), within_one_tree(pattern))
                bounds = valence.needed(pattern, True)
            self._register(_Single(key, pattern, pattern_id, True, dependency_matcher, bounds))

    def _compiled(self, finders: Finders, key: str, origin: Origin) -> list[list[Variant]]:
        """``key``'s token patterns as compiled: kept from an earlier run, else compiled (and kept)."""
        compiled = self._kept.get(key, len(finders.patterns)) if self._kept is not None else None
        if compiled is None:
            compiled = [
                self._compile(key, origin, index, written) for index, written in enumerate(finders.patterns)
            ]
            if self._kept is not None:
                self._kept.put(key, compiled)
        return compiled

    def _register(self, single: _Single) -> None:
        (self.dependency_patterns if single.dependency else self.token_patterns).append(single)
        self._by_id[single.pattern_id] = single
        self._by_key[single.key].append(single)

    def _compile(self, key: str, origin: Origin, index: int, written: list[dict[str, Any]]) -> list[Variant]:
        """A token pattern as written, checked as Matcher.add would check it, as its variants (see
        ``multiword``), each with its anchors."""
        refuse_runaway_regexes(written, origin, "patterns", index)
        try:
            errors = validate_token_pattern(written)
            if errors:
                raise MatchPatternError(key, {0: errors})
            variants = [contractions.loosen_pattern(v) for v in multiword.expand(written, self._tokenize)]
        except (MatchPatternError, ValueError, TypeError) as exc:
            message = f"invalid token pattern: {explain(exc, written)}"
            raise RuleError(message, origin.path, origin.line("patterns", index)) from None
        # Anchors best first, so the compiled patterns kept between runs need no sorting at start-up.
        return [(pattern, sorted(token_anchors(pattern), key=lambda a: a.cost)) for pattern in variants]

    def run(self, doc: Doc, phrases_only: bool = False) -> RawHits:
        """Raw hits of every finder key in ``doc`` (only phrase hits for a tokenized-only doc).

        With the prefilter, a key's token and dependency patterns run when its hits are first asked
        for: the rules ask only for what can matter (a rule for another kind of message, or the
        `unless` of a finder that found nothing, is never matched).
        """
        valence.use(doc, self.valence_table)
        hits: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self.phrase_matcher(doc):
            hits[self.keys[match_id]].append((start, end))
        if phrases_only:
            return hits
        if not self.prefilter:
            with_dependencies = bool(self.dependency_patterns) and doc.has_annotation("DEP")
            self._run_everything(doc, with_dependencies, hits)
            return _deduplicated(hits)
        return LazyHits(self, doc, dict(hits))

    def hits_of(self, key: str, doc: Doc, located: Located, found: list[tuple[int, int]]) -> None:
        """Add the hits of ``key``'s token and dependency patterns in ``doc`` to ``found``."""
        whole = (0, len(doc))
        for single in self._by_key.get(key, ()):
            if single.pattern_id not in located.candidate_set:
                continue
            if single.valence != (None, None) and not valence.possible(single.valence, located.spread()):
                continue  # no word of the draft rates as the pattern needs
            if single.dependency:
                if doc.has_annotation("DEP"):
                    self._run_dependency(single, doc, located.windows(single.pattern_id), found)
                continue
            for window_start, window_end in located.windows(single.pattern_id):
                span = doc if (window_start, window_end) == whole else doc[window_start:window_end]
                for _match_id, start, end in self._matcher(single)(span):
                    found.append((start + window_start, end + window_start))

    def _matcher(self, single: _Single) -> Any:
        if single.matcher is None:
            single.matcher = Matcher(self.vocab)  # validated when the rules were compiled
            single.matcher.add(single.key, [single.pattern])
        return single.matcher

    def _run_dependency(
        self, single: _Single, doc: Doc, sentences: list[tuple[int, int]], found: list[tuple[int, int]]
    ) -> None:
        """A dependency pattern on the sentences that hold all its anchors (a tree stays in its sentence).

        The matcher copies a sentence into a document of its own, which costs about a quarter of
        matching the whole draft, so a draft with several such sentences is matched whole.
        """
        windows = sentences if len(sentences) <= 2 else [(0, len(doc))] if sentences else []
        for start, end in windows:
            part = doc if (start, end) == (0, len(doc)) else doc[start:end]
            for _match_id, token_ids in single.matcher(part):
                found.append((min(token_ids) + start, max(token_ids) + 1 + start))

    def _run_everything(
        self, doc: Doc, with_dependencies: bool, hits: dict[str, list[tuple[int, int]]]
    ) -> None:
        """Every pattern everywhere, as before the prefilter: one Matcher, one DependencyMatcher."""
        if self._everything is None:
            token_matcher = Matcher(self.vocab)
            dependency_matcher = DependencyMatcher(self.vocab)
            for single in self.token_patterns:
                token_matcher.add(single.key, [single.pattern])
            for single in self.dependency_patterns:
                dependency_matcher.add(single.key, [single.pattern])
            self._everything = (token_matcher, dependency_matcher)
        token_matcher, dependency_matcher = self._everything
        if len(token_matcher):
            for match_id, start, end in token_matcher(doc):
                hits[self.keys[match_id]].append((start, end))
        if with_dependencies:
            for match_id, token_ids in dependency_matcher(doc):
                hits[self.keys[match_id]].append((min(token_ids), max(token_ids) + 1))


class LazyHits(Mapping[str, list[tuple[int, int]]]):
    """The raw hits of one document, matched key by key on first use (see ``CompiledMatchers.run``)."""

    def __init__(self, matchers: CompiledMatchers, doc: Doc, phrase_hits: dict[str, list[tuple[int, int]]]):
        self._matchers = matchers
        self._doc = doc
        self._phrase_hits = phrase_hits
        self._done: dict[str, list[tuple[int, int]]] = {}
        self._located: Located | None = None

    def __getitem__(self, key: str) -> list[tuple[int, int]]:
        found = self._done.get(key)
        if found is None:
            found = list(self._phrase_hits.get(key, ()))
            if key in self._matchers._by_key:
                if self._located is None:
                    self._located = self._matchers.anchor_index.locate(self._doc)
                self._matchers.hits_of(key, self._doc, self._located, found)
            found = self._done[key] = sorted(set(found))
        if not found:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        """Every key with hits (this matches every pattern: for tests and debugging)."""
        keys = [*self._matchers._by_key, *self._phrase_hits]
        return iter([key for key in dict.fromkeys(keys) if key in self])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _deduplicated(hits: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """Each span once per key, in document order (two patterns of one finder may match the same words)."""
    for key, spans in hits.items():
        hits[key] = sorted(set(spans))
    return hits
