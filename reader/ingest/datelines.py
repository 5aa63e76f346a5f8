"""A wire dateline at the head of a lead: "SURIGAO CITY (MindaNews/3 December) – The ...".

Why: an article saved without its headline is named by its first sentence, and the place and agency
a wire story opens with ("KARACHI –", "(Eagle News)–", "الفاشر 11-8-2021م (سونا)-", "عدن // وكالة
الصحافة اليمنية //") say where it was filed, not what it is about. A line that is only such a
dateline ("صلالة – العُمانية|") heads the text under it the same way and is no headline either.

The shapes are the ones wire copy uses anywhere: a short lead-in closed by a dash, a bar or a double
slash, holding an agency in brackets, a place in capitals, or a place and an outlet; or a place name
closed by a colon ("Thiruvananthapuram:", "Doha:", "MUSCAT :"). They never depend on a place or agency
being listed.
"""

from __future__ import annotations

import re

DATELINE_MAX_CHARS = 60
DATELINE_MAX_WORDS = 7
TEXT_AFTER_WORDS = 4  # a dateline opens a sentence; "Reuters – Home" is a menu

_CLOSER = r"\s*(?:[-–—]+|ـ{1,3}|//|\||(?<=\)):)\s*"  # (a colon only after the agency's bracket: "(ANI/WAM):")
_BRACKETED = re.compile(r"\([^()]{2,40}\)")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_LOWER_LATIN = re.compile(r"[a-z]")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]")
_SENTENCE_END = re.compile(r"[.!?؟]\s")

_CLOSER_AT = re.compile(_CLOSER + r"(?=\S)")
# "صدى الإعلام-أكد …", "عمان-بترا- …": an Arabic outlet or place of a word to three, a dash (Arabic
# hyphenates no words), then the sentence
_ARABIC_LEAD = re.compile(r"^[\u0621-\u064a]+(?:\s[\u0621-\u064a]+){0,2}\s*[-–—]\s*(?=[\u0621-\u064a])")
_NAME = r"(?:[^\W\d_]|[\u064B-\u065F\u0670])+[0-9]{0,3}"  # a word (its vowel marks too; "دارفور24")
# "عدن // وكالة الصحافة اليمنية //", "صلالة – العُمانية|", "الأمة، وكالات|", "جراءة نيوز - عمان -":
# a place and an outlet (either way round), each closed
# (not the tatweel inside "العـنـــــب"; a dash may cling to the place: "بغداد اليوم- بغداد")
_SPACED_CLOSER = r"(?:\s*[-–—]+\s+|\s+ـ+\s+|\s*(?://|\|)\s*|[،,]\s+)"
_PLACE_AND_OUTLET = re.compile(
    rf"^{_NAME}(?:\s{_NAME})?{_SPACED_CLOSER}{_NAME}(?:\s{_NAME}){{0,3}}"
    r"(?P<end>\s*(?://|\|)\s*|\s+[-–—]\s+|$)"
)
# "أكادير24/وكالات", "الموصل – وكالات": a place and "agencies"
# "الخرطوم: المنبر24", "الألباب المغربية/ مصطفى طه": a place or outlet, a colon or a slash, an outlet or
# a writer of two words at most, in Arabic ("قفصة : احتجاجات بسبب انقطاع الماء" is a headline)
_AR_NAME = r"[\u0621-\u064a\u064b-\u065f\u0670]+[0-9]{0,3}"
_ARABIC_SLASHED = re.compile(rf"^{_AR_NAME}(?:\s{_AR_NAME})?\s?[:/]\s+{_AR_NAME}(?:\s{_AR_NAME})?$")
_FROM_AGENCIES = re.compile(
    rf"^{_NAME}(?:\s{_NAME})?\s*(?:/|[-–—]+|[،,])\s*(?:وكالات|agencies|wires)$", re.IGNORECASE
)
# "Thiruvananthapuram: As Kerala reels ...", "Doha: The 160th ...", "MUSCAT : His Excellency ...", "Abu
# Dhabi: ...": a place name of a word or two, then the sentence
_PLACE_WORD = r"(?:[A-Z][a-z]{2,}|[A-Z]{3,})"
_PLACE_COLON = re.compile(
    rf"^(?P<lead>{_PLACE_WORD}(?:\s{_PLACE_WORD})?(?:,\s{_PLACE_WORD}(?:\s{_PLACE_WORD})?)?)\s?:\s+(?=[A-Z])"
)  # (and "PORT SUDAN, Sudan:": the place and its country)


def _dateline_shaped(lead: str) -> bool:
    if not lead.strip() or len(lead.split()) > DATELINE_MAX_WORDS or _SENTENCE_END.search(lead):
        return False
    if _LOWER_WORD.search(lead):
        return False  # "The EU (and the UK) –": running words, not a place and an agency
    if _BRACKETED.search(lead):
        return True  # an agency or a filing note in brackets
    return not _LOWER_LATIN.search(lead) and bool(_CAPS_WORD.search(lead))  # "SURIGAO CITY"


def dateline_length(text: str) -> int:
    """How many characters of ``text`` its opening wire dateline takes (separator included), or 0."""
    m = _PLACE_AND_OUTLET.match(text)
    if m and m.group("end").strip() and not _LOWER_WORD.search(m.group(0)) and (
        len(text[m.end() :].split()) >= TEXT_AFTER_WORDS
    ):  # ("The minister – who was in Paris – said": an aside in running words)
        return m.end()  # "عدن // وكالة الصحافة اليمنية // شهد ...": closed on both sides
    for m in _CLOSER_AT.finditer(text, 0, DATELINE_MAX_CHARS + 4):
        # "CITY (Agency) –", "(Eagle News)–", "الفاشر 11-8-2021م (سونا)-" (past the date's own dashes)
        if not (text[m.start() - 1 : m.start()] in (" ", ")") or m.group(0)[-1].isspace()):
            continue  # "COVID-19": a hyphen inside a word
        if _dateline_shaped(text[: m.start()]) and len(text[m.end() :].split()) >= TEXT_AFTER_WORDS:
            return m.end()
    m = _PLACE_COLON.match(text) or _ARABIC_LEAD.match(text)
    if m and len(text[m.end() :].split()) >= 2 * TEXT_AFTER_WORDS:
        return m.end()
    return 0


def from_agencies(text: str) -> bool:
    """Is the line a place and the word "agencies" ("الموصل – وكالات")? No menu reads so."""
    return bool(_FROM_AGENCIES.match(text.strip()))


def is_dateline_only(text: str) -> bool:
    """Is the line nothing but a place and an outlet ("صلالة – العُمانية|", "عدن // وكالة … //",
    "الخرطوم: المنبر24")?"""
    text = text.strip()
    m = _PLACE_AND_OUTLET.match(text)
    return (
        (m is not None and not text[m.end() :].strip(" |/-–—ـ")) or from_agencies(text)
        or bool(_ARABIC_SLASHED.match(text))
    )
