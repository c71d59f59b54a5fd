from tonecheck.inputs.textmap import LineIndex, MappedText, TextBuilder, with_ascii_quotes


def test_identity_maps_every_offset():
    mapped = MappedText.identity("hello world")
    assert mapped.text == "hello world"
    assert mapped.original_span(6, 11) == (6, 11)


def test_dropped_and_substituted_spans_map_back():
    original = "---\nkind: x\n---\nHi [Name], thanks!"
    builder = TextBuilder(original)
    builder.substitute(0, 16, "")  # front matter left out
    builder.keep(16, 19)  # "Hi "
    builder.substitute(19, 25, "Alex")  # "[Name]" masked
    builder.keep(25, len(original))
    mapped = builder.build()
    assert mapped.text == "Hi Alex, thanks!"
    # "thanks" in the lintable text is "thanks" in the original.
    start = mapped.text.index("thanks")
    o_start, o_end = mapped.original_span(start, start + 6)
    assert original[o_start:o_end] == "thanks"
    # A span covering the stand-in maps to the whole placeholder.
    o_start, o_end = mapped.original_span(3, 7)
    assert original[o_start:o_end] == "[Name]"
    assert mapped.substituted_spans() == [(3, 7, 19, 25)]


def test_point_at_end_of_text():
    mapped = MappedText.identity("abc")
    assert mapped.original_span(3, 3) == (3, 3)


def test_line_index_counts_crlf_lines_like_lf_lines():
    lf = "one\ntwo words\nthree"
    crlf = lf.replace("\n", "\r\n")
    assert LineIndex(lf).position(lf.index("words")) == (2, 5)
    assert LineIndex(crlf).position(crlf.index("words")) == (2, 5)


def test_typographic_quotes_become_ascii_without_moving_offsets():
    mapped = with_ascii_quotes(MappedText.identity("You\u2019d said \u201cFriday\u201d"))
    assert mapped.text == 'You\'d said "Friday"'
    assert len(mapped.text) == len(mapped.original)
