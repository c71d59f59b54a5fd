"""Safe YAML loading that remembers the line of every key, so errors can name it.

Only plain data is built (the safe loader: no tags that construct objects), duplicate keys are errors,
and documents are size-limited before parsing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from tonecheck.errors import TonecheckError

try:  # the C loader is several times faster when PyYAML was built with libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_YAML_BYTES = 512 * 1024
MAX_DEPTH = 64

Path = tuple[str | int, ...]


@dataclass
class LoadedYaml:
    data: Any
    lines: Mapping[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor that has one."""
        current = tuple(path)
        while current:
            if current in self.lines:
                return self.lines[current]
            current = current[:-1]
        return self.lines.get((), None)


def load_yaml(
    text: str, source: str, error: type[TonecheckError] = TonecheckError, first_line: int = 1
) -> LoadedYaml:
    """Parse one YAML document; raise ``error`` naming ``source`` and the line on any problem.

    ``first_line`` is the line of the file on which ``text`` starts (front matter starts on line 2).
    """
    shift = first_line - 1

    def located(message: str, line: int | None = None) -> TonecheckError:
        return error(message, source, None if line is None else line + shift)

    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise located(f"file is larger than {MAX_YAML_BYTES // 1024} KB; refusing to parse it")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # Where the broken construct began (an unclosed bracket) helps more than where parsing gave up.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise located(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        # A reader error (a control character) says where in a second line; keep the message to one line.
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
        raise located(f"invalid YAML: {first}", line) from None
    except RecursionError:
        raise located("invalid YAML: nested too deeply") from None
    loaded = LoadedYaml(None)
    if node is None:
        return loaded
    try:
        loaded.data = _Builder(source, error, loaded.lines).build(node, (), 0)
    except TonecheckError as exc:
        raise located(exc.message, exc.line) from None
    if shift:
        loaded.lines = {path: line + shift for path, line in loaded.lines.items()}
    return loaded


class _Builder:
    """Turn a composed node tree into plain data, recording lines and bounding the work.

    Aliases can make a small file expand into a huge structure ("billion laughs"), so the number of
    values built is capped.
    """

    MAX_VALUES = 200_000

    def __init__(self, source: str, error: type[TonecheckError], lines: dict[Path, int]) -> None:
        self.source = source
        self.error = error
        self.lines = lines
        self.count = 0

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        self.count += 1
        if self.count > self.MAX_VALUES:
            raise self.error("invalid YAML: too many values (aliases expanding?)", self.source, line)
        if depth > MAX_DEPTH:
            raise self.error("invalid YAML: nested too deeply", self.source, line)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            raise self.error(
                f"YAML tag {node.tag!r} is not allowed; only plain data is read", self.source, line
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        return _scalar(node, self.source, self.error)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.error("YAML merge keys ('<<') are not supported", self.source, key_line)
            key = _scalar(key_node, self.source, self.error)
            if key is None or isinstance(key, (list, dict)):
                raise self.error("a mapping key must be a plain value", self.source, key_line)
            if key in result:
                raise self.error(f"duplicate key {key!r}", self.source, key_line)
            self.lines.setdefault((*path, key), key_line)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


_CONSTRUCTOR = yaml.SafeLoader("")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _scalar(node: yaml.Node, source: str, error: type[TonecheckError]) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise error("a mapping key must be a plain value", source, node.start_mark.line + 1)
    if node.tag == _BOOL_TAG and node.value.lower() not in ("true", "false"):
        # YAML 1.2 reads only true/false as booleans; "on", "no", "yes" are words in rule patterns.
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise error(f"invalid YAML: {exc.problem}", source, node.start_mark.line + 1) from None
    except ValueError:
        # A timestamp that is no date ("2026-11-31"): keep the text, so whoever reads the key can say
        # what is wrong with it and where.
        return node.value
