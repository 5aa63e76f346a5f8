"""Names of people, groups and places: alias groups and transliteration keys.

Why: the corpus spells one militia as Kata'ib Hezbollah, Kata’ib Hizbullah, Kataib Hizballah,
Katai’b Hezbollah, KH and كتائب حزب الله. A researcher searching one spelling must find all of
them. Two mechanisms cover that:

* the alias table (``corpus/aliases.csv`` plus the user's own file) lists the known spellings of
  a name, including translations (Hezbollah Brigades) and acronyms (KH) that no algorithm could
  guess;
* :func:`variant_key` reduces any single word, Latin or Arabic, to a consonant skeleton so that
  unlisted spellings (Qassem/Qasim/Kassem/قاسم) still meet in the ``variants`` index field.

No Whoosh import: the UI and the ingest code use this module too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reader.ingest.csvfile import Table, clipped, read_table
from reader.text.arabic import fold_arabic, is_arabic_word, strip_harakat

__all__ = [
    "APOSTROPHES",
    "KINDS",
    "WORD_PATTERN",
    "AliasGroup",
    "AliasTable",
    "arabic_latin_key",
    "default_alias_files",
    "is_case_sensitive_alias",
    "iter_words",
    "latin_key",
    "normalise_name",
    "normalise_word",
    "variant_key",
]

# ASCII apostrophe and everything scraped text uses in its place, including the ayn/hamza
# modifier letters of scholarly transliteration (ʿ ʾ) and the backtick/acute of bad OCR.
APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4\u2032"

# Word characters plus the Arabic marks and Latin combining accents that ``\w`` does not match;
# apostrophes (and ZWNJ/ZWJ) are kept only *inside* a word, so 'quoted' words lose their quotes
# but Kata’ib stays one word. Shared with the Whoosh tokenizer so names and search agree.
_WORD_CHARS = r"\w\u0300-\u036f\u064b-\u065f\u0670\u0640\u06d6-\u06ed"
WORD_PATTERN = rf"[{_WORD_CHARS}]+(?:[{APOSTROPHES}\u200c\u200d]+[{_WORD_CHARS}]+)*"
_WORD_RE = re.compile(WORD_PATTERN)

_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
_POSSESSIVE_RE = re.compile(f"[{APOSTROPHES}]s$", re.IGNORECASE)
_NON_WORD = str.maketrans(dict.fromkeys(["\u200c", "\u200d", "\u0640"]))

# Letters NFKD does not decompose.
_LATIN_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "ð": "d"})

KINDS = ("person", "group", "place", "other")
# Shortest key sequence (in key letters) that may match by transliteration key alone.
_MIN_FUZZY_KEY = 4

# Latin articles written as separate words: "al-Sadr", "el-Sisi", "the Pentagon". Dropped when
# comparing names so that Hashd al-Shaabi = Hashd Shaabi and al-Zurfi = Zurfi.
_LATIN_ARTICLES = frozenset({"al", "el", "the"})
# Arabic article and conjunction+article prefixes, stripped from every Arabic word of a name.
_ARABIC_ARTICLES = ("وبال", "ولل", "وال", "بال", "كال", "فال", "لل", "ال")
# One-letter clitics tried (as a fallback only) when scanning text: وكتائب, لكتائب, بالحشد.
_ARABIC_CLITICS = ("و", "ب", "ل", "ف", "ك")

# Short aliases that are also English words: matched only when written in capitals (US, not us).
_CASE_SENSITIVE_WORDS = frozenset(
    {"us", "it", "am", "as", "an", "is", "in", "on", "or", "at", "so", "no", "he", "we", "me",
     "do", "go", "if", "of", "to", "be", "by", "up", "my", "oh", "hi", "who", "was", "may", "aid"}
)


# --------------------------------------------------------------------------------------------
# Words and normalisation


def is_case_sensitive_alias(alias: str) -> bool:
    """True for an alias that is also an English word (US/us): only its capitals are a name.

    :meth:`AliasTable.match` and :meth:`AliasTable.find_all` already honour this; callers that
    turn aliases into lowercased index terms should skip such aliases, or "US" finds every "us".
    """
    words = [w for w in (normalise_word(t) for t, _, _ in iter_words(alias)) if w]
    return len(words) == 1 and words[0] in _CASE_SENSITIVE_WORDS


def iter_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Words of ``text`` with code-point offsets, split exactly as the search tokenizer does."""
    for m in _WORD_RE.finditer(text):
        yield m.group(0), m.start(), m.end()


def _strip_latin_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_LATIN_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _strip_arabic_article(word: str) -> str:
    for prefix in _ARABIC_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """One word of a name in comparable form ('' for an article that should be ignored).

    Casefold, English possessive ('s) and apostrophes removed, Latin accents off, Arabic folded
    (harakat, alef forms, ة/ه, ى/ي) and its article stripped: الحشد → حشد, Sha’abi → shaabi.
    """
    if is_arabic_word(word):
        word = _APOSTROPHE_RE.sub("", word).translate(_NON_WORD)
        return _strip_arabic_article(fold_arabic(word))
    word = _APOSTROPHE_RE.sub("", _POSSESSIVE_RE.sub("", word)).translate(_NON_WORD)
    word = _strip_latin_accents(fold_arabic(word).casefold())
    return "" if word in _LATIN_ARTICLES else word


def normalise_name(text: str) -> str:
    """A name reduced to the form the alias table compares: words joined by single spaces.

    Hyphens and punctuation separate words, articles (al-, el-, the, ال) are dropped wherever they
    occur, so "Hashd al-Sha’abi", "hashd shaabi" and "HASHD AL SHAABI" all give "hashd shaabi",
    and "الحَشْد الشعبي" gives "حشد شعبي".
    """
    return " ".join(w for w in (normalise_word(t) for t, _, _ in iter_words(text)) if w)


# --------------------------------------------------------------------------------------------
# Transliteration keys

_VOWELS = frozenset("aeiou")
# Digraphs of English/French transliteration of Arabic, mapped to one key letter each.
# x stands for the sh sound (ش), k for q/k/c/kh (ق ك خ), z for z/dh (ز ذ ظ), t for t/th (ت ث ط).
# ض is d: Ramadi/Ramadan/Fayyad outnumber Riyadh/Fayyadh/Ramadhan in English news.
_DIGRAPHS = {
    "sh": "x", "ch": "x", "kh": "k", "gh": "g", "th": "t", "dh": "z", "ph": "f", "zh": "j",
    "dj": "j", "ck": "k",
}
_LATIN_SINGLE = {"q": "k", "c": "k", "p": "b", "v": "f"}
_ABD_PREFIXES = ("abdul", "abdel", "abdal", "abdil", "abdoul")

# Arabic letters (after folding) to the key letters above. Long vowels (ا و ي ى) and the
# glottal/pharyngeal stops (ء ع), which Latin spellings write as vowels or apostrophes or not at
# all, are dropped; ة is removed before folding (usually written -a, not -h).
_ARABIC_TO_KEY = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "z", "ر": "r",
    "ز": "z", "س": "s", "ش": "x", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    # Persian/Urdu letters used for foreign names (پ for p, چ for ch, ژ for zh, گ for g, ڤ for v)
    "پ": "b", "چ": "x", "ژ": "j", "گ": "g", "ڤ": "f", "ڨ": "g",
}
_ARABIC_INITIAL_VOWEL = frozenset("اعء")


_NISBA_ENDINGS = ("i", "ie", "ee", "ei", "iya", "iyah", "iyya", "iyyah", "iyeh")


def latin_key(word: str) -> str:
    """Consonant skeleton of a Latin-script word, tuned on the corpus's spellings of Arabic names.

    Rules (each one measured by ``tests/data/variant_pairs.csv``):

    * casefold, accents and apostrophes off; a glued article is dropped when a consonant and at
      least four letters follow (Alsadr, Alqaim, Alshabi; not Ali, Allawi, Alexander);
      Abdul/Abdel → Abd;
    * a leading vowel becomes the marker ``a`` (Usbat = Asbat = Ausbat, and matches عصبة);
    * a final -i/-y/-ie/-ee/-ei or -iya(h) becomes the marker ``i``, because it is the nisba
      ي that tells Maliki from Malik and Amiri from Amir;
    * other vowels and the semivowels w/y are dropped (Qasem = Qassim, Zurfi = Zarfi = Zrafi,
      Kata'ib = Katayeb), and so is the h of a final -ah in words of six letters or more
      (Fallujah = Falluja, Basrah = Basra; but Salah, Fatah, Abdullah keep it);
    * sh/ch → x, kh/q/c/k → k, gh → g, th → t, dh/z → z, ph/v → f, p → b, x → ks;
    * doubled consonants collapse (Hizballah = Hezbollah, Qassem = Qasem), but only when
      adjacent in the spelling, as Arabic (which writes the doubling as a shadda) does.

    Known collisions: names differing only in vowels (Omar/Amr/Amer, Khamenei/Khomeini,
    Salih/Salah, Kataib/Kitab), ص/س, ت/ط and ح/ه pairs, and short acronyms. Words without any
    consonant keep their folded form.
    """
    w = _strip_latin_accents(_APOSTROPHE_RE.sub("", word).casefold())
    w = "".join(ch for ch in w if ch.isalnum())
    if not w or not any(ch.isalpha() for ch in w):
        return w
    if (
        w[:2] in ("al", "el")
        and len(w) >= 6
        and w[2].isalpha()
        and w[2] not in _VOWELS
        and w[2] not in "lwy"
    ):
        w = w[2:]
    for prefix in _ABD_PREFIXES:
        if w.startswith(prefix):
            w = "abd" + w[len(prefix):]
            break
    lead = "a" if w[0] in _VOWELS else ""
    tail = ""
    if w.endswith(_NISBA_ENDINGS) or (w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS):
        tail = "i"
    elif len(w) >= 6 and w.endswith("ah") and not w.endswith("llah"):
        w = w[:-1]
    # Only letters that are adjacent in the spelling collapse (Qassem = Qasem); letters split by
    # a vowel do not, so Kirkuk (krkk) stays apart from Karkh (krk), as كركوك does.
    out: list[str] = []
    adjacent = False
    i, n = 0, len(w)
    while i < n:
        ch = w[i]
        pair = w[i : i + 2]
        if pair in _DIGRAPHS:
            key = _DIGRAPHS[pair]
            i += 2
        else:
            i += 1
            if ch in _VOWELS or ch in "wy":
                adjacent = False
                continue
            if ch == "c" and i < n and w[i] in "eiy":
                key = "s"
            elif ch == "x":
                key = "ks"
            else:
                key = _LATIN_SINGLE.get(ch, ch)
        if not (adjacent and out and out[-1] == key):
            out.append(key)
        adjacent = True
    skeleton = "".join(out)
    if not skeleton:
        return w
    return lead + skeleton + tail


def arabic_latin_key(word: str) -> str:
    """The :func:`latin_key` of an Arabic word, so قاسم and Qasem index the same key.

    The article and conjunction+article prefixes are stripped (الزرفي → zrfi), ة is dropped, the
    long vowels ا و ي ى and ء ع are dropped except that an initial ا/ع/ء becomes the marker ``a``
    (العامري = Amiri = amri, عصبة = Usba = asb) and a final ي (or ية) becomes the marker ``i``.
    Glued عبدال (عبدالمهدي) becomes عبد + name.
    """
    w = strip_harakat(_APOSTROPHE_RE.sub("", word)).translate(_NON_WORD)
    if w.endswith("ة"):
        w = w[:-1]
    ends_maqsura = w.endswith("ى")
    w = _strip_arabic_article(fold_arabic(w))
    if w.startswith("عبدال") and len(w) >= 7:
        w = "عبد" + w[5:]
    if not w:
        return strip_harakat(word)  # a lone hamza or mark: keep something to index
    lead = "a" if w[0] in _ARABIC_INITIAL_VOWEL else ""
    tail = "i" if w.endswith("ي") and not ends_maqsura and len(w) >= 2 else ""
    out: list[str] = []
    adjacent = False
    for ch in w:
        key = _ARABIC_TO_KEY.get(ch)
        if key is None and ch.isascii() and ch.isalnum():
            key = ch.lower()
        if key is None:
            adjacent = False  # a long vowel or ع/ء: like a Latin vowel, it keeps letters apart
            continue
        if not (adjacent and out and out[-1] == key):
            out.append(key)
        adjacent = True
    skeleton = "".join(out)
    if not skeleton:
        return w
    return lead + skeleton + tail


@lru_cache(maxsize=65536)
def variant_key(word: str) -> str:
    """The key indexed in the ``variants`` field for one word, whatever its script."""
    if is_arabic_word(word):
        return arabic_latin_key(word)
    return latin_key(word)


# --------------------------------------------------------------------------------------------
# Alias table


@dataclass(frozen=True)
class AliasGroup:
    """One entity (person, group, place) and every spelling of it the table knows."""

    key: str
    kind: str
    aliases: tuple[str, ...]


@dataclass
class _Alias:
    words: tuple[str, ...]
    group_key: str
    # Capital-letters surface required (US but not us), or None for any case.
    upper: str | None


@dataclass
class AliasTable:
    """All alias groups, indexed for phrase lookup and for fast scanning of whole texts."""

    groups: list[AliasGroup] = field(default_factory=list)
    # One plain sentence per bad file or row ("PATH:LINE: what is wrong; row skipped"), ready to be
    # shown as a warning; the file's text is quoted with escapes, but print it through the sanitiser.
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, AliasGroup] = {}
        self._exact: dict[tuple[str, ...], list[_Alias]] = {}
        self._first: dict[str, list[_Alias]] = {}
        self._keyseq: dict[tuple[str, ...], str | None] = {}
        self._rebuild()

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, paths: Iterable[Path]) -> AliasTable:
        """Read alias CSV files in order; later files add aliases and groups.

        Format (kept flat so it edits well in Excel or LibreOffice): UTF-8 CSV, header
        ``group,alias,kind``, one spelling per row. ``group`` is the canonical name (it is an
        alias itself), ``kind`` is person/group/place/other and may be left empty after the
        group's first row. Semicolon- or tab-separated files (European Excel, "Unicode text"), a
        BOM, UTF-16 and legacy encodings are accepted (the guess is named in ``problems``); blank
        rows and rows starting with ``#`` are skipped. Group names are compared case-insensitively
        across files, so a user file can add spellings to a shipped group by repeating its name.

        Never raises: a missing file is skipped silently (the user file usually does not exist);
        an unreadable file, and each bad row (stray bytes, an unbalanced quote, a NUL, a huge cell),
        is described in ``problems`` and skipped while every good row still loads, so one bad line
        typed in Excel cannot take the aliases out of search (see :mod:`reader.ingest.csvfile`).
        """
        order: list[str] = []
        by_folded: dict[str, str] = {}  # casefolded group name -> name as first written
        kinds: dict[str, str] = {}
        aliases: dict[str, list[str]] = {}
        problems: list[str] = []
        for path in paths:
            table = read_table(Path(path), str(path))
            for lineno, group, alias, kind in _parse_rows(table):
                existing = by_folded.get(group.casefold())
                if existing is None:
                    order.append(group)
                    by_folded[group.casefold()] = group
                    kinds[group] = kind or "other"
                    aliases[group] = [group]
                    existing = group
                elif kind and kinds[existing] != kind:
                    if kinds[existing] == "other":
                        kinds[existing] = kind
                    else:
                        already = kinds[existing]
                        table.note(f"kind '{kind}' for {clipped(group)} ignored, already '{already}'", lineno)
                if alias not in aliases[existing]:
                    aliases[existing].append(alias)
            problems.extend(table.problems)
        groups = [AliasGroup(key, kinds[key], tuple(aliases[key])) for key in order]
        return cls(groups, problems)

    def _rebuild(self) -> None:
        for group in self.groups:
            self._by_key[group.key] = group
            for alias in group.aliases:
                words = tuple(w for w in (normalise_word(t) for t, _, _ in iter_words(alias)) if w)
                if not words:
                    self.problems.append(f"alias '{alias}' of '{group.key}' has no words")
                    continue
                upper = None
                if is_case_sensitive_alias(alias):
                    upper = "".join(ch for ch in alias if ch.isalnum())
                    if not upper.isupper():
                        self.problems.append(
                            f"alias '{alias}' of '{group.key}' is an English word; "
                            "write it in capitals to have it matched as a name"
                        )
                        continue
                entry = _Alias(words, group.key, upper)
                clashes = [a for a in self._exact.get(words, []) if a.group_key != group.key]
                if clashes:
                    self.problems.append(
                        f"alias '{alias}' is in both '{clashes[0].group_key}' and '{group.key}';"
                        f" kept for '{clashes[0].group_key}'"
                    )
                    continue
                self._exact.setdefault(words, []).append(entry)
                self._first.setdefault(words[0], []).append(entry)
                keys = tuple(variant_key(w) for w in words)
                if upper is None and sum(len(k) for k in keys) >= _MIN_FUZZY_KEY:
                    prev = self._keyseq.get(keys, group.key)
                    self._keyseq[keys] = group.key if prev == group.key else None
        for entries in self._first.values():
            entries.sort(key=lambda a: len(a.words), reverse=True)

    # -- lookup ----------------------------------------------------------------------------

    def group(self, key: str) -> AliasGroup | None:
        return self._by_key.get(key)

    def match(self, phrase: str) -> AliasGroup | None:
        """The group a typed phrase names, or None.

        Exact match after :func:`normalise_name` first; failing that, a match of the words'
        :func:`variant_key` sequence against the aliases' (so an unlisted spelling such as
        "Qasim Sulaimani" still finds its group), unless two groups share that key sequence.
        """
        pairs = [(normalise_word(t), t) for t, _, _ in iter_words(phrase)]
        words = tuple(w for w, _ in pairs if w)
        if not words:
            return None
        surface = "".join(ch for w, t in pairs if w for ch in t if ch.isalnum())
        for entry in self._exact.get(words, []):
            if entry.upper is None or entry.upper == surface:
                return self._by_key[entry.group_key]
        if len(words[0]) >= 3 and is_arabic_word(words[0]) and words[0][0] in _ARABIC_CLITICS:
            stripped = (_strip_arabic_article(words[0][1:]), *words[1:])
            for entry in self._exact.get(stripped, []):
                return self._by_key[entry.group_key]
        if len(words) == 1 and words[0] in _CASE_SENSITIVE_WORDS:
            return None
        keys = tuple(variant_key(w) for w in words)
        if sum(len(k) for k in keys) < _MIN_FUZZY_KEY:
            return None  # "Ark" must not become Iraq
        group_key = self._keyseq.get(keys)
        return self._by_key[group_key] if group_key else None

    def find_all(self, text: str) -> list[tuple[AliasGroup, int, int, str]]:
        """Every alias occurrence in ``text`` as (group, start, end, surface), in code points.

        One pass over the words with a dict keyed by each alias's first normalised word, so the
        cost does not grow with the number of aliases. Longest alias wins; matches do not
        overlap; words of one alias may be separated by spaces, hyphens and articles only
        ("Hashd al-Shaabi" matches "Hashd Shaabi"), not by punctuation. A directly attached
        "al-" is included in the reported span.
        """
        words: list[tuple[str, int, int]] = []  # (normalised, start, end), articles removed
        joined: list[bool] = []  # joined[i]: only spaces/hyphens/articles between i-1 and i
        articles: dict[int, int] = {}  # start of a word -> start of the "al-" glued before it
        prev_end = 0
        chain_ok = True
        article: tuple[int, int] | None = None
        for surface, start, end in iter_words(text):
            soft = _is_soft_gap(text[prev_end:start])
            prev_end = end
            norm = normalise_word(surface)
            if not norm:
                chain_ok = chain_ok and soft
                article = (start, end) if surface.casefold() != "the" else None
                continue
            joined.append(chain_ok and soft)
            if article is not None and text[article[1] : start] in _ARTICLE_JOINERS:
                articles[start] = article[0]
            chain_ok, article = True, None
            words.append((norm, start, end))
        results: list[tuple[AliasGroup, int, int, str]] = []
        i, n = 0, len(words)
        while i < n:
            norm, start, _ = words[i]
            found = self._match_at(text, words, joined, i, norm)
            if found is None and len(norm) >= 3 and is_arabic_word(norm) and norm[0] in _ARABIC_CLITICS:
                found = self._match_at(text, words, joined, i, _strip_arabic_article(norm[1:]))
            if found is None:
                i += 1
                continue
            entry, last = found
            begin = articles.get(start, start)
            end = words[last][2]
            results.append((self._by_key[entry.group_key], begin, end, text[begin:end]))
            i = last + 1
        return results

    def _match_at(
        self,
        text: str,
        words: list[tuple[str, int, int]],
        joined: list[bool],
        i: int,
        first: str,
    ) -> tuple[_Alias, int] | None:
        if not first:
            return None
        for entry in self._first.get(first, ()):
            size = len(entry.words)
            if i + size > len(words):
                continue
            if any(words[i + k][0] != entry.words[k] or not joined[i + k] for k in range(1, size)):
                continue
            last = i + size - 1
            if entry.upper is not None:
                surface = "".join(ch for ch in text[words[i][1] : words[last][2]] if ch.isalnum())
                if surface != entry.upper:
                    continue
            return entry, last
        return None


# What may separate the words of one alias in running text: spaces, hyphens, invisible marks,
# or the single dot of an abbreviation (U.S.). Anything else (comma, full stop and space,
# bracket) ends a name.
_SOFT_GAP_RE = re.compile(r"[\s\-\u2010\u2011\u200c\u200d\u200e\u200f\u061c]*|\.")
_ARTICLE_JOINERS = frozenset({"-", " ", "\u2010", "\u2011", "\u00a0"})


def _is_soft_gap(gap: str) -> bool:
    return _SOFT_GAP_RE.fullmatch(gap) is not None


def _parse_rows(table: Table) -> Iterator[tuple[int, str, str, str]]:
    """Rows of one alias file as (line, group, alias, kind); bad rows are noted in ``table``."""
    columns = {"group": 0, "alias": 1, "kind": 2}
    header_seen = False
    for row in table.rows:
        cells = row.cells
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            names = [c.casefold() for c in cells]
            if "group" in names and "alias" in names:
                columns = {name: names.index(name) for name in ("group", "alias", "kind") if name in names}
                continue
            table.note("no 'group,alias,kind' header; assuming that order", row.line)
        group, alias, kind = (
            cells[columns[name]] if name in columns and columns[name] < len(cells) else ""
            for name in ("group", "alias", "kind")
        )
        kind = kind.casefold()
        if not group or not alias:
            table.skip(row.line, f"needs a group and an alias: {clipped(','.join(cells), 80)}")
        elif kind and kind not in KINDS:
            table.skip(row.line, f"kind {clipped(kind)} is not one of {', '.join(KINDS)}")
        else:
            yield row.line, group, alias, kind


def default_alias_files(corpus_root: Path) -> list[Path]:
    """Alias files in load order: the corpus's own (or the bundled one), then the user's.

    The user's file comes last so personal additions extend the shipped table.
    """
    from reader import paths

    corpus_root = Path(corpus_root)
    files = [corpus_root / "aliases.csv"]
    if not files[0].is_file():
        bundled = paths.bundled_corpus() / "aliases.csv"
        if bundled != files[0]:
            files.append(bundled)
    files.append(paths.user_paths().config / "aliases.csv")
    return files
