"""Which English and Arabic articles are translations of each other (or report the same event).

Three sources, in order of authority: pairs declared in the corpus's ``metadata.csv`` (the
``pair`` column, read by ingest into ``Document.pair``), pairs the user made or dismissed (the
store's ``pairs`` table), and suggestions computed here.

Why suggestions rank by shared *entities* rather than words: an English article and its Arabic
translation share almost no words, but they name the same people, groups and places (the alias
table maps Kata'ib Hezbollah and كتائب حزب الله to one entity), quote the same numbers and
dates, and appear within days of each other. Each shared feature is weighted by its rarity in the
corpus (inverse document frequency), so sharing "Iraq" says little and sharing "Usbat
al-Tha'ireen" and "329" says a lot. Features are extracted once per corpus
(:class:`PairingIndex`); a suggestion then only visits articles of the other language that share
at least one feature, through an inverted index, which keeps it fast at 10,000 articles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.align.aligner import MONTH_STARTS, folded_words, month_of, numbers_in
from reader.ingest.model import Document
from reader.text.arabic import fold_arabic

if TYPE_CHECKING:
    from reader.store.annotations import Store
    from reader.text.names import AliasTable

__all__ = [
    "PairingIndex",
    "Suggestion",
    "all_pairs",
    "declared_pairs",
    "mentioned_dates",
    "suggest_pairs",
]

LANGUAGES = ("en", "ar")
MIN_NUMBER = 11  # 1-10 are written as words as often as in digits, and are everywhere anyway
TIME_WEIGHT = 0.25  # how much being published on the same day adds to a similarity of 0..1
TIME_SCALE_DAYS = 3.0  # closeness halves at this many days apart
# Evidence: two short articles sharing one number ("44") have a cosine of 0.5 and are not
# translations of each other. Translations share several names, numbers and dates (4 to 10 in the
# bundled pairs; unrelated articles of the real-world set share 1 to 3), so a similarity counts in
# full only from FULL_EVIDENCE shared features: x (shared + 1) / (FULL_EVIDENCE + 1) below that.
FULL_EVIDENCE = 4
# Score levels, measured on the bundled pairs (translations 1.0-1.25) and on the unrelated English
# and Arabic articles of tests/data/realworld (best non-pair 0.39 after the evidence factor).
VERY_LIKELY = 0.8
LIKELY = 0.55
POSSIBLE = 0.4
MAX_LISTED = 5  # names/numbers listed in one reason

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


@dataclass(frozen=True)
class Suggestion:
    """A candidate counterpart: its id, a score (higher is better) and the evidence in words."""

    doc_id: str
    score: float
    reasons: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Declared and stored pairs


def _resolver(documents: Sequence[Document]) -> Any:
    """Map what a metadata.csv ``pair`` cell may hold to an article id.

    An article id (``005_abc#01``) is taken as is; a file name or stem (``005_abc.txt``) names the
    file's article when the file holds exactly one, which is how curators write it.
    """
    by_id = {d.id: d for d in documents}
    by_file: dict[str, list[str]] = defaultdict(list)
    for d in documents:
        stem = d.id.rsplit("#", 1)[0]
        for key in {d.source, stem, d.source.rsplit("/", 1)[-1], stem.rsplit("/", 1)[-1]}:
            by_file[key].append(d.id)

    def resolve(value: str) -> str | None:
        value = value.strip()
        if value in by_id:
            return value
        ids = by_file.get(value) or by_file.get(value.rsplit(".", 1)[0], [])
        ids = list(dict.fromkeys(ids))
        return ids[0] if len(ids) == 1 else None

    return resolve


def declared_pairs(documents: Sequence[Document]) -> list[tuple[str, str]]:
    """Pairs declared in metadata.csv, each once as ``(smaller id, larger id)``.

    A pair declared from both sides (A names B and B names A) is one pair; a pair whose
    counterpart is not in the corpus (a typo, a file not scraped yet) is left out.
    """
    resolve = _resolver(documents)
    out: set[tuple[str, str]] = set()
    for d in documents:
        if not d.pair:
            continue
        other = resolve(d.pair)
        if other is not None and other != d.id:
            a, b = sorted((d.id, other))
            out.add((a, b))
    return sorted(out)


def _pair_key(item: Any) -> tuple[str, str] | None:
    if hasattr(item, "doc_a") and hasattr(item, "doc_b"):
        item = (item.doc_a, item.doc_b)
    if isinstance(item, tuple | list) and len(item) == 2:
        a, b = sorted((str(item[0]), str(item[1])))
        return a, b
    return None


def all_pairs(documents: Sequence[Document], store: Store | None = None) -> list[tuple[str, str]]:
    """Declared pairs plus the user's pairs from the store, minus pairs the user dismissed.

    Each pair once, ``(smaller id, larger id)``, sorted; only pairs whose two articles are in
    ``documents`` (the store may remember articles of a corpus since changed).
    """
    ids = {d.id for d in documents}
    pairs = set(declared_pairs(documents))
    if store is not None:
        dismissed: set[tuple[str, str]] = set()
        for stored in store.pairs():
            key = _pair_key(stored)
            if key is None:
                continue
            if stored.origin == "dismissed":
                dismissed.add(key)
            else:
                pairs.add(key)
        pairs -= dismissed
    return sorted(p for p in pairs if p[0] in ids and p[1] in ids)


# ---------------------------------------------------------------------------------------------
# Features of one article


def _day_number(word: str) -> int | None:
    word = fold_arabic(word).casefold()
    if word[:1] in ("و", "ب", "ف", "ل") and word[1:].isdigit():  # و5 كانون الثاني: "and the 5th"
        word = word[1:]
    for suffix in _ORDINAL_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)].isdigit():
            word = word[: -len(suffix)]
            break
    if word.isascii() and word.isdigit() and 1 <= int(word) <= 31:
        return int(word)
    return None


def mentioned_dates(text: str) -> set[str]:
    """Day-and-month mentions as ``MM-DD``, in either language.

    "March 14", "14 March", "14th of March", "14 آذار", "14 آذار/مارس", "5 كانون الثاني/يناير".
    The year is left out: articles say "on Saturday, March 14" far more often than the year.
    """
    return _dates_and_days(fold_arabic(text))[0]


def _dates_and_days(folded: str) -> tuple[set[str], Counter[str]]:
    """Dates as in :func:`mentioned_dates` in folded text, and how often each day number served
    as a date's day."""
    words = folded_words(folded, folded=True)
    out: set[str] = set()
    days: Counter[str] = Counter()
    skip_to = 0
    for i in [n for n, w in enumerate(words) if w in MONTH_STARTS]:  # C-speed filter first
        if i < skip_to:
            continue
        found = month_of(words, i)
        if found is None:
            continue
        month, used = found
        end = i + used
        # "آذار/مارس", "كانون الثاني/يناير": the second name of the same month belongs to the first.
        while end < len(words) and (again := month_of(words, end)) is not None and again[0] == month:
            end += again[1]
        day = _day_number(words[i - 1]) if i else None
        if day is None and i >= 2 and words[i - 1].casefold() == "of":
            day = _day_number(words[i - 2])
        if day is None and end < len(words) and words[i].isascii():  # "March 14" (English only)
            day = _day_number(words[end])
        if day is not None:
            out.add(f"{month:02d}-{day:02d}")
            days[str(day)] += 1
        skip_to = end
    return out, days


def _date_label(key: str) -> str:
    month, day = key.split("-")
    return f"{int(day)} {_MONTH_NAMES[int(month) - 1]}"


def _day_of(doc: Document) -> tuple[int, str] | None:
    """(ordinal day, precision) of the article's date, for day or month precision."""
    value, precision = doc.date.value, doc.date.precision
    if not value or precision not in ("day", "month"):
        return None
    try:
        if precision == "day":
            return dt.date.fromisoformat(value).toordinal(), "day"
        year, month = value.split("-")[:2]
        return dt.date(int(year), int(month), 15).toordinal(), "month"
    except ValueError:
        return None


def _features(doc: Document, aliases: AliasTable | None) -> set[str]:
    text = f"{doc.title}\n{doc.text}"
    feats: set[str] = set()
    if aliases is not None:
        feats.update("e:" + group.key for group, _, _, _ in aliases.find_all(text))
    folded = fold_arabic(text)
    dates, days = _dates_and_days(folded)
    feats.update("d:" + key for key in dates)
    # A number used only as a date's day (the 14 of "14 March") is already counted as the date.
    numbers = Counter(numbers_in(folded, folded=True))
    numbers.subtract(days)
    for number, count in numbers.items():
        if count > 0 and ("." in number or int(number) >= MIN_NUMBER):
            feats.add("n:" + number)
    return feats


# ---------------------------------------------------------------------------------------------
# Suggestions


class PairingIndex:
    """Features of every English and Arabic article, computed once; suggestions from them.

    Duplicates (``Document.duplicate_of``) are never suggested: their canonical copy is.
    Build it off the GUI thread for large corpora: the alias scan of every text dominates (about
    5 s per thousand articles of 7,000 characters on the benchmark machine), and pass the
    previous index when re-scanning so unchanged articles are not scanned again.
    """

    def __init__(
        self,
        documents: Iterable[Document],
        aliases: AliasTable | None = None,
        *,
        previous: PairingIndex | None = None,
    ) -> None:
        """``previous``: an index of an earlier scan; articles whose title and text did not change
        keep its features (same alias table only), so a re-scan costs only what changed."""
        self.aliases = aliases
        reuse = previous if previous is not None and previous.aliases is aliases else None
        self.documents: dict[str, Document] = {}
        self.features: dict[str, set[str]] = {}
        self._postings: dict[str, dict[str, list[str]]] = {lang: defaultdict(list) for lang in LANGUAGES}
        df: dict[str, int] = defaultdict(int)
        for doc in documents:
            self.documents[doc.id] = doc
            if doc.language not in LANGUAGES or doc.duplicate_of is not None:
                continue
            feats = reuse._features_if_unchanged(doc) if reuse is not None else None
            if feats is None:
                feats = _features(doc, aliases)
            self.features[doc.id] = feats
            for f in feats:
                df[f] += 1
                self._postings[doc.language][f].append(doc.id)
        total = max(1, len(self.features))
        # Smoothed IDF: a feature in every article still weighs a little, one in a single
        # article weighs most.
        self.idf: dict[str, float] = {f: math.log(1 + total / n) for f, n in df.items()}
        self._norm: dict[str, float] = {
            doc_id: math.sqrt(sum(self.idf[f] ** 2 for f in feats)) or 1.0
            for doc_id, feats in self.features.items()
        }
        self._declared = {(a, b) for a, b in declared_pairs(list(self.documents.values()))}

    def _features_if_unchanged(self, doc: Document) -> set[str] | None:
        old = self.documents.get(doc.id)
        if old is None or doc.id not in self.features or old.title != doc.title or old.text != doc.text:
            return None
        return self.features[doc.id]

    def suggest(self, doc_id: str, limit: int = 5, dismissed: Iterable[Any] = ()) -> list[Suggestion]:
        """The ``limit`` best other-language articles for ``doc_id``, best first.

        ``dismissed`` holds article ids or pairs (tuples, or the store's ``Pair`` objects) the user
        rejected; they are never suggested again.
        """
        doc = self.documents.get(doc_id)
        if doc is None or doc.language not in LANGUAGES:
            return []
        feats = self.features.get(doc_id)
        if feats is None:  # a duplicate: judge it by its own text, all the same
            feats = {f for f in _features(doc, self.aliases) if f in self.idf}
        norm = math.sqrt(sum(self.idf.get(f, 0.0) ** 2 for f in feats)) or 1.0
        other = "ar" if doc.language == "en" else "en"
        excluded = {doc_id, doc.duplicate_of}
        for item in dismissed:
            if isinstance(item, str):
                excluded.add(item)
                continue
            key = _pair_key(item)
            if key is not None and doc_id in key:
                excluded.add(key[0] if key[1] == doc_id else key[1])
        overlap: dict[str, float] = defaultdict(float)
        shared_count: dict[str, int] = defaultdict(int)
        postings = self._postings[other]
        for f in feats:
            weight = self.idf[f] ** 2 if f in self.idf else 0.0
            for candidate in postings.get(f, ()):
                overlap[candidate] += weight
                shared_count[candidate] += 1
        day = _day_of(doc)
        scored: list[tuple[float, str]] = []
        for candidate, shared in overlap.items():
            if candidate in excluded:
                continue
            score = shared / (norm * self._norm[candidate])
            score *= min(1.0, (shared_count[candidate] + 1) / (FULL_EVIDENCE + 1))
            score += TIME_WEIGHT * _closeness(day, _day_of(self.documents[candidate]))
            scored.append((score, candidate))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            Suggestion(candidate, round(score, 4), self._reasons(doc, feats, self.documents[candidate]))
            for score, candidate in scored[:limit]
        ]

    def _reasons(self, doc: Document, feats: set[str], other: Document) -> list[str]:
        shared = sorted(feats & self.features.get(other.id, set()), key=lambda f: (-self.idf[f], f))
        reasons: list[str] = []
        if tuple(sorted((doc.id, other.id))) in self._declared:
            reasons.append("declared as its translation in metadata.csv")
        names = [f[2:] for f in shared if f.startswith("e:")]
        if names:
            listed = ", ".join(names[:MAX_LISTED]) + (", …" if len(names) > MAX_LISTED else "")
            reasons.append(f"shares {len(names)} name{'s' if len(names) != 1 else ''}: {listed}")
        numbers = [f[2:] for f in shared if f.startswith("n:")]
        if numbers:
            listed = ", ".join(sorted(numbers[:MAX_LISTED], key=float))
            more = ", …" if len(numbers) > MAX_LISTED else ""
            reasons.append(f"shares number{'s' if len(numbers) != 1 else ''}: {listed}{more}")
        dates = sorted(f[2:] for f in shared if f.startswith("d:"))
        if dates:
            listed = ", ".join(_date_label(d) for d in dates[:MAX_LISTED])
            reasons.append(f"mentions the same date{'s' if len(dates) != 1 else ''}: {listed}")
        apart = _apart(_day_of(doc), _day_of(other))
        if apart:
            reasons.append(apart)
        return reasons


def _closeness(a: tuple[int, str] | None, b: tuple[int, str] | None) -> float:
    """1 for the same day, 0.5 at ``TIME_SCALE_DAYS`` apart, towards 0 beyond; 0 if unknown."""
    if a is None or b is None:
        return 0.0
    days = abs(a[0] - b[0])
    if "month" in (a[1], b[1]):
        days = max(0, days - 15)  # a month-precise date may be any day of the month
    return 1.0 / (1.0 + days / TIME_SCALE_DAYS)


def _apart(a: tuple[int, str] | None, b: tuple[int, str] | None) -> str | None:
    if a is None or b is None:
        return None
    days = abs(a[0] - b[0])
    if "month" in (a[1], b[1]):
        months = round(days / 30.4)
        if months == 0:
            return "dated the same month"
        return f"dated {months} month{'s' if months != 1 else ''} apart"
    if days == 0:
        return "dated the same day"
    if days < 60:
        return f"dated {days} day{'s' if days != 1 else ''} apart"
    if days < 730:
        return f"dated {round(days / 30.4)} months apart"
    return f"dated {round(days / 365.25)} years apart"


def suggest_pairs(
    doc: Document,
    documents: Sequence[Document],
    aliases: AliasTable | None = None,
    limit: int = 5,
    dismissed: Iterable[Any] = (),
) -> list[Suggestion]:
    """One-off :meth:`PairingIndex.suggest`; build a :class:`PairingIndex` to ask many times."""
    docs = [d for d in documents if d.id != doc.id]
    docs.append(doc)  # the article as given, even if ``documents`` holds an older copy
    return PairingIndex(docs, aliases).suggest(doc.id, limit=limit, dismissed=dismissed)
