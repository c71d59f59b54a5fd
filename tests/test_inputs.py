"""Real drafts and templates: email files, Markdown templates, placeholders, encodings and bad input."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.inputs.decoding import decode, read_file
from tonecheck.inputs.messages import ReadOptions, messages_for

from .conftest import DATA

INPUTS = DATA / "inputs"


def _json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--format", "json", "--isolated"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _findings(path: Path) -> list[dict]:
    return _json(str(path))["files"][0]["findings"]


# --- reading, without the pipeline ------------------------------------------------------------


def test_email_plain_part_positions_refer_to_the_file():
    data = (INPUTS / "multipart.eml").read_bytes()
    text = data.decode("utf-8")  # line endings kept (\r\n), as tonecheck reads files
    (message,) = messages_for("m.eml", text, data=data)
    assert message.offsets == "original"
    assert message.text.startswith("Still waiting to hear back\n\nHi Tom,")
    assert "Why the wait" not in message.text  # the quoted reply
    assert "+44 20" not in message.text  # the signature after "-- "
    assert "Thank you for coming in" in message.quoted
    assert str(message.context.send_date) == "2026-03-05"  # from the Date header
    start = message.text.index("Per my last email")
    o_start, o_end = message.mapped.original_span(start, start + 17)
    assert text[o_start:o_end] == "Per my last email"


def test_email_with_only_an_encoded_html_part_is_decoded():
    path = INPUTS / "html-only.eml"
    (message,) = messages_for("h.eml", path.read_text(), data=path.read_bytes())
    assert message.offsets == "decoded"
    assert "Why haven't you replied" in message.text
    assert "Thank you for applying" not in message.text and "Thank you for applying" in message.quoted


def test_markdown_layouts():
    headings = messages_for("t.md", (INPUTS / "templates-headings.md").read_text())
    assert [m.name for m in headings] == [
        "Thank-you note",
        "Check-in after the stated date",
        "Reply to a rejection",
    ]
    fenced = messages_for("t.md", (INPUTS / "templates-fenced.md").read_text())
    assert [m.name for m in fenced] == ["Writing a check-in", "Writing a check-in"]
    assert all("Wait five business days" not in m.text for m in fenced)
    single = messages_for("t.md", (INPUTS / "single-template.md").read_text())
    assert len(single) == 1 and single[0].ignore == ("missing-thanks",)
    forced = messages_for(
        "t.md", (INPUTS / "templates-headings.md").read_text(), options=ReadOptions(layout="file")
    )
    assert len(forced) == 1


def test_markdown_syntax_is_left_out_without_moving_positions():
    text = (INPUTS / "single-template.md").read_text()
    (message,) = messages_for("t.md", text)
    assert "#" not in message.text and "**" not in message.text and "](" not in message.text
    assert "portfolio" in message.text and "case study" in message.text and "two launches" in message.text
    start = message.text.index("case study")
    o_start, o_end = message.mapped.original_span(start, start + len("case study"))
    assert text[o_start:o_end] == "case study"


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_encodings(tmp_path, encoding, bom):
    text = "Hi Zoë,\n\nThank you — per my last email.\n"
    path = tmp_path / "draft.txt"
    path.write_bytes(bom + text.encode(encoding))
    assert read_file(path).text == text


def test_cp1252_fallback_with_a_notice():
    text, notices, encoding = decode("Caf\u00e9 \u201cquote\u201d".encode("cp1252"), "d.txt")
    assert text == "Café “quote”" and encoding == "cp1252"
    assert notices == ("d.txt: not valid UTF-8; read as Windows-1252 (cp1252)",)


def test_bad_input_messages(tmp_path):
    from tonecheck.errors import InputError

    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="binary file"):
        read_file(binary)
    big = tmp_path / "big.txt"
    big.write_text("x" * 2048)
    with pytest.raises(InputError, match="larger than the size limit"):
        read_file(big, max_bytes=1024)
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "missing.txt")


# --- through the command line, with the pipeline ----------------------------------------------


@pytest.mark.model
def test_every_finding_in_txt_md_and_plain_eml_is_a_slice_of_the_file():
    for name in (
        "multipart.eml",
        "templates-headings.md",
        "templates-fenced.md",
        "placeholders.txt",
        "lf.txt",
    ):
        text = (INPUTS / name).read_bytes().decode("utf-8")
        for finding in _findings(INPUTS / name):
            assert finding["offsets"] == "original"
            assert text[finding["start"] : finding["end"]] == finding["text"], name


@pytest.mark.model
def test_the_subject_line_is_linted_and_quotes_never_are():
    findings = _findings(INPUTS / "multipart.eml")
    subject = [f for f in findings if f["line"] == 3]
    assert subject and subject[0]["text"] == "Still waiting to hear back"
    source = (INPUTS / "multipart.eml").read_text()
    quoted_line = source.count("\n", 0, source.index("> Thank"))
    assert all(f["line"] <= quoted_line for f in findings)
    assert "missing-thanks" in {f["category"] for f in findings}  # the quoted thanks does not count


@pytest.mark.model
def test_decoded_email_findings_say_so():
    findings = _findings(INPUTS / "html-only.eml")
    assert findings and all(f["offsets"] == "decoded" for f in findings)


@pytest.mark.model
def test_each_markdown_template_is_its_own_message():
    entry = _json(str(INPUTS / "templates-headings.md"))["files"][0]
    assert [m["name"] for m in entry["messages"]] == [
        "Thank-you note",
        "Check-in after the stated date",
        "Reply to a rejection",
    ]
    missing = [f for f in entry["findings"] if f["category"] == "missing-thanks"]
    # Only the check-in lacks thanks; the other templates thank, and that does not cover the check-in.
    assert len(missing) == 1 and missing[0]["line"] > 15
    fenced = _findings(INPUTS / "templates-fenced.md")
    assert {f["rule"] for f in fenced} >= {"accusatory/per-my-last-email"}
    assert all("never write" not in f["text"] for f in fenced)


@pytest.mark.model
def test_placeholders_are_never_reported_or_changed_in_suggestions():
    text = (INPUTS / "placeholders.txt").read_text()
    placeholders = [
        "[Hiring Manager]",
        "{{ role_title }}",
        "{first_name}",
        "%TEAM_NAME%",
        "${company}",
        "<Interviewer>",
        "{{ reply_date }}",
    ]
    findings = _findings(INPUTS / "placeholders.txt")
    assert findings
    for finding in findings:
        assert finding["text"] not in placeholders
        for placeholder in placeholders:
            if placeholder in finding["text"]:
                assert placeholder in finding["suggestions"][0], finding
    promise = [f for f in findings if f["rule"] == "accusatory/you-said-you-would"]
    assert promise and "{{ reply_date }}" in promise[0]["suggestions"][0]
    assert text  # the file itself is untouched
    assert (INPUTS / "placeholders.txt").read_text() == text


@pytest.mark.model
def test_crlf_twin_reports_the_same_lines_and_columns(tmp_path):
    lf = (INPUTS / "lf.txt").read_text()
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(lf.replace("\n", "\r\n").encode())
    lf_findings = _findings(INPUTS / "lf.txt")
    crlf_findings = _findings(crlf)
    key = lambda f: (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["text"])  # noqa: E731
    assert [key(f) for f in lf_findings] == [key(f) for f in crlf_findings]
    text = crlf.read_bytes().decode()
    assert all(text[f["start"] : f["end"]] == f["text"] for f in crlf_findings)


@pytest.mark.model
def test_utf16_file_is_linted(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + (INPUTS / "lf.txt").read_text().encode("utf-16-le"))
    assert [f["rule"] for f in _findings(path)] == [f["rule"] for f in _findings(INPUTS / "lf.txt")]


@pytest.mark.model
def test_bad_inputs_through_the_command_line(tmp_path):
    runner = CliRunner()
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, [str(binary)])
    assert (
        result.exit_code == 2
        and result.stderr.strip()
        == f"tonecheck: error: {binary}: binary file (it contains NUL bytes); tonecheck reads text drafts"
    )
    missing = runner.invoke(app, [str(tmp_path / "nope.eml")])
    assert missing.exit_code == 2 and "no such file or directory" in missing.stderr
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "good.txt").write_text("Thank you for the interview today, I enjoyed it.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x00")
    walked = runner.invoke(app, [str(folder), "--isolated"])
    assert walked.exit_code == 0
    assert "note: skipped" in walked.stderr and "broken.txt" in walked.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert runner.invoke(app, [str(empty), "--isolated"]).exit_code == 0


@pytest.mark.model
def test_folders_skip_hidden_and_git_ignored_files(tmp_path):
    import subprocess

    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "a.txt").write_text("Per my last email.\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "b.txt").write_text("Per my last email.\n")
    (tmp_path / "c.md").write_text("Per my last email.\n")
    (tmp_path / "d.csv").write_text("Per my last email.\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    files = sorted(Path(f["path"]).name for f in _json(str(tmp_path))["files"])
    assert files == ["c.md"]


@pytest.mark.model
def test_standard_input_with_a_filename():
    text = (INPUTS / "lf.txt").read_text()
    result = CliRunner().invoke(
        app, ["-", "--stdin-filename", "templates/x.txt", "-f", "json", "--isolated"], input=text
    )
    assert json.loads(result.stdout)["files"][0]["path"] == "templates/x.txt"


def test_unreadable_file(tmp_path, monkeypatch):
    from tonecheck.errors import InputError

    path = tmp_path / "locked.txt"
    path.write_text("Hi")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, which reads any file whatever its mode, so the refusal is simulated.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert str(caught.value) == f"{path}: permission denied"


def test_a_folder_run_skips_node_modules(tmp_path):
    # Issue 17, item 6.
    from tonecheck.run.files import walk

    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "README.md").write_text("Per my last email.\n")
    (tmp_path / "c.md").write_text("Hi\n")
    found, _skipped = walk(tmp_path, (".md",), [])
    assert found == [tmp_path / "c.md"]


def test_quoted_printable_text_maps_back_to_the_file():
    # Issue 17, item 9: decoded text is placed where the file holds it, not on header lines.
    from tonecheck.inputs.emails import decoded_map, read_email

    data = (INPUTS / "quoted-printable.eml").read_bytes()
    text = data.decode("utf-8")
    parts = read_email(data, text, "q.eml")
    mapping = decoded_map(data, text)
    assert parts.decoded and mapping is not None
    for words in ("Per my last email,", "Why haven't you replied to my note?", "Friday—no excuses"):
        start = parts.text.index(words)
        file_start, file_end = mapping.file_span(start, start + len(words))
        encoded = text[file_start:file_end]
        assert encoded.replace("=\n", "").replace("=E2=80=94", "—") == words, encoded
    subject = parts.text.index("Why haven't you replied???")
    assert text[slice(*mapping.file_span(subject, subject + 26))] == "Why haven't you replied???"


@pytest.mark.model
def test_findings_in_encoded_email_bodies_point_at_the_body():
    # Issue 17, item 9.
    source = (INPUTS / "quoted-printable.eml").read_text()
    first_body_line = source[: source.index("Hi Ana")].count("\n") + 1
    findings = _findings(INPUTS / "quoted-printable.eml")
    body = [f for f in findings if f["line"] != 3]
    assert body and all(f["line"] >= first_body_line for f in body)
    per_my_last = next(f for f in findings if f["rule"] == "accusatory/per-my-last-email")
    assert per_my_last["offsets"] == "original"  # written plainly in the file: fixable in place
    assert source[per_my_last["start"] : per_my_last["end"]] == "Per my last email,"
    across = next(f for f in body if f["text"] == "Why haven't you replied to my note?")
    assert across["offsets"] == "decoded" and "fix" not in across  # split by a soft line break
    subject = [f for f in findings if f["line"] == 3]
    assert subject and all(f["suggestions"] == ["Following up on my application"] for f in subject)
    html = INPUTS / "html-only.eml"
    payload_line = html.read_text().split("\n").index("") + 2  # the base64 payload after the blank line
    html_findings = _findings(html)
    assert {f["line"] for f in html_findings} == {payload_line}
    diff = CliRunner().invoke(app, [str(html), "--diff", "--isolated"])
    rewrites = sum(1 for f in html_findings if f["suggestions"])
    noun = "rewrite" if rewrites == 1 else "rewrites"
    assert diff.stdout == "" and f"{rewrites} {noun} not applied: the words are encoded" in diff.stderr
