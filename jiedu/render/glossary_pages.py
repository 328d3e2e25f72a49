"""Glossary pages: the index (by pinyin), one page per term, and tooltips."""

from __future__ import annotations

import dataclasses

from markdown_it import MarkdownIt

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
    """slug -> tooltip body HTML, rendered once for all document pages."""
    template = environment.get_template("_tooltip.html")
    return {entry.slug: trusted_markup(template.render(term=entry, root=root)) for entry in glossary}


def render_glossary_pages(glossary, occurrences: dict, context: RenderContext) -> list[Page]:
    common = context.common(GLOSSARY_ROOT, "en", "")
    counts = {slug: len(found) for slug, found in occurrences.items()}
    pages = [Page("glossary/index.html", context.render("glossary_index.html", glossary=glossary, counts=counts, **{**common, "page_title": common["labels"]["glossary"]}))]
    for term in glossary:
        found = occurrences.get(term.slug, [])
        values = {**common, "page_title": term.term, "term": term, "occurrences": found[:OCCURRENCES_SHOWN], "sentence_html": occurrence_html}
        values["occurrence_count"] = len(found)
        values["document_count"] = len({occurrence.document_slug for occurrence in found})
        values["body"] = trusted_markup(markdown_to_html(term.body_markdown))
        values["related"] = [glossary.get(slug) for slug in term.related if glossary.get(slug)]
        pages.append(Page(f"glossary/{term.slug}.html", context.render("term.html", **values)))
    return pages


def occurrence_html(occurrence) -> object:
    """The sentence around an occurrence, terms linked, without ruby.

    A term page is a concordance that may hold hundreds of sentences: plain
    text keeps it small and scannable; the link leads to the annotated page.
    """
    sentence = dataclasses.replace(occurrence.sentence, readings=(None,) * len(occurrence.sentence.readings))
    html = annotated_to_html(sentence, occurrence.script, lambda slug: f"{slug}.html", with_tooltips=False)
    return trusted_markup(html)
