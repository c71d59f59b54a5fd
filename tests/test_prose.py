from tonecheck.inputs.messages import plain_message
from tonecheck.inputs.prose import fenced_blocks


def test_code_links_and_paths_are_masked_and_map_back():
    text = "See https://example.org/a?b=1 and `NOT NULL` in /usr/local/bin/tool.\n"
    message = plain_message("d.txt", text)
    assert message.text == "See example.com and code in file.\n"
    start = message.text.index("code")
    o_start, o_end = message.mapped.original_span(start, start + 4)
    assert text[o_start:o_end] == "`NOT NULL`"


def test_fenced_blocks_are_left_out():
    text = "Here:\n```sql\nSELECT * WHERE NOT x\n```\nBest\n"
    blocks = fenced_blocks(text, 0, len(text))
    assert [text[s:e] for s, e in blocks] == ["```sql", "SELECT * WHERE NOT x", "```"]
    assert "SELECT" not in plain_message("d.txt", text).text


def test_unclosed_fence_runs_to_the_end():
    text = "Here:\n~~~\ncode\nmore code\n"
    assert [text[s:e] for s, e in fenced_blocks(text, 0, len(text))] == ["~~~", "code", "more code"]
