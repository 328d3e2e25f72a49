"""Glossary pages: the index (by pinyin), one page per term, tooltips, and glossary.json.

A term page shows the entry's facts, each followed by footnote references to
the sources that state it (and a plain warning when only weak sources, or
none, do), the sources grouped by kind, figures computed from the site's own
documents (first appearance, uses per year, top documents, companion terms)
and every occurrence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from markdown_it import MarkdownIt

from ..annotate.scripts import Script
from ..charclass import count_han
from ..fingerprint import digest
from .environment import trusted_markup
from .glossary_json import JSON_PATH, glossary_json
from .occurrences import occurrence_path, occurrences_by_term
from .pages import Page, RenderContext
from .ruby import annotated_to_html
from .svg_chart import bar_chart_svg
from .term_labels import term_labels
from .term_stats import NO_STATS, TermStats, document_date, term_stats

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


def render_glossary_pages(glossary, entries: list, context: RenderContext, kept: Callable[[str], bool] = lambda path: False) -> list[Page]:
    """The glossary index, glossary.json and the term pages, except those `kept` from the previous build.

    `entries` are the site's documents (SiteEntry values, in site order): term
    pages list the occurrences and the corpus figures computed from them.
    """
    common = {**context.common(GLOSSARY_ROOT, "en", ""), "term_labels": term_labels(context.config.language)}
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(entry.occurrence_counts)
    index_values = {**common, "page_title": common["labels"]["glossary"], "glossary": glossary, "counts": counts, "json_path": JSON_PATH.rsplit("/", 1)[1]}
    pages = [Page("glossary/index.html", context.render("glossary_index.html", **index_values)), Page(JSON_PATH, glossary_json(glossary, context.config))]
    terms = [term for term in glossary if not kept(f"glossary/{term.slug}.html")]
    # A term page shows only the documents that use its term: only theirs are unpacked (a SiteEntry keeps
    # its occurrences packed), so an edit that changes a few term pages reads a few documents.
    slugs = {term.slug for term in terms}
    using = [entry for entry in entries if not slugs.isdisjoint(entry.occurrence_keys)]
    found_in = [entry.occurrences for entry in using]
    occurrences = occurrences_by_term(found_in)
    stats = term_stats(using, found_in)
    for term in terms:
        values = term_page_values(term, glossary, occurrences.get(term.slug, []), stats.get(term.slug, NO_STATS), common)
        pages.append(Page(f"glossary/{term.slug}.html", context.render("term.html", **values)))
    return pages


def term_page_values(term, glossary, found: list, stats: TermStats, common: dict) -> dict:
    """What term.html is rendered with."""
    return {
        **common,
        "page_title": term.term,
        "term": term,
        "occurrences": found[:OCCURRENCES_SHOWN],
        "occurrence_count": len(found),
        "document_count": len({occurrence.document_slug for occurrence in found}),
        "sentence_html": occurrence_html,
        "occurrence_path": occurrence_path,
        "quote_lang": quote_lang,
        "body": trusted_markup(markdown_to_html(term.body_markdown)),
        "related": [glossary.get(slug) for slug in term.related if glossary.get(slug)],
        "source_groups": source_groups(term.sources),
        "stats": stats,
        "chart": year_chart(term, stats, common["term_labels"]),
        "companions": [(glossary.get(slug), count) for slug, count in stats.companions if glossary.get(slug)],
    }


def source_groups(sources) -> list[tuple[str, list[tuple[int, object]]]]:
    """(kind, [(footnote number, source)]) in the order the sources are listed (loaded most authoritative first)."""
    groups: list[tuple[str, list[tuple[int, object]]]] = []
    for number, source in enumerate(sources, 1):
        if not groups or groups[-1][0] != source.kind:
            groups.append((source.kind, []))
        groups[-1][1].append((number, source))
    return groups


def quote_lang(text: str) -> str:
    """The language of a source's words, as far as the page can tell: "zh" when it holds Han characters.

    >>> quote_lang("两个维护：坚决维护"), quote_lang('the "Two Upholds"')
    ('zh', '')
    """
    return "zh" if count_han(text) else ""


def year_chart(term, stats: TermStats, labels: dict) -> object:
    """The uses-per-year chart as inline SVG, or "" when no dated document uses the term."""
    if not stats.per_year:
        return ""
    first, last = stats.per_year[0][0], stats.per_year[-1][0]
    total = sum(count for _, count in stats.per_year)
    title = labels["chart_title"].format(term=term.term)
    description = labels["chart_description"].format(total=total, first=first, last=last)
    bars = [(str(year), count) for year, count in stats.per_year]
    return trusted_markup(bar_chart_svg(bars, title, description, id_prefix="uses-chart"))


def term_page_keys(entries: list, context: RenderContext) -> dict[str, str]:
    """Path of each term page -> a digest of what it shows.

    A term page shows its entry, its related entries, the term's occurrences
    in the documents and figures computed from the documents that use it
    (their dates, titles, order, and the terms sharing its paragraphs). The key
    is made of the whole glossary's and the settings' keys and, for each
    document using the term (in site order), the digest of its occurrences of
    the term (jiedu.render.site_entry.occurrence_keys: sentences, links,
    paragraphs and their terms) with the document's date. Editing a document
    re-renders only the term pages whose occurrences in it changed.
    """
    glossary_key = digest(*context.term_keys.values())
    using: dict[str, list[str]] = {slug: [] for slug in context.term_keys}
    for entry in entries:
        date = document_date(entry.metadata)
        for slug, key in entry.occurrence_keys.items():
            using.setdefault(slug, []).append(f"{key} {date}")  # a hex digest and a date: the space cannot be in either
    return {f"glossary/{slug}.html": digest(context.settings_key, glossary_key, slug, *keys) for slug, keys in using.items()}


def occurrence_html(occurrence) -> object:
    """The sentence around an occurrence, terms linked, without ruby.

    A term page is a concordance that may hold hundreds of sentences: plain
    text keeps it small and scannable; the link leads to the annotated page.
    (The sentences come without readings: see site_entry.without_readings.)
    """
    html = annotated_to_html(occurrence.sentence, occurrence.script, lambda slug: f"{slug}.html", with_tooltips=False)
    return trusted_markup(html)
