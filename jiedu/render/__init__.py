"""Render: finished documents, glossary and report -> the site's files.

Two kinds of pages, rendered apart so a rebuild redoes only what changed:

* `render_document`: one document's own pages (one page, or overview,
  sections and print copy; in its own script, the other made in the browser)
  and its page of the cleaning report. They depend on that
  document, the glossary entries it uses, the templates and the settings, and
  on no other document.
* `render_site_pages`: the pages that gather every document (home, glossary,
  report index, 404, sitemap) and the assets. They read only `SiteEntry` values.

Both return `Page`s (path and text); the write stage puts them on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..annotate import AnnotatedDocument, shown_texts
from ..charclass import count_han
from ..config import SiteConfig
from ..fingerprint import ASSETS_FOLDER, digest
from .environment import make_environment
from .glossary_pages import render_glossary_pages, render_tooltips, term_page_keys
from .pages import DocumentEntry, Page, RenderContext, render_document_pages, render_home, render_not_found, render_sitemap
from .other_script import tables_asset
from .hsk_levels import hsk_levels_files
from .plan import plan_document
from .report_page import MISSING_TERMS_SHOWN, render_document_report, render_report_index
from .site_entry import SiteEntry, site_entry
from ..search import document_search, search_text_pages
from ..search.page import render_search_page

__all__ = ["MISSING_TERMS_SHOWN", "Page", "RenderContext", "SiteEntry", "document_entry", "make_render_context", "render_document", "render_site_pages", "site_entry", "site_page_keys"]


def make_render_context(templates_dir: Path, templates_key: str, config: SiteConfig, glossary, tables: dict, compiled_dir: Path | None = None) -> RenderContext:
    """What every page of one build shares: templates, settings, glossary and its tooltips, the script tables.

    `templates_key` is the templates folder's digest (jiedu.fingerprint.InputKeys);
    `compiled_dir` keeps compiled templates between builds (a cache folder);
    `tables` (jiedu.render.other_script.character_tables) are the character tables
    the browser converts pages with.
    """
    environment = make_environment(templates_dir, compiled_dir)
    tooltips = render_tooltips(glossary, environment, root="../")
    settings_key = digest(repr(config), templates_key, tables_asset(tables))
    term_keys = {entry.slug: digest(repr(entry)) for entry in glossary}
    return RenderContext(environment, config, glossary, tooltips, settings_key, term_keys, tables)


def document_entry(annotated: AnnotatedDocument) -> DocumentEntry:
    document = annotated.document
    han = sum(count_han(text) for text in shown_texts(document))
    plan = plan_document(document.source.slug, document, han)
    return DocumentEntry(document.source.slug, annotated, plan, document.source.metadata, han, len(plan.pages))


def render_document(entry: DocumentEntry, site_entry: SiteEntry, context: RenderContext, search=None) -> list[Page]:
    """One document's own pages, its page of the cleaning report and its text files for the search page
    (from `search`, its jiedu.search.document_search when that was made already)."""
    search_files = search_text_pages(search or document_search(entry), context.script_tables)
    return render_document_pages(entry, context) + [render_document_report(site_entry, entry.annotated.document.changes, context)] + [Page(*page) for page in search_files]


def render_site_pages(entries: list[SiteEntry], document_paths: list[str], context: RenderContext, problems: list, missing_terms: list,
                      templates_dir: Path, kept: Callable[[str], bool] = lambda path: False, explained_words=None) -> list[tuple[str, str | bytes]]:
    """The pages that gather every document, the sitemap (listing `document_paths` too) and the assets.

    With `explained_words` (jiedu.dictionary.ExplainedWords), the entries of the
    words the documents show are written for the word popup (assets/dict/).

    Term pages and word files for which `kept(path)` is true are left out (the previous
    build's are kept; see `site_page_keys` and `jiedu.dictionary.shard_page_keys`). The search index's files are jiedu.search.site_search's.
    """
    pages = [render_home(entries, context)]
    pages += render_glossary_pages(context.glossary, entries, context, kept)
    pages.append(render_report_index(problems, missing_terms, entries, context))
    pages.append(render_not_found(context))
    pages += render_search_page(entries, context)
    every_path = {page.path for page in pages} | set(site_page_keys(entries, context)) | set(document_paths)
    sitemap = render_sitemap(sorted(every_path), context.config)
    files = [(page.path, page.content) for page in pages + ([sitemap] if sitemap else [])]
    files.append((f"{ASSETS_FOLDER}/scripts.js", tables_asset(context.script_tables)))
    if explained_words is not None:
        from ..dictionary import shard_pages

        files += [(page.path, page.content) for page in shard_pages(explained_words, kept)]
    files += hsk_levels_files()  # the HSK list, for the reading option "pinyin only above HSK n"
    return files + [(".nojekyll", "")] + list(asset_files(templates_dir))


def site_page_keys(entries: list[SiteEntry], context: RenderContext) -> dict[str, str]:
    """Site-wide pages that can be kept from the previous build -> what they were rendered from."""
    return term_page_keys(entries, context)


def asset_files(templates_dir: Path):
    """CSS, JavaScript and images from templates/assets/, copied as they are."""
    folder = templates_dir / ASSETS_FOLDER
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield f"{ASSETS_FOLDER}/{path.relative_to(folder).as_posix()}", path.read_bytes()
