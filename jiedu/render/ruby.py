"""Annotated text to HTML: mono-ruby pinyin, glossary marks, uncertain spans.

This is the one place where pre-built markup is made; the templates mark it
safe deliberately through `Markup` in `jiedu.render.environment`.

Each Han character gets its own reading (mono-ruby, as the W3C's Requirements
for Chinese Text Layout describe for pinyin); consecutive characters share one
<ruby> element: <ruby>坚<rt>jiān</rt>持<rt>chí</rt></ruby>.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape

from ..annotate import AnnotatedText
from ..annotate.scripts import Script


def annotated_to_html(text: AnnotatedText, script: Script, term_href: Callable[[str], str] | None, with_tooltips: bool = True) -> str:
    """HTML for one annotated string; `term_href(slug)` links glossary terms (None: no marks).

    With `with_tooltips`, term links point (aria-describedby) at the page's
    tooltip for the term, which the page must hold.

    >>> from jiedu.annotate import AnnotatedText, TermMark
    >>> t = AnnotatedText("坚持“两个维护”", "堅持“兩個維護”", ("jiān", "chí", None, "liǎng", "gè", "wéi", "hù", None), (TermMark(3, 7, "liang-ge-wei-hu"),))
    >>> annotated_to_html(t, Script.SIMPLIFIED, lambda slug: f"g/{slug}.html")
    '<ruby>坚<rt>jiān</rt>持<rt>chí</rt></ruby>“<a class="term" href="g/liang-ge-wei-hu.html" data-term="liang-ge-wei-hu" aria-describedby="tip-liang-ge-wei-hu"><ruby>两<rt>liǎng</rt>个<rt>gè</rt>维<rt>wéi</rt>护<rt>hù</rt></ruby></a>”'
    """
    chars = text.in_script(script)
    wrappers = _wrappers(text, term_href, with_tooltips)
    if not wrappers:
        return _plain_html(chars, text.readings, 0, len(chars))
    out: list[str] = []
    position = 0
    for start, end, opening, closing in wrappers:
        out.append(_plain_html(chars, text.readings, position, start))
        out.append(opening + _plain_html(chars, text.readings, start, end) + closing)
        position = end
    out.append(_plain_html(chars, text.readings, position, len(chars)))
    return "".join(out)


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


def _plain_html(chars: str, readings, start: int, end: int) -> str:
    """Ruby for the Han characters in chars[start:end], escaped text for the rest.

    This runs for every character of every page, so it avoids per-character
    Python work: each (character, reading) pair maps, through a memo, to its
    HTML with its own <ruby> element, and then the seams between neighbouring
    ruby elements are removed, so a run of Han characters shares one element.
    The seam "</ruby><ruby>" can only come from two adjacent pairs: escaped
    text and readings never hold a "<".

    >>> _plain_html("人民，ok", ("rén", "mín", None, None, None), 0, 5)
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
