"""Reader for scraped corpora where each row is a document: CSV/TSV, JSON and JSON Lines.

Each row with text becomes one `Reading` (``part="row N"``: N counts data
rows from 1 for CSV and JSON, and is the file line for JSON Lines); rows that
are the articles of a law, one `Reading` for the law (``part="rows N-M"``,
`dataset_articles`). Which column is the text, title, date, source or URL is
decided in `dataset_columns`; the text is split into paragraphs at line breaks
and at the full-width indents scrapers glue paragraphs with.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from operator import attrgetter

from ...model import Block, BlockKind, Problem
from ..contract import ReadContext, Reading, UnreadableFile
from ..decode import decode_bytes
from .dataset_articles import article_number_column, group_laws, with_number
from .dataset_columns import ColumnChoice, choose_columns, value_to_iso_date
from .inline_text import split_paragraphs, tidy_inline

CSV_DELIMITERS = ",\t;|"
SNIFF_SAMPLE = 64 * 1024
# Python's default (131,072 characters) is shorter than some speeches in one field.
FIELD_SIZE_LIMIT = 2**31 - 1
JSON_LINES_EXTENSIONS = (".jsonl", ".ndjson")
HTML_MARKUP = re.compile(r"<(?:p|div|br|span|h[1-6]|table|li)\b[^>]*>", re.IGNORECASE)
CUT_OFF = ("...", "…")


@dataclass(frozen=True, slots=True)
class Record:
    """One row: its number as a user counts it, the file line it starts on, its fields as text."""

    number: int
    line: int | None
    fields: dict[str, str]


@dataclass
class Table:
    columns: list[str]
    records: list[Record]
    problems: list[tuple[int | None, str]]


def read_dataset(data: bytes, context: ReadContext) -> list[Reading]:
    """One Reading per row that has text; rows without text are reported on the first Reading."""
    decoded = decode_bytes(data)
    table = text_to_table(decoded.text, context.extension)
    if not table.records:
        line, why = table.problems[0] if table.problems else (None, "")
        raise UnreadableFile("the dataset has no rows" + (f" ({why})" if why else ""), line)
    explicit = _explicit_columns(context.settings, table.columns)
    choice = choose_columns(table.columns, [r.fields for r in table.records], explicit)
    problems = [Problem(context.display_path, line, message) for line, message in table.problems]
    readings = []
    taken = {column for chosen in choice.fields.values() for column in chosen}
    number_column = article_number_column(table.columns, [record.fields for record in table.records], taken)
    groups, law_title = [[record] for record in table.records], None
    if number_column:
        groups, law_title = group_laws(table.records, table.columns, number_column, choice.first("title"), taken, attrgetter("fields"))
    for group in groups:
        reading = (law_to_reading(group, number_column, law_title, choice, decoded.encoding) if number_column
                   else record_to_reading(group[0], choice, decoded.encoding))
        if reading is None:
            problems += [Problem(context.display_path, record.line, f"row {record.number} has no text in column {choice.first('text')!r}; skipped") for record in group]
        else:
            readings.append(reading)
    if number_column and len(readings) == 1:  # the file is one law: a document of its own, named as any file is
        readings[0] = replace(readings[0], part="")
    if not readings:
        raise UnreadableFile(f"no row has text; the columns are {', '.join(table.columns)} (name the text column in site.toml under [readers.dataset])")
    problems += _cut_off_warning(context.display_path, choice, table.records)
    readings[0] = _with_problems(readings[0], problems)
    return readings



def record_to_reading(record: Record, choice: ColumnChoice, encoding: str) -> Reading | None:
    """The row as a document, or None when its text column is empty."""
    text_column = choice.first("text")
    text = record.fields.get(text_column, "") if text_column else ""
    blocks = text_to_blocks(text, record.line or 0)
    if not blocks:
        return None
    return Reading(blocks=blocks, text="", metadata=record_metadata(record.fields, choice), first_line=record.line or 1, encoding=encoding, part=f"row {record.number}")


def law_to_reading(records: list[Record], number_column: str, title_column: str | None, choice: ColumnChoice, encoding: str) -> Reading | None:
    """Rows that are one law's articles (`dataset_articles`) as one document, each article led by its
    number; None when no row has text. Its metadata is the first row's, without the article's number,
    titled by `title_column` (the law's name in every row) when there is one."""
    text_column = choice.first("text")
    blocks: list[Block] = []
    for record in records:
        found = text_to_blocks(record.fields.get(text_column, "") if text_column else "", record.line or 0)
        if found:
            blocks += [replace(found[0], text=with_number(record.fields[number_column], found[0].text)), *found[1:]]
    if not blocks:
        return None
    metadata = {key: value for key, value in record_metadata(records[0].fields, choice).items() if key not in (number_column, title_column)}
    if title_column:
        metadata["title"] = tidy_inline(records[0].fields[title_column])
    return Reading(blocks=tuple(blocks), text="", metadata=metadata, first_line=records[0].line or 1, encoding=encoding,
                   part=f"rows {records[0].number}-{records[-1].number}")


def text_to_blocks(text: str, line: int) -> tuple[Block, ...]:
    """Paragraph blocks of a row's text; HTML markup (some scrapers keep it) goes to the HTML reader."""
    if HTML_MARKUP.search(text):
        from .html import html_fragment_to_blocks

        return tuple(html_fragment_to_blocks(text, line))
    return tuple(Block(BlockKind.PARAGRAPH, paragraph, line=line) for paragraph in split_paragraphs(text))


def record_metadata(fields: dict[str, str], choice: ColumnChoice) -> dict:
    """title, date, source, url, author (each from the first chosen column with a value) and the extras."""
    metadata = {}
    for name in ("title", "date", "source", "url", "author"):
        for column in choice.fields.get(name, []):
            value = tidy_inline(fields.get(column, ""))
            value = value_to_iso_date(value) if name == "date" else value
            if value:
                metadata[name] = value
                break
    for column in choice.extras:
        if value := tidy_inline(fields.get(column, "")):
            metadata.setdefault(column, value)
    return metadata


# --- files to records ---


def text_to_table(text: str, extension: str) -> Table:
    """Records of a CSV/TSV, JSON or JSON Lines text, chosen by extension and then by content."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if extension in JSON_LINES_EXTENSIONS:
        return json_lines_to_table(text)
    if extension == ".json" or stripped.startswith(("[", "{")):
        try:
            return json_to_table(json.loads(stripped))
        except json.JSONDecodeError as error:
            if stripped.startswith("{") and "\n" in stripped.strip():
                return json_lines_to_table(text)
            values = json_values(stripped) if error.msg == "Extra data" else None
            if values:
                table = json_to_table([item for value in values for item in (value if isinstance(value, list) else [value])])
                table.problems.insert(0, (None, f"the file holds {len(values)} JSON values one after another (a crawler's runs appended to one file); read as one array"))
                return table
            raise UnreadableFile(f"the JSON is malformed: {error.msg}", error.lineno) from None
        except RecursionError:
            raise UnreadableFile("the JSON is nested too deeply to be a dataset") from None
    return csv_to_table(text, "\t" if extension == ".tsv" else None)


def csv_to_table(text: str, delimiter: str | None) -> Table:
    """Rows of a CSV text; the first row names the columns. Quoted fields may span lines."""
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter or sniff_delimiter(text))
    try:
        rows = _rows_with_lines(reader)
    except csv.Error as error:
        raise UnreadableFile(f"the CSV is malformed: {error}", reader.line_num) from None
    if not rows:
        return Table([], [], [])
    header = _column_names(rows[0][1])
    records, problems = [], []
    for number, (line, row) in enumerate(rows[1:], start=1):
        if len(row) > len(header):
            problems.append((line, f"row {number} has {len(row)} fields but the header names {len(header)}; the extra fields are ignored"))
        records.append(Record(number, line, dict(zip(header, [*row, *[""] * (len(header) - len(row))]))))
    return Table(header, records, problems)


def sniff_delimiter(text: str) -> str:
    """The delimiter csv.Sniffer finds in the opening lines; a comma when it cannot tell."""
    sample = text[:SNIFF_SAMPLE]
    sample = sample[: sample.rfind("\n")] if "\n" in sample else sample
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _rows_with_lines(reader) -> list[tuple[int, list[str]]]:
    """Non-blank rows, each with the file line it starts on (quoted fields may hold line breaks)."""
    rows, next_line = [], 1
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((next_line, row))
        next_line = reader.line_num + 1
    return rows


def _column_names(header: list[str]) -> list[str]:
    """Header names, with empty or repeated ones made unique ("column 3")."""
    names: list[str] = []
    for index, name in enumerate(header, start=1):
        name = name.strip().lstrip("\ufeff") or f"column {index}"
        names.append(name if name not in names else f"{name} ({index})")
    return names


MAX_JSON_DEPTH = 4
"""How deep in objects a JSON file's array of records is looked for."""


def json_values(text: str) -> list | None:
    """The JSON values written one after another in `text` (a crawler that appends each run's array to
    the same file), when there are two or more and each is an array or an object; else None.

    >>> json_values('[{"title": "甲"}]\\n[{"title": "乙"}]')
    [[{'title': '甲'}], [{'title': '乙'}]]
    >>> json_values('[{"title": "甲"}] 文字'), json_values('[1] [2]')
    (None, None)
    """
    decoder, values, position = json.JSONDecoder(), [], 0
    while position < len(text):
        try:
            value, position = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError):
            return None
        if not isinstance(value, dict) and not (isinstance(value, list) and any(isinstance(item, dict) for item in value)):
            return None
        values.append(value)
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
    return values if len(values) >= 2 else None


def json_to_table(value) -> Table:
    """An array of objects, or an object holding one at any depth (the longest such array): an API's
    response wraps its records (``{"code": 0, "data": {"list": [...]}}``); or an object of objects, keyed by id;
    or one object of fields, one record (a single article or decision saved as JSON)."""
    if isinstance(value, dict):
        whole = value
        value = max(_arrays_of_objects(value), key=len, default=None)
        if value is None and any(isinstance(field, str) and field.strip() for field in whole.values()):
            value = [whole]
    if not isinstance(value, list):
        raise UnreadableFile("the JSON holds no array of objects (one object per document)")
    records = [Record(i, None, _plain_fields(item)) for i, item in enumerate(value, start=1) if isinstance(item, dict)]
    problems = [(None, f"item {i} of the array is not an object; skipped") for i, item in enumerate(value, start=1) if not isinstance(item, dict)]
    return Table(_union_of_keys(records), records, problems)


def _arrays_of_objects(value, depth: int = 0):
    """Every array of objects inside the JSON value, searched down to `MAX_JSON_DEPTH` objects deep.

    >>> [len(found) for found in _arrays_of_objects({"code": 0, "data": {"list": [{"title": "甲"}, {"title": "乙"}], "tags": ["a"]}})]
    [2]

    An object whose values are all objects of fields is records keyed by their id (a benchmark's
    ``{"4e55…": {"url": …, "content": …}, …}``); each keeps its key as ``id``:

    >>> next(_arrays_of_objects({"4e55": {"url": "http://a", "content": "甲"}, "14b7": {"url": "http://b", "content": "乙"}}))[1]
    {'url': 'http://b', 'content': '乙', 'id': '14b7'}
    """
    if depth > MAX_JSON_DEPTH or not isinstance(value, dict):
        return
    if len(value) >= 2 and all(isinstance(child, dict) and any(isinstance(v, str) for v in child.values()) for child in value.values()):
        yield [{**child, "key" if "id" in child else "id": key} for key, child in value.items()]  # records keyed by their id
        return
    for child in value.values():
        if isinstance(child, list) and any(isinstance(item, dict) for item in child):
            yield child
        elif isinstance(child, dict):
            yield from _arrays_of_objects(child, depth + 1)


def json_lines_to_table(text: str) -> Table:
    """One object per line; a line that is not a JSON object is reported with its number and skipped."""
    records, problems = [], []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            problems.append((number, f"line {number} is not valid JSON ({getattr(error, 'msg', 'nested too deeply')}); skipped"))
            continue
        if isinstance(item, dict):
            records.append(Record(number, number, _plain_fields(item)))
        else:
            problems.append((number, f"line {number} is not a JSON object; skipped"))
    return Table(_union_of_keys(records), records, problems)


def _plain_fields(item: dict) -> dict[str, str]:
    """Field values as text: numbers as written, lists of strings one per line, nested objects left out."""
    fields = {}
    for key, value in item.items():
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            value = "\n".join(str(v) for v in value)
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            value = ""
        fields[str(key)] = str(value)
    return fields


def _union_of_keys(records: list[Record]) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in record.fields))


# --- settings and warnings ---


def _explicit_columns(settings: dict, columns: list[str]) -> dict:
    """Column names site.toml gives (``[readers.dataset]``); a name the file lacks is an error."""
    table = settings.get("dataset", settings) if isinstance(settings, dict) else {}
    explicit = {k: v for k, v in table.items() if k in ("text", "title", "date", "source", "url", "author") and isinstance(v, str)}
    for name, column in explicit.items():
        if column not in columns:
            raise UnreadableFile(f"site.toml names {column!r} as the {name} column, but the columns are {', '.join(columns)}")
    return explicit


def _cut_off_warning(path: str, choice: ColumnChoice, records: list[Record]) -> list[Problem]:
    column = choice.first("text")
    texts = [r.fields.get(column, "").rstrip() for r in records if column and r.fields.get(column, "").strip()]
    if texts and sum(1 for t in texts if t.endswith(CUT_OFF)) * 2 > len(texts):
        return [Problem(path, None, f"the text column {column!r} holds summaries cut off with '...': the documents are incomplete")]
    return []


def _with_problems(reading: Reading, problems: list[Problem]) -> Reading:
    from dataclasses import replace

    return replace(reading, problems=(*reading.problems, *problems))
