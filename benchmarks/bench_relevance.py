"""Relevance benchmark: nDCG@10 and MRR of the search ranking on the judged query set.

    python benchmarks/bench_relevance.py            # the bundled corpus, both rankings side by side
    python benchmarks/bench_relevance.py --details  # also one line per query

The judgements (``tests/data/relevance/judgements.json``, see the README there) grade articles 0-3 for
each query, written by reading the articles. Both rankings see the same matching articles (ranking
only orders them), so the comparison is between orderings: ``bm25`` (the earlier ranking, kept
selectable in :func:`reader.search.searcher.search`) and ``graded`` (the default).

* nDCG@10: gain ``2**grade - 1``, discount ``log2(rank + 1)``, normalised by the best possible
  ordering of all judged articles of the query; an unjudged hit counts as grade 0.
* MRR: reciprocal rank of the first hit carrying the query's highest grade.

Prints ONE markdown table (per query type and overall). Everything is indexed in a temporary
profile, so the user's own index is never touched.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

JUDGEMENTS = ROOT / "tests" / "data" / "relevance" / "judgements.json"
RANKINGS = ("bm25", "graded")
CUTOFF = 10


def load_judgements(path: Path = JUDGEMENTS) -> list[dict[str, Any]]:
    """The judged queries (see the README next to the file for the format)."""
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def ndcg(ranked: list[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    """nDCG@k with exponential gain; 1.0 when nothing is judged relevant (nothing to get wrong)."""
    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    if ideal <= 0:
        return 1.0
    return dcg([grades.get(doc, 0) for doc in ranked]) / ideal


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    """1 / rank of the first hit with the query's highest grade (0 if none is returned)."""
    best = max(grades.values(), default=0)
    if best <= 0:
        return 1.0
    for i, doc in enumerate(ranked, 1):
        if grades.get(doc, 0) == best:
            return 1.0 / i
    return 0.0


def open_bundled(profile: Path) -> Any:
    """An index of the bundled corpus in ``profile`` (with its alias table)."""
    from reader import paths
    from reader.ingest.corpus import scan_corpus
    from reader.search.service import open_index

    paths.set_profile(profile)
    return open_index(scan_corpus(paths.bundled_corpus()))


def evaluate(handle: Any, queries: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Per query and ranking: the ranked ids, nDCG@10, RR and the hits nobody judged."""
    from reader.search.searcher import search

    out: list[dict[str, Any]] = []
    for spec in queries if queries is not None else load_judgements():
        row: dict[str, Any] = {"id": spec["id"], "type": spec["type"], "query": spec["query"]}
        for ranking in RANKINGS:
            response = search(handle, spec["query"], limit=50, ranking=ranking, **spec.get("options", {}))
            ranked = [hit.id for hit in response.hits]
            row[ranking] = {
                "ranked": ranked,
                "ndcg": ndcg(ranked, spec["grades"]),
                "rr": reciprocal_rank(ranked, spec["grades"]),
                "unjudged": [doc for doc in ranked if doc not in spec["grades"]],
            }
        out.append(row)
    return {"queries": out, "by_type": summarise(out)}


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Mean nDCG@10 and MRR per query type and overall ("all"), per ranking."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["type"]].append(row)
        groups["all"].append(row)
    summary: dict[str, dict[str, float]] = {}
    for kind, members in groups.items():
        entry: dict[str, float] = {"n": float(len(members))}
        for ranking in RANKINGS:
            entry[f"{ranking}_ndcg"] = sum(r[ranking]["ndcg"] for r in members) / len(members)
            entry[f"{ranking}_mrr"] = sum(r[ranking]["rr"] for r in members) / len(members)
        summary[kind] = entry
    return summary


def table(summary: dict[str, dict[str, float]]) -> str:
    lines = ["| query type | queries | nDCG@10 bm25 | nDCG@10 graded | MRR bm25 | MRR graded |",
             "| --- | --- | --- | --- | --- | --- |"]
    kinds = [*sorted(k for k in summary if k != "all"), "all"]
    for kind in kinds:
        s = summary[kind]
        lines.append(f"| {kind} | {int(s['n'])} | {s['bm25_ndcg']:.3f} | {s['graded_ndcg']:.3f} | "
                     f"{s['bm25_mrr']:.3f} | {s['graded_mrr']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="one line per query as well")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench_relevance_"))
    try:
        handle = open_bundled(work / "profile")
        try:
            result = evaluate(handle)
        finally:
            handle.close()
    finally:
        from reader import paths

        paths.set_profile(None)
        shutil.rmtree(work, ignore_errors=True)
    print(table(result["by_type"]))
    unjudged = sorted({doc for row in result["queries"] for r in RANKINGS for doc in row[r]["unjudged"]})
    print(f"\n{len(result['queries'])} judged queries on the bundled corpus; nDCG@{CUTOFF} with gain "
          f"2^grade-1; MRR = 1/rank of the first hit with the query's top grade; "
          f"unjudged hits: {len(unjudged)}.")
    if args.details:
        print()
        for row in result["queries"]:
            print(f"{row['id']} {row['type']:<13} bm25 {row['bm25']['ndcg']:.3f} "
                  f"graded {row['graded']['ndcg']:.3f}  {row['query']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
