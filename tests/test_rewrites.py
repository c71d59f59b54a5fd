"""Rewrites that --fix applies must read as if the writer had put them there (issue 17, item 5): a whole
sentence replaced, every fact it is not about kept, no date brought in, one request for news per
paragraph, and the wider of two overlapping fixes chosen."""

import re
import shutil

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.engine.factkeep import dates_added, whole_unit
from tonecheck.engine.fixes import apply_fixes, choose_fixes
from tonecheck.findings import Finding, Fix, Severity

from .conftest import ROOT

RUN_ON = (
    "It's been two weeks I wanted to follow up on my application for the analyst role, "
    "I still have not heard anything."
)


def _finding(start, end, replacement, safe=False):
    fix = Fix(start, end, replacement, safe)
    return Finding("r/x", "r", Severity.WARNING, "m", start, end, 1, 1, 1, 1, "", (replacement,), fix)


def test_a_sentence_split_inside_a_clause_is_not_a_whole_unit():
    text = "Hi Jo,\n\nIt's been two weeks I wanted to follow up on my application.\n"
    half = text.index("I wanted")
    assert not whole_unit(text, text.index("It's"), half - 1)
    assert not whole_unit(text, half, text.index("\n", half))
    assert whole_unit(text, text.index("It's"), text.index("\n", half))


def test_a_rewrite_may_not_bring_in_a_date():
    added = dates_added("Not sure if you saw my email.", "I followed up on my note from next week.")
    assert added == ["next week"]
    assert dates_added("I need an answer by Friday.", "Any chance of an update by Friday?") == []


def test_rewrites_of_one_paragraph_ask_for_news_once():
    text = "Any update? I still have not heard. Why have you not replied? I need it by Friday.\n\nBest,\nJo\n"
    silence = text.index("I still")
    why = text.index("Why")
    deadline = text.index("I need")
    findings = [
        _finding(silence, why - 1, "I would welcome any update you can share."),
        _finding(why, deadline - 1, "Is there any update on the timeline?"),
        _finding(deadline, text.index("\n"), "Any chance of an update by Friday?"),
    ]
    fixed = apply_fixes(text, choose_fixes(text, findings, unsafe=True))
    # The paragraph already asks ("Any update?"); the two undated complaints go, the dated one is kept.
    assert fixed.startswith("Any update? Any chance of an update by Friday?\n\n")


@pytest.mark.parametrize(
    ("text", "first", "second", "kept"),
    [
        # One request for news, and it is the one that keeps the writer's date.
        (
            "You said you would be in touch. Tell me by Friday or I will take it as a no.\n\nJo\n",
            "I'd welcome any update you can share on the timeline.",
            "If there is any chance of an update by Friday, I would be grateful.",
            "If there is any chance of an update by Friday, I would be grateful.\n\n",
        ),
        # Each rewrite keeps a date of the writer's, but two requests are still two: the first stays.
        (
            "You told me you'd ring on Tuesday. Can you give me a call today?\n\nNeil\n",
            "I understand you hoped to call around Tuesday; I'd welcome any news.",
            "If there is any chance of an update by today, I would be grateful.",
            "I understand you hoped to call around Tuesday; I'd welcome any news.\n\n",
        ),
    ],
)
def test_a_paragraph_keeps_one_request_and_prefers_a_dated_one(text, first, second, kept):
    middle = text.index(". ") + 2
    findings = [_finding(0, middle - 1, first), _finding(middle, text.index("\n"), second)]
    fixed = apply_fixes(text, choose_fixes(text, findings, unsafe=True))
    assert fixed.startswith(kept)


def test_the_wider_of_two_overlapping_fixes_wins():
    text = "Per my last email, why have you not replied?"
    phrase = _finding(0, 17, "To recap", safe=True)
    sentence = _finding(0, len(text), "Is there any update you can share?")
    assert apply_fixes(text, choose_fixes(text, [phrase, sentence], unsafe=True)) == (
        "Is there any update you can share?"
    )
    assert apply_fixes(text, choose_fixes(text, [phrase, sentence], unsafe=False)) == (
        "To recap, why have you not replied?"
    )


def _fixed(tmp_path, body, kind="check-in"):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Dana,\n\n{body}\n\nBest,\nSam\n")
    CliRunner().invoke(app, [str(path), "--fix", "--unsafe-fixes", "--isolated", "--kind", kind])
    return path.read_text()


@pytest.mark.model
def test_an_offer_and_its_date_survive(tmp_path):
    body = "Not sure if you saw my last email, but I am free next week to talk."
    fixed = _fixed(tmp_path, body)
    assert body in fixed
    assert "note from next week" not in fixed


@pytest.mark.model
def test_an_offer_to_be_considered_again_survives(tmp_path):
    # "glad to be considered" is an offer whatever its verb: a fix of the lecture beside it may not
    # delete it (the sentence stays as written, the finding as advice).
    body = (
        "The wait was hard. It says a lot about how you treat people, and I'd be glad to be considered "
        "if something opens up again."
    )
    fixed = _fixed(tmp_path, body, kind="rejection-reply")
    assert "I'd be glad to be considered if something opens up again." in fixed


@pytest.mark.model
def test_a_challenge_about_my_portfolio_is_not_turned_into_another_question(tmp_path):
    fixed = _fixed(tmp_path, "Thank you for letting me know. Did you even read my portfolio?")
    assert "Did you even read my portfolio?" in fixed
    assert "how the decision is made" not in fixed


@pytest.mark.model
def test_stacked_complaints_become_one_request(tmp_path):
    body = (
        "Thank you for the interview on Monday. Any update? I still have not heard anything. "
        "Why haven't you replied? Please get back to me ASAP. I need an answer by Friday."
    )
    fixed = _fixed(tmp_path, body)
    paragraph = fixed.split("\n\n")[1]
    assert paragraph.startswith("Thank you for the interview on Monday. Any update? ")
    assert "Friday" in paragraph
    assert len(re.findall(r"\bupdate\b", paragraph)) == 2
    relint = CliRunner().invoke(app, [str(tmp_path / "draft.txt"), "--isolated", "--kind", "check-in", "-q"])
    assert "accusatory/" not in relint.output


_ASK = re.compile(r"\b(?:update|updates|decision|timeline|hear back|next steps)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july"
    r"|august|september|october|november|december|tomorrow|next week)\b",
    re.IGNORECASE,
)


def _asking_sentences(paragraph: str) -> int:
    return sum(1 for sentence in re.split(r"(?<=[.?!])\s+", paragraph) if _ASK.search(sentence))


@pytest.mark.parametrize(
    "sentences",
    [
        ("I have had nothing.", "Nobody called me back.", "I am still waiting."),
        # four: the middle deletions only touch, and the last takes the space before it
        ("I was told you'd call.", "Nobody called.", "Nobody emailed either.", "I've heard nothing since."),
    ],
)
def test_sentences_deleted_side_by_side_keep_the_paragraph_break(sentences):
    # Complaints in one paragraph each rewritten as a request for news: the first stays, the others are
    # deleted, and the blank line before the next paragraph must survive.
    text = f"Hi Jo,\n\n{' '.join(sentences)}\n\nBest,\nSam\n"
    ask = "I'd be grateful for any update on the role."
    findings = [
        _finding(text.index(sentence), text.index(sentence) + len(sentence), ask, safe=True)
        for sentence in sentences
    ]
    fixed = apply_fixes(text, choose_fixes(text, findings, unsafe=True))
    assert fixed == f"Hi Jo,\n\n{ask}\n\nBest,\nSam\n"


def test_a_rewrite_asking_beside_an_inserted_ask_is_deleted():
    # A missing sentence inserted with a request for news ("... and would welcome any update") stays, so
    # a complaint in the same paragraph is deleted rather than turned into a second request.
    complaint = "A two-line email would do."
    text = f"Hi Jo,\n\nI interviewed last month. {complaint}\n\nSam\n"
    inserted = "I'm still keen on the role and would welcome any update. "
    at = text.index("I interviewed")
    ask = "I'd be grateful for a quick update."
    findings = [
        _finding(at, at, inserted, safe=True),
        _finding(text.index(complaint), text.index(complaint) + len(complaint), ask, safe=True),
    ]
    fixed = apply_fixes(text, choose_fixes(text, findings, unsafe=True))
    assert fixed == f"Hi Jo,\n\n{inserted}I interviewed last month.\n\nSam\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", " \n", "\u00a0\n"])
def test_each_paragraph_keeps_its_own_request_whatever_the_line_breaks(newline):
    # Two paragraphs, one complaint each: a blank line written "\r\n\r\n", or with a stray space (even a
    # no-break one, as the resolver reads it), still parts them, so neither request for news is deleted
    # as a second one in the same paragraph.
    first, second = "I have had nothing.", "I am still waiting."
    text = newline.join(["Hi Jo,", "", first, "", f"A quick note about parking. {second}", "", "Sam", ""])
    ask = "I'd be grateful for any update on the role."
    findings = [
        _finding(text.index(sentence), text.index(sentence) + len(sentence), ask, safe=True)
        for sentence in (first, second)
    ]
    fixed = apply_fixes(text, choose_fixes(text, findings, unsafe=True))
    assert fixed == text.replace(first, ask).replace(second, ask)


@pytest.mark.model
def test_fixed_corpus_drafts_read_as_written(tmp_path):
    """Every corpus draft fixed with --unsafe-fixes: no paragraph gains more than one request for news,
    no date appears that the draft did not have, and what the writer offered is still there."""
    folders = {"cases": ROOT / "corpus" / "cases", "real": ROOT / "corpus" / "real" / "cases"}
    for name, folder in folders.items():
        shutil.copytree(folder, tmp_path / name)
    CliRunner().invoke(app, [str(tmp_path), "--fix", "--unsafe-fixes", "--isolated", "-q"])
    changed = 0
    for name, folder in folders.items():
        for path in sorted((tmp_path / name).iterdir()):
            original = (folder / path.name).read_text()
            fixed = path.read_text()
            if fixed == original:
                continue
            changed += 1
            asked_before = max((_asking_sentences(p) for p in original.split("\n\n")), default=0)
            for paragraph in fixed.split("\n\n"):
                assert _asking_sentences(paragraph) <= asked_before + 1, (path.name, paragraph)
            had = {d.lower() for d in _DATE.findall(original)}
            assert {d.lower() for d in _DATE.findall(fixed)} <= had, path.name
            for offer in re.findall(r"\bI(?:'d| would) be (?:happy|glad) to \w+", original):
                assert offer in fixed, (path.name, offer)
    assert changed > 300  # the check means something only if most drafts were rewritten


def test_a_missing_sentence_a_rewrite_already_says_is_not_inserted():
    text = "Hi Jo,\n\nI still have not heard anything.\n\nBest,\nSam\n"
    sentence = text.index("I still")
    rewrite = _finding(
        sentence, text.index("\n", sentence), "I'm still very interested and would welcome any update."
    )
    interest = _finding(
        text.index("Best"), text.index("Best"), "I remain very interested and would welcome the chance.\n\n"
    )
    thanks = _finding(text.index("Best"), text.index("Best"), "Thank you again for your consideration.\n\n")
    chosen = choose_fixes(text, [rewrite, interest, thanks], unsafe=True)
    assert interest.fix not in chosen and len(chosen) == 3  # settled by the rewrite: inserts nothing
    assert rewrite.fix in chosen and thanks.fix in chosen
    assert "remain" not in apply_fixes(text, chosen)


@pytest.mark.model
def test_a_rewritten_complaint_is_not_followed_by_a_second_statement_of_interest(tmp_path):
    fixed = _fixed(tmp_path, RUN_ON)
    assert fixed.count("interested") == 1 and "analyst role" in fixed
