"""A compiled index of written forms: find every form that starts at a position.

The forms are stored folded (see `chars.fold_for_matching`) in a trie. The same
trie is also written out as one regular expression, so that the scan for the
next place where *some* form starts runs inside the `re` engine rather than in
a Python loop over every character; the trie is then walked from that place
to list every form starting there (the regex gives the longest only).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from jiedu.annotate.glossary.chars import fold_for_matching

_END = ""
"""Trie key marking that a form ends at this node; its value is the slug."""


@dataclass(frozen=True, slots=True, eq=False)
class TermIndex:
    """Folded written forms -> slugs, as a trie and an equivalent regex."""

    slugs: Mapping[str, str]
    """Read-only: folded form -> slug."""
    trie: Mapping
    """Nested dicts, one level per character; key "" holds the slug of a form ending there."""
    pattern: re.Pattern[str] | None
    """The trie as a regex (longest alternative first at each node); None when empty."""

    def slug_for(self, written: str) -> str | None:
        """The slug whose form is `written` (after folding), or None."""
        return self.slugs.get(fold_for_matching(written))

    def candidates(self, folded_text: str) -> Iterator[tuple[int, int, str]]:
        """Every (start, end, slug) where a form occurs in `folded_text`, overlaps included.

        >>> index = build_term_index({"三保": "san-bao", "一收入三保障": "yi-shou-ru"})
        >>> list(index.candidates("紧盯一收入三保障"))
        [(2, 8, 'yi-shou-ru'), (5, 7, 'san-bao')]
        """
        if self.pattern is None:
            return
        search = self.pattern.search
        found = search(folded_text)
        while found is not None:
            start = found.start()
            yield from _forms_starting_at(self.trie, folded_text, start)
            found = search(folded_text, start + 1)


def _forms_starting_at(trie: Mapping, text: str, start: int) -> Iterator[tuple[int, int, str]]:
    node = trie
    for position in range(start, len(text)):
        node = node.get(text[position])
        if node is None:
            return
        if _END in node:
            yield start, position + 1, node[_END]


def build_term_index(forms: Mapping[str, str]) -> TermIndex:
    """Index written form -> slug. Forms are folded; on a clash the first one wins."""
    slugs: dict[str, str] = {}
    for form, slug in forms.items():
        folded = fold_for_matching(form)
        if folded:
            slugs.setdefault(folded, slug)
    trie = _build_trie(slugs)
    pattern = re.compile(_trie_to_regex(trie)) if slugs else None
    return TermIndex(slugs=MappingProxyType(slugs), trie=trie, pattern=pattern)


def _build_trie(slugs: Mapping[str, str]) -> dict:
    root: dict = {}
    for form, slug in slugs.items():
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[_END] = slug
    return root


def _trie_to_regex(node: Mapping) -> str:
    """The trie as a regex; an optional tail is greedy, so the longest form wins.

    >>> _trie_to_regex(_build_trie({"ab": "x", "abc": "y", "ad": "z"}))
    'a(?:b(?:c)?|d)'
    """
    branches = [re.escape(char) + _trie_to_regex(child) for char, child in node.items() if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?"
    return body
