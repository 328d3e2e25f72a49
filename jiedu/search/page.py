"""The search page, `search.html`: a form that works as a link, and the script that answers it."""

from __future__ import annotations


def render_search_page(entries: list, context) -> list:
    """`search.html` at the site root (a jiedu.render.pages.Page), listing the documents for the filter."""
    from ..render.pages import Page

    documents = [(entry.slug, entry.titles[entry.original_script], entry.original_script.lang) for entry in entries if entry.search is not None]
    years = sorted({year for year in (str(entry.metadata.get("date") or "")[:4] for entry in entries) if year.isdigit()})
    values = context.common("", "en" if context.config.language == "en" else "zh-Hans", "Search")
    return [Page("search.html", context.render("search.html", documents=documents, years=years, **values))]
