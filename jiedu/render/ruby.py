"""Annotated text to HTML: mono-ruby pinyin, glossary marks, uncertain spans, inline formatting.

This is the one place where pre-built markup is made; the templates mark it
safe deliberately through `Markup` in `jiedu.render.environment`.

Each Han character gets its own reading (mono-ruby, as the W3C's Requirements
for Chinese Text Layout describe for pinyin); consecutive characters share one
<ruby> element: <ruby>坚<rt>jiān</rt>持<rt>chí</rt></ruby>.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html import escape

from ..annotate import AnnotatedText
from ..annotate.scripts import Script


def annotated_to_html(text: AnnotatedText, script: Script, term_href: Callable[[str], str] | None, with_tooltips: bool = True, marks=()) -> str:
    """HTML for one annotated string; `term_href(slug)` links glossary terms (None: no marks).

    `marks` are the block's inline formatting (`jiedu.model.Block.marks`):
    bold, italic, code and links to http(s) addresses, around the ruby.

    With `with_tooltips`, term links point (aria-describedby) at the page's
    tooltip for the term, which the page must hold.

    >>> from jiedu.annotate import AnnotatedText, TermMark
    >>> t = AnnotatedText("坚持“两个维护”", "堅持“兩個維護”", ("jiān", "chí", None, "liǎng", "gè", "wéi", "hù", None), (TermMark(3, 7, "liang-ge-wei-hu"),))
    >>> annotated_to_html(t, Script.SIMPLIFIED, lambda slug: f"g/{slug}.html")
    '<ruby>坚<rt>jiān</rt>持<rt>chí</rt></ruby>“<a class="term" href="g/liang-ge-wei-hu.html" data-term="liang-ge-wei-hu" aria-describedby="tip-liang-ge-wei-hu"><ruby>两<rt>liǎng</rt>个<rt>gè</rt>维<rt>wéi</rt>护<rt>hù</rt></ruby></a>”'
    """
    chars = text.in_script(script)
    wrappers = _wrappers(text, term_href, with_tooltips)
    outer = mark_spans(text, marks)
    if not outer:
        return _wrapped_html(chars, text.readings, wrappers, 0, len(chars))
    out: list[str] = []
    position = 0
    for start, end, kind, href in outer:
        inner = [w for w in wrappers if kind != "link" or not w[2].startswith("<a")]  # no link inside a link
        out.append(_wrapped_html(chars, text.readings, wrappers, position, start))
        opening, closing = _mark_tags(kind, href)
        out.append(opening + _wrapped_html(chars, text.readings, inner, start, end, latin=kind != "code") + closing)
        position = end
    out.append(_wrapped_html(chars, text.readings, wrappers, position, len(chars)))
    return "".join(out)


def _wrapped_html(chars: str, readings, wrappers, low: int, high: int, latin: bool = True) -> str:
    """chars[low:high] with the wrappers that lie wholly inside it (a term cut by a mark's edge goes unmarked).
    `latin`: Latin runs in their span (not in <code>, which the stylesheet sets without letter-spacing whole)."""
    out: list[str] = []
    position = low
    for start, end, opening, closing in wrappers:
        if start >= low and end <= high:
            out.append(_plain_html(chars, readings, position, start, latin))
            out.append(opening + _plain_html(chars, readings, start, end, latin) + closing)
            position = end
    out.append(_plain_html(chars, readings, position, high, latin))
    return "".join(out)


MARK_TAGS = {"strong": ("<strong>", "</strong>"), "em": ("<em>", "</em>"), "code": ("<code>", "</code>")}


def _mark_tags(kind: str, href: str) -> tuple[str, str]:
    if kind == "link":
        return f'<a class="source-link" href="{escape(href)}" rel="noopener">', "</a>"
    return MARK_TAGS[kind]


def mark_spans(text: AnnotatedText, marks) -> list[tuple[int, int, str, str]]:
    """Where each inline mark's text is, left to right; a mark not found, or overlapping one before, is left out.

    Marks are looked for in the script the text was written in (either form
    has the same length), each after the one before, so a phrase printed
    twice is marked where it was marked.

    >>> from jiedu.annotate import AnnotatedText
    >>> t = AnnotatedText("坚持稳中求进，稳中求进", "堅持穩中求進，穩中求進", (None,) * 11, ())
    >>> mark_spans(t, (("strong", "稳中求进", ""), ("link", "稳中求进", "https://example.org")))
    [(2, 6, 'strong', ''), (7, 11, 'link', 'https://example.org')]
    """
    if not marks or len(text.simplified) != len(text.traditional):
        return []
    spans: list[tuple[int, int, str, str]] = []
    position = 0
    for kind, marked, href in marks:
        if kind not in MARK_TAGS and not (kind == "link" and href.startswith(("http://", "https://"))):
            continue
        found = next((at for form in (text.simplified, text.traditional) if marked and (at := form.find(marked, position)) >= 0), -1)
        if found >= 0:
            spans.append((found, found + len(marked), kind, href))
            position = found + len(marked)
    return spans


def _wrappers(text: AnnotatedText, term_href, with_tooltips: bool) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, opening tag, closing tag), in order."""
    wrappers = [(s, e, '<mark class="uncertain" title="Uncertain repair: check the source">', "</mark>") for s, e in text.uncertain]
    if term_href is not None:
        taken = [(s, e) for s, e, _, _ in wrappers]
        for term in text.terms:
            if not any(term.start < e and s < term.end for s, e in taken):
                wrappers.append((term.start, term.end, _term_opening(term.slug, term_href(term.slug), with_tooltips), "</a>"))
    return sorted(wrappers)


def _term_opening(slug: str, href: str, with_tooltip: bool) -> str:
    if not with_tooltip:
        return f'<a class="term-link" href="{escape(href)}">'
    return f'<a class="term" href="{escape(href)}" data-term="{slug}" aria-describedby="tip-{slug}">'


_RUBY_SEAM = "</ruby><ruby>"
"""Where two one-character ruby elements meet; removed to merge them."""


LATIN_RUN_RE = re.compile(r"[0-9A-Za-z]+(?:[.,:/'’&+-][0-9A-Za-z]+)*%?")
"""A number or a word in Latin letters ("2025", "5.2%", "PM2.5", "Wong"): set in a `<span class="lat">`,
which the stylesheet keeps free of the letter-spacing that spaces Han characters under their readings."""


def _plain_html(chars: str, readings, start: int, end: int, latin: bool = True) -> str:
    """chars[start:end] as HTML: ruby for the Han characters, escaped text for the rest, Latin runs in a span.

    >>> _plain_html("2025年GDP增长5.2%", (None,) * 4 + ("nián",) + (None,) * 3 + ("zēng", "zhǎng") + (None,) * 4, 0, 14)
    '<span class="lat">2025</span><ruby>年<rt>nián</rt></ruby><span class="lat">GDP</span><ruby>增<rt>zēng</rt>长<rt>zhǎng</rt></ruby><span class="lat">5.2%</span>'
    """
    runs = [match.span() for match in LATIN_RUN_RE.finditer(chars, start, end) if match.end() - match.start() > 1] if latin else []
    if not runs:
        return _characters_html(chars, readings, start, end)
    out, position = [], start
    for run_start, run_end in runs:
        out.append(_characters_html(chars, readings, position, run_start))
        out.append(f'<span class="lat">{escape(chars[run_start:run_end], quote=False)}</span>')
        position = run_end
    out.append(_characters_html(chars, readings, position, end))
    return "".join(out)


def _characters_html(chars: str, readings, start: int, end: int) -> str:
    """Ruby for the Han characters in chars[start:end], escaped text for the rest.

    This runs for every character of every page, so it avoids per-character
    Python work: each (character, reading) pair maps, through a memo, to its
    HTML with its own <ruby> element, and then the seams between neighbouring
    ruby elements are removed, so a run of Han characters shares one element.
    The seam "</ruby><ruby>" can only come from two adjacent pairs: escaped
    text and readings never hold a "<".

    >>> _characters_html("人民，ok", ("rén", "mín", None, None, None), 0, 5)
    '<ruby>人<rt>rén</rt>民<rt>mín</rt></ruby>，ok'
    """
    pieces = map(_character_html, chars[start:end], readings[start:end])
    return "".join(pieces).replace(_RUBY_SEAM, "")


@cache
def _character_html(char: str, reading: str | None) -> str:
    """One character as HTML: escaped, or in its own <ruby> with its reading.

    Memoized because a build renders a few thousand distinct pairs millions
    of times. The memo holds one entry per distinct (character, reading)
    pair, which bounds it, and as the function is pure it never changes what
    is rendered.
    """
    if reading is None:
        return escape(char, quote=False)
    return f"<ruby>{escape(char, quote=False)}<rt>{escape(reading, quote=False)}</rt></ruby>"
