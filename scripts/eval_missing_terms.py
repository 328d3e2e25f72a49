#!/usr/bin/env python3
"""The build report's missing-terms list over a corpus: its top N, their document counts, its cost.

    .venv/bin/python scripts/eval_missing_terms.py [../shared/bench/corpus] [--top 50]
        [--out .cache/eval-missing-terms/top.tsv] [--judged tests/fixtures/missing_terms_judged.tsv]

Every file is read, cleaned and structured as the build does, and its shown
strings put in Simplified as annotation does; those texts are kept in
`.cache/eval-missing-terms/` (`--refresh` reads the files again). Then, with
the site's glossary (`content/glossary/`), each document's sightings are found
as the build finds them (the glossary's matches given, as annotation gives
them) and ranked together. Terms of `../shared/reference/glossary-facts-2.md`
count as covered: entries for them are being written, so they are left out
of the top N (they are printed apart).

With `--judged`, each of the top N is looked up in that TSV (term, judgement,
reason; judgement `formula` or `plain`) and precision@N is printed; terms not
judged yet are listed, to be judged by hand.

CPU seconds are reported for finding the sightings (what the build adds to
each document) and for ranking, beside the seconds the annotation of a sample
of documents takes in the same run.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".cache" / "eval-missing-terms"
FACTS = SHARED / "reference" / "glossary-facts-2.md"
ANNOTATION_SAMPLE = 40
"""Documents annotated in full to weigh the sightings' cost against (every 1505/40th one)."""


def main() -> int:
    args = parse_arguments()
    texts = corpus_texts(args.corpus, args.refresh)
    tools = build_tools()
    known = known_spans(texts, tools)
    sightings, sighting_cpu, sighting_wall = timed(lambda: find_all_sightings(texts, known, tools))
    ranked, rank_cpu, _ = timed(lambda: rank(sightings))
    covered = facts_terms(FACTS)
    shown = [term for term in ranked if not is_covered(term.candidate, covered)][: args.top]
    print_top(shown, ranked, covered)
    write_top(shown, args.out)
    print(f"\n{len(texts)} documents; sightings {sighting_cpu:.2f} s CPU ({sighting_wall:.2f} s wall), ranking {rank_cpu:.2f} s CPU")
    annotation_cpu, sample = annotation_cost(args.corpus, tools)
    per_doc_sightings = sighting_cpu / max(1, len(texts))
    print(f"annotation of {sample} documents: {annotation_cpu:.2f} s CPU, {annotation_cpu / max(1, sample):.3f} s per document;"
          f" sightings {per_doc_sightings * 1000:.2f} ms per document ({per_doc_sightings / max(1e-9, annotation_cpu / max(1, sample)):.1%} of annotation)")
    if args.judged:
        print_precision(shown, args.judged)
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, nargs="?", default=SHARED / "bench" / "corpus")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--out", type=Path, default=CACHE / "top.tsv")
    parser.add_argument("--judged", type=Path, default=None, help="TSV of judged terms: precision@N")
    parser.add_argument("--refresh", action="store_true", help="read, clean and structure the files again")
    return parser.parse_args()


def timed(work):
    """(work(), CPU seconds, wall seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = work()
    return value, time.process_time() - cpu, time.perf_counter() - wall


# --- the corpus as the build reads it ------------------------------------------


def corpus_texts(corpus: Path, refresh: bool) -> list[tuple[str, list[str]]]:
    """(file name, the Simplified form of every string its pages show) for each document."""
    from jiedu.fingerprint import digest
    from jiedu.ingest.files import is_document_path

    paths = sorted(p for p in corpus.iterdir() if is_document_path(p))
    key = digest(str(corpus.resolve()), *(f"{p.name}:{p.stat().st_size}" for p in paths))
    cached = CACHE / f"texts-{key}.pickle"
    if cached.is_file() and not refresh:
        return pickle.loads(cached.read_bytes())
    texts = read_corpus(paths)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(texts))
    return texts


def read_corpus(paths: list[Path]) -> list[tuple[str, list[str]]]:
    from jiedu.annotate.scripts import build_script_converter
    from jiedu.clean import build_cleaning_passes, build_cleaning_resources

    passes = build_cleaning_passes(build_cleaning_resources())
    converter = build_script_converter()
    found = []
    for number, path in enumerate(paths):
        found += [(path.name, texts) for texts in file_texts(path, passes, converter)]
        if number % 100 == 99:
            print(f"read {number + 1} of {len(paths)} files", file=sys.stderr)
    return found


def file_texts(path: Path, passes, converter) -> list[list[str]]:
    """Each document of one file: its shown strings, in Simplified, as annotation sees them."""
    from jiedu.annotate import both_scripts, shown_texts, split_uncertain_marks
    from jiedu.annotate.scripts import parse_script
    from jiedu.clean import clean_document
    from jiedu.ingest.files import read_document_file
    from jiedu.structure import structure_document

    documents, _ = read_document_file(path, path.name)
    found = []
    for source in documents:
        document = structure_document(source, clean_document(source, passes))
        shown = list(dict.fromkeys(shown_texts(document)))
        script = parse_script(document.source.metadata.get("script")) or converter.detect_script("".join(shown))
        found.append([both_scripts(split_uncertain_marks(text)[0], script, converter)[0] for text in shown])
    return found


# --- sightings and ranking ---------------------------------------------------------


def build_tools():
    from jiedu.fingerprint import read_input_keys
    from jiedu.resources import BuildTools

    content = ROOT / "content"
    tools = BuildTools(content, ROOT / ".cache", read_input_keys(content, ROOT / "templates"))
    tools.annotation.pinyin.segmenter.unpack_dictionary()
    return tools


def known_spans(texts, tools) -> list[list[list[tuple[int, int]]]]:
    """What the glossary matches in each text: annotation has found it before sightings are looked for."""
    from jiedu.annotate.glossary import find_terms

    glossary, cut = tools.glossary, tools.annotation.pinyin.cut
    return [[[(m.start, m.end) for m in find_terms(text, glossary, cut)] for text in document] for _, document in texts]


def find_all_sightings(texts, known, tools) -> list[tuple]:
    from jiedu.annotate.glossary import find_sightings

    glossary, cut = tools.glossary, tools.annotation.pinyin.cut
    return [find_sightings(document, glossary, cut, spans) for (_, document), spans in zip(texts, known)]


def rank(sightings):
    from jiedu.annotate.glossary import rank_missing_terms

    return rank_missing_terms(sightings)


def annotation_cost(corpus: Path, tools) -> tuple[float, int]:
    """CPU seconds to annotate a spread-out sample of the corpus in full, and its size."""
    from jiedu.annotate import annotate_document_in_script
    from jiedu.clean import clean_document
    from jiedu.ingest.files import is_document_path, read_document_file
    from jiedu.structure import structure_document

    paths = sorted(p for p in corpus.iterdir() if is_document_path(p))
    sample = paths[:: max(1, len(paths) // ANNOTATION_SAMPLE)]
    documents = [structure_document(s, clean_document(s, tools.cleaning_passes)) for p in sample for s in read_document_file(p, p.name)[0]]
    _, cpu, _ = timed(lambda: [annotate_document_in_script(d, tools.annotation, {}) for d in documents])
    return cpu, len(documents)


# --- what counts as covered ----------------------------------------------------------

FACTS_ROW = re.compile(r"^\| *\d+ *\| *([^|]+?) *\|", re.MULTILINE)
FORM_SEPARATORS = re.compile(r"[（）()/]| or ")


def facts_terms(path: Path) -> frozenset[str]:
    """Every term (and variant in brackets or after a slash) of the facts file's table."""
    if not path.is_file():
        return frozenset()
    forms = set()
    for cell in FACTS_ROW.findall(path.read_text(encoding="utf-8")):
        for form in FORM_SEPARATORS.split(cell.replace("“", "").replace("”", "")):
            form = form.strip()
            forms.update({form, form.replace("、", "")} if len(form) >= 2 else ())
    return frozenset(forms)


def is_covered(candidate: str, covered: frozenset[str]) -> bool:
    """A candidate is covered when a term of the facts file is it, holds it, or lies inside it.

    >>> is_covered("六稳", frozenset({"六稳六保"})), is_covered("实际行动", frozenset({"六稳六保"}))
    (True, False)
    """
    return any(candidate in form or (len(form) >= 3 and form in candidate) for form in covered)


# --- output ------------------------------------------------------------------------


def document_count(term) -> int:
    """How many documents use the term (-1 where the code measured has no such figure)."""
    return getattr(term, "documents", -1)


def print_top(shown, ranked, covered) -> None:
    print(f"{len(ranked)} candidates; {len(ranked) - len([t for t in ranked if not is_covered(t.candidate, covered)])} covered by the facts file")
    for number, term in enumerate(shown, 1):
        print(f"{number:3} {term.candidate}\t{document_count(term)} docs\t{term.count}×\t{','.join(term.kinds)}\t{term.examples[0] if term.examples else ''}")


def write_top(shown, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        writer.writerow(["rank", "term", "documents", "count", "kinds", "example"])
        for number, term in enumerate(shown, 1):
            writer.writerow([number, term.candidate, document_count(term), term.count, ",".join(term.kinds), term.examples[0] if term.examples else ""])
    print(f"top {len(shown)} written to {out}")


def read_judgements(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as stream:
        return {row["term"]: row["judgement"] for row in csv.DictReader(stream, delimiter="\t")}


def print_precision(shown, judged_path: Path) -> None:
    judged = read_judgements(judged_path)
    unjudged = [term.candidate for term in shown if term.candidate not in judged]
    formulas = sum(1 for term in shown if judged.get(term.candidate) == "formula")
    print(f"precision@{len(shown)}: {formulas}/{len(shown)} formulas" + (f"; not judged yet: {'、'.join(unjudged)}" if unjudged else ""))


if __name__ == "__main__":
    sys.exit(main())
