"""The benchmark's documents: real files from ../shared/bench/corpus/ (the default) or recombined paragraphs.

Real documents are a seeded sample of the corpus's files, copied verbatim into
content/documents/ (Markdown, HTML and plain text saved as .txt: the build
reads each for what it is), each with a NAME.meta.yaml sidecar naming where it
comes from (MANIFEST.tsv), as a user would give it. MkDocs gets the same files
as NNN.md, untouched: front matter is its metadata, HTML passes through.

Recombined documents (`--recombined`, issue 6's corpus) draw paragraphs from
content/documents/ and ../shared/corpus/ until each reaches 10,000
characters; their paragraphs repeat across documents, which flatters any
per-text cache, so they are only a second opinion.
"""

from __future__ import annotations

import csv
import datetime
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
BENCH_CORPUS = SHARED / "bench" / "corpus"
MANIFEST = SHARED / "bench" / "MANIFEST.tsv"
DOCUMENT_CHARS = 10_000
MAX_BLOCK_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class BenchDocument:
    """One document, written as NAME.txt (and NAME.meta.yaml) for jiedu and NNN.md for MkDocs."""

    name: str
    """File stem, e.g. "law-cn-20231229-245" or "bench-0007"."""
    text: str
    """The file's text as jiedu reads it (the source file's own, for real documents)."""
    meta: str
    """The sidecar's YAML."""


# --- real documents ------------------------------------------------------------


def real_documents(count: int, seed: int) -> list[BenchDocument]:
    """`count` distinct files of the bench corpus, a seeded sample (sorted by name)."""
    paths = sorted(BENCH_CORPUS.glob("*.txt"))
    if count > len(paths):
        raise SystemExit(f"the bench corpus has {len(paths)} documents, fewer than {count}")
    origins = read_manifest()
    chosen = sorted(random.Random(seed).sample(paths, count))
    return [BenchDocument(path.stem, path.read_bytes().decode("utf-8"), sidecar_for(origins.get(path.name))) for path in chosen]


def read_manifest() -> dict[str, dict]:
    """File name -> its MANIFEST.tsv row (empty when the manifest is missing)."""
    if not MANIFEST.is_file():
        return {}
    with MANIFEST.open(encoding="utf-8", newline="") as file:
        return {row["file"]: row for row in csv.DictReader(file, delimiter="\t")}


def sidecar_for(row: dict | None) -> str:
    """Where the document comes from, as a NAME.meta.yaml gives it (front matter in the file wins)."""
    if row is None:
        return ""
    return f'source: "{row["repository"]} {row["source_path"]}"\n'


# --- recombined documents (issue 6's corpus) ---------------------------------


def recombined_documents(count: int, seed: int) -> list[BenchDocument]:
    rng = random.Random(seed)
    pool = load_paragraphs(sorted((ROOT / "content" / "documents").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt")))
    documents = []
    for number in range(1, count + 1):
        date = (datetime.date(2000, 1, 1) + datetime.timedelta(days=number - 1)).isoformat()
        meta = f'title: 基准文档第{number}号\ndate: "{date}"\nsource: jiedu benchmark\n'
        documents.append(BenchDocument(f"bench-{number:04d}", "\n\n".join(compose_paragraphs(rng, pool, DOCUMENT_CHARS)) + "\n", meta))
    return documents


def load_paragraphs(paths: list[Path]) -> list[str]:
    """Blank-line separated paragraphs of every source; over-long blocks (one paragraph a line) split into lines."""
    paragraphs = []
    for path in paths:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        for block in re.split(r"\n\s*\n", text):
            parts = block.splitlines() if len(block) > MAX_BLOCK_CHARS else [block]
            paragraphs.extend(part.strip() for part in parts if part.strip())
    return paragraphs


def compose_paragraphs(rng: random.Random, pool: list[str], target_chars: int) -> tuple[str, ...]:
    chosen, length = [], 0
    while length < target_chars:
        chosen.append(rng.choice(pool))
        length += len(chosen[-1]) + 2
    return tuple(chosen)


# --- writing the projects ------------------------------------------------------


def write_jiedu_content(content_dir: Path, documents: list[BenchDocument]) -> None:
    """documents/NAME.txt with NAME.meta.yaml, plus the repo's glossary, lexicon and settings."""
    folder = content_dir / "documents"
    folder.mkdir(parents=True)
    for document in documents:
        (folder / f"{document.name}.txt").write_bytes(document.text.encode("utf-8"))
        if document.meta:
            (folder / f"{document.name}.meta.yaml").write_text(document.meta, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "glossary", content_dir / "glossary")
    for name in ("lexicon.txt", "site.toml"):
        if (ROOT / "content" / name).is_file():
            shutil.copy2(ROOT / "content" / name, content_dir / name)


def write_mkdocs_project(project_dir: Path, documents: list[BenchDocument]) -> None:
    docs = project_dir / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# jiedu benchmark\n", encoding="utf-8")
    for number, document in enumerate(documents, start=1):
        (docs / f"{number:04d}.md").write_bytes(document.text.encode("utf-8"))
    (project_dir / "mkdocs.yml").write_text("site_name: jiedu benchmark\nsite_dir: site\n", encoding="utf-8")
