from tonecheck.inputs.messages import plain_message
from tonecheck.inputs.quoting import not_written_by_sender


def _left_out(text: str) -> list[str]:
    return [text[s:e] for s, e in not_written_by_sender(text, 0, len(text))]


def test_quoted_lines_and_attribution_are_left_out():
    text = "Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Ana <ana@example.com> wrote:\n"
    text += "> We chose another candidate.\n> Best, Ana\n"
    assert _left_out(text) == [
        "On Mon, 2 Mar 2026 at 10:00, Ana <ana@example.com> wrote:",
        "> We chose another candidate.",
        "> Best, Ana",
    ]


def test_wrapped_attribution_line():
    text = "Ok.\nOn Tue, Mar 3, 2026 at 4:02 PM Jane Doe <\njane@example.com> wrote:\n> Hi\n"
    assert _left_out(text)[:2] == ["On Tue, Mar 3, 2026 at 4:02 PM Jane Doe <", "jane@example.com> wrote:"]


def test_pasted_reply_without_quote_marks_runs_to_the_end():
    # Copied from a web mail page: the client's attribution line survives, the ">" marks do not.
    text = "Your loss.\n\nOn Mon, Mar 2, 2026 at 10:14 AM Dana Lee <dana@acme.com> wrote:\n"
    text += "Dear Sam,\nThank you for your time. We have chosen another candidate.\n"
    message = plain_message("reply.txt", text)
    assert "Thank you" not in message.text
    assert "We have chosen another candidate." in message.quoted


def test_an_attribution_in_a_sentence_needs_quoted_lines():
    text = "Hi Dana,\nOn Monday you wrote:\nthat the team would decide soon. Any news?\n"
    assert _left_out(text) == []


def test_forwarded_message_and_signature_run_to_the_end():
    forwarded = "See below.\n---------- Forwarded message ---------\nFrom: HR\nThanks for applying.\n"
    assert _left_out(forwarded) == [
        "---------- Forwarded message ---------",
        "From: HR",
        "Thanks for applying.",
    ]
    signed = "Best,\nAna\n-- \nAna Ruiz | +44 20 0000 0000\n"
    assert _left_out(signed) == ["-- ", "Ana Ruiz | +44 20 0000 0000"]


def test_outlook_header_block():
    text = "Any update?\n\nFrom: Sam Lee\nSent: 2 March 2026\nTo: Ana\nSubject: Interview\n"
    text += "Thank you for coming in.\n"
    assert _left_out(text)[0] == "From: Sam Lee"
    assert "Thank you for coming in." in _left_out(text)


def test_a_sender_line_starting_with_from_is_kept():
    text = "From what you said, the team is growing.\nBest, Ana\n"
    assert _left_out(text) == []


def test_quoted_thanks_are_not_in_the_lintable_text():
    message = plain_message("d.txt", "Ok, noted.\n\n> Thank you for applying.\n")
    assert "Thank you" not in message.text
    assert "Thank you for applying." in message.quoted
