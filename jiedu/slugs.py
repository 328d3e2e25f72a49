"""URL-safe names for documents, sections and glossary terms.

Slugs are ASCII so that links work the same at a domain root, under a
GitHub Pages subpath and from disk, whatever the file system's encoding.
"""

from __future__ import annotations

import re
import unicodedata


NOT_SLUG = re.compile(r"[^a-z0-9]+")


def to_slug(text: str, fallback: str = "untitled") -> str:
    """An ASCII slug: Han characters spelt in toneless pinyin.

    ASCII text (most file names) needs no pinyin, so pypinyin is not even loaded for it.

    >>> to_slug("关于政府工作报告的决议")
    'guan-yu-zheng-fu-gong-zuo-bao-gao-de-jue-yi'
    >>> to_slug("2024 Work Report..")
    '2024-work-report'
    >>> to_slug("..", fallback="doc")
    'doc'
    """
    spelt = text if text.isascii() else _spelt_in_pinyin(text)
    ascii_text = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode().lower()
    slug = NOT_SLUG.sub("-", ascii_text).strip("-")
    return slug[:80].rstrip("-") or fallback


def _spelt_in_pinyin(text: str) -> str:
    """Han characters as toneless pinyin syllables, the rest as it is (pypinyin splits them into pieces)."""
    from pypinyin import Style, lazy_pinyin  # here: its dictionaries take a fifth of a second to load

    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… if already taken; records the result.

    >>> taken = {"a"}
    >>> unique_slug("a", taken), unique_slug("a", taken), sorted(taken)
    ('a-2', 'a-3', ['a', 'a-2', 'a-3'])
    """
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
