#!/usr/bin/env python3
"""Read, clean and structure every document file in a folder; write each one's outline and time it.

    .venv/bin/python scripts/read_corpus.py ../shared/corpus/formats --out /tmp/outlines

For looking at what jiedu makes of real files (one FILE.outline.txt per
document: articles, sections and every block, as the golden files show them)
and at how long each stage takes. Problems are printed as the build prints them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_document  # noqa: E402
from jiedu.ingest.files import is_document_path, read_document_file  # noqa: E402
from jiedu.structure import structure_document  # noqa: E402
from jiedu.structure.outline import document_to_outline  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for the outlines")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    passes = build_cleaning_passes(build_cleaning_resources())
    for path in sorted(p for p in args.folder.iterdir() if is_document_path(p)):
        wall, cpu = time.perf_counter(), time.process_time()
        documents, problems = read_document_file(path, path.name)
        outlines = [document_to_outline(structure_document(d, clean_document(d, passes))) for d in documents]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        for problem in problems:
            print(problem)
        (args.out / f"{path.name}.outline.txt").write_text("\n\n".join(outlines), encoding="utf-8")
        chars = sum(len(d.text) for d in documents)
        print(f"{path.name}: {len(documents)} document(s), {chars:,} characters, {wall:.2f} s wall, {cpu:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
