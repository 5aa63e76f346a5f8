"""Ingest on real scraped pages it was not written for: the floors of ``benchmarks/bench_ingest.py``.

The development set (``tests/data/realworld/``, sources in its README) holds lynx/w3m dumps, html2text
and inscriptis output and copy-paste text of English and Arabic news and blog pages, glued as scrapers
glue them. These floors are what the splitter reaches today; they may only go up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from ingest_scorer import FileScore, score_folder

REALWORLD = DATA / "realworld"
HELDOUT = DATA / "realworld_heldout"

FLOORS = {
    # (.919 since lines speaking to the reader are furniture: a sidebar's video list under "Enter your
    # Zip Code" now reads as a new page; boilerplate left fell by a third on the tenth and eleventh sets)
    "precision": 0.91,
    "recall": 0.92,
    "title_accuracy": 0.88,
    "date_accuracy": 0.90,
    "language_accuracy": 0.92,
}
CEILINGS = {
    "boilerplate_left": 0.10,
    "content_lost": 0.025,
}
MAX_INVENTED_DATES = 0


# The held-out set (pages the rules were not written against) shows how ingest generalises.
HELDOUT_FLOORS = {
    "precision": 0.90,
    "recall": 0.96,
    "title_accuracy": 0.90,
    "date_accuracy": 0.93,
    "language_accuracy": 0.96,
}
HELDOUT_CEILINGS = {
    "boilerplate_left": 0.12,
    "content_lost": 0.01,
}
HELDOUT_MAX_INVENTED = 0

# Sets built later from other sites, converters and habits (rules were then written from their misses
# too): floors at what the splitter reaches on them, so a change that loses them shows. The fifth
# set (pages glued with nothing but a blank line, or nothing) is where ingest is weakest today.
# tests/data/realworld_final, realworld_ninth and realworld_fourteenth are kept untouched: never
# floored, never tuned on.
LATER_FLOORS = {
    "realworld_fresh": {"precision": 0.95, "recall": 0.95, "title_accuracy": 0.88, "date_accuracy": 0.90,
                        "language_accuracy": 0.95},
    "realworld_more": {"precision": 0.71, "recall": 0.78, "title_accuracy": 0.69, "date_accuracy": 0.74,
                       "language_accuracy": 0.77},
    # The sixth set (climate, water and energy news) was first measured at .61/.48/.41/.41 with 18
    # invented dates before any rule was written from it; developed on from then (its README).
    # In the seventh session two of its short copy-pasted pages were lost (.86/.86 -> .86/.83): they
    # had been found only because a headline printed three times was taken for a wrapped paragraph;
    # a copied line no longer sets a wrap width (tests/unit/test_ingest_generalise5.py). Later rules
    # of that session brought it to .88/.86, the eighth session's to .91/.88.
    "realworld_sixth": {"precision": 0.89, "recall": 0.86, "title_accuracy": 0.80, "date_accuracy": 0.86,
                        "language_accuracy": 0.86},
    # The seventh set was measured blind at .48/.58/.42/.52 (5 invented), then developed on (its README).
    "realworld_seventh": {"precision": 0.79, "recall": 0.86, "title_accuracy": 0.77, "date_accuracy": 0.83,
                          "language_accuracy": 0.86},
    # The eighth set was measured blind at .66/.80/.66/.70 (4 invented), then developed on (its README).
    "realworld_eighth": {"precision": 0.90, "recall": 0.92, "title_accuracy": 0.89, "date_accuracy": 0.90,
                         "language_accuracy": 0.92},
    # The tenth set was measured blind at .75/.71/.51/.64 (9 invented), then developed on (its README).
    # (In the ninth session a language switcher stopped being an article's headline; the article it
    # opened had held, by luck, a page the splitter misses: titles .59 -> .576, dates .76 -> .746.)
    "realworld_tenth": {"precision": 0.84, "recall": 0.82, "title_accuracy": 0.63, "date_accuracy": 0.77,
                        "language_accuracy": 0.82},
    # The eleventh set was measured blind at .71/.78/.60/.62 (10 invented), then developed on (its README).
    "realworld_eleventh": {"precision": 0.82, "recall": 0.88, "title_accuracy": 0.70, "date_accuracy": 0.80,
                           "language_accuracy": 0.88},
    # The twelfth set was measured blind at .72/.73/.53/.57 (6 invented), then developed on (its README).
    # (Nineteenth session: .85/.85/.77/.83 -> .87/.88/.78/.87 once html2text's "* * *" every few lines
    # stopped declaring pages.)
    "realworld_twelfth": {"precision": 0.86, "recall": 0.86, "title_accuracy": 0.76, "date_accuracy": 0.85,
                          "language_accuracy": 0.86},
    # The thirteenth set was measured blind at .70/.69/.52/.66 (7 invented), then developed on (its README).
    "realworld_thirteenth": {"precision": 0.85, "recall": 0.87, "title_accuracy": 0.69, "date_accuracy": 0.87,
                             "language_accuracy": 0.87},
    # The fifteenth set was measured blind at .62/.73/.46/.66 (5 invented), then developed on (its README).
    # Its titles stay low: 20 of its 59 headless pages are labelled with headlines their text does not hold.
    "realworld_fifteenth": {"precision": 0.81, "recall": 0.88, "title_accuracy": 0.49, "date_accuracy": 0.83,
                            "language_accuracy": 0.88},
    # The sixteenth set was measured blind at .86/.86/.42/.74 (5 invented), kept untouched for a session,
    # then developed on (its README). Its 7 invented dates are on glued headless pages it still misses.
    "realworld_sixteenth": {"precision": 0.87, "recall": 0.83, "title_accuracy": 0.51, "date_accuracy": 0.73,
                            "language_accuracy": 0.83},
    # The seventeenth set was measured blind at .75/.55/.32/.42 (7 invented), then developed on.
    "realworld_seventeenth": {"precision": 0.95, "recall": 0.95, "title_accuracy": 0.77,
                              "date_accuracy": 0.90, "language_accuracy": 0.95},
    # The eighteenth set was measured blind at .63/.52/.32/.38 (6 invented), then developed on; its CSV
    # dumps (rows of quoted multi-line text in a .txt file) are read as tables since the fifteenth session.
    "realworld_eighteenth": {"precision": 0.87, "recall": 0.78, "title_accuracy": 0.60, "date_accuracy": 0.71,
                             "language_accuracy": 0.76},
    # The nineteenth set was measured blind at .82/.71/.44/.69 (0 invented), then developed on.
    "realworld_nineteenth": {"precision": 0.94, "recall": 0.90, "title_accuracy": 0.71, "date_accuracy": 0.88,
                             "language_accuracy": 0.90},
    # The twentieth set was measured blind at .83/.78/.43/.51 (15 invented), then developed on.
    "realworld_twentieth": {"precision": 0.93, "recall": 0.92, "title_accuracy": 0.62, "date_accuracy": 0.84,
                            "language_accuracy": 0.92},
    # The twenty-first set (mainstream dumps and copies) was measured blind at .64/.72/.56/.68 (1 invented),
    # then developed on.
    "realworld_twentyfirst": {"precision": 0.83, "recall": 0.83, "title_accuracy": 0.63,
                              "date_accuracy": 0.77, "language_accuracy": 0.83},
    # The twenty-second set (mainstream copies, records and dumps) was measured blind at .84/.74/.53/.70
    # (2 invented), then developed on.
    # (Nineteenth session: .92/.84/.65/.79 -> .95/.91/.72/.86 once wider gaps count as pages' up to 70%
    # of the paragraph gaps.)
    "realworld_twentysecond": {"precision": 0.93, "recall": 0.89, "title_accuracy": 0.70,
                               "date_accuracy": 0.84, "language_accuracy": 0.86},
    # The twenty-third set (file-name seams, Arabic scraper records, html2text, w3m, trafilatura) was
    # measured blind at .85/.83/.59/.78 (2 invented), then developed on.
    "realworld_twentythird": {"precision": 0.92, "recall": 0.97, "title_accuracy": 0.70,
                              "date_accuracy": 0.92, "language_accuracy": 0.97},
    # The twenty-fourth set was measured blind at .58/.58/.45/.55 (6 invented), then developed on.
    "realworld_twentyfourth": {"precision": 0.87, "recall": 0.87, "title_accuracy": 0.74,
                               "date_accuracy": 0.87, "language_accuracy": 0.87},
    # The twenty-fifth set was measured blind at .78/.89/.71/.71 (0 invented), then developed on.
    "realworld_twentyfifth": {"precision": 0.97, "recall": 0.97, "title_accuracy": 0.80,
                              "date_accuracy": 0.80, "language_accuracy": 0.97},
    # The twenty-sixth set was measured blind at .20/.23/.19/.19 (1 invented), then developed on.
    "realworld_twentysixth": {"precision": 0.85, "recall": 0.80, "title_accuracy": 0.68,
                              "date_accuracy": 0.80, "language_accuracy": 0.80},
    # The twenty-seventh and twenty-eighth sets were measured blind at .97/1.00/.62/.97 and
    # .97/1.00/.87/1.00 (0 invented each), then developed on.
    "realworld_twentyseventh": {"precision": 0.97, "recall": 0.97, "title_accuracy": 0.65,
                                "date_accuracy": 0.94, "language_accuracy": 0.97},
    "realworld_twentyeighth": {"precision": 0.97, "recall": 0.97, "title_accuracy": 0.90,
                               "date_accuracy": 0.97, "language_accuracy": 0.97},
    # The twenty-ninth and thirtieth sets were measured blind at .80/.77/.58/.71 and .64/.79/.62/.76
    # (2 invented each), then developed on.
    "realworld_twentyninth": {"precision": 0.90, "recall": 0.87, "title_accuracy": 0.64,
                              "date_accuracy": 0.80, "language_accuracy": 0.87},
    "realworld_thirtieth": {"precision": 0.93, "recall": 0.89, "title_accuracy": 0.80,
                            "date_accuracy": 0.86, "language_accuracy": 0.89},
    # The thirty-first and thirty-second sets were measured blind at .86/.83/.67/.77 (4 invented) and
    # .69/.67/.58/.55 (3 invented), then developed on.
    "realworld_thirtyfirst": {"precision": 0.93, "recall": 0.87, "title_accuracy": 0.70,
                              "date_accuracy": 0.80, "language_accuracy": 0.87},
    "realworld_thirtysecond": {"precision": 0.88, "recall": 0.94, "title_accuracy": 0.76,
                               "date_accuracy": 0.82, "language_accuracy": 0.94},
    # The thirty-third and thirty-fourth sets were measured blind at .82/.74/.58/.55 (6 invented) and
    # .84/.81/.44/.72 (0 invented), then developed on.
    "realworld_thirtythird": {"precision": 0.83, "recall": 0.77, "title_accuracy": 0.61,
                              "date_accuracy": 0.70, "language_accuracy": 0.70},
    "realworld_thirtyfourth": {"precision": 0.83, "recall": 0.90, "title_accuracy": 0.62,
                               "date_accuracy": 0.80, "language_accuracy": 0.90},
    # The thirty-fifth and thirty-sixth sets were measured blind at .72/.68/.61/.58 (4 invented) and
    # .36/.38/.16/.19 (7 invented), then developed on.
    "realworld_thirtyfifth": {"precision": 0.90, "recall": 0.84, "title_accuracy": 0.77,
                              "date_accuracy": 0.83, "language_accuracy": 0.84},
    "realworld_thirtysixth": {"precision": 0.96, "recall": 0.96, "title_accuracy": 0.87,
                              "date_accuracy": 0.90, "language_accuracy": 0.96},
    # The thirty-seventh and thirty-eighth sets were measured blind at .71/.53/.16/.50 (2 invented) and
    # .62/.45/.24/.28 (4 invented), then developed on.
    "realworld_thirtyseventh": {"precision": 0.90, "recall": 0.85, "title_accuracy": 0.53,
                                "date_accuracy": 0.81, "language_accuracy": 0.85},
    "realworld_thirtyeighth": {"precision": 0.75, "recall": 0.58, "title_accuracy": 0.44,
                               "date_accuracy": 0.34, "language_accuracy": 0.58},
}
LATER_CEILINGS = {
    "realworld_fresh": {"boilerplate_left": 0.11, "content_lost": 0.02, "invented": 2},
    "realworld_more": {"boilerplate_left": 0.16, "content_lost": 0.03, "invented": 3},
    "realworld_sixth": {"boilerplate_left": 0.15, "content_lost": 0.02, "invented": 0},
    "realworld_seventh": {"boilerplate_left": 0.12, "content_lost": 0.05, "invented": 2},
    # (.103 since form feeds are seams: one inline teaser of a page they now close is left in it)
    # (.115 since a teaser list's line is no longer a person's name: the wrong start it made had hidden
    # the list's "Trending on TGP" label in its header; the article before it now keeps the label)
    "realworld_eighth": {"boilerplate_left": 0.12, "content_lost": 0.04, "invented": 0},
    "realworld_tenth": {"boilerplate_left": 0.11, "content_lost": 0.05, "invented": 7},
    "realworld_eleventh": {"boilerplate_left": 0.16, "content_lost": 0.01, "invented": 1},
    "realworld_twelfth": {"boilerplate_left": 0.12, "content_lost": 0.03, "invented": 1},
    "realworld_thirteenth": {"boilerplate_left": 0.10, "content_lost": 0.02, "invented": 0},
    "realworld_fifteenth": {"boilerplate_left": 0.23, "content_lost": 0.02, "invented": 2},
    "realworld_sixteenth": {"boilerplate_left": 0.19, "content_lost": 0.03, "invented": 7},
    "realworld_seventeenth": {"boilerplate_left": 0.24, "content_lost": 0.01, "invented": 0},
    "realworld_eighteenth": {"boilerplate_left": 0.29, "content_lost": 0.03, "invented": 2},
    "realworld_nineteenth": {"boilerplate_left": 0.09, "content_lost": 0.035, "invented": 0},
    "realworld_twentieth": {"boilerplate_left": 0.12, "content_lost": 0.025, "invented": 3},
    "realworld_twentyfirst": {"boilerplate_left": 0.18, "content_lost": 0.035, "invented": 1},
    "realworld_twentysecond": {"boilerplate_left": 0.21, "content_lost": 0.01, "invented": 2},
    "realworld_twentythird": {"boilerplate_left": 0.14, "content_lost": 0.02, "invented": 0},
    "realworld_twentyfourth": {"boilerplate_left": 0.18, "content_lost": 0.02, "invented": 3},
    "realworld_twentyfifth": {"boilerplate_left": 0.12, "content_lost": 0.03, "invented": 0},
    "realworld_twentysixth": {"boilerplate_left": 0.21, "content_lost": 0.05, "invented": 0},
    "realworld_twentyseventh": {"boilerplate_left": 0.10, "content_lost": 0.02, "invented": 0},
    "realworld_twentyeighth": {"boilerplate_left": 0.11, "content_lost": 0.01, "invented": 0},
    "realworld_twentyninth": {"boilerplate_left": 0.17, "content_lost": 0.01, "invented": 2},
    "realworld_thirtieth": {"boilerplate_left": 0.15, "content_lost": 0.01, "invented": 0},
    "realworld_thirtyfirst": {"boilerplate_left": 0.13, "content_lost": 0.01, "invented": 3},
    "realworld_thirtysecond": {"boilerplate_left": 0.16, "content_lost": 0.06, "invented": 0},
    "realworld_thirtythird": {"boilerplate_left": 0.18, "content_lost": 0.01, "invented": 1},
    "realworld_thirtyfourth": {"boilerplate_left": 0.19, "content_lost": 0.01, "invented": 0},
    "realworld_thirtyfifth": {"boilerplate_left": 0.15, "content_lost": 0.04, "invented": 1},
    "realworld_thirtysixth": {"boilerplate_left": 0.06, "content_lost": 0.05, "invented": 0},
    "realworld_thirtyseventh": {"boilerplate_left": 0.18, "content_lost": 0.01, "invented": 1},
    "realworld_thirtyeighth": {"boilerplate_left": 0.22, "content_lost": 0.06, "invented": 0},
}


@pytest.mark.parametrize("name", sorted(LATER_FLOORS))
def test_later_sets_keep_their_figures(name):
    total, _ = score_folder(DATA / name)
    for figure, floor in LATER_FLOORS[name].items():
        assert getattr(total, figure) >= floor, f"{name}: {figure} {getattr(total, figure):.3f}"
    for figure, ceiling in LATER_CEILINGS[name].items():
        assert getattr(total, figure) <= ceiling, f"{name}: {figure} {getattr(total, figure):.3f}"


# What issue 10 asks of ingest on every labelled real page together.
TARGETS = {
    "precision": 0.90,
    "recall": 0.90,
    "title_accuracy": 0.85,
    "date_accuracy": 0.85,
    "language_accuracy": 0.95,
}
TARGET_CEILINGS = {"boilerplate_left": 0.10, "content_lost": 0.02}


@pytest.fixture(scope="module")
def scores() -> tuple[FileScore, list[FileScore]]:
    return score_folder(REALWORLD)


@pytest.fixture(scope="module")
def heldout() -> tuple[FileScore, list[FileScore]]:
    return score_folder(HELDOUT)


def test_the_development_set_is_real_sized_and_half_arabic():
    labels = [json.loads(p.read_text(encoding="utf-8")) for p in REALWORLD.glob("*.json")]
    articles = [a for label in labels for a in label["articles"]]
    assert len(labels) >= 12
    assert len(articles) >= 60
    assert sum(a["language"] == "ar" for a in articles) >= 0.45 * len(articles)


def test_every_label_points_into_its_file(scores, heldout):
    for total, _ in (scores, heldout):
        assert not [e for e in total.errors if "anchor not found" in e]


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_quality_does_not_fall_below_its_floor(scores, heldout, figure):
    total, _ = scores
    assert getattr(total, figure) >= FLOORS[figure], f"{figure} {getattr(total, figure):.3f}"
    held, _ = heldout
    assert getattr(held, figure) >= HELDOUT_FLOORS[figure], f"held out: {figure} {getattr(held, figure):.3f}"


@pytest.mark.parametrize("figure", sorted(CEILINGS))
def test_leftovers_and_losses_stay_under_their_ceiling(scores, heldout, figure):
    total, _ = scores
    assert getattr(total, figure) <= CEILINGS[figure], f"{figure} {getattr(total, figure):.3f}"
    held, _ = heldout
    value = getattr(held, figure)
    assert value <= HELDOUT_CEILINGS[figure], f"held out: {figure} {value:.3f}"


def test_no_date_is_invented_beyond_the_known_cases(scores, heldout):
    assert scores[0].invented <= MAX_INVENTED_DATES
    assert heldout[0].invented <= HELDOUT_MAX_INVENTED


def test_all_labelled_pages_together_meet_the_targets(scores, heldout):
    total = FileScore("ALL")
    for part, _ in (scores, heldout):
        total.add(part)
    for figure, floor in TARGETS.items():
        assert getattr(total, figure) >= floor, f"{figure} {getattr(total, figure):.3f}"
    for figure, ceiling in TARGET_CEILINGS.items():
        assert getattr(total, figure) <= ceiling, f"{figure} {getattr(total, figure):.3f}"
    assert total.invented == 0


def test_a_body_date_later_than_the_update_stamp_is_not_the_article_date(tmp_path):
    from reader.ingest.scan_cache import load_corpus

    (tmp_path / "ndtv.txt").write_text(
        "India talks retaliation over the export ban on the medicine\n\nUpdated: April 07, 2020\n\n"
        "The ministry said the export ban would be reviewed, officials told reporters in the capital.\n\n"
        "Coronavirus cases in the state stood at 1,200 as on April 25, 2020, the widget beside it says.\n",
        encoding="utf-8",
    )
    (doc,) = load_corpus(tmp_path, use_cache=False).documents
    assert doc.date.value is None
    # (Said inside a sentence, the date is what the text reports: that alone keeps it from the article.)
    assert '"April 25, 2020"' in doc.date.evidence and "not when it was written" in doc.date.evidence
