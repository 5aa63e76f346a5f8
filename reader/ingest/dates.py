"""Find when a scraped English/Arabic news article was written, honestly.

Two entry points serve the segmenter:

* :func:`parse_header_date` reads a *header* line (dateline, byline, "Posted on ...") and returns the
  first full date on it.  Only short lines count: an ordinary sentence that happens to contain a date
  describes an event, not the article, so it is refused here (the body rules below may still use it).
* :func:`infer_body_date` dates an article that has no header date from the dates written in its body,
  and says why; when it cannot name a day it returns ``source='none'`` with a ``not_before`` floor.

Why mostly hand-written regexes instead of dateparser: dateparser does not know the Levantine month names
(``14 آذار 2020``, ``كانون الثاني``) and auto-detecting languages is slow, while the formats that occur in
news headers are few and regular.  dateparser (always ``languages=['en']``, strict, full date required) is
kept only as a fallback for short English header lines whose parts we recognised but whose arrangement
our patterns do not cover.  Nothing here feeds a whole text to dateparser.

Speed: every date span starts with a number or a month name, so cheap case-sensitive scans find those
anchor positions and one compiled regex is tried only there (``_date_matches``).  Whitespace and
separator runs inside it are bounded, so the work is linear in the text, and at most ``_MAX_MATCHES``
spans (``_MAX_ANCHORS`` positions) are examined per text.  The text is first passed through a
*length-preserving* translation (Arabic-Indic and Persian digits to ASCII, hamza/madda alef forms to bare
alef) so match spans still quote the original text in evidence strings.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from reader.ingest.model import DateInfo

__all__ = [
    "credits_a_photo",
    "infer_body_date",
    "is_issue_line",
    "is_update_line",
    "looks_like_date_line",
    "parse_header_date",
    "relative_date_evidence",
    "settle_day_month",
]

# --------------------------------------------------------------------------------------------------
# Normalisation (length-preserving, so match spans index the original text)
# --------------------------------------------------------------------------------------------------

_TRANSLATE: dict[int, int] = {}
for _i in range(10):
    _TRANSLATE[0x0660 + _i] = ord("0") + _i  # Arabic-Indic digits ٠-٩
    _TRANSLATE[0x06F0 + _i] = ord("0") + _i  # Persian/Urdu digits ۰-۹
for _alef in "أإآٱ":
    _TRANSLATE[ord(_alef)] = ord("ا")  # آذار/اذار, أيار/ايار, الأول/الاول are one spelling after this
_TRANSLATE[ord("،")] = ord(",")  # Arabic comma


def _words(spaced: str) -> frozenset[str]:
    """A word set written as one spaced string (long vocabularies stay readable), normalised like text."""
    return frozenset(_normalise(w) for w in spaced.split())


def _normalise(text: str) -> str:
    """Map digits and alef variants to one form; never changes the length of ``text``."""
    return text.translate(_TRANSLATE)


# --------------------------------------------------------------------------------------------------
# Month and header vocabulary
# --------------------------------------------------------------------------------------------------

_EN_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French, as Maghrebi and Lebanese sites print dates ("lundi 2 juin 2014")
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
# Lower-case forms that are also ordinary words ("may", "march") or too short to trust in lower case.
_EN_LOWER_REJECT = _words("jan feb mar apr may jun jul aug sep sept oct nov dec march")

# Levantine (Syriac-derived), Egyptian/Gulf (Latin-derived) and Maghrebi names.  Written with hamza here
# for readability; keys are normalised like the text, so آذار and اذار are the same key.
_AR_MONTHS_RAW: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني", "يناير", "جانفي"),
    2: ("شباط", "فبراير", "فيفري"),
    3: ("آذار", "مارس"),
    4: ("نيسان", "أبريل", "إبريل", "أفريل"),
    5: ("أيار", "مايو", "ماي"),
    6: ("حزيران", "يونيو", "يونيه", "جوان"),
    7: ("تموز", "يوليو", "يوليه", "جويلية", "يوليوز"),
    8: ("آب", "أغسطس", "أوت", "غشت", "أغشت"),  # (أغشت, دجمبر: Mauritania's)
    9: ("أيلول", "سبتمبر", "شتنبر"),
    10: ("تشرين الأول", "تشرين أول", "أكتوبر"),
    11: ("تشرين الثاني", "تشرين ثاني", "نوفمبر", "نونبر"),
    12: ("كانون الأول", "كانون أول", "ديسمبر", "دجنبر", "دجمبر"),
}
_AR_MONTHS: dict[str, int] = {
    _normalise(name): num for num, names in _AR_MONTHS_RAW.items() for name in names
}


def _month_alternation() -> str:
    """All month spellings, longest first so 'كانون الثاني' and 'March' win over shorter prefixes."""
    names = sorted(set(_EN_MONTHS) | set(_AR_MONTHS), key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s{1,3}") for n in names)


_MONTH_ALT = _month_alternation()

_EN_WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
# Words that may surround a date on a header line without making it a sentence.
_HEADER_VOCAB = _EN_WEEKDAYS | _words(
    "am pm gmt utc est edt bst cet ast on by at posted published updated update "
    "last modified date dated of the st nd rd th in from t z time min mins read ago "
    "السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة يوم في بتاريخ تاريخ نشر "
    "آخر تحديث الساعة ساعة ص م عام العام سنة من الموافق كانون تشرين الأول الثاني أول ثاني "
    "retrieved accessed archived crawled fetched scraped downloaded captured edt est cst pst sast cest ist "
    "lundi mardi mercredi jeudi vendredi samedi dimanche le publié mis à jour "
    "التحديث التعديل تعديل الأخير النشر تم "
    "اليوم صباحا صباح مساء مساءا ظهرا عصرا ليلا فجرا"  # "اليوم الأحد ... 01:25 مساءً"
)
_EN_FUNCTION_WORDS = _words(
    "was were is are be been has have had said says will would could should that which who "
    "when while after before against"
)
_AR_FUNCTION_WORDS = _words("قال قالت أن إن التي الذي الذين كان كانت بعد قبل على إلى عن حيث")

# --------------------------------------------------------------------------------------------------
# The date-span regex
# --------------------------------------------------------------------------------------------------

_S = r"\s{1,3}"  # bounded whitespace: keeps the whole pattern linear on pathological input
_SO = r"\s{0,3}"
_SEP = rf"(?:{_S}|{_SO}[-./]{_SO})"  # between day and month in '6 April', '6-Apr', '6. April'
_YSEP = rf"(?:{_SO},{_SO}|{_S}|{_SO}[-./]{_SO}|)"  # before a year: 'April 6, 2020', 'آذار 2020'
_AR_YEAR_WORD = rf"(?:(?:من{_S})?(?:ال)?(?:عام|سنة){_S})?"  # '14 آذار عام 2020'
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


def _mon(group: str) -> str:
    return rf"{_NOT_LETTER_BEFORE}(?P<{group}>{_MONTH_ALT}){_NOT_LETTER_AFTER}\.?"


# 'آذار/مارس', 'آذار (مارس)': Arabic papers often give both calendars' names; the first one is used.
_ALIAS = rf"(?:{_SO}[/(]{_SO}{_NOT_LETTER_BEFORE}(?:{_MONTH_ALT}){_NOT_LETTER_AFTER}{_SO}\)?)?"


# A number that starts a date: not glued to a Latin word ('F16', 'COVID-19') or continuing a number
# ('1.5', '10:30').  The same condition is checked in Python by _digit_anchor_ok; keep them in step.
_LEAD = r"(?<![0-9A-Za-z])(?<![0-9][.,:/-])(?<![A-Za-z]-)"


def _day(group: str) -> str:
    return rf"{_LEAD}(?P<{group}>[0-3]?[0-9])(?![0-9])(?:st|nd|rd|th)?"


# Years 1900..2100 only: anything else in a date-shaped span is a typo or not a date.
_YEAR_ALT = r"(?:19[0-9]{2}|20[0-9]{2}|2100)"


def _year(group: str) -> str:
    # Copy-paste glues the year to the time that follows it ('Mar 3 20209:41 AM' is 2020, 9:41), so a
    # year may be followed by digits only when they are an 'h:mm' time.
    return rf"(?<![0-9])(?P<{group}>{_YEAR_ALT})(?:(?![0-9])|(?=[0-9]{{1,2}}:[0-9]{{2}}(?![0-9])))"


_NUM_TAIL = r"(?![0-9])(?![.,/-][0-9])"
_ORD_COMMA = rf"(?<=[A-Za-z]){_SO},"  # the comma of '3rd, May': only right after 'st|nd|rd|th'

_DATE_RE = re.compile(
    "|".join(
        (
            # 6 April 2020, 6th of April, 2020, 04-Apr-2020, 14 آذار 2020, 14 آذار/مارس عام 2020
            # '3rd, May 2022': a comma may follow the day only after an ordinal suffix
            rf"{_day('dmy_d')}(?:{_S}of|{_ORD_COMMA})?{_SEP}{_mon('dmy_m')}{_ALIAS}{_YSEP}{_AR_YEAR_WORD}"
            rf"{_year('dmy_y')}",
            # 2020-04-03, 2020/4/3, 2020-04-03T10:00
            rf"{_LEAD}(?P<iso_y>{_YEAR_ALT})(?P<iso_s> ?[-/.] ?)(?P<iso_m>[01]?[0-9])"
            rf"(?P=iso_s)(?P<iso_d>[0-3]?[0-9]){_NUM_TAIL}",  # '2012-07-17', '2012 / 7 / 17'
            # 2020-04 (month; trusted on header lines only, in prose it is often a year range)
            rf"{_LEAD}(?P<ym_y>{_YEAR_ALT})-(?P<ym_m>[01][0-9]){_NUM_TAIL}",
            # 28/3/2020, 28.03.2020, 28-3-2020, ١ / ١٢ / ٢٠٢٠ (spaced, as Arabic sites set it)
            rf"{_LEAD}(?P<num_a>[0-3]?[0-9]) ?(?P<num_s>[-/.]) ?(?P<num_b>[0-3]?[0-9]) ?(?P=num_s) ?"
            rf"(?P<num_y>{_YEAR_ALT}){_NUM_TAIL}",
            # 12/16/16 12:21pm: a two-digit year, trusted only as a time stamp (a clock time follows)
            rf"{_LEAD}(?P<n2_a>[0-3]?[0-9])(?P<n2_s>[-/.])(?P<n2_b>[0-3]?[0-9])(?P=n2_s)(?P<n2_y>[0-9]{{2}})"
            rf"(?=(?:\s{{1,3}}|\s?[-–—|,@•·]\s?)[0-2]?[0-9]:[0-5][0-9](?![0-9]))",
            # April 6, 2020, Dec. 30 2019, Apr-06-2020
            rf"{_mon('mdy_m')}{_SEP}{_day('mdy_d')}{_YSEP}{_year('mdy_y')}",
            # November 2016, آذار 2020 (month precision)
            rf"{_mon('my_m')}{_ALIAS}{_YSEP}{_AR_YEAR_WORD}{_year('my_y')}",
            # 27th December, 10th of March, 5 نيسان (no year)
            rf"{_day('dm_d')}(?:{_S}of|{_ORD_COMMA})?{_SEP}{_mon('dm_m')}",
            # April 5, March 11, April 6th (no year); not a time like 'April 6:30'
            rf"{_mon('md_m')}{_SEP}{_day('md_d')}(?![.,:][0-9])",
            # a bare year 1990-2039 ('Since 2021', 'عام 2003', 'و2011'); not '1990s', '2,015', '2019-20'
            rf"{_LEAD}(?P<yr>199[0-9]|20[0-3][0-9])(?![0-9])(?![.,/:-][0-9])(?!s\b)",
        )
    ),
    re.IGNORECASE,
)

_MAX_MATCHES = 500  # date-like spans examined per text: bounds work on multi-megabyte inputs
_MAX_ANCHORS = 20_000  # candidate positions tried per text, for texts that are mostly numbers


def _cased_month_alternation() -> str:
    """Month spellings as they are written (Title, UPPER, trusted lower case), without IGNORECASE.

    Why: a case-sensitive alternation of literals lets ``re`` skip ahead in C to the next possible
    first letter; the full date regex (lookbehinds, IGNORECASE) would be entered at every position.
    """
    names = set(_AR_MONTHS)
    for n in _EN_MONTHS:
        names |= {n.title(), n.upper()} | ({n} if n not in _EN_LOWER_REJECT else set())
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s{1,3}") for n in ordered)


_MONTH_ANCHOR_RE = re.compile(_cased_month_alternation())
_DIGIT_RUN_RE = re.compile(r"[0-9]+")


def _digit_anchor_ok(norm: str, p: int) -> bool:
    """Python twin of ``_LEAD``: may a date start at the digit run beginning at ``p``?"""
    if p == 0:
        return True
    prev = norm[p - 1]
    if prev.isascii() and prev.isalnum():
        return False
    if p < 2 or prev not in ".,:/-":
        return True
    before = norm[p - 2]
    return not ("0" <= before <= "9" or (prev == "-" and before.isascii() and before.isalpha()))


def _anchors(norm: str) -> Iterator[int]:
    """Positions where a date span may start, ascending: digit runs and month names at a word start.

    Every branch of ``_DATE_RE`` begins with a number or a month name, so trying ``_DATE_RE.match`` only
    at these positions finds the same leftmost spans as ``finditer`` would, many times faster.
    """
    digits = (m.start() for m in _DIGIT_RUN_RE.finditer(norm) if _digit_anchor_ok(norm, m.start()))
    months = (
        m.start()
        for m in _MONTH_ANCHOR_RE.finditer(norm)
        if m.start() == 0 or not norm[m.start() - 1].isalpha()
    )
    return heapq.merge(digits, months)


def _date_matches(norm: str) -> Iterator[re.Match[str]]:
    """Leftmost non-overlapping ``_DATE_RE`` matches, tried only at anchors, both counts capped."""
    end = 0
    found = 0
    for p in islice(_anchors(norm), _MAX_ANCHORS):
        if p < end:
            continue
        m = _DATE_RE.match(norm, p)
        if m is None:
            continue
        yield m
        end = m.end()
        found += 1
        if found >= _MAX_MATCHES:
            return


_QUOTE_MAX = 40
_LATER_WINDOW_DAYS = 183  # how far after the latest full date a yearless mention may move it (see rules)
_YEAR_SPAN_DAYS = 183  # yearless mentions spread wider than this probably straddle a new year

# 'numyear': a numeric date whose day/month order is unknown ('03/04/2019' on an English line)
_Kind = Literal["full", "month", "isomonth", "daymonth", "year", "numyear"]


@dataclass(frozen=True)
class _Mention:
    """One date-like span: ``year``/``month``/``day`` are None where the text did not write them."""

    kind: _Kind
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None

    def date(self) -> _dt.date:
        assert self.year is not None and self.month is not None and self.day is not None
        return _dt.date(self.year, self.month, self.day)


def _month_number(token: str) -> int | None:
    """Month of a matched month token, or None if it is a lower-case word we do not trust ('may')."""
    key = " ".join(token.rstrip(".").split())
    if key in _AR_MONTHS:
        return _AR_MONTHS[key]
    low = key.casefold()
    month = _EN_MONTHS.get(low)
    if month is None or (key == low and low in _EN_LOWER_REJECT):
        return None
    return month


def _valid(year: int, month: int, day: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _day_month_ok(month: int, day: int) -> bool:
    """A yearless day-month must exist in some year (29 February is allowed)."""
    return _valid(2000, month, day)


_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A]")
_WEEKDAY_RE = re.compile(
    r"(?<![^\W\d_])(?:(?i:monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri"
    r"|saturday|sat|sunday|sun)|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|السبت|الاحد)(?![^\W\d_])"
)
_WEEKDAY_NUMBER = {
    **dict.fromkeys(("monday", "mon", "الاثنين"), 0),
    **dict.fromkeys(("tuesday", "tues", "tue", "الثلاثاء"), 1),
    **dict.fromkeys(("wednesday", "wed", "الاربعاء"), 2),
    **dict.fromkeys(("thursday", "thurs", "thur", "thu", "الخميس"), 3),
    **dict.fromkeys(("friday", "fri", "الجمعة"), 4),
    **dict.fromkeys(("saturday", "sat", "السبت"), 5),
    **dict.fromkeys(("sunday", "sun", "الاحد"), 6),
}
_ORDER_WINDOW = 40  # characters either side of an ambiguous 'a/b/year' searched for evidence of its order


def _numeric_order(
    norm: str, start: int, end: int, a: int, b: int, sep: str, year: int, arabic: bool = False
) -> tuple[int, int] | None:
    """(month, day) of 'a/b/year', or None when the order cannot be known.

    One valid order: that one.  Both valid and different ('03/04/2019'): US pages write month first,
    British, European and Arab pages day first, and a wrong date is worse than none, so the order must
    be shown by the line itself: a weekday written just before it that fits only one order, else day
    first when Arabic is written next to it, the separator is '.' (never a US style) or the line is an
    Arabic article's (``arabic``); otherwise None.
    """
    day_first = b <= 12 and _valid(year, b, a)
    month_first = a <= 12 and _valid(year, a, b)
    if not (day_first and month_first) or a == b:
        if day_first:
            return b, a
        return (a, b) if month_first else None
    weekday = None
    for w in _WEEKDAY_RE.finditer(norm, max(0, start - _ORDER_WINDOW), start):
        weekday = _WEEKDAY_NUMBER.get(w.group().casefold())
    if weekday is not None:
        fits_df = _dt.date(year, b, a).weekday() == weekday
        fits_mf = _dt.date(year, a, b).weekday() == weekday
        if fits_df != fits_mf:
            return (b, a) if fits_df else (a, b)
    if arabic or sep == ".":
        return b, a
    if _ARABIC_LETTER_RE.search(norm, max(0, start - _ORDER_WINDOW), end + _ORDER_WINDOW):
        return b, a
    return None


TWO_DIGIT_PIVOT = 69  # '16' is 2016, '85' is 1985 (the POSIX strptime rule)


def _two_digit_year(yy: int) -> int:
    return 2000 + yy if yy <= TWO_DIGIT_PIVOT else 1900 + yy


def _mentions(norm: str, day_first: bool = False) -> Iterator[_Mention]:
    """Every date-like span in normalised text, left to right, at most ``_MAX_MATCHES`` of them
    (``day_first``: the text is an Arabic article's, whose all-numeric dates put the day first)."""
    for m in _date_matches(norm):
        g = m.group
        s, e = m.span()
        if g("dmy_d") is not None or g("mdy_d") is not None:
            pre = "dmy" if g("dmy_d") is not None else "mdy"
            month = _month_number(g(f"{pre}_m"))
            year, day = int(g(f"{pre}_y")), int(g(f"{pre}_d"))
            if month is not None and _valid(year, month, day):
                yield _Mention("full", s, e, year, month, day)
        elif g("iso_y") is not None:
            year, month, day = int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
            if _valid(year, month, day):
                yield _Mention("full", s, e, year, month, day)
        elif g("n2_y") is not None:
            year = _two_digit_year(int(g("n2_y")))
            a, b = int(g("n2_a")), int(g("n2_b"))
            order = _numeric_order(norm, s, e, a, b, g("n2_s"), year, day_first)
            if order is not None:  # (an ambiguous '3/09/15' says too little to be a date line at all)
                yield _Mention("full", s, e, year, order[0], order[1])
        elif g("ym_y") is not None:
            month = int(g("ym_m"))
            if 1 <= month <= 12:
                yield _Mention("isomonth", s, e, int(g("ym_y")), month)
        elif g("num_a") is not None:
            year = int(g("num_y"))
            order = _numeric_order(norm, s, e, int(g("num_a")), int(g("num_b")), g("num_s"), year, day_first)
            if order is not None:
                yield _Mention("full", s, e, year, order[0], order[1])
            elif _valid(year, int(g("num_b")), int(g("num_a"))):
                yield _Mention("numyear", s, e, year)  # '03/04/2019' in English: only the year is certain
        elif g("my_m") is not None:
            month = _month_number(g("my_m"))
            if month is not None:
                yield _Mention("month", s, e, int(g("my_y")), month)
        elif g("dm_d") is not None or g("md_d") is not None:
            pre = "dm" if g("dm_d") is not None else "md"
            month = _month_number(g(f"{pre}_m"))
            day = int(g(f"{pre}_d"))
            if month is not None and _day_month_ok(month, day):
                yield _Mention("daymonth", s, e, None, month, day)
        elif g("yr") is not None:
            yield _Mention("year", s, e, int(g("yr")))


def _quote(text: str, start: int, end: int) -> str:
    """The original wording of a span, whitespace collapsed, for evidence strings."""
    q = " ".join(text[start:end].split())
    return q if len(q) <= _QUOTE_MAX else q[: _QUOTE_MAX - 1] + "…"


def _quotes(text: str, mentions: Sequence[_Mention], limit: int = 3) -> str:
    """'"April 5", "April 4"' — distinct quotes in text order, at most ``limit``."""
    seen: list[str] = []
    for m in mentions:
        q = _quote(text, m.start, m.end)
        if q not in seen:
            seen.append(q)
    shown = ", ".join(f'"{q}"' for q in seen[:limit])
    return shown + (", …" if len(seen) > limit else "")


# --------------------------------------------------------------------------------------------------
# Planned (future) dates
# --------------------------------------------------------------------------------------------------

# Words that make the date after them a plan, not a report ('will be held on 3 June 2021', 'until 15
# May', 'by 2030', 'سوف ... في 20 آذار', 'حتى 15 آذار'): the article was written *before* such a date.
# _FUTURE_RIGHT_BEFORE must be the word just before the date, ignoring _FUTURE_SKIP words ('until the
# end of 2021', 'حتى نهاية عام 2021'); _FUTURE_CLAUSE may be anywhere in the few words before it in the
# same clause; _FUTURE_AFTER follows it ('3 حزيران المقبل' — 'next 3 June').
_FUTURE_RIGHT_BEFORE = _words("until till til by حتى لغاية لحين بحلول غاية بدءا ابتداء اعتبارا")
_FUTURE_SKIP = _EN_WEEKDAYS | _words(
    "on in the of end early late mid start beginning middle في من نهاية مطلع أواخر أوائل منتصف بداية عام "
    "العام سنة يوم السبت الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة"
)
_FUTURE_CLAUSE = _words(
    "will shall ll scheduled slated upcoming next forthcoming due سوف سيتم ستتم المقرر المزمع المرتقب "
    # the future prefix on the verbs that announce a date ('سيكون يوم الأحد 13 جويلية', 'ستقام أيام …')
    "سيكون ستكون سيقام ستقام سيعقد ستعقد سينطلق ستنطلق سيبدأ ستبدأ سيجري ستجري ستجرى سيجرى سيعلن ستعلن "
    "سيصدر ستصدر سينظم ستنظم سيستمر ستستمر سيتواصل ستتواصل سيحتفل ستحتفل سيفتتح ستفتتح "
    "tomorrow غد غدا غداً"  # ('تنطلق يوم غد الأربعاء 8 جويلية': written the day before)
)
_FUTURE_AFTER = _words("next المقبل المقبلة القادم القادمة")
_FUTURE_CLAUSE_WORDS = 8
_CLAUSE_BREAK_RE = re.compile(r"[.!?؟;\n]|[,،](?!\s*\d)")  # ("أيام 27, 28 و 30": one list of days)
_TOKEN_RE = re.compile(r"[^\W\d_]+")


def _is_future(norm: str, m: _Mention, prev_end: int) -> bool:
    """Is this mention a plan ('will be held on 3 June 2021', 'until 15 May', 'by 2030')?"""
    window = norm[max(prev_end, m.start - 80) : m.start]
    breaks = list(_CLAUSE_BREAK_RE.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    written = _TOKEN_RE.findall(window)[-_FUTURE_CLAUSE_WORDS:]
    words = [w.casefold() for w in written]
    for w in reversed(words):
        if w in _FUTURE_SKIP:
            continue
        if w in _FUTURE_RIGHT_BEFORE:
            return True
        break
    if any(w in _FUTURE_CLAUSE and not _first_name(written, k) for k, w in enumerate(words)):
        return True
    after = norm[m.end : m.end + 30]
    cut = _CLAUSE_BREAK_RE.search(after)
    following = _TOKEN_RE.findall(after[: cut.start()] if cut else after)[:2]
    return any(w.casefold() in _FUTURE_AFTER for w in following)


def _first_name(written: list[str], k: int) -> bool:
    """Is the k-th word the first name 'Will' ('Will Leitch / November 18, 2016'), not the auxiliary
    ('Will Britain vote on 3 June?')? A name: only capitalised words follow it up to the date."""
    rest = written[k + 1 :]
    return written[k] == "Will" and bool(rest) and all(w[:1].isupper() for w in rest)


# A full date that names when a document was issued ('the decree issued on 22 June 2015', 'المرسوم
# الصادر في 5 رمضان 1436 (22 يونيو 2015)', 'a letter dated 3 May') belongs to that document, which the
# article cites: it is a past reference, never the writing date.
_REFERENCE_WORDS = _words(
    "dated issued signed enacted promulgated ratified adopted "
    "الصادر الصادرة المؤرخ المؤرخة المؤرخين الموقع الموقعة المعتمد المعتمدة"
)
_REFERENCE_CLAUSE_WORDS = 6
# 'since it was announced on 30 March 2011', 'منذ الإعلان عنه رسميا في 30 مارس 2011': a date the text
# counts time from is behind the writing, by an unknown stretch, so a floor and never the date.
_SINCE_WORDS = _words("since منذ")


def _is_reference(norm: str, m: _Mention) -> bool:
    """Is this date a cited document's ('... الصادر في 5 رمضان 1436 (22 يونيو 2015)'), or the first end
    of a span ('from 3 October 1990 to November 1991')?"""
    window = norm[max(0, m.start - 60) : m.start]
    cut = list(re.finditer(r"[.!?؟;\n]\s", window))
    if cut:
        window = window[cut[-1].end() :]
    words = [w.casefold() for w in _TOKEN_RE.findall(window)][-_REFERENCE_CLAUSE_WORDS:]
    return any(w in _REFERENCE_WORDS or w in _SINCE_WORDS for w in words) or _opens_span(norm, m, words)


# 'from 3 October 1990 to November 1991', 'بين 3 أكتوبر 1990 وحتى نوفمبر 1991': the first end of a span is
# behind the writing (a floor), whatever the span's other end is.
_SPAN_FROM = _words("from between من بين")
_SPAN_TO = re.compile(
    r"\s{0,3}(?:-|–|—|to|until|till|through|and|إلى|الى|حتى|وحتى|ولغاية|و)\s{0,3}(?=\S)", re.IGNORECASE
)
_SPAN_FROM_WORDS = 3  # 'from' this close before the date


def _opens_span(norm: str, m: _Mention, words_before: list[str]) -> bool:
    if not any(w in _SPAN_FROM for w in words_before[-_SPAN_FROM_WORDS:]):
        return False
    to = _SPAN_TO.match(norm, m.end)
    return bool(to) and any(n.start == 0 for n in _mentions(norm[to.end() : to.end() + 40]))


# --------------------------------------------------------------------------------------------------
# Header lines
# --------------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+")
_MAX_HEADER_CHARS = 200
_MAX_HEADER_CONTENT_WORDS = 6  # 'Posted on April 6, 2020 by John Smith' has 2; prose has many more
_MAX_DATE_LINE_CONTENT_WORDS = 3
_MAX_LOWERCASE_WORDS = 2
_SENTENCE_END = (".", "!", "?", "؟")


def _content_words(norm: str) -> list[str]:
    """Words of two letters or more that are not date vocabulary (months, weekdays, 'Posted', 'on')."""
    out = []
    for w in _WORD_RE.findall(norm):
        low = w.casefold()
        if len(w) < 2 or low in _HEADER_VOCAB or low in _EN_MONTHS or w in _AR_MONTHS:
            continue
        out.append(w)
    return out


def _is_function_word(word: str) -> bool:
    low = word.casefold()
    if low in _EN_FUNCTION_WORDS or low in _AR_FUNCTION_WORDS:
        return True
    return low[:1] in ("و", "ف") and low[1:] in _AR_FUNCTION_WORDS  # 'وقال', 'فإن'


# '— Maya Gebeily (@GebeilyM) April 6, 2020' closes an embedded tweet: the tweet's date, not a dateline.
_TWEET_SIGNATURE_RE = re.compile(r"^\s*[—–-].*\(@\w+\)")


def _is_header_shaped(norm: str, max_content: int) -> bool:
    """The clear rule for 'a header line, not a sentence'.

    Counting only words that are not date vocabulary (months, weekdays, 'Posted', 'by', 'on', 'PM'):
    at most ``max_content`` of them, at most two in lower case (bylines are names; 'Last rocket attack on
    oil field was June 2019' is prose), fewer than two sentence function words ('was', 'said', 'التي'),
    not a period-terminated clause of three or more, at most 200 characters, and not the signature line
    of an embedded tweet.
    """
    stripped = norm.strip()
    if not stripped or len(stripped) > _MAX_HEADER_CHARS or _TWEET_SIGNATURE_RE.match(stripped):
        return False
    content = _content_words(stripped)
    if len(content) > max_content:
        return False
    if sum(1 for w in content if "a" <= w[0] <= "z") > _MAX_LOWERCASE_WORDS:
        return False
    if sum(1 for w in content if _is_function_word(w)) >= 2:
        return False
    return not (stripped.endswith(_SENTENCE_END) and len(content) >= 3)


def _header_value(norm: str, day_first: bool = False) -> tuple[tuple[str, str] | None, bool]:
    """First full date on the line, else the first month-year; yearless day-months are not enough.

    A planned date ('بحلول نهاية مارس 2026', 'until 15 May 2021': see :func:`_is_future`) is a standfirst
    or a notice, not a dateline, and is skipped; the second item says whether one was.
    """
    first_month: _Mention | None = None
    prev_end = 0
    planned = False
    for m in _mentions(norm, day_first):
        if m.kind in ("full", "month", "isomonth") and _is_future(norm, m, prev_end):
            prev_end = m.end
            planned = True
            continue
        prev_end = m.end
        if m.kind == "full":
            return (m.date().isoformat(), "day"), planned
        if m.kind in ("month", "isomonth") and first_month is None:
            first_month = m
    if first_month is not None:
        return (f"{first_month.year:04d}-{first_month.month:02d}", "month"), planned
    return None, planned


_HAS_YEAR_RE = re.compile(r"(?<![0-9])(?:19[0-9]{2}|20[0-9]{2}|2100)(?![0-9])")
_EN_MONTH_TOKEN_RE = re.compile(
    r"\b(?:" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],  # otherwise it invents the missing year or day
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_RESIDUE_RE = re.compile(r"[0-9]+(?:st|nd|rd|th)?|[^\W\d_]+|[,./:-]", re.IGNORECASE)
_DATEPARSER_WORDS = frozenset(_EN_MONTHS) | _EN_WEEKDAYS | {"of", "the", "am", "pm", "gmt", "utc"}


def _dateparser_fallback(norm: str) -> tuple[str, str] | None:
    """Let dateparser try a header line whose month and year we saw but could not arrange.

    Why: it knows more English arrangements ('April the 6th, 2020', '2020, April 6') than our patterns.
    Only the date-ish tokens are passed (so 'Posted ... by John' does not defeat strict parsing), English
    only, strict, all three parts required: dateparser never guesses a missing year here.
    """
    if not _HAS_YEAR_RE.search(norm):
        return None
    if not any(_month_number(m.group()) for m in _EN_MONTH_TOKEN_RE.finditer(norm)):
        return None  # no month we trust ('may' in lower case is a verb)
    residue = " ".join(
        t for t in _RESIDUE_RE.findall(norm) if not t[0].isalpha() or t.casefold() in _DATEPARSER_WORDS
    )
    if not residue.strip():
        return None
    try:
        import dateparser  # imported lazily: it costs a noticeable fraction of a second

        parsed = dateparser.parse(residue, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # a third-party parser must never break ingestion
        return None
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.date().isoformat(), "day"


# A "last updated" / "modified" / crawl stamp says when the page changed or was saved, not when the
# article was published.  English markers may be glued to a time zone by copy-paste ('ESTUpdated').
# Arabic markers are written normalised (alef forms bare, see _normalise); a bare 'تحديث' counts only
# when a colon or 'في'/'بتاريخ' follows it, since it is also an ordinary word ('modernisation').
_UPDATE_RE = re.compile(
    r"(?<![A-Za-z])(?i:last\s{0,3}(?:updated?|modified)|updated?|modified|retrieved|accessed|archived"
    r"|crawled|fetched|scraped|downloaded|captured)(?![A-Za-z])"
    r"|(?<=[A-Z])(?:Last\s{0,3})?(?:Updated?|UPDATED?|Modified)(?![a-z])"
    r"|(?<![^\W\d_])(?:اخر\s{1,3}(?:تحديث|تعديل)|تاريخ\s{1,3}ال(?:تحديث|تعديل)|ال(?:تحديث|تعديل)\s{1,3}الاخير"
    r"|تم\s{1,3}(?:ال)?(?:تحديث|تعديل)|(?:ال)?(?:تحديث|تعديل)(?=\s{0,3}:|\s{1,3}(?:في|بتاريخ)(?![^\W\d_])))"
    r"(?![^\W\d_])"
)
# What ends an update clause on a line that holds both ('Updated 5 March 2020, first published 3 March').
_PUBLISH_RE = re.compile(
    r"(?<![A-Za-z])(?i:(?:first\s{1,3}|originally\s{1,3})?(?:published|posted))(?![A-Za-z])"
    r"|(?<![^\W\d_])(?:تاريخ\s{1,3}النشر|نشر|نشرت|ن[\u064B-\u0652]شر)(?![^\W\d_])"
)
_TIME_RE = re.compile(r"(?<![0-9])[0-2]?[0-9][:.][0-5][0-9](?![0-9])")

# Relative dates ('6 hours ago', 'منذ 3 ساعات', 'Yesterday') are relative to a moment nobody recorded.
# Strong forms name an amount of time; weak forms ('Yesterday', 'اليوم') are also ordinary words, so
# they count only on a line that holds nothing else but date vocabulary.
_REL_STRONG_RE = re.compile(
    r"(?<![A-Za-z0-9])(?i:(?:[0-9]{1,3}\s{0,3}|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|few|several|a\s{1,3}few)\s{1,3})(?:seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?"
    r"|wks?|w|months?|mos?|years?|yrs?|y)\s{1,3}ago)(?![A-Za-z])"
    r"|(?<![^\W\d_])(?:منذ|قبل)\s{1,3}(?:(?:[0-9]{1,3}|بضع|بضعة|عدة)\s{1,3})?(?:ثانية|ثوان|ثواني|دقيقة"
    r"|دقيقتين|دقائق|ساعة|ساعتين|ساعات|يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر|شهور|سنة"
    r"|سنتين|سنوات|عام|عامين|اعوام)(?![^\W\d_])(?!\s{0,3}[0-9])"  # 'منذ عام 2003' is 'since 2003'
)
_REL_WEAK_RE = re.compile(
    r"(?<![A-Za-z])(?i:yesterday|today|just\s{1,3}now)(?![A-Za-z])"
    r"|(?<![^\W\d_])(?:امس|الامس|البارحة|اليوم)(?![^\W\d_])"
)
_MAX_RELATIVE_CONTENT_WORDS = 3  # 'By Jane Doe · 35 mins ago'

# Literal pieces every match of the regexes above contains (lower-cased for English): plain substring
# tests on these skip the regexes, whose leading look-behinds cost several microseconds a line, on the
# vast majority of lines.  Keep them in step with the regexes.
_UPDATE_HINTS = (
    "updat", "modified", "retrieved", "accessed", "archived", "crawled", "fetched", "scraped", "downloaded",
    "captured", "تحديث", "تعديل",
)
_REL_STRONG_HINTS = ("ago", "منذ", "قبل")
_REL_WEAK_HINTS = ("yesterday", "today", "just", "امس", "البارحة", "اليوم")


def _hinted(low: str, hints: tuple[str, ...]) -> bool:
    return any(map(low.__contains__, hints))  # no generator frame: this runs on every line


def _update_search(norm: str, low: str, pos: int = 0) -> re.Match[str] | None:
    return _UPDATE_RE.search(norm, pos) if _hinted(low, _UPDATE_HINTS) else None


def _split_update(norm: str) -> tuple[str, str]:
    """(publication part, update part) of a header line, both as long as ``norm`` (the rest blanked).

    An update clause runs from its marker to the next publication marker or the end of the line, so
    'Saturday, 04 April 2020 [ Last Update: Sunday, 05 April 2020 ]' keeps the 4th and
    'Updated 5 March 2020, first published 3 March 2020' keeps the 3rd.
    """
    m = _update_search(norm, norm.lower())
    if m is None:
        return norm, " " * len(norm)
    pub: list[str] = []
    upd: list[str] = []
    pos = 0
    while m is not None:
        pub.append(norm[pos : m.start()])
        upd.append(" " * (m.start() - pos))
        p = _PUBLISH_RE.search(norm, m.end())
        stop = p.start() if p else len(norm)
        pub.append(" " * (stop - m.start()))
        upd.append(norm[m.start() : stop])
        pos = stop
        m = _UPDATE_RE.search(norm, pos)
    pub.append(norm[pos:])
    upd.append(" " * (len(norm) - pos))
    return "".join(pub), "".join(upd)


# The dates a site prints when its date field is empty: the clock's zero ("1 January 1970", Unix time 0)
PLACEHOLDER_DATES = frozenset({"1970-01-01", "1900-01-01"})


def _line_value(norm: str, day_first: bool = False) -> tuple[str, str] | None:
    value, planned = _header_value(norm, day_first)
    if value is None and not planned:
        value = _dateparser_fallback(norm)  # (never to bring back a date set aside as planned)
    return None if value is not None and value[0] in PLACEHOLDER_DATES else value


def _relative_match(norm: str, low: str) -> tuple[re.Match[str] | None, bool]:
    """The first relative-date match, strong forms first, and whether it is a strong one."""
    if _hinted(low, _REL_STRONG_HINTS) and (m := _REL_STRONG_RE.search(norm)):
        return m, True
    if _hinted(low, _REL_WEAK_HINTS):
        return _REL_WEAK_RE.search(norm), False
    return None, False


def _relative_span(norm: str) -> tuple[int, int] | None:
    """Span of a relative date on a short line that is about nothing else ('By Jane Doe · 2 hours ago')."""
    m, strong = _relative_match(norm, norm.lower())
    if m is None:
        return None
    limit = _MAX_RELATIVE_CONTENT_WORDS if strong else 0
    s, e = m.span()
    # the span is replaced by digits (no words, still not blank) before the shape test
    masked = norm[:s] + "0" * (e - s) + norm[e:]
    return (s, e) if _is_header_shaped(masked, limit) else None


def parse_header_date(line: str, day_first: bool = False) -> tuple[str, str] | None:
    """A publication date written as a header/dateline/byline line, as ``(value, precision)``.

    ``value`` is ``YYYY-MM-DD`` ('day') or ``YYYY-MM`` ('month'); None when the line is not a short
    header-shaped line (see :func:`_is_header_shaped`) or holds no date with a year.  The *first* date
    wins.  Update/modified/crawl clauses are ignored (see :func:`is_update_line`), so 'Last updated Jan
    12, 2023' gives None while 'Published 3 March 2020, Updated 5 March 2020' gives the 3rd.  A day and
    month without a year ('April 6') and a relative date ('6 hours ago') give None: the year or day would
    be invented.  An all-numeric date whose order is ambiguous on an English line ('03/04/2019') gives
    None too (see :func:`_numeric_order`), unless ``day_first`` says the line heads an Arabic article
    ('5-8-2019' is 5 August there).  Years outside 1900..2100 are refused.
    """
    if len(line) > 2 * _MAX_HEADER_CHARS:
        return None  # cheap early exit before normalising a paragraph
    norm = _normalise(line)
    if not _is_header_shaped(norm, _MAX_HEADER_CONTENT_WORDS):
        # "Published February 24, 2020Last updated July 21, 2022This article is more than 2 years
        # old.": a wrapped dump glued the dateline to a notice; its publication clause still dates it.
        if _update_search(norm, norm.lower()) is None:
            return None
        first = _split_update(norm)[0]
        return _line_value(first, day_first) if _is_header_shaped(first, _MAX_HEADER_CONTENT_WORDS) else None
    value = _line_value(norm, day_first)
    if value is None or _update_search(norm, norm.lower()) is None:
        return value  # most lines: no date at all, or no update clause to set aside
    return _line_value(_split_update(norm)[0], day_first)


_SETTLE_DAYS = 31  # how long before a reading of an ambiguous date another date of the article may be


def settle_day_month(day_first: str, text: str) -> tuple[str, str] | None:
    """Which reading of an all-numeric header date ('06/01/2026': 6 January or 1 June) the article's
    own text bears out, as ``(value, the date that settles it)``, or None.

    ``day_first`` is the day-first reading's value.  A reading is borne out when a full date written in
    ``text`` (the article's, never another's) falls on it or in the month before it: an article
    reports what happened that day or shortly before ("— Kaitlan Collins (@kaitlancollins) November 2,
    2023" under "02/11/2023 02:00pm GMT").  Only when exactly one reading is: otherwise the date
    stays unknown.
    """
    first = _dt.date.fromisoformat(day_first)
    if first.day > 12:
        return None
    readings = [first, _dt.date(first.year, first.day, first.month)]
    norm = _normalise(text)
    fulls = [m for m in _mentions(norm) if m.kind == "full"]
    near = [
        (r, m) for r in readings for m in fulls
        if r - _dt.timedelta(days=_SETTLE_DAYS) <= m.date() <= r
    ]
    if len({r for r, _ in near}) != 1:
        return None
    reading, m = near[0]
    return reading.isoformat(), _quote(text, m.start, m.end)


_ADDRESS_DATE = re.compile(
    r"/((?:19|20)\d{2})([/-])(0?[1-9]|1[0-2])(?:\2(0?[1-9]|[12]\d|3[01]))?(?=[/\-_.?#]|$)"
)


_SLUG_TIMESTAMP = re.compile(
    r"^(?:\d{1,9}-)?((?:19|20)\d{2})(-)(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])-\d{1,2}-\d{2}(?:-\d{2})?\b"
)


_SHORT_STAMP = re.compile(r"/?(\d{2})(\d{2})(\d{2})(?!\d)")


def address_date(url: str) -> tuple[str, str] | None:
    """The date a news site or blog writes into a page's address (``/2018/09/21/``, ``/2011/10/``,
    ``/2020-06-03-1.38``), as ``(value, precision)``.

    Publishers set it when the article is published and never change it, so it outranks a date line
    that may be the site's masthead ("today is ...") or an update; a scraper keeps it as the page's
    address above the page's text.
    """
    path = url.split("://", 1)[-1].partition("/")[2]
    slug = path.rstrip("/").rpartition("/")[2]
    # A CMS that names pages by their creation time ("/2014-04-04-19-52-20/news/66666-2025-02-20-19-20-04
    # .html": the section's alias, then the article's id and alias) dates the page in its own slug.
    stamped = _SLUG_TIMESTAMP.match(slug)
    m = stamped or _ADDRESS_DATE.search("/" + path)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(3)), m.group(4)
    short = None if day or stamped else _SHORT_STAMP.match(("/" + path)[m.end() :])
    if short and int(short.group(1)) == year % 100 and int(short.group(2)) == month:
        day = short.group(3)  # "/2015/08/150803-gender-bias-…": the page's name opens with that month's day
    if year > _dt.date.today().year + 1:
        return None
    if day and _valid(year, month, int(day)):
        return f"{year:04d}-{month:02d}-{int(day):02d}", "day"
    return f"{year:04d}-{month:02d}", "month"


def update_stamp(line: str) -> str | None:
    """The date an update line gives ('Updated: April 07, 2020' -> '2020-04-07'), or None.

    Not the article's date, but a bound on it: the article existed when it was updated.
    """
    if not is_update_line(line):
        return None
    value = _line_value(_split_update(_normalise(line))[1])
    return value[0] if value else None


# The Hijri months, each followed by a Hijri year ('16 شعبان 1447', 'ذو الحجة 1444هـ').
_HIJRI_DATE = re.compile(
    r"(?<![^\W\d_])(?:محرم|صفر|ربيع\s(?:الأول|الاول|الآخر|الاخر|الثاني)|جمادى\s(?:الأولى|الاولى|الآخرة|الاخرة|الثانية)"
    r"|رجب|شعبان|رمضان|شوال|ذو\sالقعدة|ذي\sالقعدة|ذو\sالحجة|ذي\sالحجة)\s{1,3}1[34][0-9]{2}(?![0-9])"
)


def is_two_calendar_clock(line: str) -> bool:
    """Does this line give one day in both calendars ('الأربعاء 16 شعبان 1447 / 4 فبراير 2026')?

    Above a headline that is a site's "today" widget in its masthead, not when the article was written;
    but a newspaper's issue line ("العدد 2985 - الأحد 07 نوفمبر 2010م الموافق 01 ذي الحجة 1431هـ") is
    the day that issue, and its articles, came out.
    """
    norm = _normalise(line)
    if _ISSUE_LINE.match(norm):
        return False
    return bool(_HIJRI_DATE.search(norm)) and parse_header_date(line) is not None


_ISSUE_LINE = re.compile(r"\s*(?:العدد|issue|no\.)\s*:?\s*[0-9]+\b", re.IGNORECASE)


def is_issue_line(line: str) -> bool:
    """Is this a newspaper's issue line with its date ("العدد : 12540 - الاثنين 23 يوليو 2012")? The day
    that issue came out is the day of every article printed under it."""
    return bool(_ISSUE_LINE.match(_normalise(line))) and parse_header_date(line) is not None


def is_update_line(line: str) -> bool:
    """True for a header line that states only when the page was updated, modified or retrieved.

    ('آخر تحديث: الخميس 12 يناير 2023', 'Last updated Jan 12, 2023', 'Updated 2 hours ago', a bare
    'Last updated:' label.)  Such a line is page furniture: :func:`parse_header_date` gives None for it
    and it must not date the article.  A line that also holds the publication date ('Published 3 March
    2020, Updated 5 March 2020') is False: it is the article's date line.  A headline that merely
    contains the word ('Apple releases a software update') is False: the update clause must state a
    date, a time or a relative date, or the line must be nothing but the label.
    """
    if not line or len(line) > 2 * _MAX_HEADER_CHARS:
        return False
    norm = _normalise(line)
    if _update_search(norm, norm.lower()) is None or not _is_header_shaped(norm, _MAX_HEADER_CONTENT_WORDS):
        return False
    pub, upd = _split_update(norm)
    if _line_value(pub) is not None:
        return False
    if not _content_words(norm):
        return True  # 'Last updated:' / 'آخر تحديث' alone
    return bool(
        any(m.kind != "year" for m in _mentions(upd))
        or _TIME_RE.search(upd)
        or _REL_STRONG_RE.search(upd)
        or _REL_WEAK_RE.search(upd)
    )


def relative_date_evidence(line: str) -> str | None:
    """Evidence such as 'relative date only: "6 hours ago"' for a header line whose only date is relative.

    ('6 hours ago', 'By Jane Doe · 35 mins ago', 'منذ 3 ساعات', 'منذ يومين', 'Yesterday at 10:32 PM',
    'أمس'.)  Such a line gives no date (nobody recorded when 'now' was); the caller can show this string
    as the reason.  None when the line holds an absolute publication date, when the relative date belongs
    to an update clause ('Updated 2 hours ago': see :func:`is_update_line`), or when the line is running
    text rather than a date line.  The quote is the original wording (digits as written).
    """
    if not line or len(line) > 2 * _MAX_HEADER_CHARS:
        return None
    norm = _normalise(line)
    if _relative_match(norm, norm.lower())[0] is None:
        return None  # the cheap common case
    pub = _split_update(norm)[0]
    if not pub.strip() or _line_value(pub) is not None:
        return None
    span = _relative_span(pub)
    if span is None:
        return None
    return f'relative date only: "{_quote(line, span[0], span[1])}"'


def is_bare_stamp(text: str) -> bool:
    """A whole dated stamp and nothing else ("13 تموز 2020 12:02ص", "Monday, 13 July 2020"): no word
    but date vocabulary, and a day-precise date."""
    norm = _normalise(text)
    found = parse_header_date(text)
    return found is not None and found[1] == "day" and not _content_words(norm)


def looks_like_date_line(line: str) -> bool:
    """True for a short line that is mainly a date ('Thursday 2 January 2020 - 09:09', a dated byline).

    Stricter than :func:`parse_header_date`: at most three words besides date vocabulary.  Also True,
    although they cannot date the article, for a line holding only a weekday/day/month without year
    ('Sunday 29th December'), an all-numeric date of unknown order ('03/04/2019'), a relative date ('6
    hours ago', 'منذ ساعة'), and a pure update line ('Last updated Jan 12, 2023', 'Last updated:'): they
    are date lines, never headlines.  Use :func:`is_update_line` and :func:`relative_date_evidence` to
    tell those apart.
    """
    if len(line) > 2 * _MAX_HEADER_CHARS:
        return False
    norm = _normalise(line)
    if not _is_header_shaped(norm, _MAX_DATE_LINE_CONTENT_WORDS):
        return _update_search(norm, norm.lower()) is not None and parse_header_date(line) is not None
    if _line_value(norm):
        return True
    low = norm.lower()
    if _relative_match(norm, low)[0] is not None and _relative_span(norm) is not None:
        return True
    if _update_search(norm, low) and not _content_words(norm):
        return True  # a bare 'Last updated:' label
    if any(m.kind in ("daymonth", "numyear") for m in _mentions(norm)):
        return not _content_words(norm)
    return False


# --------------------------------------------------------------------------------------------------
# Body inference
# --------------------------------------------------------------------------------------------------

# A bare year right after these words is history being recalled ('since 2021', 'عام 2003'), not the
# year the article was written, so it is never used to complete a yearless 'April 5'.
_PAST_MARKERS = _words(
    "since in back until till before after from between and during of year by to "
    "منذ في عام العام سنة بين حتى قبل بعد من خلال و"
)
_PREV_WORD_RE = re.compile(r"(\S+)\s*$")
_NEXT_WORD_RE = re.compile(r"\s*([^\W\d_]+)")
# A year that names a thing ("Budget 2020", "the 2022 World Cup", "رؤية 2030", "موازنة 2020") says
# nothing about when the text was written.
_NAMING_WORDS = _words(
    "budget budgets plan vision strategy agenda election elections census cup expo olympics games season "
    "fiscal class edition summit model series "
    "موازنة ميزانية رؤية خطة استراتيجية استراتيجيه أجندة اجندة انتخابات كأس كاس مونديال أولمبياد اولمبياد "
    "إكسبو اكسبو تعداد موسم دورة festival festivals مهرجان"
)
NAME_REACH = 3  # words before a year where its name may start ("مهرجان صفاقس الدولي 2013")
_CLITICS = re.compile(r"^(?:[وفبل]?ال|[وفبل]?لل|[وفبل])(?=\w{3})")


def _previous_token(norm: str, start: int) -> tuple[str, int]:
    """The token just before ``start`` and where it begins ('و' of 'و2011', 'Since' of 'Since 2021')."""
    m = _PREV_WORD_RE.search(norm, max(0, start - 30), start)
    return (m.group(1), m.start(1)) if m else ("", start)


def _names_a_thing(norm: str, m: _Mention) -> bool:
    """Is this year part of a name ("Budget 2020", "2020 elections", "لموازنة 2020")?"""
    after = _NEXT_WORD_RE.match(norm, m.end)
    if after and _naming(after.group(1).casefold()):
        return True
    # The name may be a few words long ("Sfax International Festival 2013", "مهرجان صفاقس الدولي
    # 2013"); "in", "since", "عام" between the word and the year make it a date of that thing.
    before = norm[max(0, m.start - 80) : m.start].split()[-NAME_REACH:]
    for word in reversed(before):
        word = word.casefold().strip("\"'“”«»()")
        if _naming(word):
            return True
        if word in _PAST_MARKERS or _CLITICS.sub("", word) in _PAST_MARKERS:
            return False
    return False


def _naming(word: str) -> bool:
    return bool(word) and (word in _NAMING_WORDS or _CLITICS.sub("", word) in _NAMING_WORDS)


def _year_quote(text: str, norm: str, m: _Mention) -> str:
    """'Since 2021': the year with the word before it, as written."""
    return _quote(text, _previous_token(norm, m.start)[1], m.end)


def _none(evidence: str, not_before: int | None) -> DateInfo:
    return DateInfo(None, None, "none", evidence, str(not_before) if not_before is not None else None)


def _floor_note(latest_year: int | None) -> str:
    return f"; not before {latest_year}" if latest_year is not None else ""


# An embedded tweet's signature ('— Name (@handle) March 3, 2020', 'pic.twitter.com/...') or a photo
# caption ('... on Oct. 21, 2023. Photo: ... via Getty Images') dates the tweet or the photo, which is
# often older than the article: such dates are used only when the text offers no other full date.
_TWEET_RE = re.compile(r"\(@\w{1,30}\)|pic\.twitter\.com|(?:twitter|x)\.com/\w{1,30}/status", re.IGNORECASE)
_CAPTION_RE = re.compile(
    r"Getty\s{0,3}Images|AP\s{0,3}Photo|AFP\s{0,3}(?:PHOTO|via)|/AFP|Reuters/|\(Photo|Photo\s{0,3}(?:by|credit)"
    r"|Photo\s{0,3}:|Photograph\s{0,3}:|Image\s{0,3}(?:credit|:)|Credit\s{0,3}:|File\s{0,3}photo"
    r"|صورة\s{0,3}:|\(صورة|صورة\s{1,3}ارشيفية|ارشيفية\)|\bvia\s(?:AP|AFP|Reuters|Getty)\b",
    re.IGNORECASE,
)
_EMBED_WINDOW = 300  # characters searched either side of a date for tweet/caption markers


_CAPTION_LINES = 4  # wrapped lines a caption may run on after its date
_LINE_END_PUNCT = ".!?؟\"”'»"


def credits_a_photo(line: str) -> bool:
    """Does the line credit a photo ('Dec. 21, 2025. (AP Photo/Matias Delacroix)')? Its date is the
    photo's, not the article's."""
    return _CAPTION_RE.search(line) is not None


def _embedded_in(norm: str, m: _Mention) -> str | None:
    """'an embedded tweet' / 'a photo caption' when the date belongs to one, else None."""
    lo = max(0, m.start - _EMBED_WINDOW)
    nl = norm.rfind("\n", lo, m.start)
    before = norm[nl + 1 if nl >= 0 else lo : m.start]
    if _TWEET_RE.search(before):
        return "an embedded tweet"
    # A caption runs from its date to its credit, over wrapped lines that do not end a sentence.
    limit = min(len(norm), m.end + _EMBED_WINDOW)
    pos = m.end
    for _ in range(_CAPTION_LINES):
        nl = norm.find("\n", pos, limit)
        if nl < 0:
            pos = limit
            break
        tail = norm[pos:nl].rstrip()
        pos = nl
        if not tail or tail[-1] in _LINE_END_PUNCT:
            break
        pos = nl + 1
    if _CAPTION_RE.search(before) or _CAPTION_RE.search(norm, m.end, pos):
        return "a photo caption"
    return None


ITEM_STAMPS = 2  # dated header lines inside one text that make it a list of items


def _line_of(norm: str, m: _Mention) -> tuple[int, str]:
    """(where it starts, the line) of the line a date is written on."""
    lo = norm.rfind("\n", 0, m.start) + 1
    hi = norm.find("\n", m.end)
    return lo, norm[lo : hi if hi >= 0 else len(norm)]


def _in_update(line: str, lo: int, m: _Mention) -> bool:
    """Is the date in its line's "last updated" part (the page's own update, not its date)?"""
    return bool(_split_update(line)[1][m.start - lo : m.end - lo].strip())


def _item_stamps(norm: str, fulls: list[_Mention]) -> list[_Mention]:
    """Full dates standing on header-shaped lines of their own ('Blog entry by Ann | 28 April, 2017')
    inside the text, when two or more such lines give different dates: each stamps an item of a
    list (teasers, comments, entries), and none of them is when the page itself was written."""
    stamped: list[_Mention] = []
    for m in fulls:
        lo, line = _line_of(norm, m)
        if _in_update(line, lo, m):
            continue  # 'آخر تحديث 16-11-2022' under 'نشر في 17-11-2022': the page's own update, no item
        if _is_header_shaped(line, _MAX_HEADER_CONTENT_WORDS):
            stamped.append(m)
    return stamped if len({m.date() for m in stamped}) >= ITEM_STAMPS else []


def infer_body_date(text: str, context_years: Sequence[int] = (), *, stated_only: bool = False) -> DateInfo:
    """Date of an undated article from its body, with precision and evidence that can be checked.

    Only the text given is read: ``context_years`` is accepted for compatibility and ignored (a year
    taken from another article of the same file was wrong too often).  Rules, in order (why: a news
    article is written at or after the latest event it reports, but a year is never invented and a
    recalled past month is never taken as the writing date):

    0. Dates announced as plans ('will be held on 3 June 2021', 'until 15 May', 'by 2030', 'حتى',
       'سوف', '... المقبل') are set aside: the article was written before them, so they are neither its
       date nor a floor.  Full dates in an embedded tweet's signature or a photo caption are used only
       when no other full date is written, and only with a yearless day-month of the text itself
       ("April 6th" over a tweet of "April 6, 2020"): alone, the tweet or the photo may be of any day
       before the article, so they are a floor.
    1. Full dates written in the text ('April 6, 2020', '28/3/2020', '14 آذار 2020', ISO): the latest
       one, D.  Yearless day-months ('On April 5') read in D's year that fall after D, by at most half a
       year, move the date forward to the latest of them (a mention further ahead, such as '27 December'
       next to 'January 3, 2020', is more likely last year's).
    2. Only yearless day-months: they are read in the only year written in the text when it is not a past
       reference ('since 2021', 'In November 2016', 'عام 2003').  If a later year is mentioned, the years
       are ambiguous, or the mentions span more than half a year (a new year in between), no day is given.
    3. Otherwise no date: ``source='none'`` and ``not_before`` is the latest year mentioned, with the
       reason in ``evidence`` (e.g. 'only a past reference: "November 2016" (not when it was written)').

    With ``stated_only`` (an article's text, whose header gave no date), only a date the text *states*
    as its own is taken: one called today, one on a date line or byline below the header (see
    :func:`_is_stated`), or a digest's day in its headline ('main news for Tuesday, May 24, 2022').
    Dates inside sentences ('On July 31, 2019, senators submitted …', 'من 21 جويلية إلى 19 أوت 2025')
    are of the events it reports: the article is then undated, with them as evidence and a floor.
    Measured on the eleven labelled real-world sets developed on: the rules above dated 13 articles whose
    page states no date; each of the 23 they dated rightly had its date on such a line or called today.
    """
    del context_years  # kept in the signature for callers; never used (see above)
    norm = _normalise(text)
    fulls: list[_Mention] = []
    embedded: list[tuple[_Mention, str]] = []
    daymonths: list[_Mention] = []
    months: list[_Mention] = []
    bare_years: list[_Mention] = []
    future: list[_Mention] = []
    prev_end = 0
    for m in _mentions(norm):
        is_future = m.kind != "isomonth" and _is_future(norm, m, prev_end)
        prev_end = m.end
        if is_future:
            future.append(m)
        elif m.kind == "full" and m.date().isoformat() in PLACEHOLDER_DATES:
            continue  # an empty date field printed as the clock's zero: no date at all
        elif m.kind == "full" and _is_reference(norm, m) and not _said_to_be_issued(norm, m):
            months.append(m)  # a cited document's date: a past reference, and a floor
        elif m.kind == "full":
            where = _embedded_in(norm, m)
            if where is None:
                fulls.append(m)
            else:
                embedded.append((m, where))
        elif m.kind == "daymonth":
            daymonths.append(m)
        elif m.kind == "month":
            months.append(m)
        elif m.kind in ("year", "numyear") and not _names_a_thing(norm, m):
            bare_years.append(m)  # (a year in a name, "Budget 2020", dates nothing and bounds nothing)
        # 'isomonth' ('2019-12') is too often a year range in prose to count as a date

    if today := next((m for m in fulls if _said_to_be_today(norm, m)), None):
        # "انطلقت اليوم الإثنين 30 جوان 2025 …", "today, Monday 30 June 2025": the day it was written
        return DateInfo(today.date().isoformat(), "day", "body",
                        f'the text calls it today: "{_quote(text, today.start, today.end)}"')
    if issued := next((m for m in fulls if _said_to_be_issued(norm, m)), None):
        # "The press release issued by 10 Downing Street on 10 September 2022.": its own day, at its top
        return DateInfo(issued.date().isoformat(), "day", "body",
                        f'the text says when it was issued: "{_quote(text, issued.start, issued.end)}"')
    stamps = _item_stamps(norm, fulls)
    if stamps:
        fulls = [m for m in fulls if m not in stamps]
        months.extend(stamps)  # each dates a listed item; the page is not older than them
    all_years = [m.year for m in (*fulls, *(e for e, _ in embedded), *months, *bare_years) if m.year]
    latest_year = max(all_years) if all_years else None
    if stamps and not fulls and not embedded:
        return _none(
            f"only the dates of listed items: {_quotes(text, stamps)} (teasers or comments, not when the "
            f"page was written){_floor_note(latest_year)}",
            latest_year,
        )
    if stated_only:
        stated = [m for m in fulls if _is_stated(norm, m)]
        if stated:
            return _from_full_dates(text, stated, [])
    info = _from_mentions(text, norm, fulls, embedded, daymonths, months, bare_years, future, latest_year)
    if stated_only and info.value is not None:
        # What the text reports happened on a day: the article was written that day or later.
        return DateInfo(None, None, "none", f"no date line; {info.evidence}: what it reports, not when it "
                        f"was written, so not before {info.value}", info.value)
    return info


def _from_mentions(
    text: str,
    norm: str,
    fulls: list[_Mention],
    embedded: list[tuple[_Mention, str]],
    daymonths: list[_Mention],
    months: list[_Mention],
    bare_years: list[_Mention],
    future: list[_Mention],
    latest_year: int | None,
) -> DateInfo:
    """Rules 1-3 of :func:`infer_body_date` over the mentions it sorted."""
    if fulls:
        return _from_full_dates(text, fulls, daymonths)
    if embedded:
        latest, where = max(embedded, key=lambda t: (t[0].date(), -t[0].start))
        if daymonths:  # "In the early hours of April 6th, …" over a tweet of "April 6, 2020": its year
            return _from_full_dates(text, [latest], daymonths, f" (in {where})")
        # Alone, a tweet quoted or a photo shown may be of any day before the article: a floor only.
        return _none(f"only the date of {where}: {_quotes(text, [latest])} (not when it was written)",
                     latest_year)
    if daymonths:
        return _from_day_months(text, norm, daymonths, months, bare_years, latest_year)
    if months:
        plural = len({_quote(text, m.start, m.end) for m in months}) > 1
        label = "only past references" if plural else "only a past reference"
        return _none(f"{label}: {_quotes(text, months)} (not when it was written)", latest_year)
    if bare_years:
        latest = max(bare_years, key=lambda m: (m.year or 0, -m.start))
        distinct = ", ".join(str(y) for y in sorted({m.year for m in bare_years if m.year})[-5:])
        return _none(
            f'no date; mentions {distinct} ("{_year_quote(text, norm, latest)}"), '
            f"so not before {latest.year}",
            latest.year,
        )
    if future:
        shown = ", ".join(
            dict.fromkeys(
                f'"{_year_quote(text, norm, m) if m.kind == "year" else _quote(text, m.start, m.end)}"'
                for m in future
            )
        )
        return _none(f"only future dates mentioned: {shown} (not when it was written)", None)
    return _none("no date found in the text", None)


# A date line: a date standing on a short header-shaped line of its own, after a publication word
# ('تاريخ النشر'), or opening a paragraph as a dateline ('PALO ALTO, Calif., April 25, 2016 /PRNewswire/
# --', 'السويق في 7 يناير 2026 /العُمانية/', 'سوهاج أحمد عبد العال الخميس، 15 مايو 2025 06:00 ص وسط …').
# A headline's date counts only as a digest's day ('KUNA main news for Tuesday, May 24, 2022', 'عناوين
# الصحف ليوم الأربعاء 24-06-2020'): '15/7/2010 يوم لا ينساه سكان الطائف' recalls a day.
_DATELINE_TAIL_RE = re.compile(
    r"\s{0,3}(?:[,،]\s{0,3})?(?:(?:at\s{1,3})?[0-2]?[0-9][:.][0-5][0-9](?![0-9])|[-–—]{1,2}\s"
    r"|/\s{0,2}[A-Z][A-Za-z ]{1,30}/|\([A-Za-z ]{2,20}\)\s{0,3}[-–—]"
    r"|/\s{0,2}[\u0621-\u064a][\u0621-\u065f\u0670 ]{1,30}/|\([\u0621-\u065f\u0670 ]{2,20}\)\s{0,3}[-–—])"
)  # (an Arabic agency the same ways: "مسقط في 7 يناير 2026 /العمانية/", "الكويت 5 يناير 2026 (كونا) --")
_DATELINE_LEAD_CHARS = 80  # how far into its paragraph a dateline's date may stand
_DIGEST_WORDS = _words("for ليوم لليوم")


def _is_stated(norm: str, m: _Mention) -> bool:
    """Is this full date written as the text's own date rather than inside a sentence (see above)?"""
    lo, line = _line_of(norm, m)
    if lo == 0:
        return _called_before(norm, m, _DIGEST_WORDS)
    if _in_update(line, lo, m):
        return False  # 'Last updated Nov 8, 2023'
    if _is_header_shaped(line, _MAX_HEADER_CONTENT_WORDS) or _published_right_before(line, m.start - lo):
        return True
    return m.start - lo <= _DATELINE_LEAD_CHARS and _DATELINE_TAIL_RE.match(norm, m.end) is not None


_CLOCK_WORDS = _words("am pm at on ص م الساعة بتاريخ في")


def _published_right_before(line: str, at: int) -> bool:
    """'تاريخ النشر 08:51 19-01-2026', 'Posted: 3 May 2021': a publication word with at most a time or a
    weekday between it and the date.  'نشرت وزارة الأوقاف موضوع خطبة الجمعة … 22 أبريل' is a sentence."""
    cue = next(reversed([*_PUBLISH_RE.finditer(line, 0, at)]), None)  # the last one before the date
    if cue is None:
        return False
    between = [w.casefold() for w in _TOKEN_RE.findall(line, cue.end(), at)]
    return all(w in _TODAY_SKIP or w in _CLOCK_WORDS for w in between)


_TODAY = _words("today tonight اليوم الليلة")
_TODAY_SKIP = _EN_WEEKDAYS | _words(
    "on this the السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة يوم"
)


def _said_to_be_today(norm: str, m: _Mention) -> bool:
    """Is the date written as today's ("اليوم الإثنين 30 جوان 2025", "today, Monday 30 June 2025")?"""
    return _called_before(norm, m, _TODAY)


# "… issued by 10 Downing Street on", "This statement was published on", "صدر البيان بتاريخ"
_ISSUED_ON = re.compile(
    r"\b(?:issued|published|released|posted|distributed)(?:\s+by\s+[^.\n]{1,70}?)?\s+on\s*$"
    r"|(?:صدر|صدرت|الصادر|الصادرة|نشر|نُشر|نشرت)(?:\s+[^.\n]{1,40}?)?\s+(?:بتاريخ|في تاريخ)\s*$",
    re.IGNORECASE,
)
ISSUED_REACH = 300  # characters from the text's top: a release says when it was issued before its story


def _said_to_be_issued(norm: str, m: _Mention) -> bool:
    """Does the text open by saying the date it was issued or published on?"""
    return m.start <= ISSUED_REACH and bool(_ISSUED_ON.search(norm[max(0, m.start - 100) : m.start]))


def _called_before(norm: str, m: _Mention, words: frozenset[str]) -> bool:
    """Is one of ``words`` the word right before the date, weekdays and 'on the' aside ('today,
    Monday 30 June 2025', 'news for Tuesday, May 24, 2022')?"""
    window = norm[max(0, m.start - 40) : m.start]
    for w in reversed([w.casefold() for w in _TOKEN_RE.findall(window)][-4:]):
        if w in words:
            return True
        if w not in _TODAY_SKIP:
            return False
    return False


def _from_full_dates(
    text: str, fulls: list[_Mention], daymonths: list[_Mention], where: str = ""
) -> DateInfo:
    """Rule 1: the latest full date, possibly moved forward by later yearless mentions in its year."""
    latest = max(fulls, key=lambda m: (m.date(), -m.start))
    d = latest.date()
    later: list[tuple[_dt.date, _Mention]] = []
    for m in daymonths:
        assert m.month is not None and m.day is not None
        if not _valid(d.year, m.month, m.day):
            continue
        cand = _dt.date(d.year, m.month, m.day)
        if d < cand <= d + _dt.timedelta(days=_LATER_WINDOW_DAYS):
            later.append((cand, m))
    q_full = _quote(text, latest.start, latest.end)
    if later:
        cand, m = max(later, key=lambda t: (t[0], -t[1].start))
        q_dm = _quote(text, m.start, m.end)
        evidence = f'latest date mentioned: "{q_dm}", read in {d.year} (the year of "{q_full}"{where})'
        return DateInfo(cand.isoformat(), "day", "body", evidence)
    return DateInfo(d.isoformat(), "day", "body", f'latest date mentioned: "{q_full}"{where}')


def _from_day_months(
    text: str,
    norm: str,
    daymonths: list[_Mention],
    months: list[_Mention],
    bare_years: list[_Mention],
    latest_year: int | None,
) -> DateInfo:
    """Rule 2: yearless day-months completed with the one year of writing the text states, or no date."""
    shown = _quotes(text, daymonths)
    distinct = {m.year for m in (*months, *bare_years)}
    if not distinct:
        return _none(f"mentions {shown} but no year", None)
    current = [m for m in bare_years if _previous_token(norm, m.start)[0].casefold() not in _PAST_MARKERS]
    if len(distinct) == 1 and current:
        year = current[0].year
        assert year is not None
        origin = f'from the text ("{_year_quote(text, norm, current[0])}")'
    else:
        refs = sorted((*months, *bare_years), key=lambda m: m.start)
        ref_quotes = list(
            dict.fromkeys(
                _quote(text, m.start, m.end) if m.kind == "month" else _year_quote(text, norm, m)
                for m in refs
            )
        )
        what = "is a past reference" if len(ref_quotes) == 1 else "are past references or ambiguous"
        shown_refs = ", ".join(f'"{q}"' for q in ref_quotes[:3]) + (", …" if len(ref_quotes) > 3 else "")
        return _none(
            f"mentions {shown} but no year of writing: {shown_refs} {what}{_floor_note(latest_year)}",
            latest_year,
        )

    resolved = [
        (_dt.date(year, m.month, m.day), m)
        for m in daymonths
        if m.month is not None and m.day is not None and _valid(year, m.month, m.day)
    ]
    if not resolved:
        return _none(f"mentions {shown} but none is a valid day in {year}", latest_year)
    dates = [d for d, _ in resolved]
    if (max(dates) - min(dates)).days > _YEAR_SPAN_DAYS:
        return _none(
            f"mentions {shown} more than half a year apart in {year}; they may straddle a new year"
            f"{_floor_note(latest_year)}",
            latest_year,
        )
    best, _ = max(resolved, key=lambda t: (t[0], -t[1].start))
    return DateInfo(best.isoformat(), "day", "body", f"day-month mentions {shown}; year {year} {origin}")
