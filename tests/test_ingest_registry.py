"""Which reader reads a file: by its content first (misnamed files are common), then its extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.ingest.registry import reader_for_bytes

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"
PREFIXES = {"html": "html", "pdf": "pdf", "docx": "docx", "md": "markdown", "bilingual": "markdown", "csv": "dataset", "jsonl": "dataset", "rss": "feed", "txt": "text"}


def corpus_files() -> list[Path]:
    return sorted(p for p in FORMATS.glob("*") if p.name != "SOURCES.md") if FORMATS.is_dir() else []


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_goes_to_its_reader(path):
    assert reader_for_bytes(path.read_bytes(), path.suffix).name == PREFIXES[path.name.split("_", 1)[0]]


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_a_misnamed_file_is_read_by_what_it_holds(path):
    """The same bytes saved as .txt (how scrapers and browsers often save them) go to the same reader,
    except datasets, whose rows are plain text to anyone who does not know the columns."""
    expected = PREFIXES[path.name.split("_", 1)[0]]
    assert reader_for_bytes(path.read_bytes(), ".txt").name == ("text" if expected == "dataset" else expected)


@pytest.mark.parametrize(
    ("data", "extension", "reader"),
    [
        ("[<div class=\"box\"><h4>各位代表：</h4><p>现在，我代表国务院作报告。</p>, <p>请予审议。</p>]".encode(), ".txt", "html"),
        ("一、总体要求\n坚持稳中求进工作总基调。\n".encode(), ".txt", "text"),
        ("# 标题\n\n## 第一章 总则\n\n第一条 为了……\n".encode(), ".txt", "markdown"),
        (b"%PDF-1.4\n...", ".html", "pdf"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>", ".xml", "feed"),
        ("正文，不是表格。".encode(), ".csv", "dataset"),  # a format's own extension is believed
    ],
)
def test_content_decides_over_the_name(data, extension, reader):
    assert reader_for_bytes(data, extension).name == reader
