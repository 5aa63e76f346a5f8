"""A fifteenth round of page shapes, from the twenty-first set: pages copied one under another with a
wider blank gap between them than between their paragraphs, where the paragraphs of a page stand with
no blank line between them at all."""

from __future__ import annotations

from reader.ingest.segment import segment_text

PAGES = [
    (
        "Armed men storm the national oil company in the capital",
        [
            "Gunmen stormed the headquarters of the national oil company in the capital on Monday morning, "
            "surrounding the building and stopping staff from entering or leaving it for several hours.",
            "A source inside the company said the gunmen arrived in cars without plates and demanded to "
            "meet its chairman, who was not in the building at the time of the raid.",
            "No official statement has yet been issued by the government or by the company's management "
            "on the motives behind the raid or on who was behind it.",
        ],
    ),
    (
        "Vaccination campaign for children begins across the governorate",
        [
            "The health directorate began its national vaccination campaign for children under five on "
            "Sunday, with teams visiting homes, schools and shopping centres across the governorate.",
            "The second stage of the campaign will run from the tenth to the sixteenth of next month and "
            "will cover the villages of the interior, the directorate said in a statement.",
            "Parents were asked to keep their children's vaccination cards at hand when the teams call, "
            "and to bring them to the nearest health centre if they miss the visit.",
        ],
    ),
    (
        "Economy minister refuses to subsidise imported luxury goods",
        [
            "The caretaker economy minister said on Tuesday that he would not approve subsidies for a list "
            "of imported goods that he described as luxuries, calling it a waste of public money.",
            "He said the ministry would keep supporting basic foodstuffs such as flour, rice and sugar, "
            "and would publish the full list of supported goods by the end of the week.",
            "Importers' associations criticised the decision and asked for a meeting with the minister "
            "before any list is adopted by the council of ministers.",
        ],
    ),
]


def _pasted(gap: str) -> str:
    return gap.join(title + "\n" + "\n".join(paragraphs) for title, paragraphs in PAGES) + "\n"


def test_pages_two_blank_lines_apart_are_three_articles_when_their_paragraphs_have_no_gap():
    segments = segment_text(_pasted("\n\n\n"))
    assert [s.title for s in segments] == [title for title, _ in PAGES]
    assert "Vaccination" not in " ".join(segments[0].body)


def test_a_text_whose_every_paragraph_is_two_blank_lines_apart_is_not_cut_at_each():
    title, paragraphs = PAGES[0]
    text = title + "\n\n\n" + "\n\n\n".join(paragraphs + PAGES[1][1]) + "\n"
    assert len(segment_text(text)) == 1
