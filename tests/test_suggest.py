from tonecheck.engine.suggest import (
    calm,
    calm_date,
    fill,
    fit_to_position,
    names_in,
    render_suggestions,
)


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
    # the names of days and months keep their capital; "may" and "march" only before a number
    assert calm("I NEED IT BY FRIDAY") == "I need it by Friday"
    assert calm("BY MAY 3 YOU MAY KNOW") == "by May 3 you may know"
    assert calm("WE MARCH ON") == "we march on"


def test_names_in_the_draft_keep_their_capital():
    draft = (
        "Dear Mr. Okafor,\n\nI met Will and the Leeds team on Monday. Please tell them I will call.\n"
        "Great to see everyone.\nBest,\nAmara"
    )
    names = names_in(draft)
    assert names["okafor"] == "Okafor" and names["leeds"] == "Leeds"
    # written in lower case too, at a sentence's start, or on a line of its own: not taken for a name
    assert "will" not in names and "great" not in names and "amara" not in names
    assert calm("CALL OKAFOR IN LEEDS, I WILL WAIT", names) == "call Okafor in Leeds, I will wait"
    # a subject line in title case names nothing
    titled = names_in(
        "Subject: Following Up On The Analyst Role\n\nHi Dana,\nI met them in the Leeds office."
    )
    assert set(titled) == {"dana", "leeds"}


def test_calm_date():
    assert calm_date("TODAY") == "today"
    assert calm_date("next MONDAY") == "next Monday"
    assert calm_date("EOD") == "EOD"  # an abbreviation, not a shouted word
    assert calm_date("Friday the 3rd") == "Friday the 3rd"


# --- issue 17, item 7: curly-brace placeholders in rewrites -------------------------------------

PROMISE = [
    "I understand [[{person}|{placeholder}|the team]] hoped to reach a decision around {date}; I'm still "
    "very interested in [[the {role}|the role]] and would welcome any update you can share.",
]


def test_a_role_placeholder_is_never_made_the_person():
    (text,) = render_suggestions(PROMISE, {"date": "{reply_date}", "placeholder": "{role}"}, True)
    assert text.startswith("I understand the team hoped to reach a decision around {reply_date}")
    assert "interested in the {role} and" in text  # the role placeholder is kept, as the role
    (named,) = render_suggestions(PROMISE, {"date": "Friday", "placeholder": "[Interviewer Name]"}, True)
    assert named.startswith("I understand [Interviewer Name] hoped")


def test_a_fix_that_would_drop_a_placeholder_is_not_offered():
    from tonecheck.findings import Finding, Fix, Severity
    from tonecheck.run.polish import without_refused_fixes

    text = "I was told I'd hear back by {reply_date} about the {role} role at {company}."
    fix = Fix(0, len(text), "I understand the team hoped to reach a decision around {reply_date}.", False)
    finding = Finding(
        "r/x", "r", Severity.ERROR, "m", 0, len(text), 1, 1, 1, len(text) + 1, text, ("s",), fix
    )
    (kept,) = without_refused_fixes([finding], text)
    assert kept.fix is None and kept.suggestions == ("s",)
    keeping = Fix(0, len(text), "Any news on the {role} role at {company} by {reply_date}?", False)
    (also,) = without_refused_fixes([Finding(**{**finding.__dict__, "fix": keeping})], text)
    assert also.fix == keeping
