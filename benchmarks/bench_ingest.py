"""Ingest quality on hand-labelled real scraped files: boundaries, titles, dates, language, boilerplate.

    python benchmarks/bench_ingest.py [FOLDER ...] [--errors]

FOLDER defaults to ``tests/data/realworld`` (the development set), ``tests/data/realworld_heldout``
(pages the rules were not written against), ``tests/data/realworld_fresh`` (a third set from other
sites, countries, converters and separators, to measure how ingest generalises),
``tests/data/realworld_final`` (a fourth set kept untouched: no rule is ever tuned on it) and
``tests/data/realworld_more`` (a fifth, development set from other pages: blank-line and unseparated
copy-paste, live blogs, comments, galleries, tag/category pages, wire stories, both languages in one
file) and ``tests/data/realworld_sixth`` (a sixth set, climate/water/energy news in both languages,
developed on since it was first measured; its README keeps the first figures), and the seventh,
eighth, tenth, eleventh, twelfth, thirteenth and fifteenth to twenty-sixth sets (each measured blind
once, then developed on: their READMEs say when). The ninth and fourteenth sets,
``tests/data/realworld_ninth`` and ``_fourteenth``, are kept untouched and are scored only when named;
each needs
``<name>.txt`` + ``<name>.json`` pairs (FORMAT.md in ``tests/data/realworld``). Prints one row per
file and the overall figures; ``--errors`` lists every miss.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from ingest_scorer import FileScore, score_folder, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = HERE.parent / "tests" / "data"
    sets = (
        "realworld", "realworld_heldout", "realworld_fresh", "realworld_final", "realworld_more",
        "realworld_sixth", "realworld_seventh", "realworld_eighth", "realworld_tenth", "realworld_eleventh",
        "realworld_twelfth", "realworld_thirteenth", "realworld_fifteenth", "realworld_sixteenth",
        "realworld_seventeenth", "realworld_eighteenth", "realworld_nineteenth",
        "realworld_twentieth",
        "realworld_twentyfirst", "realworld_twentysecond", "realworld_twentythird", "realworld_twentyfourth",
        "realworld_twentyfifth", "realworld_twentysixth", "realworld_twentyseventh", "realworld_twentyeighth",
        "realworld_twentyninth", "realworld_thirtieth", "realworld_thirtyfirst", "realworld_thirtysecond",
        "realworld_thirtythird", "realworld_thirtyfourth", "realworld_thirtyfifth", "realworld_thirtysixth",
        "realworld_thirtyseventh", "realworld_thirtyeighth",
    )  # fmt: skip
    default = [data / name for name in sets]
    parser.add_argument("folders", nargs="*", type=Path, default=default)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args()
    grand = FileScore("ALL")
    for folder in args.folders:
        total, per_file = score_folder(folder)
        print(f"\n{folder}\n")
        print(table([*per_file, total]))
        if args.errors:
            print()
            for line in total.errors:
                print("  " + line)
        grand.add(total)
    if len(args.folders) > 1:
        print()
        print(table([grand]))
    print(
        f"\narticles {grand.gold} (Arabic {grand.arabic}), undated in the labels {grand.undated_gold}, "
        f"invented dates {grand.invented}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
