"""A nineteenth round: browser titles whose tail is the site the page came from, as its address spells it."""

from __future__ import annotations

from pathlib import Path

from reader.ingest.corpus import documents_of_file
from reader.ingest.loader import SourceFile
from reader.ingest.segment import without_host_name

LEAD = ("Nvidia's chief executive told a conference in Toronto on Tuesday that every country should build "
        "its own artificial intelligence infrastructure, a pitch that has won the company several deals.")
MORE = ("Analysts said the strategy helps the chip maker diversify beyond a handful of large cloud clients, "
        "although governments are still weighing the costs of the data centres such plans would require.")


def _docs(text: str, name: str = "clips.md") -> list:
    return documents_of_file(SourceFile(Path(name), name, text, "utf-8", len(text)))


def test_a_clipped_pages_title_loses_the_site_its_source_address_names():
    # A web clipper's front matter: the page's <title> ("Headline - Site") and its source address.
    text = (
        '---\ntitle: "Business Brief: Nvidia is into nation building - The Globe and Mail"\n'
        'source: "https://www.theglobeandmail.com/business/article-business-brief/"\ncreated: 2026-12-08\n'
        f"---\n\n{LEAD}\n\n{MORE}\n"
    )
    assert [d.title for d in _docs(text)] == ["Business Brief: Nvidia is into nation building"]


def test_a_pasted_pages_title_loses_the_site_its_address_names():
    text = (
        "https://www.businessinsider.com/nvidia-nation-building-2025-3\n\n"
        "Nvidia pitches sovereign AI to governments around the world - Business Insider\n\n"
        f"{LEAD}\n\n{MORE}\n"
    )
    assert [d.title for d in _docs(text, "clips.txt")] == [
        "Nvidia pitches sovereign AI to governments around the world"
    ]


def test_a_tail_the_address_does_not_name_stays():
    title = "Ceasefire talks resume in Cairo - Analysis"
    assert without_host_name(title, "https://www.example.org/news/1") == title
    assert without_host_name("Short - Reuters", "https://www.reuters.com/x") == "Short - Reuters"  # too short
    assert without_host_name("Talks resume in Cairo today - AP", "https://apnews.com/x") == (
        "Talks resume in Cairo today - AP"  # two letters could be in any host
    )


PORT = ("President Uhuru Kenyatta will on Thursday preside over the operationalization of the first berth at "
        "the new Lamu port, which is expected to handle ships bound for Ethiopia and South Sudan.")
PORT_MORE = ("The first phase will have three berths, one each for containers, general cargo and bulk, and the "
             "port is expected to create employment opportunities for the local community.")


def test_onenote_pasted_from_lines_end_one_page_each_and_its_header_is_not_the_first_page():
    # A OneNote page copied out as text: its own title, day and time, then pages each under its headline
    # and ending with the "Pasted from <address>" line OneNote writes; a screen clipping's stamp.
    heads = ["Uhuru to officiate maiden berth at new Lamu port", "Mombasa port gets a new container terminal",
             "Kenya Ports Authority registers more gains in first quarter"]
    pages = "".join(
        f"{head}\n\n{PORT}\n\n{PORT_MORE}\n\nPasted from <https://example.co.ke/business/{n}-port-story>\n\n"
        + ("Screen clipping taken: 14/10/2024 09:52\n\n" if n == 0 else "")
        for n, head in enumerate(heads)
    )
    docs = _docs("Kenya ports clippings\nMonday, 14 October 2024\n09:41\n\n" + pages, "onenote.txt")
    assert [d.title for d in docs] == heads
    assert [d.date.value for d in docs] == [None, None, None]
    assert not any("Pasted from" in d.text or "Screen clipping" in d.text for d in docs)
