"""What a title, a site URL or a file name holds never changes the output around it.

A title with a form feed, a quote, a backslash or `</style>` stays inside the
print page's `@page` rule; a site URL with `&`, `<` or a control character
leaves sitemap.xml well-formed; a file name with a line break is one line of
the build's messages.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiedu.render.environment import css_string

from conftest import run_build

# Each becomes the title of one document, slug nasty-N.
NASTY_TITLES = [
    "报告\f}} body { color: red }",
    'A "quoted" \'title\'',
    "back\\slash\\",
    "决议</style><script>alert(1)</script>",
    "line\nbreak\r\nand\ttab",
    "bell\x07 escape\x1b[31m del\x7f next-line\x85 separator\u2028",
    "nul\x00byte",
]
SITE_URL = "https://example.org/a&b<c>\"'\x07 d/"
# One string token as CSS reads it: no bare quote, backslash or line break inside.
CSS_STRING_TOKEN = r'"(?:[^"\\\n\r\f]|\\[0-9a-fA-F]{1,6}[ \t\n]?|\\[^\n\r\f0-9a-fA-F])*"'
PAGE_RULE = re.compile(rf"@page {{ @top-center {{ content: ({CSS_STRING_TOKEN}); }} }}")


def css_string_value(token: str) -> str:
    """The text a CSS string token stands for (CSS Syntax 3, "consume an escaped code point")."""

    def unescape(match: re.Match) -> str:
        if match.group(1) is None:
            return match.group(2)
        code = int(match.group(1), 16)
        return "\ufffd" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)

    return re.sub(r"\\([0-9a-fA-F]{1,6})[ \t\n]?|\\(.)", unescape, token[1:-1], flags=re.S)


def as_css_reads_it(text: str) -> str:
    """CSS reads a NUL as U+FFFD, escaped or not."""
    return text.replace("\x00", "\ufffd")


class PrintPageParser(HTMLParser):
    """The <style> elements of a page and the title it prints (`data-document-title`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[str] = []
        self.title: str | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        if tag == "style":
            self.styles.append("")
        self.title = dict(attrs).get("data-document-title", self.title)

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data


@pytest.fixture(scope="module")
def nasty_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("escaping")
    documents = root / "content" / "documents"
    documents.mkdir(parents=True)
    for number, title in enumerate(NASTY_TITLES):
        quoted = title.encode("unicode_escape").decode("ascii").replace('"', '\\"')
        (documents / f"nasty-{number}.md").write_text(f'---\ntitle: "{quoted}"\n---\n坚持稳中求进工作总基调。\n', encoding="utf-8")
    (documents / "good\nname.txt").write_text("坚持以人民为中心的发展思想。\n", encoding="utf-8")
    (documents / "empty\n\x1b[2Jname.txt").write_bytes(b"")
    toml_url = SITE_URL.replace("\\", "\\\\").replace('"', '\\"').replace("\x07", "\\u0007")
    (root / "content" / "site.toml").write_text(f'url = "{toml_url}"\n', encoding="utf-8")
    out = root / "site"
    result = run_build("--content", str(root / "content"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return result, out


@pytest.mark.parametrize("number", range(len(NASTY_TITLES)), ids=[repr(title)[:24] for title in NASTY_TITLES])
def test_a_title_never_leaves_the_print_pages_page_rule(nasty_build, number):
    _, out = nasty_build
    for page in ("index.html",):
        parser = PrintPageParser()
        parser.feed((out / f"nasty-{number}" / page).read_bytes().decode("utf-8"))  # every CR kept
        page_rules = [style for style in parser.styles if "@page" in style]
        assert len(page_rules) == 1, parser.styles
        rule = PAGE_RULE.fullmatch(page_rules[0])
        assert rule, f"the @page rule was changed: {page_rules[0]!r}"
        assert css_string_value(rule.group(1)) == as_css_reads_it(parser.title)


@given(st.text())
def test_css_string_is_one_string_token_that_reads_back_as_the_text(text):
    token = str(css_string(text))
    assert re.fullmatch(CSS_STRING_TOKEN, token)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f<>&]", token)
    assert css_string_value(token) == as_css_reads_it(text) if not re.search("[\ud800-\udfff]", text) else True


def test_the_sitemap_is_well_formed_with_any_site_url(nasty_build):
    _, out = nasty_build
    locations = [element.text for element in ElementTree.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITE_URL}index.html" in [unquote(location) for location in locations]
    assert all(re.fullmatch(r"[!#$%&'()*+,/:;=?@\[\]A-Za-z0-9._~-]+", location) for location in locations), locations


def test_a_file_name_with_a_line_break_is_one_line_of_the_messages(nasty_build):
    result, _ = nasty_build
    lines = result.stderr.splitlines()
    assert "content/documents/empty\\n\\x1b[2Jname.txt: error: the file is empty; skipped" in lines
    assert any(line.startswith("content/documents/good\\nname.txt: 1 article(s)") for line in lines), result.stderr
    assert not any(line.startswith(("name.txt", "\x1b")) or "\x1b" in line for line in lines), result.stderr
