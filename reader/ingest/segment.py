"""Split a scraped page into articles and pull out each article's header.

A blog page or aggregator dump holds many articles in a row. A new article starts at a short,
headline-shaped line that carries *evidence*: it follows a "Related News"-style separator or the
end of a previous article (copyright, comment prompt), it is followed by a byline, date, outlet
line or a second copy of itself, it is set in capitals, or it switches language. Subheads inside
an article have none of that, so they stay inside. Every decision rests on line shapes
(see ``lines.py``), so unseen sites split the same way.

Each article keeps its whole source span (``original``): what the cleaning drops is never lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.ingest.boundaries import FileBoundaryFixes, apply_to_starts
from reader.ingest.dates import parse_header_date
from reader.ingest.lines import (
    Kind,
    Line,
    fold_for_compare,
    is_all_caps,
    is_name_like,
    is_outlet_like,
    is_title_case,
    near_repeat,
    source_attribution,
    split_lines,
    trailing_byline,
)

START_SCORE = 3
HEADER_WINDOW = 4  # lines after a headline that may hold its byline / date / outlet
BODY_LOOKAHEAD = 8  # an article must reach running text within this many lines


@dataclass
class Segment:
    """One article as found in its file, before ids, languages and dates are settled."""

    start: int  # code-point span of the article in the source text
    end: int
    title: str | None
    byline: str | None = None
    outlet: str | None = None
    header_date: tuple[str, str, str] | None = None  # (value, precision, the line it came from)
    body: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _is_bodyish(line: Line) -> bool:
    return line.kind is Kind.BODY or (line.kind is Kind.SHORT and line.words >= 15)


def _header_evidence(lines: list[Line], i: int) -> bool:
    """Is line i followed, before any running text, by what only article headers carry?"""
    for j in range(i + 1, min(len(lines), i + 1 + HEADER_WINDOW)):
        nxt = lines[j]
        if nxt.language != lines[i].language and nxt.kind is Kind.SHORT:
            return False  # an English headline's header is not the next Arabic article's
        if nxt.kind in (Kind.BYLINE, Kind.DATE):
            return True
        if nxt.kind is Kind.SHORT and (
            near_repeat(nxt.text, lines[i].text) or is_outlet_like(nxt.text) or is_name_like(nxt.text)
        ):
            return True
        if _is_bodyish(nxt) or nxt.kind is Kind.SEPARATOR:
            return False
    return False


def _body_follows(lines: list[Line], i: int) -> bool:
    for j in range(i + 1, min(len(lines), i + 1 + BODY_LOOKAHEAD)):
        if lines[j].kind is Kind.SEPARATOR:
            return False
        if _is_bodyish(lines[j]):
            return True
    return False


def _previous_significant(lines: list[Line], i: int) -> Line | None:
    return lines[i - 1] if i > 0 else None


def _last_body_language(lines: list[Line], i: int) -> str | None:
    for j in range(i - 1, max(-1, i - 12), -1):
        if _is_bodyish(lines[j]):
            return lines[j].language
    return None


def start_score(lines: list[Line], i: int, current_title: str | None) -> int:
    """How strongly line i looks like the first line of a new article."""
    line = lines[i]
    if line.kind is not Kind.SHORT:
        return 0
    if current_title and near_repeat(line.text, current_title):
        return 0
    score = 0
    prev = _previous_significant(lines, i)
    if prev is None or prev.kind is Kind.SEPARATOR:
        score += 3
    elif prev.kind is Kind.BOILER:
        score += 1
    if _header_evidence(lines, i):
        score += 2
    if is_all_caps(line.text) and line.words >= 4:
        score += 2
    if is_all_caps(line.text) or is_title_case(line.text):
        score += 1
    before = _last_body_language(lines, i)
    if before is not None and before != line.language:
        score += 1
    return score


def find_starts(lines: list[Line]) -> list[int]:
    """Indices of lines that open an article; the first line of the file always does."""
    if not lines:
        return []
    starts = [0]
    title = lines[0].text if lines[0].kind is Kind.SHORT else None
    after_separator = False
    in_header = True  # between an article's first line and its first running text: no new starts
    for i in range(1, len(lines)):
        line = lines[i]
        if line.kind is Kind.SEPARATOR:
            after_separator = True
            in_header = False
            continue
        if _is_bodyish(line):
            in_header = False
        if in_header:
            continue
        score = start_score(lines, i, title)
        if score >= START_SCORE and _body_follows(lines, i):
            starts.append(i)
            title = line.text
            after_separator = False
            in_header = True
        elif after_separator and line.kind is not Kind.BOILER and _body_follows(lines, i):
            # Text after a separator that no headline introduced (a byline, a date, running text):
            # a new, untitled item.
            starts.append(i)
            title = line.text if line.kind is Kind.SHORT else None
            after_separator = False
            in_header = not _is_bodyish(line)
    return starts


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
        if any(ch.isdigit() for ch in word) or word.strip(",.،-–") in _WEEKDAYS:
            return " ".join(words[:k]) or None
    return None


_WEEKDAYS = {
    "السبت", "الأحد", "الاحد", "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الاربعاء", "الخميس", "الجمعة",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}


def _derive_title(paragraphs: list[str]) -> str:
    """An untitled article (a bare blog post) is named by its opening words, marked by the ellipsis."""
    if not paragraphs:
        return "(untitled)"
    first = paragraphs[0]
    sentence = re.split(r"(?<=[.!?؟])\s", first, maxsplit=1)[0]
    if len(sentence) <= 90:
        return sentence.rstrip()
    cut = sentence[:90].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:،") + "…"


def _more_header_follows(chunk: list[Line], i: int) -> bool:
    """Is line i followed, before any running text, by a byline, date or outlet line?"""
    for line in chunk[i + 1 : i + 3]:
        if line.kind in (Kind.BYLINE, Kind.DATE) or is_outlet_like(line.text):
            return True
        if _is_bodyish(line):
            return False
    return False


def _join_wrapped(body: list[Line]) -> list[str]:
    """Undo hard wrapping: a line that stops mid-sentence and a next line starting in lower case."""
    out: list[str] = []
    for line in body:
        if (
            out
            and len(out[-1]) >= 40
            and out[-1][-1].isalpha()
            and line.text[:1].islower()
            and line.text[:1].isascii()
        ):
            out[-1] = out[-1] + " " + line.text
        else:
            out.append(line.text)
    return out


def build_segment(lines: list[Line], first: int, last: int, span: tuple[int, int]) -> Segment:
    """Header fields and clean body of the article made of ``lines[first:last]``."""
    chunk = lines[first:last]
    seg = Segment(start=span[0], end=span[1], title=None)
    i = 0
    if chunk and chunk[0].kind is Kind.SHORT:
        seg.title = chunk[0].text
        i = 1
    # Header zone: repeats of the title, bylines, dates, outlet and section lines before the text.
    lead: list[Line] = []
    while i < len(chunk) and (
        not _is_bodyish(chunk[i]) or (seg.title is not None and near_repeat(chunk[i].text, seg.title))
    ):
        line = chunk[i]
        text = line.text
        if line.kind is Kind.SEPARATOR:
            break
        if line.kind is Kind.BOILER or (seg.title and near_repeat(text, seg.title)):
            seg.removed.append(text)
        elif line.kind is Kind.BYLINE:
            author, outlet = parse_byline(text)
            seg.byline = seg.byline or author
            seg.outlet = seg.outlet or outlet
            seg.header_date = seg.header_date or _with_line(parse_header_date(text), text)
        elif line.kind is Kind.DATE:
            seg.header_date = seg.header_date or _with_line(parse_header_date(text), text)
            seg.byline = seg.byline or _name_before_date(text)
        elif is_outlet_like(text) and not seg.outlet:
            seg.outlet = text
        elif line.language == "ar" and is_name_like(text) and not seg.byline:
            seg.byline = text
        elif len(text.split()) == 1 and seg.title:
            seg.removed.append(text)  # a section kicker such as "العراق"
        elif not lead and line.kind is Kind.SHORT and seg.title and _more_header_follows(chunk, i):
            lead.append(line)  # a standfirst between headline and byline/outlet: it is text
        else:
            break
        i += 1
    body: list[Line] = list(lead)
    for line in chunk[i:]:
        if line.kind is Kind.SEPARATOR:
            break  # "Related News" and what trails it belong to the page, not the article
        if line.kind is Kind.BOILER:
            seg.removed.append(line.text)
            continue
        body.append(line)
    # Trailing short lines: attributions, signatures, ads and link lists after the last paragraph.
    while body and not _is_bodyish(body[-1]) and body[-1].words <= 8:
        text = body.pop().text
        seg.removed.append(text)
        if (name := source_attribution(text)) and not seg.outlet:
            seg.outlet = name
        elif (name := trailing_byline(text)) and not seg.byline:
            seg.byline = name
        elif is_outlet_like(text) and not seg.outlet:
            seg.outlet = text
    seen: set[str] = set()
    for paragraph in _join_wrapped(body):
        key = fold_for_compare(paragraph)
        if key in seen and len(key) > 30:
            seg.removed.append(paragraph)  # the scraper copied this paragraph twice
            continue
        seen.add(key)
        seg.body.append(paragraph)
    if not seg.title:
        seg.title = _derive_title(seg.body)
    return seg


def _with_line(parsed: tuple[str, str] | None, line: str) -> tuple[str, str, str] | None:
    return (parsed[0], parsed[1], line) if parsed else None


def segment_text(
    text: str, common: frozenset[str] = frozenset(), fixes: FileBoundaryFixes | None = None
) -> list[Segment]:
    """All articles of one decoded file, in order; a single-article file gives one segment.

    ``fixes`` are the researcher's own splits and merges; they override the splitter's starts.
    """
    lines = split_lines(text, common)
    if not lines:
        return []
    starts = find_starts(lines)
    if fixes:
        starts = apply_to_starts(starts, [(line.start, line.end) for line in lines], fixes)
    segments: list[Segment] = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(lines)
        span_start = 0 if n == 0 else lines[first].start
        span_end = lines[last].start if last < len(lines) else len(text)
        segment = build_segment(lines, first, last, (span_start, span_end))
        if segment.body:
            if not segments:
                segment.start = 0
            segments.append(segment)
        elif segments:
            segments[-1].end = span_end  # a title with no text: keep its lines reachable
    if not segments:
        # No running text anywhere (a list of headlines, a one-line note): still one article, so
        # nothing the user put in the folder silently disappears.
        kept = [line.text for line in lines if line.kind is not Kind.BOILER] or [line.text for line in lines]
        segments.append(Segment(start=0, end=len(text), title=kept[0], body=kept))
    return segments
