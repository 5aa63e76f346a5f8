"""Duplicate grouping alone: CPU seconds and extra peak memory per layout and size, before/after.

    python benchmarks/bench_dedupe.py --sizes 1000 10000 [--before OLD_DEDUPE.py]

The articles are the files of a generated corpus (``corpus_gen.py --seed 1``, one article per
file), arranged four ways:

* plain: as generated (no duplicates: hashing and sketching are all the work);
* site footers: 60 sites, each adding a header line and an 80-word footer to its articles, so a
  bucket holds a site's articles that share only boilerplate;
* copies: a story per 100 articles, each copy with 1 word in 200 replaced (clusters of duplicates,
  their members scattered over the corpus);
* near copies: the same with 1 word in 30 replaced, so most pairs of a cluster sit just under the
  threshold (the costliest case: every such pair must be counted nearly whole).

Each run is a fresh process (``--child``), so the peak memory is its own. ``--before`` takes a
file holding another implementation (e.g. ``git show HEAD~1:reader/ingest/dedupe.py > old.py``);
its groups must equal the current ones. Prints one markdown table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURRENT = ROOT / "reader" / "ingest" / "dedupe.py"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SITES = 60


def _footers(texts: list[str], rng: random.Random) -> list[str]:
    vocab = " ".join(texts[:500]).split()
    footers = [" ".join(rng.choice(vocab) for _ in range(80)) for _ in range(SITES)]
    return [f"Site {i % SITES} header\n{t}\n{footers[i % SITES]}" for i, t in enumerate(texts)]


def _copies(texts: list[str], rng: random.Random, one_in: int) -> list[str]:
    """Copies of a story are scattered over the corpus, as republished wire copy is in a folder."""
    stories = max(1, len(texts) // 100)
    out = []
    for i in range(len(texts)):
        words = texts[i % stories].split()
        for _ in range(len(words) // one_in):
            words[rng.randrange(len(words))] = "edited"
        out.append(" ".join(words))
    return out


LAYOUTS = {
    "plain": lambda texts, rng: texts,
    "site footers": _footers,
    "copies": lambda texts, rng: _copies(texts, rng, 200),
    "near copies": lambda texts, rng: _copies(texts, rng, 30),
}


def _kb(field: str) -> int:
    """A ``/proc/self/status`` memory figure (Linux), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(impl: str, data: str) -> None:
    """Time one implementation on one pickled list of texts; print JSON."""
    spec = importlib.util.spec_from_file_location("dedupe_under_test", impl)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    with open(data, "rb") as fh:
        texts = pickle.load(fh)
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) restarts from the current size
    before = _kb("VmRSS")
    start = time.process_time()
    groups = module.duplicate_groups(texts)
    cpu = time.process_time() - start
    extra = (_kb("VmHWM") - before) / 1024
    shingles = sum(len(module._hashes(t)) for t in texts[:2000]) * len(texts) / min(len(texts), 2000)
    print(json.dumps({"cpu": cpu, "mb": extra, "groups": sorted(groups.items()), "shingles": shingles}))


def run(impl: Path, data: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(impl), str(data)], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--layouts", nargs="+", default=list(LAYOUTS), choices=list(LAYOUTS))
    parser.add_argument("--before", type=Path, help="a file with the implementation to compare against")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from corpus_gen import generate_corpus

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"gen_{n}"
            generate_corpus(folder, n, seed=1)
            texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
            for layout in args.layouts:
                data = Path(tmp) / "texts.pickle"
                data.write_bytes(pickle.dumps(LAYOUTS[layout](texts, random.Random(n))))
                after = run(CURRENT, data)
                before = run(args.before, data) if args.before else None
                if before is not None and before["groups"] != after["groups"]:
                    raise SystemExit(f"{layout} at {n}: the groups differ from --before")
                rows.append((n, layout, after, before))
    print("| articles | layout | shingles M | duplicates | CPU s before | CPU s after | µs/article after "
          "| extra peak MB before | after |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, layout, after, before in rows:
        cpu_b = f"{before['cpu']:.2f}" if before else "-"
        mb_b = f"{before['mb']:.0f}" if before else "-"
        print(f"| {n} | {layout} | {after['shingles'] / 1e6:.1f} | {len(after['groups'])} | {cpu_b} "
              f"| {after['cpu']:.2f} | {after['cpu'] / n * 1e6:.0f} | {mb_b} | {after['mb']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
