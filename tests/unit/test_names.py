"""Alias groups and transliteration keys: one name, every spelling the corpus uses."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader import paths
from reader.text.names import (
    AliasTable,
    arabic_latin_key,
    default_alias_files,
    latin_key,
    normalise_name,
    variant_key,
)
from tests.conftest import CORPUS, DATA

ALIASES = CORPUS / "aliases.csv"


@pytest.fixture(scope="module")
def table() -> AliasTable:
    return AliasTable.load([ALIASES])


class TestShippedTable:
    def test_loads_cleanly_and_is_big_enough(self, table: AliasTable) -> None:
        assert table.problems == []
        assert len(table.groups) >= 40
        assert sum(len(g.aliases) for g in table.groups) >= 400
        assert {g.kind for g in table.groups} <= {"person", "group", "place", "other"}

    def test_header_and_columns(self) -> None:
        with ALIASES.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == ["group", "alias", "kind"]
        assert all(len(r) == 3 and r[0] and r[1] for r in rows[1:])

    @pytest.mark.parametrize(
        "spelling",
        [
            "Kata'ib Hezbollah", "Kata’ib Hizballah", "Kataib Hezbollah", "Kataeb Hezbollah",
            "Katai’b Hezbollah", "Kata'ib Hizbullah", "KATA’IB HEZBOLLAH", "Hezbollah Brigades",
            "Iraqi Hezbollah Brigades", "Hezb Allah Brigades", "KH", "kh", "Kataib Hizballah",
            "كتائب حزب الله", "كَتَائِب حِزْب الله", "وكتائب حزب الله",
        ],
    )
    def test_kataib_hezbollah(self, table: AliasTable, spelling: str) -> None:
        group = table.match(spelling)
        assert group is not None and group.key == "Kata'ib Hezbollah", spelling

    @pytest.mark.parametrize(
        "spelling",
        [
            "hashd al-shaabi", "Hashd al-Sha’abi", "Hashd Shaabi", "Hashed Shaabi", "Hashd Alshabi",
            "Popular Mobilization Units", "Popular Mobilisation Forces", "Popular Mobilization Forces",
            "PMU", "PMF", "الحشد الشعبي", "الحَشْد الشَّعْبِيّ", "al-Hashd al-Shaabi",
        ],
    )
    def test_pmu(self, table: AliasTable, spelling: str) -> None:
        group = table.match(spelling)
        assert group is not None and group.key == "Popular Mobilization Units", spelling

    @pytest.mark.parametrize(
        ("spelling", "key"),
        [
            ("Adnan al-Zurfi", "Adnan al-Zurfi"),
            ("al-Zrafi", "Adnan al-Zurfi"),
            ("عدنان الزرفي", "Adnan al-Zurfi"),
            ("Barham Saleh", "Barham Salih"),
            ("برهم صالح", "Barham Salih"),
            ("Moqtada al-Sadr", "Muqtada al-Sadr"),
            ("مقتدى الصدر", "Muqtada al-Sadr"),
            ("Qassim Suleimani", "Qassem Soleimani"),
            ("قاسم سليماني", "Qassem Soleimani"),
            ("أبو مهدي المهندس", "Abu Mahdi al-Muhandis"),
            ("Al-Kazemi", "Mustafa al-Kadhimi"),
            ("مصطفى الكاظمي", "Mustafa al-Kadhimi"),
            ("عادل عبد المهدي", "Adel Abdul Mahdi"),
            ("Ausbat al-Thaayirin", "Usbat al-Tha'ireen"),
            ("عصبة الثائرين", "Usbat al-Tha'ireen"),
            ("حركة النجباء", "Harakat Hezbollah al-Nujaba"),
            ("عصائب أهل الحق", "Asa'ib Ahl al-Haq"),
            ("التاجي", "Camp Taji"),
            ("عين الأسد", "Ain al-Asad"),
            ("ترامب", "Donald Trump"),
            ("إيران", "Iran"),
            ("the Pentagon", "Pentagon"),
            ("البنتاغون", "Pentagon"),
            ("السيستاني", "Ali al-Sistani"),
            ("هادي العامري", "Hadi al-Amiri"),
            ("Daesh", "ISIS"),
            ("داعش", "ISIS"),
            ("U.S.", "United States"),
            ("US", "United States"),
        ],
    )
    def test_other_names(self, table: AliasTable, spelling: str, key: str) -> None:
        group = table.match(spelling)
        assert group is not None and group.key == key, spelling

    def test_unlisted_spelling_found_by_variant_key(self, table: AliasTable) -> None:
        assert "Qasim Sulaimani" not in {a for g in table.groups for a in g.aliases}
        group = table.match("Qasim Sulaimani")
        assert group is not None and group.key == "Qassem Soleimani"

    def test_bare_hezbollah_is_the_lebanese_party(self, table: AliasTable) -> None:
        # Only the compound names are Kata'ib Hezbollah; "Hizballah" alone is Hezbollah.
        group = table.match("Hizballah")
        assert group is not None and group.key == "Hezbollah"

    def test_english_words_are_not_names(self, table: AliasTable) -> None:
        assert table.match("us") is None
        assert table.match("Us") is None
        assert table.match("ark") is None
        assert table.match("the") is None
        assert table.match("") is None

    def test_us_and_washington_are_different_groups(self, table: AliasTable) -> None:
        us, washington = table.match("US"), table.match("Washington")
        assert us is not None and washington is not None and us.key != washington.key


class TestNormaliseName:
    def test_articles_hyphens_apostrophes_case(self) -> None:
        assert normalise_name("Hashd al-Sha’abi") == normalise_name("HASHD  SHAABI") == "hashd shaabi"
        assert normalise_name("the Pentagon") == "pentagon"
        assert normalise_name("el-Sisi") == "sisi"

    def test_arabic_article_and_harakat(self) -> None:
        assert normalise_name("الحَشْد الشعبي") == normalise_name("حشد شعبي") == "حشد شعبي"
        assert normalise_name("والحشد") == "حشد"


class TestLoad:
    def test_malformed_user_file_reports_problems_and_still_loads(self, tmp_path: Path) -> None:
        user = tmp_path / "aliases.csv"
        user.write_text(
            "group,alias,kind\n"
            "Kata'ib Hezbollah,Kata'eb Hizbullah,group\n"  # adds an alias to a shipped group
            "Faleh Khazali,Falih al-Khazali,person\n"  # a new group
            ",orphan alias,person\n"  # no group
            "Someone,,person\n"  # no alias
            "Bad Kind,Bad,monster\n"  # unknown kind
            '"unterminated,quote\n',
            encoding="utf-8",
        )
        missing = tmp_path / "nope.csv"
        table = AliasTable.load([ALIASES, user, missing])
        assert len(table.problems) >= 3
        assert any(":4:" in p for p in table.problems)
        assert any("monster" in p for p in table.problems)
        assert table.match("Kata'eb Hizbullah").key == "Kata'ib Hezbollah"
        new = table.match("Falih al-Khazali")
        assert new is not None and new.key == "Faleh Khazali" and new.kind == "person"
        assert table.match("Bad") is None
        # The shipped table is intact.
        assert table.match("PMU").key == "Popular Mobilization Units"

    def test_missing_files_are_ignored(self, tmp_path: Path) -> None:
        table = AliasTable.load([tmp_path / "none.csv"])
        assert table.groups == [] and table.problems == []

    def test_not_utf8_and_no_header(self, tmp_path: Path) -> None:
        latin1 = tmp_path / "latin1.csv"
        latin1.write_bytes("group,alias\nZ\xfcrfi,Z\xfcrfi\n".encode("latin-1"))
        headless = tmp_path / "headless.csv"
        headless.write_text("Sadr City,Madinat al-Sadr,place\n", encoding="utf-8")
        table = AliasTable.load([latin1, headless])
        assert any("UTF-8" in p for p in table.problems)
        assert any("header" in p for p in table.problems)
        assert table.match("Madinat al-Sadr").key == "Sadr City"

    def test_semicolon_csv_and_bom_from_excel(self, tmp_path: Path) -> None:
        f = tmp_path / "excel.csv"
        f.write_bytes("\ufeffgroup;alias;kind\nSadr City;مدينة الصدر;place\n".encode())
        table = AliasTable.load([f])
        assert table.problems == []
        assert table.match("مدينة الصدر").key == "Sadr City"

    def test_same_alias_in_two_groups_is_reported(self, tmp_path: Path) -> None:
        f = tmp_path / "clash.csv"
        f.write_text("group,alias,kind\nA,Shared Name,person\nB,shared name,person\n", encoding="utf-8")
        table = AliasTable.load([f])
        assert any("both" in p for p in table.problems)
        assert table.match("Shared Name").key == "A"

    def test_default_alias_files(self, tmp_path: Path) -> None:
        own = tmp_path / "corpus"
        own.mkdir()
        (own / "aliases.csv").write_text("group,alias,kind\n", encoding="utf-8")
        user = paths.user_paths().config / "aliases.csv"
        assert default_alias_files(own) == [own / "aliases.csv", user]
        bare = tmp_path / "bare"
        bare.mkdir()
        files = default_alias_files(bare)
        assert files[0] == bare / "aliases.csv"
        assert files[1] == paths.bundled_corpus() / "aliases.csv"
        assert files[-1] == user


class TestFindAll:
    def test_offsets_in_mixed_text(self, table: AliasTable) -> None:
        text = (
            "Kata’ib Hezbollah (KH) and the Hashd al-Sha’abi blamed al-Zurfi. "
            "وقالت كتائب حزب الله إن الحَشْد الشعبي لن يقبل. Iraq’s PM met Barham Saleh."
        )
        found = table.find_all(text)
        for _, start, end, surface in found:
            assert text[start:end] == surface
        got = [(g.key, surface) for g, _, _, surface in found]
        assert got == [
            ("Kata'ib Hezbollah", "Kata’ib Hezbollah"),
            ("Kata'ib Hezbollah", "KH"),
            ("Popular Mobilization Units", "Hashd al-Sha’abi"),
            ("Adnan al-Zurfi", "al-Zurfi"),
            ("Kata'ib Hezbollah", "كتائب حزب الله"),
            ("Popular Mobilization Units", "الحَشْد الشعبي"),
            ("Iraq", "Iraq’s"),
            ("Barham Salih", "Barham Saleh"),
        ]

    def test_longest_alias_wins_and_punctuation_breaks_names(self, table: AliasTable) -> None:
        found = table.find_all("Harakat Hezbollah al-Nujaba. Hashd, Shaabi")
        assert [(g.key, s) for g, _, _, s in found] == [
            ("Harakat Hezbollah al-Nujaba", "Harakat Hezbollah al-Nujaba"),
            ("Popular Mobilization Units", "Hashd"),
        ]

    def test_case_sensitive_short_aliases(self, table: AliasTable) -> None:
        found = table.find_all("Tell us what the US and the U.S. said.")
        assert [s for _, _, _, s in found] == ["US", "U.S"]

    def test_whole_corpus_is_fast_and_finds_the_main_names(self, table: AliasTable) -> None:
        counts: dict[str, int] = {}
        for path in sorted(CORPUS.glob("*.txt")):
            for group, _, _, _ in table.find_all(path.read_text(encoding="utf-8")):
                counts[group.key] = counts.get(group.key, 0) + 1
        for key in ("Kata'ib Hezbollah", "Popular Mobilization Units", "Adnan al-Zurfi", "Camp Taji"):
            assert counts.get(key, 0) >= 10, (key, counts.get(key))


class TestVariantKeys:
    def test_examples(self) -> None:
        assert latin_key("Qassem") == latin_key("Qasim") == latin_key("Kassem") == arabic_latin_key("قاسم")
        assert latin_key("Hezbollah") == latin_key("Hizballah") == latin_key("Hizbullah")
        assert latin_key("Kadhimi") == latin_key("Kazemi") == arabic_latin_key("الكاظمي")
        assert variant_key("الزرفي") == variant_key("Zurfi") == variant_key("Zarfi") == variant_key("Zrafi")

    def test_keys_never_empty_for_words(self) -> None:
        for word in ("I", "you", "a", "ء", "2020", "Iowa", "و"):
            assert variant_key(word), word

    def test_precision_and_recall_on_pairs(self) -> None:
        with (DATA / "variant_pairs.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        positives = [r for r in rows if r["same"] == "1"]
        negatives = [r for r in rows if r["same"] == "0"]
        assert len(positives) >= 40 and len(negatives) >= 40
        tp = sum(variant_key(r["a"]) == variant_key(r["b"]) for r in positives)
        fp = sum(variant_key(r["a"]) == variant_key(r["b"]) for r in negatives)
        recall = tp / len(positives)
        precision = tp / (tp + fp)
        misses = [(r["a"], r["b"]) for r in positives if variant_key(r["a"]) != variant_key(r["b"])]
        collisions = [(r["a"], r["b"]) for r in negatives if variant_key(r["a"]) == variant_key(r["b"])]
        print(
            f"\nvariant keys: {len(positives)} same-name pairs, {len(negatives)} different-name pairs;"
            f" recall {recall:.3f}, precision {precision:.3f},"
            f" collisions {fp}/{len(negatives)}\n  misses: {misses}\n  collisions: {collisions}"
        )
        assert recall >= 0.85
        assert precision >= 0.9
