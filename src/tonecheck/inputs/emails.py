"""Email files (.eml): the sender's text and subject, mapped back to the file where they are stored
as plain text, and to the decoded text where they are encoded (base64, quoted-printable) or HTML."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from tonecheck.errors import InputError

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "table",
}
_SKIP_TAGS = {"style", "script", "head", "title"}


@dataclass(frozen=True)
class EmailParts:
    """What tonecheck lints in an email file."""

    text: str  # the text positions refer to: the file itself, or the decoded subject and body
    subject: tuple[int, int] | None  # where the subject's words are in `text`
    body: tuple[int, int]  # where the body is in `text`
    decoded: bool  # positions refer to decoded text, not to the file
    sent: dt.date | None  # the Date header


def read_email(data: bytes, file_text: str, shown: str) -> EmailParts:
    """Parse an email file; ``file_text`` is the same bytes decoded for position mapping."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; anything it raises means the file is not an email
        raise InputError(f"cannot parse as an email: {exc}", shown) from None
    if not isinstance(message, EmailMessage) or not message.keys():
        raise InputError("not an email file (no headers found)", shown)
    subject = str(message.get("subject", "") or "").strip()
    sent = _sent(message)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return _decoded(subject, "", sent)
    raw = part.get_payload(decode=False)
    encoding = str(part.get("content-transfer-encoding", "7bit")).lower()
    if (
        part.get_content_type() == "text/plain"
        and encoding in ("7bit", "8bit", "binary")
        and isinstance(raw, str)
    ):
        located = _locate(file_text, subject, raw)
        if located is not None:
            return EmailParts(file_text, located[0], located[1], False, sent)
    try:
        content = part.get_content()
    except (LookupError, ValueError) as exc:
        raise InputError(f"cannot decode the email body: {exc}", shown) from None
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return _decoded(subject, content, sent)


def _locate(
    file_text: str, subject: str, raw_body: str
) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
    """Where the subject and the plain-text body are in the file, if they are there verbatim."""
    header_end = _header_end(file_text)
    body_start = file_text.find(raw_body, header_end)
    if body_start == -1 and "\r\n" in file_text:
        # The parser hands back bodies with \n; the file may have \r\n.
        body_start = file_text.find(raw_body.replace("\n", "\r\n"), header_end)
        raw_body = raw_body.replace("\n", "\r\n")
    if body_start == -1:
        return None
    subject_span = None
    if subject:
        match = re.search(r"^subject:[ \t]*", file_text[:header_end], re.IGNORECASE | re.MULTILINE)
        if match and file_text.startswith(subject, match.end()):
            subject_span = (match.end(), match.end() + len(subject))
    return subject_span, (body_start, body_start + len(raw_body))


def _header_end(text: str) -> int:
    match = re.search(r"\r?\n\r?\n", text)
    return match.end() if match else 0


def _decoded(subject: str, body: str, sent: dt.date | None) -> EmailParts:
    prefix = f"Subject: {subject}\n\n" if subject else ""
    text = prefix + body
    subject_span = (len("Subject: "), len("Subject: ") + len(subject)) if subject else None
    return EmailParts(text, subject_span, (len(prefix), len(text)), True, sent)


def _sent(message: EmailMessage) -> dt.date | None:
    value = message.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value)).date()
    except (TypeError, ValueError):
        return None


class _TextFromHtml(HTMLParser):
    """Collects text; every line inside a <blockquote> starts with '> ', as in a plain-text reply."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._quoting = 0

    def _break(self) -> None:
        self.parts.append("\n" + ("> " if self._quoting else ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
            return
        if tag == "blockquote":
            self._quoting += 1
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
            return
        if tag == "blockquote":
            self._quoting = max(0, self._quoting - 1)
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._quoting:
            data = data.replace("\n", "\n> ")
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text from an HTML email: block elements become line breaks, quotes keep a '>'."""
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line not in (">", "> ")]
    cleaned = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip() + "\n"
