"""Build-speed benchmark for issue 6: jiedu against MkDocs on a generated corpus.

The corpus is --documents files of about 10,000 characters each, recombined
(seeded) from the paragraphs of content/documents/ and ../shared/corpus/, with
a title in each NAME.meta.yaml; the glossary, lexicon and site.toml are copied
from content/. Everything happens in a temporary folder (kept with --keep).

Every build runs as a user would run it, `python build.py build --content C
--out O` in a subprocess; figures are medians of --runs:

* full build (output and cache removed first), no-op rebuild, rebuild after
  appending a sentence to one document, after changing one glossary gloss and
  after adding a comment to a template, and a build after deleting the site
  with the cache kept;
* the same one-document edit rebuilt inside a running process that keeps its
  resources, as `python build.py serve` does (the live-preview case);
* that the last incremental build is byte-identical to a clean build;
* peak memory of the build: its own max RSS (from os.wait4) and the largest
  sum of the proportional set sizes (PSS: shared pages split between the
  processes that share them) of the build and its worker processes, sampled
  every 50 ms;
* page sizes, raw and gzipped, and the whole site's size;
* `mkdocs build -q` on the same text as Markdown, in a venv of its own
  (.cache/bench-mkdocs-venv, created on first use; skipped if pip fails).

    .venv/bin/python scripts/bench_build.py [--documents 100] [--runs 3] [--json] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MKDOCS_VENV = ROOT / ".cache" / "bench-mkdocs-venv"
DOCUMENT_CHARS = 10_000
MAX_BLOCK_CHARS = 2_000
GZIP_LEVEL = 6  # what web servers commonly use, not gzip's default 9
KIB, MIB, GIB = 1024, 1024**2, 1024**3
SCENARIOS = ("full", "noop", "edit_document", "edit_glossary", "edit_template", "site_deleted", "serve_edit_document")
SCENARIO_LABELS = {
    "full": "full build (clean: no site, no cache)",
    "noop": "no-op rebuild",
    "edit_document": "rebuild, one document edited",
    "edit_glossary": "rebuild, one glossary gloss edited",
    "edit_template": "rebuild, one template edited",
    "site_deleted": "full build, site deleted, cache kept",
    "serve_edit_document": "one document edited, rebuilt in `serve`",
}


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- the corpus -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BenchDocument:
    """One generated document, written as NAME.txt for jiedu and NNN.md for MkDocs."""

    name: str
    """File stem and slug, e.g. "bench-0007"."""
    title: str
    paragraphs: tuple[str, ...]
    """Paragraphs as found in the sources (still raw: broken lines, inline pinyin)."""


def source_paths() -> list[Path]:
    return sorted((ROOT / "content" / "documents").glob("*.txt")) + sorted(SHARED_CORPUS.glob("*.txt"))


def load_paragraphs(paths: list[Path]) -> list[str]:
    """Blank-line separated paragraphs of every source, in order.

    Some scraped sources put one paragraph per line with no blank lines; their
    long blocks are split into lines so no single draw overshoots a document.
    """
    paragraphs = []
    for path in paths:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        for block in re.split(r"\n\s*\n", text):
            parts = block.splitlines() if len(block) > MAX_BLOCK_CHARS else [block]
            paragraphs.extend(part.strip() for part in parts if part.strip())
    return paragraphs


def compose_paragraphs(rng: random.Random, pool: list[str], target_chars: int) -> tuple[str, ...]:
    """Sampled paragraphs until the text reaches target_chars."""
    chosen, length = [], 0
    while length < target_chars:
        paragraph = rng.choice(pool)
        chosen.append(paragraph)
        length += len(paragraph) + 2
    return tuple(chosen)


def generate_corpus(count: int, seed: int) -> list[BenchDocument]:
    rng = random.Random(seed)
    pool = load_paragraphs(source_paths())
    return [
        BenchDocument(f"bench-{i:04d}", f"基准文档第{i}号", compose_paragraphs(rng, pool, DOCUMENT_CHARS))
        for i in range(1, count + 1)
    ]


def write_jiedu_content(content_dir: Path, documents: list[BenchDocument]) -> None:
    """documents/NAME.txt with NAME.meta.yaml, plus the repo's glossary, lexicon and settings."""
    folder = content_dir / "documents"
    folder.mkdir(parents=True)
    for number, document in enumerate(documents):
        (folder / f"{document.name}.txt").write_text("\n\n".join(document.paragraphs) + "\n", encoding="utf-8")
        date = (datetime.date(2000, 1, 1) + datetime.timedelta(days=number)).isoformat()
        meta = f'title: {document.title}\ndate: "{date}"\nsource: jiedu benchmark\n'
        (folder / f"{document.name}.meta.yaml").write_text(meta, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "glossary", content_dir / "glossary")
    for name in ("lexicon.txt", "site.toml"):
        shutil.copy2(ROOT / "content" / name, content_dir / name)


def write_mkdocs_project(project_dir: Path, documents: list[BenchDocument]) -> None:
    docs = project_dir / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# jiedu benchmark\n", encoding="utf-8")
    for number, document in enumerate(documents, start=1):
        text = f"# {document.title}\n\n" + "\n\n".join(document.paragraphs) + "\n"
        (docs / f"{number:03d}.md").write_text(text, encoding="utf-8")
    (project_dir / "mkdocs.yml").write_text("site_name: jiedu benchmark\nsite_dir: site\n", encoding="utf-8")


# --- running builds ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    max_rss: int
    """Peak resident memory of the build process, in bytes."""
    max_tree_rss: int = 0
    """Largest sampled sum of the PSS of the build process and its descendants (workers), in bytes."""


def run_measured(command: list[str], cwd: Path, log: Path) -> Run:
    """Wall time and peak RSS of one child process; raises if it fails."""
    with log.open("wb") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        sampler = TreeMemorySampler(child.pid)
        sampler.start()
        # wait4 gives this child's own rusage, so every run's peak is its own.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} failed with exit code {child.returncode}:\n{tail}")
    return Run(seconds, usage.ru_maxrss * KIB, max(sampler.peak, usage.ru_maxrss * KIB))  # Linux reports KiB


class TreeMemorySampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped (Linux /proc)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            self.peak = max(self.peak, sum(_rss(pid) for pid in _process_tree(self.pid)))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _process_tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for children in Path(f"/proc/{current}/task").glob("*/children"):
                pending += [int(child) for child in children.read_text().split()]
        except OSError:  # the process ended while we looked
            pass
    return found


def _rss(pid: int) -> int:
    """The process's proportional set size (pages shared with its forked workers
    counted once overall), or its RSS where the kernel has no smaps_rollup."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1]) * KIB
        except (OSError, ValueError):
            continue
    return 0


@dataclass(frozen=True, slots=True)
class Workspace:
    """The temporary folder's layout."""

    root: Path
    content: Path
    templates: Path
    out: Path
    cache: Path
    mkdocs: Path
    log: Path
    """Output of the latest build (jiedu's or MkDocs')."""


def make_workspace(root: Path) -> Workspace:
    return Workspace(root, root / "content", root / "templates", root / "site", root / "build-cache", root / "mkdocs", root / "last-build.log")


def build_jiedu(space: Workspace) -> Run:
    command = [sys.executable, "build.py", "build", "--content", str(space.content), "--out", str(space.out),
               "--templates", str(space.templates), "--cache", str(space.cache)]
    return run_measured(command, ROOT, space.log)


def append_sentence(space: Workspace, run: int) -> None:
    path = space.content / "documents" / "bench-0001.txt"
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n基准测试在文末追加了一句话，这是第{run + 1}次。\n")


def edit_gloss(space: Workspace, run: int) -> None:
    """Append a sentence to the first plain (unquoted, one-line) gloss in the glossary."""
    plain_gloss = re.compile(r"^(gloss: (?![\"'>|]).*\S)$", re.MULTILINE)
    for path in sorted((space.content / "glossary").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if plain_gloss.search(text):
            edited = plain_gloss.sub(lambda m: f"{m.group(1)} Benchmark edit {run + 1}.", text, count=1)
            path.write_text(edited, encoding="utf-8")
            return
    raise RuntimeError("no glossary entry with a plain one-line gloss to edit")


def touch_template(space: Workspace, run: int) -> None:
    with (space.templates / "base.html").open("a", encoding="utf-8") as file:
        file.write(f"{{# benchmark edit {run + 1} #}}\n")


EDITS = {"edit_document": append_sentence, "edit_glossary": edit_gloss, "edit_template": touch_template}


def remove_build_output(space: Workspace) -> None:
    for folder in (space.out, space.cache):
        shutil.rmtree(folder, ignore_errors=True)


def measure_jiedu(space: Workspace, runs: int) -> dict[str, list[Run]]:
    """Every scenario, `runs` times, in the order a working session would see them."""
    results: dict[str, list[Run]] = {name: [] for name in SCENARIOS}
    for run in range(runs):
        remove_build_output(space)
        results["full"].append(build_jiedu(space))
        progress(f"run {run + 1}/{runs}: full build {results['full'][-1].seconds:.1f} s")
        results["noop"].append(build_jiedu(space))
        for name, edit in EDITS.items():
            edit(space, run)
            results[name].append(build_jiedu(space))
        shutil.rmtree(space.out)
        results["site_deleted"].append(build_jiedu(space))
        progress(f"run {run + 1}/{runs}: " + ", ".join(f"{n} {r[-1].seconds:.1f} s" for n, r in results.items() if r))
    results["serve_edit_document"] = [Run(seconds, 0) for seconds in measure_serve_rebuilds(space, runs)]
    progress("rebuilds in a serve session: " + ", ".join(f"{r.seconds:.2f} s" for r in results["serve_edit_document"]))
    return results


SERVE_PROBE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
import build
content, out, templates, cache = map(Path, {paths!r})
session = {{}}
times = []
for run in range({runs} + 1):  # the first edit loads the resources, as the first rebuild in `serve` does
    with (content / "documents" / "bench-0001.txt").open("a", encoding="utf-8") as file:
        file.write("\\n预览时又追加了一句话，这是第%d次。\\n" % (run + 1))
    started = time.perf_counter()
    report = build.build_site(content, out, templates, cache, session=session)
    times.append(time.perf_counter() - started)
    assert report.processed == 1, report.processed
print(json.dumps(times[1:]))
"""


def measure_serve_rebuilds(space: Workspace, runs: int) -> list[float]:
    """Seconds per rebuild after a one-document edit, in one process that keeps its resources (as `serve`)."""
    code = SERVE_PROBE.format(root=str(ROOT), paths=[str(p) for p in (space.content, space.out, space.templates, space.cache)], runs=runs)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare_with_clean_build(space: Workspace) -> bool:
    """True when the incremental site equals a clean build of the same content, file for file."""
    clean = space.root / "clean-build"
    command = [sys.executable, "build.py", "build", "--content", str(space.content), "--out", str(clean / "site"),
               "--templates", str(space.templates), "--cache", str(clean / "cache")]
    run_measured(command, ROOT, space.log)
    files = lambda site: {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}  # noqa: E731
    return files(space.out) == files(clean / "site")


def count_warnings(log: Path) -> int | None:
    match = re.search(r"(\d+) warning\(s\)", log.read_text(encoding="utf-8", errors="replace"))
    return int(match.group(1)) if match else None


# --- MkDocs -----------------------------------------------------------------


def ensure_mkdocs() -> Path | None:
    """The mkdocs executable of the benchmark's own venv, installing it if needed."""
    mkdocs = MKDOCS_VENV / "bin" / "mkdocs"
    if mkdocs.exists():
        return mkdocs
    progress(f"installing MkDocs into {MKDOCS_VENV}")
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(MKDOCS_VENV)], check=True, capture_output=True)
        subprocess.run([str(MKDOCS_VENV / "bin" / "pip"), "install", "-q", "mkdocs"], check=True, capture_output=True)
    except subprocess.CalledProcessError as error:
        progress(f"could not install MkDocs ({error.stderr.decode(errors='replace').strip()[-300:]})")
        return None
    return mkdocs if mkdocs.exists() else None


def measure_mkdocs(space: Workspace, documents: list[BenchDocument], runs: int) -> list[Run] | None:
    mkdocs = ensure_mkdocs()
    if mkdocs is None:
        progress("skipping the MkDocs comparison: pip could not install mkdocs")
        return None
    write_mkdocs_project(space.mkdocs, documents)
    results = []
    for run in range(runs):
        shutil.rmtree(space.mkdocs / "site", ignore_errors=True)
        results.append(run_measured([str(mkdocs), "build", "-q"], space.mkdocs, space.log))
        progress(f"run {run + 1}/{runs}: mkdocs build {results[-1].seconds:.1f} s")
    return results


# --- sizes ------------------------------------------------------------------


def measure_sizes(site: Path) -> dict:
    """Per-page raw and gzipped sizes of the HTML pages, and the total site size."""
    raw, zipped = [], []
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        raw.append(len(data))
        zipped.append(len(gzip.compress(data, compresslevel=GZIP_LEVEL)))
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    return {
        "html_pages": len(raw),
        "page_raw_median": statistics.median(raw),
        "page_raw_max": max(raw),
        "page_gzip_median": statistics.median(zipped),
        "page_gzip_max": max(zipped),
        "site_total": total,
    }


# --- results ----------------------------------------------------------------


def summarize(jiedu: dict[str, list[Run]], mkdocs: list[Run] | None, sizes: dict, warnings: int | None) -> dict:
    summary = {f"{name}_seconds": statistics.median(r.seconds for r in runs) for name, runs in jiedu.items()}
    summary["peak_memory_bytes"] = max(r.max_rss for runs in jiedu.values() for r in runs)
    summary["peak_tree_memory_bytes"] = max(r.max_tree_rss for runs in jiedu.values() for r in runs)
    summary["full_peak_memory_bytes_median"] = statistics.median(r.max_rss for r in jiedu["full"])
    summary["mkdocs_full_seconds"] = statistics.median(r.seconds for r in mkdocs) if mkdocs else None
    summary["mkdocs_peak_memory_bytes"] = max(r.max_rss for r in mkdocs) if mkdocs else None
    summary["ratio_jiedu_to_mkdocs"] = summary["full_seconds"] / summary["mkdocs_full_seconds"] if mkdocs else None
    summary["build_warnings"] = warnings
    return summary | sizes


def check_targets(summary: dict, documents: int) -> list[tuple[str, bool | None]]:
    """(target, met) pairs; met is None where the figure is missing."""
    targets = []
    if documents == 100:
        targets += [
            ("100 docs: full build <= 3 s", summary["full_seconds"] <= 3),
            ("100 docs: no-op rebuild <= 0.5 s", summary["noop_seconds"] <= 0.5),
            ("100 docs: one-document edit <= 1 s (a new build.py process)", summary["edit_document_seconds"] <= 1),
            ("100 docs: one-document edit <= 1 s (live preview, in serve)", summary["serve_edit_document_seconds"] <= 1),
        ]
    if documents == 1000:
        faster = None if summary["mkdocs_full_seconds"] is None else summary["full_seconds"] < summary["mkdocs_full_seconds"]
        targets += [
            ("1000 docs: full build faster than MkDocs", faster),
            ("1000 docs: peak memory <= 1 GiB (build and workers summed)", summary["peak_tree_memory_bytes"] <= GIB),
        ]
    targets += [
        ("every page <= 100 KB gzipped", summary["page_gzip_max"] <= 100 * KIB),
        ("site <= 500 MB", summary["site_total"] <= 500 * MIB),
    ]
    return targets


def format_size(size: float | None) -> str:
    if size is None:
        return "—"
    for unit, scale in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size:.0f} B"


def format_table(summary: dict, targets: list[tuple[str, bool | None]], documents: int, runs: int) -> str:
    seconds = lambda key: "—" if summary[key] is None else f"{summary[key]:.2f} s"  # noqa: E731
    rows = [(SCENARIO_LABELS[name], seconds(f"{name}_seconds")) for name in SCENARIOS]
    rows += [
        ("MkDocs full build (mkdocs build -q)", seconds("mkdocs_full_seconds")),
        ("ratio jiedu / MkDocs (full build)", "—" if summary["ratio_jiedu_to_mkdocs"] is None else f"{summary['ratio_jiedu_to_mkdocs']:.1f}×"),
        ("peak memory, jiedu (max of all builds)", format_size(summary["peak_memory_bytes"])),
        ("peak memory, jiedu + workers, PSS summed (max)", format_size(summary["peak_tree_memory_bytes"])),
        ("peak memory, jiedu full build (median)", format_size(summary["full_peak_memory_bytes_median"])),
        ("peak memory, MkDocs (max)", format_size(summary["mkdocs_peak_memory_bytes"])),
        ("HTML pages", f"{summary['html_pages']:,}"),
        ("page size raw: median / max", f"{format_size(summary['page_raw_median'])} / {format_size(summary['page_raw_max'])}"),
        ("page size gzipped: median / max", f"{format_size(summary['page_gzip_median'])} / {format_size(summary['page_gzip_max'])}"),
        ("site size (all files)", format_size(summary["site_total"])),
        ("build warnings (last build)", "—" if summary["build_warnings"] is None else str(summary["build_warnings"])),
        ("incremental site == clean build", {True: "yes", False: "NO", None: "—"}[summary.get("identical_to_clean")]),
    ]
    width = max(len(label) for label, _ in rows + targets)
    lines = [f"jiedu build benchmark: {documents} documents of ~{DOCUMENT_CHARS:,} characters, median of {runs} run(s)", ""]
    lines += [f"{label:<{width}}  {value:>18}" for label, value in rows]
    lines += ["", "targets:"]
    lines += [f"{label:<{width}}  {'—' if met is None else 'PASS' if met else 'MISS':>18}" for label, met in targets]
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100, help="documents to generate (default: 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; medians are reported (default: 3)")
    parser.add_argument("--seed", type=int, default=6, help="seed for the corpus (default: 6)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    return parser.parse_args(argv)


def prepare_workspace(documents: list[BenchDocument]) -> Workspace:
    space = make_workspace(Path(tempfile.mkdtemp(prefix="jiedu-bench-")))
    write_jiedu_content(space.content, documents)
    shutil.copytree(ROOT / "templates", space.templates)
    return space


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    documents = generate_corpus(args.documents, args.seed)
    space = prepare_workspace(documents)
    characters = sum(len(p) for d in documents for p in d.paragraphs)
    progress(f"{len(documents)} documents, {characters:,} characters ({characters // len(documents):,} each on average) in {space.root}")
    try:
        jiedu = measure_jiedu(space, args.runs)
        sizes, warnings = measure_sizes(space.out), count_warnings(space.log)
        identical = compare_with_clean_build(space)
        progress(f"incremental site identical to a clean build: {identical}")
        mkdocs = measure_mkdocs(space, documents, args.runs)
    finally:
        if args.keep:
            progress(f"kept {space.root}")
        else:
            shutil.rmtree(space.root, ignore_errors=True)
    summary = summarize(jiedu, mkdocs, sizes, warnings) | {"identical_to_clean": identical}
    targets = check_targets(summary, args.documents)
    if args.json:
        summary["targets"] = {label: met for label, met in targets}
        print(json.dumps({"documents": args.documents, "runs": args.runs} | summary, indent=2, ensure_ascii=False))
    else:
        print(format_table(summary, targets, args.documents, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
