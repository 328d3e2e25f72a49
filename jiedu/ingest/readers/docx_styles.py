"""What a Word paragraph is, from its style chain and numbering: heading, list item, title or body.

Split from `docx.py`. Word says a paragraph is a heading in two ways: a
heading style ("Heading 2", "标题 2", or a custom style based on one) or an
outline level (``w:outlineLvl``, 0 = level 1; 9 means body text) set on the
paragraph or anywhere in its style chain. It is a list item when it has
numbering (``w:numPr``) directly or through its style.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .docx_package import W

HEADING_STYLE_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
TITLE_STYLE_NAMES = {"title", "标题"}
BODY_OUTLINE_LEVEL = 9
MAX_HEADING_LEVEL = 6
# Fonts whose bullet characters are pictures (Wingdings' check marks), not text.
SYMBOL_FONTS = re.compile(r"symbol|wingdings|webdings", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParagraphKind:
    heading_level: int = 0
    list_level: int = 0
    marker: str = ""
    is_title: bool = False


@dataclass(frozen=True, slots=True)
class StyleFacts:
    heading_level: int = 0
    is_title: bool = False
    numbering: tuple[str, str] | None = None
    """(numId, ilvl) the style numbers its paragraphs with."""


class StyleBook:
    """Paragraph styles and list definitions of one document, resolved once."""

    def __init__(self, document) -> None:
        styles = _styles_root(document)
        by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")} if styles is not None else {}
        self.facts = {style_id: _style_facts(style_id, by_id) for style_id in _paragraph_style_ids(styles)}
        self.default_style = _default_paragraph_style(styles)
        self.markers = literal_markers(document)

    def paragraph_kind(self, p) -> ParagraphKind:
        """Heading, title, list item or body, from the paragraph's own properties and its style."""
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        style = self.facts.get(style_id or self.default_style, StyleFacts())
        if style.is_title:
            return ParagraphKind(is_title=True)
        level = outline_heading_level(ppr) if ppr is not None else None
        level = style.heading_level if level is None else level
        if level:
            return ParagraphKind(heading_level=level)
        numbering = _direct_numbering(ppr) or style.numbering
        if numbering is None or numbering[0] in ("0", ""):
            return ParagraphKind()
        return ParagraphKind(list_level=int(numbering[1]) + 1, marker=self.markers.get(numbering, ""))


def outline_heading_level(ppr) -> int | None:
    """The heading level an outline level gives (0 for body text); None when none is set.

    >>> from lxml import etree
    >>> outline_heading_level(etree.fromstring(f'<w:pPr xmlns:w="{W[1:-1]}"><w:outlineLvl w:val="1"/></w:pPr>'))
    2
    """
    value = _val(ppr.find(f"{W}outlineLvl"))
    if value is None or not value.isdigit():
        return None
    level = int(value)
    return 0 if level >= BODY_OUTLINE_LEVEL else min(level + 1, MAX_HEADING_LEVEL)


def _styles_root(document):
    try:
        return document.styles.element
    except (KeyError, ValueError, AttributeError):
        return None


def _paragraph_style_ids(styles) -> list[str]:
    if styles is None:
        return []
    return [s.get(f"{W}styleId") for s in styles.iter(f"{W}style") if s.get(f"{W}type") == "paragraph"]


def _default_paragraph_style(styles) -> str | None:
    if styles is None:
        return None
    return next((s.get(f"{W}styleId") for s in styles.iter(f"{W}style") if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")), None)


def _style_facts(style_id: str, by_id: dict) -> StyleFacts:
    """Walk the basedOn chain: the nearest style that says something decides."""
    level, numbering, seen = None, None, set()
    current = by_id.get(style_id)
    while current is not None and style_id not in seen:
        seen.add(style_id)
        name = unicodedata.normalize("NFKC", _val(current.find(f"{W}name")) or "").strip()
        if name.lower() in TITLE_STYLE_NAMES and level is None:
            return StyleFacts(is_title=True)
        ppr = current.find(f"{W}pPr")
        if level is None:
            named = HEADING_STYLE_NAME.match(name)
            level = min(int(named.group(1)), MAX_HEADING_LEVEL) if named else (outline_heading_level(ppr) if ppr is not None else None)
        numbering = numbering or (_direct_numbering(ppr) if ppr is not None else None)
        style_id = _val(current.find(f"{W}basedOn"))
        current = by_id.get(style_id)
    return StyleFacts(heading_level=level or 0, numbering=numbering)


def _direct_numbering(ppr) -> tuple[str, str] | None:
    if ppr is None or (numpr := ppr.find(f"{W}numPr")) is None:
        return None
    num_id = _val(numpr.find(f"{W}numId"))
    return (num_id, _val(numpr.find(f"{W}ilvl")) or "0") if num_id is not None else None


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")


# --- numbering: which list levels show a marker that is literal text ---


def literal_markers(document) -> dict[tuple[str, str], str]:
    """(numId, ilvl) → the marker Word shows when it is fixed text ("●", "——").

    Computed numbers ("%1." → 1., 2., …) are left out: Word counts them at
    display time and they are not in the text.
    """
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError, ValueError):
        return {}
    abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
    markers = {}
    for num in root.iter(f"{W}num"):
        definition = abstract.get(_val(num.find(f"{W}abstractNumId")))
        levels = list(definition.iter(f"{W}lvl")) if definition is not None else []
        levels += [lvl for override in num.iter(f"{W}lvlOverride") for lvl in override.iter(f"{W}lvl")]
        for lvl in levels:
            if marker := literal_marker(lvl):
                markers[(num.get(f"{W}numId"), lvl.get(f"{W}ilvl"))] = marker
    return markers


def literal_marker(lvl) -> str:
    """A level's marker when it is plain text: no %N number, no symbol-font picture, no private-use glyph."""
    text = (_val(lvl.find(f"{W}lvlText")) or "").strip()
    fonts = lvl.find(f"{W}rPr/{W}rFonts")
    font_names = " ".join(fonts.attrib.values()) if fonts is not None else ""
    if not text or "%" in text or SYMBOL_FONTS.search(font_names):
        return ""
    return "" if any(unicodedata.category(ch) == "Co" for ch in text) else text
