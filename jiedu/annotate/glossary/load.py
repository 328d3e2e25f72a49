"""Read content/glossary/<slug>.md files into a Glossary, reporting problems instead of crashing.

A file is YAML front matter between `---` lines, then a Markdown body.

Required fields (a file without them is skipped with an ERROR): `term` (the
Simplified term), `english` (a short rendering) and `gloss` (the tooltip).
Optional fields and what happens when they are absent:

- `traditional`: derived from `term` with the `to_traditional` converter
  (and `expansion_traditional`, always derived, from `expansion`);
- `pinyin`: derived from `term` with `to_pinyin`;
- `expansion`: a list of the items the term stands for, as the source states
  them; empty when it is not an abbreviation or when no source was found;
- `expansion_sourced`: false (true only when a listed source gives `expansion`;
  when sources say what they support, one of them must support "expansion");
- `expansion_applies`: true; write false for a name or slogan that the sources
  show stands for no list (长治久安, 南亚班列), so that its empty expansion
  is not reported as "no source found";
- `english_official`: false (true only when a source supporting "english" gives
  `english` as an official rendering);
- `first_proposed`: "" (write "not found" when it was looked for and not found);
- `related`, `variants`: empty lists; `related` slugs that do not exist are dropped;
- `sources`: a list of {title, url, locator, publisher, date, kind, supports,
  quote, note, mirror_of}; `title` and an http(s) `url` or a `locator` are
  required, other sources are dropped (see `jiedu.annotate.glossary.sources`).

The loaded entry carries its `facts`: for each fact it states, the sources
that back it and whether it rests on weak sources only or on none
(`jiedu.annotate.glossary.facts`).

The slug is the file name without `.md`: lower-case ASCII words joined by
hyphens, from the pinyin. A field of the wrong type, an unknown field or a
dropped source is a WARNING and the entry is loaded without it; two files with
the same slug or term, or claiming the same written form, are reported too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from jiedu.annotate.glossary.chars import fold_for_matching
from jiedu.annotate.glossary.entry import Glossary, GlossaryEntry, GlossarySource, build_glossary
from jiedu.annotate.glossary.facts import stated_facts, support_facts
from jiedu.annotate.glossary.fields import FieldReader, is_web_url
from jiedu.annotate.glossary.sources import read_sources
from jiedu.frontmatter import FrontMatter, FrontMatterError, split_front_matter
from jiedu.model import Problem, Severity

__all__ = ["is_web_url", "load_glossary", "parse_entry", "read_entry", "written_forms"]

REQUIRED_FIELDS = ("term", "english", "gloss")
"""Fields without which an entry is skipped."""

OPTIONAL_FIELDS = (
    "traditional", "pinyin", "expansion", "expansion_sourced", "expansion_applies", "english_official",
    "first_proposed", "related", "variants", "sources",
)
"""Fields that have a safe default."""

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What a file name (without .md) must look like."""


def load_glossary(
    folder: Path,
    to_traditional: Callable[[str], str],
    to_pinyin: Callable[[str], str],
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> tuple[Glossary, list[Problem]]:
    """Read every `*.md` in `folder`; return the glossary and what was wrong with the files.

    Files are read in slug order; when two clash, the first keeps the term or form.
    A build reads them with `jiedu.paths.content_file_reader`, which refuses
    links leading out of the content folder.
    """
    if not folder.is_dir():
        return build_glossary([]), [Problem(str(folder), None, "the glossary folder does not exist")]
    entries: list[GlossaryEntry] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md"), key=lambda path: path.stem):
        entry, found = read_entry(path, to_traditional, to_pinyin, read)
        problems += found
        if entry is not None:
            entries.append(entry)
    entries, found = drop_clashing_entries(entries)
    problems += found
    entries, found = drop_unknown_related(entries)
    problems += found
    return build_glossary(entries), sorted(problems, key=lambda p: (p.path, p.line or 0))


def read_entry(
    path: Path, to_traditional: Callable[[str], str], to_pinyin: Callable[[str], str], read: Callable[[Path], bytes] = Path.read_bytes
) -> tuple[GlossaryEntry | None, list[Problem]]:
    """Read one file; None (and an ERROR) when it cannot be used."""
    try:
        text = read(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [_error(path, None, f"the file is not UTF-8 (byte {error.start} is not valid)")]
    except OSError as error:
        return None, [_error(path, None, f"the file cannot be read: {error.strerror}")]
    return parse_entry(text.replace("\r\n", "\n"), path, to_traditional, to_pinyin)


def parse_entry(
    text: str, path: Path, to_traditional: Callable[[str], str], to_pinyin: Callable[[str], str]
) -> tuple[GlossaryEntry | None, list[Problem]]:
    """Turn the text of one glossary file into an entry."""
    if not SLUG.fullmatch(path.stem):
        message = f'the file name "{path.stem}" must be a slug: lower-case pinyin words joined by "-"'
        return None, [_error(path, None, message)]
    front = split_front_matter(text)
    if isinstance(front, FrontMatterError):
        return None, [_error(path, front.line, front.message)]
    reader = FieldReader(path, front, text)
    missing = [name for name in REQUIRED_FIELDS if not reader.text(name)]
    if missing:
        return None, reader.problems + [_error(path, front.first_line, _missing_message(missing))]
    entry = _entry_from_fields(reader, path, front, to_traditional, to_pinyin)
    return entry, reader.problems


def _missing_message(missing: list[str]) -> str:
    """
    >>> _missing_message(["english", "gloss"])
    'required fields `english`, `gloss` are missing or empty; the entry was skipped'
    """
    names = ", ".join(f"`{name}`" for name in missing)
    fields, are = ("fields", "are") if len(missing) > 1 else ("field", "is")
    return f"required {fields} {names} {are} missing or empty; the entry was skipped"


def _entry_from_fields(
    reader: FieldReader,
    path: Path,
    front: FrontMatter,
    to_traditional: Callable[[str], str],
    to_pinyin: Callable[[str], str],
) -> GlossaryEntry:
    term = reader.text("term")
    traditional = reader.text("traditional") or to_traditional(term)
    variants = reader.variants()
    expansion = reader.text_list("expansion")
    sources = read_sources(reader)
    english_official = _english_official(reader, sources)
    first_proposed = reader.text("first_proposed")
    reader.warn_unknown_fields(set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS))
    return GlossaryEntry(
        slug=path.stem,
        term=term,
        traditional=traditional,
        pinyin=reader.text("pinyin") or to_pinyin(term),
        english=reader.text("english"),
        gloss=reader.text("gloss"),
        expansion=expansion,
        expansion_sourced=_expansion_sourced(reader, expansion, sources),
        expansion_applies=reader.expansion_applies(has_expansion=bool(expansion)),
        first_proposed=first_proposed,
        related=reader.text_list("related"),
        variants=variants,
        forms=written_forms(term, traditional, variants, to_traditional),
        sources=sources,
        body_markdown=front.body.strip("\n") + "\n" if front.body.strip() else "",
        path=path,
        body_line=front.body_line,
        expansion_traditional=tuple(to_traditional(item) for item in expansion),
        english_official=english_official,
        facts=support_facts(stated_facts(expansion, first_proposed, english_official), sources),
    )


def _expansion_sourced(reader: FieldReader, expansion: tuple[str, ...], sources: tuple[GlossarySource, ...]) -> bool:
    """`expansion_sourced`, true only with an expansion and a source (one that supports it, where sources say)."""
    if not (expansion and sources):
        return reader.claim("expansion_sourced", False, "there is no expansion or no source")
    if any(source.supports for source in sources):
        holds = any("expansion" in source.supports for source in sources)
        return reader.claim("expansion_sourced", holds, "no source has `supports: [expansion]`")
    return reader.flag("expansion_sourced", False)


def _english_official(reader: FieldReader, sources: tuple[GlossarySource, ...]) -> bool:
    holds = any("english" in source.supports for source in sources)
    return reader.claim("english_official", holds, "no source has `supports: [english]`")


def written_forms(
    term: str, traditional: str, variants: tuple[str, ...], to_traditional: Callable[[str], str]
) -> tuple[str, ...]:
    """Every form to recognise, without repeats, the term first.

    >>> written_forms("两重", "兩重", ("“两重”建设",), lambda s: s.replace("两", "兩"))
    ('两重', '兩重', '“两重”建设', '“兩重”建设')
    """
    forms = [term, traditional]
    for variant in variants:
        forms += [variant, to_traditional(variant)]
    return tuple(dict.fromkeys(form for form in forms if form))


def drop_clashing_entries(entries: list[GlossaryEntry]) -> tuple[list[GlossaryEntry], list[Problem]]:
    """Skip a second entry with the same slug or term; drop a form another entry already claims."""
    kept: list[GlossaryEntry] = []
    problems: list[Problem] = []
    owners: dict[str, GlossaryEntry] = {}
    slugs: dict[str, GlossaryEntry] = {}
    for entry in entries:
        earlier = slugs.get(entry.slug) or owners.get(fold_for_matching(entry.term))
        if earlier is not None:
            what = "slug" if earlier.slug == entry.slug else f"term {entry.term}"
            message = f"the {what} is already {earlier.slug}'s ({earlier.path}); this entry was skipped"
            problems.append(_error(entry.path, 1, message))
            continue
        forms = [form for form in entry.forms if owners.setdefault(fold_for_matching(form), entry) is entry]
        if len(forms) < len(entry.forms):
            taken = [form for form in entry.forms if form not in forms]
            owner = owners[fold_for_matching(taken[0])]
            problems.append(Problem(str(entry.path), None, f"{'、'.join(taken)} already belong to "
                                    f"{owner.slug}; they are not recognised for this entry"))
        slugs[entry.slug] = entry
        kept.append(replace(entry, forms=tuple(forms)))
    return kept, problems


def drop_unknown_related(entries: list[GlossaryEntry]) -> tuple[list[GlossaryEntry], list[Problem]]:
    """Keep only `related` slugs that name another loaded entry."""
    slugs = {entry.slug for entry in entries}
    problems: list[Problem] = []
    kept = []
    for entry in entries:
        unknown = [slug for slug in entry.related if slug not in slugs or slug == entry.slug]
        for slug in unknown:
            problems.append(Problem(str(entry.path), None, f"related entry {slug!r} does not exist; it was dropped"))
        kept.append(replace(entry, related=tuple(s for s in entry.related if s not in unknown)))
    return kept, problems


def _error(path: Path, line: int | None, message: str) -> Problem:
    return Problem(str(path), line, message, Severity.ERROR)
