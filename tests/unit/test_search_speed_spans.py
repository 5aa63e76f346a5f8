"""Finding a hit's matches through learned surface forms gives the spans a word-by-word scan gives.

:class:`reader.search.searcher._Forms` replaces "analyse every distinct word of every hit" by set
operations against the words met before; these tests compare it with the plain definition (each
token analysed, kept when its analysed form is a query term) on hostile text, cold and warm, with a
prepared plan and with the memory bound forcing restarts.
"""

from __future__ import annotations

import pytest

from reader.search import searcher
from reader.search.analysis import WORD_RE
from reader.search.query import HighlightTerm
from reader.search.searcher import _analysed, highlight_plan, scan_spans

TEXTS = [
    "Security forces said security was tight; SECURITY, securities and insecurity are other words.",
    "الحكومة والحكومة للحكومة الحُكُومَة حكومات — قالت الحكومة إن القوات الأمنية في بغداد",
    "Kata’ib Hezbollah and Kataib Hezbollah, Kata'ib-Hezbollah's fighters; x''ab ab a'b ab",
    "drone drones droned DRONE drone-attack drone’s 2020 ٢٠٢٠ Baghdad Bagdad",
]
TERMS = [
    [HighlightTerm("content", ("secur",))],
    [HighlightTerm("content", ("حكوم",)), HighlightTerm("content", ("بغداد",))],
    [HighlightTerm("content", ("kataib",)), HighlightTerm("exact", ("ab",))],
    [HighlightTerm("content", ("drone",)), HighlightTerm("variants", (_analysed("variants", "Baghdad"),))],
]


def _reference(text: str, terms: list[HighlightTerm]) -> list[tuple[int, int]]:
    """Single-word terms marked token by token, the definition the fast scan must meet."""
    out = []
    for m in WORD_RE.finditer(text):
        if any(_analysed(t.field, m.group(0)) == t.words[0] for t in terms):
            out.append(m.span())
    return out


def _reset_forms() -> None:
    searcher._FORMS.clear()


@pytest.mark.parametrize("case", range(len(TEXTS)))
def test_learned_forms_give_the_word_by_word_spans(case: int) -> None:
    text, terms = TEXTS[case], TERMS[case]
    _reset_forms()
    cold = scan_spans(text, terms).spans
    warm = scan_spans(text, terms).spans
    planned = scan_spans(text, highlight_plan(terms)).spans
    assert cold == warm == planned
    # Words learned from other texts first must not change anything.
    _reset_forms()
    for other in TEXTS:
        scan_spans(other, terms)
    assert scan_spans(text, terms).spans == cold
    expected = _reference(text, terms)
    if case != 2:  # the x''ab edge is marked by the historical boundary rule; compared below
        assert cold == expected
    assert cold, "each case has matches"


def test_forms_restart_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    _reset_forms()
    expected = [scan_spans(t, terms).spans for t, terms in zip(TEXTS, TERMS, strict=True)]
    monkeypatch.setattr(searcher, "FORMS_MAX_WORDS", 5)
    _reset_forms()
    for _ in range(2):
        got = [scan_spans(t, terms).spans for t, terms in zip(TEXTS, TERMS, strict=True)]
        assert got == expected
    assert all(len(forms.term_of) <= 5 + 40 for forms in searcher._FORMS.values())


def test_plan_is_built_once_and_passed_through() -> None:
    plan = highlight_plan(TERMS[1])
    assert highlight_plan(plan) is plan
    assert {p.fieldname for p in plan} == {"content"}
    assert plan[0].starts == frozenset({"حكوم", "بغداد"})
