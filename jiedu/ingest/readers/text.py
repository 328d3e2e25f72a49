"""Plain text: decoded, its front matter taken off; the cleaning passes do the rest.

Text has no structure of its own, so its Reading has no blocks: the cleaner
works on it line by line and the structure stage reads the shapes of lines.
"""

from __future__ import annotations

from ...frontmatter import FrontMatterError, split_front_matter
from ...model import Problem
from ..contract import ReadContext, Reading, UnreadableFile
from ..decode import DecodedText, decode_bytes, describe_bad_bytes, is_probably_binary


def read_text(data: bytes, context: ReadContext) -> list[Reading]:
    """The text and its front matter.

    >>> reading = read_text("---\\ntitle: 报告\\n---\\n正文。\\r\\n".encode(), ReadContext("a.txt", ".txt"))[0]
    >>> reading.text, reading.front_matter, reading.first_line
    ('正文。\\n', {'title': '报告'}, 4)
    """
    decoded, problems = decode_text(data, context)
    body, metadata, first_line, key_lines = split_metadata(decoded.text)
    return [Reading(None, body, front_matter=metadata, front_matter_lines=key_lines, problems=problems, first_line=first_line, encoding=decoded.encoding)]


def decode_text(data: bytes, context: ReadContext) -> tuple[DecodedText, tuple[Problem, ...]]:
    """The bytes decoded (newlines made ``\\n``), and a warning naming undecodable bytes."""
    if is_probably_binary(data):
        raise UnreadableFile("the file is binary, not text; skipped")
    decoded = decode_bytes(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    problems = (Problem(context.display_path, None, describe_bad_bytes(decoded)),) if decoded.bad_byte_offsets else ()
    return DecodedText(text, decoded.encoding, decoded.bad_byte_offsets), problems


def split_metadata(text: str) -> tuple[str, dict, int, dict]:
    """Body, front-matter fields, the body's first line and each key's line; bad front matter is unreadable."""
    front = split_front_matter(text, required=False)
    if isinstance(front, FrontMatterError):
        raise UnreadableFile(front.message, front.line)
    return front.body, dict(front.fields), front.body_line, dict(front.key_lines)
