"""glossary/glossary.json: the glossary as open data, with its licence and every source.

The file is deterministic (fields in a fixed order, entries in glossary order, no
timestamps), so a rebuild of the same glossary writes the same bytes. Each entry
is one line of compact JSON: a line diff between two versions names the entries
that changed, without the quarter of the file that indentation would add.
"""

from __future__ import annotations

import json
from importlib import metadata

JSON_PATH = "glossary/glossary.json"
FORMAT_VERSION = 1
"""Bumped when a field changes meaning or goes away (adding fields keeps it)."""

LICENCE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY-NC 4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC BY-NC-SA 4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
"""Licences whose address is known, so a site only has to name one."""

SOURCE_KEYS = ("title", "url", "locator", "publisher", "date", "kind", "supports", "quote", "note", "mirror_of")


def licence_of(name: str) -> dict[str, str]:
    """The licence as {"name", "url"} ("" when the name is not one jiedu knows).

    >>> licence_of("CC BY 4.0")["url"], licence_of("All rights reserved")["url"]
    ('https://creativecommons.org/licenses/by/4.0/', '')
    """
    return {"name": name, "url": LICENCE_URLS.get(name, "")}


def generator() -> str:
    """ "jiedu" and its version when installed as a package."""
    try:
        return f"jiedu {metadata.version('jiedu')}"
    except metadata.PackageNotFoundError:
        return "jiedu"


def glossary_json(glossary, config) -> str:
    """The whole glossary as JSON text (UTF-8, Chinese unescaped)."""
    head = {
        "format_version": FORMAT_VERSION,
        "title": f"{config.title}: glossary",
        "licence": licence_of(config.glossary_licence),
        "generator": generator(),
    }
    fields = [f"  {json.dumps(name)}: {_compact(value)}," for name, value in head.items()]
    entries = ",\n".join(f"    {_compact(entry_data(entry, config.base_url))}" for entry in glossary)
    return "{\n" + "\n".join(fields) + '\n  "entries": [\n' + entries + ("\n" if entries else "") + "  ]\n}\n"


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def entry_data(entry, base_url: str) -> dict:
    """One entry: its text, its facts with the sources backing each, its sources, and its page."""
    page = f"glossary/{entry.slug}.html"
    return {
        "slug": entry.slug,
        "page": page,
        "url": base_url + page if base_url else "",
        "term": entry.term,
        "traditional": entry.traditional,
        "pinyin": entry.pinyin,
        "english": entry.english,
        "english_official": entry.english_official,
        "gloss": entry.gloss,
        "expansion": list(entry.expansion),
        "expansion_sourced": entry.expansion_sourced,
        "expansion_applies": entry.expansion_applies,
        "first_proposed": entry.first_proposed,
        "variants": list(entry.variants),
        "related": list(entry.related),
        "explanation": entry.body_markdown,
        "facts": {found.fact: {"sources": list(found.sources), "standing": found.standing} for found in entry.facts},
        "sources": [source_data(number, source) for number, source in enumerate(entry.sources, 1)],
    }


def source_data(number: int, source) -> dict:
    data = {key: getattr(source, key) for key in SOURCE_KEYS}
    return {**data, "number": number, "supports": list(source.supports)}

