"""The message finder on small cases: what CommonMark says a block is, and what counts as a message."""

from tonecheck.inputs.markdown import blocks
from tonecheck.inputs.messages import file_regions, messages_for


def _parts(text: str, name: str = "t.md") -> list[tuple[str, str]]:
    return [
        (text[r.start : r.end].split("\n")[0], r.kind if r.message else f"skipped {r.kind}")
        for r in file_regions(name, text)
    ]


def test_blocks_come_from_a_commonmark_parser_with_exact_lines():
    text = "Title\n=====\n\n    indented code\n\n<div>\nx\n</div>\n\n~~~\nunclosed fence\n"
    found = [(b.kind, b.first, b.last) for b in blocks(text, 0, len(text))]
    assert found == [("heading", 0, 1), ("code_block", 3, 3), ("html_block", 5, 7), ("fence", 9, 10)]
    fence = blocks(text, 0, len(text))[-1]
    assert fence.content is not None and text[slice(*fence.content)] == "unclosed fence"


def test_guidance_around_a_template_is_not_a_message():
    text = (
        "## Timing\n\n- **After offer**: Respond within the requested timeframe\n\n"
        "## Template\n\nHi [Name],\n\nThank you for today.\n\nBest,\n[Your Name]\n\n"
        "**Why it works:** it is SHORT.\n"
    )
    (message,) = messages_for("t.md", text)
    assert message.text.startswith("Hi ") and "timeframe" not in message.text
    assert "SHORT" not in message.text and message.name == "Template"
    kinds = [kind for _first, kind in _parts(text)]
    assert kinds == [
        "skipped heading",
        "skipped list (tips or steps)",
        "skipped heading",
        "prose",
        "skipped note about a template",
    ]


def test_prompts_diagrams_and_code_are_not_messages():
    text = (
        "```\nAct as an email writer. I want to write a thank you email.\n```\n\n"
        "```\nReply?\n└─ NO → Continue\n└─ YES → STOP\n```\n\n"
        "```python\nprint('Hi there,')\n```\n"
    )
    assert messages_for("t.md", text) == []
    assert [kind for _first, kind in _parts(text)] == ["skipped prompt", "skipped diagram", "skipped code"]


def test_a_block_quote_template_is_read_without_its_markers():
    text = "Try this:\n\n> Hi Sam,\n>\n> Per my last email, thanks.\n>\n> Best,\n> Lee\n"
    (message,) = messages_for("t.md", text)
    assert ">" not in message.text and "Per my last email" in message.text
    start = message.text.index("Per my")
    o_start, o_end = message.mapped.original_span(start, start + 6)
    assert text[o_start:o_end] == "Per my"


def test_an_html_block_email_is_read_without_its_tags():
    text = (
        '<div class="email"><p>Hi Morgan,</p>\n<p>Thank you for the call today.</p>\n'
        "<p>Best,<br>Casey</p></div>\n"
    )
    (message,) = messages_for("t.md", text)
    assert "<" not in message.text and "Thank you for the call today." in message.text


def test_a_page_of_a_site_is_not_a_draft_but_plain_paragraphs_are():
    post = "---\ntitle: On thank-you notes\n---\nThank-you notes matter. Nobody has replied to mine.\n"
    assert messages_for("p.md", post) == []
    draft = "Per my last email, I am still waiting.\n"
    assert len(messages_for("d.md", draft)) == 1


def test_template_layouts_override_the_finder():
    from tonecheck.inputs.messages import ReadOptions

    from .conftest import DATA

    text = (DATA / "templates" / "panel-thank-you-kit.md").read_text()
    found = [m.name for m in messages_for("k.md", text)]
    assert found == ["To the hiring manager", "To a panelist"]
    sections = messages_for("k.md", text, options=ReadOptions(layout="headings"))
    # Every section is a template when the configuration says so, the checklist too.
    assert [m.name for m in sections] == ["To the hiring manager", "To a panelist", "Checklist"]
    fenced = messages_for("k.md", text, options=ReadOptions(layout="fenced"))
    assert [m.name for m in fenced] == found and "When to send" not in fenced[0].text
