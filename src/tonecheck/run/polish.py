"""What a run settles about findings after the engine: per-file ignores, silencing comments and
configured severities, positions in an email file, a subject line gets a subject as its rewrite, a fix
that `--fix` would refuse is not offered, and which kinds were guessed rather than set.

These read the file's text, not the parsed message, so they work the same for findings answered from
the result cache (which keeps whether each kind was set).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePath

from tonecheck.engine.fixes import keeps_placeholders
from tonecheck.engine.results import Result
from tonecheck.engine.suppress import apply, comment_suppressions, front_matter_suppressions
from tonecheck.findings import Finding, Fix, Severity
from tonecheck.inputs.emails import body_edit_hidden, decoded_map, header_end
from tonecheck.inputs.messages import EMAIL_SUFFIXES, MARKDOWN_SUFFIXES, Message
from tonecheck.inputs.textmap import LineIndex
from tonecheck.run.config import Config

# A subject is a few words that say what the email is about, not a sentence: rewriting it with a rule's
# paragraph-long suggestion would make a subject nobody sends.
SUBJECTS = {
    "thank-you": "Thank you for your time",
    "check-in": "Following up on my application",
    "materials": "The materials you asked for",
    "rejection-reply": "Thank you for letting me know",
    "other": "Following up",
}
_SUBJECT_HEADER = re.compile(r"^subject:[ \t]*(\S[^\r\n]*?)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def settled_findings(
    results: Sequence[Result],
    config: Config,
    path: str,
    text: str,
    data: bytes | None,
    shown: str | None,
    body_as_html: bool = False,
) -> list[Finding]:
    """One file's findings as every way of linting it reports them (the command line, the editor, the
    web page): ``shown`` is the path matched against per-file ignores (None: none apply), ``path`` the
    file's own, whose suffix says how it was read; ``body_as_html`` (see ``body_shown_as_html``) withholds
    the body's fixes."""
    findings = [f for result in results for f in result.findings]
    if shown:
        silenced = set(config.ignored_for(Path(shown)))
        findings = [f for f in findings if f.rule not in silenced and f.category not in silenced]
    suppressions = front_matter_suppressions(results[0].message.ignore if results else (), text)
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        suppressions += comment_suppressions(text)
    findings = apply(findings, suppressions, text)
    findings = [with_configured_severity(f, config) for f in findings]
    findings = with_file_positions(findings, path, text, data)
    findings = without_refused_fixes(findings, text)
    if body_as_html:
        findings = without_body_fixes(findings, text)
    kind = results[0].kind if results else "other"
    return with_subject_suggestions(findings, path, text, kind)


def with_configured_severity(finding: Finding, config: Config) -> Finding:
    levels = config.model.severity
    level = levels.get(finding.rule) or levels.get(finding.category)
    return replace(finding, severity=Severity.parse(level)) if level else finding


def subject_span(path: str, text: str) -> tuple[int, int] | None:
    """Where the subject's words are in the file: an email's Subject header, or a plain draft's first
    line "Subject: ...", after its front matter."""
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return None
    if suffix in EMAIL_SUFFIXES:
        headers_end = re.search(r"\r?\n\r?\n", text)
        match = _SUBJECT_HEADER.search(text, 0, headers_end.start() if headers_end else len(text))
    else:
        start = _front_matter_end(text)
        line_end = text.find("\n", start)
        match = _SUBJECT_HEADER.match(text, start, len(text) if line_end == -1 else line_end)
    return (match.start(1), match.end(1)) if match else None


def _front_matter_end(text: str) -> int:
    """Where the text after a front-matter block starts (0 without one); the block is not parsed again,
    so a run answered from the cache reads no YAML."""
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip("\r") != "---":
        return 0
    closing = re.search(r"^(?:---|\.\.\.)\r?$", text[first_end + 1 :], re.MULTILINE)
    if closing is None:
        return 0
    end = first_end + 1 + closing.end()
    return min(end + 1, len(text))


def with_subject_suggestions(findings: list[Finding], path: str, text: str, kind: str) -> list[Finding]:
    """Findings on the subject line suggest a subject (and fix it with one) instead of a paragraph."""
    if not findings:
        return findings
    span = subject_span(path, text)
    if span is None:
        return findings
    subject = SUBJECTS.get(kind, SUBJECTS["other"])
    adjusted = []
    for finding in findings:
        if finding.start < finding.end and _on_subject(finding, span, text):
            fix = finding.fix
            if fix is not None and finding.offsets == "original":
                fix = Fix(span[0], span[1], subject, fix.safe)
            elif finding.offsets != "original":
                fix = None
            finding = replace(finding, suggestions=(subject,), fix=fix)
        adjusted.append(finding)
    return adjusted


def _on_subject(finding: Finding, span: tuple[int, int], text: str) -> bool:
    if finding.offsets == "original":
        return span[0] <= finding.start and finding.end <= span[1]
    # Decoded text starts with "Subject: <subject>" on line 1 when the email has a subject.
    return finding.line == 1 and finding.end_line == 1 and finding.text in text[span[0] : span[1]]


def with_file_positions(findings: list[Finding], path: str, text: str, data: bytes | None) -> list[Finding]:
    """Findings in an email's decoded text, placed where the file holds those words.

    A quoted-printable body is mapped word for word, a base64 or HTML body to its encoded payload as a
    whole; a subject written plainly becomes an ordinary finding (its words are in the file).
    Positions in decoded text would otherwise land on header lines of the file.
    """
    if data is None or PurePath(path).suffix.lower() not in EMAIL_SUFFIXES:
        return findings
    if all(f.offsets == "original" for f in findings):
        return findings
    mapping = decoded_map(data, text)
    if mapping is None:
        return findings
    lines = LineIndex(text)
    placed = []
    for finding in findings:
        if finding.offsets == "original":
            placed.append(finding)
            continue
        start, end = mapping.file_span(finding.start, finding.end)
        plain = text[start:end] == finding.text
        fix = None  # a rewrite of decoded text cannot be written into an encoded body
        if plain and finding.fix is not None:
            fix_start, fix_end = mapping.file_span(finding.fix.start, finding.fix.end)
            candidate = replace(finding.fix, start=fix_start, end=fix_end)
            fix = candidate if _stays_quoted_printable(text, candidate) else None
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        placed.append(
            replace(
                finding,
                start=start,
                end=end,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                fix=fix,
                offsets="original" if plain else "decoded",
            )
        )
    return placed


def _stays_quoted_printable(text: str, fix: Fix) -> bool:
    """Plain words in a quoted-printable body may be rewritten in place only with text that needs no
    encoding there: ASCII without '=', and no line longer than the 76 characters the encoding allows."""
    replacement = fix.replacement
    if not replacement.isascii() or "=" in replacement:
        return False
    line_start = text.rfind("\n", 0, fix.start) + 1
    line_end = text.find("\n", fix.end)
    fixed = (
        text[line_start : fix.start] + replacement + text[fix.end : len(text) if line_end == -1 else line_end]
    )
    return all(len(line.rstrip("\r")) <= 76 for line in fixed.split("\n"))


def without_refused_fixes(findings: list[Finding], text: str) -> list[Finding]:
    """A fix that would drop or change a template placeholder is never applied, so it is not offered
    either (the suggestion stays, as advice)."""
    return [
        replace(f, fix=None) if f.fix is not None and not keeps_placeholders(text, f.fix) else f
        for f in findings
    ]


def body_shown_as_html(path: str, data: bytes | None) -> bool:
    """Whether the file is an email that also carries its body as HTML, which the recipient is shown
    instead of the plain words tonecheck reads: a fix of those words would leave what they read
    unchanged while the run reports the problem fixed."""
    return data is not None and PurePath(path).suffix.lower() in EMAIL_SUFFIXES and body_edit_hidden(data)


def without_body_fixes(findings: list[Finding], text: str) -> list[Finding]:
    """The fixes of an email's body withheld (the suggestions stay, as advice); a subject fix stays, since
    the plain and the HTML body share the header."""
    if all(f.fix is None for f in findings):
        return findings
    body_start = header_end(text)
    return [replace(f, fix=None) if f.fix is not None and f.fix.end > body_start else f for f in findings]


def kinds_guessed(results: Sequence[Result]) -> tuple[bool, ...]:
    """For each message, whether its kind was guessed (not set by --kind or front matter)."""
    guessed = []
    for result in results:
        message = result.message
        if isinstance(message, Message):
            guessed.append(message.context.kind is None)
        else:  # answered from the cache, which keeps whether the kind was set
            guessed.append(not message.kind_set)
    return tuple(guessed)
