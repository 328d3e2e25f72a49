"""Reading a built site as a crawler would: pages, links, assets, ruby."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from jiedu.charclass import is_han


class PageParser(HTMLParser):
    """Collects links, asset references, ids and the Han characters outside <rt>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()
        self.stack: list[str] = []
        self.han_in_ruby = 0
        self.han_outside_ruby = 0
        self.rt_count = 0
        self.scripts_inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag in ("link", "script", "img") and (values.get("href") or values.get("src")):
            self.assets.append(values.get("href") or values.get("src"))
        if tag not in ("meta", "link", "br", "img", "input", "hr"):
            self.stack.append(tag)
        if tag == "rt":
            self.rt_count += 1

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if "rt" in self.stack or "title" in self.stack or "script" in self.stack or "style" in self.stack:
            return
        # The reading text: inside an <article>, outside its metadata list and navigation.
        if "article" not in self.stack or "dl" in self.stack or "nav" in self.stack:
            return
        han = sum(1 for ch in data if is_han(ch))
        if "ruby" in self.stack:
            self.han_in_ruby += han
        else:
            self.han_outside_ruby += han


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def is_external(url: str) -> bool:
    """True for a URL the browser would fetch from another host (data: URLs are inline)."""
    scheme = urlsplit(url).scheme
    return (bool(scheme) and scheme != "data") or url.startswith("//")


def resolve_link(page: Path, url: str) -> tuple[Path, str]:
    """The file a relative link points to, and its fragment."""
    target, fragment = urldefrag(url)
    if not target:
        return page, fragment
    return (page.parent / target).resolve(), fragment


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
