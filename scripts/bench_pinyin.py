"""Throughput of PinyinAnnotator.readings against plain pypinyin.lazy_pinyin.

The text is the seed and corpus documents (inline pinyin stripped), repeated
to about a million characters. Three figures, each the median of --runs:

* lazy_pinyin on the whole text (the yardstick);
* the annotator on the whole text, warm: documents repeat, so after the first
  copy most sentences come from the annotator's sentence cache;
* the annotator cold: a fresh cache for every run over the distinct text only,
  so every sentence is segmented and sent to the model.

    python scripts/bench_pinyin.py [--chars 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypinyin import Style, lazy_pinyin  # noqa: E402

from jiedu.annotate.pinyin import build_pinyin_annotator, load_lexicon  # noqa: E402

SHARED = ROOT.parent / "shared"
INLINE_PINYIN_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def load_text() -> str:
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    return "\n".join(INLINE_PINYIN_RE.sub("", p.read_text(encoding="utf-8")) for p in paths)


def median_rate(run, chars: int, runs: int) -> float:
    """Median characters per second over `runs` calls of run()."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return chars / statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    distinct = load_text()
    text = (distinct * (args.chars // len(distinct) + 1))[: args.chars]
    entries, _ = load_lexicon(ROOT / "content" / "lexicon.txt")
    annotator = build_pinyin_annotator(entries)
    baseline = median_rate(lambda: lazy_pinyin(text, style=Style.TONE), len(text), args.runs)
    warm = median_rate(lambda: annotator.readings(text), len(text), args.runs)
    cold = median_rate(lambda: (annotator.cache.clear(), annotator.readings(distinct)), len(distinct), args.runs)
    print(f"text: {len(text):,} characters ({len(distinct):,} distinct), median of {args.runs} runs")
    print(f"lazy_pinyin         {baseline:>12,.0f} chars/s")
    print(f"annotator (warm)    {warm:>12,.0f} chars/s   ratio {warm / baseline:.2f}")
    print(f"annotator (cold)    {cold:>12,.0f} chars/s   ratio {cold / baseline:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
