"""Polyphone accuracy on a CPP split, through the same code path as `build.py pinyin --json`.

Each CPP sentence marks one polyphonic character with ▁ on both sides; the
.lb file gives its reading in tone numbers (5 = neutral, u: = ü). We remove
the marks, call PinyinAnnotator.readings on the sentence, and compare the
marked character's reading.

    python scripts/eval_cpp.py                      # ../shared/data/cpp/dev.*
    python scripts/eval_cpp.py test.sent test.lb --lexicon content/lexicon.txt --errors 40
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jiedu.annotate.pinyin import build_pinyin_annotator, load_lexicon  # noqa: E402
from jiedu.annotate.syllables import to_accented  # noqa: E402

MARK = "\u2581"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cpp"


def read_split(sent_path: Path, label_path: Path) -> list[tuple[str, int, str]]:
    """(sentence without marks, index of the marked character, tone-marked gold reading)."""
    sentences = sent_path.read_text(encoding="utf-8").splitlines()
    labels = label_path.read_text(encoding="utf-8").splitlines()
    return [_unmark(s) + (to_accented(label.strip()),) for s, label in zip(sentences, labels)]


def _unmark(marked: str) -> tuple[str, int]:
    start = marked.index(MARK)
    end = marked.index(MARK, start + 1)
    return marked[:start] + marked[start + 1 : end] + marked[end + 1 :], start


def evaluate(annotator, examples):
    """Returns (number right, errors as (sentence, index, gold, predicted))."""
    right, errors = 0, []
    for sentence, index, gold in examples:
        predicted = annotator.readings(sentence)[index]
        if predicted == gold:
            right += 1
        else:
            errors.append((sentence, index, gold, predicted))
    return right, errors


def print_report(right: int, total: int, errors, examples, shown: int) -> None:
    print(f"accuracy: {right}/{total} = {right / total:.4%}")
    per_char = Counter(sentence[index] for sentence, index, _ in examples)
    wrong = Counter(sentence[index] for sentence, index, _, _ in errors)
    print("\nchar  errors/total  accuracy  examples (gold>predicted)")
    for char, count in wrong.most_common(30):
        samples = [f"{g}>{p}" for s, i, g, p in errors if s[i] == char][:4]
        print(f"{char}     {count:3d}/{per_char[char]:<4d}   {1 - count / per_char[char]:.2%}   {' '.join(samples)}")
    for sentence, index, gold, predicted in errors[:shown]:
        context = sentence[max(0, index - 12) : index] + "[" + sentence[index] + "]" + sentence[index + 1 : index + 12]
        print(f"  {gold:>7} {str(predicted):>7}  {context}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sent", nargs="?", type=Path, default=DEFAULT_DATA / "dev.sent")
    parser.add_argument("lb", nargs="?", type=Path, default=DEFAULT_DATA / "dev.lb")
    parser.add_argument("--lexicon", type=Path, default=ROOT / "content" / "lexicon.txt")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong sentences")
    args = parser.parse_args(argv)
    entries, problems = load_lexicon(args.lexicon) if args.lexicon.exists() else ([], [])
    for problem in problems:
        print(problem, file=sys.stderr)
    annotator = build_pinyin_annotator(entries)
    examples = read_split(args.sent, args.lb)
    started = time.perf_counter()
    right, errors = evaluate(annotator, examples)
    print(f"{len(examples)} sentences in {time.perf_counter() - started:.1f} s")
    print_report(right, len(examples), errors, examples, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
