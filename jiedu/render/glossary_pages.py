"""Glossary pages: the index (by pinyin), one page per term, and tooltips."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt

from ..fingerprint import digest

from ..annotate.scripts import Script
from .environment import trusted_markup
from .pages import Page, RenderContext
from .ruby import annotated_to_html

GLOSSARY_ROOT = "../"
# A term page lists this many occurrences at most (in reading order), and says how many there are.
OCCURRENCES_SHOWN = 300


def markdown_to_html(source: str) -> str:
    """Markdown with raw HTML off: any markup in the source is shown as text.

    >>> markdown_to_html("**四个自信** <script>x</script>")
    '<p><strong>四个自信</strong> &lt;script&gt;x&lt;/script&gt;</p>\\n'
    """
    return MarkdownIt("commonmark", {"html": False}).render(source)


def render_tooltips(glossary, environment, root: str) -> dict:
    """Script -> slug -> tooltip body HTML, rendered once for all document pages.

    A page read in Traditional gets the term and its expansion in Traditional
    first; one read in Simplified, in Simplified.
    """
    template = environment.get_template("_tooltip.html")
    return {script: {entry.slug: trusted_markup(template.render(term=entry, script=script, root=root)) for entry in glossary} for script in Script}


def render_glossary_pages(glossary, occurrences: dict, context: RenderContext, kept: Callable[[str], bool] = lambda path: False) -> list[Page]:
    """The glossary index and the term pages, except those `kept` from the previous build."""
    common = context.common(GLOSSARY_ROOT, "en", "")
    counts = {slug: len(found) for slug, found in occurrences.items()}
    pages = [Page("glossary/index.html", context.render("glossary_index.html", glossary=glossary, counts=counts, **{**common, "page_title": common["labels"]["glossary"]}))]
    for term in glossary:
        if kept(f"glossary/{term.slug}.html"):
            continue
        found = occurrences.get(term.slug, [])
        values = {**common, "page_title": term.term, "term": term, "occurrences": found[:OCCURRENCES_SHOWN], "sentence_html": occurrence_html}
        values["occurrence_count"] = len(found)
        values["document_count"] = len({occurrence.document_slug for occurrence in found})
        values["body"] = trusted_markup(markdown_to_html(term.body_markdown))
        values["related"] = [glossary.get(slug) for slug in term.related if glossary.get(slug)]
        pages.append(Page(f"glossary/{term.slug}.html", context.render("term.html", **values)))
    return pages


def term_page_keys(entries: list, context: RenderContext) -> dict[str, str]:
    """Path of each term page -> a digest of what it shows.

    A term page shows its entry, its related entries and the term's
    occurrences in the documents: the key is made of the whole glossary's and
    the settings' keys and the digests of each document's occurrences of the
    term (in site order). Editing a document re-renders only the term pages
    whose occurrences in it changed, not every page of a term it uses.
    """
    glossary_key = digest(*context.term_keys.values())
    using: dict[str, list[str]] = {slug: [] for slug in context.term_keys}
    for entry in entries:
        for slug, key in entry.occurrence_keys.items():
            using.setdefault(slug, []).append(key)
    return {f"glossary/{slug}.html": digest(context.settings_key, glossary_key, slug, *keys) for slug, keys in using.items()}


def occurrence_html(occurrence) -> object:
    """The sentence around an occurrence, terms linked, without ruby.

    A term page is a concordance that may hold hundreds of sentences: plain
    text keeps it small and scannable; the link leads to the annotated page.
    (The sentences come without readings: see site_entry.without_readings.)
    """
    html = annotated_to_html(occurrence.sentence, occurrence.script, lambda slug: f"{slug}.html", with_tooltips=False)
    return trusted_markup(html)
