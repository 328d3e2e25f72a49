"""Which sources back each fact an entry states, and whether the fact rests on weak sources or on none.

An entry states its expansion when it has one, its first appearance unless
it says "not found" / "not confirmed", and its English when it calls it
official. A source backs a fact when its `supports` names the fact.
"""

from __future__ import annotations

import re

from jiedu.annotate.glossary.entry import CITED, FACTS, UNSOURCED, WEAK_ONLY, FactSupport, GlossarySource

STRONG_KINDS = frozenset({"primary", "official-media", "analyst"})
"""Kinds a researcher can cite; a fact backed only by other kinds rests on weak sources."""

NOT_STATED = re.compile(r"\W*not (found|confirmed)\b", re.IGNORECASE)
"""How an entry says it has no first appearance to state (glossary entry format, version 2)."""


def support_facts(stated: tuple[str, ...], sources: tuple[GlossarySource, ...]) -> tuple[FactSupport, ...]:
    """Each fact that is stated, or (but English) that some source backs, in FACTS order.

    >>> primary, weak = GlossarySource("a", "https://a.cn", kind="primary", supports=("expansion",)), GlossarySource("b", "https://b.com", kind="weak", supports=("first_proposed",))
    >>> [(f.fact, f.sources, f.standing) for f in support_facts(("expansion", "first_proposed", "english"), (primary, weak))]
    [('expansion', (1,), 'cited'), ('first_proposed', (2,), 'weak-only'), ('english', (), 'unsourced')]
    """
    found = []
    for fact in FACTS:
        numbers = tuple(number for number, source in enumerate(sources, 1) if fact in source.supports)
        # A source giving an English rendering backs `english` only when the entry calls it official:
        # otherwise `english` is our own rendering, and footnotes would claim it for the source.
        if fact in stated or (numbers and fact != "english"):
            found.append(FactSupport(fact, numbers, standing({sources[n - 1].kind for n in numbers})))
    return tuple(found)


def standing(kinds: set[str]) -> str:
    """CITED when a strong kind is among the backing sources' kinds, WEAK_ONLY when only others are, UNSOURCED when none.

    >>> standing({"weak", "official-media"}), standing({"weak", "unknown"}), standing(set())
    ('cited', 'weak-only', 'unsourced')
    """
    if not kinds:
        return UNSOURCED
    return CITED if kinds & STRONG_KINDS else WEAK_ONLY


def stated_facts(expansion: tuple[str, ...], first_proposed: str, english_official: bool) -> tuple[str, ...]:
    """The facts an entry puts forward as facts.

    >>> stated_facts(("甲", "乙"), "Not confirmed: the sources disagree.", False)
    ('expansion',)
    >>> stated_facts((), "The 19th Party Congress, October 2017.", True)
    ('first_proposed', 'english')
    """
    stated = {
        "expansion": bool(expansion),
        "first_proposed": bool(first_proposed) and not NOT_STATED.match(first_proposed),
        "english": english_official,
    }
    return tuple(fact for fact in FACTS if stated[fact])
