#!/usr/bin/env python3
"""Search: recall and traffic of jiedu's own index against Pagefind, on real documents.

    .venv/bin/python scripts/eval_search.py [--work DIR] [--sizes sample,100,1000] [--queries 60] [--no-pagefind]

For each site (`sample`: content/ plus ../shared/corpus/*.txt; `100`, `1000`:
that many documents spread over ../shared/bench/corpus), builds it (kept in
--work between runs: a rebuild of an unchanged site is instant), draws a query
set from its own texts (glossary terms, 2- and 4-character phrases, single
characters, the same in Traditional, and pinyin with and without tones and
spaces, from the readings jiedu printed) and works out by brute force, from the
texts, which paragraphs each must find. Then, per candidate:

- jiedu: recall and precision over paragraphs (jiedu.search.query answers as
  assets/search.js does), bytes to show the first 20 results and to check
  every candidate; index size; CPU time of the per-document parts and of the merge;
- Pagefind (`pip install 'pagefind[extended]'`, not a dependency): indexes the
  built site with <rt>/<rp> excluded; recall over pages (documents), since
  its results are pages; bytes its own JS downloads per query, measured in
  headless Chromium from the Resource Timing entries of `pagefind.search()`
  and every result's `data()`. It has no pinyin search: those queries count as missed.

Pass --no-pagefind to measure jiedu alone. The figures are for looking, not for tests.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jiedu.search.keys import without_transparent  # noqa: E402
from jiedu.search.query import SiteIndex, fold_query  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
PYTHON = sys.executable


def prepare_content(work: Path, size: str) -> Path:
    """A content folder of copies (the build does not follow links out of it): the project's glossary and lexicon, and the documents."""
    folder = work / f"content-{size}"
    if folder.exists():
        return folder
    (folder / "documents").mkdir(parents=True)
    for name in ("glossary", "lexicon.txt", "site.toml"):
        source = PROJECT / "content" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    for path in documents_for(size):
        shutil.copy(path, folder / "documents" / path.name)
    return folder


def documents_for(size: str) -> list[Path]:
    if size == "sample":
        return sorted((PROJECT / "content" / "documents").iterdir()) + sorted((SHARED / "corpus").glob("*.txt"))
    every = sorted((SHARED / "bench" / "corpus").glob("*.txt"))
    count = int(size)
    return [every[int(i * len(every) / count)] for i in range(count)]


def build(work: Path, size: str) -> tuple[Path, str]:
    content, site = prepare_content(work, size), work / f"site-{size}"
    started = time.perf_counter()
    run = subprocess.run([PYTHON, "build.py", "build", "--content", str(content), "--out", str(site), "--cache", str(work / f"cache-{size}")],
                         cwd=PROJECT, capture_output=True, text=True)
    last = (run.stdout.strip().splitlines() or [""])[-2 if run.stdout.count("\n") > 1 else -1]
    return site, f"{time.perf_counter() - started:.1f} s wall ({last.strip()})"


# --- the query set and what each must find ------------------------------------

def all_rows(index: SiteIndex) -> dict:
    """(document, record) -> (its Simplified text, its reading codes), as the browser rebuilds them from the text files."""
    return {(d, r): (index.simplified(d, r), index.codes(d, r)) for d, entry in enumerate(index.meta["documents"]) for r in range(entry[5])}


def folded(row, table) -> str:
    return fold_query(row[0], table)


def readings(row) -> list[str]:
    return row[1]


def draw_queries(rows: dict, index: SiteIndex, count: int, seed: int = 15) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the texts themselves."""
    rng = random.Random(seed)
    han_rows = [row for row in rows.values() if re.search(r"[\u4e00-\u9fff]{4}", row[0])]
    to_traditional = traditional_table(index)
    terms = [json.loads(f'"{m}"') for m in re.findall(r'"term":\s*"([^"]+)"', (index.folder / "glossary" / "glossary.json").read_text(encoding="utf-8"))] if (index.folder / "glossary" / "glossary.json").exists() else []
    queries = [("term", term) for term in rng.sample(terms, min(len(terms), count // 6))]
    for _ in range(count):
        row = rng.choice(han_rows)
        text, spoken = row
        runs = [m for m in re.finditer(r"[\u4e00-\u9fff]{4,}", text)]
        if not runs:
            continue
        run = rng.choice(runs)
        start = rng.randrange(run.start(), run.end() - 3)
        phrase, two, one = text[start : start + 4], text[start : start + 2], text[start]
        syllables = spoken[start : start + 4]
        queries += [("phrase", phrase), ("pair", two), ("char", one), ("traditional", "".join(to_traditional.get(c, c) for c in phrase))]
        if all(s != "." for s in syllables):
            queries += [("pinyin run", "".join(s[:-1] for s in syllables)), ("pinyin spaced", " ".join(s[:-1] for s in syllables)),
                        ("pinyin tones", " ".join(numbered_to_marked(s) for s in syllables))]
    return list(dict.fromkeys(queries))


def traditional_table(index: SiteIndex) -> dict:
    tables = json.loads((index.folder / "assets" / "scripts.js").read_text(encoding="utf-8").split("=", 1)[1].rstrip().rstrip(";"))
    pairs = tables.get("hant", "")
    return {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}


def numbered_to_marked(syllable: str) -> str:
    from jiedu.annotate.syllables import to_accented

    return to_accented(syllable)


class Texts:
    """Every record's text folded, and its printed readings joined, made once: the brute force's haystacks."""

    def __init__(self, rows: dict, table: dict):
        self.places = list(rows)
        self.table = table
        self.folded = [without_transparent(folded(row, table)) for row in rows.values()]
        """Each record's text folded and read without quotation and title marks, as a phrase is matched (keys.TRANSPARENT)."""
        self.spoken = [readings(row) for row in rows.values()]
        self.toned = [f"|{'|'.join(spoken)}|" for spoken in self.spoken]
        self.bare = ["".join(s[:-1].replace("ü", "v") if s != "." else "." for s in spoken) for spoken in self.spoken]
        """Toneless readings run together, "." where a record has no reading: a run of syllables
        that spells the query is a substring of it (the converse is checked by `_holds_run`)."""


def expected(kind: str, query: str, texts: Texts) -> set:
    """Brute force: the records whose text (folded) or whose printed readings hold the query."""
    if kind == "pinyin tones":
        target = "|" + "|".join(to_numbered(s) for s in query.split()) + "|"
        return {place for place, toned in zip(texts.places, texts.toned) if target in toned}
    if kind.startswith("pinyin"):
        wanted = query.replace(" ", "")
        letters = wanted.replace("ü", "v")
        return {place for place, bare, spoken in zip(texts.places, texts.bare, texts.spoken) if letters in bare and _holds_run(spoken, wanted)}
    phrase = without_transparent(fold_query(query, texts.table))
    return {place for place, text in zip(texts.places, texts.folded) if phrase in text}


def _holds_run(spoken: list[str], letters: str) -> bool:
    """True when some stretch of neighbouring readings spells `letters` exactly (toneless, ü as v or ü)."""
    bare = [s[:-1].replace("ü", "v") if s != "." else None for s in spoken]
    letters = letters.replace("ü", "v")
    for start in range(len(bare)):
        text = ""
        for syllable in bare[start:]:
            if syllable is None:
                break
            text += syllable
            if text == letters:
                return True
            if not letters.startswith(text):
                break
    return False


def to_numbered(syllable: str) -> str:
    from jiedu.annotate.syllables import to_numbered as numbered

    return numbered(syllable, umlaut="ü")


# --- jiedu's index ------------------------------------------------------------

def measure_jiedu(site: Path, queries, rows, index) -> dict:
    recalls, precisions, first, full = {}, [], [], []
    texts = Texts(rows, index.fold)
    for kind, query in queries:
        want = expected(kind, query, texts)
        got = set(index.search(query))
        if want:
            recalls.setdefault(kind, []).append(len(want & got) / len(want))
        if got:
            precisions.append(len(want & got) / len(got))
        shown, every = index.files_for(query)
        first.append(sum(map(gzipped_size, shown)))
        full.append(sum(map(gzipped_size, every)))
    size = sum(p.stat().st_size for p in (site / "search").rglob("*.js")) + sum(p.stat().st_size for p in site.glob("*/search-*.js"))
    files = [p for p in site.rglob("*") if p.is_file()]
    index_files = [p for p in files if p.name.startswith("search-") or "search" in p.relative_to(site).parts[:1]]
    return {"recall": {k: round(statistics.mean(v), 3) for k, v in recalls.items()}, "precision": round(statistics.mean(precisions), 3) if precisions else 1.0,
            "gzip_bytes_first_20_results": percentiles(first), "gzip_bytes_check_every_candidate": percentiles(full),
            "index_MB_raw": round(size / 1e6, 2), "index_MB_gzip": round(sum(map(gzipped_size, index_files)) / 1e6, 2),
            "site_MB_raw": round(sum(p.stat().st_size for p in files) / 1e6, 2), "site_MB_gzip": round(sum(map(gzipped_size, files)) / 1e6, 2)}


@functools.lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    """What a server that compresses (GitHub Pages, most others) sends for the file."""
    import gzip

    return len(gzip.compress(path.read_bytes(), 6))


def percentiles(values: list[int]) -> str:
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return f"median {pick(.5) / 1000:.0f} KB, p90 {pick(.9) / 1000:.0f} KB, max {values[-1] / 1000:.0f} KB"


def index_cpu_time(work: Path, size: str) -> str:
    """CPU seconds of the per-document parts and of the merge, on the documents in the build cache."""
    from jiedu.cache_files import read_values
    from jiedu.render import document_entry
    from jiedu.annotate.scripts import Script
    from jiedu.search import document_search, search_part_of, search_text_pages
    from jiedu.search.merge import merge_index, merged_files

    entries, annotated, postings = [], [], []
    for path in sorted((work / f"cache-{size}" / "jiedu-build" / "documents").glob("*.pickle")):
        values = read_values(path, _header(path), 3)
        if values:
            entries.append(values[0])
            annotated.append(values[1])
            postings.append(values[2])
    site = SiteIndex.read(work / f"site-{size}")
    tables = {Script.SIMPLIFIED: site.fold, Script.TRADITIONAL: traditional_table(site)}
    started = time.process_time()
    fold = str.maketrans(site.fold)
    for document in annotated:
        search = document_search(document_entry(document))
        search_part_of(search, fold)
        search_text_pages(search, tables)
    per_document = time.process_time() - started
    started = time.process_time()
    list(merged_files(merge_index(postings, ()), entries))
    merge = time.process_time() - started
    return f"per-document parts {per_document:.2f} s CPU for {len(annotated)} documents; merge {merge:.2f} s CPU"


def _header(path: Path) -> str:
    """The header a cache file was written with (its first frame): the tree moves, so the build's code version, not ours."""
    from jiedu.cache_files import DIGEST_BYTES, LENGTH_BYTES, MAGIC

    data = path.read_bytes()
    length = int.from_bytes(data[len(MAGIC) : len(MAGIC) + LENGTH_BYTES], "little")
    start = len(MAGIC) + LENGTH_BYTES + DIGEST_BYTES
    return data[start : start + length].decode()


# --- Pagefind -----------------------------------------------------------------

def measure_pagefind(site: Path, queries, rows, index) -> dict:
    """Pagefind over a copy of the site: recall over documents, bytes per query in headless Chromium."""
    copy = Path(tempfile.mkdtemp()) / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("search", "search-*.js"))
    started = time.perf_counter()
    run = subprocess.run([PYTHON, "-m", "pagefind", "--site", str(copy), "--exclude-selectors", "rt", "--exclude-selectors", "rp",
                          "--exclude-selectors", ".site-header", "--exclude-selectors", ".site-footer", "--force-language", "zh"],
                         capture_output=True, text=True)
    wall = time.perf_counter() - started
    if run.returncode:
        return {"error": run.stderr[-500:]}
    (copy / "pf.html").write_text('<!doctype html><html lang="zh"><meta charset="utf-8"><script type="module">import * as pf from "./pagefind/pagefind.js"; window.pf = pf; await pf.init(); window.ready = true;</script>', encoding="utf-8")
    slugs = [entry[0] for entry in index.meta["documents"]]
    recalls, traffic = {}, []
    texts = Texts(rows, index.fold)
    with serving(copy) as base:
        driver = chromium()
        try:
            for kind, query in queries:
                want = {slugs[d] for d, _ in expected(kind, query, texts)}
                driver.get(base + "pf.html")
                _wait(driver, "return window.ready === true")
                found = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "pf.search(arguments[0]).then(async r => { const data = await Promise.all(r.results.map(x => x.data()));"
                    "done([data.map(d => d.url), performance.getEntriesByType('resource').map(e => e.name)]); });", query)
                got = {([part for part in url.split("/") if part] or [""])[0] for url in found[0]}
                if want:
                    recalls.setdefault(kind, []).append(len(want & got) / len(want))
                # Pagefind's files are compressed already: their size on disk is what is sent
                loaded = [copy / url.split(base, 1)[1].split("?")[0] for url in found[1] if url.startswith(base)]
                traffic.append(sum(path.stat().st_size for path in loaded if path.is_file()))
        finally:
            driver.quit()
    size = sum(p.stat().st_size for p in (copy / "pagefind").rglob("*") if p.is_file())
    shutil.rmtree(copy.parent)
    return {"recall": {k: statistics.mean(v) for k, v in recalls.items()}, "bytes_per_query_with_runtime": percentiles(traffic),
            "index_MB": round(size / 1e6, 2), "indexing_wall_s": round(wall, 1)}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class serving:
    def __init__(self, folder: Path):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc):
        self.server.shutdown()


def chromium():
    sys.path.insert(0, str(PROJECT / "tests"))
    from test_browser import make_driver

    driver = make_driver()
    driver.set_script_timeout(120)
    return driver


def _wait(driver, script: str, timeout: float = 30) -> None:
    end = time.time() + timeout
    while time.time() < end and not driver.execute_script(script):
        time.sleep(.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "jiedu-eval-search")
    parser.add_argument("--sizes", default="sample,100,1000")
    parser.add_argument("--queries", type=int, default=40, help="paragraphs to draw queries from, per site (about 7 queries each)")
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="measure the sites already in --work as they are")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        site, built = (args.work / f"site-{size}", "not rebuilt") if args.no_build else build(args.work, size)
        index = SiteIndex.read(site)
        rows = all_rows(index)
        queries = draw_queries(rows, index, args.queries)
        print(f"== {size}: {len(index.meta['documents'])} documents, {len(rows)} records, {len(queries)} queries; build {built}")
        print("   jiedu:", json.dumps(measure_jiedu(site, queries, rows, index), ensure_ascii=False))
        print("   jiedu index time:", index_cpu_time(args.work, size))
        if not args.no_pagefind:
            print("   pagefind:", json.dumps(measure_pagefind(site, queries, rows, index), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
