"""Arabic lines out of a PDF made readable: visual order put back into logical order, presentation
forms folded to ordinary letters.

Why this is needed: a PDF stores glyphs, not text. Many producers (old word processors, Apple's
pstopdf, Chrome's Skia) draw Arabic as contextual glyphs, the presentation forms U+FB50–U+FEFF,
and some lay them out left to right in *visual* order, so a naive extraction reads «ﺔﻴﺑﺮﻌﻟا»
for «العربية». PDFium already reorders and folds most of these; this module is the safety net for
the lines it does not (text extracted by another tool, glyph clusters mapped to whole words), and
its folding also covers the forms that pass through untouched.

Three points decide correctness, each tested on real files:

* **Detect per line, from the words themselves.** A reversed line shows words that do not exist:
  «يف» for «في», «نم» for «من», «ىلع» for «على», words *ending* in «لا» (the article «ال» read
  backwards) and words *starting* with «ة» or «ى», letters that only end words. Presentation
  forms, when present, say it outright: an INITIAL form at the end of a word is visual order.
  A line without evidence either way follows the page's majority.
* **Reorder with the bidi algorithm, not by reversing characters.** A visual line shows numbers
  and Latin words left to right, so «1234» and «Jeremy» must stay as they are while the Arabic
  runs and the order of the runs are reversed. Running the Unicode bidi algorithm
  (python-bidi's ``get_display``) on the visual string with the line's base direction does
  exactly that (for the simple embeddings PDFs hold, the reordering is its own inverse); mirrored
  brackets come back too. The base direction is the line's majority script, not the first letter
  (which, in visual order, is the *last* word).
* **Reorder first, fold second.** NFKC turns the single lam-alef glyph «ﻻ» into two letters «لا»
  in logical order; folding a visual line first would put that pair into the string the wrong way
  round and the reordering would then reverse it into «ال» («والية» for «ولاية»).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bidi import get_display

__all__ = [
    "fold_presentation_forms",
    "has_arabic",
    "is_arabic",
    "line_order_evidence",
    "repair_lines",
    "visual_to_logical",
]

# Arabic presentation forms A and B, and the Latin ligatures (ﬁ, ﬂ) that PDFs are full of.
_FOLDABLE = re.compile("[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufefe]")
_ARABIC_WORD = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufefe]+")

# Frequent words whose reversal is not a frequent word ("كل"/"لك" and "مع"/"عم" are left out).
_COMMON = frozenset((
    "في", "من", "على", "إلى", "أن", "إن", "عن", "هذا", "هذه", "التي", "الذي", "الذين", "كان", "كانت",
    "قال", "بين", "لا", "ما", "أو", "كما", "بعد", "قبل", "عند", "حتى", "ذلك", "تلك", "وقد", "وفي", "ومن",
    "وعلى", "غير", "هو", "هي", "أنه", "إنه", "عام", "خلال", "حيث", "لم", "لن", "قد",
))
# A sentence's full stop that a producer's own reordering left before a closing number («أيار .2021»).
_END_NUMBER = re.compile(r"(\s)([.,،؛:!؟])(\d+)$")
_FINAL_ONLY = ("ة", "ى")  # letters that only ever end a word
_ARTICLE = re.compile("^(?:[وفبك]?ال|لل|وبال)")  # the article, alone or after a one-letter prefix


def is_arabic(ch: str) -> bool:
    """Arabic letters, marks and presentation forms (and the RTL blocks between them)."""
    return "\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe"


def has_arabic(text: str) -> bool:
    return _ARABIC_WORD.search(text) is not None


def fold_presentation_forms(text: str) -> str:
    """Contextual glyph forms (U+FB50–U+FEFF) and Latin ligatures to ordinary letters (NFKC).

    Only those characters are normalised: NFKC on the whole text would also flatten superscript
    footnote numbers and full-width punctuation. Isolated harakat (U+FE70–U+FE7F) fold to a space
    plus the mark; the space is dropped so the mark stays on its letter.
    """

    def fold(match: re.Match[str]) -> str:
        folded = unicodedata.normalize("NFKC", match.group())
        return folded.lstrip(" ") if folded.strip() else ""

    return _FOLDABLE.sub(fold, text)


def _form(ch: str) -> str:
    """'initial', 'medial', 'final', 'isolated' for a presentation form, else ''."""
    name = unicodedata.name(ch, "")
    for form in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED"):
        if f"{form} FORM" in name:
            return form.lower()
    return ""


def line_order_evidence(line: str) -> tuple[float, float]:
    """(evidence for logical order, evidence for visual order) in one line of text."""
    logical = visual = 0.0
    for token in _ARABIC_WORD.findall(line):
        forward = fold_presentation_forms(token)
        backward = fold_presentation_forms(token[::-1])  # reverse first: see the module docstring
        logical += _word_evidence(forward)
        visual += _word_evidence(backward)
        first, last = _form(token[0]), _form(token[-1])
        if len(token) > 1:  # a word starts with an initial form and ends with a final one
            logical += 0.5 * (first == "initial") + 0.5 * (last == "final")
            visual += 0.5 * (first == "final") + 0.5 * (last == "initial")
    return logical, visual


def _word_evidence(word: str) -> float:
    score = 0.0
    if word in _COMMON:
        score += 1
    if len(word) >= 4 and _ARTICLE.match(word):
        score += 0.5
    if word.endswith(_FINAL_ONLY):
        score += 0.5
    if word.startswith(_FINAL_ONLY):
        score -= 1
    return score


def visual_to_logical(line: str) -> str:
    """A line extracted in visual (left-to-right display) order, in logical order.

    The bidi algorithm applied to the visual string with the line's base direction reverses the
    Arabic runs and the order of the runs while numbers and Latin words keep their order; see the
    module docstring. Combining marks that end up before their letter are moved after it.
    """
    arabic = sum(1 for ch in line if ch.isalpha() and is_arabic(ch))
    latin = sum(1 for ch in line if ch.isalpha() and not is_arabic(ch))
    logical = get_display(line, base_dir="R" if arabic >= latin else "L")
    return _marks_after_letters(_END_NUMBER.sub(r"\1\3\2", logical))


def _marks_after_letters(text: str) -> str:
    """A word cannot start with a vowel mark: one there belongs after the letter that follows."""
    return re.sub(r"(?:(?<=^)|(?<=\s))([\u064b-\u065f\u0670]+)(\w)", r"\2\1", text)


def repair_lines(lines: Iterable[str]) -> list[str]:
    """Lines of one page in logical order with ordinary letters.

    Each line is judged on its own evidence; lines without any (a name, a number, one rare word)
    follow the majority of the page's lines, so a page extracted in visual order is repaired as a
    whole while a logical page is never touched.
    """
    lines = list(lines)
    evidence = [line_order_evidence(line) for line in lines]
    page_visual = sum(v for _, v in evidence) > 2 * sum(lg for lg, _ in evidence) + 1
    out = []
    for line, (logical, visual) in zip(lines, evidence, strict=True):
        reverse = has_arabic(line) and (visual > logical or (visual == logical and page_visual))
        out.append(fold_presentation_forms(visual_to_logical(line) if reverse else line))
    return out
