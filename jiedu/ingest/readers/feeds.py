"""Reader for RSS, Atom and RDF feeds (feedparser, BSD): a feed is one document of articles.

Each item becomes an article: a BREAK block carrying its date, link and
author, a level-1 heading with its title, then its content (``content:encoded``
or the description, HTML read by the HTML reader), left out when it only
repeats the title. Dates keep the feed's own time zone: an item published at
``07:38 +0800`` is dated that Chinese calendar day, not the day before in UTC.
"""

from __future__ import annotations

import re

from ...charclass import HAN_RE
from ...dates import to_iso_date
from ...model import Block, BlockKind, Problem
from ..contract import ReadContext, Reading, UnreadableFile, dropped_change
from .html.metadata import SEPARATOR
from .inline_text import split_paragraphs, tidy_inline

SNIFF_BYTES = 4096
# What may come before a feed's root element: a BOM, the XML declaration,
# stylesheet instructions, comments and a DOCTYPE.
_PROLOGUE = re.compile(rb"^(?:\xef\xbb\xbf|\s+|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|feed|RDF)\b([^>]*)>", re.DOTALL)
# Atom's namespaces (1.0 and 0.3) and RSS 1.0's; a <feed> or <RDF> root without them is other XML.
_FEED_NAMESPACES = (b"http://www.w3.org/2005/atom", b"http://purl.org/atom/ns#", b"http://purl.org/rss/1.0/", b"http://my.netscape.com/rdf/simple/0.9/")
_IMAGE_LINK = re.compile(r"\.(?:ico|png|jpe?g|gif|svg|webp)(?:[?#].*)?$", re.IGNORECASE)
_HTML_MARKUP = re.compile(r"<[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;")


def looks_like_feed(data: bytes) -> bool:
    """True when the first element of `data` is an RSS, Atom or RSS 1.0 (RDF) root, whatever the extension.

    >>> looks_like_feed(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    True
    >>> looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>')
    True
    >>> looks_like_feed(b'<?xml version="1.0"?><feed><item/></feed>'), looks_like_feed(b'<html><body>rss</body></html>')
    (False, False)
    """
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    root = _ROOT.match(head, _PROLOGUE.match(head).end())
    if root is None:
        return False
    if root.group(1) == b"rss":
        return True
    return any(namespace in head.lower() for namespace in _FEED_NAMESPACES)


def read_feed(data: bytes, context: ReadContext) -> list[Reading]:
    """The feed as one Reading: its title, link and description as metadata, one article per item."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as error:  # feedparser's lenient parser fails on some damaged bytes with its own errors
        raise UnreadableFile(f"this feed could not be parsed: {type(error).__name__}: {error}") from None
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception") or "it is not a feed"
        raise UnreadableFile(f"this feed is malformed and has no items: {reason}", getattr(reason, "getLineNumber", lambda: None)())
    if not parsed.entries:
        raise UnreadableFile("this feed has no items")
    blocks, dropped = [], []
    for index, entry in enumerate(parsed.entries, start=1):
        item_blocks, repeated = entry_to_blocks(entry)
        blocks += item_blocks
        if repeated:
            dropped.append(dropped_change("feed", repeated, f"item {index}: its content only repeats its title"))
    metadata = feed_metadata(parsed.feed, [b.attr("date") for b in blocks if b.kind == BlockKind.BREAK])
    problems = (Problem(context.display_path, None, f"the feed is malformed ({parsed.bozo_exception}); read the {len(parsed.entries)} item(s) that could be recovered"),) if is_damaged(parsed) else ()
    return [Reading(blocks=tuple(blocks), text="", metadata=metadata, dropped=_summarised(dropped), problems=problems, encoding=parsed.get("encoding") or "utf-8")]



def is_damaged(parsed) -> bool:
    """Whether feedparser had to recover from broken XML (an encoding it corrected is not damage)."""
    import feedparser

    benign = (feedparser.CharacterEncodingOverride,)
    return bool(parsed.bozo) and not isinstance(parsed.get("bozo_exception"), benign)


def feed_metadata(feed, item_dates: list[str]) -> dict:
    """title, url (the site's address, not an icon), description, and the newest item's date."""
    metadata = {"title": without_generator_name(tidy_inline(_plain(feed.get("title") or ""))), "description": _plain(feed.get("subtitle") or "")}
    link = feed.get("link") or ""
    if link and not _IMAGE_LINK.search(link):
        metadata["url"] = link
    dates = [date for date in item_dates if date]
    if dates:
        metadata["date"] = max(dates)
    return {key: value for key, value in metadata.items() if value}


def without_generator_name(title: str) -> str:
    """A Chinese feed's title without the parts at either end that hold no Han character: the name a
    feed generator or a mirror appends (``新华社 | wechat-feeds``), which names no source a reader knows.

    >>> without_generator_name("新华社 | wechat-feeds"), without_generator_name("RSSHub - 人民网 - 时政")
    ('新华社', '人民网 - 时政')
    >>> without_generator_name("BBC News 中文"), without_generator_name("Solidot | 奇客的资讯")
    ('BBC News 中文', '奇客的资讯')
    >>> without_generator_name("Hacker News - Front page")
    'Hacker News - Front page'
    """
    cuts = [(match.start(), match.end()) for match in SEPARATOR.finditer(title)]
    starts, ends = [0, *(end for _, end in cuts)], [*(start for start, _ in cuts), len(title)]
    with_han = [index for index in range(len(starts)) if HAN_RE.search(title[starts[index] : ends[index]])]
    if not with_han:
        return title
    return title[starts[with_han[0]] : ends[with_han[-1]]].strip()


def entry_link(entry) -> str:
    """The item's page: its first alternate link that is not an image (an Atom entry may list its photo
    as a link too, and feedparser's `link` is the last alternate one), else its `link`."""
    for link in entry.get("links") or []:
        href = link.get("href") or ""
        if href and link.get("rel", "alternate") == "alternate" and not _IMAGE_LINK.search(href) and not str(link.get("type", "")).startswith("image/"):
            return href
    return entry.get("link") or ""


def entry_to_blocks(entry) -> tuple[list[Block], str]:
    """One item as BREAK, heading and content blocks; and its content when it only repeated the title."""
    title = tidy_inline(_plain(entry.get("title") or ""))
    attrs = tuple((key, value) for key, value in (("date", entry_date(entry)), ("url", entry_link(entry)), ("author", tidy_inline(entry.get("author") or ""))) if value)
    blocks = [Block(BlockKind.BREAK, "", attrs=attrs)]
    if title:
        blocks.append(Block(BlockKind.HEADING, title, level=1))
    content = entry_content(entry)
    body = content_to_blocks(content)
    if title and body and _squeezed(" ".join(b.text for b in body)) == _squeezed(title):
        return blocks, tidy_inline(_plain(content[0]))
    return blocks + list(body), ""


def entry_content(entry) -> tuple[str, bool]:
    """The item's fullest text (``content:encoded`` before the description) and whether it is HTML."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    detail = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", detail.get("type") or "text/html"))
    value, kind = max(candidates, key=lambda pair: len(pair[0].strip()))
    return value, "html" in kind or bool(_HTML_MARKUP.search(value))


def content_to_blocks(content: tuple[str, bool]) -> tuple[Block, ...]:
    text, is_html = content
    if not text.strip():
        return ()
    if is_html:
        from .html import html_fragment_to_blocks

        return html_fragment_to_blocks(text)
    return tuple(Block(BlockKind.PARAGRAPH, paragraph) for paragraph in split_paragraphs(text))


def entry_date(entry) -> str:
    """The item's date as written (published, else updated), in its own time zone."""
    # dict.get, not FeedParserDict's: its `updated` falls back to `published` with a DeprecationWarning.
    for key in ("published", "updated", "created"):
        if (value := dict.get(entry, key)) and (iso := to_iso_date(value)):
            return iso
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else ""


def _plain(text: str) -> str:
    """Text of a title or description that may hold markup or entities."""
    if not _HTML_MARKUP.search(text or ""):
        return tidy_inline(text or "")
    from .html import html_fragment_to_blocks

    return " ".join(block.text for block in html_fragment_to_blocks(text))


def _squeezed(text: str) -> str:
    """Text without spaces and punctuation, to compare a title with content that repeats it."""
    return re.sub(r"[\W_]+", "", text)


def _summarised(dropped: list) -> tuple:
    """At most a few entries per kind: a feed of 500 title-only items needs one line, not 500."""
    if len(dropped) <= 5:
        return tuple(dropped)
    return (*dropped[:3], dropped_change("feed", f"{len(dropped) - 3} more items", "their content only repeats their titles"))
