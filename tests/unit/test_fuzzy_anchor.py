"""Fuzzy re-anchoring: an edited quote is found again on spelling-folded text, or honestly orphaned.

The promise, checked by hypothesis over random English and vowelled Arabic texts and random
edits: a highlight placed by approximate matching spans text whose folded form is within the
allowed edit distance of its folded quote, or it is not placed at all. The exact rules are
untouched: whenever the quote is still there, the exact answer is the answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.ingest.model import UNDATED, Document, Paragraph
from reader.store.anchoring import Resolution, anchor_at, resolve
from reader.store.annotations import QUOTE_BEFORE, Store
from reader.store.db import open_store
from reader.store.fuzzy_anchor import (
    MAX_ERRORS,
    MIN_APPROX_CHARS,
    FoldedSearch,
    allowed_errors,
    myers_scores,
    resolve_fuzzy,
)
from reader.text.find_fold import fold_for_find

EN_WORDS = [
    "the", "army", "said", "on", "Tuesday", "that", "talks", "would", "resume", "in", "Baghdad",
    "ministry", "officials", "denied", "reports", "of", "strikes", "Résumé", "naïve", "2020", ",", ".",
]
# Vowelled, with hamza forms, tatweel, ة and ى: everything folding must see through.
AR_WORDS = [
    "الرَّئِيسُ", "قَالَ", "إِنَّ", "المُحادَثاتِ", "سَتُسْتَأْنَفُ", "فِي", "بَغْدادَ", "الأُسْبُوعَ", "المُقْبِلَ",
    "وَزارَةُ", "الخارِجِيَّةِ", "مُسْتَشْفى", "أَعْلَنَتْ", "الحُكُومَةُ", "مَدِينَةِ", "البَصْرَةِ", "الـمـؤتـمـر",
    "،", ".", "٢٠٢٠",
]
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"
# Spelling changes that folding ignores, each one way (a vowelled source against a plain one...).
RESPELL = {"أ": "ا", "إ": "ا", "ة": "ه", "ى": "ي", "ـ": "", "ؤ": "و", "é": "e", "ï": "i"}


def levenshtein(a: str, b: str) -> int:
    """The oracle: plain dynamic programming, independent of the bit-parallel code under test."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def doc_of(text: str, doc_id: str = "f#01", source: str = "f.txt", language: str = "en") -> Document:
    return Document(
        id=doc_id, source=source, segment=int(doc_id.rsplit("#", 1)[-1]), title="t", byline=None,
        outlet=None, date=UNDATED, language=language,  # type: ignore[arg-type]
        paragraphs=tuple(Paragraph(p, 0, "en", "ltr") for p in text.split("\n\n")),
        original=text, source_span=(0, len(text)),
    )


@st.composite
def text_and_highlight(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text of whole words with a highlight of whole words, in English or vowelled Arabic."""
    vocabulary = draw(st.sampled_from([EN_WORDS, AR_WORDS]))
    words = st.sampled_from(vocabulary)
    before = draw(st.lists(words, max_size=30))
    quote = draw(st.lists(words, min_size=2, max_size=8))
    after = draw(st.lists(words, max_size=30))
    head = " ".join(before) + (" " if before else "")
    q = " ".join(quote)
    return head + q + (" " if after else "") + " ".join(after), len(head), len(head) + len(q)


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[str, float, int, str]]:
    """Random edits anywhere: (kind, where as a fraction of the text, size, inserted text)."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "respell", "vowel", "case"]))
        text = draw(st.sampled_from(["x", " ", "the", "قال", "ـ", HARAKAT[0], "talks resume", "بغداد في"]))
        out.append((kind, draw(st.floats(0, 1)), draw(st.integers(1, 8)), text))
    return out


def apply(text: str, changes: list[tuple[str, float, int, str]]) -> str:
    for kind, where, size, payload in changes:
        pos = int(where * len(text))
        if kind == "insert":
            text = text[:pos] + payload + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + size :]
        elif kind == "replace":
            text = text[:pos] + payload + text[pos + size :]
        elif kind == "respell":
            text = text[:pos] + "".join(RESPELL.get(ch, ch) for ch in text[pos:]) if size % 2 else (
                "".join(RESPELL.get(ch, ch) for ch in text[:pos]) + text[pos:])
        elif kind == "vowel":  # strip the vowel marks of one part, or add one
            if size % 2:
                text = text[:pos] + "".join(ch for ch in text[pos:] if ch not in HARAKAT)
            elif pos < len(text) and "\u0621" <= text[pos] <= "\u064a":
                text = text[: pos + 1] + HARAKAT[size % len(HARAKAT)] + text[pos + 1 :]
        else:
            text = text[:pos] + text[pos : pos + size * 4].swapcase() + text[pos + size * 4 :]
    return text


def check(res: Resolution, texts: dict[str, str], quote: str) -> None:
    """The rule that must never break: exact spans read the quote, fuzzy ones are near it."""
    if res.state == "orphan":
        assert not res.fuzzy
        return
    landed = texts[res.doc_id][res.start : res.end]
    if not res.fuzzy:
        assert landed == quote
        return
    assert res.state == "moved" and 0 < res.score <= 1 and res.start < res.end
    folded_quote = fold_for_find(quote)
    assert levenshtein(fold_for_find(landed), folded_quote) <= allowed_errors(len(folded_quote))


PROPS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@PROPS
@given(text_and_highlight(), edits(), st.booleans())
def test_an_anchor_lands_within_the_allowed_edits_of_its_quote_or_nowhere(
    case: tuple[str, int, int], changes: list, sibling: bool
) -> None:
    text, start, end = case
    quote = text[start:end]
    anchor = anchor_at("f#01", text, start, end, source="f.txt")
    new = apply(text, changes)
    texts = {"f#01": new, "f#02": apply(text, changes[::-1])}
    candidates = [("f#02", texts["f#02"])] if sibling else []
    res = resolve_fuzzy(anchor, new, candidates=candidates)
    check(res, texts, quote)
    # The article gone (re-segmented away): only the other article of the file can hold it.
    check(resolve_fuzzy(anchor, "", candidates=candidates), texts, quote)


@PROPS
@given(text_and_highlight(), edits())
def test_where_the_exact_rules_place_a_quote_nothing_changes(
    case: tuple[str, int, int], changes: list
) -> None:
    text, start, end = case
    anchor = anchor_at("f#01", text, start, end)
    new = apply(text, changes)
    exact = resolve(anchor, new)
    assume(exact.found)
    assert resolve_fuzzy(anchor, new) == exact


@PROPS
@given(text_and_highlight(), st.data())
def test_spelling_changes_alone_never_lose_a_highlight_they_do_not_make_ambiguous(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    """Vowel marks, hamza, tatweel, ة/ى, accents and case changed over the whole text: the quote
    is found again on its own words whenever its folded form is there once."""
    text, start, end = case
    quote = text[start:end]
    folded_quote = fold_for_find(quote)
    assume(len(folded_quote) >= 4)
    anchor = anchor_at("f#01", text, start, end)
    vowels = data.draw(st.booleans())
    new = "".join(RESPELL.get(ch, ch) for ch in text)
    new = "".join(ch for ch in new if ch not in HARAKAT) if vowels else new.swapcase()
    folded = fold_for_find(new)
    assume(folded.count(folded_quote) == 1 and folded.find(folded_quote) == folded.rfind(folded_quote))
    res = resolve_fuzzy(anchor, new)
    assert res.found
    assert fold_for_find(new[res.start : res.end]) == folded_quote


@PROPS
@given(text_and_highlight(), st.integers(0, 10_000), st.sampled_from(["x", "", "ab"]))
def test_a_small_edit_inside_a_quote_keeps_it_on_its_own_words(
    case: tuple[str, int, int], where: int, payload: str
) -> None:
    text, start, end = case
    quote = text[start:end]
    folded_quote = fold_for_find(quote)
    assume(len(folded_quote) >= 2 * MIN_APPROX_CHARS)
    assume(len(set(folded_quote.split())) == len(folded_quote.split()))  # "resume resume" is ambiguous
    anchor = anchor_at("f#01", text, start, end)
    at = start + where % (end - start - 1)
    new = text[:at] + payload + text[at + 1 :]
    assume(new != text and resolve(anchor, new).state == "orphan")
    # The passage (quote with its context) is not repeated: there is one right answer.
    lo, hi = max(0, start - 32), min(len(new), end + 32 + len(payload) - 1)
    assume(fold_for_find(new).count(fold_for_find(new[lo:hi])) == 1)
    assume(fold_for_find(new[lo:hi]).count(fold_for_find(new[at - 10 : at + 10])) == 1)
    res = resolve_fuzzy(anchor, new)
    assert res.found and res.fuzzy, res
    edited = (start, end + len(payload) - 1)
    overlap = min(edited[1], res.end) - max(edited[0], res.start)
    assert overlap >= 0.5 * (edited[1] - edited[0])
    check(res, {"f#01": new}, quote)


@given(st.text(alphabet="abc é", max_size=14), st.text(alphabet="abcd é", max_size=40), st.integers(0, 4))
@settings(max_examples=300, deadline=None)
def test_the_bit_parallel_searches_agree_with_plain_dynamic_programming(
    pattern: str, text: str, k: int
) -> None:
    assume(pattern)
    anchored = myers_scores(pattern, text, anchored=True)
    assert anchored == [levenshtein(pattern, text[:j]) for j in range(1, len(text) + 1)]
    best_ending = [min(levenshtein(pattern, text[i:j]) for i in range(j + 1))
                   for j in range(1, len(text) + 1)]
    assert myers_scores(pattern, text, anchored=False) == best_ending
    # The article search works on folded text ("é" is "e"), with the folded quote.
    folded, wanted = fold_for_find(text), fold_for_find(pattern)
    best_ending = [min(levenshtein(wanted, folded[i:j]) for i in range(j + 1))
                   for j in range(1, len(folded) + 1)]
    found = FoldedSearch(text).approximate(wanted, k, 0, len(folded))
    assert found == {j: d for j, d in enumerate(best_ending, 1) if d <= k}


def test_long_quotes_search_around_their_pieces_and_agree_with_the_whole_search() -> None:
    base = " ".join(["the army said on Tuesday that talks would resume in Baghdad"] * 6)
    quote = fold_for_find(base[: 8 * (MAX_ERRORS + 1) + 40])  # long: pieces of 8+ characters
    text = "intro " + quote.replace("talks", "walks", 2) + " outro " * 30
    k = allowed_errors(len(quote))
    assert len(quote) // (k + 1) >= 8
    found = FoldedSearch(text).approximate(quote, k, 0, len(text))
    best = min(found.values())
    assert best == 2 and found[len("intro ") + len(quote)] == best


# --------------------------------------------------------------------------------------------
# Examples a reader would recognise

EN = "Officials in Basra said on Tuesday that the talks would resume in Baghdad next week, a statement said."
AR = "قال الرَّئِيسُ إنَّ المُحادثاتِ ستُستأنفُ في بغدادَ الأسبوعَ المقبل، وفق بيان رسمي صدر اليوم."


def fuzzy(text: str, quote: str, new: str) -> tuple[str, float] | None:
    start = text.index(quote)
    res = resolve_fuzzy(anchor_at("d#01", text, start, start + len(quote)), new)
    return (new[res.start : res.end], res.score) if res.fuzzy else None


def test_an_edited_word_inside_a_quote_is_followed() -> None:
    found = fuzzy(EN, "the talks would resume in Baghdad", EN.replace("would", "will"))
    assert found is not None and found[0] == "the talks will resume in Baghdad" and found[1] > 0.9
    gone = fuzzy(EN, "the talks would resume in Baghdad", EN.replace("would resume", "resume"))
    assert gone is not None and gone[0] == "the talks resume in Baghdad"


def test_a_vowelled_arabic_quote_is_found_in_an_unvowelled_text_and_ends_on_a_whole_word() -> None:
    plain = "قال الرئيس ان المحادثات ستستانف في بغداد الاسبوع المقبل، وفق بيان رسمي صدر اليوم."
    assert fuzzy(AR, "الرَّئِيسُ إنَّ المُحادثاتِ ستُستأنفُ", plain) == ("الرئيس ان المحادثات ستستانف", 1.0)
    # A word changed too: the match ends after "ستعقد", not inside the next word.
    edited = "نص جديد. " + plain.replace("ستستانف", "ستعقد")
    found = fuzzy(AR, "الرَّئِيسُ إنَّ المُحادثاتِ ستُستأنفُ", edited)
    assert found is not None and found[0] == "الرئيس ان المحادثات ستعقد"


def test_unrelated_or_too_different_text_is_an_orphan() -> None:
    quote = "the talks would resume in Baghdad"
    assert fuzzy(EN, quote, "Something else entirely was written here about the weather.") is None
    assert fuzzy(EN, "said on Tuesday", EN.replace("Tuesday", "Wednesday")) is None  # 4 edits > 3
    # The same words elsewhere, their surroundings gone: a different sentence, not this highlight.
    elsewhere = "Rewritten lead. Another account says the talks could resume in Baghdad soon."
    assert fuzzy(EN, quote, elsewhere) is None


def test_a_repeated_edited_passage_is_refused_rather_than_guessed() -> None:
    para = "The delegation said the talks would resume in Baghdad."
    filler = "Reporters waited outside the building all day. "
    text = f"{filler}{para} {filler}{para} {filler}"  # two copies, the same context around each
    start = text.rindex("talks would")
    anchor = anchor_at("r#01", text, start, start + len("talks would resume in Baghdad"))
    new = text.replace("would", "will")
    assert resolve(anchor, new).state == "orphan"
    assert resolve_fuzzy(anchor, new).state == "orphan"
    # One copy kept apart by its context: that one is found.
    new = new.replace(f"{filler}The", "Later, the", 1)
    res = resolve_fuzzy(anchor, new)
    assert res.fuzzy and new[res.start : res.end] == "talks will resume in Baghdad"
    assert res.start == new.rindex("talks will")


def test_short_quotes_only_follow_spelling_changes() -> None:
    text = "He met the minister and the ministry staff."
    start = text.index("minister ")
    anchor = anchor_at("s#01", text, start, start + len("minister"))
    assert allowed_errors(len("minister")) == 0
    assert resolve_fuzzy(anchor, text.replace("minister and", "ministre and")).state == "orphan"
    res = resolve_fuzzy(anchor, text.replace("minister and", "MINISTER and"))
    assert res.fuzzy and text.replace("minister and", "MINISTER and")[res.start : res.end] == "MINISTER"


# --------------------------------------------------------------------------------------------
# The store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "annotations.sqlite3")
    yield s
    s.close()


def test_reanchor_moves_an_edited_highlight_fuzzily_and_keeps_its_old_quote(store: Store) -> None:
    doc = doc_of(AR, "ar#01", "ar.txt", "ar")
    quote = "الرَّئِيسُ إنَّ المُحادثاتِ ستُستأنفُ"
    h = store.add_highlight(doc, AR.index(quote), AR.index(quote) + len(quote), 2, note="ملاحظة")
    gone = store.add_highlight(doc, AR.index("وفق"), AR.index(" صدر"), 3)
    new_text = "مقدمة جديدة.\n\n" + AR.replace("ستُستأنفُ", "ستُعقد").replace("وفق بيان رسمي", "حسب مصادر")
    new_doc = doc_of(new_text, "ar#01", "ar.txt", "ar")
    report = store.reanchor([new_doc])
    assert (report.moved, report.fuzzy, report.orphaned) == (1, 1, 1)
    moved = store.get(h.uuid)
    assert moved.state == "moved" and moved.anchor is not None
    assert 0.6 <= moved.anchor_score < 1
    assert moved.anchor.quote == "الرَّئِيسُ إنَّ المُحادثاتِ ستُعقد"
    assert new_text[moved.anchor.start : moved.anchor.end] == moved.anchor.quote  # the invariant
    assert moved.extra[QUOTE_BEFORE] == quote and moved.note == "ملاحظة"
    assert store.get(gone.uuid).state == "orphan"
    # Nothing changes on a second pass: the stored quote is now exact.
    again = store.reanchor([new_doc])
    assert (again.changed, again.fuzzy) == ((), 0)
    assert store.get(h.uuid).anchor_score == moved.anchor_score  # "moved, fuzzy" stays visible
    # Edited again: moved again, and "before" is still the words the reader highlighted.
    newer = doc_of(new_text.replace("ستُعقد", "ستَجري"), "ar#01", "ar.txt", "ar")
    assert store.reanchor([newer]).fuzzy == 1
    again = store.get(h.uuid)
    assert again.anchor.quote == "الرَّئِيسُ إنَّ المُحادثاتِ ستَجري" and again.extra[QUOTE_BEFORE] == quote


def test_attach_gives_an_orphan_a_fresh_anchor_and_keeps_its_old_quote(store: Store) -> None:
    doc = doc_of(EN, "en#01", "en.txt")
    h = store.add_highlight(doc, EN.index("talks"), EN.index(" in Baghdad"), 1, note="why")
    other = doc_of("A different article where the talks will restart.", "other#01", "other.txt")
    store.reanchor([doc_of("Everything was rewritten.", "en#01", "en.txt")])
    assert store.get(h.uuid).state == "orphan"
    start = other.text.index("talks")
    attached = store.attach(h.uuid, other, start, start + len("talks will restart"))
    assert (attached.state, attached.doc_id, attached.anchor_score) == ("anchored", "other#01", None)
    assert attached.anchor is not None and attached.anchor.quote == "talks will restart"
    assert attached.extra[QUOTE_BEFORE] == "talks would resume" and attached.note == "why"
    assert store.orphans() == []
    with pytest.raises(ValueError):
        store.attach(h.uuid, other, 5, 5)
    note = store.add_note("other#01", "article note")
    with pytest.raises(ValueError):
        store.attach(note.uuid, other, 0, 5)


def test_linked_finds_carried_highlights_both_ways(store: Store) -> None:
    en = doc_of(EN, "en#01", "en.txt")
    ar = doc_of(AR, "ar#01", "ar.txt", "ar")
    source = store.add_highlight(en, 0, 9, 1)
    copy = store.add_highlight(ar, 0, 3, 1)
    unrelated = store.add_highlight(ar, 4, 10, 2)
    with store.write() as conn:
        conn.execute("UPDATE annotations SET carried_from = ? WHERE uuid = ?", (source.uuid, copy.uuid))
    assert [a.uuid for a in store.linked(source.uuid)] == [copy.uuid]
    assert [a.uuid for a in store.linked(copy.uuid)] == [source.uuid]
    assert store.linked(unrelated.uuid) == []
    store.delete(copy.uuid)
    assert store.linked(source.uuid) == []


def test_an_imported_orphan_placed_later_forgets_why_it_was_one(tmp_path) -> None:
    from reader.store.db import open_store
    from reader.store.model import Anchor, Annotation

    text = "The council met on Tuesday to discuss the budget of the new water plant."
    doc = doc_of(text, "a#01", "a.txt")
    with open_store(tmp_path / "s.sqlite3", auto_backup=False) as store:
        quote = "discuss the budget"
        start = text.index(quote)
        orphan = Annotation(uuid="u1", doc_id="a#01", colour=1, state="orphan",
                            anchor=Anchor("a#01", start, start + len(quote), quote, "", "", "", "a.txt"),
                            extra={"orphan_reason": "Its quote appears in 2 articles.", "candidates": ["x"],
                                   "hypothesis": {"user": "acct:me"}})
        store.import_annotation(orphan)
        store.reanchor([doc])
        placed = store.get("u1")
        assert placed.state != "orphan"
        assert placed.extra == {"hypothesis": {"user": "acct:me"}}
