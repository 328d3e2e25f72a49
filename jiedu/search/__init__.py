"""Full-text search of the whole site, in either script and in pinyin, with no server.

Per document (`records`, `texts`): its text files `SLUG/search-K.js` and its
part of the index, made with its pages and cached with it. Per site (`merge`; a big
site in `partitions`; after an edit, `splice`): the parts
merged into `search/meta.js` and hashed index files (`keys`), which
`assets/search.js` loads with <script> tags (so a site opened from disk works)
only for the keys of a query, then checks the candidates against the texts.
`query` answers queries the same way in Python (tests, `scripts/eval_search.py`).

The render stage imports this package and this package reads the render
stage's page plan: the functions below import their modules when called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass


def prepare_search_tables() -> None:
    """Make the tables every document's search part reads (pypinyin's readings of characters, which characters
    keys hold, the spelled numbers), so that worker processes forked after this share them: a worker is
    replaced every hundred documents (jiedu.executors.local), and made them again, 0.1 s each time."""
    from ..pypinyin_data import character_readings
    from .keys import small_numbers
    from .postings import indexed_code_points

    character_readings(), indexed_code_points(), small_numbers()


def document_search(entry):
    """A document's records (records.SearchText), from which both its part of the index and its text files are made;
    `entry`: a jiedu.render.pages.DocumentEntry."""
    from .records import document_records

    return document_records(entry)


def search_part_of(search_text, fold: dict | None = None):
    """(records.SearchSummary, records.SearchPostings) of a document's records (`document_search`);
    `fold`: the site's Simplified character table as a str.translate mapping (`keys.fold_text`)."""
    from .records import search_part

    return search_part(search_text, fold)


def search_text_pages(search_text, tables: dict) -> list[tuple[str, str]]:
    """(path, text) of the text files of a document's records (`document_search`) for the search page; `tables`: the
    site's script tables (Script -> {character: counterpart}, as `assets/scripts.js` holds them)."""
    from .texts import search_text_scripts

    return [(f"{search_text.slug}/search-{number}.js", script) for number, script in enumerate(search_text_scripts(search_text, tables))]


@dataclass(frozen=True, slots=True)
class SiteSearch:
    """The site-wide index of one build: its merged lists and the searchable documents' entries."""

    merged: object
    """merge.MergedIndex."""
    searchable: list
    """The SiteEntry values of the documents in it, in site order."""

    @property
    def file_keys(self) -> dict[str, str]:
        """Index file path -> a digest of its content: the files whose digest is unchanged can be carried over."""
        from .merge import file_keys

        return file_keys(self.merged)

    def files(self, kept: Callable[[str], bool] = lambda path: False) -> Iterator[tuple[str, str]]:
        """(path, text) of `search/meta.js`, `search/readings.js` and the index files, but those for which `kept(path)`,
        made one at a time as they are taken."""
        from .merge import merged_files

        return merged_files(self.merged, self.searchable, kept)

    def discard(self) -> None:
        """Remove what a partitioned merge keeps on disk until the files are written (nothing otherwise)."""
        from .partitions import discard_parts

        discard_parts(self.merged.folder)


def site_search(entries: list, memory) -> tuple[SiteSearch, list]:
    """The site-wide index, and the problems met making it.

    `entries`: the SiteEntry values in site order; `memory` (splice.IndexMemory):
    their cache keys, where their postings are read, and the last build's lists,
    reused where only some documents changed (`keep_index` keeps these for the next).
    Postings that cannot be read (a damaged cache file) are made again from the
    document's cached annotations; where those cannot be read either, the
    document is left out of the search and reported.
    """
    from .partitions import partition_count, parts_folder
    from .splice import updated_index

    searchable = [(entry, key) for entry, key in zip(entries, memory.document_keys, strict=True) if getattr(entry, "search", None) is not None]
    keys = tuple(key for _, key in searchable)
    partitions = partition_count(sum(entry.search.shares for entry, _ in searchable))
    folder = parts_folder(memory.cache.folder) if partitions > 1 else None
    previous = memory.previous() if partitions == 1 else None  # a partitioned merge splices nothing: the last index is not read
    index = updated_index(previous, keys, memory.postings, partitions, folder)
    lost = [(entry, key) for entry, key in searchable if key in memory.unreadable]
    problems = memory.forget_lost(lost) if lost else []
    return SiteSearch(index, [entry for entry, _ in searchable]), problems


def keep_index(memory, search: SiteSearch, problems: list) -> None:
    """Keep the lists for the next build to splice into, unless documents were left out of them (`problems`).
    An index merged in partitions is not kept: a site that big merges in full."""
    if search.merged.folder:
        memory.forget()
    elif not problems:
        memory.remember(search.merged)


SEPARATE_FROM = 20
"""A site of this many documents or more makes its index in a forked process (`start_site_search`):
a full merge takes about 0.01 s a document, a fork some tens of milliseconds."""


@dataclass(frozen=True, slots=True)
class SearchUnderWay:
    """The site-wide index being made (`start_site_search`)."""

    finish: Callable[[], tuple[dict, list]]
    """The index files' keys and the problems met, once the files are in the staged site."""
    settle: Callable[[], object] = lambda: None
    """Returns once the index is kept for the next build too (a forked process writes it after `finish`)."""


def start_site_search(entries: list, memory, site, previous_keys: dict, separately: bool) -> SearchUnderWay:
    """Make the site-wide index (`site_search`), write its files into the staged `site` (those
    whose key is the one in `previous_keys` carried over from the previous site instead) and
    keep it for the next build. With `separately` (and `fork`), and enough documents, the work
    is done in a forked process while this one goes on with the other site-wide stages until
    `finish()`; the process then writes the index into the cache while this one finishes the
    site, until `settle()`.
    """
    from ..executors.local import can_fork, start_forked
    from ..write import reuse_unchanged, write_files

    made: tuple = ()
    """(SiteSearch, problems), once `make` has run (in the forked process, when there is one)."""

    def make() -> tuple[dict, list, list[str]]:
        nonlocal made
        search, problems = made = site_search(entries, memory)
        unchanged = reuse_unchanged(site, previous_keys, search.file_keys)
        carried: list[str] = []

        def kept(path: str) -> bool:
            if unchanged(path):
                carried.append(path)
                return True
            return False

        try:
            write_files(search.files(kept), site.folder)
        finally:
            search.discard()
        return search.file_keys, problems, carried

    def keep() -> None:
        keep_index(memory, *made)

    if not (separately and len(entries) >= SEPARATE_FROM and can_fork()):
        file_keys, problems, _ = make()
        keep()
        return SearchUnderWay(lambda: (file_keys, problems))
    wait = start_forked(make, then=keep)  # the child answers, then writes the index into the cache

    def finish() -> tuple[dict, list]:
        file_keys, problems, carried = wait()
        if not site.carry(carried):  # the child carried them on its copy of `site`; the previous site has not changed since
            raise RuntimeError("index files of the previous site went missing during the build")
        return file_keys, problems

    return SearchUnderWay(finish, wait.done)


def index_memory(cache, session: dict | None, results: list, fold: dict | None):
    """Where the site-wide index is kept between builds, and its documents' postings read (splice.IndexMemory);
    `results`: the documents' jiedu.documents.DocumentResult values, in site order; `fold`: the site's search fold."""
    from .splice import IndexMemory

    made = [result for result in results if result.entry]
    return IndexMemory(cache, session, [result.cache_key for result in made],
                       {result.cache_key: result.search_postings for result in made if result.search_postings is not None}, fold)
