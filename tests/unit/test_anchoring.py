"""Re-anchoring: highlights follow their exact quote through edits, or honestly become orphans.

The central promise, checked by hypothesis over random texts and edits: a resolved highlight's
span always reads exactly the stored quote. Edits outside a highlight must not lose it; edits
inside may orphan it, never shift it onto different words.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.ingest.model import UNDATED, Document, Paragraph
from reader.store.anchoring import (
    Resolution,
    anchor_at,
    make_anchor,
    resolve,
    text_fingerprint,
)
from reader.store.model import PREFIX_CHARS

WORDS = [
    "the", "army", "said", "on", "Tuesday", "that", "talks", "would", "resume", "in", "Baghdad",
    "الرئيس", "قال", "إن", "المحادثات", "ستستأنف", "في", "بغداد", "🙂", "👍🏽", "2020", "،", ".",
    "ministry", "officials", "denied", "reports", "of", "strikes", "\n\n", "«", "»", "Al-Sadr",
]
word = st.sampled_from(WORDS)
words = st.lists(word, min_size=1, max_size=6)


def doc_of(text: str, doc_id: str = "f#01", source: str = "f.txt") -> Document:
    return Document(
        id=doc_id, source=source, segment=1, title="t", byline=None, outlet=None, date=UNDATED,
        language="mixed", paragraphs=(Paragraph(text, 0, "en", "ltr"),), original=text,
        source_span=(0, len(text)),
    )


def occurrences(text: str, quote: str) -> int:
    """Overlapping occurrences ("strikestrikes" holds "strikes" twice; ``str.count`` says once)."""
    n, i = 0, text.find(quote)
    while i != -1:
        n += 1
        i = text.find(quote, i + 1)
    return n


def check_exact(res: Resolution, texts: dict[str, str], quote: str) -> None:
    """The one rule that must never break."""
    if res.state != "orphan":
        assert texts[res.doc_id][res.start : res.end] == quote


@st.composite
def edit_list(draw: st.DrawFn) -> list[tuple[str, float, float, str]]:
    """Edits as (kind, where, how much, inserted text); positions are fractions of the target region."""
    n = draw(st.integers(min_value=1, max_value=5))
    out = []
    for _ in range(n):
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        where = draw(st.floats(min_value=0, max_value=1))
        size = draw(st.floats(min_value=0, max_value=0.5))
        payload = " ".join(draw(words)) + draw(st.sampled_from(["", " ", "\n"]))
        out.append((kind, where, size, payload))
    return out


def apply_edits(region: str, edits: list[tuple[str, float, float, str]]) -> str:
    for kind, where, size, payload in edits:
        pos = int(where * len(region))
        span = int(size * len(region))
        if kind == "insert":
            region = region[:pos] + payload + region[pos:]
        elif kind == "delete":
            region = region[:pos] + region[pos + span :]
        else:
            region = region[:pos] + payload + region[pos + max(1, span) :]
    return region


@st.composite
def text_with_highlight(draw: st.DrawFn) -> tuple[str, int, int]:
    before = draw(st.lists(word, max_size=40))
    quote = draw(st.lists(word, min_size=1, max_size=6))
    after = draw(st.lists(word, max_size=40))
    head = " ".join(before) + (" " if before else "")
    q = " ".join(quote)
    tail = (" " if after else "") + " ".join(after)
    return head + q + tail, len(head), len(head) + len(q)


PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@PROPS
@given(text_with_highlight(), edit_list(), edit_list())
def test_edits_outside_a_unique_highlight_keep_it_in_place(
    case: tuple[str, int, int], edits_before: list, edits_after: list
) -> None:
    text, start, end = case
    quote = text[start:end]
    assume(len(quote) >= 4)
    anchor = anchor_at("f#01", text, start, end, source="f.txt")
    before = apply_edits(text[:start], edits_before)
    after = apply_edits(text[end:], edits_after)
    new_text = before + quote + after
    assume(occurrences(new_text, quote) == 1)  # repeated quotes: see the context property below
    res = resolve(anchor, new_text)
    assert res.state in ("anchored", "moved")
    assert (res.doc_id, res.start, res.end) == ("f#01", len(before), len(before) + len(quote))
    assert new_text[res.start : res.end] == quote
    if new_text == text:
        assert res.state == "anchored"


@PROPS
@given(text_with_highlight(), edit_list(), edit_list(), st.integers(min_value=0, max_value=2), st.data())
def test_edits_beyond_the_context_find_the_right_copy_of_a_repeated_quote(
    case: tuple[str, int, int], edits_before: list, edits_after: list, copies: int, data: st.DataObject
) -> None:
    text, start, end = case
    quote = text[start:end]
    # Plant extra copies of the quote elsewhere, so context has to decide.
    lo, hi = max(0, start - PREFIX_CHARS), min(len(text), end + PREFIX_CHARS)
    head, window, tail = text[:lo], text[lo:hi], text[hi:]
    for _ in range(copies):
        if data.draw(st.booleans()):
            pos = data.draw(st.integers(0, len(head)))
            head = head[:pos] + " " + quote + " " + head[pos:]
        else:
            pos = data.draw(st.integers(0, len(tail)))
            tail = tail[:pos] + " " + quote + " " + tail[pos:]
    text = head + window + tail
    start, end = len(head) + (start - lo), len(head) + (end - lo)
    assert text[start:end] == quote
    anchor = anchor_at("f#01", text, start, end)
    window = anchor.prefix + quote + anchor.suffix
    assume(occurrences(text, window) == 1)
    # Edit only what lies beyond the stored context (the planted copies may sit inside it).
    lo, hi = start - len(anchor.prefix), end + len(anchor.suffix)
    new_head = apply_edits(text[:lo], edits_before)
    new_tail = apply_edits(text[hi:], edits_after)
    new_text = new_head + window + new_tail
    assume(occurrences(new_text, window) == 1)
    res = resolve(anchor, new_text)
    expected = len(new_head) + len(anchor.prefix)
    assert (res.start, res.end) == (expected, expected + len(quote))
    assert res.state == ("anchored" if expected == start else "moved")
    assert res.score == 1.0


@PROPS
@given(text_with_highlight(), edit_list(), st.lists(st.tuples(st.sampled_from(["a#02", "a#03"]), words)))
def test_edits_inside_a_highlight_give_the_exact_quote_or_an_orphan(
    case: tuple[str, int, int], edits: list, others: list[tuple[str, list[str]]]
) -> None:
    text, start, end = case
    quote = text[start:end]
    anchor = anchor_at("a#01", text, start, end, source="a.txt")
    new_quote = apply_edits(quote, edits)
    assume(new_quote != quote)
    new_text = text[:start] + new_quote + text[end:]
    texts = {"a#01": new_text}
    for doc_id, ws in others:
        texts[doc_id] = texts.get(doc_id, "") + " " + " ".join(ws)
    candidates = [(k, v) for k, v in texts.items() if k != "a#01"]
    res = resolve(anchor, new_text, candidates=candidates)
    check_exact(res, texts, quote)
    if res.state == "orphan":
        assert (res.doc_id, res.start, res.end) == ("a#01", start, end)  # last known place kept


@PROPS
@given(text_with_highlight(), edit_list(), st.text(max_size=200), st.booleans())
def test_whatever_happens_a_found_span_reads_the_quote(
    case: tuple[str, int, int], edits: list, noise: str, lose_doc: bool
) -> None:
    text, start, end = case
    quote = text[start:end]
    anchor = anchor_at("a#01", text, start, end)
    new_text = "" if lose_doc else apply_edits(text, edits)
    texts = {"a#01": new_text, "a#02": noise + text[start:] + noise, "a#03": apply_edits(text, edits[::-1])}
    res = resolve(anchor, new_text, candidates=[("a#02", texts["a#02"]), ("a#03", texts["a#03"])])
    check_exact(res, texts, quote)


# --------------------------------------------------------------------------------------------
# Examples


def test_unchanged_text_is_anchored_as_is() -> None:
    doc = doc_of("The army said on Tuesday that talks would resume.")
    anchor = make_anchor(doc, 4, 8)
    assert anchor.quote == "army" and anchor.prefix == "The "
    assert anchor.fingerprint == text_fingerprint(doc.text)
    assert anchor.source == "f.txt"
    assert resolve(anchor, doc.text) == Resolution("f#01", 4, 8, "anchored", 1.0)


def test_offsets_are_code_points_with_emoji_before_the_highlight() -> None:
    text = "🙂👍🏽 قال الرئيس إن المحادثات ستستأنف"
    start = text.index("الرئيس")
    assert start == 8  # 🙂, 👍 + its skin-tone modifier, a space, then 'قال ': code points, not UTF-16
    anchor = anchor_at("e#01", text, start, start + len("الرئيس"))
    new_text = "🇮🇶🙂 " + text  # a flag is two code points (four UTF-16 units)
    res = resolve(anchor, new_text)
    assert res.state == "moved"
    assert res.start == start + 4 and new_text[res.start : res.end] == "الرئيس"


def test_crlf_normalisation_moves_highlights_within_a_line_and_orphans_those_across_one() -> None:
    old = (
        "Headline\r\nBy a reporter\r\nThe talks will resume on Monday.\r\n"
        "Officials declined to comment.\r\n"
    )
    new = old.replace("\r\n", "\n")
    at = old.index("talks will")
    inside = anchor_at("c#01", old, at, at + len("talks will resume"))
    res = resolve(inside, new)
    assert res.state == "moved" and new[res.start : res.end] == "talks will resume"
    assert res.start == new.index("talks will")
    # A quote containing "\r\n" no longer exists as such: orphan, never a near-miss span.
    across = anchor_at("c#01", old, old.index("Monday."), old.index("Officials") + 9)
    assert "\r\n" in across.quote
    assert resolve(across, new).state == "orphan"


def test_a_quote_that_moved_to_another_article_of_the_same_file_follows_it() -> None:
    first = "Part one of the page. The minister resigned after the vote. More text follows here."
    anchor = anchor_at("p#01", first, first.index("The minister"), first.index(" after"), source="p.txt")
    # Re-segmented: #01 lost that sentence, which now opens #02.
    new_first = "Part one of the page."
    second = "The minister resigned after the vote. More text follows here."
    res = resolve(anchor, new_first, candidates=[("p#02", second), ("p#03", "Unrelated.")])
    assert (res.doc_id, res.state) == ("p#02", "moved")
    assert second[res.start : res.end] == "The minister resigned"
    # The article id vanished altogether: the siblings are still searched.
    res = resolve(anchor, "", candidates=[("p#02", second)])
    assert (res.doc_id, res.start) == ("p#02", 0)


def test_the_same_article_wins_a_tie_with_a_sibling() -> None:
    text = "Intro. The minister resigned after the vote. Outro."
    anchor = anchor_at("p#01", text, 7, 28)
    changed = "New intro line. " + text
    res = resolve(anchor, changed, candidates=[("p#02", text)])  # a duplicated article in the file
    assert res.doc_id == "p#01" and changed[res.start : res.end] == anchor.quote


def test_duplicate_quotes_are_told_apart_by_context() -> None:
    text = (
        "On Monday the army said it had withdrawn from the town. "
        "On Friday the army said it would return within a week."
    )
    second = text.index("the army said", 20)
    anchor = anchor_at("d#01", text, second, second + len("the army said"))
    new_text = "Update: " + text.replace("withdrawn", "pulled back")
    res = resolve(anchor, new_text)
    assert res.state == "moved"
    assert res.start == new_text.index("the army said", 30)
    assert new_text[res.start : res.end] == "the army said"


def test_a_short_common_quote_without_its_context_is_an_orphan_not_a_guess() -> None:
    text = "He said no. She said no. They said no. " * 3 + "In the end the vote was a clear no."
    start = text.rindex("no")
    anchor = anchor_at("s#01", text, start, start + 2)
    rewritten = "He said no. She said no. They said no. " * 3 + "Finally, everyone agreed: no."
    assert resolve(anchor, rewritten).state == "orphan"
    # The same short quote, alone in the text and without context, is not trusted either.
    assert resolve(anchor, "Completely different: no way.").state == "orphan"


def test_a_lone_longer_quote_is_found_even_when_its_context_was_rewritten() -> None:
    text = "Officials in Basra confirmed the pipeline explosion late on Sunday evening."
    anchor = anchor_at("l#01", text, text.index("pipeline"), text.index(" late"))
    new = "Rewritten opening entirely. pipeline explosion. Rewritten ending entirely."
    res = resolve(anchor, new)
    assert res.state == "moved" and new[res.start : res.end] == "pipeline explosion"


def test_identical_repeated_passages_fall_back_to_the_nearest_copy() -> None:
    para = "The statement was read twice to the assembled press corps in full."
    text = "\n\n".join([para, "Between.", para])
    start = text.rindex("read twice")
    anchor = anchor_at("r#01", text, start, start + len("read twice"))
    new = "Preface. " + text
    res = resolve(anchor, new)
    assert res.start == new.rindex("read twice")


def test_an_empty_or_invalid_anchor() -> None:
    with pytest.raises(ValueError):
        anchor_at("x#01", "abc", 2, 2)
    with pytest.raises(ValueError):
        anchor_at("x#01", "abc", 1, 4)


def test_a_megabyte_article_with_a_very_common_quote_resolves_quickly() -> None:
    filler = "the army said that the talks in the capital would resume after the holiday. "
    body = filler * 14_000  # ~1 MB, "the" ~70,000 times
    mid = len(body) // 2
    text = body[:mid] + "UNIQUE MARKER the END " + body[mid:]
    start = text.index("MARKER the") + len("MARKER ")
    anchor = anchor_at("big#01", text, start, start + 3)
    new = "A new first paragraph.\n\n" + text
    t0 = time.perf_counter()
    res = resolve(anchor, new)
    elapsed = time.perf_counter() - t0
    assert res.state == "moved" and res.start == start + len("A new first paragraph.\n\n")
    # Its context gone, the same quote is refused (too many copies to guess), still fast.
    t1 = time.perf_counter()
    gone = resolve(anchor, new.replace("UNIQUE MARKER the END ", ""))
    assert gone.state == "orphan"
    assert elapsed < 1.0 and time.perf_counter() - t1 < 1.0
