"""Configuration: `[tool.tonecheck]` in pyproject.toml or a `.tonecheck.yaml`, nearest to each file.

The file nearest to a linted file wins (no merging up the tree); `--config` names one file for every
draft and `--isolated` ignores them all. Unknown keys and bad values are errors that name the file, the
line and what is allowed.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tonecheck.errors import ConfigError
from tonecheck.findings import SeverityName
from tonecheck.inputs.placeholders import DEFAULT_SYNTAXES
from tonecheck.rulefiles.regexcheck import regex_problem
from tonecheck.yamlfile import load_yaml

YAML_NAMES = (".tonecheck.yaml", ".tonecheck.yml", "tonecheck.yaml")
PYPROJECT = "pyproject.toml"
Layout = Literal["auto", "file", "headings", "fenced"]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class ConfigModel(BaseModel):
    """Every key a configuration may hold."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=False, frozen=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    fail_on: SeverityName | None = None
    rule_dirs: list[str] = Field(default_factory=list)
    placeholders: list[str] | None = None
    extra_placeholders: list[str] = Field(default_factory=list)
    extensions: list[str] | None = None
    exclude: list[str] = Field(default_factory=list)
    max_file_size: int | None = Field(default=None, ge=1, le=100_000_000)
    thank_you_window: int | None = Field(default=None, ge=0, le=24 * 14)
    check_in_wait: int | None = Field(default=None, ge=0, le=60)
    template_layouts: dict[str, Layout] = Field(default_factory=dict)
    model: str | None = None

    @field_validator("placeholders")
    @classmethod
    def _known_syntaxes(cls, value: list[str] | None) -> list[str] | None:
        for name in value or []:
            if name not in DEFAULT_SYNTAXES:
                raise ValueError(
                    f"unknown placeholder syntax {name!r} (allowed: {', '.join(DEFAULT_SYNTAXES)})"
                )
        return value

    @field_validator("extra_placeholders")
    @classmethod
    def _safe_regexes(cls, value: list[str]) -> list[str]:
        for pattern in value:
            problem = regex_problem(pattern)
            if problem:
                raise ValueError(f"{problem}: {pattern!r}")
        return value

    @field_validator("extensions")
    @classmethod
    def _dotted(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        return [item if item.startswith(".") else f".{item}" for item in value]


@dataclass(frozen=True)
class Config:
    """A validated configuration and where it came from (None: the defaults)."""

    model: ConfigModel = field(default_factory=ConfigModel)
    path: Path | None = None

    @property
    def root(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    def relative(self, file: Path) -> str:
        """``file`` as a POSIX path relative to the configuration's folder (for globs)."""
        # realpath, unlike Path.resolve, does not raise on a symlink loop
        try:
            return Path(os.path.realpath(file)).relative_to(os.path.realpath(self.root)).as_posix()
        except ValueError:
            return file.as_posix()

    def matches(self, pattern: str, file: Path) -> bool:
        relative = self.relative(file)
        return fnmatch.fnmatch(relative, pattern) or (
            "/" not in pattern and fnmatch.fnmatch(file.name, pattern)
        )

    def ignored_for(self, file: Path) -> list[str]:
        names = []
        for pattern, rules in self.model.per_file_ignores.items():
            if self.matches(pattern, file):
                names.extend(rules)
        return names

    def layout_for(self, file: Path) -> str:
        for pattern, layout in self.model.template_layouts.items():
            if self.matches(pattern, file):
                return layout
        return "auto"

    def rule_dirs(self) -> list[Path]:
        return [(self.root / directory) for directory in self.model.rule_dirs]

    def placeholder_syntaxes(self) -> dict[str, str]:
        names = self.model.placeholders if self.model.placeholders is not None else list(DEFAULT_SYNTAXES)
        syntaxes = {name: DEFAULT_SYNTAXES[name] for name in names}
        for index, pattern in enumerate(self.model.extra_placeholders):
            syntaxes[f"extra-{index}"] = pattern
        return syntaxes


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a folder)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in YAML_NAMES:
            path = candidate / name
            if path.is_file():
                return path
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.tonecheck(?:\.|\])", text, re.MULTILINE) is not None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("configuration file not found", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", shown) from None
    if path.name == PYPROJECT or path.suffix == ".toml":
        data, locate = _toml_section(text, shown)
    else:
        loaded = load_yaml(text, shown, ConfigError)
        data = loaded.data if loaded.data is not None else {}
        locate = loaded.line_of
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of keys to values", shown, 1)
    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = tuple(error["loc"])
        raise ConfigError(_describe(error), shown, locate(location)) from None
    return Config(model, path)


def _describe(error: Any) -> str:
    location = [str(part) for part in error["loc"]]
    key = ".".join(location) or "configuration"
    if error["type"] == "extra_forbidden":
        keys = [field.alias or name for name, field in ConfigModel.model_fields.items()]
        if len(location) == 1:
            close = difflib.get_close_matches(location[0].replace("_", "-").lower(), keys, n=1, cutoff=0.6)
            if close:
                return f"unknown key {location[-1]!r}; did you mean {close[0]!r}?"
        return f"unknown key {location[-1]!r} (allowed: {', '.join(keys)})"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{key}: {message}"


def _toml_section(text: str, shown: str) -> tuple[dict[str, Any], Any]:
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"invalid TOML: {exc}", shown, int(line.group(1)) if line else None) from None
    section = document.get("tool", {}).get("tonecheck", {})
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if re.match(r"\s*\[tool\.tonecheck", line)), 0)

    def locate(path: tuple[Any, ...]) -> int | None:
        # TOML parsers give no positions; find the key's line after the section header.
        if not path:
            return header + 1
        key = str(path[0])
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for index in range(header, len(lines)):
            if pattern.match(lines[index]):
                return index + 1
        return header + 1

    return section, locate


class ConfigFinder:
    """The configuration for each linted file: explicit, none, or the nearest one (cached by folder)."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.explicit = load_config(explicit) if explicit is not None else None
        self.isolated = isolated
        self._by_file: dict[Path, Config] = {}
        self._by_folder: dict[Path, Config] = {}

    def for_folder(self, folder: Path) -> Config:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return Config()
        folder = folder.resolve()
        cached = self._by_folder.get(folder)
        if cached is None:
            path = find_config_file(folder)
            cached = self._load(path) if path is not None else Config()
            self._by_folder[folder] = cached
        return cached

    def for_file(self, file: Path) -> Config:
        return self.for_folder(file.parent if file.parent != Path("") else Path.cwd())

    def _load(self, path: Path) -> Config:
        cached = self._by_file.get(path)
        if cached is None:
            cached = load_config(path)
            self._by_file[path] = cached
        return cached


def built_in_defaults(rule_dirs: list[Path] | None = None) -> dict[str, Any]:
    """What a key left out of the configuration means (shown by `tonecheck config` instead of null).
    The check-in wait is each rule's own: read from the rules this configuration loads."""
    from tonecheck.inputs.decoding import DEFAULT_EXTENSIONS, DEFAULT_MAX_BYTES
    from tonecheck.pipeline.load import default_model
    from tonecheck.rulefiles.load import load_cached_ruleset

    # The same loader, and so the same rule set, the checker uses for these folders.
    ruleset = load_cached_ruleset(tuple(str(folder) for folder in rule_dirs or []))
    waits = sorted(
        {
            rule.model.timing.wait
            for rule in ruleset.rules.values()
            if rule.model.timing is not None and rule.model.timing.wait_setting == "check-in-wait"
        }
    )
    return {
        "fail-on": "warning",
        "placeholders": list(DEFAULT_SYNTAXES),
        "extensions": list(DEFAULT_EXTENSIONS),
        "max-file-size": DEFAULT_MAX_BYTES,
        "thank-you-window": 24,
        # one number when the rules agree; each wait when they do not
        "check-in-wait": waits[0] if len(waits) == 1 else waits,
        "model": default_model(),
    }


def describe(config: Config, file: Path | None = None) -> dict[str, Any]:
    """The effective settings as plain data, for `tonecheck config`; for a file, also what applies to it
    alone (per-file-ignores, its template layout, whether `exclude` skips it in a folder)."""
    data = config.model.model_dump(by_alias=True)
    for key, value in built_in_defaults(config.rule_dirs()).items():
        if data.get(key) is None:
            data[key] = value
    data["placeholders"] = list(config.placeholder_syntaxes())
    described: dict[str, Any] = {"source": str(config.path) if config.path else "defaults", "settings": data}
    if file is not None:
        described["file"] = {
            "path": str(file),
            "ignored": config.ignored_for(file),
            "layout": config.layout_for(file),
            "excluded": any(config.matches(pattern, file) for pattern in config.model.exclude),
        }
    return described
