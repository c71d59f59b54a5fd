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
    attachments: tuple[str, ...] = ()  # the file names of its attachment parts ("" when unnamed)


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
    attached = tuple(item.get_filename() or "" for item in message.iter_attachments())
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return _decoded(subject, "", sent, attached)
    raw = part.get_payload(decode=False)
    encoding = str(part.get("content-transfer-encoding", "7bit")).lower()
    if (
        part.get_content_type() == "text/plain"
        and encoding in ("7bit", "8bit", "binary")
        and isinstance(raw, str)
    ):
        located = _locate(file_text, subject, raw)
        if located is not None:
            return EmailParts(file_text, located[0], located[1], False, sent, attached)
    try:
        content = part.get_content()
    except (LookupError, ValueError) as exc:
        raise InputError(f"cannot decode the email body: {exc}", shown) from None
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return _decoded(subject, content, sent, attached)


@dataclass(frozen=True)
class DecodedMap:
    """Where the decoded text of an email (``EmailParts.text``: "Subject: ..." and the body as the
    recipient reads it) lies in the file.

    A quoted-printable body is mapped character by character; a base64 or HTML body only as a whole
    (its encoded payload), since its words are not in the file as lines one can point at.
    """

    subject: tuple[int, int] | None  # the subject's words in the file, when written plainly
    body_start: int  # where the body starts in the decoded text
    payload: tuple[int, int]  # the body part's payload in the file, as stored (encoded)
    positions: tuple[int, ...] | None  # file offset of each decoded body character; None: not mapped

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the file that holds decoded ``text[start:end]`` (encoded)."""
        prefix = len("Subject: ")
        if start < self.body_start and self.subject is not None:
            first, last = self.subject
            return min(first + max(start - prefix, 0), last), min(first + max(end - prefix, 0), last)
        if self.positions is None or not self.positions:
            return self.payload
        body_first, body_end = max(start - self.body_start, 0), max(end - self.body_start, 0)
        count = len(self.positions)
        file_start = self.positions[body_first] if body_first < count else self.payload[1]
        if body_end <= body_first:
            return file_start, file_start
        file_end = self.positions[body_end] if body_end < count else self.payload[1]
        return file_start, max(file_end, file_start)


def decoded_map(data: bytes, file_text: str) -> DecodedMap | None:
    """Where an email's decoded text lies in the file; None when the email is not read as decoded."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        part = (
            message.get_body(preferencelist=("plain", "html")) if isinstance(message, EmailMessage) else None
        )
        if part is None:
            return None
        raw = part.get_payload(decode=False)
        content = part.get_content()
    except Exception:  # read_email has already said what is wrong with a broken email
        return None
    if not isinstance(raw, str):
        return None
    subject = str(message.get("subject", "") or "").strip()
    headers_end = header_end(file_text)
    located = _locate(file_text, subject, raw)
    subject_span = located[0] if located else None
    payload_start = file_text.find(raw.replace("\n", "\r\n") if "\r\n" in file_text else raw, headers_end)
    if payload_start == -1:
        payload_start = headers_end
    raw_length = len(raw) + (raw.count("\n") if "\r\n" in file_text else 0)
    payload = (payload_start, min(payload_start + raw_length, len(file_text)))
    positions = None
    encoding = str(part.get("content-transfer-encoding", "7bit")).lower()
    if (
        part.get_content_type() == "text/plain"
        and encoding == "quoted-printable"
        and isinstance(content, str)
    ):
        positions = _quoted_printable_positions(
            file_text, payload, part.get_content_charset() or "utf-8", content
        )
    body_start = len(f"Subject: {subject}\n\n") if subject else 0
    return DecodedMap(subject_span, body_start, payload, positions)


def body_edit_hidden(data: bytes) -> bool:
    """Whether an edit of the body tonecheck reads would not change what the recipient sees: the email
    also carries its body as HTML (multipart/alternative), which mail programs show instead of the plain
    text, and which a rewrite of the plain words leaves as it was."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        if not isinstance(message, EmailMessage):
            return False
        plain = message.get_body(preferencelist=("plain",))
        shown = message.get_body(preferencelist=("html",))
    except Exception:  # read_email has already said what is wrong with a broken email
        return False
    return plain is not None and shown is not None and shown is not plain


def _quoted_printable_positions(
    file_text: str, payload: tuple[int, int], charset: str, content: str
) -> tuple[int, ...] | None:
    """The file offset of each character of a quoted-printable body, decoded as ``content`` is."""
    import codecs

    try:
        decoder = codecs.getincrementaldecoder(charset)(errors="replace")
    except LookupError:
        return None
    chars: list[str] = []
    positions: list[int] = []
    index, end = payload
    pending = index  # where the bytes of the character being decoded began
    while index < end:
        char = file_text[index]
        if char == "=" and file_text.startswith(("\r\n", "\n"), index + 1):  # a soft line break
            index += 3 if file_text[index + 1] == "\r" else 2
            continue
        if char == "=" and re.fullmatch(r"[0-9A-Fa-f]{2}", file_text[index + 1 : index + 3]):
            data, step = bytes([int(file_text[index + 1 : index + 3], 16)]), 3
        elif char == "\r" and file_text.startswith("\n", index + 1):
            data, step = b"\n", 2
        else:
            data, step = char.encode(charset, errors="replace"), 1
        decoded = decoder.decode(data)
        for piece in decoded:
            chars.append(piece)
            positions.append(pending)
        if decoded or not data:
            pending = index + step
        index += step
    text = "".join(chars)
    # Trailing whitespace before a line break is dropped by decoders; positions then no longer line up.
    if text != content and text.rstrip("\n") != content.rstrip("\n"):
        return None
    return tuple(positions[: len(content)])


def _locate(
    file_text: str, subject: str, raw_body: str
) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
    """Where the subject and the plain-text body are in the file, if they are there verbatim."""
    headers_end = header_end(file_text)
    body_start = file_text.find(raw_body, headers_end)
    if body_start == -1 and "\r\n" in file_text:
        # The parser hands back bodies with \n; the file may have \r\n.
        body_start = file_text.find(raw_body.replace("\n", "\r\n"), headers_end)
        raw_body = raw_body.replace("\n", "\r\n")
    if body_start == -1:
        return None
    subject_span = None
    if subject:
        match = re.search(r"^subject:[ \t]*", file_text[:headers_end], re.IGNORECASE | re.MULTILINE)
        if match and file_text.startswith(subject, match.end()):
            subject_span = (match.end(), match.end() + len(subject))
    return subject_span, (body_start, body_start + len(raw_body))


def header_end(text: str) -> int:
    """Where an email file's body starts: after the blank line that ends its headers."""
    match = re.search(r"\r?\n\r?\n", text)
    return match.end() if match else 0


def _decoded(subject: str, body: str, sent: dt.date | None, attached: tuple[str, ...]) -> EmailParts:
    prefix = f"Subject: {subject}\n\n" if subject else ""
    text = prefix + body
    subject_span = (len("Subject: "), len("Subject: ") + len(subject)) if subject else None
    return EmailParts(text, subject_span, (len(prefix), len(text)), True, sent, attached)


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
