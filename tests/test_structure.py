from tonecheck.engine.structure import LayoutFinder

FINDER = LayoutFinder(["hi", "hello", "dear"], ["thanks", "best", "kind regards", "many thanks"])


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
