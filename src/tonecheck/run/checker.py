"""Lint files: find them, read them with their configuration, run the engine, and collect results.

This is what the CLI calls; it prints nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tonecheck.engine.results import Result
from tonecheck.errors import InputError
from tonecheck.findings import Finding, Severity
from tonecheck.inputs.context import Context
from tonecheck.inputs.decoding import DEFAULT_EXTENSIONS, DEFAULT_MAX_BYTES, SourceFile, read_file, read_stdin
from tonecheck.inputs.markdown import Region
from tonecheck.inputs.messages import Message, ReadOptions, file_regions, messages_for
from tonecheck.inputs.placeholders import compile_syntaxes
from tonecheck.pipeline import collector
from tonecheck.run import polish
from tonecheck.run.config import Config, ConfigFinder
from tonecheck.run.files import walk

if TYPE_CHECKING:  # these load spaCy or the rule schema; a run answered from the cache needs neither
    from tonecheck.engine.lint import Engine
    from tonecheck.rulefiles.load import RuleSet
    from tonecheck.run.cache import ResultCache
    from tonecheck.run.workers import EngineRecipe

STDIN = "-"


@dataclass(frozen=True)
class FileReport:
    path: str
    text: str
    results: tuple[Result, ...]
    notices: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    fail_on: Severity = Severity.WARNING
    guessed: tuple[bool, ...] = ()  # per message: its kind was guessed, not set by --kind or front matter
    # Why the file could not be read (and where), when it could not: every format reports it as an
    # error for this file, the other files are still linted, and the run exits 2.
    error: str | None = None
    error_line: int | None = None
    # An email that also carries its body as HTML: its body fixes were withheld (polish.body_shown_as_html).
    body_as_html: bool = False

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

    @property
    def errors(self) -> list[FileReport]:
        """The files that could not be read."""
        return [report for report in self.reports if report.error is not None]


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
    jobs: int | None = None  # worker processes; None: one per core when there are many drafts
    cache_folder: Path | None = None  # where results and parsed rules are kept; None: no cache
    force_exclude: bool = False  # apply `exclude` to files named on the command line too


@dataclass(frozen=True)
class Target:
    name: str  # a path, or "-" for standard input
    config: Config
    named: bool  # named on the command line (errors are fatal) rather than found in a folder


@dataclass
class _Pending:
    target: Target
    source: SourceFile
    messages: list[Message]  # empty when the results came from the cache
    cache: ResultCache | None
    cached: tuple[Result, ...] | None = None


class Checker:
    """Lints drafts, each with the configuration nearest to it.

    Drafts whose findings are in the result cache are not parsed again; the rest are grouped by the
    engine their configuration asks for and linted in this process or in worker processes.
    """

    def __init__(self, options: CheckOptions | None = None) -> None:
        self.options = options or CheckOptions()
        self.configs = ConfigFinder(self.options.config_path, self.options.isolated)
        self._engines: dict[EngineRecipe, Engine] = {}
        self._caches: dict[tuple[object, ...], ResultCache] = {}
        self._stdin: SourceFile | None = None  # standard input can be read once: kept for a second run

    def stdin_config(self) -> Config:
        """Standard input's configuration: that of --stdin-filename's path, else the current folder's."""
        if self.options.stdin_filename:
            return self.configs.for_file(Path(self.options.stdin_filename))
        return self.configs.for_folder(Path.cwd())

    def replace_stdin(self, text: str) -> None:
        """Lint ``text`` as standard input from now on (the fixed text, after --fix)."""
        if self._stdin is not None:
            self._stdin = replace(self._stdin, text=text, data=text.encode(self._stdin.encoding))

    def targets(self, names: Sequence[str]) -> tuple[list[Target], list[str]]:
        """Files to lint: those named, and drafts found in named folders."""
        targets: list[Target] = []
        notices: list[str] = []
        for name in dict.fromkeys(names):  # a path named twice (or `- -`) is linted once
            if name == STDIN:
                targets.append(Target(STDIN, self.stdin_config(), True))
                continue
            path = Path(name)
            if not path.exists() and not path.is_symlink():  # reported for this file when it is read
                targets.append(Target(name, self.configs.for_folder(Path.cwd()), True))
                continue
            if not path.is_dir():
                config = self.configs.for_file(path)
                if self.options.force_exclude and any(config.matches(p, path) for p in config.model.exclude):
                    continue
                targets.append(Target(name, config, True))
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
        pending: list[_Pending] = []
        unreadable: list[FileReport] = []
        for target in targets:
            try:  # one file that cannot be read never hides the others
                source = self._read(target, run)
                if source is None:
                    continue
                layout = self._layout(target)
                cache = self._cache_for(target, layout)
                # A draft answered from the cache is not split into messages: its entry holds all a
                # report needs.
                cached = cache.get(source.path, source.text) if cache is not None else None
                messages: list[Message] = []
                if cached is None:
                    options = ReadOptions(self._placeholders(target.config), layout)
                    messages = messages_for(
                        source.path, source.text, self.options.context, options, source.data
                    )
            except InputError as exc:
                shown = exc.path or target.name
                unreadable.append(FileReport(shown, "", (), error=exc.message, error_line=exc.line))
                continue
            pending.append(_Pending(target, source, messages, cache, cached))
        results: dict[int, tuple[Result, ...]] = {}
        to_lint: dict[EngineRecipe, list[int]] = {}
        for index, item in enumerate(pending):
            if item.cached is not None:
                results[index] = item.cached
            else:
                to_lint.setdefault(self.recipe_for(item.target.config), []).append(index)
        for recipe, indexes in to_lint.items():
            batch = [message for index in indexes for message in pending[index].messages]
            linted = iter(self._lint(recipe, batch, len(indexes)))
            for index in indexes:
                item = pending[index]
                results[index] = tuple(next(linted) for _ in item.messages)
                if item.cache is not None:
                    item.cache.put(item.source.text, results[index])
        for index, item in enumerate(pending):
            run.reports.append(self._report(item.target, item.source, results[index]))
        run.reports.extend(unreadable)
        return run

    def check_text(self, name: str, text: str) -> FileReport:
        """Lint ``text`` as the file ``name`` would hold it (an editor's unsaved buffer).

        The configuration, template layout, placeholders, per-file ignores, silencing and severities
        are those ``run`` applies to that file, so the findings are the command line's; the disk and
        the result cache are not used.
        """
        target = Target(name, self.configs.for_file(Path(name)), True)
        options = ReadOptions(self._placeholders(target.config), self._layout(target))
        data = text.encode("utf-8")  # the bytes an email file is parsed from, as if saved
        messages = messages_for(name, text, self.options.context, options, data)
        results = tuple(self._lint(self.recipe_for(target.config), messages, 1))
        return self._report(target, SourceFile(name, text, data=data), results)

    def file_regions(self, names: Sequence[str]) -> list[tuple[str, str, list[Region], str | None]]:
        """For `check --show-messages`: each file's path, text and parts (which of them are messages),
        read with its configuration's template layout; or, for a file that cannot be read, why."""
        targets, _notices = self.targets(names)
        shown: list[tuple[str, str, list[Region], str | None]] = []
        for target in targets:
            try:
                source = self._read(target, Run())
                if source is None:
                    continue
                options = ReadOptions(self._placeholders(target.config), self._layout(target))
                shown.append(
                    (source.path, source.text, file_regions(source.path, source.text, options), None)
                )
            except InputError as exc:
                shown.append((target.name, "", [], str(exc)))
        return shown

    def _lint(self, recipe: EngineRecipe, messages: list[Message], files: int) -> list[Result]:
        from tonecheck.run.workers import choose_jobs, lint_in_workers

        if not messages:
            return []
        jobs = choose_jobs(self.options.jobs, files)
        engine = self.engine_for_recipe(recipe)
        if jobs > 1:
            outcomes = lint_in_workers(recipe, messages, jobs, engine)
            pairs = zip(messages, outcomes, strict=True)
            return [Result(message, kind, findings, close) for message, (kind, findings, close) in pairs]
        return list(engine.lint(messages))

    def _read(self, target: Target, run: Run) -> SourceFile | None:
        limit = target.config.model.max_file_size or DEFAULT_MAX_BYTES
        try:
            if target.name == STDIN:
                if self._stdin is None:
                    self._stdin = read_stdin(self.options.stdin_filename or STDIN, limit)
                source = self._stdin
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

    def _selection(self, config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
        select = self.options.select or tuple(config.model.select)
        ignore = (*config.model.ignore, *self.options.ignore)
        return tuple(select), tuple(ignore)

    def recipe_for(self, config: Config) -> EngineRecipe:
        """What builds the engine for drafts under ``config``; equal recipes share one engine."""
        from tonecheck.engine.lint import Settings
        from tonecheck.run.workers import EngineRecipe

        select, ignore = self._selection(config)
        window = config.model.thank_you_window
        settings = Settings(
            thank_you_window_hours=window if window is not None else 24,
            check_in_wait=config.model.check_in_wait,
        )
        return EngineRecipe(
            select,
            ignore,
            self.options.model or config.model.model,
            settings,
            self._rules_cache(),
            tuple(str(d) for d in config.rule_dirs()),
        )

    def engine_for_recipe(self, recipe: EngineRecipe) -> Engine:
        engine = self._engines.get(recipe)
        if engine is None:
            engine = self._engines[recipe] = recipe.build()
            collector.after_loading()
        return engine

    def engine_for(self, config: Config) -> Engine:
        return self.engine_for_recipe(self.recipe_for(config))

    def ruleset_for(self, config: Config) -> RuleSet:
        from tonecheck.rulefiles.load import load_cached_ruleset

        select, ignore = self._selection(config)
        rule_dirs = tuple(str(d) for d in config.rule_dirs())
        return load_cached_ruleset(rule_dirs, self._rules_cache()).select(select, ignore)

    def _rules_cache(self) -> Path | None:
        return self.options.cache_folder

    def _cache_for(self, target: Target, layout: str) -> ResultCache | None:
        """The result cache for drafts read like ``target``: one key base per set of effective settings.

        Everything that can change a finding is in the key: the options and the configuration, how the
        file is read (its extension, layout and placeholder syntaxes), the rule files, the pipeline, and
        today's date (a draft without a send date is judged as sent today).
        """
        folder = self.options.cache_folder
        if folder is None:
            return None
        config = target.config
        suffix = Path(target.name).suffix.lower() if target.name != STDIN else ""
        stdin_suffix = Path(self.options.stdin_filename or "").suffix.lower()
        memo = (config.path, layout, suffix or stdin_suffix)
        cache = self._caches.get(memo)
        if cache is None:
            from tonecheck.pipeline.load import default_model
            from tonecheck.rulefiles.locate import rules_digest
            from tonecheck.run.cache import ResultCache, cache_key_base, settings_fingerprint

            select, ignore = self._selection(config)
            model = self.options.model or config.model.model or default_model()
            settings: dict[str, Any] = {
                "context": asdict(self.options.context),
                "select": select,
                "ignore": ignore,
                "config": config.model.model_dump(mode="json"),
                "layout": layout,
                "suffix": suffix or stdin_suffix,
                "placeholders": config.placeholder_syntaxes(),
                "today": dt.date.today().isoformat(),
            }
            digest = rules_digest([Path(d) for d in config.rule_dirs()])
            key_base = cache_key_base(settings_fingerprint(settings), digest, model)
            cache = self._caches[memo] = ResultCache(folder, key_base)
        return cache

    def fail_on(self, config: Config) -> Severity:
        return Severity.parse(self.options.fail_on or config.model.fail_on or "warning")

    def _report(self, target: Target, source: SourceFile, results: tuple[Result, ...]) -> FileReport:
        # Standard input is matched against per-file-ignores as the path --stdin-filename gives.
        shown = target.name if target.name != STDIN else self.options.stdin_filename
        config = target.config
        # Reading the email's parts again costs a parse; only a file with findings has fixes to withhold
        # or a note to show, so a clean file is not parsed twice.
        found = any(result.findings for result in results)
        body_as_html = found and polish.body_shown_as_html(source.path, source.data)
        findings = polish.settled_findings(
            results, config, source.path, source.text, source.data, shown, body_as_html
        )
        guessed = polish.kinds_guessed(results)
        return FileReport(
            source.path,
            source.text,
            results,
            source.notices,
            tuple(findings),
            self.fail_on(config),
            guessed,
            body_as_html=body_as_html,
        )
