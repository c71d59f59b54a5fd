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
