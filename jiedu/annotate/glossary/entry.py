"""The glossary's values: sources, entries, and the glossary with its lookups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from jiedu.annotate.glossary.index import TermIndex, build_term_index
from jiedu.annotate.syllables import strip_tone


SOURCE_KINDS = ("primary", "official-media", "analyst", "weak")
"""What a source is, most authoritative first: the primary text itself; official
media (Xinhua, CCTV, People's Daily, China Keywords); an analyst (China Media
Project, Sinocism); weak (content farm, mirror or aggregator: a pointer only)."""

UNKNOWN_KIND = "unknown"
"""The kind of a source that does not say (a version-1 entry): shown as unverified."""

FACTS = ("expansion", "first_proposed", "english")
"""The facts of an entry that a source can back, in page order."""

SUPPORTABLE = FACTS + ("usage", "figures")
"""What a source's `supports` may name: a fact, or that it shows the term in use, or figures."""

CITED, WEAK_ONLY, UNSOURCED = "cited", "weak-only", "unsourced"
"""How a fact stands: backed by a primary, official-media or analyst source; only by
weak (or unverified) sources; by no listed source."""


@dataclass(frozen=True, slots=True)
class GlossarySource:
    """One published page or held text an entry's facts come from."""

    title: str
    """The page's title, or a short description of the page where its title was not recorded."""
    url: str = ""
    """An http(s) address; other schemes are dropped when loading. "" when `locator` says where the text is."""
    publisher: str = ""
    """Who published it, e.g. "学习时报" or "China.org.cn"."""
    date: str = ""
    """Publication date as ISO text ("2024-02-01", "2023-11"), "" when unknown."""
    mirror_of: str = ""
    """When the address is a copy on another site, the original it copies ("" otherwise)."""
    note: str = ""
    """A caveat a reader should see, e.g. "reprint of Xinhua"."""
    kind: str = UNKNOWN_KIND
    """One of SOURCE_KINDS, or UNKNOWN_KIND when the entry does not say."""
    supports: tuple[str, ...] = ()
    """Which of SUPPORTABLE this source states, e.g. ("expansion", "usage")."""
    quote: str = ""
    """The source's own words that back the facts it supports (short)."""
    locator: str = ""
    """Where a text without a URL is held, e.g. "lawtext/gov, 政府工作报告-国务院/2019.md"."""


@dataclass(frozen=True, slots=True)
class FactSupport:
    """Which sources back one fact of an entry, and what that makes of the fact."""

    fact: str
    """One of FACTS."""
    sources: tuple[int, ...]
    """1-based positions in the entry's `sources` of the sources that state the fact (footnote numbers)."""
    standing: str
    """CITED, WEAK_ONLY or UNSOURCED."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One formula term: what it says, where it comes from, how to recognise it."""

    slug: str
    """ASCII name from the pinyin, also the file name: "si-jian-da-shi"."""
    term: str
    """The term in Simplified characters, as documents write it: "四件大事"."""
    traditional: str
    """The term in Traditional characters (given, or derived with OpenCC s2t)."""
    pinyin: str
    """Tone-marked, word-spaced pinyin: "sì jiàn dàshì"."""
    english: str
    """A short English rendering for headings and lists."""
    gloss: str
    """One or two short English sentences: the tooltip."""
    expansion: tuple[str, ...]
    """The items the term stands for, in Chinese, exactly as the source states them."""
    expansion_sourced: bool
    """True only when `expansion` is taken from one of `sources`."""
    expansion_applies: bool
    """False for a name or slogan that the sources show stands for no list (长治久安):
    then an empty `expansion` is not a missing one, and no "source not found" is due."""
    first_proposed: str
    """Where and when the term was first put forward, per the sources, or "not found"."""
    related: tuple[str, ...]
    """Slugs of related entries (only slugs that exist in the glossary)."""
    variants: tuple[str, ...]
    """Other written forms to recognise, e.g. "“三变”改革" (Traditional forms are added)."""
    forms: tuple[str, ...]
    """Every written form recognised in text: term, traditional, variants and their Traditional."""
    sources: tuple[GlossarySource, ...]
    """Where the facts come from; empty when no source was found."""
    body_markdown: str
    """The explanation, Markdown, rendered with raw HTML off."""
    path: Path
    """The file the entry was read from."""
    body_line: int = 1
    """The file line on which `body_markdown` starts (for messages about the body)."""
    expansion_traditional: tuple[str, ...] = ()
    """`expansion` in Traditional characters (OpenCC s2t), for pages read in Traditional."""
    english_official: bool = False
    """True when a source that supports "english" gives `english` as an official rendering."""
    facts: tuple[FactSupport, ...] = ()
    """The entry's stated facts with the sources that back them (jiedu.annotate.glossary.facts)."""

    def fact(self, name: str) -> FactSupport | None:
        """The support of one fact ("expansion", "first_proposed", "english"), None when the entry states no such fact."""
        return next((found for found in self.facts if found.fact == name), None)

    @property
    def has_weak_facts(self) -> bool:
        """True when a fact the entry states rests on weak sources only, or on none."""
        return any(found.standing != CITED for found in self.facts)


def pinyin_sort_key(entry: GlossaryEntry) -> tuple[str, str, str]:
    """Sort key: pinyin without tones or spaces, then with spaces, then the term.

    >>> e = GlossaryEntry("a", "两重", "兩重", "liǎng zhòng", "", "", (), False, True, "", (), (), (), (), "", Path("a.md"))
    >>> pinyin_sort_key(e)
    ('liangzhong', 'liang zhong', '两重')
    """
    toneless = strip_tone(entry.pinyin).lower()
    return ("".join(ch for ch in toneless if ch.isalnum()), toneless, entry.term)


@dataclass(frozen=True, slots=True, eq=False)
class Glossary:
    """All entries, sorted by pinyin, with lookups by slug and by written form.

    Build it with `build_glossary` (or `load_glossary`), never field by field.
    It is a resource built once per build: compared and hashed by identity.
    """

    entries: tuple[GlossaryEntry, ...]
    """Sorted by pinyin (tones ignored), then term."""
    by_slug: Mapping[str, GlossaryEntry]
    """Read-only: slug -> entry."""
    index: TermIndex
    """The compiled matcher used by `find_terms`."""

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def __contains__(self, slug: object) -> bool:
        return slug in self.by_slug

    def get(self, slug: str) -> GlossaryEntry | None:
        """The entry with this slug, or None."""
        return self.by_slug.get(slug)

    def lookup(self, written: str) -> GlossaryEntry | None:
        """The entry one of whose forms is `written` (Simplified, Traditional or variant).

        Quotes, full-width ASCII and variant characters are folded first, so
        "「四個自信」" is not found but "四個自信" and "四个自信" are.
        """
        slug = self.index.slug_for(written)
        return None if slug is None else self.by_slug[slug]

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form of every entry, e.g. to add to a word segmenter."""
        return tuple(form for entry in self.entries for form in entry.forms)


def build_glossary(entries: list[GlossaryEntry] | tuple[GlossaryEntry, ...]) -> Glossary:
    """Sort the entries and build the lookups. Slugs and forms must already be unique."""
    ordered = tuple(sorted(entries, key=pinyin_sort_key))
    forms = {form: entry.slug for entry in ordered for form in entry.forms}
    return Glossary(
        entries=ordered,
        by_slug=MappingProxyType({entry.slug: entry for entry in ordered}),
        index=build_term_index(forms),
    )
