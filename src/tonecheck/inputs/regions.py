"""The message finder: which parts of a Markdown file are messages, and what the other parts are.

A career center's templates sit among guidance: tips lists, "why it works" notes, timing tables, decision
trees in code blocks, prompts for an AI, articles about writing emails. Only the messages are linted. A
message reads like an email: it opens with a greeting ("Hi [Name],") or a subject line, or closes with a
sign-off ("Best regards,"); it may be prose under a heading, a fenced `text` (or untagged) block, a block
quote, or an HTML block. Everything else is reported as what it is (`tonecheck check --show-messages`),
so a template that was skipped is never a mystery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tonecheck.inputs.markdown import TEMPLATE_FENCES, Block, Headings, Region, blocks

# Markup at the start of a line that does not change what the line says.
_LEAD = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[*_]{1,3}(?=\S))?")
_TITLES = r"(?:\s+(?:mr|mrs|ms|mx|dr|prof)\.?)?"
_GREETING = re.compile(
    r"(?<!\w)(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b"
    + _TITLES
    + r"[^\n.!?,;:]{0,50}(?:,|[!:\u2014]\s*$|\s*$)",
    re.IGNORECASE,
)
_SIGNOFF_WORDS = (
    r"best|best regards|best wishes|kind regards|warm regards|warmest regards|warmly|regards|sincerely"
    r"|sincerely yours|yours sincerely|yours truly|yours faithfully|respectfully|cheers|all the best"
    r"|many thanks|thanks|thank you|thanks again|thank you again|thanks so much|with gratitude|gratefully"
    r"|with appreciation|with thanks|take care|talk soon|speak soon"
)
# A name after a sign-off: a placeholder, or up to three capitalised words.
_NAME = (
    r"(?:\[[^\]\n]{1,40}\]|\{\{?[^}\n]{1,40}\}?\}|%\w{1,40}%|\$\{\w{1,40}\}|<\w[^>\n]{0,40}>"
    r"|[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2})"
)
_SIGNOFF = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:" + _SIGNOFF_WORDS + r")[,.!\u2014-]?(?:\s*" + _NAME + r")?[*_]{0,3}\s*$",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"subject[*_]{0,2}\s*:", re.IGNORECASE)
_HEADER = re.compile(r"(?:to|from|cc)[*_]{0,2}\s*:", re.IGNORECASE)
# The opening of a request to an AI model, not of an email.
_PROMPT = re.compile(
    r"(?:prompt\s*:|act as|you are (?:an?|the|my)\b|i want you to|i want to write|i need (?:you|an?)\b"
    r"|(?:please\s+)?(?:write|draft|generate|compose|rewrite|create)\s+(?:me\s+)?(?:an?|the|my|this|three|two)\b"
    r"|help me (?:write|draft)|imagine you|pretend)",
    re.IGNORECASE,
)
# A request for an email, anywhere in a block that does not open like one.
_REQUEST = re.compile(
    r"\b(?:write|draft|generate|compose|create)\s+(?:me\s+)?(?:an?|the|my)\s+(?:[\w-]+\s+){0,4}"
    r"(?:email|e-mail|note|message|reply|letter)\b",
    re.IGNORECASE,
)
# A note about a template ("Why it works:", "**Tip:**") ends the template before it.
_LABEL = re.compile(
    r"(?:why (?:it|this) works|why this|when to (?:send|use)|tips?|notes?|timing|example|template|"
    r"customi[sz]ation|what to (?:include|avoid)|do not|don'?t|avoid|variation|alternative|pro tip)\b"
    r"[^\n]{0,60}?[*_]{0,2}\s*:",
    re.IGNORECASE,
)
_DIAGRAM = re.compile(r"[\u2500-\u257f\u2190-\u21ff]|-->|->|=>|\|__")
# Tag bodies cannot hold their own closing character, so the pattern never backtracks far.
_TAG_LINE = re.compile(r"(?:\s*(?:\{%[^%\n]{0,500}%\}|\{\{<[^>\n]{0,500}>\}\}|\{\{%[^%\n]{0,500}%\}\}))+\s*$")
_PROSE_KINDS = ("paragraph", "bullet_list", "ordered_list", "blockquote", "html_block")
_MAX_DRAFT_WORDS = 350


@dataclass(frozen=True)
class _Unit:
    """A top-level block as the finder sees it."""

    block: Block
    lines: list[str]  # its lines with leading markup left out

    @property
    def kind(self) -> str:
        return self.block.kind

    @property
    def comment(self) -> bool:
        return self.kind == "html_block" and all(
            not line.strip() or line.strip().startswith("<!--") or line.strip().endswith("-->")
            for line in self.lines
        )

    def first_text(self) -> str:
        return next((line.strip() for line in self.lines if line.strip()), "")

    @property
    def greeting(self) -> bool:
        opening = _without_subject(self.lines)
        return bool(opening) and bool(_GREETING.match(opening))

    @property
    def subject(self) -> bool:
        return bool(_SUBJECT.match(self.first_text()))

    @property
    def signoff(self) -> bool:
        short = (line.strip() for line in self.lines if len(line) <= 200 and len(line.split()) <= 14)
        return any(_SIGNOFF.search(line) for line in short)

    @property
    def note(self) -> bool:
        """A note about a template ("Why it works:"), which ends the template before it."""
        return self.kind == "paragraph" and bool(_LABEL.match(self.first_text()))

    @property
    def label(self) -> bool:
        """A note, or a paragraph that introduces what follows ("Here is one you can adapt:")."""
        return self.note or (self.kind == "paragraph" and self.first_text().rstrip("*_ ").endswith(":"))

    @property
    def prompt(self) -> bool:
        if _PROMPT.match(self.first_text()):
            return True
        return not self.greeting and any(_REQUEST.search(line) for line in self.lines)

    @property
    def signature(self) -> bool:
        """A short paragraph of names and contact lines, after a sign-off."""
        words = [line.split() for line in self.lines if line.strip()]
        if self.kind != "paragraph" or not 0 < len(words) <= 4 or any(len(w) > 6 for w in words):
            return False
        return not any(line.rstrip().endswith((".", "?", ":")) for line in self.lines if line.strip())


def _without_subject(lines: list[str]) -> str:
    """The first line that is not a subject, "To:" or "From:" header, or blank."""
    for line in lines:
        stripped = line.strip()
        if not stripped or _SUBJECT.match(stripped) or _HEADER.match(stripped):
            continue
        return stripped
    return ""


def _unit(text: str, block: Block) -> _Unit:
    lines = [_LEAD.sub("", line) for line in text[block.start : block.end].split("\n")]
    # A line of template-engine tags only ("{% highlight text %}", "{{< notice >}}") says nothing.
    return _Unit(block, ["" if _TAG_LINE.match(line) else line for line in lines])


def find_regions(text: str, start: int, end: int, allow_draft: bool = True) -> list[Region]:
    """Every part of ``text[start:end]``, in order: messages and what is not a message.

    ``allow_draft``: a file of a few plain paragraphs is one draft (not when its front matter says it is
    a page of a site: a short blog post is not a draft).
    """
    found = blocks(text, start, end)
    top = [_unit(text, block) for block in found if not block.nested]
    nested = [block for block in found if block.nested]
    titles = Headings(found)
    regions: list[Region] = []
    run: list[_Unit] = []
    for unit in top:
        if unit.kind in _PROSE_KINDS:
            run.append(unit)
            continue
        regions += _prose_run(text, run, titles)
        run = []
        regions.append(_other(text, unit, titles))
    regions += _prose_run(text, run, titles)
    messages = [region for region in regions if region.message]
    for block in nested:
        if not any(m.start <= block.start < m.end for m in messages):
            regions.append(_fence(text, _unit(text, block), titles))
    if allow_draft and not any(region.message for region in regions) and _is_bare_draft(top):
        return [Region(top[0].block.start, top[-1].block.end, None, "whole file (a draft)")]
    return sorted(regions, key=lambda region: (region.start, -region.end))


def _is_bare_draft(top: list[_Unit]) -> bool:
    """A file of a few paragraphs and nothing else is a draft saved as Markdown."""
    if not top or any(unit.kind not in ("paragraph", "html_block") for unit in top):
        return False
    if any(unit.kind == "html_block" and not unit.comment for unit in top):
        return False
    words = sum(len(line.split()) for unit in top for line in unit.lines)
    return words <= _MAX_DRAFT_WORDS and not any(unit.prompt for unit in top)


def _other(text: str, unit: _Unit, titles: Headings) -> Region:
    block = unit.block
    if unit.kind == "fence" or unit.kind == "code_block":
        return _fence(text, unit, titles)
    kinds = {"heading": "heading", "hr": "thematic break", "table": "table"}
    return Region(block.start, block.end, None, kinds.get(unit.kind, unit.kind), False)


def _fence(text: str, unit: _Unit, titles: Headings) -> Region:
    """A fenced or indented block: a template when it reads like an email, else code, a diagram, a prompt."""
    block = unit.block
    inner = block.content if block.content is not None else (block.start, block.end)
    lines = [_LEAD.sub("", line) for line in text[inner[0] : inner[1]].split("\n")]
    body = _Unit(Block("paragraph", block.first, block.last, *inner), lines)
    template_fence = block.kind == "code_block" or block.info in TEMPLATE_FENCES | {"markdown", "md"}
    reason = _not_an_email(body)
    if template_fence and reason is None:
        name = titles.before(block.start) or f"template at line {block.first + 1}"
        return Region(inner[0], inner[1], name, "fenced block")
    if reason in ("prompt", "diagram"):
        return Region(block.start, block.end, None, reason, False)
    return Region(block.start, block.end, None, "code", False)


def _not_an_email(body: _Unit) -> str | None:
    """Why a block of text is not an email (None when it is one)."""
    if body.prompt:
        return "prompt"
    drawn = sum(1 for line in body.lines if _DIAGRAM.search(line))
    if drawn >= 2 and not body.greeting:
        return "diagram"
    prose = [line for line in body.lines if len(line.split()) >= 4]
    if body.greeting or (body.subject and prose):
        return None
    if body.signoff and len(prose) >= 2:
        return None
    return "not an email"


def _prose_run(text: str, run: list[_Unit], titles: Headings) -> list[Region]:
    """Messages among consecutive paragraphs, lists, quotes and HTML blocks; the rest as guidance."""
    regions: list[Region] = []
    taken: set[int] = set()
    index = 0
    while index < len(run):
        unit = run[index]
        opens = unit.greeting or (unit.subject and _greeting_follows(run, index)) or _html_email(unit)
        if not opens or unit.prompt:
            index += 1
            continue
        last = _message_end(run, index)
        units = run[index : last + 1]
        taken.update(range(index, last + 1))
        regions.append(_message(units, titles))
        index = last + 1
    # A sign-off with no greeting before it: the message is the paragraphs that lead up to it.
    for index, unit in enumerate(run):
        if index in taken or not unit.signoff or unit.kind != "paragraph":
            continue
        first = index
        while first - 1 >= 0 and first - 1 not in taken and _body_paragraph(run[first - 1]):
            first -= 1
        if index - first >= 1:
            taken.update(range(first, index + 1))
            regions.append(_message(run[first : index + 1], titles))
    for index, unit in enumerate(run):
        if index not in taken and not unit.comment:
            regions.append(Region(unit.block.start, unit.block.end, None, _guidance_kind(unit), False))
    return regions


def _greeting_follows(run: list[_Unit], index: int) -> bool:
    return (index + 1 < len(run) and run[index + 1].greeting) or bool(
        [line for line in run[index].lines[1:] if len(line.split()) >= 4]
    )


def _html_email(unit: _Unit) -> bool:
    if unit.kind != "html_block" or unit.comment:
        return False
    words = re.sub(r"<[^>\n]{0,500}>", " ", "\n".join(unit.lines))
    return bool(_GREETING.search(words)) and _not_an_email(_Unit(unit.block, words.split("\n"))) is None


def _body_paragraph(unit: _Unit) -> bool:
    return unit.kind == "paragraph" and not unit.label and not unit.prompt and not unit.signoff


def _message_end(run: list[_Unit], first: int) -> int:
    """The last unit of the message that opens at ``first``: its sign-off (and signature), if it has one."""
    opening = run[first]
    if opening.kind in ("html_block", "blockquote") or (opening.signoff and not opening.subject):
        return _with_signature(run, first)
    for index in range(first + 1, len(run)):
        unit = run[index]
        after_subject = index == first + 1 and opening.subject and not opening.greeting
        if (
            (unit.greeting and not after_subject)
            or unit.note
            or unit.prompt
            or (unit.kind == "html_block" and not unit.comment)
        ):
            break
        if unit.signoff:
            return _with_signature(run, index)
    # No sign-off: the paragraphs after the greeting, up to the first list or note.
    last = first
    while last + 1 < len(run) and _body_paragraph(run[last + 1]) and not run[last + 1].greeting:
        last += 1
    return last


def _with_signature(run: list[_Unit], index: int) -> int:
    if index + 1 < len(run) and run[index + 1].signature:
        return index + 1
    return index


def _message(units: list[_Unit], titles: Headings) -> Region:
    start, end = units[0].block.start, units[-1].block.end
    name = titles.before(start)
    kinds = {unit.kind for unit in units if not unit.comment}
    if kinds == {"blockquote"}:
        kind = "block quote"
    elif kinds == {"html_block"}:
        kind = "HTML block"
    else:
        kind = "prose"
    return Region(start, end, name, kind)


def _guidance_kind(unit: _Unit) -> str:
    if unit.kind in ("bullet_list", "ordered_list"):
        return "list (tips or steps)"
    if unit.kind == "blockquote":
        return "quotation"
    if unit.kind == "html_block":
        return "HTML"
    if unit.prompt:
        return "prompt"
    if unit.note:
        return "note about a template"
    return "guidance"
