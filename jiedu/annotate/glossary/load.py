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
- `expansion_sourced`: false (it is only true when a listed source gives `expansion`);
- `expansion_applies`: true; write false for a name or slogan that the sources
  show stands for no list (长治久安, 南亚班列), so that its empty expansion
  is not reported as "no source found";
- `first_proposed`: "" (write "not found" when it was looked for and not found);
- `related`, `variants`: empty lists; `related` slugs that do not exist are dropped;
- `sources`: a list of {title, url, publisher, date, mirror_of, note}; `title`
  and an http(s) `url` are required, other sources are dropped.

The slug is the file name without `.md`: lower-case ASCII words joined by
hyphens, from the pinyin. A field of the wrong type, an unknown field or a
dropped source is a WARNING and the entry is loaded without it; two files with
the same slug or term, or claiming the same written form, are reported too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from jiedu.annotate.glossary.chars import fold_for_matching
from jiedu.annotate.glossary.entry import Glossary, GlossaryEntry, GlossarySource, build_glossary
from jiedu.frontmatter import FrontMatter, FrontMatterError, split_front_matter
from jiedu.model import Problem, Severity

REQUIRED_FIELDS = ("term", "english", "gloss")
"""Fields without which an entry is skipped."""

OPTIONAL_FIELDS = (
    "traditional", "pinyin", "expansion", "expansion_sourced", "expansion_applies",
    "first_proposed", "related", "variants", "sources",
)
"""Fields that have a safe default."""

SOURCE_FIELDS = ("title", "url", "publisher", "date", "mirror_of", "note")
"""Keys of one item of `sources`; `title` and `url` are required."""

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What a file name (without .md) must look like."""

ALLOWED_URL_SCHEMES = ("http", "https")


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
    reader = _FieldReader(path, front)
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
    reader: _FieldReader,
    path: Path,
    front: FrontMatter,
    to_traditional: Callable[[str], str],
    to_pinyin: Callable[[str], str],
) -> GlossaryEntry:
    term = reader.text("term")
    traditional = reader.text("traditional") or to_traditional(term)
    variants = reader.variants()
    expansion = reader.text_list("expansion")
    sources = reader.sources()
    reader.warn_unknown_fields()
    return GlossaryEntry(
        slug=path.stem,
        term=term,
        traditional=traditional,
        pinyin=reader.text("pinyin") or to_pinyin(term),
        english=reader.text("english"),
        gloss=reader.text("gloss"),
        expansion=expansion,
        expansion_sourced=reader.expansion_sourced(has_expansion=bool(expansion), has_sources=bool(sources)),
        expansion_applies=reader.expansion_applies(has_expansion=bool(expansion)),
        first_proposed=reader.text("first_proposed"),
        related=reader.text_list("related"),
        variants=variants,
        forms=written_forms(term, traditional, variants, to_traditional),
        sources=sources,
        body_markdown=front.body.strip("\n") + "\n" if front.body.strip() else "",
        path=path,
        body_line=front.body_line,
        expansion_traditional=tuple(to_traditional(item) for item in expansion),
    )


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


class _FieldReader:
    """Reads typed fields out of the front matter, collecting a Problem for each bad one."""

    __slots__ = ("_path", "_front", "problems", "_texts")

    def __init__(self, path: Path, front: FrontMatter) -> None:
        self._path = path
        self._front = front
        self.problems: list[Problem] = []
        self._texts: dict[str, str] = {}

    def _line(self, name: str) -> int:
        return self._front.key_lines.get(name, self._front.first_line)

    def _warn(self, name: str, message: str) -> None:
        self.problems.append(Problem(str(self._path), self._line(name), message))

    def _raw(self, name: str) -> object:
        return self._front.fields.get(name)

    def text(self, name: str) -> str:
        """A text field; "" when absent or of the wrong type (warned about once)."""
        if name not in self._texts:
            self._texts[name] = self._read_text(name)
        return self._texts[name]

    def _read_text(self, name: str) -> str:
        value = self._raw(name)
        if value is None:
            return ""
        if not _is_scalar(value):
            self._warn(name, f"`{name}` should be text, not {_yaml_kind(value)}; it was ignored")
            return ""
        return _scalar_text(value).strip()

    def text_list(self, name: str) -> tuple[str, ...]:
        """A list of texts; a single text is read as a one-item list (with a warning)."""
        value = self._raw(name)
        if value is None:
            return ()
        if isinstance(value, str):
            self._warn(name, f"`{name}` should be a list (lines starting with \"- \"); read as one item")
            value = [value]
        if not isinstance(value, list):
            self._warn(name, f"`{name}` should be a list, not {_yaml_kind(value)}; it was ignored")
            return ()
        items = [_scalar_text(item).strip() for item in value if _is_scalar(item)]
        if len(items) != len(value):
            self._warn(name, f"`{name}` has items that are not text; they were dropped")
        return tuple(item for item in items if item)

    def variants(self) -> tuple[str, ...]:
        """Other written forms; a single character would match almost anywhere, so it is dropped."""
        variants = self.text_list("variants")
        short = [variant for variant in variants if len(variant) < 2]
        if short:
            self._warn("variants", f"variants {', '.join(short)} are too short to recognise; they were dropped")
        return tuple(variant for variant in variants if len(variant) >= 2)

    def expansion_sourced(self, has_expansion: bool, has_sources: bool) -> bool:
        value = self._raw("expansion_sourced")
        if value is None:
            return False
        if not isinstance(value, bool):
            self._warn("expansion_sourced", "`expansion_sourced` should be true or false; read as false")
            return False
        if value and not (has_expansion and has_sources):
            self._warn("expansion_sourced", "`expansion_sourced` is true but there is no expansion "
                       "or no source; read as false")
            return False
        return value

    def expansion_applies(self, has_expansion: bool) -> bool:
        value = self._raw("expansion_applies")
        if value is None:
            return True
        if not isinstance(value, bool):
            self._warn("expansion_applies", "`expansion_applies` should be true or false; read as true")
            return True
        if not value and has_expansion:
            self._warn("expansion_applies", "`expansion_applies` is false but there is an expansion; read as true")
            return True
        return value

    def sources(self) -> tuple[GlossarySource, ...]:
        value = self._raw("sources")
        if value is None:
            return ()
        if not isinstance(value, list):
            self._warn("sources", f"`sources` should be a list, not {_yaml_kind(value)}; it was ignored")
            return ()
        read = (self._source(number, item) for number, item in enumerate(value, 1))
        return tuple(source for source in read if source is not None)

    def _source(self, number: int, item: object) -> GlossarySource | None:
        if not isinstance(item, dict):
            self._warn("sources", f"source {number} should be a mapping (title:, url:, …); it was dropped")
            return None
        unknown = sorted(str(key) for key in item if key not in SOURCE_FIELDS)
        if unknown:
            self._warn("sources", f"source {number} has unknown keys {', '.join(unknown)}; they were ignored")
        fields = {key: _scalar_text(item[key]).strip() for key in SOURCE_FIELDS if _is_scalar(item.get(key))}
        if not fields.get("title") or not fields.get("url"):
            self._warn("sources", f"source {number} needs both `title` and `url`; it was dropped")
            return None
        if not is_web_url(fields["url"]):
            self._warn("sources", f"source {number} url {fields['url']!r} is not an http(s) address; "
                       "it was dropped")
            return None
        return GlossarySource(**fields)

    def warn_unknown_fields(self) -> None:
        known = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)
        for key in self._front.fields:
            if str(key) not in known:
                self._warn(str(key), f"unknown field `{key}` was ignored (known: {', '.join(sorted(known))})")


def is_web_url(url: str) -> bool:
    """True for an absolute http or https address with a host.

    >>> is_web_url("https://example.org/a"), is_web_url("javascript:alert(1)"), is_web_url("http:/x")
    (True, False, False)
    """
    parts = urlsplit(url)
    return parts.scheme.lower() in ALLOWED_URL_SCHEMES and bool(parts.netloc)


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | datetime.date) and not isinstance(value, bool)


def _scalar_text(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__


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
