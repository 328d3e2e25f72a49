"""Full-text search of the whole site, in either script and in pinyin, with no server.

Per document (`records`, `texts`): its text files `SLUG/search-K.js` and its
part of the index, made with its pages and cached with it. Per site (`merge`): the parts
merged into `search/meta.js` and hashed index files (`keys`), which
`assets/search.js` loads with <script> tags (so a site opened from disk works)
only for the keys of a query, then checks the candidates against the texts.
`query` answers queries the same way in Python (tests, `scripts/eval_search.py`).

The render stage imports this package and this package reads the render
stage's page plan: the functions below import their modules when called.
"""

from __future__ import annotations


def search_part_of(entry, fold: dict | None = None):
    """The index part (records.SearchPart) of a document (a jiedu.render.pages.DocumentEntry);
    `fold`: the site's Simplified character table as a str.translate mapping (`keys.fold_text`)."""
    from .records import document_records, search_part

    return search_part(document_records(entry), fold)


def search_text_pages(entry, tables: dict) -> list[tuple[str, str]]:
    """(path, text) of the document's text files for the search page; `tables`: the site's script tables
    (Script -> {character: counterpart}, as `assets/scripts.js` holds them)."""
    from .records import document_records
    from .texts import search_text_scripts

    return [(f"{entry.slug}/search-{number}.js", script) for number, script in enumerate(search_text_scripts(document_records(entry), tables))]


def index_files(entries: list, memory=None) -> list[tuple[str, str]]:
    """(path, text) of the site-wide index files (merge.index_files). With `memory` (splice.IndexMemory),
    the last build's lists are reused where only some documents changed, and these are kept for the next."""
    from .merge import index_files as merged, merged_files
    from .splice import updated_index

    if memory is None:
        return merged(entries)
    searchable = [(entry, key) for entry, key in zip(entries, memory.document_keys, strict=True) if getattr(entry, "search", None) is not None]
    parts, keys = [entry.search for entry, _ in searchable], tuple(key for _, key in searchable)
    index = updated_index(memory.previous(), parts, keys, memory.old_part)
    memory.remember(index)
    return merged_files(index, [entry for entry, _ in searchable])


def index_memory(cache, session: dict | None, document_keys: list[str]):
    """Where the site-wide index is kept between builds (splice.IndexMemory)."""
    from .splice import IndexMemory

    return IndexMemory(cache, session, document_keys)
