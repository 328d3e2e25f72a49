"""Is a file HTML, whatever its name says?

Claimed: a page (a doctype or ``<html>`` at the start, after comments such
as a browser's ``<!-- saved from url=… -->``), an XHTML file, and text that
is mostly block-level markup, such as a scraper's dump of a list of
elements (``[<div><h4>各位代表：</h4><p>…</p>, <p>…</p>]``) saved as .txt.

Not claimed: Markdown, which may hold raw HTML (a ``<figure>``, a
``<div align=right>``, even a whole pasted page) but has ATX headings or
front matter; XML that is not XHTML (feeds); and text that merely mentions
``<`` or has a few tags in a mostly plain body.
"""

from __future__ import annotations

import re

from ...decode import decode_bytes

SAMPLE_BYTES = 65_536
PAGE_START = re.compile(r"^(?:\s*<!--.*?-->)*\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
XHTML = re.compile(r"^\s*<\?xml[^>]*\?>(?:\s*<!--.*?-->)*\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|table|tr|td|ul|ol|li|br|blockquote|section|article)\b[^<>]*>", re.IGNORECASE)
MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,6} \S", re.MULTILINE)
FRONT_MATTER = re.compile(r"^\ufeff?---\s*\n")
LEADING_COMMENTS = re.compile(r"^(?:\s*<!--.*?-->)*\s*", re.DOTALL)
"""Comments before the first element: a template's markers (``<!--inner content block starts -->``)."""
MIN_BLOCK_TAGS = 3
MARKUP_LINE_SHARE = 0.5


def looks_like_html(data: bytes) -> bool:
    """True for an HTML page or a dump of block-level HTML elements.

    >>> looks_like_html(b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    True
    >>> looks_like_html("[<div><h4>各位代表：</h4><p>甲。</p>, <p>乙。</p>]".encode())
    True
    >>> looks_like_html("# 标题\\n\\n<div align=right>2024年</div>\\n\\n## 一、总则\\n".encode())
    False
    >>> looks_like_html("当 a < b 时，<p> 标签不算。".encode())
    False
    >>> looks_like_html("<!--inner content block starts -->\\n\\t<div>\\n<table><tr><td>一、報告事項</td></tr></table>".encode())
    True
    """
    from .charset import is_mhtml

    if is_mhtml(data[:4000]):
        return True
    text = decode_bytes(data[:SAMPLE_BYTES]).text.lstrip("\ufeff")
    if PAGE_START.match(text) or XHTML.match(text):
        return True
    if text.lstrip().startswith("<?xml") or is_markdown(text):
        return False
    return is_mostly_block_markup(text)


def is_markdown(text: str) -> bool:
    return bool(FRONT_MATTER.match(text)) or len(MARKDOWN_HEADING.findall(text)) >= 2


def is_mostly_block_markup(text: str) -> bool:
    """Several block-level tags, and the text opens with one or most of its lines do."""
    if len(BLOCK_TAG.findall(text)) < MIN_BLOCK_TAGS:
        return False
    opening = LEADING_COMMENTS.sub("", text, count=1).lstrip("[")
    if BLOCK_TAG.match(opening):
        return True
    lines = [line for line in text.splitlines() if line.strip()]
    return sum(1 for line in lines if BLOCK_TAG.match(line.lstrip())) >= MARKUP_LINE_SHARE * len(lines)
