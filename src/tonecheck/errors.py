"""Errors the user can act on, and the process exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


class TonecheckError(Exception):
    """A problem with the user's input, rules or configuration: printed as one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class RuleError(TonecheckError):
    """A rule file that cannot be loaded."""


class ConfigError(TonecheckError):
    """A configuration file or option with a bad value."""


class InputError(TonecheckError):
    """A draft that cannot be read."""


class ModelError(TonecheckError):
    """The spaCy pipeline cannot be loaded."""
