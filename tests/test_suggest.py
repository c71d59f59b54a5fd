from tonecheck.engine.suggest import calm, fill, fit_to_position, render_suggestions


def test_optional_groups_keep_what_the_sentence_had():
    template = "I'm still interested in the role[[ at {company}]] and would welcome news[[ by {date}]]."
    assert (
        fill(template, {"company": "[Company]"})
        == "I'm still interested in the role at [Company] and would welcome news."
    )
    assert fill(template, {}) == "I'm still interested in the role and would welcome news."


def test_a_required_slot_without_a_value_skips_the_template():
    assert fill("Any news before {date}?", {}) is None
    assert render_suggestions(["Any news before {date}?", "Any news?"], {}, True) == ("Any news?",)


def test_case_follows_the_position_in_the_sentence():
    assert fit_to_position("To recap", at_sentence_start=False) == "to recap"
    assert fit_to_position("to recap", at_sentence_start=True) == "To recap"
    assert fit_to_position("I'd welcome news", at_sentence_start=False) == "I'd welcome news"
    assert fit_to_position("HR will", at_sentence_start=False) == "HR will"


def test_calm():
    assert calm("I am STILL waiting??") == "I am still waiting?"
    assert calm("WHY!!!") == "why!"
    assert calm("I NEED IT") == "I need it"
