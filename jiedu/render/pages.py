"""Render every page of the site from finished values; no file I/O here.

Each `render_*` function returns `Page`s (a relative path and its text). The
write stage puts them on disk. Links are relative (`root` is the way back to
the site root from a page), so a site works at a domain root, under a
GitHub Pages subpath and opened from disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment

from ..annotate import AnnotatedDocument
from ..annotate.scripts import Script
from ..config import SiteConfig
from .environment import trusted_markup
from .labels import labels_for
from .plan import DocumentPlan, ReadingPage
from .ruby import annotated_to_html

# What may stand unencoded in a URL (RFC 3986's reserved and unreserved characters, and % of escapes already made).
URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"

DOCUMENT_DEPTH_ROOT = "../../"


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    """Relative to the site root, with forward slashes, e.g. "report-2025/hans/intro.html"."""
    content: str


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """What the site knows about one document when rendering."""

    slug: str
    annotated: AnnotatedDocument
    plan: DocumentPlan
    metadata: dict
    han_count: int
    section_count: int

    @property
    def first_page(self) -> ReadingPage:
        return self.plan.pages[0]

    @property
    def original_script(self) -> Script:
        return self.annotated.original_script


@dataclass(frozen=True, slots=True)
class RenderContext:
    """Shared by every page of one build."""

    environment: Environment
    config: SiteConfig
    glossary: object
    glossary_terms_html: dict
    """Script -> slug -> pre-rendered tooltip body HTML (term, pinyin, English, expansion)."""
    settings_key: str = ""
    """Digest of the settings and templates: every page depends on them (jiedu.documents.render_key)."""
    term_keys: dict | None = None
    """Glossary slug -> digest of its entry: pages that show the term depend on it."""

    def common(self, root: str, lang: str, title: str) -> dict:
        return {
            "site": self.config,
            "root": root,
            "lang": lang,
            "labels": labels_for(self.config.language),
            "page_title": title,
            "show_pinyin": self.config.show_pinyin,
        }

    def render(self, template: str, **values) -> str:
        return self.environment.get_template(template).render(**values)


def first_script(entry: DocumentEntry, config: SiteConfig) -> Script:
    if config.first_script == "simplified":
        return Script.SIMPLIFIED
    if config.first_script == "traditional":
        return Script.TRADITIONAL
    return entry.original_script


def ruby_renderer(entry: DocumentEntry, script: Script, root: str, cache: dict, shown_terms: dict | None = None) -> Callable[[str], object]:
    """A template helper: `r(text)` prints a document string as annotated HTML (`r(block.text, block.marks)`
    with the block's inline formatting).

    The slugs of the glossary terms it prints are added to `shown_terms`, so a
    page can carry the tooltips of its own terms and no others.
    """

    def term_href(slug: str) -> str:
        return f"{root}glossary/{slug}.html"

    def render(text: str, marks=()):
        key = (text, script, root, marks)
        if key not in cache:
            cache[key] = trusted_markup(annotated_to_html(entry.annotated[text], script, term_href, marks=marks))
        if shown_terms is not None:
            for term in entry.annotated[text].terms:
                shown_terms.setdefault(term.slug, None)
        return cache[key]

    return render


def render_document_pages(entry: DocumentEntry, context: RenderContext) -> list[Page]:
    """Overview, section pages and print page, in both scripts, plus a redirect."""
    pages = [_redirect_page(entry, context)]
    cache: dict = {}
    for script in (entry.annotated.original_script, entry.annotated.original_script.other):
        pages += _script_pages(entry, script, context, cache)
    return pages


def _script_pages(entry: DocumentEntry, script: Script, context: RenderContext, cache: dict) -> list[Page]:
    base = f"{entry.slug}/{script.folder}/"
    values = _document_values(entry, script, context, cache)
    pages = [Page(base + "index.html", context.render("overview.html", **values))]
    for index, page in enumerate(entry.plan.pages):
        previous, following = entry.plan.neighbours(index)
        page_values = {**values, **_page_tooltips(entry, script, context, cache, values["terms_used"])}
        html = context.render("section.html", page=page, previous=previous, following=following, **page_values)
        pages.append(Page(base + page.slug + ".html", html))
    pages.append(Page(base + "print.html", context.render("print.html", **values)))
    return pages


def _document_values(entry: DocumentEntry, script: Script, context: RenderContext, cache: dict) -> dict:
    """What every page of the document in `script` is rendered with.

    `tooltips_html`, the tooltips of every term the document uses, is rendered
    here once, for the print page (section pages carry their own terms'; see
    `_page_tooltips`).
    """
    title = entry.annotated[entry.annotated.document.title].in_script(script)
    terms_used = _terms_used(entry, context)
    tooltips_html = context.render("_tooltips.html", terms_used=terms_used, tooltips=context.glossary_terms_html[script])
    return {
        **context.common(DOCUMENT_DEPTH_ROOT, script.lang, title),
        "entry": entry,
        "document": entry.annotated.document,
        "script": script,
        "other_script": script.other,
        "r": ruby_renderer(entry, script, DOCUMENT_DEPTH_ROOT, cache),
        "plain": lambda text: entry.annotated[text].in_script(script),
        "page_name": lambda page: labels_for(context.config.language)[page.part] if page.part else entry.annotated[page.title].in_script(script),
        "terms_used": terms_used,
        "tooltips": context.glossary_terms_html[script],
        "tooltips_html": trusted_markup(tooltips_html),
    }


def _page_tooltips(entry: DocumentEntry, script: Script, context: RenderContext, cache: dict, terms_used: list) -> dict:
    """`r` for one section page, and `page_tooltips()`: the tooltips of the terms `r` printed.

    Templates print the tooltips after the text (base.html's last block), so by
    then every term of the page has passed through `r`. A page carries only its
    own terms' tooltips: the document's all would double a typical page's size.
    """
    shown: dict[str, None] = {}

    def page_tooltips():
        terms = [term for term in terms_used if term.slug in shown]
        return trusted_markup(context.render("_tooltips.html", terms_used=terms, tooltips=context.glossary_terms_html[script]))

    return {"r": ruby_renderer(entry, script, DOCUMENT_DEPTH_ROOT, cache, shown), "page_tooltips": page_tooltips}


def _terms_used(entry: DocumentEntry, context: RenderContext) -> list:
    """Glossary entries that occur in the document, in first-occurrence order."""
    seen: dict[str, None] = {}
    for text in entry.annotated.texts.values():
        for term in text.terms:
            seen.setdefault(term.slug, None)
    by_slug = {e.slug: e for e in context.glossary.entries}
    return [by_slug[slug] for slug in seen if slug in by_slug]


def _redirect_page(entry: DocumentEntry, context: RenderContext) -> Page:
    script = first_script(entry, context.config)
    title = entry.annotated[entry.annotated.document.title].in_script(script)
    html = context.render("redirect.html", target=f"{script.folder}/index.html", **context.common("../", script.lang, title))
    return Page(f"{entry.slug}/index.html", html)


def render_home(entries: list, context: RenderContext) -> Page:
    """The list of documents (SiteEntry values, jiedu.render.site_entry)."""
    rows = [(entry, first_script(entry, context.config)) for entry in entries]
    html = context.render("index.html", rows=rows, **context.common("", "zh-Hans" if context.config.language != "en" else "en", context.config.title))
    return Page("index.html", html)


def render_not_found(context: RenderContext) -> Page:
    html = context.render("404.html", **context.common(context.config.base_url, "en", "404"))
    return Page("404.html", html)


def render_sitemap(paths: list[str], config: SiteConfig) -> Page | None:
    """sitemap.xml listing every HTML page, when a site URL is configured."""
    if not config.base_url:
        return None
    urls = "".join(f"  <url><loc>{sitemap_location(config.base_url + path)}</loc></url>\n" for path in sorted(paths) if path.endswith(".html") and path != "404.html")
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    return Page("sitemap.xml", xml)


def sitemap_location(url: str) -> str:
    """A URL as a sitemap's <loc> holds it: percent-encoded where URLs must be, then escaped as XML text.

    The sitemap protocol asks for both; percent-encoding also keeps control
    characters, which XML cannot hold at all, out of the file.

    >>> sitemap_location("https://example.org/a&b/<报告>.html?q='1'")
    'https://example.org/a&amp;b/%3C%E6%8A%A5%E5%91%8A%3E.html?q=&apos;1&apos;'
    """
    return xml_escape(quote(url, safe=URL_SAFE), {"'": "&apos;", '"': "&quot;"})
