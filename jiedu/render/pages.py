"""Render every page of the site from finished values; no file I/O here.

Each `render_*` function returns `Page`s (a relative path and its text). The
write stage puts them on disk. Links are relative (`root` is the way back to
the site root from a page), so a site works at a domain root, under a
GitHub Pages subpath and opened from disk.
"""

from __future__ import annotations

import dataclasses
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
from .other_script import page_script_data, script_code, word_exceptions
from .plan import DocumentPlan, ReadingPage, number_blocks
from .ruby import annotated_to_html

# What may stand unencoded in a URL (RFC 3986's reserved and unreserved characters, and % of escapes already made).
URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"

DOCUMENT_DEPTH_ROOT = "../"


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    """Relative to the site root, with forward slashes, e.g. "report-2025/intro.html"."""
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
    script_tables: dict | None = None
    """Target script -> {character: counterpart} (jiedu.render.other_script.character_tables)."""

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


def ruby_renderer(entry: DocumentEntry, script: Script, root: str, cache: dict, shown_terms: dict | None = None,
                  shown_texts: dict | None = None, readings: bool = True) -> Callable[[str], object]:
    """A template helper: `r(text)` prints a document string as annotated HTML (`r(block.text, block.marks)`
    with the block's inline formatting).

    The slugs of the glossary terms it prints are added to `shown_terms`, so a
    page can carry the tooltips of its own terms and no others; the texts it
    prints go to `shown_texts` (for the page's other-script data). Without
    `readings` the text is printed without pinyin (a long document's print copy).
    """

    def term_href(slug: str) -> str:
        return f"{root}glossary/{slug}.html"

    def render(text: str, marks=()):
        key = (text, script, root, marks, readings)
        annotated = entry.annotated[text]
        if key not in cache:
            shown = annotated if readings else dataclasses.replace(annotated, readings=(None,) * len(annotated.readings))
            cache[key] = trusted_markup(annotated_to_html(shown, script, term_href, marks=marks))
        if shown_terms is not None:
            for term in annotated.terms:
                shown_terms.setdefault(term.slug, None)
        if shown_texts is not None:
            shown_texts.setdefault(text, None)
        return cache[key]

    return render


def words_attribute(entry: DocumentEntry, *texts: str) -> str:
    """The `data-w` value of an element showing `texts` one after another: its word lengths in base 36.

    >>> from types import SimpleNamespace
    >>> from jiedu.annotate import AnnotatedText
    >>> entry = SimpleNamespace(annotated={"发展经济，人民": AnnotatedText("发展经济，人民", "", (None,) * 7, (), words=(2, 2, 1, 2))})
    >>> words_attribute(entry, "发展经济，人民")
    '2212'
    """
    digits = []
    for text in texts:
        annotated = entry.annotated[text]
        for length in annotated.words or (1,) * len(annotated.simplified):
            digits += ["z"] * (length // 35) + ([WORD_DIGITS[length % 35]] if length % 35 else [])
    return "".join(digits)


WORD_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def render_document_pages(entry: DocumentEntry, context: RenderContext) -> list[Page]:
    """A one-page document's page (also its print copy), or a long one's overview, section pages and print copy.

    Pages are in the document's own script; the other script is made in the browser (jiedu.render.other_script).
    """
    base = f"{entry.slug}/"
    cache: dict = {}
    values = _document_values(entry, context)
    if entry.plan.single:
        return [Page(base + "index.html", _render_page(entry, context, cache, values, "document.html", single=True))]
    pages = [Page(base + "index.html", _render_page(entry, context, cache, values, "overview.html"))]
    for index, page in enumerate(entry.plan.pages):
        previous, following = entry.plan.neighbours(index)
        html = _render_page(entry, context, cache, values, "section.html", page=page, previous=previous, following=following)
        pages.append(Page(base + page.slug + ".html", html))
    pages.append(Page(base + "print.html", _render_page(entry, context, cache, values, "document.html", single=False, readings=False)))
    return pages


def _render_page(entry: DocumentEntry, context: RenderContext, cache: dict, values: dict, template: str, readings: bool = True, **page_values) -> str:
    """One page, with `r` tracking what it prints: the page carries its own terms' tooltips and other-script words."""
    script = entry.original_script
    shown_terms: dict[str, None] = {}
    shown_texts: dict[str, None] = {}
    for text in _header_texts(entry):
        shown_texts.setdefault(text, None)

    def page_tooltips():
        terms = [term for term in values["terms_used"] if term.slug in shown_terms]
        return trusted_markup(context.render("_tooltips.html", terms_used=terms, tooltips=context.glossary_terms_html[script]))

    def script_data():
        texts = (entry.annotated[text] for text in shown_texts)
        return trusted_markup(page_script_data(script, word_exceptions(texts, script, context.script_tables[script.other])))

    def plain(text: str) -> str:
        shown_texts.setdefault(text, None)
        return entry.annotated[text].in_script(script)

    r = ruby_renderer(entry, script, DOCUMENT_DEPTH_ROOT, cache, shown_terms, shown_texts, readings)
    return context.render(template, r=r, plain=plain, page_tooltips=page_tooltips, script_data=script_data, with_readings=readings, **values, **page_values)


def _header_texts(entry: DocumentEntry) -> list[str]:
    """The texts every page of the document shows in its header and contents (titles)."""
    texts = [entry.annotated.document.title]
    return texts + [page.title for page in entry.plan.pages] + [article.title for article in entry.annotated.document.articles]


def _document_values(entry: DocumentEntry, context: RenderContext) -> dict:
    """What every page of the document is rendered with."""
    script = entry.original_script
    title = entry.annotated[entry.annotated.document.title].in_script(script)
    numbers = number_blocks(entry.annotated.document)
    return {
        **context.common(DOCUMENT_DEPTH_ROOT, script.lang, title),
        "entry": entry,
        "document": entry.annotated.document,
        "plan": entry.plan,
        "script": script,
        "script_code": script_code(script),
        "pid": lambda block: f"p{numbers[id(block)]}",
        "wd": lambda *texts: words_attribute(entry, *texts),
        "page_name": lambda page: labels_for(context.config.language)[page.part] if page.part else entry.annotated[page.title].in_script(script),
        "terms_used": _terms_used(entry, context),
        "tooltips": context.glossary_terms_html[script],
    }


def _terms_used(entry: DocumentEntry, context: RenderContext) -> list:
    """Glossary entries that occur in the document, in first-occurrence order."""
    seen: dict[str, None] = {}
    for text in entry.annotated.texts.values():
        for term in text.terms:
            seen.setdefault(term.slug, None)
    by_slug = {e.slug: e for e in context.glossary.entries}
    return [by_slug[slug] for slug in seen if slug in by_slug]


def render_home(entries: list, context: RenderContext) -> Page:
    """The list of documents (SiteEntry values, jiedu.render.site_entry)."""
    rows = [(entry, entry.original_script) for entry in entries]
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
