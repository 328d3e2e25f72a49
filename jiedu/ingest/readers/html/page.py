"""A whole saved web page: its main content, found by a boilerplate extractor.

The choice was made by measurement on six Chinese pages (government
bulletins on two CMS templates, Hong Kong and mainland news): the
readability algorithm, as trafilatura ships it (`trafilatura.readability_lxml`),
found every article body whole with the least chrome, and it returns the
content's own markup, so ordered lists keep their numbers, tables their
header rows and figures their captions. trafilatura's own extractor
(precise mode) is the fallback for the pages where readability picks the
wrong part of the page (less than half of trafilatura's text) or finds none.
Either way the content goes through `fragment.FragmentWalker`, so a page and
a fragment make the same blocks.
"""

from __future__ import annotations

import re

MIN_SHARE_OF_FALLBACK = 0.5
"""Readability's text must be at least this share of trafilatura's, or trafilatura's is used."""
BOT_CHECK = re.compile(
    r"Verifying you are human|Checking your browser before accessing|Enable JavaScript and cookies to continue"
    r"|_cf_chl_opt|cf-browser-verification|DDoS protection by|请完成安全验证|請完成安全驗證|访问验证|人机验证|人機驗證",
    re.IGNORECASE,
)
MAX_BOT_CHECK_TEXT = 600
"""A page with more readable text than this is an article, whatever check it also carries."""
ASIDES = ("//aside", "//footer")
"""Parts of a page that are never its article: sidebars and footers (removed before either extractor runs)."""
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def parse_page(text: str):
    """The page as an lxml tree (None when there is no markup to parse)."""
    import lxml.html
    from lxml import etree

    from .fragment import strip_xml_declaration

    try:
        return lxml.html.document_fromstring(strip_xml_declaration(text))
    except (etree.ParserError, ValueError):
        return None


def bot_check_site(tree) -> str:
    """The site whose "checking your browser" page this is (Cloudflare's "Just a moment..."), or "".

    A scraper that met the check saved it instead of the article: the page
    holds a few lines about verifying the visitor and a challenge script.

    >>> import lxml.html
    >>> bot_check_site(lxml.html.document_fromstring("<html><head><title>Just a moment...</title></head><body><p>www.inmediahk.net</p><p>Verifying you are human.</p></body></html>"))
    'Just a moment...'
    >>> bot_check_site(lxml.html.document_fromstring("<html><body><p>人机验证是一种安全措施。</p>" + "<p>正文。</p>" * 400 + "</body></html>"))
    ''
    """
    body = tree.find("body")
    if body is None:
        return ""
    scripts = " ".join(tree.xpath("//script/text()"))[:20_000]
    shown = body.xpath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
    text = re.sub(r"\s+", " ", " ".join(shown))
    if len(text) > MAX_BOT_CHECK_TEXT or not BOT_CHECK.search(text + " " + scripts):
        return ""
    return " ".join(tree.xpath("//head/title/text()")).strip() or "a bot check"


def is_fragment(text: str) -> bool:
    """HTML without a page around it (no ``<html>`` or ``<body>``): all of it is content.

    >>> is_fragment("<p>甲</p><p>乙</p>"), is_fragment("<html><body><p>甲</p></body></html>")
    (True, False)
    """
    return re.search(r"<(html|body)[\s>]", text[:200_000], re.IGNORECASE) is None


def main_content_html(tree, text: str) -> str:
    """The HTML of the page's main content, or "" when neither extractor finds any."""
    from trafilatura.readability_lxml import Document

    try:
        readable = Document(without_asides(tree)).summary()
    except Exception:  # noqa: BLE001 - the fork raises bare Exceptions on odd trees; the fallback decides
        readable = ""
    fallback = trafilatura_html(text)
    if text_length(readable) < MIN_SHARE_OF_FALLBACK * text_length(fallback):
        return fallback
    if text_length(fallback) > text_length(readable) and holds_every_paragraph(fallback, readable):
        return fallback
    return readable


def without_asides(tree):
    """A copy of the page without its ``<aside>`` and ``<footer>`` elements, as Readability.js cleans them.

    Sidebars of teasers ("資訊頻道", sponsored stories cut off with "...")
    sit in ``<aside>`` next to the article, and the readability port keeps
    a sibling of the article when it holds enough text.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring("<html><body><article><p>正文</p><footer>版权</footer></article><aside><p>推广</p></aside></body></html>")
    >>> lxml.html.tostring(without_asides(page), encoding="unicode")
    '<html><body><article><p>正文</p></article></body></html>'
    """
    import copy

    tree = copy.deepcopy(tree)
    for element in tree.xpath("|".join(ASIDES)):
        element.drop_tree()
    return tree


def trafilatura_html(text: str) -> str:
    import trafilatura

    try:
        return trafilatura.extract(text, output_format="html", include_tables=True, include_formatting=True, include_comments=False, favor_precision=True, prune_xpath=list(ASIDES)) or ""
    except Exception:  # noqa: BLE001 - a library failing on an odd page must not stop the build; readability's result stands
        return ""


def holds_every_paragraph(html: str, part: str) -> bool:
    """Whether every paragraph of the HTML `part` is in `html` too (the text of one extractor covers the other's).

    >>> holds_every_paragraph("<p>导语。</p><p>正文 一。</p><p>正文二。</p>", "<div><p>正文一。</p><p>正文二。</p></div>")
    True
    >>> holds_every_paragraph("<p>导语。</p><p>正文一。</p>", "<p>正文一。</p><p>正文二。</p>")
    False
    """
    whole = _bare(html)
    paragraphs = [_bare(paragraph) for paragraph in re.split(r"<(?:p|li|tr|h[1-6]|div|br)\b[^>]*>", part)]
    return all(paragraph in whole for paragraph in paragraphs)


def _bare(html: str) -> str:
    return re.sub(r"<[^>]*>|\s|&[a-z#0-9]+;", "", html)


def text_length(html: str) -> int:
    """How many characters of text (not markup, not spaces) an HTML string holds."""
    return len(re.sub(r"<[^>]*>|\s|&[a-z#0-9]+;", "", html))


def page_metadata(tree, text: str) -> dict:
    """title, date, url and description as the page's head and trafilatura's htmldate give them."""
    from trafilatura.metadata import extract_metadata

    try:
        found = extract_metadata(tree)
    except Exception:  # noqa: BLE001 - metadata is optional; an odd head must not make the page unreadable
        found = extract_metadata(parse_page("<html><head></head><body></body></html>"))
    metadata = {
        "title": head_title(tree) or (found.title or ""),
        "date": stated_date(found.date or "", text),
        "url": canonical_url(tree) or saved_from_url(text),
        "description": (found.description or "").strip(),
    }
    return {key: value for key, value in metadata.items() if value}


def stated_date(date: str, text: str) -> str:
    """htmldate's date, unless it is a year's 1 January that the page never states: htmldate falls back
    on a copyright notice's year (``©2025 浙江省淡水水产研究所``) and dates the page that New Year's Day.

    >>> stated_date("2025-01-01", "<span>©2025 浙江省淡水水产研究所</span>"), stated_date("2025-01-01", "发布时间：2025年1月1日")
    ('', '2025-01-01')
    >>> stated_date("2024-02-21", "©2025")
    '2024-02-21'
    """
    if not date.endswith("-01-01"):
        return date
    year = date[:4]
    return date if re.search(rf"{year}\s*(?:[-/.年]\s*0?1\s*[-/.月]\s*0?1(?!\d)|0101(?!\d))", text) else ""


def head_title(tree) -> str:
    for xpath in ("//head/title/text()", "//meta[@property='og:title']/@content", "//title/text()"):
        values = [value.strip() for value in tree.xpath(xpath) if value.strip()]
        if values:
            return values[0]
    return ""


def canonical_url(tree) -> str:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        values = [value.strip() for value in tree.xpath(xpath) if value.strip().startswith("http")]
        if values:
            return values[0]
    return ""


def saved_from_url(text: str) -> str:
    """The address a browser's "Save page as" wrote at the top of the file.

    >>> saved_from_url("<!DOCTYPE html>\\n<!-- saved from url=(0023)https://www.gov.cn/a.htm -->")
    'https://www.gov.cn/a.htm'
    """
    match = SAVED_FROM.search(text[:2000])
    return match.group(1) if match else ""


ARTICLE_TITLE_FIELDS = "//meta[@name='ArticleTitle']/@content|//*[@itemprop='headline']/@content"
"""Where a page names its article's title apart from the site's: the field Chinese government sites'
content systems (Hanweb, TRS) write into every article page, and schema.org's headline."""


def heading_texts(tree, deepest: int = 3) -> list[str]:
    """Texts of the page's headings, h1 to h`deepest`, in document order (candidates for the title)."""
    from .text import tidy_text

    elements = tree.xpath("|".join(f"//h{level}" for level in range(1, deepest + 1)))
    return [tidy_text(element.text_content()) for element in elements if element.text_content().strip()]


def article_title_field(tree) -> str:
    """The article's title as the page's content system names it (ARTICLE_TITLE_FIELDS), or ""."""
    from .text import tidy_text

    return next((tidy_text(value) for value in tree.xpath(ARTICLE_TITLE_FIELDS) if value.strip()), "")
