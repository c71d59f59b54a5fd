"""Find, read and validate rule files: one rule per file, its id is its path.

A rules folder holds ``<category>/<name>.yaml`` rules, ``elements/<name>.yaml`` reusable finders and an
optional ``messages.yaml`` with the cues for message kinds. The built-in folder ships inside the package.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tonecheck.errors import RuleError
from tonecheck.findings import Severity
from tonecheck.rulefiles.kindmodel import DOCUMENT_FORM, KindModel, LazyModel, ReadModel, model_document
from tonecheck.rulefiles.locate import (
    MESSAGES_FILE,
    decode_rule_file,
    file_digest,
    read_rule_bytes,
    rule_roots,
    walk_rules,
)
from tonecheck.rulefiles.locate import builtin_rules_dir as builtin_rules_dir  # where it was found before
from tonecheck.rulefiles.parsedcache import ParsedRules
from tonecheck.rulefiles.schema import Element, Finders, MessageCues, RuleModel
from tonecheck.yamlfile import LoadedYaml, load_yaml


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    path: str
    model: RuleModel
    lines: LoadedYaml = field(compare=False, repr=False)

    @property
    def severity(self) -> Severity:
        return Severity.parse(self.model.severity)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.model.kinds)


@dataclass
class RuleSet:
    rules: dict[str, Rule]
    elements: dict[str, Element]
    messages: MessageCues
    # Paths and contents of every file read, for cache keys.
    digest: str = ""
    # Display path and parsed YAML of element files and messages.yaml, to name lines in errors.
    sources: dict[str, tuple[str, LoadedYaml]] = field(default_factory=dict)
    # The learned kind model messages.yaml names, if any.
    kind_model: KindModel | None = None
    # Rules left out by a selection whose findings a selected rule's `unless-flagged` still needs.
    conditions: dict[str, Rule] = field(default_factory=dict)
    # The text models learned rules name, by rule id.
    learned: dict[str, LazyModel] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        return sorted({rule.category for rule in self.rules.values()})

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
        """The rules picked by ``select`` (all when empty) minus ``ignore``; ids or categories."""
        chosen = resolve_selection(self, select) if select else set(self.rules)
        chosen -= resolve_selection(self, ignore)
        rules = {rule_id: rule for rule_id, rule in self.rules.items() if rule_id in chosen}
        needed = {category for rule in rules.values() for category in rule.model.unless_flagged}
        conditions = {
            rule_id: rule
            for rule_id, rule in self.rules.items()
            if rule_id not in rules and rule.category in needed
        }
        return RuleSet(
            rules,
            self.elements,
            self.messages,
            self.digest,
            self.sources,
            self.kind_model,
            conditions,
            self.learned,
        )


def resolve_selection(ruleset: RuleSet, names: Iterable[str]) -> set[str]:
    """Rule ids for a list of rule ids and categories; an unknown name is an error."""
    chosen: set[str] = set()
    for name in names:
        if name in ruleset.rules:
            chosen.add(name)
        elif name in ruleset.categories:
            chosen.update(rid for rid, rule in ruleset.rules.items() if rule.category == name)
        else:
            known = ", ".join(ruleset.categories)
            raise RuleError(
                f"unknown rule or category {name!r} (categories: {known}; see `tonecheck rules list`)"
            )
    return chosen


def load_ruleset(
    extra_dirs: Iterable[Path] = (), include_builtin: bool = True, parsed: ParsedRules | None = None
) -> RuleSet:
    """Load the built-in rules (unless told not to) and every extra rules folder, validated; ``parsed``
    keeps the parsed YAML between runs (see ``rulecache``)."""
    roots = rule_roots(extra_dirs, include_builtin)
    rules: dict[str, Rule] = {}
    elements: dict[str, tuple[Element, str]] = {}
    messages: MessageCues | None = None
    kind_model: KindModel | None = None
    sources: dict[str, tuple[str, LoadedYaml]] = {}
    learned: dict[str, LazyModel] = {}
    shared_models: dict[str, LazyModel] = {}
    hasher = hashlib.sha256()
    # Each file's part of the digest, by display path: also the key the rules cache keeps it under, so
    # no file is hashed twice in a load (a model file is hashed once, even when the walk reaches it
    # after messages.yaml has read it).
    digests: dict[str, bytes] = {}

    def digest_of(path: Traversable, display: str, data: bytes | None = None) -> bytes:
        if display not in digests:
            digests[display] = file_digest(path, display, data)
        return digests[display]

    def read_model(path: Traversable, display: str) -> Any:
        if parsed is None:
            return model_document(decode_rule_file(read_rule_bytes(path, display), display))
        return parsed.data_file(path, display, digest_of(path, display), model_document, DOCUMENT_FORM)

    for root, label in roots:
        for kind, path, display in walk_rules(root, label):
            if kind == "data":
                # read, and checked, when messages.yaml names it; here only its part of the digest
                hasher.update(digest_of(path, display))
                continue
            data = read_rule_bytes(path, display)
            digest = digest_of(path, display, data)
            hasher.update(digest)
            text = decode_rule_file(data, display)
            if parsed is not None:
                loaded = parsed.load(text, display, RuleError, key=digest.hex())
            else:
                loaded = load_yaml(text, display, RuleError)
            if kind == "messages":
                messages = _validate(MessageCues, loaded, display)
                sources["messages"] = (display, loaded)
                kind_model = _kind_model(root, label, messages, loaded, read_model)
            elif kind == "element":
                name = path.name[: -len(".yaml")]
                if name in elements:
                    raise RuleError(f"duplicate element {name!r} (also in {elements[name][1]})", display)
                elements[name] = (_validate(Element, loaded, display), display)
                sources[f"element:{name}"] = (display, loaded)
            else:
                rule = _make_rule(path, display, loaded)
                if rule.id in rules:
                    raise RuleError(f"duplicate rule id {rule.id!r} (also in {rules[rule.id].path})", display)
                rules[rule.id] = rule
                if rule.model.learned is not None:
                    # Rules that read the same file share one model: it is read and held once.
                    model_file = _learned_model(root, label, rule, read_model)
                    learned[rule.id] = shared_models.setdefault(model_file.display, model_file)
    if messages is None:
        raise RuleError(f"no {MESSAGES_FILE} found in the rules folders")
    element_models = {name: model for name, (model, _path) in elements.items()}
    _check_references(rules, element_models, messages, {n: p for n, (_m, p) in elements.items()})
    if parsed is not None:
        parsed.save()  # only a rule set that loaded without error is kept
    return RuleSet(rules, element_models, messages, hasher.hexdigest(), sources, kind_model, {}, learned)


def _kind_model(
    root: Traversable,
    label: str,
    messages: MessageCues,
    loaded: LoadedYaml,
    read: ReadModel,
) -> KindModel | None:
    """The kind model file messages.yaml names (beside it), read and checked (the walk over the rules
    folder puts its bytes in the digest); ``read`` reads it (``model_document``'s document)."""
    reference = messages.kind_model
    if reference is None:
        return None
    display = f"{label}/{reference.file}"
    where = f"{label}/{MESSAGES_FILE}"
    path = root / reference.file
    if not path.is_file():
        line = loaded.line_of(("kind-model",))
        raise RuleError(f"kind-model: no file {reference.file!r} beside it", where, line)
    try:
        model = KindModel.from_document(read(path, display))
    except (ValueError, TypeError, AttributeError) as exc:
        raise RuleError(f"not a kind model: {exc}", display) from None
    unknown = set(model.kinds) - set(messages.kinds)
    if unknown:
        raise RuleError(f"kinds {sorted(unknown)} have no cues in {MESSAGES_FILE}", display)
    return model


def _learned_model(root: Traversable, label: str, rule: Rule, read: ReadModel) -> LazyModel:
    """The text model a learned rule names, from the top of its rules folder (beside messages.yaml).
    Its file must exist now; it is read when a draft first needs it (most drafts never do, and a large
    model would slow every start), and a broken one is then an error naming the file."""
    assert rule.model.learned is not None
    name = rule.model.learned.file
    path = root / name
    if not path.is_file():
        line = rule.lines.line_of(("learned", "file"))
        raise RuleError(f"learned: no file {name!r} in {label}", rule.path, line)
    return LazyModel(path, f"{label}/{name}", read)


def _make_rule(path: Traversable, display: str, loaded: LoadedYaml) -> Rule:
    category = display.rsplit("/", 2)[-2]
    name = path.name[: -len(".yaml")]
    if isinstance(loaded.data, dict) and "id" in loaded.data:
        raise RuleError(
            f"a rule's id is its path ({category}/{name}); remove the 'id' key",
            display,
            loaded.line_of(("id",)),
        )
    model = _validate(RuleModel, loaded, display)
    return Rule(f"{category}/{name}", category, display, model, loaded)


def _validate(model: type[BaseModel], loaded: LoadedYaml, display: str) -> Any:
    if not isinstance(loaded.data, dict):
        raise RuleError("expected a mapping of keys to values at the top level", display, 1)
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = tuple(error["loc"])
        raise RuleError(_describe(model, error), display, loaded.line_of(location)) from None


def _describe(model: type[BaseModel], error: Any) -> str:
    location = [part for part in error["loc"] if not _is_union_tag(part)]
    where = ".".join(str(part) for part in location) or "file"
    if error["type"] == "extra_forbidden":
        # The last part is the user's key itself, even when it looks like a union tag ("s[pan").
        key = error["loc"][-1]
        parents = [part for part in error["loc"][:-1] if not _is_union_tag(part)]
        allowed = _allowed_keys(model, parents)
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return f"unknown key {key!r}{hint}"
    if error["type"] == "missing":
        return f"missing required key {where!r}"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{where}: {message}"


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"function-after", "function-before"})


def _allowed_keys(model: type[BaseModel], location: list[Any]) -> list[str]:
    """The keys a mapping at ``location`` may hold, walking the schema through nested models."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        target = next((f for name, f in fields.items() if (f.alias or name) == part), None)
        if target is None:
            return []
        current = _model_in(target.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _check_references(
    rules: dict[str, Rule],
    elements: dict[str, Element],
    messages: MessageCues,
    element_paths: dict[str, str],
) -> None:
    """Every element a rule names exists, and elements do not refer to themselves in a loop."""
    categories = {rule.category for rule in rules.values()}
    for rule in rules.values():
        for finders in iter_finders(rule.model):
            for name in finders.elements:
                if name not in elements:
                    known = ", ".join(sorted(elements)) or "none"
                    raise RuleError(f"unknown element {name!r} (known: {known})", rule.path)
        timing = rule.model.timing
        for name in timing.unless_check_in if timing is not None else ():
            if name not in elements:
                known = ", ".join(sorted(elements)) or "none"
                raise RuleError(f"unless-check-in: unknown element {name!r} (known: {known})", rule.path)
        # A misspelt category would make `unless-flagged` never hold and the rule fire where it should not.
        for name in rule.model.unless_flagged:
            if name not in categories:
                known = ", ".join(sorted(categories))
                raise RuleError(f"unless-flagged: unknown category {name!r} (known: {known})", rule.path)
    for name, element in elements.items():
        _check_cycle(name, element, elements, element_paths, [])
    for cues in messages.kinds.values():
        for cue in cues:
            for finders in _nested(cue):
                for name in finders.elements:
                    if name not in elements:
                        raise RuleError(f"unknown element {name!r} in {MESSAGES_FILE}")


def _check_cycle(
    name: str,
    element: Element,
    elements: dict[str, Element],
    paths: dict[str, str],
    trail: list[str],
) -> None:
    if name in trail:
        raise RuleError(f"elements refer to each other in a loop: {' -> '.join([*trail, name])}", paths[name])
    for finders in _nested(element):
        for child in finders.elements:
            if child not in elements:
                raise RuleError(f"unknown element {child!r}", paths[name])
            _check_cycle(child, elements[child], elements, paths, [*trail, name])


def finder_roots(model: RuleModel) -> list[tuple[str, Finders | None]]:
    """A rule's top-level finder sets, each with its key path in the rule file (None where unset): the
    one list that loading and matching both walk, so a new key is added once."""
    roots: list[tuple[str, Finders | None]] = [("match", model.match)]
    if model.absence:
        roots += [
            ("absence.require", model.absence.require),
            ("absence.if-present", model.absence.if_present),
            ("absence.unless-present", model.absence.unless_present),
        ]
    if model.timing:
        roots.append(("timing.trigger", model.timing.trigger))
    if model.learned:
        roots += [
            ("learned.outside", model.learned.outside),
            ("learned.if-present", model.learned.if_present),
            ("learned.unless-present", model.learned.unless_present),
        ]
    return roots


def iter_finders(model: RuleModel) -> Iterator[Finders]:
    """Every finder set in a rule, nested ones included."""
    for _name, root in finder_roots(model):
        if root is not None:
            yield from _nested(root)


def _nested(finders: Finders) -> Iterator[Finders]:
    yield finders
    for name in ("unless", "inside", "outside", "if_present", "unless_present"):
        value = getattr(finders, name, None)
        if value is not None:
            yield from _nested(value)


@functools.lru_cache(maxsize=8)
def load_cached_ruleset(rule_dirs: tuple[str, ...], rules_cache: Path | None = None) -> RuleSet:
    """The rule set in the built-in and ``rule_dirs`` folders, remembered for the process; parsed rule
    files are kept in ``rules_cache`` between runs."""
    from tonecheck.rulefiles.parsedcache import ParsedRules

    parsed = ParsedRules(rules_cache) if rules_cache is not None else None
    return load_ruleset([Path(d) for d in rule_dirs], parsed=parsed)
