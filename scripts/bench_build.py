"""Build-speed benchmark (issues 6 and 16): jiedu against MkDocs on real documents.

The corpus is --documents distinct real files drawn (seeded) from
../shared/bench/corpus/ (scripts/bench_corpus.py); --recombined uses issue 6's
documents recombined from the samples' paragraphs instead. Everything happens
in a temporary folder per size (kept with --keep).

Every build runs as a user would run it, `python build.py build --content C
--out O` in a subprocess, timed in wall and CPU time (user + system of the
build and its reaped workers, from os.wait4). Per run, in this order, so that
load on a shared machine falls on both sides alike:

* a clean full build with `--jobs 1` (serial), `mkdocs build -q` on the same
  files as Markdown (a venv of its own, .cache/bench-mkdocs-venv, made on
  first use), and a clean full build with the default workers;
* a no-op rebuild; rebuilds after appending a sentence to one document, after
  changing one glossary gloss, after adding a comment to a template; a build
  after deleting the site (cache kept); a build of a new site whose document
  cache is gone but whose derived tables are kept (a second site on a machine
  that has built one);

then the one-document edit rebuilt inside a process that keeps its resources,
as `python build.py serve` does; whether the incremental site is
byte-identical to a clean build; peak memory (the largest sum of proportional
set sizes of the build and its workers, sampled every 50 ms, or less often
when sampling gets dear: see TreeMemorySampler); page and site
sizes and the site's bytes per Han character of the documents' text.

    .venv/bin/python scripts/bench_build.py [--sizes 100,1000] [--runs 3] [--recombined] [--json] [--keep]
    .venv/bin/python scripts/bench_build.py --local-cluster 2     # the builds use a local Dask cluster

With a cluster (--scheduler, --local-cluster), every build but the serial
one sends its documents there; CPU time and memory then count the building
process only, not the cluster's workers, and the serve probe builds locally.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import ROOT, BenchDocument, real_documents, recombined_documents, write_jiedu_content, write_mkdocs_project  # noqa: E402

MKDOCS_VENV = ROOT / ".cache" / "bench-mkdocs-venv"
GZIP_LEVEL = 6  # what web servers commonly use, not gzip's default 9
KIB, MIB, GIB = 1024, 1024**2, 1024**3
INCREMENTAL = ("noop", "edit_document", "edit_glossary", "edit_template", "site_deleted", "new_site")
LABELS = {
    "full": "full build (no site, no cache)",
    "full_serial": "full build, --jobs 1",
    "mkdocs": "MkDocs full build (mkdocs build -q)",
    "noop": "no-op rebuild",
    "edit_document": "one document edited (new process)",
    "edit_glossary": "one glossary gloss edited",
    "edit_template": "one template edited",
    "site_deleted": "site deleted, cache kept",
    "new_site": "new site, derived tables kept",
    "serve_edit_document": "one document edited (in `serve`)",
}


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- running builds ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu_seconds: float
    """User + system time of the process and of the children it waited for (its workers)."""
    peak_pss: int = 0
    """Largest sampled sum of the PSS of the process and its descendants, in bytes."""


def run_measured(command: list[str], cwd: Path, log: Path) -> Run:
    """Wall time, CPU time and peak memory of one child process; raises if it fails."""
    with log.open("wb") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        sampler = TreeMemorySampler(child.pid)
        sampler.start()
        # wait4 gives this child's own rusage (its reaped workers included), so every run's figures are its own.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} failed with exit code {child.returncode}:\n{tail}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, max(sampler.peak, usage.ru_maxrss * KIB))  # Linux: KiB


class TreeMemorySampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped (Linux /proc).

    Reading a process's PSS makes the kernel walk its page tables: about 0.1 s
    of CPU for a 2 GiB build and its workers. Sampled every 50 ms regardless,
    the sampler took most of a core of a 2-core machine from the build it was
    timing (and none from MkDocs's small single process). So it waits at least
    `OVERHEAD_RATIO` times as long as its last sample took: it uses at most
    about 5 % of a core, and samples a big build every second or two instead
    of every 50 ms, often enough for peaks that last seconds.
    """

    OVERHEAD_RATIO = 19

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stopped = threading.Event()

    def run(self) -> None:
        wait = self.interval
        while not self._stopped.wait(wait):
            started = time.perf_counter()
            self.peak = max(self.peak, sum(_pss(pid) for pid in _process_tree(self.pid)))
            wait = max(self.interval, self.OVERHEAD_RATIO * (time.perf_counter() - started))

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


def _pss(pid: int) -> int:
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
    """The temporary folder's layout, and how jiedu is run in it."""

    root: Path
    scheduler: str | None
    """A Dask scheduler's address passed to every build, or None (local workers)."""

    content = property(lambda self: self.root / "content")
    templates = property(lambda self: self.root / "templates")
    out = property(lambda self: self.root / "site")
    cache = property(lambda self: self.root / "build-cache")
    mkdocs = property(lambda self: self.root / "mkdocs")
    log = property(lambda self: self.root / "last-build.log")


def build_jiedu(space: Workspace, *options: str, out: Path | None = None, cache: Path | None = None) -> Run:
    command = [sys.executable, "build.py", "build", "--content", str(space.content), "--out", str(out or space.out),
               "--templates", str(space.templates), "--cache", str(cache or space.cache), *options]
    if space.scheduler and "--jobs" not in options:  # the serial build stays local: the cluster is compared with it
        command += ["--scheduler", space.scheduler]
    return run_measured(command, ROOT, space.log)


def first_document(space: Workspace) -> Path:
    return min((space.content / "documents").glob("*.txt"))


def append_sentence(space: Workspace, run: int) -> None:
    with first_document(space).open("a", encoding="utf-8") as file:
        file.write(f"\n基准测试在文末追加了一句话，这是第{run + 1}次。\n")


def edit_gloss(space: Workspace, run: int) -> None:
    """Append a sentence to the first plain (unquoted, one-line) gloss in the glossary."""
    plain_gloss = re.compile(r"^(gloss: (?![\"'>|]).*\S)$", re.MULTILINE)
    for path in sorted((space.content / "glossary").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if plain_gloss.search(text):
            path.write_text(plain_gloss.sub(lambda m: f"{m.group(1)} Benchmark edit {run + 1}.", text, count=1), encoding="utf-8")
            return
    raise RuntimeError("no glossary entry with a plain one-line gloss to edit")


def touch_template(space: Workspace, run: int) -> None:
    with (space.templates / "base.html").open("a", encoding="utf-8") as file:
        file.write(f"{{# benchmark edit {run + 1} #}}\n")


def delete_site(space: Workspace, run: int) -> None:
    shutil.rmtree(space.out)


def delete_site_and_documents(space: Workspace, run: int) -> None:
    """What a second site on the same machine starts from: the tables derived from the libraries' data, nothing else."""
    shutil.rmtree(space.out)
    for name in ("documents", "sites", "resources", "templates"):
        shutil.rmtree(space.cache / "jiedu-build" / name, ignore_errors=True)


BEFORE = {"noop": None, "edit_document": append_sentence, "edit_glossary": edit_gloss, "edit_template": touch_template,
          "site_deleted": delete_site, "new_site": delete_site_and_documents}


def remove_build_output(space: Workspace) -> None:
    for folder in (space.out, space.cache):
        shutil.rmtree(folder, ignore_errors=True)


def measure(space: Workspace, runs: int, mkdocs: Path | None) -> dict[str, list[Run]]:
    """Every scenario, `runs` times; full builds alternate serial jiedu, MkDocs, parallel jiedu."""
    results: dict[str, list[Run]] = {name: [] for name in ("full_serial", "mkdocs", "full", *INCREMENTAL)}
    for run in range(runs):
        remove_build_output(space)
        results["full_serial"].append(build_jiedu(space, "--jobs", "1"))
        if mkdocs:
            shutil.rmtree(space.mkdocs / "site", ignore_errors=True)
            results["mkdocs"].append(run_measured([str(mkdocs), "build", "-q"], space.mkdocs, space.log))
        remove_build_output(space)
        results["full"].append(build_jiedu(space))
        for name, edit in BEFORE.items():
            if edit:
                edit(space, run)
            results[name].append(build_jiedu(space))
        progress(f"run {run + 1}/{runs}: " + ", ".join(f"{n} {r[-1].seconds:.2f} s" for n, r in results.items() if r))
    rebuilds = measure_serve_rebuilds(space, runs)
    results["serve_edit_document"] = [Run(seconds, cpu) for seconds, cpu, _ in rebuilds]
    progress("one-document edits in a serve session: " + ", ".join(f"{seconds:.2f} s (then {behind:.2f} s writing the cache behind it)" for seconds, _, behind in rebuilds))
    return results


SERVE_PROBE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
import build
content, out, templates, cache, document = map(Path, {paths!r})
session = {{}}
times = []
for run in range({runs} + 1):  # the first edit loads the resources, as the first rebuild in `serve` does
    with document.open("a", encoding="utf-8") as file:
        file.write("\\n预览时又追加了一句话，这是第%d次。\\n" % (run + 1))
    started, cpu = time.perf_counter(), time.process_time()
    report = build.build_site(content, out, templates, cache, session=session)
    times.append((time.perf_counter() - started, time.process_time() - cpu))
    assert report.processed == 1, report.processed
    # `serve` writes the cache behind the build, while the reader looks at the page; a reader who edits
    # again waits for the end of those writes. Timed apart, so that one edit's writes do not land in the next.
    behind = time.perf_counter()
    for kept in session.values():
        getattr(kept, "wait_for_writes", lambda: None)()
    times[-1] += (time.perf_counter() - behind,)
print(json.dumps(times[1:]))
"""


def measure_serve_rebuilds(space: Workspace, runs: int) -> list[tuple[float, float, float]]:
    """(wall, CPU, cache writes after it) seconds per rebuild after a one-document edit, in one process that keeps its resources (as `serve`)."""
    paths = [str(p) for p in (space.content, space.out, space.templates, space.cache, first_document(space))]
    code = SERVE_PROBE.format(root=str(ROOT), paths=paths, runs=runs)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return [tuple(pair) for pair in json.loads(done.stdout.strip().splitlines()[-1])]


def compare_with_clean_build(space: Workspace) -> bool:
    """True when the incremental site equals a clean build of the same content, file for file."""
    clean = space.root / "clean-build"
    build_jiedu(space, out=clean / "site", cache=clean / "cache")
    files = lambda site: {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}  # noqa: E731
    return files(space.out) == files(clean / "site")


def count_warnings(log: Path) -> int | None:
    match = re.search(r"(\d+) warning\(s\)", log.read_text(encoding="utf-8", errors="replace"))
    return int(match.group(1)) if match else None


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
        progress(f"could not install MkDocs ({error.stderr.decode(errors='replace').strip()[-300:]}); no comparison")
        return None
    return mkdocs if mkdocs.exists() else None


# --- sizes ------------------------------------------------------------------


def measure_sizes(site: Path, han: int) -> dict:
    """Per-page raw and gzipped sizes of the HTML pages, the site's size and its bytes per Han character."""
    raw, zipped = {}, {}
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        raw[page], zipped[page] = len(data), len(gzip.compress(data, compresslevel=GZIP_LEVEL))
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    largest = max(zipped, key=zipped.get)
    return {
        "html_pages": len(raw), "page_raw_median": statistics.median(raw.values()), "page_raw_max": max(raw.values()),
        "page_gzip_median": statistics.median(zipped.values()), "page_gzip_max": zipped[largest],
        "largest_page": largest.relative_to(site).as_posix(), "site_total": total, "han_characters": han,
        "bytes_per_han": total / han if han else None,
    }


def count_han_characters(documents: list[BenchDocument]) -> int:
    from jiedu.charclass import count_han

    return sum(count_han(document.text) for document in documents)


# --- results ----------------------------------------------------------------


def summarize(results: dict[str, list[Run]]) -> dict:
    """Medians of wall and CPU seconds per scenario, the ratios to MkDocs, and peak memory."""
    summary = {}
    for name, runs in results.items():
        summary[f"{name}_seconds"] = statistics.median(r.seconds for r in runs) if runs else None
        summary[f"{name}_cpu_seconds"] = statistics.median(r.cpu_seconds for r in runs) if runs else None
    for kind in ("seconds", "cpu_seconds"):
        mkdocs = summary[f"mkdocs_{kind}"]
        summary[f"ratio_to_mkdocs_{kind}"] = summary[f"full_{kind}"] / mkdocs if mkdocs else None
        summary[f"ratio_parallel_to_serial_{kind}"] = summary[f"full_{kind}"] / summary[f"full_serial_{kind}"]
    summary["peak_pss_bytes"] = max(r.peak_pss for name, runs in results.items() if name not in ("mkdocs", "serve_edit_document") for r in runs)
    summary["mkdocs_peak_bytes"] = max((r.peak_pss for r in results["mkdocs"]), default=None)
    return summary


def check_targets(summary: dict, documents: int) -> list[tuple[str, bool | None]]:
    """Issue 16's targets: (target, met); met is None where the figure is missing."""
    ratio = summary["ratio_to_mkdocs_seconds"]
    return [
        (f"{documents} docs: full build <= 3x MkDocs (wall)", None if ratio is None else ratio <= 3),
        ("no-op rebuild <= 0.3 s", summary["noop_seconds"] <= 0.3),
        ("one document edited <= 1 s (new process)", summary["edit_document_seconds"] <= 1),
        ("one document edited <= 0.3 s (serve)", summary["serve_edit_document_seconds"] <= 0.3),
        ("parallel CPU <= 1.1x serial", summary["ratio_parallel_to_serial_cpu_seconds"] <= 1.1),
        ("parallel wall < serial", summary["ratio_parallel_to_serial_seconds"] < 1),
        ("peak memory <= 1 GiB (PSS, build and workers)", summary["peak_pss_bytes"] <= GIB),
        ("site <= 40 bytes per Han character", summary["bytes_per_han"] is not None and summary["bytes_per_han"] <= 40),
        ("every page <= 100 KB gzipped", summary["page_gzip_max"] <= 100 * KIB),
        ("incremental site == clean build", summary["identical_to_clean"]),
    ]


def format_size(size: float | None) -> str:
    if size is None:
        return "—"
    for unit, scale in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size:.0f} B"


def format_table(summary: dict, targets: list[tuple[str, bool | None]], title: str) -> str:
    def timing(name: str) -> str:
        wall, cpu = summary.get(f"{name}_seconds"), summary.get(f"{name}_cpu_seconds")
        return "—" if wall is None else f"{wall:7.2f} s {cpu:7.2f} s"

    ratio = lambda key: "—" if summary[key] is None else f"{summary[key]:.2f}×"  # noqa: E731
    rows = [("", "    wall       CPU")] + [(LABELS[name], timing(name)) for name in ("full", "full_serial", "mkdocs", *INCREMENTAL, "serve_edit_document")]
    rows += [
        ("jiedu / MkDocs, full build", f"{ratio('ratio_to_mkdocs_seconds'):>9} {ratio('ratio_to_mkdocs_cpu_seconds'):>9}"),
        ("parallel / serial, full build", f"{ratio('ratio_parallel_to_serial_seconds'):>9} {ratio('ratio_parallel_to_serial_cpu_seconds'):>9}"),
        ("peak memory, jiedu + workers (PSS summed)", f"{summary['peak_pss_bytes'] / MIB:,.0f} MiB"),  # in MiB: 1.0 GiB hid which side of the target it fell
        ("peak memory, MkDocs", f"{summary['mkdocs_peak_bytes'] / MIB:,.0f} MiB"),
        ("HTML pages", f"{summary['html_pages']:,}"),
        ("page size raw: median / max", f"{format_size(summary['page_raw_median'])} / {format_size(summary['page_raw_max'])}"),
        ("page size gzipped: median / max", f"{format_size(summary['page_gzip_median'])} / {format_size(summary['page_gzip_max'])}"),
        ("largest page (gzipped)", summary["largest_page"]),
        ("site size (all files)", format_size(summary["site_total"])),
        ("Han characters in the documents", f"{summary['han_characters']:,}"),
        ("site bytes per Han character", "—" if summary["bytes_per_han"] is None else f"{summary['bytes_per_han']:.1f}"),
        ("build warnings (last build)", "—" if summary["build_warnings"] is None else str(summary["build_warnings"])),
    ]
    width = max(len(label) for label, _ in rows + targets)
    lines = [title, ""] + [f"{label:<{width}}  {value}" for label, value in rows] + ["", "targets:"]
    lines += [f"{label:<{width}}  {'—' if met is None else 'PASS' if met else 'MISS'}" for label, met in targets]
    return "\n".join(lines)


# --- main -------------------------------------------------------------------


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=None, help="documents in the corpus (default: 100)")
    parser.add_argument("--sizes", default=None, help="several corpus sizes in one go, e.g. 100,1000 (instead of --documents)")
    parser.add_argument("--recombined", action="store_true", help="issue 6's corpus: paragraphs of the samples recombined, not real documents")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; medians are reported (default: 3)")
    parser.add_argument("--seed", type=int, default=6, help="seed for the corpus (default: 6)")
    parser.add_argument("--scheduler", default=None, help="a Dask scheduler's address, passed to every jiedu build")
    parser.add_argument("--local-cluster", type=int, default=0, metavar="N", help="start a local Dask cluster of N worker processes for the builds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of tables")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders and say where they are")
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [args.documents or 100]
    return args


def bench_size(count: int, args: argparse.Namespace, mkdocs: Path | None, scheduler: str | None) -> dict:
    """Every figure for a corpus of `count` documents."""
    started = time.perf_counter()
    documents = (recombined_documents if args.recombined else real_documents)(count, args.seed)
    space = Workspace(Path(tempfile.mkdtemp(prefix=f"jiedu-bench-{count}-")), scheduler)
    write_jiedu_content(space.content, documents)
    write_mkdocs_project(space.mkdocs, documents)
    shutil.copytree(ROOT / "templates", space.templates)
    characters = sum(len(document.text) for document in documents)
    progress(f"{count} documents, {characters:,} characters in {space.root}")
    try:
        results = measure(space, args.runs, mkdocs)
        summary = summarize(results) | measure_sizes(space.out, count_han_characters(documents))
        summary |= {"build_warnings": count_warnings(space.log), "identical_to_clean": compare_with_clean_build(space)}
    finally:
        if args.keep:
            progress(f"kept {space.root}")
        else:
            shutil.rmtree(space.root, ignore_errors=True)
    return summary | {"documents": count, "characters": characters, "benchmark_seconds": time.perf_counter() - started}


def compile_bytecode() -> None:
    """Compile jiedu's modules to bytecode, as `pip install` does for an installed package and as
    Python does on a checkout's first run. Where PYTHONDONTWRITEBYTECODE is set (as on our CI
    machines), every new build process would otherwise compile all of them again, about 0.1 s a
    build that no user pays; MkDocs, installed by pip, has its bytecode."""
    import compileall

    compileall.compile_dir(ROOT / "jiedu", quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    compile_bytecode()
    mkdocs = ensure_mkdocs()
    cluster = start_local_cluster(args.local_cluster) if args.local_cluster else None
    scheduler = cluster.scheduler_address if cluster else args.scheduler
    try:
        summaries = [bench_size(count, args, mkdocs, scheduler) for count in args.sizes]
    finally:
        if cluster:
            cluster.close()
    corpus = "recombined paragraphs" if args.recombined else "real documents from ../shared/bench/corpus"
    where = f", Dask scheduler {scheduler}" if scheduler else ""
    for summary in summaries:
        summary["targets"] = dict(check_targets(summary, summary["documents"]))
    if args.json:
        print(json.dumps({"corpus": corpus, "runs": args.runs, "scheduler": scheduler, "sizes": summaries}, indent=2, ensure_ascii=False, default=str))
        return 0
    for summary in summaries:
        title = (f"jiedu build benchmark: {summary['documents']} {corpus} ({summary['characters']:,} characters){where}, "
                 f"median of {args.runs} run(s); the benchmark took {summary['benchmark_seconds']:.0f} s")
        print(format_table(summary, list(summary["targets"].items()), title) + "\n")
    return 0


def start_local_cluster(workers: int):
    """A Dask LocalCluster of `workers` single-threaded processes (jiedu[cluster] must be installed)."""
    from distributed import LocalCluster

    sys.path.insert(0, str(ROOT))  # the workers (spawned with this path) import the jiedu the builds run
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


if __name__ == "__main__":
    raise SystemExit(main())
