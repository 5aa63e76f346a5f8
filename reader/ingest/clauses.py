"""Where a long opening sentence's main clause ends: the name of a page stored without its headline.

A reader who names an untitled news story by its first sentence keeps what happened and drops how
and why: the cause ("… بسبب ارتفاع الأحمال"), the consequence ("… مما أدى إلى"), the circumstance
("… due to maintenance works", "… تحت رئاسة …") and the clause added after a comma (", which …",
"، حيث …"). What sits between two commas as an aside (", اليوم الثلاثاء،", ", Ayman Safadi,") is
not an end: the sentence goes on to say what its subject did. Nor is the comma after a fronted
circumstance ("After years of war with the Houthis, Riyadh …", "في إطار …، قام …"): the main clause
comes after it.
"""

from __future__ import annotations

import re
from itertools import pairwise

WEEKDAYS = {
    "السبت",
    "الأحد",
    "الاحد",
    "الإثنين",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}

MIN_WORDS = 7  # a shorter head is a subject without its verb's object, or a fronted phrase
ASIDE_MAX_WORDS = 5  # between two commas, this many words are an aside (a name, a day), not a clause

# Words that open a subordinate part: a cause, a consequence, a circumstance, a non-defining relative.
_AR_SUBORDINATE = (
    "مما|ما أدى|بسبب|إثر|عقب|والتي|من جراء|جراء|من جرّاء|جرّاء|في تصريح|بواقع|برفقة|"
    "تحت رئاسة|برئاسة|بحضور|بمشاركة|نظرا|فيما"
)
_EN_SUBORDINATE = "due to|after|who|which|amid|following|and urged|as part of"
_SUBORDINATE = re.compile(rf"\s(?:{_AR_SUBORDINATE}|{_EN_SUBORDINATE})\s")
_AFTER_COMMA = ("وذلك", "حيث", "مما")  # ", حيث …": only after a comma (not "من حيث")
_COMMA = re.compile(r"[,،;؛](?=\s)")
_SEMICOLON = ";؛"
_QUOTE_COLON = re.compile(r":(?=\s)")  # "… عبر حسابه على تويتر: "ببالغ الحزن …"
_FRONTED = re.compile(
    r"^(?:After|As|In light of|In the wake of|When|While|Following|Despite|Amid|Since|Before|Although|"
    r"Because|If|During|بعد|وبعد|في|وفي|بمناسبة|مع|رغم|قبل|خلال|إثر|عقب|منذ|لدى|وسط|على|ضمن)\s"
)


def main_clause(sentence: str) -> str | None:
    """The sentence up to where its main clause ends, or None when no such end is found."""
    commas = list(_COMMA.finditer(sentence))
    skipped = _aside_commas(sentence, commas)
    if commas and _FRONTED.match(sentence):
        skipped.add(commas[0].start())
    ends = [m.start() for m in commas if m.start() not in skipped]
    ends += [m.start() for m in _SUBORDINATE.finditer(sentence)]
    ends += [m.start() for m in _QUOTE_COLON.finditer(sentence)]
    for end in sorted(ends):
        if len(sentence[:end].split()) >= MIN_WORDS:
            return sentence[:end]
    return None


def _aside_commas(sentence: str, commas: list[re.Match[str]]) -> set[int]:
    """Positions of commas that open or close an aside: a short stretch between two commas."""
    out: set[int] = set()
    for a, b in pairwise(commas):
        if a.group() in _SEMICOLON or b.group() in _SEMICOLON:
            continue
        if _opens_subordinate(sentence, a) or _opens_subordinate(sentence, b):
            continue  # "…، اليوم الثلاثاء، جراء …": the clause ended before the aside
        words = sentence[a.end() : b.start()].split()
        if len(words) == 1 and words[0] not in WEEKDAYS:
            continue  # "Hay River, Enterprise, K’atl’odeeche": a list, not an aside
        if 0 < len(words) <= ASIDE_MAX_WORDS:
            out.update((a.start(), b.start()))
    return out


def _opens_subordinate(sentence: str, comma: re.Match[str]) -> bool:
    rest = sentence[comma.end() :].lstrip()
    return bool(_SUBORDINATE.match(" " + rest)) or rest.startswith(_AFTER_COMMA)
