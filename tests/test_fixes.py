"""--fix and --diff: safe fixes applied atomically and idempotently; placeholders never touched."""

import json
import os
import stat
from email.message import EmailMessage

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.engine.fixes import apply_fixes, choose_fixes, write_atomically
from tonecheck.findings import Finding, Fix, Severity

from .conftest import ROOT

DRAFT = "Hi Sam,\r\n\r\nPer my last email, I am STILL keen on the [Role] role.\r\n\r\nBest,\r\nAna\r\n"


def _finding(start, end, replacement, safe=True, text=""):
    return Finding(
        "r/x",
        "r",
        Severity.WARNING,
        "m",
        start,
        end,
        1,
        1,
        1,
        1,
        text,
        (replacement,),
        Fix(start, end, replacement, safe),
    )


def test_choose_fixes_skips_unsafe_overlapping_and_placeholder_breaking_ones():
    text = "Per my last email, see [Company] now."
    keep = _finding(0, 17, "To recap")
    overlapping = _finding(4, 10, "x")
    unsafe = _finding(19, 22, "look", safe=False)
    breaks_placeholder = _finding(23, 32, "the company")
    chosen = choose_fixes(text, [keep, overlapping, unsafe, breaks_placeholder], unsafe=False)
    assert chosen == [keep.fix]
    assert choose_fixes(text, [unsafe], unsafe=True) == [unsafe.fix]
    assert apply_fixes(text, chosen) == "To recap, see [Company] now."


def test_an_insertion_beside_a_replacement_is_applied_with_it():
    text = "Hi Sam,\n\nPer my last email, see below.\n"
    insert = _finding(9, 9, "Thank you for your time.\n\n")
    replace = _finding(9, 27, "To recap,")
    inside = _finding(12, 12, "x")
    chosen = choose_fixes(text, [insert, replace, inside], unsafe=False)
    assert sorted(chosen, key=lambda f: f.end) == [insert.fix, replace.fix]
    assert apply_fixes(text, chosen) == "Hi Sam,\n\nThank you for your time.\n\nTo recap, see below.\n"


def test_paragraphs_inserted_inside_a_line_leave_no_space_at_the_end_and_one_blank_line_between():
    # "Thanks!" ending the last line is the sign-off, so missing sentences go in just before it.
    text = "Hi Sam,\n\nAny news on the role? Thanks!\nAna\n"
    point = text.index("Thanks!")
    thanks = _finding(point, point, "\n\nThank you for your time.\n\n")
    interest = _finding(point, point, "\n\nI remain very interested in the role.\n\n")
    fixed = apply_fixes(text, choose_fixes(text, [thanks, interest], unsafe=False))
    assert "Any news on the role?\n\n" in fixed
    assert not any(line != line.rstrip() for line in fixed.split("\n"))
    assert "\n\n\n" not in fixed  # side by side, the two paragraphs are parted by one blank line
    assert fixed.count("Thank you for your time.") == 1 and fixed.count("I remain very interested") == 1


def test_write_atomically_keeps_permissions_and_refuses_a_changed_file(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, "new", "utf-8", b"old")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    from tonecheck.errors import InputError

    with pytest.raises(InputError, match="changed on disk"):
        write_atomically(path, "newer", "utf-8", b"old")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["d.txt"]  # no temporary file left behind


@pytest.mark.model
class TestCommandLine:
    def test_diff_writes_nothing(self, tmp_path):
        path = tmp_path / "d.txt"
        path.write_bytes(DRAFT.encode())
        result = CliRunner().invoke(app, [str(path), "--diff", "--isolated"])
        assert result.exit_code == 1
        assert "-Per my last email, I am STILL keen" in result.stdout
        assert "+To recap, I am still keen" in result.stdout
        assert path.read_bytes() == DRAFT.encode()

    def test_fix_is_safe_idempotent_and_keeps_encoding_line_endings_and_placeholders(self, tmp_path):
        path = tmp_path / "d.txt"
        path.write_bytes(b"\xef\xbb\xbf" + DRAFT.encode())
        os.chmod(path, 0o600)
        first = CliRunner().invoke(app, [str(path), "--fix", "--isolated", "-f", "json"])
        fixed = path.read_bytes()
        assert (
            fixed.startswith(b"\xef\xbb\xbf")
            and b"\r\n" in fixed
            and b"\n" not in fixed.replace(b"\r\n", b"")
        )
        text = fixed.decode("utf-8-sig")
        assert "To recap, I am still keen on the [Role] role." in text
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        remaining = {f["rule"] for f in json.loads(first.stdout)["files"][0]["findings"]}
        assert (
            "accusatory/per-my-last-email" not in remaining
            and "accusatory/shouting-capitals" not in remaining
        )
        second = CliRunner().invoke(app, [str(path), "--fix", "--isolated"])
        assert path.read_bytes() == fixed
        assert "fixed" not in second.stderr

    def test_unsafe_fixes_need_opting_in(self, tmp_path):
        path = tmp_path / "d.txt"
        path.write_text("Hi Sam,\n\nYou said you would reply by Friday.\n\nBest,\nAna\n")
        CliRunner().invoke(app, [str(path), "--fix", "--isolated"])
        assert "You said you would reply by Friday." in path.read_text()
        CliRunner().invoke(app, [str(path), "--fix", "--unsafe-fixes", "--isolated"])
        assert "You said you would reply by Friday." not in path.read_text()
        assert "Friday" in path.read_text()

    def test_fix_inserts_a_missing_thank_you_sentence_once(self, tmp_path):
        path = tmp_path / "d.txt"
        path.write_text(
            "Hi Sam,\n\nI enjoyed meeting the team on Tuesday and hearing about "
            "the analyst role.\n\nBest,\nAna\n"
        )
        CliRunner().invoke(app, [str(path), "--fix", "--isolated", "--kind", "thank-you"])
        fixed = path.read_text()
        assert fixed.startswith("Hi Sam,\n\nThank you")
        assert fixed.endswith(
            "I enjoyed meeting the team on Tuesday and hearing about the analyst role.\n\nBest,\nAna\n"
        )
        second = CliRunner().invoke(app, [str(path), "--fix", "--isolated", "--kind", "thank-you"])
        assert second.exit_code == 0 and path.read_text() == fixed

    def test_an_email_with_an_html_body_is_not_fixed_in_its_plain_part_alone(self, tmp_path):
        # Mail programs show the HTML body: fixing only the plain words would change nothing the
        # recipient reads while reporting the problem fixed.
        message = EmailMessage()
        message["Subject"] = "Following up"
        message.set_content("Hi Dana,\n\nPer my last email, is there any news?\n\nBest,\nSam\n")
        message.add_alternative(
            "<p>Hi Dana,</p><p>Per my last email, is there any news?</p><p>Best,<br>Sam</p>",
            subtype="html",
        )
        both = tmp_path / "both.eml"
        both.write_bytes(bytes(message))
        plain_only = tmp_path / "plain.eml"
        plain_only.write_bytes(bytes(message.get_body(preferencelist=("plain",))))
        before = both.read_bytes()
        result = CliRunner().invoke(app, [str(both), "--fix", "--isolated", "--kind", "check-in"])
        assert both.read_bytes() == before
        assert "also holds its text as HTML" in result.stderr
        assert result.exit_code == 1  # the findings are still there
        CliRunner().invoke(app, [str(plain_only), "--fix", "--isolated", "--kind", "check-in"])
        assert "Per my last email" not in plain_only.read_text()


@pytest.mark.model
def test_fixing_the_corpus_twice_changes_nothing_the_second_time(tmp_path):
    import shutil

    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "corpus" / "cases", cases)
    CliRunner().invoke(app, [str(cases), "--fix", "--isolated", "-q"])
    after_first = {p.name: p.read_bytes() for p in cases.iterdir()}
    CliRunner().invoke(app, [str(cases), "--fix", "--isolated", "-q"])
    after_second = {p.name: p.read_bytes() for p in cases.iterdir()}
    assert after_first == after_second
    from tonecheck.inputs.placeholders import find_placeholders

    for name, data in after_first.items():
        original = (ROOT / "corpus" / "cases" / name).read_text()
        before = [original[p.start : p.end] for p in find_placeholders(original, 0, len(original))]
        text = data.decode()
        after = [text[p.start : p.end] for p in find_placeholders(text, 0, len(text))]
        assert sorted(before) == sorted(after), name
