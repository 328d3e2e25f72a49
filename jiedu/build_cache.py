"""The build cache: finished documents and the last build's state, on disk.

Layout, below the cache folder (`--cache`, default `.cache/` beside the site):

    jiedu-build/documents/KEY.pickle   a document's SiteEntry, its AnnotatedDocument, its SearchPostings
    jiedu-build/readings/KEY.pickle    what one content file gave its reader (jiedu.ingest), by its bytes
    jiedu-build/sites/OUT.pickle       the last build of one output folder (`SiteState`)
    jiedu-build/resources/NAME-KEY.pickle  slow-to-build resources (the parsed glossary)
    jiedu-build/templates/             compiled Jinja templates (jinja2.FileSystemBytecodeCache),
                                       and checked.json, their digests (jiedu.template_cache)
    jiedu-build/tables/NAME.marshal    tables derived from the libraries' data (jiedu.table_cache)

KEY is a digest of everything the cleaned, structured and annotated document
depends on (jiedu.documents.document_key), so an entry is never stale: a
change makes a new key, and entries no site uses any more are removed after a
build. The SiteEntry comes first in the file so that a rebuild that keeps a
document's pages reads only that small value; the search index's postings,
the biggest value and read only when merging, are read without the others.
A file that cannot be read (from another version, cut short, damaged: every
value carries its SHA-256) is a miss, never an error.

In `serve` (`keep_for_session`) the site states and resources this process
wrote or read are kept in memory, and written behind the build by one
background thread: the page an edit changed is served while the cache is
written, and the next build (or the end of the process) waits for the writes.

Nothing read from the cache can run code: its files name only jiedu's own
value types (`jiedu.cache_files`), and a build refuses a cache folder another
user could write to (`jiedu.cache_safety`), since Jinja's compiled templates
in it are code (checked before each build: `jiedu.template_cache`).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .atomic_file import replace_file
from .cache_files import read_values, write_values
from .cache_safety import check_cache_folder
from .fingerprint import digest
from .template_cache import checked_compiled_templates, record_compiled_templates
from .write import site_build_digest, site_listing_digest

FOLDER = "jiedu-build"
FORMAT = 3
"""Bumped when the layout changes; old entries are then misses."""


@dataclass(frozen=True, slots=True)
class DocumentPages:
    """The pages one document put into the site, and what they were rendered from."""

    render_key: str
    paths: tuple[str, ...]
    document_key: str = ""
    """The build cache key of the document they were rendered from."""
    annotation_key: str = ""
    """`BuildTools.annotation_key` of that build: the next may reuse the document's annotations when it is the same."""


@dataclass(frozen=True, slots=True)
class SiteState:
    """What the last successful build of an output folder left, to decide what the next must redo."""

    inputs: str
    """Digest of every input of the build: with the same digest, nothing needs doing."""
    site_listing: str
    """Digest of the names, sizes and times of the site's files (`jiedu.write.site_listing_digest`):
    what the build left is remembered only while the folder on disk is still the one it built."""
    documents: dict = field(default_factory=dict)
    """Document slug -> DocumentPages."""
    document_keys: tuple[str, ...] = ()
    """The cache keys this site uses (the others can be removed)."""
    reading_keys: tuple[str, ...] = ()
    """The keys of its content files' readings (the others can be removed)."""
    report: object = None
    """The BuildReport, printed again by a build that has nothing to do."""
    site_pages: dict = field(default_factory=dict)
    """Path of a site-wide page that can be kept -> the key it was rendered from."""


class BuildCache:
    """Reads and writes the cache folder; every failure to read is a miss."""

    def __init__(self, cache_dir: Path, code_version: str):
        self.header = f"{FORMAT} {code_version}"
        """Written first in every file: a file from another version of jiedu is a miss."""
        self.folder = cache_dir / FOLDER
        self.documents = self.folder / "documents"
        self.readings = self.folder / "readings"
        self.sites = self.folder / "sites"
        self.compiled_templates = self.folder / "templates"
        """Jinja's compiled templates (its own format, checked against each template's source)."""
        self._entries: dict = {}
        """Entries already read in this process (forked workers inherit the parent's)."""
        self._readings: dict = {}
        """Readings already read or made in this process (`serve` keeps them between builds)."""
        self._readings_used: set[str] = set()
        """The reading keys asked for since the last `remember_build`."""
        self._kept: dict[Path, object] | None = None
        """`keep_for_session`: resource and site-state path -> the value last stored there or read from there."""
        self._writer: ThreadPoolExecutor | None = None
        self._unwritten: list[Callable[[], object]] = []
        """Writes a session's build left for its end (`remember_build` hands them to the writer thread)."""
        self._writes: list[Future] = []

    @classmethod
    def open(cls, cache_dir: Path, code_version: str) -> BuildCache:
        """The cache in `cache_dir`, made if missing; UnsafeCacheError if another user could write to it."""
        cache = cls(cache_dir, code_version)
        check_cache_folder(cache.folder)
        return cache

    def keep_for_session(self) -> None:
        """Keep resources and site states in memory once read or stored, and store them behind the build (`serve`)."""
        if self._writer is None:
            self._kept = {}
            # Not a daemon: the interpreter waits for the writes before it exits, even after Ctrl-C.
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiedu-cache-writer")

    def wait_for_writes(self) -> None:
        """Return once the writes left by earlier builds are done (a write that failed raises here)."""
        unwritten, self._unwritten = self._unwritten, []
        for write in unwritten:  # a build that failed before its end
            write()
        writes, self._writes = self._writes, []
        for write in writes:
            write.result()

    def after_writes(self, task: Callable[[], object]) -> None:
        """In a session, run `task` on the writer thread once the build's writes are done (the next build waits
        for it, as for them); else nothing: a one-off build's process ends."""
        if self._writer is not None:
            self._writes.append(self._writer.submit(task))

    def _write_behind(self, write: Callable[[], object]) -> None:
        """Run `write` now; in a session, keep it for the end of the build (`_start_writes`):
        a writer thread at work during the build would slow it down (it holds the interpreter while it pickles)."""
        if self._writer is None:
            write()
        else:
            self._unwritten.append(write)

    def _start_writes(self) -> None:
        """Hand the build's writes to the writer thread, in the order they were asked for."""
        if self._writer is not None and self._unwritten:
            unwritten, self._unwritten = self._unwritten, []
            self._writes.append(self._writer.submit(lambda: [write() for write in unwritten]))

    def checked_compiled_templates(self) -> Path | None:
        """The folder for Jinja's compiled templates, any damaged file removed (None: compile in memory)."""
        return checked_compiled_templates(self.compiled_templates)

    # --- documents ----------------------------------------------------------

    def load_entry(self, key: str):
        """The SiteEntry stored under `key`, or None."""
        if key not in self._entries:
            found = self._load(self.documents / f"{key}.pickle", count=1)
            if found is None:
                return None  # not remembered: a worker may store it later
            self._entries[key] = found
        return self._entries[key]

    def load_document(self, key: str):
        """(SiteEntry, AnnotatedDocument) stored under `key`, or None."""
        return self._load(self.documents / f"{key}.pickle", count=2)

    def load_postings(self, key: str):
        """The search index's SearchPostings stored under `key` (not kept in memory: read to merge, then dropped), or None."""
        return self._load(self.documents / f"{key}.pickle", count=1, skip=2)

    def store_document(self, key: str, entry, annotated, postings) -> bool:
        """False when the disk refused it."""
        # Not kept in `_entries`: a worker process stores hundreds and never reads them back.
        return self._store(self.documents / f"{key}.pickle", (entry, annotated, postings))

    def forget_document(self, key: str) -> None:
        """Remove a document's stored values (one found damaged): the next build makes them again."""
        self._entries.pop(key, None)
        (self.documents / f"{key}.pickle").unlink(missing_ok=True)

    # --- what content files gave their readers (jiedu.ingest.ReadingMemory) ---

    def load_reading(self, key: str) -> tuple | None:
        """(documents, problems) a content file gave, the documents without their text
        (SourceDocument.without_text: what planning needs), or None."""
        self._readings_used.add(key)
        if key not in self._readings:
            found = self._load(self.readings / f"{key}.pickle", count=1)
            if found is None:
                return None
            self._readings[key] = found
        return self._readings[key]

    def load_full_reading(self, key: str) -> tuple | None:
        """The reading stored under `key` with its documents' text, or None (not kept in memory)."""
        return self._load(self.readings / f"{key}.pickle", count=1, skip=1)

    def store_reading(self, key: str, reading: tuple) -> tuple | None:
        """Store (documents, problems): first without the documents' text, which most builds
        read alone, then whole. Returns the reading without the text, as `load_reading` would,
        or None when it could not be stored (`load_full_reading` will not find it)."""
        documents, problems = reading
        light = (tuple(document.without_text() for document in documents), problems)
        self._readings_used.add(key)
        self._readings[key] = light
        return light if self._store(self.readings / f"{key}.pickle", (light, reading)) else None

    # --- resources that are slow to build (the parsed glossary) -------------

    def load_resource(self, name: str, key: str):
        return self._load_kept(self.folder / "resources" / f"{name}-{key}.pickle")

    def store_resource(self, name: str, key: str, value) -> None:
        """Store `value` as the one cached `name` (older versions of it are removed)."""
        folder = self.folder / "resources"
        path = folder / f"{name}-{key}.pickle"
        if self._kept is not None:
            for old in [kept for kept in self._kept if kept.parent == folder and kept.name.startswith(f"{name}-")]:
                del self._kept[old]
            self._kept[path] = value

        def write() -> None:
            for old in folder.glob(f"{name}-*.pickle"):
                old.unlink(missing_ok=True)
            self._store(path, (value,))

        self._write_behind(write)

    # --- the last build of each output folder -------------------------------

    def previous_build(self, out_dir: Path) -> SiteState | None:
        """The state of the last build of `out_dir`, if the folder on disk is still the one it built:
        its marker names that build and its files are the ones it left (else everything is rendered again)."""
        found = self._load_kept(self._site_path(out_dir))
        if not isinstance(found, SiteState) or site_build_digest(out_dir) != found.inputs:
            return None
        return found if found.site_listing == site_listing_digest(out_dir) else None

    def remember_build(self, out_dir: Path, inputs: str, sources: list, results: list, report, site_pages: dict) -> None:
        """Keep what the next build of `out_dir` needs, and drop documents no site uses any more."""
        pages = {source.slug: result.pages for source, result in zip(sources, results) if result.pages}
        keys = tuple(result.cache_key for result in results)
        readings, self._readings_used = tuple(sorted(self._readings_used)), set()
        path = self._site_path(out_dir)
        if self._kept is not None:  # `serve`: the state is made behind the build, and the next one waits for it
            self._kept.pop(path, None)

        def write() -> None:
            # Listing the site (a stat of each of its files: 40 ms for 1,000 documents) is part of
            # the state, so in `serve` it too happens after the page is served.
            listing = site_listing_digest(out_dir)
            state = SiteState(inputs, listing, pages, keys, report=report, site_pages=site_pages, reading_keys=readings) if listing is not None else None
            if self._kept is not None:
                self._kept[path] = state
            stored = {path: state} if state is not None and self._store(path, (state,)) else {}
            record_compiled_templates(self.compiled_templates)
            self.remove_unused_documents(stored)

        self._write_behind(write)
        self._start_writes()

    def remove_unused_documents(self, known: dict | None = None) -> int:
        """Delete document entries and readings that no site's last build uses; returns how many.
        `known`: site state files already in memory (path -> SiteState), not read again."""
        documents: set[str] = set()
        readings: set[str] = set()
        for path in self.sites.glob("*.pickle"):
            state = (known or {}).get(path) or self._load(path, count=1)
            if isinstance(state, SiteState):
                documents.update(state.document_keys)
                readings.update(state.reading_keys)
        self._readings = {key: value for key, value in self._readings.items() if key in readings}
        return _remove_files_but(self.documents, documents) + _remove_files_but(self.readings, readings)

    def _site_path(self, out_dir: Path) -> Path:
        return self.sites / f"{digest(str(out_dir.resolve()))}.pickle"

    # --- files --------------------------------------------------------------

    def _load_kept(self, path: Path):
        """The one value of a resource or site-state file: the one kept in memory in a session, else read (and then kept)."""
        if self._kept is not None and path in self._kept:
            return self._kept[path]
        found = self._load(path, count=1)
        if self._kept is not None and found is not None:
            self._kept[path] = found
        return found

    def _load(self, path: Path, count: int, skip: int = 0):
        """The first value (count=1) or the first `count` values of a cache file (after its first `skip`),
        or None (unreadable, damaged, cut short, or from another version: a miss)."""
        values = read_values(path, self.header, count, skip)
        return values[0] if values is not None and count == 1 else values

    def _store(self, path: Path, values: tuple) -> bool:
        """Write atomically (a reader never sees half a file); a full disk only costs the cache (False)."""
        return replace_file(path, lambda file: write_values(file, self.header, values))


def _remove_files_but(folder: Path, keys: set[str]) -> int:
    """Delete the cache files of `folder` whose key is not in `keys`; returns how many."""
    removed = 0
    for path in folder.glob("*.pickle"):
        if path.stem not in keys:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
