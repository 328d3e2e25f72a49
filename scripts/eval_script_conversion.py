"""How well Simplified -> Traditional conversion restores real Traditional text.

Each Traditional document is converted to Simplified (the site's aligner) and
back, by plain OpenCC (s2tw over the whole text, character by character where
it changes the length: jiedu's converter before) and word by word on jieba's
segmentation with the overrides (jiedu's converter now). Printed: the share of
Han characters that come back as they were, and the most frequent wrong pairs
(document's character -> converter's). Then, on Simplified documents, how often
the two converters differ, with a sample of the differences to judge by hand.

    .venv/bin/python scripts/eval_script_conversion.py [--traditional N] [--simplified N]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from pathlib import Path

from jiedu.annotate.chars import HAN
from jiedu.annotate.scripts import _convert_in_place, build_script_converter
from jiedu.annotate.segmenter import build_segmenter

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
INLINE_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
HAN_RE = re.compile(f"[{HAN}]")


def manifest(script: str) -> list[Path]:
    rows = (line.split("\t") for line in (SHARED / "bench" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:])
    return [SHARED / "bench" / "corpus" / row[0] for row in rows if row[2] == script]


def traditional_documents(sample: int) -> list[Path]:
    chosen = random.Random(14).sample(manifest("Traditional"), sample)
    extra = [SHARED / "seeds" / "002_1343f4ba99812649.txt", SHARED / "corpus" / "prc_1954_gov_work_report_traditional_wikisource.txt"]
    extra += sorted((SHARED / "corpus" / "formats").glob("*traditional*.md"))
    return [path for path in extra + chosen if path.exists()]


def read(path: Path) -> str:
    return INLINE_PINYIN.sub("", path.read_text(encoding="utf-8", errors="replace"))


def round_trip(text: str, converter, segmenter) -> tuple[str, str]:
    """(plain OpenCC's, word by word's) Traditional of `text`'s Simplified form, line by line."""
    plain, words = [], []
    for line in text.split("\n"):
        simplified = converter.to_simplified(line)
        plain.append(_convert_in_place(converter.to_traditional_converter, simplified))
        words.append(converter.to_traditional(simplified, segmenter.cut(simplified)))
    return "\n".join(plain), "\n".join(words)


def score(original: str, restored: str, wrong: Counter) -> tuple[int, int]:
    """(Han characters, those restored as they were); wrong pairs counted into `wrong`."""
    han = same = 0
    for a, b in zip(original, restored):
        if HAN_RE.match(a):
            han += 1
            same += a == b
            if a != b:
                wrong[f"{a}→{b}"] += 1
    return han, same


def evaluate_traditional(paths: list[Path], converter, segmenter) -> None:
    totals = {"opencc": [0, 0, Counter()], "words": [0, 0, Counter()]}
    for path in paths:
        text = read(path)
        for name, restored in zip(("opencc", "words"), round_trip(text, converter, segmenter)):
            han, same = score(text, restored, totals[name][2])
            totals[name][0] += han
            totals[name][1] += same
    print(f"Traditional -> Simplified -> Traditional, {len(paths)} documents")
    for name, (han, same, wrong) in totals.items():
        print(f"  {name:7} {same}/{han} Han characters unchanged = {same / han:.4%}")
        print("          most frequent wrong pairs:", ", ".join(f"{pair} {n}" for pair, n in wrong.most_common(25)))


def evaluate_simplified(paths: list[Path], converter, segmenter, shown: int) -> None:
    differing, han, sample = 0, 0, []
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        for line in read(path).split("\n"):
            plain = _convert_in_place(converter.to_traditional_converter, line)
            words_cut = segmenter.cut(line)
            by_words = converter.to_traditional(line, words_cut)
            han += len(HAN_RE.findall(line))
            for i, (a, b) in enumerate(zip(plain, by_words)):
                if a != b:
                    differing += 1
                    sample.append((path.name, line[max(0, i - 6) : i + 7], min(i, 6), a, b))
    print(f"Simplified -> Traditional, {len(paths)} documents, {han} Han characters: the converters differ on {differing} ({differing / han:.4%})")
    print(f"  ({time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU)")
    for name, context, offset, a, b in random.Random(30).sample(sample, min(shown, len(sample))):
        print(f"  {name}\t{context}\t{offset}\topencc {a}\twords {b}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--traditional", type=int, default=60, help="Traditional bench documents to sample")
    parser.add_argument("--simplified", type=int, default=40, help="Simplified bench documents to sample")
    parser.add_argument("--shown", type=int, default=30, help="differences to print for judging")
    args = parser.parse_args()
    converter, segmenter = build_script_converter(), build_segmenter()
    evaluate_traditional(traditional_documents(args.traditional), converter, segmenter)
    simplified = random.Random(15).sample(manifest("Simplified"), args.simplified)
    evaluate_simplified(simplified, converter, segmenter, args.shown)


if __name__ == "__main__":
    main()
