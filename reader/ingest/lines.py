"""Classify the lines of a scraped page by their *shape*: headline, byline, date line, separator...

The splitter decides article boundaries from these kinds. Rules describe shapes that recur on news
sites and blogs (an all-caps or title-case line without a final full stop, a ``By ...`` line, a
``Related News`` block), never the exact strings of one file, because users bring pages we have
never seen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from reader.ingest.dates import looks_like_date_line
from reader.text.script import paragraph_language


class Kind(StrEnum):
    SEPARATOR = "separator"  # "Related News", "MORE ON THIS TOPIC:", "مقالات متعلقة": another item follows
    BOILER = "boilerplate"  # copyright, share widgets, comment prompts, ads, mirror addresses
    BYLINE = "byline"  # "By ...", "Posted on ... by ...", "Written by"
    DATE = "date"  # a line that is mainly a date
    SHORT = "short"  # a short line without a final full stop: a headline, subhead, name or outlet
    BODY = "body"  # running text


@dataclass(frozen=True)
class Line:
    text: str  # stripped
    start: int  # code-point offsets of the stripped text in the source
    end: int
    kind: Kind
    language: str

    @property
    def words(self) -> int:
        return len(self.text.split())


MAX_SHORT_CHARS = 220
MAX_SHORT_WORDS = 25
BODY_MIN_WORDS = 12

_I = re.IGNORECASE

_SEPARATOR = re.compile(
    r"^(?:"
    r"(?:related|more|similar|recommended|latest|popular|other)\s+"
    r"(?:news|videos?|articles?|posts?|stories|reads?|coverage|items?|links?)"
    r"|more\s+(?:on|about|from)\s+(?:this|the|that)\s+(?:topic|subject|story|issue)"
    r"|also\s+read(?:\s+\w+){0,3}|read\s+(?:more|also)(?:\s+\w+){0,3}|see\s+also|you\s+may\s+also\s+like"
    r"|you\s+might\s+also\s+like|further\s+reading|recommended\s+for\s+you|read\s+next"
    r"|(?:مقالات|فيديوات|فيديوهات|أخبار|اخبار|مواضيع|مقاطع|روابط)\s+(?:متعلقة|ذات\s+صلة|مشابهة|مرتبطة)"
    r"|(?:اقرأ|إقرأ|اقرا)\s+(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|شاهد\s+(?:أيضا|أيضاً|ايضا)"
    r")\s*[:：.…]*$",
    _I,
)

_BOILER = [
    re.compile(p, _I)
    for p in (
        r"^(?:copyright|©|\(c\)\s)|all rights reserved|جميع الحقوق محفوظة",
        r"^proof-?read(?:ing)?\s+by\b",
        r"paywall|help fund\b|please (?:donate|support)|donate (?:now|here|to)|patreon|buy me a coffee",
        r"^(?:share|like|tweet|email|print|pin)(?:\s+(?:this|it|on\s+\w+))*\s*:?$",
        r"^(?:click|tap) to (?:share|email|print|like)",
        r"^(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|email|print)(?:[\s,|•·]+"
        r"(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|email|print))+$",
        r"^like loading|bloggers? like this|^\d+\s+comments?$|^no comments?\s*:?$|^post a comment$",
        r"^leave a (?:reply|comment)|^(?:add|write) a comment|^comments?\s*\(\d+\)$|^\d+\s+responses?$",
        r"\bsingles\b|\bdating\b|^meet your\b|^advertisement$|^sponsored(?: content)?$|^ads? by\b",
        r"alternate (?:addresses|domains|links|urls)|mirror (?:sites?|addresses)",
        r"^(?:https?://|www\.)\S+$",
        r"^subscribe\b|newsletter|sign up (?:for|to)\b|follow us\b|تابعونا|للاشتراك|اشترك في",
        r"^(?:شارك|مشاركة)(?:\s+\S+){0,2}$|^اضغط هنا",
    )
]

_BYLINE = re.compile(
    r"^(?:by\s+\S|posted\s+(?:on|by|in)\b|written\s+by\b|written\s*:|author\s*:|reported\s+by\b"
    r"|بقلم\b|كتب\b|كتبت\b|إعداد\b|اعداد\b|تقرير\b)",
    _I,
)
_TRAILING_BYLINE = re.compile(r"^(?:written\s+by|by)\s*:?\s*(?P<name>.+)$", _I)
_SOURCE_LINE = re.compile(r"^[.\s]*(?:via|source|sources|المصدر|مصدر)\s*[:：]?\s*(?P<name>.+?)[.\s]*$", _I)

_MEDIA_WORD = re.compile(
    r"\b(?:news|tv|press|front|agency|agencies|times|post|herald|tribune|daily|journal|gazette|network|"
    r"media|radio|channel|online|monitor|observer|telegraph|guardian|review|magazine|weekly|wire|"
    r"reuters|afp|ap|bbc|cnn)\b|(?:^|\s)(?:نت|نيوز|وكالة|قناة|صحيفة|جريدة|موقع|شبكة|الأخبار)(?:\s|$)",
    _I,
)
_TERMINAL = ".:;,،؛"
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w’'\-.]*")


_LETTER_RE = re.compile(r"[^\W\d_]")
_NON_WORD_RE = re.compile(r"[\W_]+")


def _letters(text: str) -> int:
    return len(_LETTER_RE.findall(text))


def is_boilerplate(text: str) -> bool:
    if len(text) > 400:
        return False
    return any(p.search(text) for p in _BOILER)


def is_separator(text: str) -> bool:
    return len(text) <= 60 and bool(_SEPARATOR.match(text))


def is_byline(text: str) -> bool:
    return len(text) <= 160 and len(text.split()) <= 16 and bool(_BYLINE.match(text))


def classify(text: str) -> Kind:
    """The kind of one stripped, non-empty line."""
    if is_separator(text):
        return Kind.SEPARATOR
    if is_boilerplate(text):
        return Kind.BOILER
    if is_byline(text):
        return Kind.BYLINE
    if len(text) <= 120 and looks_like_date_line(text):
        return Kind.DATE
    if is_short(text):
        return Kind.SHORT
    return Kind.BODY


def is_short(text: str) -> bool:
    """A line shaped like a headline, subhead, name or outlet: brief, no closing full stop."""
    if len(text) > MAX_SHORT_CHARS or len(text.split()) > MAX_SHORT_WORDS:
        return False
    if _letters(text) < 2:
        return False
    stripped = text.rstrip(" \t\"'”’»)]")
    return not stripped or stripped[-1] not in _TERMINAL


def is_body(text: str) -> bool:
    return (len(text.split()) >= BODY_MIN_WORDS and not is_short(text)) or len(text.split()) >= 30


def is_all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha() and ch.isascii()]
    return len(letters) >= 12 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def is_title_case(text: str) -> bool:
    """Most content words capitalised, as English headlines are (small words may stay lower)."""
    words = [w for w in _LATIN_WORD.findall(text) if len(w) >= 4]
    if len(words) < 2:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def is_outlet_like(text: str) -> bool:
    """A very short line naming a site, channel or agency ("South Front", "الميادين نت")."""
    if len(text.split()) > 5 or any(ch.isdigit() for ch in text) or not is_short(text):
        return False
    return bool(_MEDIA_WORD.search(text))


def is_name_like(text: str) -> bool:
    """A line that is only a person's name: 2-4 words, no digits, no closing punctuation."""
    words = text.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in text) or not is_short(text):
        return False
    if paragraph_language(text) == "ar":
        return True
    return all(w[0].isupper() for w in words if w[0].isalpha())


def fold_for_compare(text: str) -> str:
    """Compare headlines written twice with small differences (case, punctuation, hyphens)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD_RE.sub(" ", text).strip()


def near_repeat(a: str, b: str) -> bool:
    """Same headline again, perhaps re-cased or with one word changed ("Strike On" / "Strike Hits")."""
    fa, fb = fold_for_compare(a), fold_for_compare(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    wa, wb = fa.split(), fb.split()
    if min(len(wa), len(wb)) < 3:
        return False
    shared = len(set(wa) & set(wb))
    return shared >= 0.75 * max(len(set(wa)), len(set(wb)))


def trailing_byline(text: str) -> str | None:
    m = _TRAILING_BYLINE.match(text)
    return m.group("name").strip() if m and len(text.split()) <= 8 else None


def source_attribution(text: str) -> str | None:
    """``Via American Herald Tribune`` / ``المصدر : الميادين نت`` at an article's end names its outlet."""
    m = _SOURCE_LINE.match(text)
    if not m or len(text.split()) > 8:
        return None
    return m.group("name").strip() or None


def split_lines(text: str, common: frozenset[str] = frozenset()) -> list[Line]:
    """Non-empty lines with their offsets, classified. Linear in the text length.

    ``common`` holds folded lines that recur across many files of the corpus (site furniture):
    they are boilerplate wherever they appear.
    """
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            kind = Kind.BOILER if common and fold_for_compare(stripped) in common else classify(stripped)
            language = paragraph_language(stripped[:2000])
            lines.append(Line(stripped, start, start + len(stripped), kind, language))
        pos += len(raw) + 1
    return lines
