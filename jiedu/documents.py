"""One document, start to finish: the unit of incremental and parallel builds.

For each document, `plan_document` (in the parent process)

1. computes its key: a digest of its text and metadata, its fixes file, the
   lexicon, the glossary's written forms and jiedu's code (`document_key`),
   and decides whether its pages can be kept; then `build_document`
2. takes the cleaned, structured and annotated document from the build cache
   under that key, or makes it (clean -> structure -> annotate) and stores it;
3. keeps the previous build's pages of the document when they were rendered
   from the same inputs (`render_key`: the document key, the templates, the
   settings and the glossary entries the document shows): the swap carries
   its folder across whole (`write.StagedSite.carry`); else
4. renders the pages and writes them into the new site's staging folder.

It returns the document's `SiteEntry` and the paths of its pages. Documents do
not depend on each other, so `build_documents` runs them in worker processes
when there is enough work to share. Only SiteEntry values (small) travel back:
a thousand-document build never holds all annotations at once.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, replace
from pathlib import Path

from . import annotate, structure, write
from .build_cache import BuildCache, DocumentPages
from .fingerprint import digest
from .model import Problem, SourceDocument
from .render import RenderContext, SiteEntry, document_entry, render_document, site_entry
from .report import innermost_frame
from .resources import BuildTools, load_document_fixes

WORK_PER_WORKER = 8
"""Forking a worker pays for itself only with this much work for it: one unit
is a document to clean and annotate; rendering a document's pages is a quarter
(measured on the benchmark corpus: about 150 ms against 40 ms per document)."""

RENDER_WORK = 0.25

DOCUMENTS_PER_WORKER_LIFE = 200
"""A worker is replaced (forked afresh from the parent) after this many documents,
so the caches it grows (readings of sentences, GBK decisions) stay bounded on a
big corpus. A new worker starts with empty caches and copies the pages of the
parent's resources it touches: at 50, a 200-document build took about 10 %
longer (two runs each, 2 workers); 100 documents more per worker added about
24 MiB to the build's peak PSS (447 -> 470 MiB)."""


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """What every document of one build shares (inherited by forked workers)."""

    content_dir: Path
    tools: BuildTools
    context: RenderContext
    cache: BuildCache
    staging: Path
    """The folder the new site is written into."""
    previous_pages: dict
    """Slug -> DocumentPages of the previous build (empty when its files can't be reused)."""


@dataclass(frozen=True, slots=True)
class DocumentResult:
    entry: SiteEntry | None
    """None when the document could not be processed (see `problems`)."""
    problems: tuple[Problem, ...]
    """Problems of its fixes file; the document's own are in `entry`."""
    error: str | None
    """Why the document could not be processed (it is then left out of the site)."""
    pages: DocumentPages | None
    cache_key: str
    processed: bool
    """True when it was cleaned and annotated in this build (not taken from the cache)."""
    rendered: bool


def document_key(source: SourceDocument, fixes, tools: BuildTools) -> str:
    """A digest of everything the cleaned, structured and annotated document depends on.

    The reprs of the source (path, slug, text, metadata, format) and of the
    parsed fixes are complete: every field is in them.
    """
    return digest(tools.keys.code, repr(source), repr(fixes), tools.keys.lexicon, tools.glossary_forms_key)


def render_key(key: str, entry: SiteEntry, job: DocumentJob) -> str:
    """A digest of everything the document's pages depend on."""
    term_keys = job.context.term_keys
    return digest(key, job.context.settings_key, *(term_keys.get(slug, "") for slug in entry.terms_used))


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """A document, its key and what this build must do with it (decided once, in the parent)."""

    source: SourceDocument
    fixes: object
    """Its parsed fixes file (jiedu.clean.fixes.Fixes)."""
    fix_problems: tuple[Problem, ...]
    key: str
    work: str
    """"process" (not in the cache), "render" (pages out of date) or "keep" (pages reusable)."""


def plan_document(source: SourceDocument, job: DocumentJob) -> PlannedDocument:
    fixes, fix_problems = load_document_fixes(job.content_dir, source)
    key = document_key(source, fixes, job.tools)
    entry = job.cache.load_entry(key)
    previous = job.previous_pages.get(source.slug)
    if entry is None:
        work = "process"
    elif previous is not None and previous.render_key == render_key(key, entry, job):
        work = "keep"
    else:
        work = "render"
    return PlannedDocument(source, fixes, tuple(fix_problems), key, work)


def keep_document(planned: PlannedDocument, job: DocumentJob, site: write.StagedSite) -> DocumentResult | None:
    """Carry a document's up-to-date pages over from the previous site; None when some are missing.

    Its pages are its own folder (SLUG/) and its page of the report.
    """
    previous = job.previous_pages[planned.source.slug]
    if not site.carry(previous.paths, folder=planned.source.slug):
        return None
    return DocumentResult(job.cache.load_entry(planned.key), planned.fix_problems, None, previous, planned.key, processed=False, rendered=False)


def build_document(planned: PlannedDocument, job: DocumentJob) -> DocumentResult:
    """Make one document's pages in the staging folder (cleaning and annotating it unless cached).

    An error while cleaning, structuring or annotating the document is its
    own: it is reported and the document left out. An error while rendering
    is the templates' and stops the build (raised), as it would stop every page.
    """
    source, key = planned.source, planned.key
    cached = job.cache.load_document(key)
    processed = cached is None
    if cached is None:
        try:
            cached = _process(source, planned.fixes, job.tools)
        except Exception as error:  # one bad document must not stop the site
            message = f"could not be processed ({type(error).__name__}: {error}; at {innermost_frame(error)}); skipped"
            return DocumentResult(None, planned.fix_problems, message, None, key, False, False)
        job.cache.store_document(key, *cached)
    entry, annotated = cached
    rendered = render_document(document_entry(annotated), entry, job.context)
    write.write_files(((page.path, page.content) for page in rendered), job.staging)
    pages = DocumentPages(render_key(key, entry, job), tuple(page.path for page in rendered))
    return DocumentResult(entry, planned.fix_problems, None, pages, key, processed, rendered=True)


def _process(source: SourceDocument, fixes, tools: BuildTools) -> tuple[SiteEntry, object]:
    """clean -> structure -> annotate: the document's SiteEntry and its annotations."""
    from .clean import clean_document

    cleaned = clean_document(source, tools.cleaning_passes, fixes)
    document = structure.structure_document(source, cleaned, fixes)
    annotated = annotate.annotate_document_in_script(document, tools.annotation, tools.annotation_cache)
    sightings = annotate.find_missing_term_sightings(annotated, tools.annotation)
    return site_entry(document_entry(annotated), sightings), annotated


# --- running every document ---------------------------------------------------

_JOB: DocumentJob | None = None
"""The job a forked worker inherited (set just before the pool forks)."""


def build_documents(sources: list[SourceDocument], job: DocumentJob, site: write.StagedSite, workers: int | None = None) -> list[DocumentResult]:
    """The result of every source, in order: kept, or built in forked workers when that pays.

    Documents whose pages are up to date are carried over here, in the parent
    (the site notes what to move). Documents that need cleaning and annotation
    are what is slow. When enough of them need it, the slow resources are built
    once here and the workers, forked afterwards, share them (copy-on-write)
    instead of each loading them. Without workers, each resource is built when
    a document first needs it.
    """
    global _JOB
    planned = [plan_document(source, job) for source in sources]
    results: dict[int, DocumentResult] = {}
    for number, plan in enumerate(planned):
        if plan.work == "keep":
            kept = keep_document(plan, job, site)
            if kept is None:
                planned[number] = replace(plan, work="render")
            else:
                results[number] = kept
    to_build = [(number, plan) for number, plan in enumerate(planned) if number not in results]
    needs = [plan.work for _, plan in to_build]
    work = needs.count("process") + RENDER_WORK * needs.count("render")
    workers = min(workers or available_cores(), int(work // WORK_PER_WORKER))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results.update((number, build_document(plan, job)) for number, plan in to_build)
        return [results[number] for number in range(len(planned))]
    if "process" in needs:
        job.tools.prepare_for_processing([plan.source.text for _, plan in to_build if plan.work == "process"], cores=workers)
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=DOCUMENTS_PER_WORKER_LIFE) as pool:
            built = pool.imap(_build_in_worker, [plan for _, plan in to_build])
            results.update(zip((number for number, _ in to_build), built))
    finally:
        _JOB = None
    return [results[number] for number in range(len(planned))]


def _build_in_worker(planned: PlannedDocument) -> DocumentResult:
    try:
        return build_document(planned, _JOB)
    except Exception as error:  # sent back to the parent, which stops the build
        raise WorkerError.from_error(error) from None


class WorkerError(Exception):
    """An error that stopped a worker, in a form that survives the trip to the parent process.

    Some exceptions (Jinja's TemplateSyntaxError) cannot be pickled; this one
    keeps what the build's one-line message needs: file, line and text.
    """

    def __init__(self, kind: str, message: str, filename: str | None, lineno: int | None, where: str):
        super().__init__(kind, message, filename, lineno, where)
        self.kind, self.message, self.filename, self.lineno, self.where = kind, message, filename, lineno, where

    @classmethod
    def from_error(cls, error: Exception) -> WorkerError:
        filename = getattr(error, "filename", None) or getattr(error, "name", None)
        return cls(type(error).__name__, str(getattr(error, "message", None) or error), filename, getattr(error, "lineno", None), innermost_frame(error))

    def __str__(self) -> str:
        return self.message


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
