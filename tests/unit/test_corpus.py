"""Scanning a whole corpus: the bundled seeds as a user sees them, and the corpus-level rules."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.corpus import scan_corpus
from tests.conftest import CORPUS


def _by_title_start(corpus, prefix: str):
    (doc,) = [d for d in corpus.documents if d.title.startswith(prefix)]
    return doc


SEEDS = ("000_6e14188510fd6a63.txt", "001_ff668e2db0ba1b04.txt", "002_b0ebc636adbfbd87.txt",
         "003_dca753b7094c4e72.txt", "004_bfcb01144a6473e3.txt")


def test_every_file_gives_articles_and_translations_stay_whole(bundled_corpus):
    sources = {d.source for d in bundled_corpus.documents}
    assert sources == {p.name for p in CORPUS.glob("*.txt")}
    assert not bundled_corpus.skipped and not bundled_corpus.problems
    per_file = {name: [d for d in bundled_corpus.documents if d.source == name] for name in sources}
    assert len(per_file["001_ff668e2db0ba1b04.txt"]) == 20
    for name, docs in per_file.items():
        if name != "001_ff668e2db0ba1b04.txt":
            assert len(docs) == 1, name


def test_declared_translation_pairs_point_both_ways(bundled_corpus):
    pairs = {d.id: d.pair for d in bundled_corpus.documents if d.pair}
    assert len(pairs) == 12
    for doc_id, other in pairs.items():
        assert bundled_corpus.get(other) is not None, other
        assert pairs.get(other) == doc_id
        assert bundled_corpus.get(other).language != bundled_corpus.get(doc_id).language


def test_expected_dates_on_the_seeds(bundled_corpus):
    get = bundled_corpus.get
    assert (get("000_6e14188510fd6a63#01").date.value, get("000_6e14188510fd6a63#01").date.source) == (
        "2020-01-02",
        "header",
    )
    madness = _by_title_start(bundled_corpus, "«حفلة الجنون» الأميركية")
    assert (madness.date.value, madness.date.precision) == ("2020-03-14", "day")
    press_tv = _by_title_start(bundled_corpus, "PMU anti-terror forces")
    assert press_tv.date.value == "2020-04-04" and press_tv.outlet == "Press TV"


def test_honest_about_articles_without_a_date(bundled_corpus):
    no_year = bundled_corpus.get("002_b0ebc636adbfbd87#01").date
    assert no_year.value is None and "no year" in no_year.evidence
    history = bundled_corpus.get("003_dca753b7094c4e72#01").date
    assert history.value is None, "November 2016 is history the article recalls"
    assert history.not_before == "2016"
    recent = bundled_corpus.get("004_bfcb01144a6473e3#01").date
    assert recent.value is None and recent.not_before == "2021"


def test_boilerplate_gone_from_clean_text_but_in_the_original(bundled_corpus):
    doc = bundled_corpus.get("003_dca753b7094c4e72#01")
    assert "Meet Iranian Singles" not in doc.text
    assert "Meet Iranian Singles" in doc.original
    assert doc.outlet == "American Herald Tribune"
    cradle = bundled_corpus.get("004_bfcb01144a6473e3#01")
    assert "Post a Comment" not in cradle.text and "No comments" not in cradle.text
    magnier = bundled_corpus.get("001_ff668e2db0ba1b04#01")
    assert "Proofread by" not in magnier.text and "Copyright" not in magnier.text
    assert "Copyright" in magnier.original


def test_original_span_is_the_source_text(bundled_corpus):
    for doc in bundled_corpus.documents:
        start, end = doc.source_span
        assert bundled_corpus.sources[doc.source][start:end] == doc.original


def test_paragraph_direction_follows_the_majority_script(bundled_corpus):
    arabic = _by_title_start(bundled_corpus, "«حفلة الجنون» الأميركية")
    assert arabic.language == "ar"
    assert all(p.direction == "rtl" for p in arabic.paragraphs)
    english = bundled_corpus.get("000_6e14188510fd6a63#01")
    assert all(p.direction == "ltr" and p.language == "en" for p in english.paragraphs)


def test_paragraph_offsets_index_the_clean_text(bundled_corpus):
    for doc in bundled_corpus.documents:
        text = doc.text
        for p in doc.paragraphs:
            assert text[p.start : p.end] == p.text


def test_ids_are_stable_across_scans(bundled_corpus):
    again = scan_corpus(CORPUS)
    assert [d.id for d in again.documents] == [d.id for d in bundled_corpus.documents]
    assert [d.title for d in again.documents] == [d.title for d in bundled_corpus.documents]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


BODY = (
    "The minister said on Monday that the talks would continue next week, after both delegations "
    "agreed to meet again in the capital to settle the remaining questions about the border."
)


def test_metadata_csv_overrides_and_reports_bad_rows(tmp_path):
    _write(tmp_path, "a.txt", f"Talks Resume In The Capital\n\n{BODY}\n")
    _write(tmp_path, "b.txt", f"Border Questions Remain Open\n\n{BODY} Again, they said.\n")
    (tmp_path / "metadata.csv").write_text(
        "file,segment,title,date,outlet,author,language,pair\n"
        "a.txt,1,Corrected Title,2021-05-06,Example Times,Ann Lee,en,b.txt\n"
        "b.txt,,,not a date,,,,\n"
        "b.txt,x,,,,,,\n"
        "missing.txt,,,2020,,,,\n",
        encoding="utf-8",
    )
    corpus = scan_corpus(tmp_path)
    a = corpus.get("a#01")
    assert a.title == "Corrected Title"
    assert (a.date.value, a.date.source, a.date.precision) == ("2021-05-06", "manifest", "day")
    assert a.outlet == "Example Times" and a.byline == "Ann Lee" and a.pair == "b.txt"
    assert corpus.get("b#01").title == "Border Questions Remain Open"
    assert len(corpus.problems) == 3
    assert any("metadata.csv:3:" in p and "not a date" in p for p in corpus.problems)
    assert any("metadata.csv:4:" in p for p in corpus.problems)
    assert any("metadata.csv:5:" in p and "missing.txt" in p for p in corpus.problems)


def test_broken_metadata_csv_never_stops_a_scan(tmp_path):
    _write(tmp_path, "a.txt", f"Talks Resume In The Capital\n\n{BODY}\n")
    (tmp_path / "metadata.csv").write_bytes(b"\xff\xfe\x00garbage\x00\n")
    corpus = scan_corpus(tmp_path)
    assert len(corpus.documents) == 1
    assert corpus.problems


def test_lines_repeated_across_many_files_are_boilerplate(tmp_path):
    for n in range(4):
        _write(
            tmp_path,
            f"{n}.txt",
            f"Story Number {n} Of The Week\n\n{BODY} Item {n}.\n\nSubscribe to The Weekly Bugle today\n",
        )
    corpus = scan_corpus(tmp_path)
    assert len(corpus.documents) == 4
    for doc in corpus.documents:
        assert "Weekly Bugle" not in doc.text
        assert "Weekly Bugle" in doc.original


def test_near_duplicates_across_files_are_grouped(tmp_path):
    _write(tmp_path, "a.txt", f"Talks Resume In The Capital\n\n{BODY}\n\n{BODY}\n")
    _write(tmp_path, "b.txt", f"Talks Resume In The Capital\n\nBy Staff\n\n{BODY}\n\n{BODY}\n")
    other = "Farmers in the valley began the harvest early this year because the rains came in June."
    _write(tmp_path, "c.txt", f"A Different Story\n\n{other} {BODY[:60]}\n")
    corpus = scan_corpus(tmp_path)
    dupes = {d.id: d.duplicate_of for d in corpus.documents}
    assert (dupes["a#01"], dupes["b#01"]) in {("b#01", None), (None, "a#01")}
    assert dupes["c#01"] is None


def test_arabic_paragraph_starting_with_latin_is_rtl(tmp_path):
    _write(
        tmp_path,
        "afp.txt",
        "خبر عاجل من بغداد\n\n(AFP) قال مسؤولون عراقيون اليوم إن الحكومة ستعقد اجتماعا طارئا لبحث الأوضاع "
        "الأمنية في البلاد بعد الهجمات الأخيرة على القواعد العسكرية.\n",
    )
    (doc,) = scan_corpus(tmp_path).documents
    assert doc.paragraphs[0].text.startswith("(AFP)")
    assert doc.paragraphs[0].direction == "rtl" and doc.paragraphs[0].language == "ar"
    assert doc.language == "ar"


def test_two_megabyte_single_line_file_is_loaded(tmp_path):
    sentence = "The delegation arrived in Baghdad and met officials from several ministries. "
    (tmp_path / "long.txt").write_text(sentence * (2_000_000 // len(sentence)), encoding="utf-8")
    (doc,) = scan_corpus(tmp_path).documents
    assert doc.chars >= 1_990_000
    assert doc.language == "en"


_FILE_BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.sampled_from([b"", b"\x00\x00", BODY.encode("cp1252"), "كتب المراسل".encode("cp1256")]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a", "b/c", "b", "d/e/f"]), _FILE_BYTES), max_size=8))
def test_scan_never_crashes_on_random_files(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("random")
    for n, (folder, data) in enumerate(files):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"f{n}.txt").write_bytes(data)
    corpus = scan_corpus(root)
    reported = {d.source for d in corpus.documents} | {s.path for s in corpus.skipped}
    assert len(reported) <= len(files)
    for doc in corpus.documents:
        assert "\x00" not in doc.text and "\r" not in doc.text
