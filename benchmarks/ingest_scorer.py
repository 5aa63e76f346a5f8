"""Score ingest against hand-labelled real scraped files (``tests/data/realworld/``, see FORMAT.md there).

Why a scorer of its own: the splitter, the title and date finders and the boilerplate filter are
judged on pages nobody tuned them for, so each figure must mean what a researcher would notice:

* **boundaries**: an article is found when exactly one predicted article holds its whole labelled
  region (from its anchor to the last of its ``keep`` sentences) and no other labelled article's
  anchor. Precision divides by every predicted article of the file (a navigation block that became
  an "article" counts against it), recall by every labelled one.
* **titles**: the found article's title equals the label after folding case, punctuation, Arabic
  marks and whitespace (or is 90% similar: a trailing site name or one quote mark differs).
* **dates**: exact value (and so precision) of the found article's date, over all labelled articles;
  an article labelled undated that gets any date is an *invented* date.
* **language**: the document language equals the label.
* **boilerplate left**: ``drop`` strings still in the clean text of the file's articles.
* **content lost**: ``keep`` sentences missing from the clean text of the file's articles.

Text comparisons ignore whitespace entirely, so wrapped dumps and unwrapped clean text compare equal.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.corpus import Corpus, scan_corpus
from reader.ingest.model import Document

_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")  # harakat, dagger alef, tatweel
_NON_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")


def fold_title(text: str) -> str:
    text = _MARKS.sub("", unicodedata.normalize("NFKC", text)).casefold()
    text = text.translate(str.maketrans("أإآٱىة", "اااايه"))
    return _NON_WORD.sub(" ", text).strip()


def squash(text: str) -> str:
    """Whitespace-free NFC text: wrapping and paragraph joins never decide a match."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text))


def titles_match(predicted: str, gold: str) -> bool:
    a, b = fold_title(predicted), fold_title(gold)
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


@dataclass
class GoldArticle:
    anchor: str
    occurrence: int
    title: str
    language: str
    date: str | None
    keep: list[str]
    drop: list[str]
    offset: int = -1  # anchor position in the decoded file text
    region_end: int = -1  # end of the last keep sentence found


@dataclass
class FileScore:
    name: str
    gold: int = 0
    predicted: int = 0
    found: int = 0
    titles: int = 0
    dates: int = 0
    invented: int = 0
    undated_gold: int = 0
    languages: int = 0
    drop_total: int = 0
    drop_left: int = 0
    keep_total: int = 0
    keep_lost: int = 0
    arabic: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: FileScore) -> None:
        for name in (
            "gold", "predicted", "found", "titles", "dates", "invented", "undated_gold", "languages",
            "drop_total", "drop_left", "keep_total", "keep_lost", "arabic",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.found, self.predicted)

    @property
    def recall(self) -> float:
        return self._ratio(self.found, self.gold)

    @property
    def title_accuracy(self) -> float:
        return self._ratio(self.titles, self.gold)

    @property
    def date_accuracy(self) -> float:
        return self._ratio(self.dates, self.gold)

    @property
    def language_accuracy(self) -> float:
        return self._ratio(self.languages, self.gold)

    @property
    def boilerplate_left(self) -> float:
        return self._ratio(self.drop_left, self.drop_total) if self.drop_total else 0.0

    @property
    def content_lost(self) -> float:
        return self._ratio(self.keep_lost, self.keep_total) if self.keep_total else 0.0


def _find_squashed(haystack: str, needle: str) -> int:
    """End offset in ``haystack`` of ``needle`` matched with any whitespace between its characters."""
    chars = [re.escape(ch) for ch in squash(needle)]
    if not chars:
        return -1
    m = re.search(r"\s*".join(chars), unicodedata.normalize("NFC", haystack))
    return m.end() if m else -1


def load_gold(label_path: Path, text: str) -> tuple[list[GoldArticle], list[str]]:
    data = json.loads(label_path.read_text(encoding="utf-8"))
    errors: list[str] = []
    gold: list[GoldArticle] = []
    for item in data["articles"]:
        g = GoldArticle(
            anchor=item["anchor"],
            occurrence=int(item.get("anchor_occurrence", 1)),
            title=item["title"],
            language=item["language"],
            date=item.get("date"),
            keep=list(item.get("keep", [])),
            drop=list(item.get("drop", [])),
        )
        pos = -1
        for _ in range(g.occurrence):
            pos = text.find(g.anchor, pos + 1)
            if pos < 0:
                break
        if pos < 0:
            errors.append(f"{label_path.name}: anchor not found: {g.anchor[:50]!r}")
            continue
        g.offset = pos
        ends = [_find_squashed(text[pos:], s) for s in g.keep]
        g.region_end = pos + max([e for e in ends if e >= 0], default=len(g.anchor))
        gold.append(g)
    gold.sort(key=lambda g: g.offset)
    return gold, errors


def score_file(name: str, text: str, docs: list[Document], gold: list[GoldArticle]) -> FileScore:
    score = FileScore(name, gold=len(gold), predicted=len(docs))
    anchors = [g.offset for g in gold]
    clean = squash("\n".join(d.text for d in docs))
    for g in gold:
        score.arabic += g.language == "ar"
        holder = next((d for d in docs if d.source_span[0] <= g.offset < d.source_span[1]), None)
        found = (
            holder is not None
            and holder.source_span[1] >= g.region_end
            and sum(holder.source_span[0] <= a < holder.source_span[1] for a in anchors) == 1
        )
        if g.date is None:
            score.undated_gold += 1
        for sentence in g.keep:
            score.keep_total += 1
            if squash(sentence) not in clean:
                score.keep_lost += 1
                score.errors.append(f"{name}: lost {sentence[:60]!r}")
        for junk in g.drop:
            score.drop_total += 1
            if squash(junk) in clean:
                score.drop_left += 1
                score.errors.append(f"{name}: left {junk[:60]!r}")
        if not found or holder is None:
            score.errors.append(f"{name}: not found {g.title[:60]!r}")
            if holder is not None and g.date is None and holder.date.value is not None:
                score.invented += 1
            continue
        score.found += 1
        if titles_match(holder.title, g.title):
            score.titles += 1
        else:
            score.errors.append(f"{name}: title {holder.title[:60]!r} != {g.title[:60]!r}")
        if holder.date.value == g.date:
            score.dates += 1
        else:
            score.errors.append(f"{name}: date {holder.date.value} != {g.date} ({g.title[:40]!r})")
            if g.date is None:
                score.invented += 1
        if holder.language == g.language:
            score.languages += 1
        else:
            score.errors.append(f"{name}: language {holder.language} != {g.language} ({g.title[:40]!r})")
    for d in docs:
        if sum(d.source_span[0] <= a < d.source_span[1] for a in anchors) == 0:
            score.errors.append(f"{name}: extra article {d.title[:60]!r}")
    return score


def score_corpus(corpus: Corpus, folder: Path, names: Iterable[str] | None = None) -> list[FileScore]:
    by_source: dict[str, list[Document]] = {}
    for d in corpus.documents:
        by_source.setdefault(d.source, []).append(d)
    wanted = set(names) if names is not None else None
    scores: list[FileScore] = []
    for label in sorted(folder.glob("*.json")):
        relpath = label.with_suffix(".txt").relative_to(folder).as_posix()
        if (wanted is not None and relpath not in wanted) or relpath not in corpus.sources:
            continue
        text = corpus.sources[relpath]
        gold, errors = load_gold(label, text)
        s = score_file(relpath, text, by_source.get(relpath, []), gold)
        s.errors[:0] = errors
        scores.append(s)
    return scores


def score_folder(folder: Path) -> tuple[FileScore, list[FileScore]]:
    """Scan the labelled folder as a user's corpus (cross-file furniture rules included) and score it."""
    corpus = scan_corpus(folder)
    per_file = score_corpus(corpus, folder)
    total = FileScore("overall")
    for s in per_file:
        total.add(s)
    return total, per_file


def table(rows: list[FileScore]) -> str:
    head = (
        f"{'file':34} {'gold':>4} {'pred':>4} {'prec':>5} {'rec':>5} {'title':>5} {'date':>5} "
        f"{'inv':>3} {'lang':>5} {'boil':>5} {'lost':>5}"
    )
    out = [head, "-" * len(head)]
    for s in rows:
        out.append(
            f"{s.name[:34]:34} {s.gold:4d} {s.predicted:4d} {s.precision:5.2f} {s.recall:5.2f} "
            f"{s.title_accuracy:5.2f} {s.date_accuracy:5.2f} {s.invented:3d} {s.language_accuracy:5.2f} "
            f"{s.boilerplate_left:5.2f} {s.content_lost:5.2f}"
        )
    return "\n".join(out)
