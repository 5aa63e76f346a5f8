"""Split a scraped file into articles and pull out each article's headline, header and text.

Files are what researchers save: one web page dumped by a text browser, several pages glued by a
scraper, an aggregator's blog page holding many articles. Every decision rests on line shapes
(``lines.py``) and their context, never on one site's words, so unseen sites split the same way:

1. **Starts** (:func:`find_starts`): a headline-shaped line opens an article when evidence says so
   (a byline or dateline under it, a seam or separator before it, capitals, a language switch) and
   a block of running text follows; a teaser (headline, date, one-line summary) does not.
2. **Headlines** (:func:`_to_headlines`): a start found at a caption or standfirst moves up to the
   better headline just above it.
3. **Page seams** (:func:`_at_seams`): a long dashed line or a page's URL alone on its line, with
   text on both sides, turns a page; a file of such pages holds one article per page.
4. **Missed boundaries** (:func:`_split_before_headlines`): a chunk whose headline has a whole
   article's text above it is cut at its headline, so that text is not dropped as furniture.
5. **Each article** (:func:`build_segment`): its headline (:func:`_pick_title`: the headline-shaped
   line that best heads a body of text), the header under it (byline, date, outlet, standfirst),
   and its main text without the page furniture around it (:func:`_main_text`). Chunks with too
   little text (a teaser block, a footer) fold into their neighbour.

Each article keeps its whole source span (``original``): what the cleaning drops is never lost.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import unquote

from reader.ingest.archives import ARCHIVE_OPEN, ARCHIVE_START
from reader.ingest.boundaries import FileBoundaryFixes, apply_to_starts, lines_at
from reader.ingest.chats import chat_messages
from reader.ingest.clauses import WEEKDAYS, main_clause
from reader.ingest.datelines import dateline_length, from_agencies, is_dateline_only
from reader.ingest.dates import (
    address_date,
    credits_a_photo,
    is_bare_stamp,
    is_issue_line,
    is_two_calendar_clock,
    is_update_line,
    parse_header_date,
    relative_date_evidence,
    update_stamp,
)
from reader.ingest.formats.markdown import _date_field, _text_field, front_matter
from reader.ingest.lines import (
    BYLINE_DATE_LEAD,
    COMMENTS_TITLE,
    END_MARK,
    FORM_FEED,
    FUNCTION_WORDS,
    HOME_BREADCRUMB,
    ITEM_NUMBER,
    JUMP_LINE,
    MACHINE_STAMP,
    MASTHEAD_ROLE,
    MAX_SHORT_WORDS,
    MESSAGE_HEADER,
    NAV_RUN,
    NUMBERED_SOURCE,
    PACK_HEADING,
    PAGE_COUNTER,
    PAGE_HEADER,
    PAGE_POST_STAMP,
    POST_NUMBER,
    RECORD_FIELD,
    RESEARCHER_NOTE,
    SAVED_STAMP,
    SKIP_LINK,
    Kind,
    Line,
    ends_mid_sentence,
    fold_for_compare,
    is_all_caps,
    is_name_like,
    is_outlet_like,
    is_title_case,
    looks_like_code,
    near_repeat,
    page_file_name,
    source_attribution,
    split_lines,
    trailing_byline,
)
from reader.ingest.model import Boundary
from reader.ingest.tables import article_rows
from reader.text.script import paragraph_language

START_SCORE = 3
TOPIC_SCORE = 3
HEADER_WINDOW = 4  # lines after a headline that may hold its byline / date / outlet (furniture not counted)
HEADER_SPAN = 30  # ... and all lines: a date under a whole menu is not the line above the menu's
CONTENT_LOOKAHEAD = 12  # an article must reach running text within this many lines (furniture not counted)
LONG_PARAGRAPH = 400  # one paragraph this long is an article's text, not a teaser's summary
SHORT_ITEM_CHARS = 80  # a dated news brief can be this short
CONTENT_MIN_CHARS = 200  # running text an article needs; less is a teaser, a widget or a caption
MAIN_RUN_SHARE = 0.25  # after the main text, a block this much smaller is page furniture (footer, teasers)
STANDFIRST_WORDS = 45
SHORT_TEXT_WORDS = MAX_SHORT_WORDS  # an unpunctuated line this long is text, not a headline (Arabic
# paragraphs often end bare; headlines of 15-24 words are common, so only the longest count)
CLOSE_GAP_LINES = 12  # a caption block or an ad between two blocks of one article's text
CLOSE_GAP_TEXT = 4
RUN_GAP = 3  # this many lines without running text in a row end a block of text
_FURNITURE = (Kind.NAV, Kind.BOILER)
_NUMBERED = re.compile(r"^\(?(\d{1,3})[.)]\s")  # "4. ", "4) ", and "(٤) " a researcher numbered a page by
_SEAMS = (Kind.SEPARATOR, Kind.RULE)


@dataclass
class Segment:
    """One article as found in its file, before ids, languages and dates are settled."""

    start: int  # code-point span of the article in the source text
    end: int
    title: str | None
    byline: str | None = None
    outlet: str | None = None
    header_date: tuple[str, str, str] | None = None  # (value, precision, the line it came from)
    address_date: tuple[str, str, str] | None = None  # the date in the page's own address, above it
    body: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    date_evidence: list[str] = field(default_factory=list)  # header lines that told something but no date
    updated: str | None = None  # the date of an "Updated: ..." stamp in the header: the article is not later
    # A header date whose day and month could be either way round ("06/01/2026" on an English line):
    # its day-first reading and the line; the article's other dates may settle it (``corpus``).
    ambiguous_date: tuple[str, str] | None = None
    text_chars: int = 0  # running text found, copies included: how much of an article this is
    boundary: Boundary | None = None
    listing: bool = False  # its text is a list of headlines (a digest of the day's papers), not prose


def _is_bodyish(line: Line) -> bool:
    return line.kind is Kind.BODY or (line.kind is Kind.SHORT and line.words >= SHORT_TEXT_WORDS)


def _ahead(lines: list[Line], i: int, limit: int, span: int | None = None) -> list[Line]:
    """Up to ``limit`` lines after line i that are not furniture, stopping before a seam or a page's
    skip link (and after ``span`` lines of any kind)."""
    out: list[Line] = []
    for j in range(i + 1, len(lines) if span is None else min(len(lines), i + 1 + span)):
        if lines[j].kind in _SEAMS or len(out) >= limit:
            break
        if lines[j].kind is Kind.NAV and SKIP_LINK.match(lines[j].text):
            break
        if lines[j].kind not in _FURNITURE:
            out.append(lines[j])
    return out


# A video page's channel line: "387K subscribers", "٣٨٧ ألف مشترك", "2.36M subscribers"
_SUBSCRIBERS = re.compile(
    r"^[\d.,٫٬]+\s*(?:[KMB]|ألف|مليون)?\s*(?:subscribers|مشترك|مشتركين|مشتركًا|مشتركا)$", re.IGNORECASE
)
CHANNEL_REACH = 3
# A blog platform's reading time under a post's title and author: "3 min read", "٥ دقائق للقراءة"
_READING_TIME = re.compile(
    r"^\d{1,3}\s*-?\s*min(?:ute)?s?\.?\s+read$|^\d{1,3}\s*(?:دقائق|دقيقة)\s*(?:للقراءة|قراءة)$", re.IGNORECASE
)
READING_TIME_REACH = 9  # lines from a post's title to its reading time (author, "Follow", its publication)


def _platform_header_under(lines: list[Line], i: int) -> bool:
    """Is line i a video's title over its channel's name and subscriber count, or a post's title over
    its author and reading time (only furniture between)?"""
    if any(_SUBSCRIBERS.match(line.text) for line in lines[i + 1 : i + 1 + CHANNEL_REACH]):
        return True
    for line in lines[i + 1 : i + 1 + READING_TIME_REACH]:
        if _READING_TIME.match(line.text):
            return True
        if _is_bodyish(line) or line.kind in _SEAMS:
            return False
    return False


def _header_evidence(lines: list[Line], i: int) -> int:
    """How strongly line i is followed, before any running text, by what only article headers carry.

    A date or byline right under it is the strongest sign of a headline (3); a second copy of the
    line, an outlet or a name line is good (2).
    """
    if _signed(lines[i].text):
        return 3  # "Headline ,,, بقلم : Name": the byline glued to the end of its headline
    standfirst = label = False
    previous = ""
    found = 0
    for nxt, furniture in _ahead_counted(lines, i, HEADER_WINDOW, HEADER_SPAN):
        if label and _is_bodyish(nxt):
            return max(found, 2)  # "المصدر:"-like label, then the lead: the story's own opening
        label = _source_label(nxt)
        if label:
            continue
        if previous and nxt.text == previous:
            continue  # a photo caption printed twice (the image's alt text and its caption)
        previous = nxt.text
        if nxt.language != lines[i].language and nxt.kind is Kind.SHORT:
            return found  # an English headline's header is not the next Arabic article's
        if furniture >= ITEM_FURNITURE and _uncased_headline(nxt) and not found:
            return found  # a masthead, then another headline: the header under it is that one's
        if nxt.kind in (Kind.BYLINE, Kind.DATE):
            return 3
        if (
            nxt.kind is Kind.SHORT
            and not standfirst
            and (
                near_repeat(nxt.text, lines[i].text)
                or _browser_title_of(lines[i].text, nxt.text)
                or is_outlet_like(nxt.text)
                or is_name_like(nxt.text)
            )
        ):
            found = 2  # the author, outlet or tags under it: a date may still follow them
            continue
        if _is_bodyish(nxt):
            if not found and _uncased_headline(lines[i]) and _opens_with(nxt.text, lines[i].text):
                return 2  # the lead paragraph repeats the headline word for word, as agencies' leads do
            if found or standfirst or nxt.words > STANDFIRST_WORDS or lines[i].words < 4:
                return found
            standfirst = True  # one summary sentence may sit between a headline and its byline
        elif found:
            return found
    return found


# A browser's print header: the page's title, then its address on the same line ("Title https://…")
_TRAILING_ADDRESS = re.compile(r"(?<=\S)\s+(?:https?://|www\.)\S+$")
_JUMP = re.compile(JUMP_LINE, re.IGNORECASE)
_SITE_TAIL = re.compile(r"^\s*[|–—-]\s+\S")


def _browser_title_of(title: str, headline: str) -> bool:
    """Is ``title`` the browser's title of the page whose headline is ``headline`` ("Headline - Site")?"""
    tail = title[len(headline) :]
    return (
        len(headline.split()) >= 4 and title.startswith(headline) and bool(_SITE_TAIL.match(tail))
        and len(tail.split()) <= SITE_TAIL_WORDS + 1
    )


_BY_TAIL = re.compile(
    r"\s(?:by|بقلم|كتب)\s+(?P<name>[^\d\s][^\d]{1,60}?)\s+(?P<date>\S*\d.{4,40})$", re.IGNORECASE
)
BY_TAIL_HEAD_WORDS = 4


def _dated_byline_tail(title: str, arabic: bool) -> tuple[str, str, tuple[str, str]] | None:
    """(headline, byline, date) of a headline glued to its byline and day: a syndicator's line
    "Headline by Author 9 Mar 2024 18:45 PST". Only when the tail after "by" is a name and a date."""
    m = _BY_TAIL.search(title)
    if m is None or len(title[: m.start()].split()) < BY_TAIL_HEAD_WORDS or len(m.group("name").split()) > 4:
        return None
    found = parse_header_date(m.group("date"), arabic)
    if found is None or found[1] != "day":
        return None
    return title[: m.start()].rstrip(" ,-–—|"), m.group("name").strip(), found


_SIGNATURE = re.compile(
    r"(?:[،,;:|–—-]\s*(?:by|بقلم|كتب|كتبت)|\sبقلم|\.{3,}(?=\s*[\u0621-\u064a]+(?:\s[\u0621-\u064a]+){1,2}\s*$))"
    r"\s*:?\s*[^\W\d_][\w.'’-]*(?:\s[^\W\d_][\w.'’-]*){0,3}\s*$",  # (or "العنوان....الاسم الكاتب")
    re.IGNORECASE,
)
SIGNED_HEAD_WORDS = 4  # the headline before a glued byline has at least this many words


def _signed(text: str) -> bool:
    """Does a headline-shaped line end with its own byline ("... ،،، بقلم : مشعل السعيد", "... | By Jo Roe")?

    Only after a mark or as "بقلم": "by" inside an English headline ("shaped by the sea") is no byline.
    """
    m = _SIGNATURE.search(text)
    return m is not None and len(text[: m.start()].split()) >= SIGNED_HEAD_WORDS


def _signature(text: str) -> tuple[str, str] | None:
    """(headline, byline) of a headline with its byline glued to its end, or None."""
    m = _SIGNATURE.search(text)
    if m is None or not _signed(text):
        return None
    return text[: m.start()].rstrip(" ،,;:|–—-"), m.group(0).strip(" ،,;:|–—-.")


SOURCE_LABEL_WORDS = 3


def _source_label(line: Line) -> bool:
    """A short label ending in a colon ("سيرياستيبس :", "عدن/خاص:"): over a lead paragraph, the outlet
    or dateline that opens a news story's text."""
    return line.kind is Kind.SHORT and line.words <= SOURCE_LABEL_WORDS and line.text.rstrip().endswith(":")


LABEL_VALUE_WORDS = 4  # "Author of the article:" over "The Associated Press"; a headline runs longer


def _label_value(lines: list[Line], i: int) -> bool:
    """Is line i the value of a short label stuck right above it ("Author of the article:", "Source:")?
    A field of the page's meta, however its date line under it makes it look like a page's top (a
    dump may print the value twice, as text and as a link's title)."""
    if i > 0 and not lines[i].gap and lines[i - 1].text == lines[i].text:
        i -= 1
    if i == 0 or lines[i].gap or lines[i].words > LABEL_VALUE_WORDS:
        return False
    label = lines[i - 1]
    return label.words <= LABEL_VALUE_WORDS and label.text.rstrip().endswith((":", "："))


def _uncased_headline(line: Line) -> bool:
    """A line long enough for a headline in a script without letter case (Arabic), where capitals
    cannot show a headline and its length and surroundings must."""
    if line.words < LABEL_HEADLINE_WORDS:
        return False
    cased = len(_LATIN_WORD.findall(line.text))
    return cased == 0 or (cased <= UNCASED_LATIN_WORDS and line.language == "ar")  # "مؤتمر COP 28"


def _opens_with(text: str, head: str) -> bool:
    """Does ``text`` begin with all of ``head`` (case, punctuation and spacing aside)?"""
    folded_head = fold_for_compare(head)
    return bool(folded_head) and fold_for_compare(text[: len(head) + 20]).startswith(folded_head)


ITEM_FURNITURE = 3  # furniture lines (buttons, a section label) that close one item of a teaser list


def _ahead_counted(lines: list[Line], i: int, limit: int, span: int | None = None) -> list[tuple[Line, int]]:
    """``_ahead`` with, for each line, how many furniture lines came right before it."""
    out: list[tuple[Line, int]] = []
    furniture = 0
    for j in range(i + 1, len(lines) if span is None else min(len(lines), i + 1 + span)):
        if lines[j].kind in _SEAMS or len(out) >= limit:
            break
        if span is not None and lines[j].kind is Kind.NAV and SKIP_LINK.match(lines[j].text):
            break
        if lines[j].kind in _FURNITURE:
            furniture += 1
        else:
            out.append((lines[j], furniture))
            furniture = 0
    return out


def _content_follows(lines: list[Line], i: int, run_gap: int = RUN_GAP) -> bool:
    """Does running text (enough to be an article, not a teaser) follow line i soon?

    A teaser list (headline, date, one-line summary, next headline...) never holds a block of text:
    its date lines cut each summary off, and a summary is one paragraph; text is counted anew after
    each byline or date line.
    """
    chars = paragraphs = gap = 0
    ahead = _ahead_counted(lines, i, CONTENT_LOOKAHEAD + 8)
    for k, (line, furniture) in enumerate(ahead):
        if line.kind is Kind.SHORT and near_repeat(line.text, lines[i].text):
            continue  # the headline written twice
        if paragraphs == 1 and furniture >= ITEM_FURNITURE and line.kind is Kind.SHORT and line.words >= 4:
            return False  # one summary, the item’s buttons, the next item’s headline: a list of teasers
        if line.words <= 4 and _COMMENTS_HEAD.match(line.text) and not _text_under_link(ahead[k + 1 :]):
            return False  # a teaser over the comments box: what follows is the readers', not its text
        if _is_bodyish(line):
            chars += len(line.text)
            paragraphs += 1
            gap = 0
            if chars >= CONTENT_MIN_CHARS and (paragraphs >= 2 or chars >= LONG_PARAGRAPH):
                return True
        elif line.kind in (Kind.DATE, Kind.BYLINE):
            chars = paragraphs = gap = 0  # a standfirst above a byline, or a teaser's summary: count anew
        elif paragraphs:
            gap += 1
            if gap >= run_gap:
                return False
    return paragraphs > 0 and chars >= CONTENT_MIN_CHARS and not _ahead(lines, i + CONTENT_LOOKAHEAD, 1)


def _text_under_link(ahead: list[tuple[Line, int]]) -> bool:
    """Is a comments line followed by an article's text (paragraphs with no reader's name or date
    between), as a header's "Join the conversation" link is, rather than by readers' comments?"""
    chars = paragraphs = 0
    for line, _furniture in ahead:
        if line.kind in (Kind.DATE, Kind.BYLINE) or (line.kind is Kind.SHORT and is_name_like(line.text)):
            return False  # a reader's name or the time of their comment
        if _is_bodyish(line):
            chars += len(line.text)
            paragraphs += 1
            if paragraphs >= 3 and chars >= LONG_PARAGRAPH:
                return True
    return False


def _text_past_related(lines: list[Line], i: int) -> bool:
    """Does a dated or signed headline's text follow a "Related" box set inside its header (headline,
    byline, date, "RELATED ARTICLES" and its links, then the story)?"""
    if lines[i].words < 4 or _header_evidence(lines, i) < 3:
        return False
    for j in range(i + 1, min(len(lines), i + 1 + CONTENT_LOOKAHEAD)):
        line = lines[j]
        if line.kind is Kind.SEPARATOR:
            links = _ahead(lines, j, 1)  # the box holds links only (furniture): its teasers have no headlines
            return bool(links) and _is_bodyish(links[0]) and _content_follows(lines, j)
        if line.kind is Kind.RULE or _is_bodyish(line) or (line.kind is Kind.SHORT and line.words >= 4):
            return False  # a seam, text of its own, or another headline before any such box
    return False


def _last_body_language(lines: list[Line], i: int) -> str | None:
    for j in range(i - 1, max(-1, i - 12), -1):
        if _is_bodyish(lines[j]):
            return lines[j].language
    return None


def _next_body_language(lines: list[Line], i: int) -> str | None:
    for line in _ahead(lines, i, CONTENT_LOOKAHEAD):
        if _is_bodyish(line):
            return line.language
    return None


PAGE_FURNITURE_LINES = 2  # non-text lines between an article's last paragraph and a new headline


def _after_page_furniture(lines: list[Line], i: int) -> bool:
    """Do the lines between the last running text above and line i hold a page's furniture (an ad
    label, "back to top", a masthead, a date stamp), not just a caption? Pages glued by a blank line
    show their seam so."""
    between: list[Line] = []
    for k in range(i - 1, max(-1, i - 1 - 4 * PAGE_FURNITURE_LINES), -1):
        if _is_bodyish(lines[k]):
            break
        between.append(lines[k])
    else:
        return False
    if any(line.kind is Kind.SEPARATOR for line in between):
        return False  # "Related", "Trending": what follows is the page's teasers
    between = _without_captions(between[::-1])
    return len(between) >= PAGE_FURNITURE_LINES and any(
        line.kind in (Kind.BOILER, Kind.DATE, Kind.NAV, Kind.BYLINE) for line in between
    )


_CREDITED = re.compile(r"\((?:image|photo|picture|pic|credit|photograph|video)s?\s*:[^()]{1,80}\)\s*$", re.I)


def _without_captions(lines: list[Line]) -> list[Line]:
    """The lines without an article's own pictures: a caption with its credit ("... (Image: SWNS)")
    and the alt text printed above it, which dumps write as the same words without the credit."""
    kept: list[Line] = []
    for k, line in enumerate(lines):
        if _CREDITED.search(line.text):
            continue
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        if _CREDITED.search(nxt) and nxt.startswith(line.text):
            continue
        kept.append(line)
    return kept


SKIP_REACH = 12  # lines of a page's top furniture between its skip link and its headline


def _under_skip_link(lines: list[Line], i: int) -> bool:
    """Is there a skip link ("Skip to content") between the last running text above and line i? A
    skip link is the first line of a web page: whatever text came before was another page's."""
    for k in range(i - 1, max(-1, i - 1 - SKIP_REACH), -1):
        if _is_bodyish(lines[k]) or lines[k].kind in _SEAMS:
            return False
        if SKIP_LINK.match(lines[k].text):
            return True
    return False


def _previous(lines: list[Line], i: int) -> Line | None:
    """The line above ``i``, past stray marks with no letter or digit in them (a forum table's "|", a
    lone "»"; not a rule of asterisks) and lone numbers (a pager's "1"): a headline under a page's seam
    is under that seam, whatever cell border or counter a dump left between them."""
    k = i - 1
    while k > 0 and lines[k].kind is not Kind.RULE and (
        not _HAS_WORD_CHAR.search(lines[k].text) or _LONE_NUMBER.match(lines[k].text)
    ):
        k -= 1
    return lines[k] if k >= 0 else None


_HAS_WORD_CHAR = re.compile(r"[^\W_]")
_LONE_NUMBER = re.compile(r"^\d{1,3}$")  # a counter's or a pager's number left alone on its line


def _recurs_nearby(lines: list[Line], i: int, window: int = 12) -> bool:
    """Does line i's text occur four times or more within ``window`` lines of it (a headline may be
    printed three times: browser title, heading, share card)?"""
    key = fold_for_compare(lines[i].text)
    lo, hi = max(0, i - window), min(len(lines), i + window + 1)
    return sum(fold_for_compare(lines[k].text) == key for k in range(lo, hi)) >= 4


LIST_REACH = 12  # lines above a numbered item where the item before it may be


def _list_item(lines: list[Line], i: int) -> bool:
    """Is line i numbered ("4. ...") in sequence with an item a few lines above or below it?

    A headline is never numbered in sequence with the lines around it; a "most read" list is.
    """
    n = _item_number(lines[i].text)
    return n > 0 and (
        any(_item_number(lines[j].text) == n - 1 for j in range(max(0, i - LIST_REACH), i))
        or any(_item_number(lines[j].text) == n + 1 for j in range(i + 1, min(len(lines), i + LIST_REACH)))
    )


MENU_AROUND = 2  # menu lines on each side of a line that is one more of its items
MENU_ITEM_WORDS = 5


def _inside_menu(lines: list[Line], i: int) -> bool:
    """Is line i amid a menu: menu lines right above it and right under it?"""
    above, below = lines[max(0, i - MENU_AROUND) : i], lines[i + 1 : i + 1 + MENU_AROUND]
    return (
        lines[i].words <= MENU_ITEM_WORDS and len(above) == len(below) == MENU_AROUND
        and all(line.kind is Kind.NAV for line in above)
        and all(_menu_item_like(line) and line.indent == lines[i].indent for line in below)
    )  # (a submenu may sit deeper than the menu above it; its items share their indent)


LIST_REACH_UP = 6  # headlines above a line, up to the "Trending now" label of their list


def _in_headline_list(lines: list[Line], i: int) -> bool:
    """Is line i one of a list of bare headlines under a "Trending now" label (headline under
    headline, none with text of its own)?"""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    below = nxt is not None and nxt.kind is Kind.SHORT and not nxt.blank_before and nxt.words >= 4
    # (a headline's outlet or author under it is no second item)
    for k in range(i - 1, max(-1, i - 1 - LIST_REACH_UP), -1):
        if lines[k].kind is Kind.SEPARATOR:
            return below or i - k > 2  # the list goes on under it, or it ends a list of three or more
        if lines[k].kind is not Kind.SHORT:
            return False
    return False


def _menu_item_like(line: Line) -> bool:
    """A menu's line, or one more short unlinked item of it ("Media Kit")."""
    return line.kind is Kind.NAV or (line.kind is Kind.SHORT and line.words <= MENU_ITEM_WORDS)


def _item_number(text: str) -> int:
    """The number of a numbered line ("4. ...", "4) ..."), or 0."""
    m = _NUMBERED.match(text)
    return int(m.group(1)) if m else 0


GAP_HEADLINE_WORDS = 6
SECTION_PARAGRAPHS = 2  # sections this short, each under a short heading set off alike, are one article's


def _same_subject(lines: list[Line], i: int) -> bool:
    """Do the paragraphs just above and just below line i speak of one subject (share more of their
    words than texts on two subjects do)?"""
    ahead = _ahead(lines, i, TOPIC_LINES)
    below = {w for line in ahead if _is_bodyish(line) for w in content_words(line.text)}
    above = {
        w
        for line in lines[max(0, i - TOPIC_LINES) : i]
        if _is_bodyish(line)
        for w in content_words(line.text)
    }
    below -= FUNCTION_WORDS
    above -= FUNCTION_WORDS
    return bool(above and below) and len(above & below) > TOPIC_SHARED_TEXT * min(len(above), len(below))


def _asks(text: str) -> bool:
    return text.rstrip(" \"'”’»)").endswith(("?", "؟"))


def _in_section_run(lines: list[Line], i: int) -> bool:
    """Is short line i one of a run of short headings, each set off by the same wide gap, with a
    paragraph or two between them ("Importance of the Red Sea", "Immediate effects of the crisis"),
    or one of an interview's questions with the answer under each? A page that spaces its subheads
    like its headline still writes a subhead short, and an article runs longer than one or two
    paragraphs."""
    asks = _asks(lines[i].text)

    def neighbour(step: int) -> bool:
        paragraphs, k = 0, i + step
        while 0 <= k < len(lines) and paragraphs <= SECTION_PARAGRAPHS:
            other = lines[k]
            if other.kind is Kind.SHORT and not _is_bodyish(other):
                return (other.gap >= 2 and other.words < GAP_HEADLINE_WORDS) or (asks and _asks(other.text))
            paragraphs += _is_bodyish(other)
            k += step
        return False

    return neighbour(1) or neighbour(-1)


def start_evidence(lines: list[Line], i: int, current_title: str | None) -> tuple[int, list[str]]:
    """How strongly line i looks like the first line of a new article, and why (for the user)."""
    line = lines[i]
    if line.kind is not Kind.SHORT or looks_like_code(line.text):
        return 0, []  # (a line of a tutorial's program: never a headline)
    if current_title and near_repeat(line.text, current_title):
        return 0, []
    if _recurs_nearby(lines, i):
        return 0, []  # an image's alt text or a caption repeated around the photos, not a headline
    score = 0
    why: list[str] = []
    prev = _previous(lines, i)
    evidence = _header_evidence(lines, i)
    if evidence < 3 and _platform_header_under(lines, i):
        evidence = 3  # a video's title over its channel, a post's over its author and reading time
    if evidence < 3 and prev is not None and _NEXT_OR_PREVIOUS.match(prev.text):
        return 0, []  # the headline a "Next article" link names: another page's, not this one's
    if _label_value(lines, i):
        return 0, []  # "Author of the article:" / "The Associated Press": a field's value, not a headline
    if evidence < 3 and (_inside_menu(lines, i) or _in_headline_list(lines, i)):
        return 0, []  # "Best PC Gaming Chair" amid "Best Phone", "Best TV": a menu item, however cased
    if evidence == 3 and _dated_teaser(lines, i):
        return 0, []  # its byline is one of a "Related" list's: a teaser, however article-like
    if prev is not None and prev.kind is Kind.RULE and i >= 2 and current_title:
        # "Title / https://..." inside an article is a link card to itself, not a seam between pages.
        if near_repeat(lines[i - 2].text, current_title):
            score += 1
        else:
            score += 3
            why.append("after a dashed line or a page's address")
    elif prev is not None and prev.kind is Kind.SEPARATOR and not evidence and not is_all_caps(line.text):
        score += 1  # "Related" then a bare headline: a teaser list, unless a header follows it
    elif prev is None or prev.kind in _SEAMS:
        score += 3
        why.append(f"after “{prev.text[:40]}”" if prev is not None else "at the start of the file")
    elif prev.kind is Kind.BOILER and _JUMP.match(prev.text):
        score += 3  # "See BUDGET, page 3": a print page's story goes on elsewhere; the next one starts
        why.append("after the previous story's jump line")
    elif prev.kind is Kind.BOILER:
        score += 1  # the end of an article (copyright, comments) before it
        why.append("after the end of the previous article")
    score += evidence
    if evidence == 3:
        why.append("a byline or dateline under it")
    elif evidence == 2:
        why.append("its outlet, author or a second copy under it")
    if line.heading == 1:
        score += 3
        why.append("a top-level heading")
    if is_all_caps(line.text) and line.words >= 4 and (
        evidence or line.words >= GAP_HEADLINE_WORDS or not _same_subject(lines, i)
    ):
        score += 2  # (a short subhead set in capitals inside a story goes on with its subject)
    if is_all_caps(line.text) or is_title_case(line.text):
        score += 1
        why.append("set in capitals" if is_all_caps(line.text) else "in title case")
    before = _last_body_language(lines, i)
    if before is not None and before != line.language:
        score += 1
        if _next_body_language(lines, i) == line.language:
            score += 2  # the text under it is in its language too: another article, not a quote
        why.append("the language changes")
    if line.gap >= 2 and prev is not None and _is_bodyish(prev):
        # (a page that sets its subheads off by a wider gap too: "Importance of the Red Sea" heads
        # a section, not an article, and a section's heading is short)
        short = line.words < GAP_HEADLINE_WORDS or _asks(line.text)
        section = short and not evidence and _in_section_run(lines, i)
        section = section and (_asks(line.text) or _same_subject(lines, i))  # (an interview's answers
        # need no one subject: each speaks of its own question)
        score += 1 if section else 3
        why.append("a wider gap above it than between paragraphs")
    if evidence < 3 and _under_skip_link(lines, i):
        score += 2
        why.append("at the top of a new page, under its skip link")
    if prev is not None and prev.kind is not Kind.BOILER and _after_page_furniture(lines, i):
        score += 1
        why.append("after the previous page's furniture")
    if evidence == 2 and _uncased_headline(line):
        score += 1  # no letter case to show a headline (Arabic): a long line over its author's name does
    if evidence < 3 and _label_over_it(lines, i):
        score += START_SCORE
        why.append("a section label over it, under the previous article's text")
    elif evidence < 3 and _glued_under_text(lines, i):
        score += START_SCORE
        why.append("stuck under the previous paragraph, with no blank line between")
    elif evidence < 3 and (_spacing_turns(lines, i) or _spacing_opens(lines, i)):
        score += START_SCORE
        why.append("the text under it is spaced otherwise than the text above it")
    if evidence < 3 and _under_page_menu(lines, i):
        score += START_SCORE
        why.append("right under a page's menu")
    if evidence >= 2 and prev is not None and prev.kind is Kind.NAV and HOME_BREADCRUMB.match(prev.text):
        score += START_SCORE  # however short the headline ("الاحتلال الإسرائيلي"): a page's top
        why.append("under its page's breadcrumb, over its byline or date")
    if _list_item(lines, i):
        score -= 3  # "4. Headline": an item of a numbered most-read list, not a page's headline
    if line.words <= 2:
        score -= 2
    elif score < START_SCORE <= score + TOPIC_SCORE and before == line.language and _topic_turn(lines, i):
        score += TOPIC_SCORE  # asked last, and only when it decides: it reads the text around
        why.append("its words return in the text under it, not in the text above")
    return score, why


_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
UNCASED_LATIN_WORDS = 2  # a name or an acronym in Latin letters inside an Arabic headline ("COP 28")
LABEL_WORDS = 3  # a section label or kicker over a headline ("محليات", "World news")
LABEL_HEADLINE_WORDS = 5


def _label_over_it(lines: list[Line], i: int) -> bool:
    """Running text, then a one-to-three-word label, then line i: a page's section label over its
    headline, glued under the previous page's last paragraph (a subhead has no label of its own).

    Only for scripts without letter case (Arabic): there a headline has no capitals to show it, and
    this is the shape that does; an English line over a label is as often a teaser or a credit.
    """
    line = lines[i]
    if i < 2 or not _uncased_headline(line) or _INNER_FULL_STOP.search(line.text):
        return False
    label = lines[i - 1]
    k = i - 2
    while k > 0 and lines[k].kind in (Kind.BOILER, Kind.NAV):
        k -= 1  # a widget or a stray style line between the previous page's text and the label
    above = lines[k]
    return (
        label.kind in (Kind.SHORT, Kind.NAV)
        and label.words <= LABEL_WORDS
        and not label.text.rstrip().endswith((":", "："))
        and label.language == lines[i].language
        and _is_bodyish(above)
        and not near_repeat(label.text, lines[i].text)
    )


def _glued_under_text(lines: list[Line], i: int) -> bool:
    """A headline with no blank line above it, stuck under a paragraph that a blank line set off:
    where pages are glued without a separator. Within one page the spacing is the page's own: a
    subhead is set off like its paragraphs."""
    if i < 2 or lines[i].blank_before:
        return False
    above = lines[i - 1]
    below = _ahead(lines, i, 1)
    return (
        _is_bodyish(above)
        and above.blank_before
        and bool(below)
        and _is_bodyish(below[0])
        and not _item_number(lines[i].text)
        and _uncased_headline(lines[i])
    )


SPACING_PARAGRAPHS = 1  # the paragraph right above a headline shows how its page spaced them
SPACING_BELOW = 2  # ... and two of its own paragraphs show how the page under a headline spaces them


def _spacing_turns(lines: list[Line], i: int) -> bool:
    """A headline set off by a blank line whose text is stuck under it, after paragraphs that each
    had a blank line above: two pages copied one after the other, each spaced its own way. Within
    one page, the text under a subhead is spaced like the text above it.
    """
    below = lines[i + 1] if i + 1 < len(lines) else None
    if below is None or below.blank_before or not lines[i].blank_before or not _is_bodyish(below):
        return False
    if not _uncased_headline(lines[i]) or _item_number(lines[i].text):
        return False
    above = [lines[k] for k in range(i - 1, max(-1, i - 1 - 2 * SPACING_PARAGRAPHS), -1)
             if _is_bodyish(lines[k])][:SPACING_PARAGRAPHS]
    return len(above) == SPACING_PARAGRAPHS and all(line.blank_before for line in above) and (
        lines[i - 1] is above[0])


def _spacing_opens(lines: list[Line], i: int) -> bool:
    """The other way round from :func:`_spacing_turns`: the text above stuck together (its last
    paragraph glued to the line over it), then a headline set off by a blank line whose own
    paragraphs each have a blank line above. Within one page a subhead's text is spaced like the
    text above it.
    """
    if i < 2 or not lines[i].blank_before or not _uncased_headline(lines[i]) or _item_number(lines[i].text):
        return False
    above = lines[i - 1]
    if not _is_bodyish(above) or above.blank_before or len(above.text) < SHORT_ITEM_CHARS:
        return False
    below = [line for line in lines[i + 1 : i + 1 + 2 * SPACING_BELOW] if _is_bodyish(line)][:SPACING_BELOW]
    return (
        len(below) == SPACING_BELOW
        and lines[i + 1] is below[0]
        and all(line.blank_before and len(line.text) >= SHORT_ITEM_CHARS for line in below)
    )


PAGE_MENU_LINES = 12  # furniture lines in a row right above a line: a new page's top (its menu)
TEXT_REACH = 30  # ... with the previous page's text this close above the menu


def _under_page_menu(lines: list[Line], i: int) -> bool:
    """Is line i right under a long run of furniture (a page's menu), with running text above that?

    Inside one page, a subhead or a teaser follows a few buttons at most; a whole menu between two
    texts is where a text browser's dump of the next page begins.
    """
    k = i - 1
    while k >= 0 and lines[k].kind in _FURNITURE:
        k -= 1
    if i - 1 - k < PAGE_MENU_LINES or not any(map(_is_bodyish, lines[max(0, k - TEXT_REACH) : k + 1])):
        return False
    below = lines[i + 1 : i + 3]  # its text or header at once: teasers or a footer under a menu are no page
    return any(
        (_is_bodyish(line) and len(line.text) >= SHORT_ITEM_CHARS) or line.kind in (Kind.DATE, Kind.BYLINE)
        for line in below
    )


TEASER_REACH = 24  # lines above a teaser where its list's "Related" line may be
TEASER_NAME_WORDS = 3  # a line this short under a teaser's byline is its author's name


def _dated_teaser(lines: list[Line], i: int) -> bool:
    """Is line i an item of a dated teaser list: under a "Related"-type line, in a run of at least two
    items that each carry a byline or date, with no article's text between?

    Each teaser's header mimics an article's (headline, byline, date), so header evidence alone
    cannot tell them from pages; the list they sit in can.
    """
    sep = next(
        (k for k in range(i - 1, max(-1, i - 1 - TEASER_REACH), -1) if lines[k].kind in _SEAMS), None
    )
    if sep is None or lines[sep].kind is not Kind.SEPARATOR:
        return False
    headers = run = items = 0
    dated = False  # the item above has its byline or date already (one item may carry both)
    for k in range(sep + 1, min(len(lines), sep + 1 + 2 * TEASER_REACH)):
        line = lines[k]
        if line.kind in _SEAMS:
            break
        if _is_bodyish(line):
            run += 1
            if run >= 2:
                break  # running text: an article's, not a teaser's summary (one paragraph, however long)
        elif line.kind not in _FURNITURE:
            run = 0
        if line.kind in (Kind.DATE, Kind.BYLINE):
            headers += not dated
            dated = True
        elif line.kind is Kind.SHORT and line.words > TEASER_NAME_WORDS:
            dated = False  # (a name standing alone under "By" is the same item's)
        items += line.kind is Kind.SHORT
    else:
        k = len(lines)
    # A list has two items or more: one headline under a menu's "Latest news" with its date and
    # byline is a page's own header.
    return headers >= 2 and items >= 2 and i < k


_NEXT_OR_PREVIOUS = re.compile(
    r"^(?:[←→«»<>‹›]\s*)?(?:next|previous|prev|older|newer)\s+(?:post|article|story|entry|item)s?\s*:?"
    r"(?:\s*[←→«»<>‹›])?$|^(?:المقال|الخبر|المقالة|الموضوع|المنشور)\s+(?:التالي|السابق)\s*:?$",
    re.IGNORECASE,
)


def start_score(lines: list[Line], i: int, current_title: str | None) -> int:
    """How strongly line i looks like the first line of a new article."""
    return start_evidence(lines, i, current_title)[0]


def _dateline_over_headline(lines: list[Line], i: int) -> bool:
    """A full date right after the end of an article, then a headline and its text: a new post.

    Blogs print each post's date above its title, so the date, not the title, opens the post.
    """
    parsed = parse_header_date(lines[i].text)
    if parsed is None or parsed[1] != "day":
        return False
    b = next((k for k in range(i - 1, -1, -1) if lines[k].kind not in _FURNITURE), None)
    menu = b is not None and i - b > NAV_RUN  # a page's menu between the last page and this date
    if b is not None and not (menu or _is_bodyish(lines[b]) or lines[b].kind in _SEAMS):
        return False
    ahead = [line for line in _ahead(lines, i, 3) if line.kind is not Kind.BYLINE][:1]  # "Written by:"
    if not ahead or ahead[0].kind is not Kind.SHORT or ahead[0].words < 3:
        return False
    k = lines.index(ahead[0], i + 1)
    return _content_follows(lines, k)


def _title_line_over_date(lines: list[Line], i: int) -> int:
    """The line above the date at ``i`` when it opens with the headline under the date (a page's title
    line, "Headline Author / role", over its date and its headline): the page starts there."""
    ahead = [line for line in _ahead(lines, i, 3) if line.kind is Kind.SHORT][:1]
    if i == 0 or not ahead or ahead[0].words < 3:
        return i
    above = lines[i - 1]
    headline = fold_for_compare(ahead[0].text)
    return i - 1 if fold_for_compare(above.text).startswith(headline) and above.text != ahead[0].text else i


def _dateline_over_text(lines: list[Line], i: int) -> bool:
    """A dated byline ("Published on February 25th, 2011 | by ...") between the end of one text and
    a long paragraph: a new post whose headline was glued into its first paragraph. A dateline at an
    article's end has furniture or the next headline under it, not a page of text."""
    parsed = parse_header_date(lines[i].text)
    if parsed is None or parsed[1] != "day" or i == 0 or not _is_bodyish(lines[i - 1]):
        return False
    if is_update_line(lines[i].text) or not _BY_WORD.search(lines[i].text):
        return False
    ahead = _ahead(lines, i, 1)
    return bool(ahead) and _is_bodyish(ahead[0]) and len(ahead[0].text) >= LONG_PARAGRAPH


GAP_ABOVE = 3  # paragraphs in a row right above a gap that show how the page above spaces them
GAP_BELOW = 1  # ... and right under it, the page under it
OPENING_CHARS = 60  # a page's first paragraph, a story's lead, is no short remark
_QUOTE_OR_IMAGE = ("\"", "“", "«", "'", "‘", "![", "[")


def _gap_stands_out(lines: list[Line], i: int) -> bool:
    """Does a blank gap stand above paragraph i where the three paragraphs above it and the one below
    stand with no blank line between them? Pages copied one under another, each stored from its first
    paragraph, are set apart by the gap the user left between them, where each page's own paragraphs
    stand closer. (A looser test, any gap wider than its neighbours', split articles in dumps that set
    a paragraph off after a photo or an ad.) A paragraph that goes on from the one above ("But ...",
    "وأضاف ...") or that a colon introduces ("البيان التالي:") is no page's first."""
    line = lines[i]
    if not line.blank_before or i < GAP_ABOVE or i + GAP_BELOW >= len(lines):
        return False
    around = [lines[k] for k in range(i - GAP_ABOVE, i + GAP_BELOW + 1) if k != i]
    if not all(_is_bodyish(other) for other in around):
        return False
    inner = [lines[k] for k in range(i - GAP_ABOVE + 1, i + GAP_BELOW + 1) if k != i]
    if any(other.blank_before for other in inner) or len(line.text) < OPENING_CHARS:
        return False
    above = lines[i - 1].text.rstrip()
    return not (
        _CONTINUES.match(line.text) or line.text.startswith(_QUOTE_OR_IMAGE) or _asks(line.text)
        or above.endswith((":", "،", ",")) or looks_like_code(line.text)
    )  # (a quotation's next paragraph, an image between two paragraphs, an interviewer's question)


_BY_WORD = re.compile(r"\bby\b|بقلم|كتب", re.IGNORECASE)


def find_starts(lines: list[Line]) -> list[int]:
    """Indices of lines that open an article; the first line of the file always does."""
    if not lines:
        return []
    starts = [0]
    title = lines[0].text if lines[0].kind is Kind.SHORT else None
    after_separator = False
    in_header = True  # between an article's first line and its first running text: no new starts
    has_text = _is_bodyish(lines[0])  # the article begun last has running text
    for i in range(1, len(lines)):
        line = lines[i]
        if line.kind in _SEAMS:
            after_separator = True
            in_header = False
            continue
        had_text = has_text
        if _is_bodyish(line) and not _photo_caption(line):
            in_header = False
            has_text = True  # (the lead photo's caption, however long, is not the article's text yet)
        if had_text and line.kind is Kind.NAV and not in_header and _dateline_opens_page(lines, i):
            starts.append(i)  # (a page's dateline that a menu's shape made furniture)
            title = None
            after_separator = False
            in_header = True
            continue
        if in_header or line.kind in _FURNITURE or line.continued:
            continue
        if line.kind is Kind.DATE and (_dateline_over_headline(lines, i) or _dateline_over_text(lines, i)):
            starts.append(_title_line_over_date(lines, i))  # a blog's post date printed above its title
            title = None
            after_separator = False
            in_header = True
            continue
        score = start_score(lines, i, title)
        if score >= START_SCORE and (
            _content_follows(lines, i, RUN_GAP + 2 if score >= START_SCORE + 2 else RUN_GAP)
            or _text_past_related(lines, i)
        ):
            starts.append(i)
            title = line.text
            after_separator = False
            in_header = True
            has_text = False
        elif had_text and _dateline_opens_page(lines, i):
            starts.append(i)  # "بغداد اليوم- بغداد" over a lead: a page stored without its headline
            title = None
            after_separator = False
            in_header = True
        elif had_text and line.kind is Kind.BODY and _byline_lead_length(line.text):
            starts.append(i)  # "كتب ناصر المحيسن - الكويت في الأحد 2 نوفمبر 2025 - …": a page from its byline
            title = None
            after_separator = False
            in_header = False
            has_text = True
        elif had_text and line.kind is Kind.BODY and _gap_stands_out(lines, i):
            starts.append(i)  # a page stored from its first paragraph, pasted under another page
            title = None
            after_separator = False
            in_header = False
            has_text = True
        elif (
            after_separator
            and lines[i - 1].kind is Kind.RULE
            and line.kind in (Kind.BYLINE, Kind.DATE, Kind.BODY)
            and not looks_like_code(line.text)
            and not _text_goes_on(lines, i - 1)
            and not _frames_a_date(lines, i - 1)
            and (had_text or _is_url(lines[i - 1].text) or _PAGE_SEAM.match(lines[i - 1].text))
            and _content_follows(lines, i - 1)
        ):
            # Text right after a dashed line or a URL that no headline introduced (a byline, a
            # date, running text): a new, untitled item. After "Related" come teasers, not that;
            # after a headline and byline with no text yet, a short rule ("* * *") is its page's own.
            starts.append(i)
            title = None
            after_separator = False
            in_header = not _is_bodyish(line)
            has_text = _is_bodyish(line)
    return starts


def _dateline_opens_page(lines: list[Line], i: int) -> bool:
    """Is line i a wire dateline alone on its line ("بغداد اليوم- بغداد", "Beirut - AFP"), right over
    a paragraph? Under another article's text, it opens a page stored without its headline. A place
    and "agencies" ("الموصل – وكالات") may stand a blank line above it."""
    line = lines[i]
    if i + 1 >= len(lines) or lines[i + 1].kind is not Kind.BODY:
        return False
    if from_agencies(line.text):
        return lines[i + 1].gap <= 1  # "الموصل – وكالات", whatever the menus' shape made of it
    return line.kind is Kind.SHORT and is_dateline_only(line.text) and not lines[i + 1].blank_before


# A paragraph that goes on from the one before it ("But so far, ...", "وأضاف ..."): no article opens so.
_CONTINUES = re.compile(
    r"^(?:(?:but|and|yet|however|still|meanwhile|moreover|nor|so far|instead)\b"
    r"|(?:ولكن|لكن|غير أن|إلا أن|كما|وأضاف|وتابع|وأشار|وأكد|وقال|وأوضح|وفي|ومن جهة|من جهة أخرى)\s)",
    re.IGNORECASE,
)


BYLINE_LEAD_CHARS = 90  # how far into its paragraph a byline's date may end


def _byline_lead_length(text: str) -> int:
    """How long the byline and its full date that open the paragraph are ("كتب ناصر المحيسن - الكويت
    في الأحد 2 نوفمبر 2025 12:40 صباحاً - وكشف مصدر …", "By Jane Doe, March 3, 2021 - The …"), or 0.
    Under another article's text such a paragraph is a page stored from its byline, with no headline."""
    if not _BYLINE_LEAD.match(text) or len(text) < OPENING_CHARS:
        return 0
    head = text[:BYLINE_LEAD_CHARS]
    cut = max(head.rfind(" - "), head.rfind(" – "))
    found = parse_header_date(head[: cut + 3]) if cut > 0 else None
    return cut + 3 if found is not None and found[1] == "day" else 0


_BYLINE_LEAD = re.compile(
    r"^(?:posted\s+(?:on|in)\b.*?\bby\b|posted\s+by\b|written\s+by\b|reported\s+by\b|by\b|author\s*:"
    r"|written\s*:|بقلم|كتب|كتبت|إعداد|اعداد|تقرير)\s*:?\s*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"\s*[:@]\s*@?\w+\s*$|@\w+")
_DATE_TAIL = re.compile(r"\s*[-–—,|]*\s*(?:\d{4}-\d{2}-\d{2}.*)$")
_POSSESSIVE_OUTLET = re.compile(
    r"^(?:the\s+)?(?P<outlet>.+?)['’]s\s+.*(?:correspondent|reporter|staff|desk|bureau)\b", re.I
)
_TRAILING_ON = re.compile(r"\s+on\s*$", re.IGNORECASE)


def parse_byline(text: str) -> tuple[str | None, str | None]:
    """(author, outlet) from a byline such as ``By Staff, Tasnim News Agency``."""
    name = _BYLINE_LEAD.sub("", text, count=1)
    name = _DATE_TAIL.sub("", name)
    name = _HANDLE.sub("", name)
    name = _TRAILING_ON.sub("", name).strip(" -–—,:|")
    if not name:
        return None, None
    outlet = None
    m = _POSSESSIVE_OUTLET.match(name)
    if m:
        outlet = m.group("outlet").strip()
        if text.lower().startswith("by the ") and not outlet.lower().startswith("the "):
            outlet = "The " + outlet
    elif "," in name:
        head, tail = (part.strip() for part in name.rsplit(",", 1))
        if is_outlet_like(tail):
            name, outlet = head, tail
    return name, outlet


def _name_before_date(text: str) -> str | None:
    """``نور أيوب السبت 14 آذار 2020``: an author name written in front of the dateline."""
    words = text.split()
    for k, word in enumerate(words):
        if any(ch.isdigit() for ch in word) or word.strip(",.،-–") in WEEKDAYS:
            return " ".join(words[:k]) or None
    return None




def _derive_title(paragraphs: list[str]) -> str:
    """An untitled article (a bare blog post) is named by its opening words, marked by the ellipsis.

    Its wire dateline ("SURIGAO CITY (MindaNews/3 December) –", or a line "صلالة – العُمانية|") says
    where the story was filed, not what it tells, and is left out of the name; so is its writer's name
    on a line of its own over the lead ("Paul Bibby").
    """
    while len(paragraphs) > 1 and (
        is_dateline_only(paragraphs[0]) or (_LATIN_NAME.match(paragraphs[0]) and is_name_like(paragraphs[0]))
    ):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return "(untitled)"
    first = paragraphs[0]
    first = first[_byline_lead_length(first) :]  # "كتب … - الكويت في الأحد 2 نوفمبر 2025 - أعلن …"
    first = first[dateline_length(first) :]
    if (stamped := _stamp_before(first)) is not None:
        first = stamped[1]  # "تم النشر في: 17 فبراير 2026, 12:34 مساءً رأس …": when, then what
    # The first sentence, but not a lone quotation mark and ellipsis ('«... سيفتح الشعب …': an excerpt),
    # nor a full stop of an abbreviation or a number ("Signal No. 3", "Dr. Smith")
    ends = (
        m.start()
        for m in _SENTENCE_GAP.finditer(first)
        if len(_WORD.findall(first[: m.start()])) >= 3 and not _ABBREVIATION.search(first, 0, m.start())
    )
    sentence = first[: next(ends, len(first))]
    if len(sentence) > TITLE_CLAUSE_CHARS and (clause := main_clause(sentence)):
        return clause + "…"  # a long first sentence is named by its main clause
    if len(sentence) <= 160:
        return sentence.rstrip()
    cut = sentence[:160].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:،") + "…"


_LATIN_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,2}$")  # two or three capitalised words
TITLE_CLAUSE_CHARS = 90
_WORD = re.compile(r"[^\W\d_]{3,}")
_SENTENCE_GAP = re.compile(r"(?<=[.!?؟])\s(?![0-9])")
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[A-Z]|No|Nos|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Sen|Rep|Gov|Prof|Rev|Jr|Sr|vs)\.$"
)


@lru_cache(maxsize=1 << 14)
def content_words(text: str) -> frozenset[str]:
    """Folded words of three letters or more: enough to see that a headline speaks of its text."""
    return frozenset(w[:6] for w in _WORD.findall(fold_for_compare(text)))


TOPIC_LINES = 12  # lines of running text either side that show what a headline's neighbours speak of
TOPIC_MIN_WORDS = 7  # a subhead is shorter; a headline that opens a new subject names it
TOPIC_BELOW = 0.5  # of the headline's words, at least this share return in the text under it
TOPIC_SHARED_TEXT = 0.25  # the texts above and below one subject share more of their words than this
_INNER_FULL_STOP = re.compile(r"(?<!\.)[.!?؟]\s+\w")


def _topic_turn(lines: list[Line], i: int) -> bool:
    """Does line i speak of the text under it and not of the text above it?

    A headline's words return in its article; a subhead's or a caption's mostly appeared in the text
    above too (the article's subject runs through it). When the text above shares hardly any of
    them, the subject changed here: a new article, even with no byline or date to say so.
    """
    if _INNER_FULL_STOP.search(lines[i].text):
        return False  # two sentences: a short paragraph, not a headline
    words = content_words(lines[i].text) - FUNCTION_WORDS
    if len(words) < TOPIC_MIN_WORDS:
        return False
    below: set[str] = set()
    for line in _ahead(lines, i, TOPIC_LINES):
        if _is_bodyish(line):
            below |= content_words(line.text)
    above: set[str] = set()
    seen = 0
    for k in range(i - 1, max(-1, i - 1 - 4 * TOPIC_LINES), -1):
        if lines[k].kind in _SEAMS or seen >= TOPIC_LINES:
            break
        if lines[k].kind is Kind.SHORT:
            above |= content_words(lines[k].text)  # a standfirst printed twice: not a new subject
        elif _is_bodyish(lines[k]):
            above |= content_words(lines[k].text)
            seen += 1
    if not seen or len(words & below) < TOPIC_BELOW * len(words) or len(words & above) > 0.2 * len(words):
        return False
    below -= FUNCTION_WORDS
    above -= FUNCTION_WORDS
    return len(above & below) <= TOPIC_SHARED_TEXT * min(len(above), len(below))


SUMMARY_WORDS = 4  # content words a headline shares with its text, when it sums the text up
TITLE_MIN_SCORE = 2  # below this, no line heads the text: the article is untitled (named by its opening)
NEAR_TEXT = 8  # a headline is at most this many header lines above its text (furniture not counted)
WALK_BACK = 8  # lines above a start where its real headline may sit (above a caption or standfirst)


def _to_headlines(lines: list[Line], starts: list[int]) -> list[int]:
    """Move each start up to a better headline just above it, if one is there.

    The splitter notices an article where its header evidence is (a standfirst or a caption right
    above a byline), but the headline can sit a few lines higher; the text after decides which line
    speaks of it best (see ``_title_score``).
    """
    out: list[int] = []
    for n, i in enumerate(starts):
        if n == 0:
            out.append(i)
            continue
        floor = max(out[-1] + 1, i - WALK_BACK)
        j = i - 1
        while j >= floor and not SKIP_LINK.match(lines[j].text) and not _JUMP.match(lines[j].text) and (
            (lines[j].kind in (Kind.SHORT, Kind.NAV, Kind.DATE, Kind.BOILER) and not _is_bodyish(lines[j]))
            or (lines[j].kind is Kind.BODY and lines[j].words < STANDFIRST_WORDS // 3)
        ):  # over captions, form messages and one-line standfirsts, never above a page's skip link (nor
            # above the previous story's "See BUDGET, page 3")
            j -= 1
        window = lines[j + 1 : min(len(lines), i + 40)]
        offset = i - (j + 1)
        runs = _content_runs(window)
        words: set[str] = set()
        if runs:
            first, last, _ = max(runs, key=lambda r: r[2])
            for line in window[first : last + 1]:
                words |= content_words(line.text)
        best, best_score = i, _title_score(window, offset, words)
        for k in range(offset):
            if window[k].kind is Kind.SHORT and (score := _title_score(window, k, words)) > best_score:
                best, best_score = j + 1 + k, score
        out.append(best)
    return out


PAGES_MIN_SEAMS = 2  # this many page seams make a file a run of saved pages, one article each


_URL_LINE = re.compile(  # (markdown's "<https://…>" too, and OneNote's "Pasted from <https://…>")
    r"^(?:(?:pasted|clipped|copied) from:?\s+)?<?(?:https?://|www\.)\S+$", re.IGNORECASE
)


def _is_url(text: str) -> bool:
    return bool(_URL_LINE.match(text))


def _quoted_link(lines: list[Line], i: int) -> bool:
    """A link quoted inside a post: indented with the text around it, and running text right under it."""
    nxt = _ahead(lines, i, 1)
    return lines[i].indent > 0 and bool(nxt) and _is_bodyish(nxt[0]) and nxt[0].indent >= lines[i].indent


def _link_card(lines: list[Line], seam: int) -> bool:
    """Is the URL line at ``seam`` the link of a headline that already opened this article?"""
    before = lines[seam - 1].text
    return any(near_repeat(before, lines[k].text) for k in range(max(0, seam - 60), seam - 1))


# A long rule, a page's address (in a scraper's record header too: "#3 | https://… | retrieved …"), a
# page break (a form feed), or a cut or end mark ("-- >8 --", "[end]", "/انتهى/")
_PAGE_SEAM = re.compile(
    r"^(?:[-=]{10,}|(?:[-=]\s){5,}[-=]?|.{0,20}(?:https?://|www\.)\S+(?:\s*\|[^|]{0,60}){0,3}|\f"
    r"|(?i:" + ITEM_NUMBER + r")|(?i:" + PAGE_HEADER + r")"
    r"|[-–—_=*~#\s]*(?:>8|8<|✂|✄)[-–—_=*~#\s]*"
    r"|" + END_MARK + r"|" + SAVED_STAMP + r")$"
)  # (an address in capitals is a link's text in a footer, not a scraper's note of the page)


# "***", "* * *" (read as "* *" once its bullet is stripped), "# # #", "~~~" (a lynx <hr> is "___", an
# empty markdown heading "#####")
_DECORATION = re.compile(r"^(?:([-–—=*~ـ%_])(?:\s?\1){2,}|\*\s\*|#(?:\s#){2,}|#{5,})$")


_LONG_RULE = re.compile(r"^[-=_]{10,}$")
LIST_RULE_LINES = 6  # a page is longer than this; hashes or stars repeated closer are a list's
PAGE_LINES = 40  # a scraper's separators stand at least this far apart (a page each); a page's own rules
# (html2text's "* * *" around a byline, a share box) come closer


def _in_a_header(lines: list[Line], i: int) -> bool:
    """Is the rule on line i drawn inside an article's header: under its byline or date, or between
    its headline and its byline or date (a page's own <hr>)?"""
    if i == 0:
        return False
    above = lines[i - 1]
    if above.kind in (Kind.BYLINE, Kind.DATE):
        return True
    return (
        above.kind is Kind.SHORT and above.words >= 4
        and i + 1 < len(lines) and lines[i + 1].kind in (Kind.BYLINE, Kind.DATE)
    )


def _file_name_seams(lines: list[Line]) -> frozenset[int]:
    """The lines that name the saved files a script joined ("--- file: cbc-news.html ---", "<<< a.txt >>>",
    "02_reply.txt"): two or more, each framed or a name without spaces (a heading that ends in a file's
    name, "Faster builds with requirements.txt", is no seam)."""
    names = frozenset(
        k for k, line in enumerate(lines)
        if line.kind is Kind.RULE and page_file_name(line.text)
        and (" " not in line.text or line.text[:1] in "-=<>#*~|" or line.text.lower().startswith("file"))
    )
    return names if len(names) >= 2 else frozenset()


def _frames_a_date(lines: list[Line], i: int) -> bool:
    """Is the rule at line i one of two alike rules boxing a date line ("-----" / "May 20, 2019" /
    "-----": a page's own date panel, as pandoc draws its rules), not a seam between pages?"""
    for a in (i, i - 2):
        if a >= 0 and a + 2 < len(lines) and lines[a + 1].kind in (Kind.DATE, Kind.BYLINE) and (
            lines[a].kind is Kind.RULE and lines[a].text == lines[a + 2].text
        ):
            return True
    return False


def _recurring_separators(lines: list[Line]) -> frozenset[str]:
    """Short decorations ("***", "# # #") that a scraper put between pages: the same line several
    times in a file, each time standing alone and followed by a page's header (a title, a date, the
    site's chrome), not by running text as an essay's section break is."""
    long_rules = any(line.kind is Kind.RULE and _LONG_RULE.match(line.text) for line in lines)
    places: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind is Kind.RULE and _DECORATION.match(line.text) and not _PAGE_SEAM.match(line.text):
            places.setdefault(line.text, []).append(i)
    found = set()
    for text, where in places.items():
        if len(where) < 2:
            continue
        closest = min(b - a for a, b in itertools.pairwise(where))
        if closest < LIST_RULE_LINES and (text.startswith("#") or text.startswith("* *")):
            continue  # "#####", "* * *" every few lines: a list's empty headings and rules (html2text's;
            # a scraper's "***" may stand between pages of a few lines)
        in_headers = sum(_in_a_header(lines, i) for i in where)
        far_apart = closest >= PAGE_LINES
        if in_headers and (long_rules or not (far_apart and in_headers * 2 < len(where))):
            continue  # a rule under an article's byline or date is the page's own (html2text's <hr>);
            # a scraper's separator, pages apart, may follow a page's last line (a date) now and then,
            # unless long rules in the file are the seams
        headed = sum(1 for i in where if i + 1 < len(lines) and not _is_bodyish(lines[i + 1]))
        if headed * 2 > len(where):
            found.add(text)
    return frozenset(found)


_COPY_BUTTON = re.compile(r"^(?:\(BUTTON\)\s*)?(?:copy(?:\s+(?:link|url|address))?|نسخ(?:\s+الرابط)?)$", re.I)


_SOURCE_ADDRESS = re.compile(
    r"^(?:source|sources|via|المصدر|مصدر|نقلا عن|نقلاً عن|منقول من)\s*[:：]?\s*(?:https?://|www\.)",
    re.IGNORECASE,
)


def _signs_off_above(lines: list[Line], i: int) -> bool:
    """Is line i an article's "Source: https://…" under its text, with the next page's own seam right
    under it? It ends the page above; the seam under it opens the next."""
    return bool(_SOURCE_ADDRESS.match(lines[i].text)) and any(
        lines[j].kind is Kind.RULE for j in range(i + 1, min(len(lines), i + 3))
    )


def _copy_button(lines: list[Line], i: int) -> bool:
    """Is the address on line i a share box's ("https://… (BUTTON) Copy"): the page's own link?"""
    return i + 1 < len(lines) and bool(_COPY_BUTTON.match(lines[i + 1].text))


def _text_goes_on(lines: list[Line], seam: int) -> bool:
    """Does the text under a rule go on from the text above it: its first paragraph opens "But ...",
    or in lower case (a printer's page break in a long text: "... the" / "council said")?"""
    above = lines[seam - 1] if seam > 0 else None
    for k in range(seam + 1, len(lines)):
        if lines[k].kind not in _FURNITURE and lines[k].kind is not Kind.RULE:
            if not _is_bodyish(lines[k]):
                return False
            if _CONTINUES.match(lines[k].text):
                return True
            return above is not None and _is_bodyish(above) and lines[k].text[0].islower()
    return False


def _beside_code(lines: list[Line], i: int) -> bool:
    """Does the rule at line i close or open a block of a program (a converter's rule under a
    tutorial's code box)? Such rules recur down one page: no scraper's separator."""
    return any(0 <= j < len(lines) and looks_like_code(lines[j].text) for j in (i - 1, i + 1))


def _reply_post(lines: list[Line], seams: list[int], n: int) -> bool:
    """Is seam ``n`` a forum post's header with no running text under it before the next post's
    (a member's short reply, which belongs with the post it answers)?"""
    seam = seams[n]
    if n + 1 >= len(seams) or not POST_NUMBER.match(lines[seam].text):
        return False
    nxt = seams[n + 1]
    talk = range(seam, nxt)
    return bool(POST_NUMBER.match(lines[nxt].text)) and not any(_is_bodyish(lines[j]) for j in talk)


def _at_seams(lines: list[Line], starts: list[int]) -> list[int]:
    """Starts moved back to the seam that opened their page, plus pages no headline announced.

    A scraper's seam (a long dashed line, the page's URL alone) is followed by the next page's
    furniture before its headline; that furniture belongs to the new page, not to the end of the
    previous article. A seam with running text on both sides and no start after it is a page turn
    too (an untitled page); a short "* * *" is a break inside an essay, so only long rules count.
    """
    recurring = _recurring_separators(lines)
    file_names = _file_name_seams(lines)
    seams = [
        i
        for i, line in enumerate(lines)
        if line.kind is Kind.RULE
        and ((_PAGE_SEAM.match(line.text) and not (recurring and _is_url(line.text)))
             or line.text in recurring or PAGE_COUNTER.match(line.text) or RECORD_FIELD.match(line.text)
             or i in file_names or MACHINE_STAMP.search(line.text) or _banner(line)
             or RESEARCHER_NOTE.match(line.text) or PACK_HEADING.match(line.text)
             or MESSAGE_HEADER.match(line.text) or ARCHIVE_START.match(line.text)
             or NUMBERED_SOURCE.match(line.text) or POST_NUMBER.match(line.text)
             or (i + 1 < len(lines) and "·" in lines[i + 1].text and PAGE_POST_STAMP.match(lines[i + 1].text))
             or (line.heading == 1 and i + 1 < len(lines) and RECORD_FIELD.match(lines[i + 1].text)))
        # (a scraper that wrote its own separator: an address elsewhere is a page's own link; a record
        # header's fields, and a clip's title over them, open its page; an export's stamped item header is
        # such a rule already, see lines.stamped_headers)
        and not (
            _is_url(line.text)
            and (
                any(_is_url(lines[j].text) for j in (i - 1, i + 1) if 0 <= j < len(lines))
                or (i > 0 and lines[i - 1].text.endswith(":"))
            )
        )
        and not (_text_goes_on(lines, i) and not ARCHIVE_START.match(line.text))  # (an archive's toolbar
        # always opens a page, whatever paywall's "And there's more …" follows it)
        and not _beside_code(lines, i)
        and not _frames_a_date(lines, i)
    ]  # a list of mirror addresses, or the address of an "IFRAME:", is furniture, not a seam; nor is a
    # rule the text runs across, nor one that frames a tutorial's program
    if not seams:
        return starts
    candidates = [
        seam
        for seam in seams
        if not (_is_url(lines[seam].text) and lines[seam - 1].kind is Kind.SHORT and _link_card(lines, seam))
        and not (_is_url(lines[seam].text) and _quoted_link(lines, seam))
        and not (_is_url(lines[seam].text) and _copy_button(lines, seam))
        and not _signs_off_above(lines, seam)
    ]  # a link quoted in a post (running text right under it) is no page of its own, nor a rule
    # under which the text goes on ("But so far, ...")
    # A seam turns a page only with running text on both sides, up to the neighbouring turns (a
    # page's own address printed inside it leaves nothing but furniture between it and the seam).
    turns: list[int] = []
    before = 0
    for n, seam in enumerate(candidates):  # the first of two seams with only furniture between opens the page
        if _reply_post(lines, candidates, n):
            continue  # (but a forum's reply, under a post and over a post, goes with the post above)
        declared = (
            lines[seam].text in recurring or PAGE_COUNTER.match(lines[seam].text) or seam in file_names
            or _banner(lines[seam])
        )
        if any(_is_bodyish(lines[j]) for j in range(before, seam)) or (
            declared and any(lines[j].kind is not Kind.NAV for j in range(before + 1, seam))
        ):  # a scraper's own separator turns the page even after a page of headlines only
            turns.append(seam)
            before = seam
    if turns and not any(_is_bodyish(lines[j]) for j in range(turns[-1], len(lines))):
        turns.pop()
    top = lines[0].text if seams and seams[0] == 0 else None
    opened = top is not None and (top in recurring or bool(_PAGE_SEAM.match(top)))
    if len(turns) + opened >= PAGES_MIN_SEAMS:  # (a scraper's seam over its first page counts as one)
        # Pages glued by a scraper: each page between two seams is one article, whatever teasers,
        # author boxes and "most read" lists its furniture holds.
        return [0, *turns]
    out = set(starts)
    ordered = sorted(starts)
    for seam in seams:
        nxt = next((s for s in ordered if s > seam), len(lines))
        prev = max((s for s in ordered if s <= seam), default=0)
        if not any(_is_bodyish(lines[j]) for j in range(prev, seam)):
            continue
        if _is_url(lines[seam].text) and near_repeat(lines[seam - 1].text, lines[prev].text):
            continue  # "Title / https://...": a link card of the article to itself
        between = sum(len(lines[j].text) for j in range(seam + 1, nxt) if _is_bodyish(lines[j]))
        if nxt < len(lines) and between < CONTENT_MIN_CHARS:
            out.discard(nxt)
            out.add(seam)  # the page's furniture and headline go with the page
        elif between >= CONTENT_MIN_CHARS:
            out.add(seam)
    return sorted(out)


def _title_score(
    chunk: list[Line], j: int, text_words: set[str], chosen: bool = True, text_start: int | None = None
) -> int:
    """How much line j of an article's chunk looks like its headline rather than furniture before it.

    Besides shape and the header that follows, a headline speaks of its article: most of its words
    recur in the running text, which a menu item, a section label or a sign-in box never does.
    """
    line = chunk[j]
    evidence = _header_evidence(chunk, j) or 2 * _header_above(chunk, j)
    opener = (j == 0 or all(chunk[k].kind in _SEAMS for k in range(j))) and (
        j == 0 or (line.words >= 4 and not is_outlet_like(line.text))
    )  # the first line of a chunk, or a headline-sized first line of a page (not the site's name)
    words = content_words(line.text)
    over_headline = text_start is not None and _shared(words, text_words) < TAGLINE_SHARE and any(
        other.kind is Kind.SHORT and _shared(content_words(other.text), text_words) >= HEADLINE_SHARE
        for other in chunk[j + 1 : text_start]
    )  # a site's tagline ("News, Analysis and Perspective for …") or a section's menu over the headline
    if over_headline:
        opener = False
        evidence = min(evidence, 2)  # (the date under both is the headline's, not the menu's)
    score = evidence + (evidence == 3) + (2 if opener and chosen else 0)  # a dated or signed headline
    if words and text_words:
        common = words & text_words
        shared = len(common) / len(words)
        score += 2 if shared >= 0.4 else 1 if shared >= 0.2 else 0
        # A headline sums its article up in several of its words; a kicker, a site's name or a
        # category line shares one or two at best, however high its share of a few words.
        score += len(common - FUNCTION_WORDS) >= SUMMARY_WORDS
    if text_start is not None:
        gap = chunk[j + 1 : text_start]  # header lines count whole, furniture a quarter (menus are long)
        between = sum(line.kind not in _FURNITURE for line in gap) + len(gap) // 4
        score += 2 if between <= NEAR_TEXT else 1 if between <= 2 * NEAR_TEXT else 0
    if _NUMBERED.match(line.text) or line.bullet:
        score -= 3  # "8. Science + Tech", "* Galaxy S26 review": an item of a menu or a most-read list
    if line.heading == 1:
        score += 3
    elif line.heading:
        score += 1
    if is_all_caps(line.text) or is_title_case(line.text):
        score += 1
    if 4 <= line.words <= 30:
        score += 1
    elif line.words <= 2:
        score -= 3
    if any(
        near_repeat(line.text, chunk[k].text)
        for k in range(max(0, j - 10), min(len(chunk), j + 11))
        if k != j
    ):
        score += 1  # the headline printed twice (browser title and page heading, or heading and share card)
    if " | " in line.text or line.text.endswith(("|", "-", "»")):
        score -= 1  # a browser-title line: "Headline | Site"
    if _PLACE_LABEL.match(line.text):
        score -= 2  # "بيروت - لبنان", "World - Middle East": a dateline or a section's label
    if _PULL_QUOTE.match(line.text):
        score -= 1  # a quotation standing alone: a pull quote or a kicker, which a headline only cites
    if _BRACKETED_NOTE.match(line.text):
        score -= 3  # "(Filed December 2)", "(Photo: AFP)", "[Updated]": a note, never the headline
    if ends_mid_sentence(line.text):
        score -= 2
    return score


TAGLINE_SHARE = 0.2  # of its words a site's tagline shares with the text at most ...
HEADLINE_SHARE = 0.4  # ... where the headline under it shares this many


def _shared(words: frozenset[str], text_words: set[str]) -> float:
    """The share of a line's words (not its function words) that recur in the text under it."""
    words = words - FUNCTION_WORDS
    return len(words & text_words) / len(words) if words and text_words else 0.0


_PLACE_LABEL = re.compile(
    r"^[^\W\d_]+(?:\s[^\W\d_]+)?\s(?:[-–—]|ـ+)\s[^\W\d_]+\d{0,3}(?:\s[^\W\d_]+\d{0,3})?$"
)  # "بيروت - لبنان", "بوتسودان ــ دارفور24" (a tatweel for its dash, an outlet's number)
_PULL_QUOTE = re.compile(r"^['\"“‘][^'\"“”‘’]+['\"”’]$")
_BRACKETED_NOTE = re.compile(r"^\([^()]+\)$|^\[[^\[\]]+\]$")
_SOURCE_NOTE = re.compile(r"^(?:from|source|via|المصدر|مصدر|نقلا عن|منقول عن|عن)\s*[:：]\s*\S", re.IGNORECASE)
SITE_TAIL_WORDS = 5  # each part after a " | " this short is the site's name, a section or a date


def without_site_tail(title: str) -> str:
    """A browser title's headline without the site around it: "Headline | DW | 19.01.2020",
    "Headline – موقع قناة المنار – لبنان" and "Renewable energy | Headline" give "Headline"."""
    parts = title.split(" | ")
    tails_short = all(len(p.split()) <= SITE_TAIL_WORDS for p in parts[1:])
    if len(parts) >= 2 and len(parts[0].split()) >= 4 and tails_short:
        return parts[0].strip()
    if (
        len(parts) == 2
        and len(parts[0].split()) <= LABEL_WORDS
        and len(parts[1].split()) >= KICKED_WORDS
        and not is_outlet_like(parts[1])
    ):
        return parts[1].strip()  # a section label or kicker in front of the headline
    dashed = _DASH_SPLIT.split(title)
    if (
        len(dashed) >= 2
        and len(dashed[0].split()) >= 4
        and all(len(p.split()) <= SITE_TAIL_WORDS for p in dashed[1:])
        and any(is_outlet_like(p) or _institution_name(p) for p in dashed[1:])
    ):
        # "Headline – Site name – Country", "Headline - Carnegie Endowment for International Peace": only
        # when a tail names an outlet or an institution
        return dashed[0].strip()
    return title


def without_host_name(title: str, address: str) -> str:
    """A browser title without its tail when the tail is the site the page came from, as its address
    spells it: "Headline - The Globe and Mail" from theglobeandmail.com, "… | Business Insider" from
    businessinsider.com (names no list of outlets could hold)."""
    m = FRONT_MATTER_TITLE_TAIL.search(title)
    if not m or not address or len(title[: m.start()].split()) < 4:
        return title
    host = _HOST.match(address)
    name = re.sub(r"[\W_]+", "", m.group().lstrip(" |–—-").casefold())
    for bare in (name, name.removeprefix("the")):
        if len(bare) >= HOST_NAME_CHARS and host and bare in re.sub(r"[\W_]+", "", host.group(1).casefold()):
            return title[: m.start()].rstrip()
    return title


_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:www\.)?([^/?#:\s]+)", re.IGNORECASE)
HOST_NAME_CHARS = 4  # a shorter tail ("AP", "NPR") may be a word that any host holds


_INSTITUTION = re.compile(
    r"^(?:(?:[A-Z][\w.&'’-]*|of|for|the|and|on)\s+){0,4}(?:Institute|Institution|Foundation|Endowment|Center|Centre"
    r"|Council|Association|Society|Organi[sz]ation|Forum|Initiative)(?:\s+(?:[A-Z][\w.&'’-]*|of|for"
    r"|the|and|on)){0,4}$"
    r"|^(?:مركز|معهد|مؤسسة|منتدى|جامعة|جمعية|مجلس)\s"
)


def _institution_name(text: str) -> bool:
    """'Carnegie Endowment for International Peace', 'مركز الجزيرة للدراسات': a think tank's, a
    foundation's or a council's name (capitalised words, or led by its Arabic kind), as the tail of a
    page title. (Not a university: "… - Kabul University" is as often the place the story is about.)"""
    text = text.strip()
    return bool(_INSTITUTION.match(text)) and (paragraph_language(text) == "ar" or text[0].isupper())


_DASH_SPLIT = re.compile(r"\s[–—-]\s")
KICKED_WORDS = 5  # words of a headline after a short label ("Opinion | ...")


_DOTTED = re.compile(r"^[.…]{3,}\s*(.+?)\s*[.…]{3,}$")  # a headline set between rows of dots


def _once(title: str) -> str:
    """A headline glued to its own copy ("Title Empty Title": a forum's icon text between a link and
    the heading it points to) is said once."""
    words = title.split()
    for n in range(len(words) // 2, 2, -1):
        if words[:n] == words[-n:] and len(words) - 2 * n <= 2:
            return " ".join(words[:n])
    return title


def _header_above(chunk: list[Line], j: int) -> bool:
    """Is line j right under a date or byline (furniture aside)? Some sites print those first."""
    above = _line_above(chunk, j)
    return above is not None and above.kind in (Kind.DATE, Kind.BYLINE)


def _content_runs(lines: list[Line]) -> list[tuple[int, int, int]]:
    """(first, last, characters) of each block of running text; subheads and captions don't break one."""
    runs: list[tuple[int, int, int]] = []
    first = last = -1
    chars = gap = 0
    for j, line in enumerate(lines):
        if _is_bodyish(line):
            if first < 0:
                first = j
            last, gap = j, 0
            chars += len(line.text)
        elif first >= 0:
            gap += 1 if line.kind not in _SEAMS else RUN_GAP
            if gap >= RUN_GAP:
                runs.append((first, last, chars))
                first, chars, gap = -1, 0, 0
    if first >= 0:
        runs.append((first, last, chars))
    return runs


def _language_of(chunk: list[Line], start: int, end: int) -> str | None:
    """The language of most of the running text in ``chunk[start:end]``."""
    counts: dict[str, int] = {}
    for line in chunk[start : min(end, start + 30)]:
        if _is_bodyish(line):
            counts[line.language] = counts.get(line.language, 0) + len(line.text)
    return max(counts, key=counts.__getitem__) if counts else None


def _headline_shaped(chunk: list[Line], t: int) -> bool:
    """Does line t look like a headline on its own (not merely the best line of a chunk)?"""
    line = chunk[t]
    return bool(
        line.heading or is_all_caps(line.text) or is_title_case(line.text) or _header_evidence(chunk, t) >= 2
    )


def _paragraphs_in_a_row(lines: list[Line]) -> bool:
    """Do two paragraphs of running text follow each other anywhere in ``lines`` (a subhead or an ad
    between them at most)? An article's text does; teasers in a page's menus each stand between
    their images and links."""
    running = False
    for line in lines:
        if _is_bodyish(line):
            if running:
                return True
            running = True
        elif line.kind is Kind.NAV:
            running = False
    return False


def _one_saved_page(lines: list[Line], begin: int, end: int) -> bool:
    """Is lines[begin:end] one saved page, a scraper's seam on either side? Its subheads, however
    headline-like, are its own: only a dated or signed headline inside it opens another article."""
    return lines[begin].kind is Kind.RULE and (end >= len(lines) or lines[end].kind is Kind.RULE)


def _split_before_headlines(
    lines: list[Line], starts: list[int], titles: dict[tuple[int, int], int | None]
) -> list[int]:
    """A chunk whose headline has a whole article's text above it holds two articles: split there.

    The headline of a chunk is where its article begins, and what lies above is dropped as page
    furniture; when that is an article's worth of running text, the splitter missed a boundary, and
    dropping it would lose text. So the chunk is cut at its headline and each part judged again.
    ``titles`` receives each final chunk's headline (index in the chunk), so it is not sought twice.
    """
    out: list[int] = []
    titles.clear()
    bounds = [*starts, len(lines)]
    for first, last in itertools.pairwise(bounds):
        pending = [first]
        end = last
        while pending:
            begin = pending.pop()
            chunk = lines[begin:end]
            t = _pick_title(chunk, chosen=begin > 0)
            address = _page_address(chunk)
            if address and t is not None:
                named = _pick_title(chunk, chosen=begin > 0, address=address)
                if named is not None and named > t and _address_names(address, chunk[named].text):
                    # A teaser above the page's own headline (its address names it) opens nothing:
                    # what lies above the headline is the page's furniture, however long.
                    out.append(begin)
                    titles[(begin, end)] = named
                    continue
            above = [line for line in chunk[: t or 0] if _is_bodyish(line) and not _photo_caption(line)]
            text_above = sum(len(line.text) for line in above)
            text_over_title = bool(
                t
                and len(above) >= 2
                and text_above >= LONG_PARAGRAPH
                and (_headline_shaped(chunk, t) or (len(above) >= 3 and text_above >= 2 * LONG_PARAGRAPH))
            )  # (an article's worth of text above any headline: dropping it would lose it)
            if text_over_title and _one_saved_page(lines, begin, end) and _header_evidence(chunk, t) < 3:
                out.append(begin)  # a saved page with no headline of its own: that line is a subhead
                titles[(begin, end)] = None
            elif text_over_title and _paragraphs_in_a_row(chunk[:t]):
                out.append(begin + t)
                titles[(begin + t, end)] = 0
                pending.append(begin)
                end = begin + t
            else:
                out.append(begin)
                # The page's address spells its headline out: asked only now, since a headline lower
                # down with an article's text above it is a second page, whatever the address says.
                address = _page_address(chunk)
                titles[(begin, end)] = _pick_title(chunk, chosen=begin > 0, address=address) if address else t
    return sorted(set(out))


_FURNITURE_ABOVE = 8  # toolbar lines ("رقم الخبر", "T T", share buttons) passed between a date and headline


def _above_headline(chunk: list[Line], t: int) -> list[Line]:
    """The two lines right above the headline at ``t``, nearest first, not counting the page's toolbar
    lines in between ('٢٨/٠٦/٢٠٢٤، ٦:٥٣ ص', 'رقم الخبر: 85522134', 'T T', then the headline)."""
    out: list[Line] = []
    skipped = 0
    for j in range(t - 1, -1, -1):
        if chunk[j].kind in _FURNITURE and skipped < _FURNITURE_ABOVE:
            if MASTHEAD_ROLE.match(chunk[j].text) or HOME_BREADCRUMB.match(chunk[j].text):
                break  # a date over the masthead ("رئيس التحرير" …) or the breadcrumb is the site's "today"
            skipped += 1
            continue
        out.append(chunk[j])
        if len(out) == 2:
            break
    return out


def _issue_over(chunk: list[Line], t: int) -> Line | None:
    """A newspaper's issue line near the top of the page over the headline at ``t``, with no text between."""
    for j in range(t - 1, max(-1, t - 1 - _FURNITURE_ABOVE), -1):
        if _is_bodyish(chunk[j]) or chunk[j].kind in _SEAMS:
            return None
        if chunk[j].kind is Kind.DATE and is_issue_line(chunk[j].text):
            return chunk[j]
    return None


def _line_above(chunk: list[Line], j: int) -> Line | None:
    """The nearest line above line j that is not furniture, within three lines."""
    return next((chunk[k] for k in range(j - 1, max(-1, j - 4), -1) if chunk[k].kind not in _FURNITURE), None)


def _under_text(chunk: list[Line], j: int) -> bool:
    """Is line j right under running text (furniture aside)? Then it heads no new article. A photo's
    caption, however long, is not running text: the headline under the lead photo is still one."""
    above = _line_above(chunk, j)
    if above is not None and above.text.endswith((":", "：")) and above.words <= STANDFIRST_WORDS // 3:
        return False  # "In the following article:": a line that announces what comes, not text
    if above is not None and _breadcrumb_of(above.text, chunk[j].text):
        return False
    return above is not None and _is_bodyish(above) and not _photo_caption(above)


CREDIT_TAIL_CHARS = 60


def _photo_caption(line: Line) -> bool:
    """Does the paragraph end in a photo's credit ("… in Helena, Mont. Photo: Thom Bridge/Independent
    Record via AP")? Then it is the caption of the page's photo, however long, not its text."""
    return credits_a_photo(line.text[-CREDIT_TAIL_CHARS:])


_HOME_WORD = re.compile(r"^(?:home|homepage|الرئيسية|الصفحة الرئيسية)\s", re.IGNORECASE)


def _breadcrumb_of(crumbs: str, headline: str) -> bool:
    """Is ``crumbs`` the page's breadcrumb trail ending in this headline, copied without its arrows
    ("الرئيسية أخبار وتقارير وزير الصحة يستهجن القلق الأممي بشأن مأرب وتجاهل...")?"""
    if not _HOME_WORD.match(crumbs):
        return False
    start = " ".join(fold_for_compare(headline).split()[:4])
    return len(start) >= 12 and start in fold_for_compare(crumbs)


def _one_standfirst(chunk: list[Line], start: int, end: int) -> bool:
    """Is ``chunk[start:end]`` at most one short paragraph of text (a standfirst, not an article)?"""
    body = [line for line in chunk[start:end] if _is_bodyish(line)]
    return len(body) <= 1 and sum(line.words for line in body) <= STANDFIRST_WORDS


ADDRESS_REACH = 3  # a page's address, when the scraper wrote it, opens its chunk
SLUG_SCORE = 4


def _page_address(chunk: list[Line]) -> str:
    """The page's address when the scraper wrote it at the head of the chunk (or, pasted under the
    page, at its foot), else ''."""
    heads = (line.text for line in chunk[:ADDRESS_REACH] if line.kind is Kind.RULE and _is_url(line.text))
    address = next(heads, "")
    if not address and chunk and chunk[-1].kind is Kind.RULE and _is_url(chunk[-1].text):
        address = chunk[-1].text
    found = re.search(r"(?:https?://|www\.)[^\s<>]+", address)
    return found.group() if found else ""  # (markdown's "<https://…>" too, OneNote's "Pasted from <…>")


ADDRESS_HEADLINE_SHARE = 0.3  # of a headline's words over an address, this share returns under it


def _headlines_over_addresses(lines: list[Line], starts: list[int]) -> list[int]:
    """Starts at a page's address moved up to the headline written over it ("headline", its address,
    its text: how some researchers paste a page), when that line speaks of the text under the address."""
    if _addresses_under_pages(lines):
        return starts
    out = []
    for s in starts:
        head = lines[s - 1] if s > 0 else None
        if (
            head is not None and lines[s].kind is Kind.RULE and _is_url(lines[s].text)
            and head.kind is Kind.SHORT and head.blank_before and head.words >= TOPIC_MIN_WORDS
            and not head.text.rstrip().endswith((":", "：")) and (s - 1 not in starts)
            and _shared(content_words(head.text), _words_below(lines, s + 1)) >= ADDRESS_HEADLINE_SHARE
        ):
            s -= 1
        out.append(s)
    return out


def _words_below(lines: list[Line], i: int) -> set[str]:
    """The words of the running text at line i and the few paragraphs after it."""
    ahead = _ahead(lines, i, TOPIC_LINES)
    return {w for line in ahead if _is_bodyish(line) for w in content_words(line.text)}


def _addresses_under_pages(lines: list[Line]) -> bool:
    """Does the file paste each page's address under the page (its last line an address, its first
    text not), rather than over it?"""
    addresses = [k for k, line in enumerate(lines) if line.kind is Kind.RULE and _is_url(line.text)]
    return len(addresses) >= 2 and addresses[-1] == len(lines) - 1 and addresses[0] > 0


def _pick_title(chunk: list[Line], chosen: bool, address: str = "") -> int | None:
    """The headline of the article in ``chunk``: of all headline-shaped lines, the one that best heads
    a body of text.

    Each candidate is judged by its shape and header (``_title_score``, with the words and position
    of the text that follows it) and by how much running text follows it before the next dated
    headline or seam: a menu item or a teaser heads nothing, a subhead heads only part of what the
    real headline heads.
    """
    n = len(chunk)
    prefix = [0] * (n + 1)
    for k, line in enumerate(chunk):
        prefix[k + 1] = prefix[k] + (len(line.text) if _is_bodyish(line) else 0)
    if prefix[n] == 0:
        return next((k for k, line in enumerate(chunk) if line.kind is Kind.SHORT), None)
    stop = [n] * (n + 1)  # the next seam or dated headline after each line
    nxt_body = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        line = chunk[k]
        head = line.kind is Kind.SEPARATOR or (
            line.kind is Kind.SHORT and not _under_text(chunk, k) and _header_evidence(chunk, k) >= 3
            and not _label_value(chunk, k)
        )
        stop[k] = k if head else stop[k + 1]
        nxt_body[k] = k if _is_bodyish(line) else nxt_body[k + 1]
    best, best_score = None, -99
    named = _record_title(chunk)
    words_of: dict[tuple[int, int], set[str]] = {}
    skipped = (*_SEAMS, *_FURNITURE) if chunk[0].kind in _SEAMS else _SEAMS  # (under its seam, a post's
    # stamp or other furniture)
    opens_with_text = _is_bodyish(next((line for line in chunk if line.kind not in skipped), chunk[0]))
    for j, line in enumerate(chunk):
        if line.kind is not Kind.SHORT or _inside_menu(chunk, j) or _label_value(chunk, j):
            continue  # a menu's item, however cased like a headline, heads nothing; nor a field's value
        if _SOURCE_NOTE.match(line.text):
            continue  # "From: The Guardian", "المصدر: الغد": where the page came from, never its headline
        if best is not None and line.continued and _under_separator(chunk, j):
            continue  # a teaser under "Recommended", whatever text a printed page break put under it
        text_start = nxt_body[j + 1]
        if text_start == j + 1 and _source_label(line):
            continue  # "رام الله الاخباري:" right over the lead: its outlet, the page has no headline
        end = stop[text_start]  # a subtitle or a caption with a byline under it is still header
        if end < n and _one_standfirst(chunk, text_start, end):
            end = stop[end + 1]  # a headline, its standfirst, then a subtitle over the byline: one header
        follow = prefix[end] - prefix[j + 1]
        if follow < CONTENT_MIN_CHARS // 2 and (best is not None or (follow == 0 and opens_with_text)):
            continue  # (under a page that opens with its text, under its seam or record header, a share
            # button's label under all of it heads nothing: "نسخ الرابط :", "إشترك بقناتنا على واتساب")
        if (text_start, end) not in words_of:
            words_of[(text_start, end)] = {
                w
                for k in range(text_start, min(end, text_start + 30))
                if _is_bodyish(chunk[k])
                for w in content_words(chunk[k].text)
            }
        words = words_of[(text_start, end)]
        score = _title_score(chunk, j, words, chosen, text_start)
        score += 0 if follow < 300 else 1 if follow < 800 else 2 if follow < 2000 else 3
        if _under_text(chunk, j):
            continue  # right under running text: a subhead or a link card, not the headline
        if words and line.language != _language_of(chunk, text_start, end):
            score -= 2  # a site's name in English over an Arabic article, or the reverse
        if address and _address_names(address, line.text):
            score += SLUG_SCORE  # the page's address written above it spells it out: its headline
        if named and near_repeat(line.text, named):
            score += SLUG_SCORE  # the title its record header gives ("Source: … | Title: …")
        if score > best_score:  # ties go to the earlier line: a standfirst or caption follows its headline
            best, best_score = j, score
    if best is None or best_score < TITLE_MIN_SCORE:
        return None
    while best > 0 and chunk[best - 1].kind is Kind.SHORT and near_repeat(chunk[best - 1].text,
                                                                           chunk[best].text):
        best -= 1  # a headline printed twice starts at its first copy (the one under a ticker's text too)
    if best > 0 and _deck_under(chunk[best - 1], chunk[best]):
        best -= 1  # the standfirst under a headline sums the text up best, but the headline heads it
    if best + 1 < n and _fuller_copy(chunk[best], chunk[best + 1]):
        best += 1  # the page's short title, then its whole headline: "تطبيق أمان" / "تطبيق «أمان»: أسئلة…"
    return best


def _under_separator(chunk: list[Line], j: int) -> bool:
    """Is line j in the list under a "Related"/"Recommended" line, with no running text between?"""
    for k in range(j - 1, -1, -1):
        if chunk[k].kind is Kind.SEPARATOR:
            return True
        if _is_bodyish(chunk[k]):
            return False
    return False


FULLER_COPY_WORDS = 3


def _fuller_copy(short: Line, full: Line) -> bool:
    """Is ``full`` the same headline as ``short`` with more words after it (a browser title or a
    breadcrumb's short form, then the page's own heading)?"""
    if full.kind is not Kind.SHORT or short.words < FULLER_COPY_WORDS or full.words <= short.words:
        return False
    head, whole = fold_for_compare(short.text), fold_for_compare(full.text)
    opening = " ".join(head.split()[:FULLER_COPY_WORDS])
    return (
        bool(head) and whole.startswith(head + " ") and not _NUMBERED.match(full.text)
        and whole.count(opening) == 1  # not the headline glued to a second copy of itself
    )


DECK_WORDS = 15  # a standfirst ("Tax agency will hire more than 1,000 debt collectors to claw back ...")


def _deck_under(head: Line, deck: Line) -> bool:
    """Is ``deck`` the standfirst right under the headline ``head``: a long cased sentence under a
    shorter headline-sized line? (A kicker over a headline is the short one above, not this.)"""
    return (
        head.kind is Kind.SHORT and deck.words >= DECK_WORDS and 4 <= head.words < deck.words
        and bool(_LATIN.search(deck.text)) and head.language == deck.language
        and not _NUMBERED.match(head.text) and not is_outlet_like(head.text)
        and not _SOURCE_NOTE.match(head.text)
    )


def _close(lines: list[Line], a_last: int, b_first: int) -> bool:
    """Are two blocks of text one article's, interrupted only by a caption, a subhead or an ad?"""
    gap = lines[a_last + 1 : b_first]
    if any(line.kind in _SEAMS for line in gap) or len(gap) > CLOSE_GAP_LINES:
        return False
    return sum(line.kind not in _FURNITURE for line in gap) <= CLOSE_GAP_TEXT


def _main_text(body: list[Line]) -> tuple[list[Line], list[Line]]:
    """(kept, dropped): the article's running text, without the blocks of page furniture after it.

    The longest block of running text is the article; a later block stays when only a caption or an
    ad separates it from the kept text, or when it is not much smaller; the rest (a footer, a teaser
    list, a newsletter box) belongs to the page.
    """
    runs = _content_runs(body)
    if len(runs) <= 1:
        return body, []
    main = max(range(len(runs)), key=lambda r: runs[r][2])
    last = main
    for r in range(main + 1, len(runs)):
        gap = {line.kind for line in body[runs[last][1] + 1 : runs[r][0]]}
        if Kind.SEPARATOR in gap and gap & {Kind.DATE, Kind.BYLINE}:
            break  # "Related" and dated teasers: what follows is the page's, however long
        if _close(body, runs[last][1], runs[r][0]) or runs[r][2] >= MAIN_RUN_SHARE * runs[main][2]:
            last = r
    end = runs[last][1] + 1
    # Short lines right after the last kept block (a signature, a source line) stay with it.
    while end < len(body) and body[end].kind not in (*_SEAMS, *_FURNITURE) and not _is_bodyish(body[end]):
        end += 1
        if end - runs[last][1] > 2:
            break
    return body[:end], body[end:]


def _more_header_follows(chunk: list[Line], i: int) -> bool:
    """Is line i followed, before any running text, by a byline, date or outlet line?"""
    for line in _ahead(chunk, i, 3):
        if line.kind in (Kind.BYLINE, Kind.DATE) or is_outlet_like(line.text):
            return True
        if _is_bodyish(line):
            return False
    return False


def _standfirst(chunk: list[Line], i: int) -> bool:
    """A one-paragraph summary under the headline, with the byline or dateline still to come."""
    line = chunk[i]
    return _is_bodyish(line) and line.words <= STANDFIRST_WORDS and _more_header_follows(chunk, i)


def _header_line(seg: Segment, line: Line, arabic: bool = False) -> None:
    """A byline or date line of the header: author, outlet and the publication date it gives
    (``arabic``: the article is in Arabic, so an all-numeric date puts its day first)."""
    text = line.text
    if line.kind is Kind.BYLINE:
        author, outlet = parse_byline(text)
        seg.byline = seg.byline or author
        seg.outlet = seg.outlet or outlet
    elif line.kind is Kind.DATE:
        seg.byline = seg.byline or _name_before_date(text)
    if seg.header_date is None:
        parsed = parse_header_date(text, arabic)
        if parsed is None and line.kind is Kind.BYLINE and (m := BYLINE_DATE_LEAD.search(text)):
            parsed = parse_header_date(text[m.end() :], arabic)  # "By A, B on Monday, November 18th, 2019"
        seg.header_date = _with_line(parsed, text)
        if seg.header_date is None and not arabic and seg.ambiguous_date is None:
            either = parse_header_date(text, day_first=True)  # (None read month-first: both are dates)
            if either is not None and either[1] == "day" and int(either[0][8:]) <= 12:
                seg.ambiguous_date = (either[0], text)
        if seg.header_date is None and (note := date_note(text)):
            seg.date_evidence.append(note)
            seg.updated = seg.updated or update_stamp(text)


def _update_label(line: Line) -> bool:
    """Is the line an update stamp's label alone ("Updated:", "آخر تحديث:"), its date on the next line?"""
    return line.words <= 3 and line.text.rstrip().endswith(":") and is_update_line(line.text)


def _linked_meta_date(text: str, arabic: bool) -> tuple[str, str, str] | None:
    """The date of a post's meta printed as links under its headline ("[72]21/06/2014 [73]Tony Carter
    [74]All, [75]Books"), which a text browser leaves as a line of links; not a photo's credit."""
    found = None if credits_a_photo(text) else parse_header_date(text, arabic)
    return _with_line(found, text) if found is not None and found[1] == "day" else None


def build_segment(
    lines: list[Line], first: int, last: int, span: tuple[int, int], title: int | bool | None = False
) -> Segment:
    """Header fields and clean body of the article made of ``lines[first:last]``."""
    chunk = lines[first:last]
    seg = Segment(start=span[0], end=span[1], title=None)
    t = _pick_title(chunk, chosen=first > 0) if title is False else title
    record = _record_fields(lines, first)
    if title is not None and (named := _record_headline(chunk, record.get("title"))) is not None:
        t = named
    seg.address_date = _address_date(chunk[: t if t is not None else CONTENT_LOOKAHEAD]) or _address_date(
        chunk[-1:]  # (the page's address pasted under it)
    )
    arabic = _language_of(chunk, t or 0, len(chunk)) == "ar"
    i = 0
    if t is not None:
        seg.removed.extend(line.text for line in chunk[:t])  # furniture above the headline
        seg.title = without_site_tail(_once(_TRAILING_ADDRESS.sub("", chunk[t].text) or chunk[t].text))
        if (signature := _signature(seg.title)) is not None:
            seg.title, seg.byline = signature  # "Headline ،،، بقلم : Name": the headline, and its byline
        elif (tail := _dated_byline_tail(seg.title, arabic)) is not None:
            # "Reef health update by GBRMPA 9 Mar 2024 18:45 PST": the headline, its byline and date
            seg.title, seg.byline, found = tail
            seg.header_date = (*found, chunk[t].text)
        copy = next((line.text for line in chunk[t + 1 : t + 3] if line.kind is Kind.SHORT), "")
        if _browser_title_of(seg.title, copy):
            seg.title = copy  # "Headline - Site" over "Headline": the page's own words, without its site
        for line in _above_headline(chunk, t):  # a dateline (or a dated byline) printed above the headline
            if line.kind not in (Kind.DATE, Kind.BYLINE) or is_two_calendar_clock(line.text):
                continue  # (a date in both calendars over the headline is the site's "today")
            if parse_header_date(line.text, arabic):
                _header_line(seg, line, arabic)
                break
        else:
            if (issue := _issue_over(chunk, t)) is not None:
                _header_line(seg, issue, arabic)  # the page's issue line, a note and a section between
        seg.header_date = None if seg.header_date and _date_after(chunk, t) else seg.header_date
        i = t + 1
    # Header zone: repeats of the title, bylines, dates, outlet and section lines before the text.
    lead: list[Line] = []
    while i < len(chunk) and (
        not _is_bodyish(chunk[i])
        or (seg.title is not None and near_repeat(chunk[i].text, seg.title))
        or (not lead and seg.title is not None and _standfirst(chunk, i))
    ):
        line = chunk[i]
        text = line.text
        if line.kind is Kind.SEPARATOR:
            break
        if line.kind in (*_FURNITURE, Kind.RULE) or (seg.title and near_repeat(text, seg.title)):
            seg.removed.append(text)
            if line.kind is Kind.NAV and seg.header_date is None and seg.title:
                seg.header_date = _linked_meta_date(text, arabic)
        elif line.kind is Kind.DATE and i > 0 and _update_label(chunk[i - 1]):
            # "Updated:" / "Mar 6, 2018" / "Original:" / "Dec 21, 2016": the label on a line of its own
            seg.updated = seg.updated or update_stamp(f"{chunk[i - 1].text} {text}")
            seg.date_evidence.append(f"an update stamp, not the publication date: {chunk[i - 1].text} {text}")
        elif line.kind in (Kind.BYLINE, Kind.DATE):
            _header_line(seg, line, arabic)
        elif is_outlet_like(text) and not seg.outlet:
            seg.outlet = text
        elif _source_label(line) and i + 1 < len(chunk) and _is_bodyish(chunk[i + 1]):
            seg.outlet = seg.outlet or text.rstrip(" :")  # "سيرياستيبس :" over the lead
        elif line.language == "ar" and is_name_like(text) and not seg.byline:
            seg.byline = text
        elif len(text.split()) == 1 and seg.title:
            seg.removed.append(text)  # a section kicker such as "العراق"
        elif not lead and seg.title and (line.kind is Kind.SHORT or _standfirst(chunk, i)) and (
            _more_header_follows(chunk, i)
        ):
            lead.append(line)  # a standfirst between headline and byline/outlet: it is text
        elif line.kind is Kind.SHORT and seg.title and _header_evidence(chunk, i) and line.words <= 12:
            seg.removed.append(text)  # a caption or an author list between headline and dateline
        else:
            break
        i += 1
    body: list[Line] = list(lead)
    teasers = False
    rest = chunk[i:]
    if (cut := _comments_start(rest)) is not None:
        seg.removed.extend(line.text for line in rest[cut:])  # readers' comments, not the article
        rest = rest[:cut]
    for line in rest:
        if line.kind is Kind.SEPARATOR:
            teasers = True  # "Related News" and the headlines under it belong to the page
        elif teasers and not _is_bodyish(line):
            seg.removed.append(line.text)
            continue
        else:
            teasers = False
        body.append(line)
    body, tail = _main_text(body)
    seg.removed.extend(line.text for line in tail)
    kept: list[Line] = []
    language = _language_of(body, 0, len(body))
    for line in body:
        if line.kind in (*_FURNITURE, *_SEAMS) or _stray_token(line, language):
            seg.removed.append(line.text)
        else:
            kept.append(line)
    body = kept
    if sum(len(line.text) for line in body if _is_bodyish(line)) < CONTENT_MIN_CHARS and (
        listing := _headline_list(chunk[t + 1 if t is not None else 0 :])
    ):
        seg.listing = True
        seg.removed = [text for text in seg.removed if text not in {line.text for line in listing}]
        body = listing
    # Trailing short lines: attributions, signatures, ads and link lists after the last paragraph.
    page_end = last >= len(lines) or lines[last].kind in _SEAMS  # (not the next page's masthead date)
    while body and not seg.listing and not _is_bodyish(body[-1]) and body[-1].words <= 8:
        line = body.pop()
        text = line.text
        seg.removed.append(text)
        if line.kind is Kind.DATE and seg.header_date is None and page_end and body and _is_bodyish(body[-1]):
            footer = parse_header_date(text, arabic)  # a page that prints its date under the text, at its end
            seg.header_date = _with_line(footer, text) if footer and footer[1] == "day" else None
        elif (name := source_attribution(text)) and not seg.outlet:
            seg.outlet = name
        elif (name := trailing_byline(text)) and not seg.byline:
            seg.byline = name
        elif is_outlet_like(text) and not seg.outlet:
            seg.outlet = text
    seg.text_chars = sum(len(line.text) for line in body if _is_bodyish(line))
    seen: set[str] = set()
    for line in body:
        paragraph = line.text
        key = fold_for_compare(paragraph)
        if key in seen and len(key) > 30:
            seg.removed.append(paragraph)  # the scraper copied this paragraph twice
            continue
        seen.add(key)
        seg.body.append(paragraph)
    if seg.header_date is None and seg.address_date is None:
        seg.header_date = _entry_meta_date(chunk[(t if t is not None else -1) + 1 :], arabic)
    if seg.title and (stamped := _stamp_before(seg.title)) is not None:
        # "13 تموز 2020 12:02ص من يعاقب العاصمة كهربائياً؟": the page's stamp glued before its headline
        stamp, seg.title = stamped
        if seg.header_date is None and (found := parse_header_date(stamp, arabic)):
            seg.header_date = (*found, stamp)
    address = _page_address(chunk)
    if seg.title and address:
        seg.title = without_host_name(seg.title, address)
    if address and (slug := _slug_title(address)) and paragraph_language(slug) == "ar" and (
        not seg.title or (paragraph_language(seg.title) != "ar" and arabic) or _PLACE_LABEL.match(seg.title)
    ):
        # No headline was saved (or only the site's tagline in another language, or its outlet and
        # city, "بغداد اليوم - بغداد"): the page's address spells its headline out, as Arabic sites'
        # addresses do.
        if seg.title:
            seg.removed.append(seg.title)
        seg.title = slug
    lead_follows = t is not None and t + 1 < len(chunk) and _is_bodyish(chunk[t + 1])
    if lead_follows and is_dateline_only(seg.title or ""):
        seg.body.insert(0, seg.title)  # "صلالة – العُمانية|" over the lead: where it was filed, no headline
        seg.title = None
    if not seg.title and record.get("title"):
        seg.title = without_site_tail(record["title"])  # a feed item's or saved page's title, above its text
    if not seg.title:
        seg.title = _derive_title(seg.body)
    if m := _DOTTED.match(seg.title):
        seg.title = m.group(1)  # "....... في ذاكرة البياض......": a headline set between rows of dots
    if seg.header_date is None and (published := record.get("published")):
        seg.header_date = _with_line(parse_header_date(published, arabic), published)
    return seg


_RECORD_TITLE = re.compile(r"^(?:title|العنوان)\s*:\s*(.+)$", re.IGNORECASE)
_INLINE_TITLE = re.compile(r"\|\s*(?:title|العنوان)\s*:\s*([^|]+)", re.IGNORECASE)


def _record_title(chunk: list[Line]) -> str:
    """The title a one-line record header over the page gives ("Source: https://… | Title: …", a banner
    "### Title - Site ###"), or ""."""
    for line in chunk[:RECORD_LOOKAHEAD]:
        if line.kind is Kind.RULE and (m := _INLINE_TITLE.search(line.text)):
            return m.group(1).strip()
        if _banner(line):
            return without_site_tail(line.text)
    return ""


def _banner(line: Line) -> bool:
    """Is the line a banner the researcher typed over a page ("### Title - Site ###")?"""
    return line.kind is Kind.RULE and line.heading > 0


_RECORD_PUBLISHED = re.compile(r"^(?:published|pubdate|posted)\s*:\s*\S", re.IGNORECASE)
# A reference manager's item ("Item Type: Newspaper Article"), whose "Date:" is the work's own date
# (when it was kept is its "Accessed:")
_REFERENCE_ITEM = re.compile(r"^(?:item type|نوع العنصر)\s*:\s*\S", re.IGNORECASE)
_RECORD_DATE = re.compile(r"^(?:date|التاريخ)\s*:\s*\S", re.IGNORECASE)
_NO_TITLE = re.compile(
    r"^[(\[]?(?:no title|untitled(?: note| document| page)?|بدون عنوان)[)\]]?$", re.IGNORECASE
)  # (a note app's "Untitled Note": no title)


def _record_fields(lines: list[Line], first: int) -> dict[str, str]:
    """The title and publication line of the record header an exporter wrote over the page (a feed
    reader's "Title:" and "Published:", a browser's "Title:"), when the page opens with one.

    They stand in for what the page's text may lack: a feed item's text often starts without its
    headline. A "Saved:", "Created:" or mail "Date:" line says when it was kept, and is not read. The
    header may stand just above ``first`` (the page starts under its seam) or open the page.
    """
    fields: dict[str, str] = {}
    top = first
    while top > 0 and first - top < RECORD_LOOKAHEAD and lines[top - 1].kind is Kind.RULE:
        top -= 1  # (the header the page starts under, when the seam is the header itself)
    window = lines[top : first + RECORD_LOOKAHEAD]
    header = list(itertools.takewhile(lambda line: line.kind is Kind.RULE, window))
    reference = any(_REFERENCE_ITEM.match(line.text) for line in header)
    for line in header:
        if (m := _RECORD_TITLE.match(line.text)) and not _NO_TITLE.match(m.group(1).strip()):
            fields.setdefault("title", m.group(1).strip().strip("“”\"'«»").strip())
        elif _RECORD_PUBLISHED.match(line.text) or (reference and _RECORD_DATE.match(line.text)):
            fields.setdefault("published", line.text)
        elif m := MESSAGE_HEADER.match(line.text):  # a channel's post: when it was posted is its date
            year = int(m["year"]) + (2000 if len(m["year"]) == 2 else 0)
            fields.setdefault("published", f"{year:04d}-{int(m['month']):02d}-{int(m['day']):02d}")
    return fields


RECORD_LOOKAHEAD = 8


def _record_headline(chunk: list[Line], recorded: str | None) -> int | None:
    """The line of the page that the exporter's "Title:" names (the headline itself, or the headline
    it was cut from), when the page holds one: that is the headline, not a ticker or a clock line
    above it ("توقيت القاهرة المحلي 13:53:48 آخر تحديث") nor a subhead under it."""
    wanted = fold_for_compare(recorded or "")
    if len(wanted.split()) < 2:
        return None
    return next((k for k, line in enumerate(chunk[:CONTENT_LOOKAHEAD])
                 if line.kind is not Kind.RULE and fold_for_compare(line.text).startswith(wanted)), None)


def _inside_seam_block(lines: list[Line], starts: list[int], n: int) -> bool:
    """Is start ``n`` inside a block of seam lines whose first line starts the page already (a record
    header's "From:", "To:", "Date:"; an archive's toolbar with the page's address in it)? The page
    starts at the block's first line, not under it."""
    here = k = starts[n]
    while k > 0 and lines[k].kind is Kind.RULE and lines[k - 1].kind is Kind.RULE and (
        not lines[k].blank_before or lines[k - 1].heading == 1  # (a clip's "# Title" over it)
    ):
        k -= 1
    return n > 0 and k < here and starts[n - 1] >= k


def _under_record_header(lines: list[Line], first: int) -> bool:
    """Does the page at ``first`` open with its exporter's record header ("Title:", "Link:"...)? The
    exporter wrote one per item it kept: whatever little text runs from one to the next is that item's
    (a mail's greeting above its digest's first story is not: the story's number ends it)."""
    head = itertools.takewhile(lambda line: line.kind is Kind.RULE, lines[first : first + RECORD_LOOKAHEAD])
    return any(RECORD_FIELD.match(line.text) for line in head)


STAMP_WORDS = 9  # a label, a date, its time: "تم النشر في: 17 فبراير 2026, 12:34 مساءً", "13 تموز 2020 12:02ص"
STAMPED_TITLE_WORDS = 3
# a stamp's last word: a date's or a time's ("2020", "12:02ص"), or its "PM"
_STAMP_END = re.compile(r"(?:\d\S*|(?<!\S)(?:[ap]\.?m\.?|ص|م|صباحا|صباحاً|مساء|مساءً))$", re.IGNORECASE)


def _stamp_before(title: str) -> tuple[str, str] | None:
    """(stamp, headline) when a title opens with a whole dated stamp glued to the headline, else None."""
    words = title.split()
    for n in range(min(STAMP_WORDS, len(words) - STAMPED_TITLE_WORDS), 1, -1):
        head = " ".join(words[:n])
        if _STAMP_END.search(head) and not head.endswith(":") and is_bare_stamp(head):
            return head, " ".join(words[n:])
    return None


_SLUG_TAIL = re.compile(r"(?:\.(?:html?|php|aspx?|jsp)|[-_]\d+)$", re.IGNORECASE)
_SLUG_HEAD = re.compile(r"^\d+[-_]")  # the story's number before its words ("209345-السوداني-يوجه")
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
SLUG_TITLE_WORDS = 3


def _slug_title(address: str) -> str | None:
    """The headline an address spells ("…/post/انطلاق-دورة-المراقبة-لامتحان"), or None."""
    path = unquote(address.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]).rstrip("/")
    last = path.rpartition("/")[2]
    while (trimmed := _SLUG_TAIL.sub("", last)) != last:
        last = trimmed
    last = _SLUG_HEAD.sub("", last)
    words = [w for w in re.split(r"[-_+]+", last) if w]
    if len(words) < SLUG_TITLE_WORDS or sum(bool(_SLUG_WORD.search(w)) for w in words) < SLUG_TITLE_WORDS:
        return None
    slug = " ".join(words)
    if ends_mid_sentence(slug) or (len(words[-1]) <= 2 and not words[-1].isdigit()):
        return None  # cut short by the site ("… أمام الرجاء ال", "… ويكشف عن"): no headline, a fragment
    return slug


TEASER_TITLE_WORDS = 12  # a line this short right over a byline is a headline (a teaser's, under the text)
_ENTRY_META = re.compile(
    r"^(?:this entry was\s+|first\s+|originally\s+)?(?:posted|published)(?:\s+on)?\s*:?\s*", re.IGNORECASE
)


def _entry_meta_date(rest: list[Line], arabic: bool) -> tuple[str, str, str] | None:
    """The date of a blog's entry meta printed under its text ("Posted on August 2, 2019 by ...",
    "First Published on Apr 8, 2020"), or of a byline set below the lead and the photo ("By Lance
    Ulanoff published 19 May 2026"), for a page with none in its header: the first such line after
    the headline, before the readers' comments, is the article's own (the related posts' come after
    it)."""
    in_box = False  # under "Suggested reads" / "related news", until the article's text goes on
    previous: Line | None = None  # (the first line of ``rest`` is under the article's own headline)
    lines = rest[: _comments_start(rest)]
    for k, line in enumerate(lines):
        above, previous = previous, line
        if line.kind in _SEAMS or _is_bodyish(line):
            in_box = line.kind in _SEAMS
            continue
        if in_box:
            continue
        m = _ENTRY_META.match(line.text)
        if m is not None and line.words <= MAX_SHORT_WORDS:
            text = line.text[m.end() :]
        elif (line.kind is Kind.BYLINE or _BYLINE_LEAD.match(line.text)) and not is_update_line(line.text):
            if above is not None and (above.kind is Kind.SHORT or above.words <= TEASER_TITLE_WORDS) and not (
                is_name_like(above.text)
            ):
                continue  # under another headline: a teaser's ("An HR Manager Responds …" / "by Rick …")
            text = line.text
        elif line.kind is Kind.DATE and not is_update_line(line.text) and any(
            0 <= j < len(lines) and lines[j].kind is Kind.BYLINE for j in (k - 1, k + 1)
        ):
            text = line.text  # "Dec. 13, 2016, 12:31 PM UTC" over "By Alyssa Newcomb", under the photo
        else:
            continue
        parsed = parse_header_date(text, arabic)
        if parsed is None and m is None:  # "By Natalie Gagliordi for Between the Lines | May 24, 2016 -- …"
            parsed = next(filter(None, (parse_header_date(part, arabic) for part in text.split(" | "))), None)
        if parsed is not None:
            return _with_line(parsed, line.text) if parsed[1] == "day" else None
        if line.kind is Kind.BYLINE and relative_date_evidence(line.text):
            return None  # its own byline dates it relatively ("By Nathan Bernier | KUT • 16 hours ago")
    return None


_COMMENTS_HEAD = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|تعليقا?ت?)|comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)"
    r"|(?:add|post|write) a comment|join the (?:conversation|discussion)|reader comments|comments? form"
    r"|comment on this (?:article|story|post)"
    r"|التعليقات|تعليقات القراء|أضف تعليق[اًك]?|اضف تعليق[اًك]?|اترك تعليق[اًك]?|اترك ردا?ً?)\s*:?$",
    re.IGNORECASE,
)


def _comments_start(rest: list[Line]) -> int | None:
    """Where the readers' comments begin ("3 Comments", "Leave a Reply", "التعليقات"), after the text.

    Comments are running text too, and they sit close under the article, so only their heading
    tells them apart; nothing before the first paragraph of the article counts as that heading.
    """
    paragraphs = chars = 0
    for k, line in enumerate(rest):
        if _is_bodyish(line):
            paragraphs += 1
            chars += len(line.text)
        elif paragraphs >= 2 and chars >= LONG_PARAGRAPH and (
            (line.words <= 4 and _COMMENTS_HEAD.match(line.text)) or COMMENTS_TITLE.match(line.text)
        ):
            return k  # (a comment-count button under a photo caption, above the text, is not it)
    return None


LISTING_MIN = 5  # headline-sized lines that make a page of headlines (a press digest) an article
LISTING_WORDS = 4


def _headline_list(rest: list[Line]) -> list[Line]:
    """The lines of a page that is a list of headlines (no running text), or [] when it is not one.

    A digest of the day's papers or a list of a ministry's decisions is the page's content: losing it
    as "teasers" would lose the article. Only used where the page holds no running text at all.
    """
    kept = [line for line in rest if line.kind not in (*_FURNITURE, *_SEAMS)]
    items = [line for line in kept if line.kind is Kind.SHORT and line.words >= LISTING_WORDS]
    return kept if len(items) >= LISTING_MIN else []


_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


def _address_date(header: list[Line]) -> tuple[str, str, str] | None:
    """The date in the page's address, when the scraper wrote the address alone above the page."""
    for line in header:
        if (line.kind is Kind.RULE or _is_url(line.text)) and (m := _ADDRESS.search(line.text)):
            return _with_line(address_date(m.group()), m.group())
    return None


def _stray_token(line: Line, language: str | None) -> bool:
    """A lone short word in the other script on a line of its own inside an article ("null", "TT"
    in Arabic text: a page template's leftovers, an image's code) is not the article's text."""
    if line.words != 1 or len(line.text) > 12 or not any(ch.isalpha() for ch in line.text):
        return False
    return language is not None and line.language != language


def _date_after(chunk: list[Line], t: int) -> bool:
    """Does a dated header line follow the headline? Then it, not a line above, dates the article."""
    for line in _ahead(chunk, t, HEADER_WINDOW + 2):
        if _is_bodyish(line):
            return False
        if line.kind in (Kind.DATE, Kind.BYLINE) and parse_header_date(line.text):
            return True
    return False


def _boundary(lines: list[Line], i: int, forced: set[int]) -> Boundary:
    """The reason and confidence of the article start at line i, as the researcher will read them."""
    line = lines[i]
    if i == 0:
        return Boundary("the start of the file", 1.0)
    if line.start in forced:
        return Boundary("your split", 1.0)
    if line.kind is Kind.RULE:
        what = (
            "a page break" if line.text == FORM_FEED
            else "the page's address" if _is_url(line.text)
            else "a message's header (channel, date posted)" if MESSAGE_HEADER.match(line.text)
            else "a web archive's toolbar" if ARCHIVE_OPEN.match(line.text)
            else "the page's record header (title, address, date saved)"
            if RECORD_FIELD.match(line.text) or line.heading == 1
            else "a separator line"
        )
        return Boundary(f"a new page after {what}", 0.9)
    score, why = start_evidence(lines, i, None)
    if score > 0 and why:
        return Boundary("headline: " + "; ".join(why), round(min(1.0, score / 6), 2))
    return Boundary("headline: an article's text of its own under it", 0.5)


def date_note(text: str) -> str | None:
    """What a header line that gives no date still says: "6 hours ago", a "last updated" stamp."""
    if note := relative_date_evidence(text):
        return note
    if is_update_line(text):
        return f"an update stamp, not the publication date: {text[:80]!r}"
    return None


def _with_line(parsed: tuple[str, str] | None, line: str) -> tuple[str, str, str] | None:
    return (parsed[0], parsed[1], line) if parsed else None


_FRONT_MATTER_OPEN = re.compile(r"^---[ \t]*\n(?:[A-Za-z_][\w-]{0,40}[ \t]*:.*\n){2,}", re.MULTILINE)
FRONT_MATTER_TITLE_TAIL = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")  # "Headline | The Japan Times"


def _front_matter_starts(text: str) -> list[int]:
    """Where a YAML front matter block (``---`` / ``title: …`` / ``---``) opens an article.

    Scrapers such as trafilatura write each page as such a block and its text, and notes apps
    (Obsidian, Zotero, Jekyll) do the same: the block states title, date and author outright.
    """
    starts = []
    for m in _FRONT_MATTER_OPEN.finditer(text):
        fields, _body = front_matter(text[m.start() : m.start() + 20_000])
        if fields and ("title" in fields or "date" in fields):
            starts.append(_title_line_above(text, m.start(), _text_field(fields, "title")))
    return starts


def _title_line_above(text: str, block: int, title: str | None) -> int:
    """Where the article of the block at ``block`` starts: at the page's browser title when the
    scraper wrote it on a line of its own above the block ("Headline — Site", a blank line, "---")."""
    window = max(0, block - TITLE_LINE_CHARS - 8)
    above = text[window:block].rstrip()
    line_start = window + above.rfind("\n") + 1
    line = text[line_start:block].strip()
    if title and line and "\n" not in line and (line.startswith(title) or title.startswith(line)):
        return line_start
    return block


TITLE_LINE_CHARS = 300


def _from_front_matter(piece: str, offset: int, common: frozenset[str]) -> list[Segment]:
    """The article of a front matter block and the text under it (the block's fields, the text's body),
    and any page glued on after that text under its own browser title ("Headline | Site")."""
    block = _FRONT_MATTER_OPEN.search(piece)
    fields, body = front_matter(piece[block.start() if block else 0 :])  # (under its browser title, if any)
    head = len(piece) - len(body)
    cuts = [*_browser_title_cuts(body, common), len(body)]  # pages glued on, under their <title>
    parts = segment_text(body[: cuts[0]], common) if body[: cuts[0]].strip() else []
    later: list[Segment] = []
    glued = next((n for n, part in enumerate(parts)
                  if n and (part.header_date or _after_page_break(body, part.start))), len(parts))
    for part in parts[glued:]:  # a dated page under the block's text, or one after a form feed: a page
        # the scraper saved bare
        part.start += offset + head
        part.end += offset + head
        later.append(part)
    parts = parts[:glued]
    for a, b in itertools.pairwise(cuts):
        pages = segment_text(body[a:b], common)
        if pages and pages[0].title and _browser_title(pages[0].title):
            pages[0].title = FRONT_MATTER_TITLE_TAIL.sub("", pages[0].title)  # its <title>: "Headline - Site"
        for part in pages:  # (their offsets were the page's)
            part.start += offset + head + a
            part.end += offset + head + a
            later.append(part)
    end = later[0].start if later else offset + len(piece)
    title = _text_field(fields, "title")
    seg = Segment(start=offset, end=end, title=title)
    sitename = _text_field(fields, "sitename", "site", "publisher")
    author = _text_field(fields, "author", "authors", "byline")
    if title and FRONT_MATTER_TITLE_TAIL.search(title) and any(
        name and title.endswith(name) for name in (sitename, author)
    ):
        seg.title = FRONT_MATTER_TITLE_TAIL.sub("", title)  # "Headline - The Japan Times", "... — Author"
    seg.title = without_site_tail(seg.title) if seg.title else seg.title
    if seg.title and (address := _text_field(fields, "source", "url", "link", "canonical", "original_url")):
        seg.title = without_host_name(seg.title, address)
    seg.byline = author
    seg.outlet = _text_field(fields, "sitename", "site", "publisher", "hostname")
    if date := _date_field(fields):
        precision = {10: "day", 7: "month"}.get(len(date), "year")
        seg.header_date = (date, precision, f"date: {date}")
    for part in parts:
        seg.body.extend(part.body)
        seg.removed.extend(part.removed)
        seg.text_chars += part.text_chars
    seg.removed.insert(0, piece[:head])
    if not seg.title:
        seg.title = parts[0].title if parts else _derive_title(seg.body)
    seg.boundary = Boundary("a front matter block (title, date, author)", 1.0)
    return [seg, *later]


def _after_page_break(text: str, start: int) -> bool:
    """Does a form feed stand just above ``start``? A scraper's page break: what follows is another
    page, whatever its first line (an article's own text never holds one; a dashed line it may)."""
    return text[:start].rstrip(" \t\r\n").endswith(FORM_FEED) or text[start:].lstrip(" \t\r\n").startswith(
        FORM_FEED  # (the page break may open the page's own lines)
    )


def _browser_title_cuts(body: str, common: frozenset[str]) -> list[int]:
    """Where, in the text under a front matter block, other pages begin under their browser titles
    ("Headline | Site" alone between blank lines, running text under it). A scraper that saved some
    pages without a block still wrote each page's <title> above it."""
    lines = split_lines(body, common)
    return [
        line.start
        for k, line in enumerate(lines[1:-1], start=1)
        if line.kind is Kind.SHORT and line.blank_before and lines[k + 1].blank_before
        and _is_bodyish(lines[k + 1]) and _browser_title(line.text)
    ]


def _browser_title(text: str) -> bool:
    """A page's <title>: a headline of four words or more, then " | " or " - " and the site's name."""
    m = FRONT_MATTER_TITLE_TAIL.search(text)
    if m is None:
        return False
    return len(text[: m.start()].split()) >= 4 and len(m.group().split()) <= SITE_TAIL_WORDS + 1


TEASER_PAGE_ITEMS = 3  # headline-and-summary pairs that make a page a listing of its own
LISTING_PAGE_MIN = 2  # ... or a page of a file that holds such a listing already


def _teaser_items(lines: list[Line], first: int, last: int, least: int = TEASER_PAGE_ITEMS) -> list[int]:
    """The headlines of a listing page (a category or archive page saved whole): every running text
    of the page is one summary under its own headline, none long enough to be an article's text.
    Such a page holds nothing but its items, so each item is an article; a teaser list under an
    article's text is not a listing page (the article's paragraphs have no headline each)."""
    heads: list[int] = []
    summaries = 0
    k = first
    while k < last:
        line = lines[k]
        if _is_bodyish(line):
            if len(line.text) >= LONG_PARAGRAPH or not heads or heads[-1] != _summary_head(lines, k, first):
                return []
            summaries += 1
        elif line.kind is Kind.SHORT and line.words >= 4 and not _list_item(lines, k):
            heads.append(k)
        k += 1
    whole_page = (first == 0 or lines[first].kind is Kind.RULE) and (
        last == len(lines) or lines[last].kind is Kind.RULE
    )
    if summaries < least or not whole_page:
        return []
    if len({fold_for_compare(lines[h].text) for h in heads}) < len(heads):
        return []  # one label over every block (a forum's section name): not a page of items
    if heads and _address_names(lines[first].text, lines[heads[0]].text):
        return []  # the page's address names its first headline: one article, its subheads in it
    if _one_post_address(lines[first].text):
        return []  # "https://kaspress.ma/?p=168643": the address of one post, not of a listing
    if len(heads) >= SUBJECT_HEADS and not _is_url(lines[first].text) and _one_subject(lines, heads):
        return []  # each "item" names what the first does: an article's subheads, not a listing (where
        # the page's address is written, it says which: a category's address or the headline's)
    paired = [h for h in heads if (nxt := _ahead(lines, h, 1)) and _is_bodyish(nxt[0])]
    return paired if len(paired) == summaries else []


SUBJECT_WORD_CHARS = 4  # a word that names a subject ("Shorta", "ميسان"), not a particle
SUBJECT_HEADS = 3  # two headlines of one listing may share a word by chance ("climate"); three less so


def _one_subject(lines: list[Line], heads: list[int]) -> bool:
    """Do all the later headings name something the first one names (one match, one team): the
    subheads of one article? A listing's items are each about their own thing."""
    def words(k: int) -> set[str]:
        return {w for w in content_words(lines[k].text) - FUNCTION_WORDS if len(w) >= SUBJECT_WORD_CHARS}

    first = words(heads[0])
    return bool(first) and all(words(h) & first for h in heads[1:])


_SLUG_SPLIT = re.compile(r"[\W_]+")
SLUG_WORDS = 3  # words of a headline in its page's address: the address names that article


def _address_names(address: str, headline: str) -> bool:
    """Does a page's address (a URL line) spell out ``headline`` ("/article/…/الدورة-45-لمهرجان-صفاقس")?
    A listing's address names its section (/category/culture/), an article's its headline."""
    if not _is_url(address):
        return False
    path = unquote(address.split("://", 1)[-1].partition("/")[2]).casefold()
    slug = set(_SLUG_SPLIT.split(path))
    words = {w for w in _SLUG_SPLIT.split(headline.casefold()) if len(w) > 2 and not w.isdigit()}
    return bool(words) and len(words & slug) >= min(SLUG_WORDS, len(words))


_POST_ADDRESS = re.compile(
    r"[?&](?:p|id|story_id|news_id|article_id|nid)=\d{3,}\b"  # WordPress's ?p=168643, a CMS's ?id=
    r"|/(?:node|archives|article|articles|news|story|post|posts|p|a)/\d{3,}/?(?:[?#].*)?$"  # /node/1756
    r"|/(?:19|20)\d\d/\d\d?/(?:\d\d?/)?[^/?#\s]{8,}"  # /2010/11/30/<slug>: a dated post
    r"|/(?!(?:19|20)\d\d/?$)\d{4,}(?:\.html?)?/?$",  # /73248, /726519.html (not a year's archive: /2024/)
    re.IGNORECASE,
)


def _one_post_address(line: str) -> bool:
    """Is ``line`` the address of one post (an id or a date and slug), not of a category or tag page?"""
    return _is_url(line) and bool(_POST_ADDRESS.search(line.strip()))


def _summary_head(lines: list[Line], k: int, first: int) -> int | None:
    """The headline line a summary at k sits under (the nearest line above that is not furniture)."""
    for j in range(k - 1, first - 1, -1):
        if lines[j].kind in _FURNITURE:
            continue
        return j if lines[j].kind is Kind.SHORT else None
    return None


def _teaser_pages(lines: list[Line], starts: list[int]) -> tuple[list[int], set[int]]:
    """Starts with every item of a listing page opening an article, and those item starts.

    The page's top furniture (its category label) goes with its first item."""
    out = set(starts)
    items: set[int] = set()
    bounds = [0, *(k for k, line in enumerate(lines) if line.kind is Kind.RULE and k > 0), len(lines)]
    pages = [_teaser_items(lines, first, last) for first, last in itertools.pairwise(bounds)]
    if any(pages):  # one listing page in a file: its other pages of two items are the same site's listings
        pages = [
            heads or _teaser_items(lines, first, last, LISTING_PAGE_MIN)
            for heads, (first, last) in zip(pages, itertools.pairwise(bounds), strict=True)
        ]
    for heads, (first, last) in zip(pages, itertools.pairwise(bounds), strict=True):
        if not heads:
            continue
        opening = first if first in out or first == 0 else heads[0]
        out -= set(range(first, last))
        out |= {opening, *heads[1:]}
        items |= {opening, *heads[1:]}
    return sorted(out), items


TEASER_RUN_ITEMS = 3  # teasers in a row (headline, section label, one summary): a grid, not articles
TEASER_SUMMARY_CHARS = 300  # a teaser's summary is a sentence or two
TEASER_LABEL_WORDS = 3  # its section label ("TV", "Canary Islands")


def _grid_item(lines: list[Line], k: int) -> int | None:
    """The line after a teaser of a grid starting at k (a headline, its section label, a summary of
    a sentence or two, nothing else: a byline or a date would make it a news brief), or None."""
    if k + 2 >= len(lines):
        return None
    head = lines[k]
    if head.kind is not Kind.SHORT or head.words < 4:
        return None
    label, summary = lines[k + 1], lines[k + 2]
    if not (label.kind in (Kind.SHORT, Kind.NAV) and label.words <= TEASER_LABEL_WORDS):
        return None
    if summary.words < SHORT_TEXT_WORDS or len(summary.text) >= TEASER_SUMMARY_CHARS:
        return None
    return k + 3 if summary.kind in (Kind.SHORT, Kind.BODY) else None


def _grid_gap(lines: list[Line], k: int) -> int | None:
    """The line after what may sit between two teasers of a grid: a list's label ("Top Stories"), or
    an item whose headline the dump lost (its section label over its summary)."""
    if k >= len(lines):
        return None
    if lines[k].kind in (Kind.SEPARATOR, Kind.NAV):
        return k + 1
    if k + 1 < len(lines) and lines[k].kind is Kind.SHORT and lines[k].words <= TEASER_LABEL_WORDS:
        summary = lines[k + 1]
        if summary.words >= SHORT_TEXT_WORDS and len(summary.text) < TEASER_SUMMARY_CHARS:
            return k + 2
    return None


def _grids(lines: list[Line]) -> list[tuple[int, int]]:
    """The line spans of teaser grids: TEASER_RUN_ITEMS teasers or more, one right under the other."""
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        end, items = k, 0
        while (after := _grid_item(lines, end)) is not None or (items and (after := _grid_gap(lines, end))):
            items += lines[end].kind is Kind.SHORT and lines[end].words >= 4
            end = after
        if items >= TEASER_RUN_ITEMS:
            spans.append((k, end))
            k = end
        else:
            k += 1
    return spans


def _teaser_runs(lines: list[Line], starts: list[int], keep: set[int]) -> list[int]:
    """Starts without those inside a teaser grid ("Most Read": headline, section label, one
    summary; again and again): each item looks like a news brief, but a grid is a page's furniture
    (a listing page of such items is :func:`_teaser_pages`' work). A grid that opens nothing is
    marked as furniture in ``lines``, so its teasers do not become the text of the article above it."""
    grids = _grids(lines)
    kept = [
        s for n, s in enumerate(starts)
        if n == 0 or s in keep or not any(first <= s < end for first, end in grids)
    ]
    for first, end in grids:
        if not any(first <= s < end for s in kept):  # the grid is furniture of the article above it
            lines[first:end] = [replace(line, kind=Kind.NAV) for line in lines[first:end]]
    return kept


LEAD_MIN_CHARS = 120  # a whole lead sentence, as a copy of a news item's first paragraph holds
LEAD_HEADLINE_WORDS = 4


def _lead_only(lines: list[Line], first: int, last: int, segment: Segment) -> bool:
    """Is a short first article a headline over one whole lead sentence (a researcher's copy of a
    news item's top), rather than the page's top furniture? Furniture is no sentence under a headline."""
    if segment.title is None or segment.text_chars < LEAD_MIN_CHARS:
        return False
    head = next((line for line in lines[first:last] if line.kind is Kind.SHORT), None)
    body = [line for line in lines[first:last] if _is_bodyish(line)]
    return (
        head is not None and head.words >= LEAD_HEADLINE_WORDS and len(body) == 1
        and body[0].text.rstrip(" \"'”’»)").endswith((".", "!", "؟", "?"))
    )


def _second_copy(lines: list[Line], starts: list[int], n: int) -> bool:
    """Does start n open the same headline and paragraphs again, right under the first copy with no seam
    between (a page that prints its story twice, or a copy saved with its print version)? Then it is
    the first copy's page, not a second article."""
    if n == 0:
        return False
    prev, first = starts[n - 1], starts[n]
    end = starts[n + 1] if n + 1 < len(starts) else len(lines)
    if any(line.kind in _SEAMS for line in lines[prev:first]):
        return False
    headline = lines[first].text
    if not any(line.kind is Kind.SHORT and near_repeat(line.text, headline) for line in lines[prev:first]):
        return False
    before = [fold_for_compare(line.text) for line in lines[prev:first] if _is_bodyish(line)]
    again = [fold_for_compare(line.text) for line in lines[first:end] if _is_bodyish(line)]
    return len(again) >= 2 and again == before[-len(again):]


def segment_text(
    text: str, common: frozenset[str] = frozenset(), fixes: FileBoundaryFixes | None = None
) -> list[Segment]:
    """All articles of one decoded file, in order; a single-article file gives one segment.

    ``fixes`` are the researcher's own splits and merges; they override the splitter's starts.
    """
    if (table := article_rows(text)) is not None:  # a scraper's CSV or JSON: its rows are the articles
        from reader.ingest.table_articles import table_segments

        return table_segments(text, *table, common, fixes)
    if (messages := chat_messages(text)) is not None:  # a chat's copy: its shared stories are the articles
        from reader.ingest.chat_articles import chat_segments

        if (stories := chat_segments(text, messages, common, fixes)) is not None:
            return stories
    if not fixes and (blocks := _front_matter_starts(text)) and (blocks[0] == 0 or len(blocks) > 1):
        bounds = [*([0] if blocks[0] else []), *blocks, len(text)]
        return [
            segment
            for a, b in itertools.pairwise(bounds)
            if text[a:b].strip()
            for segment in (
                _from_front_matter(text[a:b], a, common) if a in blocks else segment_text(text[a:b], common)
            )
        ]  # (a piece before the first block holds what the scraper saved before it, whole)
    lines = split_lines(text, common)
    if not lines:
        return []
    titles: dict[tuple[int, int], int | None] = {}
    starts = _split_before_headlines(
        lines, _headlines_over_addresses(lines, _at_seams(lines, _to_headlines(lines, find_starts(lines)))),
        titles,
    )
    starts, items = _teaser_pages(lines, starts)
    starts = _teaser_runs(lines, starts, items)
    starts = [s for n, s in enumerate(starts) if not _inside_seam_block(lines, starts, n)]
    starts = [s for n, s in enumerate(starts) if not _second_copy(lines, starts, n)]
    if _addresses_under_pages(lines):
        # Each page's address pasted under it: the address ends its page, the next begins under it.
        starts = sorted({s + 1 if s and s + 1 < len(lines) and _is_url(lines[s].text) else s for s in starts})
    if fixes:
        starts = apply_to_starts(starts, [(line.start, line.end) for line in lines], fixes)
    forced = (
        {lines[i].start for i in lines_at(fixes.split_at, [(line.start, line.end) for line in lines])}
        if fixes
        else set()
    )  # the lines the researcher split at
    segments: list[Segment] = []
    thin_first = False
    carried: Segment | None = None
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(lines)
        span_start = 0 if n == 0 else lines[first].start
        span_end = lines[last].start if last < len(lines) else len(text)
        title: int | bool | None = titles.get((first, last), False)
        if lines[first].start in forced:
            # The researcher split here: the article starts at that line, whatever shape it has.
            title = 0 if lines[first].kind is Kind.SHORT else None
        segment = build_segment(lines, first, last, (span_start, span_end), title)
        segment.boundary = _boundary(lines, first, forced)
        page = lines[first].kind is Kind.RULE and (last == len(lines) or lines[last].kind is Kind.RULE)
        thin = (
            segment.text_chars < (SHORT_ITEM_CHARS if segment.header_date else CONTENT_MIN_CHARS)
            and lines[first].start not in forced
            and not (segment.listing and lines[first].kind is Kind.RULE)
            and not (page and segment.title and segment.text_chars >= SHORT_ITEM_CHARS)
            and not (page and _under_record_header(lines, first)
                     and (last == len(lines) or _under_record_header(lines, last)))
            and first not in items
        )  # a dated brief is an article, and so is a page of headlines or a short page the scraper
        # saved whole between two seams, or under the record header its exporter wrote for each page;
        # undated scraps are teasers
        if segment.body and not (thin and segments):
            if not segments:
                segment.start = 0
                segment.boundary = Boundary("the start of the file", 1.0)
            if not segments:
                thin_first = thin and not _lead_only(lines, first, last, segment)
            if carried is not None:  # the record header (and greeting) the page came under
                segment.start, segment.boundary = carried.start, carried.boundary
                segment.removed[:0] = [carried.title or "", *carried.body, *carried.removed]
                carried = None
            segments.append(segment)
        elif segments and last < len(lines) and lines[first].kind is Kind.RULE and _under_record_header(
            lines, first
        ):
            carried = segment  # a mail's header and greeting over its digest's first story: that story's
            segments[-1].end = span_start
        elif segments:
            # A title with no text, or a teaser block: keep its lines reachable in the previous article.
            segments[-1].end = span_end
            segments[-1].removed.extend([segment.title or "", *segment.body, *segment.removed])
    if carried is not None and segments:  # (no story came under it after all)
        segments[-1].end = len(text)
        segments[-1].removed.extend([carried.title or "", *carried.body, *carried.removed])
    if len(segments) > 1 and thin_first:
        # The page's top furniture came out as an "article": it belongs to the first real one.
        top, second = segments.pop(0), segments[0]
        second.start = 0
        second.boundary = top.boundary
        second.removed[:0] = [top.title or "", *top.body, *top.removed]
    if not segments:
        # No running text anywhere (a list of headlines, a one-line note): still one article, so
        # nothing the user put in the folder silently disappears.
        kept = [line.text for line in lines if line.kind is not Kind.BOILER] or [line.text for line in lines]
        segments.append(Segment(start=0, end=len(text), title=kept[0], body=kept))
    return segments
