import pytest

from tonecheck.inputs.messages import plain_message
from tonecheck.inputs.placeholders import find_placeholders

SYNTAXES = [
    ("Dear [Hiring Manager],", "[Hiring Manager]", "Alex"),
    ("Hi {{ first_name }},", "{{ first_name }}", "Alex"),
    ("Hi {first_name},", "{first_name}", "Alex"),
    ("Hi %NAME%,", "%NAME%", "Alex"),
    ("Hi ${name},", "${name}", "Alex"),
    ("Dear <Interviewer>,", "<Interviewer>", "Alex"),
    ("the role at [Company Name].", "[Company Name]", "Acme"),
    ("the [Position Title] role", "[Position Title]", "Analyst"),
    ("by {{ reply_date }}", "{{ reply_date }}", "Monday"),
]


@pytest.mark.parametrize(("text", "placeholder", "word"), SYNTAXES)
def test_each_syntax_is_found_and_masked(text, placeholder, word):
    found = find_placeholders(text, 0, len(text))
    assert [(text[p.start : p.end], p.word) for p in found] == [(placeholder, word)]
    message = plain_message("t.txt", text)
    assert placeholder not in message.text and word in message.text
    start = message.text.index(word)
    o_start, o_end = message.mapped.original_span(start, start + len(word))
    assert text[o_start:o_end] == placeholder


@pytest.mark.parametrize(
    "text",
    ["see [the link](https://example.com)", "a <br> tag and <b>bold</b>", "[x] done", "50% off 20%", "{}"],
)
def test_markup_and_lookalikes_are_not_placeholders(text):
    assert find_placeholders(text, 0, len(text)) == []


def test_unbalanced_brackets_do_not_break_masking():
    text = "Hi [Name, thanks {{ for } the %chat"
    message = plain_message("t.txt", text)
    assert message.text == text


@pytest.mark.model
def test_curly_placeholders_survive_the_shown_and_the_applied_fix(tmp_path):
    # Issue 17, item 7: JSON showed an unsafe fix that `--fix --unsafe-fixes` never applied.
    import json

    from typer.testing import CliRunner

    from tonecheck.cli import app

    draft = tmp_path / "d.txt"
    text = "Hi Jo,\n\nI was told I'd hear back by {reply_date} about the {role} role at {company}.\n"
    draft.write_text(text)
    shown = json.loads(CliRunner().invoke(app, [str(draft), "-f", "json", "--isolated"]).stdout)
    promise = next(f for f in shown["files"][0]["findings"] if f["rule"] == "accusatory/you-said-you-would")
    assert not any(s.startswith("I understand {role}") for s in promise["suggestions"])
    CliRunner().invoke(app, [str(draft), "--fix", "--unsafe-fixes", "--isolated", "--select", "accusatory"])
    fixed = draft.read_text()
    if "fix" in promise:  # what JSON offers is what --fix applies
        assert (
            fixed
            == text[: promise["fix"]["start"]] + promise["fix"]["replacement"] + text[promise["fix"]["end"] :]
        )
    else:
        assert fixed == text
    assert all(p in fixed for p in ("{reply_date}", "{role}", "{company}"))
