"""An entry's `sources`: each a title, a URL or a locator, a kind, the facts it supports and its words.

A version-1 entry gives no `kind`: its sources load with kind "unknown" (shown
as unverified) and without a warning. Once any source of an entry gives a kind,
every source must: one without is warned about. Sources are returned most
authoritative kind first (a stable sort), so footnote numbers follow the page's
grouping by kind.
"""

from __future__ import annotations

from jiedu.annotate.glossary.entry import SOURCE_KINDS, SUPPORTABLE, UNKNOWN_KIND, GlossarySource
from jiedu.annotate.glossary.fields import FieldReader, is_scalar, is_web_url, scalar_text, yaml_kind

TEXT_FIELDS = ("title", "url", "publisher", "date", "mirror_of", "note", "kind", "quote", "locator")
"""Keys of one source whose value is text."""

SOURCE_FIELDS = TEXT_FIELDS + ("supports",)
"""Every key one item of `sources` may have; `title`, and `url` or `locator`, are required."""

KIND_ORDER = {kind: rank for rank, kind in enumerate(SOURCE_KINDS + (UNKNOWN_KIND,))}


def read_sources(reader: FieldReader) -> tuple[GlossarySource, ...]:
    """The entry's usable sources, ordered by kind; a warning on its line for each bad one."""
    value = reader.raw("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.warn("sources", f"`sources` should be a list, not {yaml_kind(value)}; it was ignored")
        return ()
    lines = reader.item_lines("sources")
    lines = lines if len(lines) == len(value) else [None] * len(value)
    kinds_given = any(isinstance(item, dict) and "kind" in item for item in value)
    read = [_source(reader, number, item, line, kinds_given) for number, (item, line) in enumerate(zip(value, lines), 1)]
    return order_by_kind(source for source in read if source is not None)


def order_by_kind(sources) -> tuple[GlossarySource, ...]:
    """Primary texts first, then official media, analysts, weak, unknown; otherwise as written.

    >>> [s.kind for s in order_by_kind([GlossarySource("a", kind="weak"), GlossarySource("b", kind="primary")])]
    ['primary', 'weak']
    """
    return tuple(sorted(sources, key=lambda source: KIND_ORDER[source.kind]))


def _source(reader: FieldReader, number: int, item: object, line: int | None, kinds_given: bool) -> GlossarySource | None:
    def warn(message: str) -> None:
        reader.warn("sources", f"source {number} {message}", line)

    if not isinstance(item, dict):
        warn("should be a mapping (title:, url:, kind:, …); it was dropped")
        return None
    _warn_unknown_keys(item, warn)
    fields = _text_fields(item, warn)
    url = _checked_url(fields.pop("url", ""), warn)
    if not fields.get("title") or not (url or fields.get("locator")):
        warn("needs a `title` and a `url` or `locator`; it was dropped")
        return None
    kind = _checked_kind(fields.pop("kind", ""), kinds_given, warn)
    return GlossarySource(**fields, url=url, kind=kind, supports=_supports(item.get("supports"), warn))


def _warn_unknown_keys(item: dict, warn) -> None:
    unknown = sorted(str(key) for key in item if key not in SOURCE_FIELDS)
    if unknown:
        warn(f"has unknown keys {', '.join(unknown)}; they were ignored (known: {', '.join(SOURCE_FIELDS)})")


def _text_fields(item: dict, warn) -> dict[str, str]:
    fields = {}
    for key in TEXT_FIELDS:
        value = item.get(key)
        if value is None:
            continue
        if not is_scalar(value):
            warn(f"`{key}` should be text, not {yaml_kind(value)}; it was ignored")
            continue
        fields[key] = scalar_text(value).strip()
    return fields


def _checked_url(url: str, warn) -> str:
    if url and not is_web_url(url):
        warn(f"url {url!r} is not an http(s) address; it was ignored")
        return ""
    return url


def _checked_kind(kind: str, kinds_given: bool, warn) -> str:
    if kind in SOURCE_KINDS:
        return kind
    if kind:
        warn(f"kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}; shown as unverified")
    elif kinds_given:
        warn(f"has no `kind` (one of {', '.join(SOURCE_KINDS)}); shown as unverified")
    return UNKNOWN_KIND


def _supports(value: object, warn) -> tuple[str, ...]:
    """The facts a source states: known names only, each once, in SUPPORTABLE order."""
    if value is None:
        return ()
    if isinstance(value, str):
        warn("`supports` should be a list, e.g. [expansion, usage]; read as one item")
        value = [value]
    if not isinstance(value, list):
        warn(f"`supports` should be a list, not {yaml_kind(value)}; it was ignored")
        return ()
    names = [str(name).strip() for name in value]
    unknown = [name for name in names if name not in SUPPORTABLE]
    if unknown:
        warn(f"supports {', '.join(map(repr, unknown))}, not one of {', '.join(SUPPORTABLE)}; ignored")
    return tuple(name for name in SUPPORTABLE if name in names)
