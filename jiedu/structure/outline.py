"""A Document as readable text: the golden files, and a quick look while debugging.

Every article with its slug, overlines, title, subtitles and dateline; every section
indented by level with its slug and heading; every paragraph in full.

>>> from jiedu.model import Article, Block, BlockKind, Section
>>> section = Section("1", "一、总体要求", 1, (Block(BlockKind.PARAGRAPH, "坚持稳中求进。"),))
>>> print(article_outline(Article("bao-gao", "报告", (), ("——2024年",), None, (section,))))
ARTICLE bao-gao
  title: 报告
  subtitle: ——2024年
  SECTION 1 (level 1): 一、总体要求
    ¶ 坚持稳中求进。
"""

from __future__ import annotations

from ..model import Article, BlockKind, Document, Section

INDENT = "  "
MARKS = {
    BlockKind.PARAGRAPH: "¶", BlockKind.HEADING: "#", BlockKind.LIST_ITEM: "•", BlockKind.QUOTE: ">",
    BlockKind.TABLE_ROW: "|", BlockKind.CAPTION: "caption:", BlockKind.PREFORMATTED: "pre:", BlockKind.BREAK: "break",
}


def document_to_outline(document: Document) -> str:
    """The whole document, one line per element, ending in a newline."""
    lines = [f"DOCUMENT {document.title}"]
    for key in sorted(document.source.metadata):
        lines.append(f"metadata {key}: {document.source.metadata[key]}")
    for problem in document.problems:
        lines.append(f"problem: {problem}")
    for article in document.articles:
        lines.append("")
        lines.append(article_outline(article))
    return "\n".join(lines) + "\n"


def article_outline(article: Article) -> str:
    lines = [f"ARTICLE {article.slug}"]
    lines.extend(f"{INDENT}overline: {line}" for line in article.overlines)
    lines.append(f"{INDENT}title: {article.title}")
    lines.extend(f"{INDENT}subtitle: {line}" for line in article.subtitles)
    if article.dateline:
        lines.append(f"{INDENT}dateline: {article.dateline}")
    lines.extend(f"{INDENT}{key}: {value}" for key, value in article.metadata)
    for section in article.sections:
        lines.extend(_section_lines(section))
    return "\n".join(lines)


def _section_lines(section: Section) -> list[str]:
    pad = INDENT * section.level
    heading = f": {section.heading}" if section.heading is not None else " (untitled)"
    lines = [f"{pad}SECTION {section.slug} (level {section.level}){heading}"]
    for block in section.blocks:
        text = " | ".join(block.cells) if block.cells else block.text
        language = f" [{block.lang}]" if block.lang else ""
        lines.append(f"{pad}{INDENT}{MARKS[block.kind]}{language} {text}")
    for subsection in section.subsections:
        lines.extend(_section_lines(subsection))
    return lines
