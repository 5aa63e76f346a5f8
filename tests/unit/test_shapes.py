"""Line shapes tried only where their literal text is: the same answers as trying every pattern."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import appeals, lines
from reader.ingest.shapes import Shapes, needles_of

DATA = Path(__file__).resolve().parent.parent / "data"
SHAPES = {"boilerplate": lines._BOILER, "navigation": lines._NAV, "caption": lines._CAPTION,
          "appeal": appeals._APPEALS}


def _plain(shapes: Shapes, text: str) -> bool:
    return any(p.search(text) for p in shapes.patterns)


def test_a_pattern_needs_its_literal_text():
    assert needles_of(r"^subscribe\b") == {"subscribe"}
    assert needles_of(r"sign (?:in|up) now", re.IGNORECASE) == {"sign "}  # the longest needed text
    assert needles_of(r"paywall|اترك تعليقا") == {"paywall", "اترك تعليقا"}
    assert needles_of(r"(?:Photo|Image)s?\s*/") == {"photo", "image"}  # case-folded


def test_a_pattern_without_required_text_is_always_tried():
    assert needles_of(r"^\d+\s*$") is None
    assert needles_of(r"(?:foo)?bar|\w+") is None  # one branch needs nothing
    assert needles_of(r"(?:spam)*eggs") == {"eggs"}  # a group that may be absent is no requirement
    shapes = Shapes([r"^\d+\s*$"])
    assert shapes.search("  42 ".strip()) and not shapes.search("forty-two")


def test_a_small_class_of_characters_is_a_needle():
    assert needles_of(r"\s[>›»|/]\s") == {">", "›", "»", "|", "/"}
    assert needles_of(r"[a-z]+") is None  # a range is not a short list of characters


def test_case_never_hides_a_match():
    shapes = Shapes([r"newsletter", r"\bsign in to (?:read|comment)\b"])
    for text in ("NEWSLETTER", "Our Newsletter", "SIGN IN TO READ", "Sign In to comment on this"):
        assert shapes.search(text), text
    # The regex engine matches "İ" to "i", though "İ" folds to two characters ("i̇"): a text with such a
    # character is tried against every pattern.
    assert Shapes([r"istanbul"]).search("İSTANBUL")
    assert Shapes([r"kelvins"]).search("\u212aELVIN\u017f")  # the Kelvin sign, the long s


def _real_lines() -> list[str]:
    texts = []
    for folder in [*sorted(DATA.glob("realworld*")), DATA.parent.parent / "corpus"]:
        for path in sorted(folder.rglob("*.txt")):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and len(line) <= 400:  # the classifier asks only about lines this short
                    texts.append(line)
    return texts


def test_every_line_of_the_real_world_sets_gets_the_same_answer():
    """About 75,000 real scraped lines, English and Arabic, from many sites and dumps."""
    texts = _real_lines()
    assert len(texts) > 50_000
    for name, shapes in SHAPES.items():
        answers = [shapes.search(t) for t in texts]
        assert any(answers), name  # each kind of furniture is present in the real pages
        missed = [t for t, answer in zip(texts, answers, strict=True) if answer != _plain(shapes, t)]
        assert missed == [], (name, missed[:5])


_PIECES = st.sampled_from([
    "Subscribe", "NEWSLETTER", "sign in to read", "Copyright ©", "(AP Photo/Jane Doe)", "FILE - ",
    "Home › News", "اترك تعليقاً", "تابعونا", "الصورة: ", "[12]", "İ", "ß", "ſ", "\u212a", "ﬁ", "Straße", "  ",
    " / ", "Share 12",
    "Read more:", "Photo: AFP", "Getty Images", "Skip to content", "تخطي إلى المحتوى", "©", "2024", "\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=8).map("".join))
def test_any_text_gets_the_same_answer(text):
    for name, shapes in SHAPES.items():
        assert shapes.search(text) == _plain(shapes, text), name
