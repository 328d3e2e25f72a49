"""Whitespace and line breaks, shared by the readers of typed text (Word, datasets, feeds, Markdown, HTML).

These formats hold text that was typed, not wrapped: a space in it was put
there by someone, so runs of spaces shrink to one instead of vanishing.
Full-width spaces at the start of a paragraph are indentation, and a run of
them inside a scraped field is where a paragraph began.
"""

from __future__ import annotations

import re

from ...charclass import HAN_RE, LATIN_LETTER_RE, display_width, is_cjk_punctuation, is_han, text_language
from ...clean.line_shapes import numbered_prefix

# Spaces of any width except the ideographic one, which marks indentation.
_SPACE_RUN = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Two or more full-width spaces: a paragraph indent glued into running text.
_INDENT_RUN = re.compile(r"\u3000{2,}")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def tidy_inline(text: str) -> str:
    """One line of typed text: space runs to one space, indentation and zero-width marks gone.

    >>> tidy_inline("\\u3000\\u3000A．1\\u00a0\\u00a0\\u00a0B．2 ")
    'A．1 B．2'
    """
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACE_RUN.sub(" ", text.replace("\n", " "))
    return text.strip(" \u3000")


# A break after a Latin word or comma before a lower-case word, or after Chinese
# clause punctuation or an opening bracket, is a wrapped line, not a new paragraph.
_LATIN_WRAP = re.compile(r"(?<=[A-Za-z0-9,])[ \t]*\n[ \t]*(?=[a-z])")
_CHINESE_WRAP = re.compile(r"(?<=[，、“‘（《〈【])[ \t\u3000]*\n[ \t\u3000]*(?=\S)")


def join_mid_sentence_breaks(text: str) -> str:
    """Undo line breaks that fall inside a sentence; a break after a Chinese character stays (it may end a heading).

    >>> join_mid_sentence_breaks("models that are released\\nunder a licence.\\n第五条\\n鼓励，\\n支持")
    'models that are released under a licence.\\n第五条\\n鼓励，支持'
    """
    return _CHINESE_WRAP.sub("", _LATIN_WRAP.sub(" ", text))


def join_wrapped(lines: list[str]) -> str:
    """Lines a narrow box wrapped (a table cell): no space where both sides are Chinese.

    >>> join_wrapped(["河北民族师范", "学院"]), join_wrapped(["Beijing", "Normal"])
    ('河北民族师范学院', 'Beijing Normal')
    """
    joined = ""
    for line in (tidied for line in lines if (tidied := tidy_inline(line))):
        glue = "" if not joined or (is_han(joined[-1]) or is_cjk_punctuation(joined[-1])) and (is_han(line[0]) or is_cjk_punctuation(line[0])) else " "
        joined += glue + line
    return joined


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a scraped text field: split at line breaks and at glued full-width indents.

    A single full-width space may sit between words, so only runs of two or
    more count as a paragraph start. A line break inside a sentence (text
    copied from a PDF) is not a paragraph break: see `join_mid_sentence_breaks`.

    >>> split_paragraphs("\\u3000\\u3000你们好！\\u3000\\u3000来信收悉。\\n\\n习近平\\u3000同志")
    ['你们好！', '来信收悉。', '习近平\\u3000同志']
    """
    text = _LINE_BREAK.sub("\n", text)
    if BLANK_LINE.search(text):
        text = "\n".join(join_full_lines(block.split("\n")) for block in BLANK_LINE.split(text))
    text = join_mid_sentence_breaks(text)
    pieces = (_INDENT_RUN.split(line) for line in text.split("\n"))
    return [tidied for line in pieces for piece in line if (tidied := tidy_inline(piece))]


SENTENCE_END = re.compile(r"[。！？；!?][”’」』）)]*$")
BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n\s*")
FULL_LINE = 0.8
"""A line this long, of the longest in its block, was wrapped by its width (`join_full_lines`)."""


def join_full_lines(lines: list[str]) -> str:
    """The lines of one blank-line-separated block, with the breaks of full lines undone: where a text
    separates its paragraphs by blank lines, a line as long as the block's longest that stops mid-sentence
    was wrapped at the width of the page it was copied from (a transcript's 梁家 / 傑議員). Short lines
    (a heading, a name, a date) and numbered lines keep their breaks.

    >>> join_full_lines(["按照秘書處接獲所提交的表格的次序，獲提名的議員依次是梁家", "傑議員及曾鈺成議員。梁家傑議員由李卓人議員提名，並由張超雄、", "葉建源附議提名。"])
    '按照秘書處接獲所提交的表格的次序，獲提名的議員依次是梁家傑議員及曾鈺成議員。梁家傑議員由李卓人議員提名，並由張超雄、葉建源附議提名。'
    >>> join_full_lines(["一、总体要求", "坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。"])
    '一、总体要求\\n坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。'
    """
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) < 2:
        return "\n".join(lines)
    longest = max(map(display_width, lines))
    joined = [lines[0]]
    for index, line in enumerate(lines[1:]):
        before = joined[-1]
        full = display_width(lines[index]) >= FULL_LINE * longest
        if full and not SENTENCE_END.search(before) and not is_paragraph_start(before, line):
            joined[-1] = join_wrapped([before, line])
        else:
            joined.append(line)
    return "\n".join(joined)


def is_paragraph_start(before: str, line: str) -> bool:
    """Whether `line`, after a line break the author typed, starts a new paragraph rather than continuing `before`.

    It does after a sentence stop, before a numbered line (``第二条``, ``（一）``:
    laws and lists are typed one item a line), before a line that a dash opens
    (a title's ——occasion, a report's ——achievement), and where the language
    changes (a Chinese sentence, then its English translation).

    >>> is_paragraph_start("应当升挂国旗：", "（一）北京天安门广场；"), is_paragraph_start("坚持稳中", "求进。")
    (True, False)
    >>> is_paragraph_start("政府工作报告", "——2003年3月5日在第十届全国人民代表大会第一次会议上")
    True
    """
    if SENTENCE_END.search(before) and (HAN_RE.search(line) or not LATIN_LETTER_RE.search(before[-2:])):
        return True
    if numbered_prefix(line) is not None or line.startswith("——"):
        return True
    return (text_language(before) == "en") != (text_language(line) == "en")
