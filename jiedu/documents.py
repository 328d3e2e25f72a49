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
when there is enough work to share, or on a Dask cluster (jiedu.executors).
Steps 2 and 4 are split in two: `make_document` makes the document's values
and pages without writing anything, `finish_document` stores and writes
them, so the making can happen on another machine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import annotate, ingest, structure, write
from .build_cache import BuildCache, DocumentPages
from .fingerprint import digest
from .model import Problem, SourceDocument
from .render import RenderContext, SiteEntry, document_entry, render_document, site_entry
from .report import innermost_frame
from .resources import BuildTools, load_document_fixes


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """What every document of one build shares (inherited by forked workers; rebuilt from its folders on a Dask worker)."""

    content_dir: Path
    tools: BuildTools
    context: RenderContext
    cache: BuildCache
    staging: Path
    """The folder the new site is written into."""
    previous_pages: dict
    """Slug -> DocumentPages of the previous build (empty when its files can't be reused)."""
    templates_dir: Path | None = None
    """The templates folder `context` was made from (a Dask worker makes its own context from it)."""


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
    search_postings: object = None
    """Its jiedu.search.records.SearchPostings when it was made now and could not be stored in the
    build cache (a full disk), where the search index otherwise reads them (`BuildCache.load_postings`)."""


def document_key(source: SourceDocument, fixes, tools: BuildTools) -> str:
    """A digest of everything the cleaned, structured and annotated document depends on.

    The source's origin (what it was read from) and slug, or else its repr
    (path, slug, text, metadata, format), and the parsed fixes' repr are
    complete: every field is in them. The origin spares a rebuild the repr
    of every document's text (half a second for 1,000 documents).
    """
    source_key = f"{source.origin} {source.slug}" if source.origin else repr(source)
    return digest(tools.annotation_key, source_key, repr(fixes))


def render_key(key: str, entry: SiteEntry, context: RenderContext) -> str:
    """A digest of everything the document's pages depend on."""
    return digest(key, context.settings_key, *(context.term_keys.get(slug, "") for slug in entry.terms_used))


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
    elif previous is not None and previous.render_key == render_key(key, entry, job.context):
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


@dataclass(frozen=True, slots=True)
class MadeDocument:
    """A document's result and what is left to do with it: store its values, write its pages."""

    result: DocumentResult
    to_store: tuple | None
    """(SiteEntry, AnnotatedDocument, SearchPostings) for the build cache when they were made now, else None."""
    files: tuple[tuple[str, str], ...]
    """Its pages: (path in the site, text)."""


def build_document(planned: PlannedDocument, job: DocumentJob) -> DocumentResult:
    """Make one document's pages in the staging folder (cleaning and annotating it unless cached).

    An error while cleaning, structuring or annotating the document is its
    own: it is reported and the document left out. An error while rendering
    is the templates' and stops the build (raised), as it would stop every page.
    """
    cached, earlier = job.cache.load_document(planned.key), None
    if cached is None:
        planned = with_complete_source(planned, job)
        earlier = earlier_annotations(planned, job)
    return finish_document(make_document(planned, job.tools, job.context, cached, earlier), job)


def earlier_annotations(planned: PlannedDocument, job: DocumentJob) -> dict | None:
    """The annotated strings of the document as the last build made it, when that build annotated with
    the same resources: an edited document is annotated again only where its text changed.

    Annotating a string depends on the string, its script and those resources only
    (jiedu.annotate), so a string met again is annotated as before. A one-off build
    keeps no annotations between documents (`BuildTools.annotation_cache`); `serve` keeps them all.
    """
    previous = job.previous_pages.get(planned.source.slug)
    if job.tools.annotation_cache is not None or previous is None or previous.annotation_key != job.tools.annotation_key:
        return None
    found = job.cache.load_document(previous.document_key) if previous.document_key != planned.key else None
    if found is None:
        return None
    annotated = found[1]
    return {(text, annotated.original_script): value for text, value in annotated.texts.items()}


def with_complete_source(planned: PlannedDocument, job: DocumentJob) -> PlannedDocument:
    """`planned` with its source's text, which planning does without (SourceDocument.complete):
    it is to be processed, nothing usable being cached."""
    source = ingest.complete_source(planned.source, job.cache, job.content_dir, job.context.config.readers)
    return planned if source is planned.source else replace(planned, source=source)


def make_document(planned: PlannedDocument, tools: BuildTools, context: RenderContext, cached: tuple | None, earlier: dict | None = None) -> MadeDocument:
    """The document's result and pages, from `cached` (entry, annotated) or made now; writes nothing.
    `earlier`: annotated strings to reuse (`earlier_annotations`)."""
    source, key = planned.source, planned.key
    to_store = None
    if cached is None and not source.complete:
        message = "its text could not be read back from the build cache (a damaged file?) nor from the file; it is left out"
        return MadeDocument(DocumentResult(None, planned.fix_problems, message, None, key, False, False), None, ())
    if cached is None:
        try:
            to_store, (document, search) = _process(source, planned.fixes, tools, earlier)
        except Exception as error:  # one bad document must not stop the site
            message = f"could not be processed ({type(error).__name__}: {error}; at {innermost_frame(error)}); skipped"
            return MadeDocument(DocumentResult(None, planned.fix_problems, message, None, key, False, False), None, ())
        entry = to_store[0]
    else:
        entry, document, search = cached[0], document_entry(cached[1]), None
    rendered = render_document(document, entry, context, search)
    pages = DocumentPages(render_key(key, entry, context), tuple(page.path for page in rendered), key, tools.annotation_key)
    result = DocumentResult(entry, planned.fix_problems, None, pages, key, processed=to_store is not None, rendered=True)
    return MadeDocument(result, to_store, tuple((page.path, page.content) for page in rendered))


def finish_document(made: MadeDocument, job: DocumentJob) -> DocumentResult:
    """Store what was made in the build cache and write the pages into the staging folder."""
    result = made.result
    if made.to_store is not None and not job.cache.store_document(result.cache_key, *made.to_store):
        result = replace(result, search_postings=made.to_store[2])  # the search index finds them nowhere else
    write.write_files(made.files, job.staging)
    return result


def _process(source: SourceDocument, fixes, tools: BuildTools, earlier: dict | None = None) -> tuple[tuple[SiteEntry, object, object], tuple]:
    """clean -> structure -> annotate: the document's SiteEntry, its annotations and its search postings (what
    the build cache keeps), and its DocumentEntry and search records (which its pages are rendered from)."""
    from .clean import clean_document
    from .search import document_search, search_part_of

    cleaned = clean_document(source, tools.cleaning_passes, fixes)
    document = structure.structure_document(source, cleaned, fixes, tools.spell_for_slug)
    memo = tools.annotation_cache if tools.annotation_cache is not None else earlier
    annotated = annotate.annotate_document_in_script(document, tools.annotation, memo)
    candidates = annotate.find_missing_term_candidates(annotated, tools.annotation)
    entry = document_entry(annotated)
    search = document_search(entry)
    summary, postings = search_part_of(search, tools.search_fold)
    return (site_entry(entry, candidates, summary), annotated, postings), (entry, search)


# --- running every document ---------------------------------------------------


def build_documents(sources: list[SourceDocument], job: DocumentJob, site: write.StagedSite, workers: int | None = None,
                    scheduler: str | None = None) -> list[DocumentResult]:
    """The result of every source, in order: kept, or built here, in forked workers or on a Dask cluster.

    Documents whose pages are up to date are carried over here, in the parent
    (the site notes what to move). The others are built by an executor
    (jiedu.executors): with `scheduler`, a Dask cluster's; else local worker
    processes when there is enough work to share, else this process.
    """
    from .executors import choose_executor

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
    executor = choose_executor([plan.work for _, plan in to_build], workers, scheduler)
    results.update(zip((number for number, _ in to_build), executor.build(job, [plan for _, plan in to_build])))
    return [results[number] for number in range(len(planned))]


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
