from tonecheck.engine.structure import LayoutFinder

FINDER = LayoutFinder(
    ["hi", "hello", "dear"],
    ["thanks", "thank you", "thanks so much", "best", "kind regards", "many thanks"],
    ["thanks", "thank you", "many thanks"],
)


def test_greeting_body_signoff_and_signature():
    text = "Hi Sam,\n\nAny update on the role?\n\nThanks,\nAna\n+44 20 0000\n"
    layout = FINDER.find(text)
    assert text[layout.body_start :].startswith("Any update")
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Thanks,"
    assert layout.signature_start is not None and text[layout.signature_start :].startswith("Ana")
    assert layout.before_signoff == text.index("Thanks,")


def test_a_sentence_of_thanks_is_not_a_signoff():
    text = "Hi Sam,\n\nAny update?\n\nThanks for your time,\nAna\n"
    assert FINDER.find(text).signoff is None


def test_formula_with_name_on_one_line():
    text = "Hello,\nSee attached.\nBest, Ana\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Best, Ana"


def test_no_greeting_and_no_signoff():
    text = "Any update on the role?"
    layout = FINDER.find(text)
    assert layout.body_start == 0 and layout.signoff is None and layout.before_signoff == len(text)


def test_empty_text():
    layout = FINDER.find("   \n")
    assert layout.signoff is None and layout.body_start == 0


def test_a_bare_thanks_just_above_the_formula_closes_the_message_too():
    text = "Hi Sam,\n\nAny update on the role?\n\nThank you!\n\nBest,\nAna\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Thank you!\n\nBest,"
    assert not layout.in_body(text.index("Thank you!"), text.index("Thank you!") + 10)


def test_a_bare_thanks_ending_the_last_line_is_the_formula():
    text = "Hi Sam,\n\nAny update on the role? Thanks!\nAna\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Thanks!"
    assert layout.signature_start == text.index("Ana")
    assert layout.in_body(text.index("Any"), text.index("?") + 1)


def test_a_chat_style_note_signed_after_a_dash_in_lower_case():
    text = "hi sarah! just checking in on the barista job, lmk if you need anything :) thanks!\n- jade\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "thanks!"
    assert layout.signature_start == text.index("- jade")
    # a lower-case last line without a dash is still a line of the message
    assert FINDER.find("hi sarah, any news? thanks\nsee you\n").signature_start is None


def test_a_one_line_message_ends_with_its_formula_but_a_bare_thanks_is_thanks():
    # chat and LinkedIn messages are one line: "Hi Mel, any update? Thanks"
    text = "Hi Mel, any update? Thanks\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Thanks"
    assert FINDER.find("Thanks!\n").signoff is None


def test_thanks_that_says_what_for_stays_in_the_body():
    for text in (
        "Hi Sam,\n\nAny update on the role? Thank you for your time.\n\nBest,\nAna\n",
        "Hi Sam,\n\nAny update on the role? Thanks so much!\n\nBest,\nAna\n",
        "Hi Sam,\n\nMy thanks go to your team.\n",
    ):
        layout = FINDER.find(text)
        thanks = text.lower().index("thank")
        assert layout.in_body(thanks, thanks + 5), text


def test_contact_lines_under_the_name_do_not_hide_a_closing_thanks():
    # The phone number is the last line; the bare "Thanks." still ends the body as a formula.
    text = "Martin,\n\nI was hoping for some word before I go.  Thanks.\n\nOwen\n415-208-7731\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Thanks."
    assert layout.signature_start == text.index("Owen")
    for contact in ("owen@example.com", "www.example.com/owen", "Mobile: +1 (415) 208-7731"):
        other = text.replace("415-208-7731", contact)
        found = FINDER.find(other)
        assert found.signoff is not None and other[slice(*found.signoff)] == "Thanks.", contact


def test_a_phone_signature_after_a_one_line_message_with_a_bare_thanks():
    text = "Let me know if u have any questions. Thank you\n\nSent from my iPhone\n"
    layout = FINDER.find(text)
    assert layout.signoff is not None and text[slice(*layout.signoff)] == "Thank you"
    assert layout.in_body(0, text.index("."))
    # a message that is only thanks still thanks
    only = "Thank you!\n\nSent from my iPhone\n"
    assert FINDER.find(only).in_body(0, len("Thank you!"))


def test_a_postscript_under_the_signature_is_body_again():
    text = "Hi Sam,\n\nAny update?\n\nBest,\nAna\n\nP.S. Thanks again for the tour on Monday.\n+44 20 0000\n"
    layout = FINDER.find(text)
    thanks = text.index("Thanks again")
    assert layout.in_body(thanks, thanks + len("Thanks again"))
    assert not layout.in_body(text.index("Ana\n"), text.index("Ana\n") + 3)  # the name stays signature
    assert layout.before_signoff == text.index("Best,")


def test_a_signature_line_starting_with_ps_letters_is_no_postscript():
    text = "Hi Sam,\n\nAny update?\n\nBest,\nAna\nPsychologist, Leeds\n"
    assert FINDER.find(text).postscript is None
