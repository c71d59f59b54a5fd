"""Lint files: find them, read them with their configuration, run the engine, and collect results.

This is what the CLI calls; it prints nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tonecheck.config import Config, ConfigFinder
from tonecheck.context import Context
from tonecheck.drafts import Message, ReadOptions, messages_for
from tonecheck.engine import Engine, Result, Settings
from tonecheck.errors import InputError
from tonecheck.findings import Finding, Severity
from tonecheck.placeholders import compile_syntaxes
from tonecheck.reading import DEFAULT_EXTENSIONS, DEFAULT_MAX_BYTES, SourceFile, read_file, read_stdin, walk
from tonecheck.ruleset import RuleSet, load_ruleset
from tonecheck.suppress import apply, comment_suppressions, front_matter_suppressions

STDIN = "-"


@dataclass(frozen=True)
class FileReport:
    path: str
    text: str
    results: tuple[Result, ...]
    notices: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    fail_on: Severity = Severity.WARNING

    @property
    def kind(self) -> str:
        return self.results[0].kind if self.results else "other"


@dataclass
class Run:
    reports: list[FileReport] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity >= report.fail_on for report in self.reports for f in report.findings)


@dataclass(frozen=True)
class CheckOptions:
    context: Context = field(default_factory=Context)
    select: tuple[str, ...] = ()  # from the command line: replaces the configuration's `select`
    ignore: tuple[str, ...] = ()  # from the command line: added to the configuration's `ignore`
    model: str | None = None
    fail_on: str | None = None
    config_path: Path | None = None
    isolated: bool = False
    stdin_filename: str | None = None


@dataclass(frozen=True)
class Target:
    name: str  # a path, or "-" for standard input
    config: Config
    named: bool  # named on the command line (errors are fatal) rather than found in a folder


class Checker:
    """Lints drafts, each with the configuration nearest to it."""

    def __init__(self, options: CheckOptions | None = None) -> None:
        self.options = options or CheckOptions()
        self.configs = ConfigFinder(self.options.config_path, self.options.isolated)
        self._engines: dict[tuple[object, ...], Engine] = {}

    def targets(self, names: Sequence[str]) -> tuple[list[Target], list[str]]:
        """Files to lint: those named, and drafts found in named folders."""
        targets: list[Target] = []
        notices: list[str] = []
        for name in names:
            if name == STDIN:
                targets.append(Target(STDIN, self.configs.for_folder(Path.cwd()), True))
                continue
            path = Path(name)
            if not path.exists() and not path.is_symlink():
                raise InputError("no such file or directory", name)
            if not path.is_dir():
                targets.append(Target(name, self.configs.for_file(path), True))
                continue
            config = self.configs.for_folder(path)
            extensions = tuple(config.model.extensions or DEFAULT_EXTENSIONS)
            found, skipped = walk(path, extensions, [p for p in config.model.exclude], config)
            notices.extend(skipped)
            if not found:
                raise InputError(f"no drafts to lint here (looked for {', '.join(extensions)})", name)
            targets.extend(Target(str(file), self.configs.for_file(file), False) for file in found)
        return targets, notices

    def run(self, names: Sequence[str]) -> Run:
        targets, notices = self.targets(names)
        run = Run(notices=notices)
        pending: list[tuple[Target, SourceFile, list[Message]]] = []
        for target in targets:
            source = self._read(target, run)
            if source is None:
                continue
            options = ReadOptions(self._placeholders(target.config), self._layout(target))
            context = self.options.context
            messages = messages_for(source.path, source.text, context, options, source.data)
            pending.append((target, source, messages))
        by_engine: dict[Engine, list[int]] = {}
        for index, (target, _source, _messages) in enumerate(pending):
            by_engine.setdefault(self.engine_for(target.config), []).append(index)
        results: dict[int, tuple[Result, ...]] = {}
        for engine, indexes in by_engine.items():
            batch = [message for index in indexes for message in pending[index][2]]
            linted = iter(engine.lint(batch))
            for index in indexes:
                results[index] = tuple(next(linted) for _ in pending[index][2])
        for index, (target, source, _messages) in enumerate(pending):
            run.reports.append(self._report(target, source, results[index]))
        return run

    def _read(self, target: Target, run: Run) -> SourceFile | None:
        limit = target.config.model.max_file_size or DEFAULT_MAX_BYTES
        try:
            if target.name == STDIN:
                source = read_stdin(self.options.stdin_filename or STDIN, limit)
            else:
                source = read_file(Path(target.name), target.name, limit)
        except InputError as exc:
            if target.named:
                raise
            run.notices.append(f"skipped {exc}")
            return None
        run.notices.extend(source.notices)
        return source

    def _layout(self, target: Target) -> str:
        if target.name == STDIN:
            return "auto"
        return target.config.layout_for(Path(target.name))

    @staticmethod
    @functools.lru_cache(maxsize=16)
    def _compiled(syntaxes: tuple[tuple[str, str], ...]):  # -> re.Pattern[str]
        return compile_syntaxes(dict(syntaxes))

    def _placeholders(self, config: Config):  # -> re.Pattern[str]
        return self._compiled(tuple(config.placeholder_syntaxes().items()))

    def ruleset_for(self, config: Config) -> RuleSet:
        select = self.options.select or tuple(config.model.select)
        ignore = (*config.model.ignore, *self.options.ignore)
        return _ruleset(tuple(str(d) for d in config.rule_dirs())).select(select, ignore)

    def engine_for(self, config: Config) -> Engine:
        from tonecheck.api import build_engine

        settings = Settings(
            thank_you_window_hours=config.model.thank_you_window
            if config.model.thank_you_window is not None
            else 24,
            check_in_wait=config.model.check_in_wait,
        )
        model = self.options.model or config.model.model
        key = (config.path, model, settings.thank_you_window_hours, settings.check_in_wait)
        engine = self._engines.get(key)
        if engine is None:
            engine = build_engine(self.ruleset_for(config), model, settings)
            self._engines[key] = engine
        return engine

    def fail_on(self, config: Config) -> Severity:
        return Severity.parse(self.options.fail_on or config.model.fail_on or "warning")

    def _report(self, target: Target, source: SourceFile, results: tuple[Result, ...]) -> FileReport:
        config = target.config
        findings = [f for result in results for f in result.findings]
        if target.name != STDIN:
            silenced = set(config.ignored_for(Path(target.name)))
            findings = [f for f in findings if f.rule not in silenced and f.category not in silenced]
        suppressions = front_matter_suppressions(results[0].message.ignore if results else (), source.text)
        if source.path.lower().endswith((".md", ".markdown")):
            suppressions += comment_suppressions(source.text)
        findings = apply(findings, suppressions, source.text)
        findings = [_with_configured_severity(f, config) for f in findings]
        return FileReport(
            source.path, source.text, results, source.notices, tuple(findings), self.fail_on(config)
        )


def _with_configured_severity(finding: Finding, config: Config) -> Finding:
    levels = config.model.severity
    level = levels.get(finding.rule) or levels.get(finding.category)
    return replace(finding, severity=Severity.parse(level)) if level else finding


@functools.lru_cache(maxsize=8)
def _ruleset(rule_dirs: tuple[str, ...]) -> RuleSet:
    return load_ruleset([Path(d) for d in rule_dirs])
