"""Markdown notes and posts (issue 15): a real Jekyll blog post with front matter, code fences and
Liquid tags, and a real Arabic lesson with an HTML comment, a table and links (see
tests/data/formats/html/SOURCES.md). Expectations were written by reading the files.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.corpus import scan_corpus
from reader.ingest.formats import EXTRACTORS, load_extractors
from reader.ingest.formats.markdown import front_matter, read_markdown
from reader.ingest.loader import NotText

DATA = Path(__file__).resolve().parents[1] / "data" / "formats" / "html" / "markdown"
JEKYLL = DATA / "2016-10-06-jekyll-3-3-is-here.md"
ARABIC = DATA / "ar-accessibility-assignment.md"


def scan_one(tmp_path: Path, path: Path, name: str | None = None):
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(path, folder / (name or path.name))
    corpus = scan_corpus(tmp_path)
    assert corpus.skipped == []
    [doc] = corpus.documents
    return doc


def test_markdown_suffixes_are_registered():
    load_extractors()
    assert EXTRACTORS[".md"] is read_markdown and EXTRACTORS[".markdown"] is read_markdown


def test_without_markdown_it_markdown_files_are_skipped_naming_it(monkeypatch):
    from reader.ingest import formats
    from reader.ingest.formats import markdown

    monkeypatch.setitem(sys.modules, "markdown_it", None)  # import fails
    monkeypatch.setattr(formats, "EXTRACTORS", {})
    monkeypatch.setattr(formats, "MISSING", {})
    markdown._register()
    assert formats.MISSING == {
        ".md": "reading .md files needs the markdown-it-py package, which is not installed",
        ".markdown": "reading .markdown files needs the markdown-it-py package, which is not installed",
    }


def test_a_jekyll_post_has_its_front_matter_title_date_and_author(tmp_path):
    doc = scan_one(tmp_path, JEKYLL)
    assert doc.title == "Jekyll 3.3 is here with better theme support, new URL filters, and tons more"
    assert (doc.date.value, doc.date.source, doc.date.evidence) == (
        "2016-10-06", "metadata", "the Markdown file's front matter")
    assert doc.byline == "parkr" and doc.language == "en" and doc.encoding == "markdown"
    assert doc.text.startswith("There are tons of great new quality-of-life features you can use in 3.3. "
                               "Three key things you might want to try:")
    assert doc.text.endswith("please don't hesitate to file a bug report.\n\nHappy Jekylling!")
    headings = [p.text for p in doc.paragraphs if p.heading]
    assert headings == [
        "1. Themes can now ship static & dynamic assets in an /assets directory",
        "2. relative_url and absolute_url filters",
        "3. site.url is set by the development server",
        "A lot more!",
    ]


def test_markup_goes_links_keep_their_text_and_code_stays(tmp_path):
    doc = scan_one(tmp_path, JEKYLL)
    texts = [p.text for p in doc.paragraphs]
    assert ("In Jekyll 3.2, we shipped the ability to use a theme that was packaged as a gem. 3.2 included "
            "support for includes, layouts, and sass partials. In 3.3, we're adding assets to that list."
            ) in texts
    assert "See our documentation on the subject for more info." in texts  # kramdown link, Liquid target
    assert texts.count('{{ "/docs/assets/" | relative_url }} => /myproject/docs/assets') == 1  # a code fence
    for markup in ("](", "http://guides.rubygems.org", "{% raw %}", "{% endraw %}", "```", "### ",
                   "*presentation*", "title:", "---"):
        assert markup not in doc.text, markup
    assert "*presentation*" in doc.original and "{% raw %}" in doc.original  # "Show original": the source


def test_an_arabic_lesson_takes_its_title_from_the_first_heading(tmp_path):
    doc = scan_one(tmp_path, ARABIC)
    assert doc.title == "تحليل موقع غير قابل للوصول"
    assert doc.language == "ar" and doc.date.source != "metadata"
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "التعليمات" and doc.paragraphs[0].heading
    assert texts[1].startswith("حدد موقعًا إلكترونيًا تعتقد أنه غير قابل للوصول")
    assert texts[1].endswith("توضح كيفية تحسين الموقع.")  # three lines joined by their hard breaks
    assert "المعايير | مثالي | كافٍ | بحاجة إلى تحسين" in texts  # a table row is one paragraph
    assert texts[-1].startswith("إخلاء المسؤولية: تم ترجمة هذا المستند باستخدام خدمة الترجمة بالذكاء "
                                "الاصطناعي Co-op Translator.")
    assert texts[-1].endswith("نحن غير مسؤولين عن أي سوء فهم أو تفسيرات خاطئة تنشأ عن استخدام هذه الترجمة.")
    for markup in ("CO_OP_TRANSLATOR_METADATA", "<!--", "https://github.com/Azure", "**", "|---"):
        assert markup not in doc.text, markup
    assert all(p.direction == "rtl" for p in doc.paragraphs if p.language == "ar")


def test_a_root_readme_is_not_an_article_but_a_note_is(tmp_path):
    shutil.copy(ARABIC, tmp_path / "README.md")
    shutil.copy(JEKYLL, tmp_path / "post.markdown")
    corpus = scan_corpus(tmp_path)
    assert [d.source for d in corpus.documents] == ["post.markdown"]
    assert corpus.skipped == []  # describing the corpus is what a README is for


# --------------------------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------------------------


def test_front_matter_fields_lists_and_quotes():
    fields, body = front_matter(
        "---\n"
        "title: 'It''s \"here\"'  \n"
        "date: 2017-10-19 21:33:00 +0200\n"
        "authors:\n  - Ana Writer\n  - Omar Kātib\n"
        "tags: [news, \"gaza\", ar]\n"
        "nested:\n  key: value\n"
        "draft: false # not yet\n"
        "---\n# Heading\n\nText.\n")
    assert fields["title"] == "It's \"here\""
    assert fields["date"] == "2017-10-19 21:33:00 +0200"
    assert fields["authors"] == ["Ana Writer", "Omar Kātib"]
    assert fields["tags"] == ["news", "gaza", "ar"]
    assert fields["draft"] == "false"
    assert body == "# Heading\n\nText.\n"


def test_toml_front_matter_and_unclosed_blocks():
    fields, body = front_matter('+++\ntitle = "Hugo post"\ndate = 2020-05-04T10:00:00Z\n+++\nBody.\n')
    assert fields == {"title": "Hugo post", "date": "2020-05-04T10:00:00Z"} and body == "Body.\n"
    text = "---\ntitle: never closed\n\nA thematic break above, not front matter.\n"
    assert front_matter(text) == ({}, text)


@pytest.mark.parametrize(("date", "expected"), [
    ("2016-10-06 11:10:38 -0700", "2016-10-06"),
    ("2020-5-4", "2020-05-04"),
    ("2021-03", "2021-03"),
    ("2019", "2019"),
    ("2019-13-40", None),
    ("October 6, 2016", None),
])
def test_front_matter_dates(date, expected):
    source = f"---\ndate: {date}\ntitle: T\nlang: ar-EG\n---\nنص المقال هنا.\n"
    ex = read_markdown(source.encode(), Path("a.md"))
    assert ex.date == expected
    assert ex.date_evidence == ("the Markdown file's front matter" if expected else "")
    assert ex.language == "ar"


def test_declared_direction_and_source_address():
    ex = read_markdown(
        "---\ntitle: ملاحظة\ndir: rtl\nsource: https://example.org/ar/1\n---\n\n"
        "Reuters قالت الوكالة إن الاجتماع انتهى دون اتفاق.\n\nAn English line.\n".encode(), Path("a.md"))
    assert [b.direction for b in ex.blocks] == ["rtl", None]
    assert ex.url == "https://example.org/ar/1"
    assert read_markdown(b"---\nurl: javascript:alert(1)\n---\ntext\n", Path("a.md")).url is None


def test_images_and_inline_html_are_dropped_code_is_kept():
    ex = read_markdown(
        b"# Title\n\n![a chart of casualties](chart.png) Caption after the image.\n\n"
        b"Text with <span class='x'>inline</span> html and `code`.\n\n"
        b"    indented code line\n\n> quoted **words**\n\n- one\n- [two](http://x.org)\n\n"
        b"<p align=\"center\">A centred paragraph &amp; more</p>\n", Path("a.md"))
    assert [b.text for b in ex.blocks] == [
        "Title", "Caption after the image.", "Text with inline html and code.", "indented code line",
        "quoted words", "one", "two", "A centred paragraph & more"]
    assert ex.title == "Title" and ex.blocks[0].heading


# --------------------------------------------------------------------------------------------
# Damaged and hostile files
# --------------------------------------------------------------------------------------------


def test_empty_and_binary_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (tmp_path / "only-markup.md").write_bytes(b"---\ntitle: x\n---\n![img](a.png)\n\n---\n")
    corpus = scan_corpus(tmp_path)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons == {"empty.md": "empty file", "image.md": "binary content (not text)",
                       "only-markup.md": "no text found in this MARKDOWN file"}


@pytest.mark.parametrize("text", [
    ">" * 100_000 + " deep quote",
    "".join("  " * i + "- item\n" for i in range(3000)),
    "[" * 50_000 + "x" + "](" * 50_000,
    "*" * 200_000,
    "| a | b |\n|---|---|\n" + "| c | d |\n" * 50_000,
    "---\n" + "key: value\n" * 100_000,
])
def test_hostile_markdown_ends_quickly(text):
    started = time.perf_counter()
    with contextlib.suppress(NotText):
        read_markdown(text.encode(), Path("h.md"))
    assert time.perf_counter() - started < 20


def test_a_book_sized_file_is_read_as_plain_paragraphs(monkeypatch):
    from reader.ingest.formats import markdown

    monkeypatch.setattr(markdown, "MAX_MARKDOWN_CHARS", 1000)
    ex = read_markdown(JEKYLL.read_bytes(), JEKYLL)
    assert ex.notes == (markdown.TOO_BIG_NOTE,)
    assert ex.title.startswith("Jekyll 3.3 is here") and ex.date == "2016-10-06"
    assert ex.blocks[1].heading and ex.blocks[1].text.startswith("1. Themes can now ship")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("#*_[]()!`>-|:+=\n \t{}%<>/\"'ab\u0627\u0644\u200f")),
               max_size=1500))
def test_any_markdown_gives_an_article_or_a_reason(text):
    with contextlib.suppress(NotText):
        ex = read_markdown(text.encode("utf-8"), Path("x.md"))
        assert all(block.text.strip() for block in ex.blocks)
