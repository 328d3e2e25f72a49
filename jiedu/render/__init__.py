"""Render: finished documents, glossary and report -> the site's files.

`render_site` gathers everything first and returns (path, content) pairs;
the write stage puts them on disk in one atomic step.
"""

from __future__ import annotations

from pathlib import Path

from ..annotate import AnnotatedDocument, shown_texts
from ..charclass import count_han
from ..config import SiteConfig
from .glossary_pages import render_glossary_pages, render_tooltips
from .occurrences import find_occurrences
from .pages import DocumentEntry, Page, RenderContext, render_document_pages, render_home, render_not_found, render_sitemap
from .plan import count_sections, plan_document
from .report_page import render_report_pages

ASSETS_FOLDER = "assets"


def render_site(documents: list[AnnotatedDocument], config: SiteConfig, tools, problems: list, missing_terms: list) -> list[tuple[str, str | bytes]]:
    """Every file of the site, as (relative path, content) pairs."""
    glossary = tools.annotation.glossary
    tooltips = render_tooltips(glossary, tools.environment, root="../../")
    context = RenderContext(tools.environment, config, glossary, tooltips)
    entries = [document_entry(document) for document in documents]
    pages = [render_home(entries, context)]
    for entry in entries:
        pages += render_document_pages(entry, context)
    pages += render_glossary_pages(glossary, find_occurrences(entries), context)
    pages += render_report_pages(problems, missing_terms, entries, context)
    pages.append(render_not_found(context))
    sitemap = render_sitemap([page.path for page in pages], config)
    files = [(page.path, page.content) for page in pages + ([sitemap] if sitemap else [])]
    return files + [(".nojekyll", "")] + list(asset_files(tools.templates_dir))


def document_entry(annotated: AnnotatedDocument) -> DocumentEntry:
    document = annotated.document
    plan = plan_document(document.source.slug, document)
    han = sum(count_han(text) for text in shown_texts(document))
    return DocumentEntry(document.source.slug, annotated, plan, document.source.metadata, han, count_sections(document))


def asset_files(templates_dir: Path):
    """CSS, JavaScript and images from templates/assets/, copied as they are."""
    folder = templates_dir / ASSETS_FOLDER
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield f"{ASSETS_FOLDER}/{path.relative_to(folder).as_posix()}", path.read_bytes()
