"""Tables of articles (CSV, TSV, JSON Lines, a JSON array), in a ``.txt`` or under their own suffix.

A scraper's or spreadsheet's export holds one article per row, its text in one cell: each row with
text must come out as one article, titled, dated and attributed by its own cells, its quoting undone,
and prose that only looks a little like a table must stay prose.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.ingest.boundaries import FileBoundaryFixes
from reader.ingest.corpus import article_id_stems, scan_corpus
from reader.ingest.loader import load_file
from reader.ingest.segment import segment_text
from reader.ingest.tables import article_rows

BGR_TEXT = (
    "Black Friday 2019 is going to be huge for all sorts of different product categories, from 4K TVs "
    "and robot vacuums to Instant Pots and more.\n\nAirPods 2 dropped to an all-time low on Amazon at "
    "just $139, and AirPods 2 with Wireless Charging Case are down to $164.99."
)
SWIM_TEXT = (
    "The Kansas high school boys state swimming and diving championships wrapped up on Saturday in "
    "Topeka, with Blue Valley North winning its fourth straight title.\n\nFull results are below."
)
SHAHEEN_1 = (
    'ارتفع ضحايا إعصار "شاهين"، في سلطنة عمان اليوم الأحد إلى ثلاثة عقب انتشال جثماني أجنبيين اثنين '
    "توفيا جراء العاصفة المدارية.\n"
    'وأفادت وكالة الأنباء العمانية الرسمية، بـ"وفاة طفل في تجمعات مائية بولاية العامرات في محافظة مسقط".'
)
SHAHEEN_2 = (
    "7 وفيات جديدة جراء العاصفة «شاهين» في سلطنة عمان\n"
    "أعلنت اللجنة الوطنية لإدارة الحالات الطارئة في سلطنة عمان تسجيل سبع وفيات جديدة جراء العاصفة "
    "المدارية شاهين، ليرتفع عدد الضحايا إلى أحد عشر شخصا."
)


def _csv(rows: list[list[str]], *, delimiter: str = ",", line_end: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return out.getvalue()


def _articles(folder: Path) -> list:
    return scan_corpus(folder).documents


def test_a_scrapers_csv_pasted_into_a_txt_gives_one_article_per_row(tmp_path: Path) -> None:
    """goose's export: ``url,title,authors,text``, rows ending CRLF, the text's own breaks LF."""
    table = _csv([
        ["url", "title", "authors", "text"],
        ["https://bgr.com/2019/11/19/apple-black-friday-2019-deals-best-available-now/",
         "The 10 best early Black Friday deals on Apple devices", "Maren Estrada", BGR_TEXT],
        ["https://www.catchitkansas.com/content/news/Friday-State-Swim-Results-474349633.html",
         "2018 Boys State Swim Results", "KWCH", SWIM_TEXT],
    ])
    (tmp_path / "export.txt").write_bytes(table.encode("utf-8"))
    first, second = _articles(tmp_path)
    assert first.title == "The 10 best early Black Friday deals on Apple devices"
    assert first.date.value == "2019-11-19"  # the page's address dates it
    assert first.byline == "Maren Estrada"
    assert first.text.startswith("Black Friday 2019 is going to be huge")
    assert "AirPods 2 dropped to an all-time low" in first.text
    assert "url,title" not in first.text and "bgr.com" not in first.text
    assert second.title == "2018 Boys State Swim Results"
    assert second.date.value is None  # "2018" in the title is no publication date
    assert second.text.startswith("The Kansas high school boys")
    assert first.boundary.reason == "row 1 of the CSV table"
    saved = load_file(tmp_path / "export.txt").text  # (CRLF read as LF)
    assert second.source_span[0] == saved.index("https://www.catchitkansas.com")


def test_an_arabic_csv_with_a_bom_and_doubled_quotes_reads_as_the_sheet_shows(tmp_path: Path) -> None:
    """A spreadsheet's "CSV UTF-8": BOM, ``id,url,text``, inner quotes doubled, no title column."""
    table = _csv([
        ["id", "url", "text"],
        ["1", "https://emirates71.org/posts/95191", SHAHEEN_1],
        ["2", "https://new.karistina.com/munuaeat/31134.html", SHAHEEN_2],
    ])
    assert '""شاهين""' in table
    (tmp_path / "shaheen.txt").write_bytes(table.encode("utf-8-sig"))
    first, second = _articles(tmp_path)
    assert first.language == second.language == "ar"
    assert first.title.startswith('ارتفع ضحايا إعصار "شاهين"، في سلطنة عمان')  # its opening words
    assert '"وفاة طفل' in first.text and '""' not in first.text
    assert second.title == "7 وفيات جديدة جراء العاصفة «شاهين» في سلطنة عمان"  # its headline line
    assert second.text.startswith("أعلنت اللجنة الوطنية")
    assert first.date.value is None and second.date.value is None


def test_a_tsv_with_a_header_and_a_publication_date_column(tmp_path: Path) -> None:
    table = _csv([
        ["title", "published", "scraped_at", "content"],
        ["Floods hit the north", "Thu, 04 Mar 2021 10:00:00 GMT", "2025-01-01", BGR_TEXT],
        ["Swimmers take the title", "", "2025-01-01", SWIM_TEXT],
    ], delimiter="\t", line_end="\n")
    (tmp_path / "feed.tsv").write_text(table, encoding="utf-8")
    first, second = _articles(tmp_path)
    assert (first.title, first.date.value) == ("Floods hit the north", "2021-03-04")
    assert second.title == "Swimmers take the title"
    assert second.date.value is None  # when the row was scraped dates nothing


def test_json_lines_and_a_json_array_are_tables_too(tmp_path: Path) -> None:
    records = [
        {"url": "https://example.org/news/2021/03/04/floods", "title": "Floods hit the north | Example News",
         "date": "2021-03-04T10:00:00Z", "content": BGR_TEXT, "tags": ["floods", "weather"]},
        {"url": "https://example.org/p/77", "title": "", "content": SHAHEEN_2, "crawled": "2025-02-02"},
    ]
    (tmp_path / "items.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=n == 0) for n, r in enumerate(records)) + "\n", encoding="utf-8"
    )
    (tmp_path / "items.txt").write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    docs = _articles(tmp_path)
    by_file = {(d.source, d.segment): d for d in docs}
    for name in ("items.jsonl", "items.txt"):
        first, second = by_file[(name, 1)], by_file[(name, 2)]
        assert first.title == "Floods hit the north"  # its site's name is no part of the headline
        assert first.date.value == "2021-03-04"
        assert second.title == "7 وفيات جديدة جراء العاصفة «شاهين» في سلطنة عمان"
        assert second.date.value is None
        assert (name, 3) not in by_file


def test_a_cell_of_html_is_read_as_its_text_never_as_markup(tmp_path: Path) -> None:
    html = (
        "<p>Heavy rain caused floods across the <b>northern</b> provinces on Thursday &amp; Friday, "
        "officials said.</p><p>Rescue teams worked through the night.<img src='http://example.org/x.png'></p>"
        "<script>alert('no')</script>"
    )
    (tmp_path / "cms.csv").write_text(_csv([["title", "body"], ["Floods", html]]), encoding="utf-8")
    [doc] = _articles(tmp_path)
    assert doc.text.split("\n\n")[:2] == [
        "Heavy rain caused floods across the northern provinces on Thursday & Friday, officials said.",
        "Rescue teams worked through the night.",
    ]
    assert "<" not in doc.text and "alert" not in doc.text


def test_a_table_of_something_else_is_skipped_saying_why_and_the_corpus_tables_are_not_articles(
    tmp_path: Path,
) -> None:
    (tmp_path / "numbers.csv").write_text("year,count\n2020,3\n2021,4\n", encoding="utf-8")
    (tmp_path / "articles.csv").write_text(
        _csv([["title", "text"], ["Floods", BGR_TEXT]]), encoding="utf-8"
    )
    (tmp_path / "metadata.csv").write_text("file,segment,title\narticles.csv,1,Corrected title\n")
    (tmp_path / "aliases.csv").write_text("group,alias,kind\nHezbollah,Hizbullah,spelling\n")
    corpus = scan_corpus(tmp_path)
    assert [d.title for d in corpus.documents] == ["Corrected title"]  # metadata.csv still applies
    [skipped] = corpus.skipped
    assert skipped.path == "numbers.csv"
    assert "needs a header row naming its text column" in skipped.reason


@pytest.mark.parametrize(
    "prose",
    [
        "Text, images and video\nThe festival opened on Friday with a parade, and crowds lined the "
        "streets, waving flags, while bands played.\nOrganisers said, cautiously, that more would come.",
        "[Photo] The minister speaks in parliament on Tuesday.\nHe said the budget would pass, and that "
        "the opposition would vote for it.",
        "{Updated} The minister spoke on Tuesday about the budget and the opposition's plans for it.",
        "title,text\n",
    ],
)
def test_prose_that_looks_a_little_like_a_table_stays_prose(prose: str) -> None:
    assert article_rows(prose) is None
    assert segment_text(prose)  # read by the splitter as any page


def test_a_csv_with_a_quote_left_open_falls_back_to_text_and_loses_nothing(tmp_path: Path) -> None:
    broken = f'url,title,text\nhttps://a.example/1,First,"{BGR_TEXT}\nhttps://a.example/2,Second,"{SWIM_TEXT}'
    (tmp_path / "broken.txt").write_text(broken, encoding="utf-8")
    corpus = scan_corpus(tmp_path)
    found = " ".join(" ".join([d.title, d.text, *d.removed]) for d in corpus.documents)
    for word in ("AirPods", "Topeka", "Kansas", "Black"):
        assert word in found


def test_the_researchers_merge_joins_two_rows_into_one_article(tmp_path: Path) -> None:
    table = _csv([["title", "text"], ["Part one", BGR_TEXT], ["Part two", SWIM_TEXT]])
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    text = load_file(tmp_path / "t.csv").text
    fixes = {"t.csv": FileBoundaryFixes(merge_at=frozenset({text.index("Part two")}))}
    [doc] = scan_corpus(tmp_path, fixes).documents
    assert doc.title == "Part one"
    assert "Part two" in doc.text and "Topeka" in doc.text and "AirPods" in doc.text


def test_a_table_file_never_takes_an_existing_files_id() -> None:
    """``report.csv`` was not read before tables were: ``report.html``'s articles keep their ids."""
    stems = article_id_stems(["report.html", "report.csv", "notes.txt", "notes.jsonl"])
    assert stems["report.html"] == "report" and stems["notes.txt"] == "notes"
    assert stems["report.csv"] != "report" and stems["notes.jsonl"] != "notes"


_WORDS = st.lists(
    st.sampled_from(["flood", "rain", "قال", "الوزير", "town", '"quoted"', "a,b", "it's", "؛", "2021"]),
    min_size=12, max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text("abc XYZ", max_size=20), _WORDS, st.booleans()), min_size=1, max_size=6))
def test_any_written_table_gives_one_article_per_row_with_all_its_words(rows: list) -> None:
    texts = []
    for _title, words, breaks in rows:
        sentence = " ".join(words)
        texts.append(sentence.replace(" rain ", " rain.\n") if breaks else sentence + ".")
    table = _csv([["title", "text"], *[[t, x] for (t, _, _), x in zip(rows, texts, strict=True)]])
    found = article_rows(table)
    assert found is not None
    kind, parsed = found
    assert kind == "csv" and [r.text for r in parsed] == [x.strip() for x in texts]
    assert parsed[0].start == 0 and parsed[-1].end == len(table)
    assert all(a.end == b.start for a, b in itertools.pairwise(parsed))
    docs = segment_text(table)
    assert len(docs) == len(rows)
    for doc, text in zip(docs, texts, strict=True):
        kept = " ".join([doc.title or "", *doc.body, *doc.removed])
        assert all(word.strip('."') in kept for word in text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
@example("0\r\t")  # (a carriage return inside a header line, found by this test)
def test_any_text_is_either_a_table_or_not_and_never_an_error(text: str) -> None:
    found = article_rows(text)
    if found is not None:
        assert all(row.text for row in found[1])
