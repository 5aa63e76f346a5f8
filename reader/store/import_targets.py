"""Where an imported annotation belongs in this corpus: its article, its place, or an honest orphan.

Why this order (:meth:`Targets.place`): the surest evidence first.

1. our own IRI (``corpus-reader:doc/<id>``): the note came from Corpus Reader; it is placed exactly
   as the app re-anchors (:func:`reader.store.anchoring.resolve`), and a note for an article of
   another corpus is kept as exported ("elsewhere");
2. a plain article id (``001_ff668e2db0ba1b04#08``);
3. a source file, as a path (relative, or absolute inside the corpus; a colleague's absolute path
   matches by its trailing folders) or a ``file://`` URI; a ``#NN`` fragment picks the segment;
4. a web address the article carries: ``Document.url`` for a saved web page, or an address
   standing alone on a line of a scraped page's furniture (``Document.removed``) or of the first
   lines of its source span (``Document.original``), which is where scrapers write the page's URL;
5. otherwise the quote itself, searched across the corpus: exactly first, then folded
   (:mod:`reader.text.find_fold`: vowel marks, hamza forms, tatweel, ة/ه, ى/ي, Latin case and
   accents), and attached only where it is found once (or where its context picks one place).

The invariant of :mod:`reader.store.anchoring` holds for every attached highlight: the stored
quote is the article's text at the stored offsets. When a folded match differs from the imported
text, the article's text is stored and the imported quote is kept in ``extra["imported_quote"]``;
the match quality is ``anchor_score`` and ``extra["matched_by"]`` says how the article was found.
A note that cannot be placed (no article, quote missing, several equally good places) becomes an
orphan that keeps every field (the original item, bounded, in ``extra["original"]``) and the
reason as one sentence (``extra["orphan_reason"]``); nothing is dropped.

Pure text work, no Qt; each article's text, fingerprint and folded text are computed once per
import, so placing thousands of notes costs one pass per article, not one per note.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal
from urllib.parse import unquote as url_unquote
from urllib.parse import urlsplit

from reader.ingest.model import Document
from reader.store.anchoring import anchor_at, resolve, text_fingerprint
from reader.store.annotations import note_voice, relocated
from reader.store.fuzzy_anchor import FoldCache, find_fuzzy, resolve_fuzzy
from reader.store.incoming import Incoming, bounded
from reader.store.model import DEFAULT_PALETTE, MAX_OFFSET, Anchor, AnchorState, Annotation
from reader.store.webannotation import DOC_IRI_PREFIX
from reader.text.find_fold import FoldedText, fold_for_find

__all__ = ["OUTCOMES", "Outcome", "Placement", "Targets", "annotation_of", "url_key"]

Outcome = Literal["exact", "moved", "fuzzy", "ambiguous", "orphan", "elsewhere"]
OUTCOMES: tuple[Outcome, ...] = ("exact", "moved", "fuzzy", "ambiguous", "orphan", "elsewhere")
MAX_CANDIDATES = 200  # articles holding a quote beyond which choosing one is hopeless
ADDRESS_LINES = 12  # first lines of an article's source span looked at for the page's URL
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")  # an address alone on its line, as scrapers write it
_SEPARATORS = re.compile(r"[\\/]+")
_SIMILARITY_CHARS = 4_000  # longer quotes are not compared character by character (quadratic)
MAX_RANGE_CHARS = 20_000  # a RangeSelector's end quote is looked for this far after its start


@dataclass(frozen=True)
class Placement:
    """The annotation as it would be stored, and how it was placed (see :data:`OUTCOMES`)."""

    annotation: Annotation
    outcome: Outcome


@dataclass(frozen=True)
class _Found:
    doc: Document
    start: int
    end: int
    context: float  # share of the stated context around the place (1.0 when none was stated)


@dataclass(frozen=True)
class _Ambiguous:
    docs: list[Document]  # the articles that hold the quote (or its folded form)


def url_key(address: str) -> str:
    """A web address reduced to what identifies the page: no scheme, ``www.``, fragment or tracking.

    ``https://www.Example.org/a/b/?utm_source=x#top`` and ``http://example.org/a/b`` are one page.
    "" when ``address`` is not a web address.
    """
    raw = address.strip()
    if raw.lower().startswith("www."):
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ""
    path = url_unquote(parts.path).rstrip("/")
    query = "&".join(sorted(q for q in parts.query.split("&") if q and not q.lower().startswith("utm_")))
    return host.removeprefix("www.") + path + (f"?{query}" if query else "")


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) + len(b) > _SIMILARITY_CHARS:
        return 0.9  # folded-equal by construction; too long to compare character by character
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def annotation_of(inc: Incoming, doc_id: str, anchor: Anchor | None, state: AnchorState,
                  extra: dict[str, object], score: float | None = None) -> Annotation:
    """The stored form of ``inc``: a highlight without a colour gets "Other"; the note's voice as
    stated by the file, else read from its letters (:func:`reader.store.annotations.note_voice`)."""
    stated = {k: v for k, v in (("language", inc.language), ("direction", inc.direction)) if v}
    voice = {**note_voice(inc.note), **stated} if inc.note else note_voice(inc.note)
    colour = (inc.colour if inc.colour is not None else DEFAULT_PALETTE[-1].slot) if anchor else None
    return Annotation(
        uuid=inc.uuid, doc_id=doc_id, anchor=anchor, colour=colour, note=inc.note, tags=list(inc.tags),
        created=inc.created, modified=inc.modified, state=state, anchor_score=score,
        carried_from=inc.carried_from, extra=extra, **voice,
    )


class Targets:
    """The corpus's articles, indexed every way an import may name them (built lazily, once)."""

    def __init__(self, documents: Iterable[Document], corpus_root: str | Path | None = None) -> None:
        self.docs = list(documents)
        self.by_id = {d.id: d for d in self.docs}
        self.by_source: dict[str, list[Document]] = {}
        for d in self.docs:
            self.by_source.setdefault(d.source, []).append(d)
        self._root_parts: list[str] = []
        if corpus_root is not None:
            root = Path(corpus_root).expanduser().absolute()
            self._root_parts = [p for p in _SEPARATORS.split(root.as_posix()) if p]
        self._texts: dict[str, str] = {}
        self._prints: dict[str, str] = {}
        self._folded: dict[str, FoldedText] = {}
        self._fuzzy_cache = FoldCache()
        self._urls: dict[str, list[Document]] | None = None
        self._containing: dict[str, list[Document]] = {}

    # -- per-article caches -----------------------------------------------------------------

    def text(self, doc: Document) -> str:
        if doc.id not in self._texts:
            self._texts[doc.id] = doc.text
        return self._texts[doc.id]

    def _print(self, doc: Document) -> str:
        if doc.id not in self._prints:
            self._prints[doc.id] = text_fingerprint(self.text(doc))
        return self._prints[doc.id]

    def _fold(self, doc: Document) -> FoldedText:
        if doc.id not in self._folded:
            self._folded[doc.id] = FoldedText(self.text(doc))
        return self._folded[doc.id]

    def _anchor(self, doc: Document, start: int, end: int) -> Anchor:
        return anchor_at(doc.id, self.text(doc), start, end, source=doc.source, fingerprint=self._print(doc))

    # -- finding the article ----------------------------------------------------------------

    def _web_pages(self) -> dict[str, list[Document]]:
        if self._urls is None:
            self._urls = {}
            for d in self.docs:
                lines = [d.url or "", *d.removed, *d.original[:20_000].splitlines()[:ADDRESS_LINES]]
                keys = {url_key(line) for line in lines if line and _URL_LINE.match(line.strip())}
                for key in keys - {""}:
                    self._urls.setdefault(key, []).append(d)
        return self._urls

    def _by_path(self, address: str) -> list[Document]:
        if address.lower().startswith("file:"):
            try:
                parts = urlsplit(address)
            except ValueError:
                return []
            path, fragment = url_unquote(parts.path), parts.fragment
        elif "://" in address or address.lower().startswith("www."):
            return []
        else:
            path, _sep, fragment = address.partition("#")
        pieces = [p for p in _SEPARATORS.split(path) if p and p != "."]
        if ".." in pieces:
            pieces = [p for p in posixpath.normpath("/".join(pieces)).split("/") if p not in ("", "..")]
        root = self._root_parts
        if root and pieces[: len(root)] == root:
            pieces = pieces[len(root):]
        for i in range(len(pieces)):
            docs = self.by_source.get("/".join(pieces[i:]))
            if docs:
                if fragment.isdigit():
                    return [d for d in docs if d.segment == int(fragment)] or docs
                return docs
        return []

    def identify(self, sources: Iterable[str]) -> tuple[list[Document], str]:
        """The articles the addresses name, and how they were recognised (the first way that works)."""
        sources = [s for s in sources if s]
        for s in sources:
            ident = url_unquote(s[len(DOC_IRI_PREFIX):]) if s.startswith(DOC_IRI_PREFIX) else s
            for candidate in (ident, url_unquote(ident)):
                if candidate in self.by_id:
                    return [self.by_id[candidate]], "article id"
        for s in sources:
            docs = self._by_path(s)
            if docs:
                return docs, "source file"
        for s in sources:
            docs = self._web_pages().get(url_key(s), [])
            if docs:
                return list(docs), "web address"
        return [], ""

    # -- finding the place ------------------------------------------------------------------

    def _exact(self, inc: Incoming, docs: list[Document]) -> _Found | _Ambiguous | None:
        """The quote placed exactly among ``docs`` (anchoring's rules), ambiguous, or absent.

        Only a stated position may break a tie between equally good places (the nearest wins, as
        in the app); without one, the neutral search below refuses to guess.
        """
        holding = [d for d in docs if inc.quote in self.text(d)]
        if not holding:
            return None
        if len(holding) > MAX_CANDIDATES:
            return _Ambiguous(holding)
        if inc.start is not None and len(holding) == 1:
            doc = holding[0]
            anchor = Anchor(doc.id, inc.start, inc.start + len(inc.quote), inc.quote, inc.prefix, inc.suffix,
                            inc.fingerprint)
            res = resolve(anchor, self.text(doc), fingerprint=self._print(doc))
        else:
            anchor = Anchor("", 0, len(inc.quote), inc.quote, inc.prefix, inc.suffix, "")
            res = resolve(anchor, "", candidates=[(d.id, self.text(d)) for d in holding])
        if not res.found:
            return _Ambiguous(holding)
        return _Found(self.by_id[res.doc_id], res.start, res.end, res.score)

    def _folded_place(self, inc: Incoming, docs: list[Document]) -> _Found | _Ambiguous | None:
        """The quote found in the folded texts (spelling variants, marks), ambiguous, or absent."""
        needle = fold_for_find(inc.quote)
        if not needle.strip():
            return None
        holding = [d for d in docs if needle in self._fold(d).folded]
        if not holding:
            return None
        if len(holding) > MAX_CANDIDATES:
            return _Ambiguous(holding)
        anchor = Anchor("", 0, len(needle), needle, fold_for_find(inc.prefix), fold_for_find(inc.suffix), "")
        res = resolve(anchor, "", candidates=[(d.id, self._fold(d).folded) for d in holding])
        if not res.found:
            return _Ambiguous(holding)
        doc = self.by_id[res.doc_id]
        start, end = self._fold(doc).source_span(res.start, res.end)
        return _Found(doc, start, end, res.score) if start < end else None

    def _approximate(self, inc: Incoming, docs: list[Document]) -> _Found | None:
        """The quote found approximately in the articles the file names, as the app re-anchors
        (:func:`reader.store.fuzzy_anchor.find_fuzzy`: a few edits on folded text, with context)."""
        if len(docs) == 1:
            doc = docs[0]
            start = inc.start if inc.start is not None else 0
            anchor = Anchor(doc.id, start, start + len(inc.quote), inc.quote, inc.prefix, inc.suffix, "")
            res = find_fuzzy(anchor, self.text(doc), cache=self._fuzzy_cache)
        else:
            anchor = Anchor("", 0, len(inc.quote), inc.quote, inc.prefix, inc.suffix, "")
            res = find_fuzzy(anchor, "", candidates=[(d.id, self.text(d)) for d in docs[:MAX_CANDIDATES]],
                             cache=self._fuzzy_cache)
        if res is None or not res.found:
            return None
        return _Found(self.by_id[res.doc_id], res.start, res.end, res.score)

    def _holding(self, quote: str) -> list[Document]:
        """Articles of the whole corpus whose text holds ``quote`` exactly (cached per quote)."""
        if quote not in self._containing:
            found: list[Document] = []
            for d in self.docs:
                if quote in self.text(d):
                    found.append(d)
                    if len(found) > MAX_CANDIDATES:
                        break
            self._containing[quote] = found
        return self._containing[quote]

    def _search(self, inc: Incoming) -> _Found | _Ambiguous | None:
        """The quote searched across the corpus: exact first, then folded."""
        holding = self._holding(inc.quote)
        if holding:
            return self._exact(inc, holding)
        return self._folded_place(inc, self.docs)

    # -- building what is stored ------------------------------------------------------------

    def _range_end(self, inc: Incoming, found: _Found) -> int:
        """Where a ``RangeSelector`` ends: just before its end quote, the first one after the start
        (the model's rule); the start quote's own end when there is none, or it is too far away."""
        if not inc.range_end:
            return found.end
        at = self.text(found.doc).find(inc.range_end, found.end, found.start + MAX_RANGE_CHARS)
        return at if at > found.start else found.end

    def _attached(self, inc: Incoming, found: _Found, how: str, *, fuzzy: bool,
                  score: float | None = None) -> Placement:
        end = self._range_end(inc, found)
        anchor = self._anchor(found.doc, found.start, end)
        extra: dict[str, object] = dict(inc.extra)
        if inc.origin != "Corpus Reader" or fuzzy:
            extra["matched_by"] = how
        if fuzzy and score is None:
            found_quote = self.text(found.doc)[found.start : found.end]
            score = round(_similarity(inc.quote, found_quote) * (0.8 + 0.2 * found.context), 2)
        if inc.range_end:
            extra["range_quotes"] = [inc.quote, inc.range_end]
            if end == found.end:
                extra["range_end_not_found"] = True
        elif anchor.quote != inc.quote:
            extra["imported_quote"] = inc.quote
        # Ours was somewhere in this text before: finding it again elsewhere is a move, as in the app.
        state: AnchorState = "moved" if inc.origin == "Corpus Reader" else "anchored"
        stored = annotation_of(inc, found.doc.id, anchor, state, extra, score)
        return Placement(stored, "fuzzy" if fuzzy else "exact")

    def _orphan(self, inc: Incoming, reason: str, *, outcome: Outcome = "orphan", doc: Document | None = None,
                candidates: Iterable[Document] = (), more: dict[str, object] | None = None) -> Placement:
        extra: dict[str, object] = {**inc.extra, **(more or {}), "orphan_reason": reason}
        if inc.origin != "Corpus Reader":
            extra["original"] = bounded(inc.original)
        ids = [d.id for d in candidates][:20]
        if ids:
            extra["candidates"] = ids
        doc_id = doc.id if doc is not None else inc.doc_id or (inc.sources[0][:2_000] if inc.sources else "")
        anchor = None
        if inc.quote:
            start = inc.start if inc.start is not None and inc.start + len(inc.quote) <= MAX_OFFSET else 0
            anchor = Anchor(doc_id, start, start + len(inc.quote), inc.quote, inc.prefix, inc.suffix, "",
                            doc.source if doc is not None else inc.source_file)
        return Placement(annotation_of(inc, doc_id, anchor, "orphan", extra, inc.anchor_score), outcome)

    # -- the decision -----------------------------------------------------------------------

    def place(self, inc: Incoming) -> Placement:
        """Where ``inc`` goes in this corpus (never raises for any parsed item)."""
        if inc.doc_id:
            return self._place_ours(inc)
        docs, how = self.identify(inc.sources)
        if inc.position_only:
            return self._position_only(inc, docs)
        if not inc.quote:
            return self._page_note(inc, docs, how)
        if docs:
            found = self._exact(inc, docs)
            if isinstance(found, _Found):
                return self._attached(inc, found, how, fuzzy=False)
            if found is None:
                found = self._approximate(inc, docs)
                if isinstance(found, _Found):
                    return self._attached(inc, found, f"{how}, approximate", fuzzy=True, score=found.context)
            if isinstance(found, _Ambiguous):
                return self._ambiguous(inc, found.docs)
        found = self._search(inc)
        if isinstance(found, _Found):
            return self._attached(inc, found, "quote search", fuzzy=True)
        if isinstance(found, _Ambiguous):
            return self._ambiguous(inc, found.docs)
        where = self._where(inc, docs, how)
        return self._orphan(inc, f"{where}, and its quote is in none of the articles of this corpus.",
                            doc=docs[0] if len(docs) == 1 else None)

    @staticmethod
    def _where(inc: Incoming, docs: list[Document], how: str) -> str:
        if docs:
            names = ", ".join(d.id for d in docs[:3]) + (" …" if len(docs) > 3 else "")
            return f"Its {how} names {names}, whose text does not hold its quote"
        if inc.sources:
            return f"Its page ({inc.sources[0][:200]}) is not an article of this corpus"
        return "It names no page"

    def _ambiguous(self, inc: Incoming, holding: list[Document]) -> Placement:
        short = " (and it is too short to be placed without context)" if len(inc.quote) < 4 else ""
        one = holding[0] if len(holding) == 1 else None
        if one is not None:
            reason = (f"Its quote appears several times in {one.id}, and its context does not tell "
                      f"which{short}.")
        else:
            ids = ", ".join(d.id for d in holding[:3]) + (", …" if len(holding) > 3 else "")
            reason = (f"Its quote appears in {len(holding)} articles ({ids}), and its context does not "
                      f"tell which{short}.")
        return self._orphan(inc, reason, outcome="ambiguous", doc=one, candidates=holding)

    def _page_note(self, inc: Incoming, docs: list[Document], how: str) -> Placement:
        """A note on a whole page (no quote): on its article when exactly one is named."""
        if len(docs) == 1:
            extra = {**inc.extra, "matched_by": how} if inc.origin != "Corpus Reader" else dict(inc.extra)
            return Placement(annotation_of(inc, docs[0].id, None, "anchored", extra), "exact")
        if docs:
            reason = (f"It is a note on a whole page that is {len(docs)} articles here "
                      f"({', '.join(d.id for d in docs[:3])}), and it cannot tell which.")
            return self._orphan(inc, reason, outcome="ambiguous", candidates=docs)
        return self._orphan(inc, f"{self._where(inc, docs, how)}.")

    def _position_only(self, inc: Incoming, docs: list[Document]) -> Placement:
        """Offsets without a quote: kept, on their article when known, never placed on unchecked text."""
        doc = docs[0] if len(docs) == 1 else None
        more: dict[str, object] = {}
        if inc.start is not None and inc.end is not None:
            span = f"characters {inc.start} to {inc.end}"
            more["position"] = [inc.start, inc.end]
            if doc is not None and inc.end <= len(self.text(doc)):
                more["text_at_position"] = self.text(doc)[inc.start : inc.end][:500]
        else:
            span = "a position in units this program does not use"
        reason = (f"It gives only a position ({span}) and no quoted text, so its place cannot be checked "
                  "against the article's text; attach it by hand.")
        return self._orphan(inc, reason, doc=doc, candidates=docs if len(docs) > 1 else (), more=more)

    def _place_ours(self, inc: Incoming) -> Placement:
        """Our own export: placed as the app re-anchors; folded spelling changes as a last resort."""
        doc = self.by_id.get(inc.doc_id)
        if inc.position_only:
            return self._position_only(inc, [doc] if doc is not None else [])
        if not inc.quote:
            # An article note names its article exactly, here or in another corpus: nothing to place.
            return Placement(annotation_of(inc, inc.doc_id, None, "anchored", dict(inc.extra)), "exact")
        start = inc.start if inc.start is not None else 0
        end = inc.end if inc.end is not None else start + len(inc.quote)
        anchor = Anchor(inc.doc_id, start, end, inc.quote, inc.prefix, inc.suffix, inc.fingerprint,
                        inc.source_file)
        stated: AnchorState = inc.state if inc.state in ("anchored", "moved", "orphan") else "anchored"  # type: ignore[assignment]
        source = anchor.source or (doc.source if doc is not None else "")
        if doc is None and source not in self.by_source:
            kept = annotation_of(inc, inc.doc_id, anchor, stated, dict(inc.extra), inc.anchor_score)
            return Placement(kept, "elsewhere")
        siblings = [d for d in self.by_source.get(source, []) if d.id != inc.doc_id]
        res = resolve_fuzzy(anchor, self.text(doc) if doc is not None else "",
                            candidates=[(d.id, self.text(d)) for d in siblings],
                            fingerprint=self._print(doc) if doc is not None else None,
                            cache=self._fuzzy_cache)
        unplaced = annotation_of(inc, inc.doc_id, anchor, stated, dict(inc.extra), inc.anchor_score)
        if res.found:  # exactly, or approximately: then as the app's re-anchoring records it
            new_doc = self.by_id[res.doc_id]
            placed = relocated(unplaced, res, new_doc, text=self.text(new_doc),
                               fingerprint=self._print(new_doc))
            outcome: Outcome = "fuzzy" if res.fuzzy else "moved" if res.state == "moved" else "exact"
            return Placement(placed, outcome)
        family = ([doc] if doc is not None else []) + siblings
        if not any(inc.quote in self.text(d) for d in family):
            reason = "Its text is no longer in the article (nor in the other articles of its file)."
        else:
            reason = ("Its quote appears in several places of its article, and its context does not tell "
                      "which.")
        placed = self._orphan(inc, reason)
        a = placed.annotation
        return Placement(replace(a, anchor=anchor, doc_id=inc.doc_id), "orphan")
