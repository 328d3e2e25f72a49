#!/usr/bin/env python3
"""How whole do real paragraphs come out of the PDF, Word and HTML readers? A round-trip measure.

    .venv/bin/python scripts/eval_readers.py [--documents 20] [--formats pdf,docx,html]

Takes real documents whose paragraphs are known (Markdown from
../shared/bench/corpus: government work reports, laws, news digests),
writes each as a file of every format the way real ones are made (the PDF
printed by headless Chromium, as browsers print pages; the Word file with
python-docx, headings in Word's heading styles; the HTML page with site
chrome around the text), reads it back with jiedu and prints, per format:

- whole: the share of the source's paragraphs that come out whole in one block;
- clean: the share of output blocks that are exactly one source paragraph or heading;
- headings: the share of the source's headings found as headings;
- CPU seconds per document for reading.

The figures are for looking, not for tests: run it after changing a reader.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_document  # noqa: E402
from jiedu.ingest.files import read_document_file  # noqa: E402
from jiedu.ingest.readers.markdown import markdown_to_blocks  # noqa: E402
from jiedu.model import BlockKind  # noqa: E402
from jiedu.structure import structure_document  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "corpus"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
"""Chromium prints its header and footer (date, title, address, page N/M) as a browser's "print to PDF" does."""
CHROME = '<div class="nav"><a href="/">首页</a> | <a href="/zw">政务公开</a> | <a href="/hd">互动交流</a></div><div class="share">分享到：微信 微博 QQ空间</div>'
FOOTER = '<div class="footer"><p>主办单位：某市人民政府办公室 版权所有</p><p>网站标识码：1234567890 京ICP备12345678号</p></div>'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--formats", default="pdf,docx,html")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sources = pick_sources(args.documents, args.seed)
    passes = build_cleaning_passes(build_cleaning_resources())
    with tempfile.TemporaryDirectory() as folder:
        for name in args.formats.split(","):
            if name == "pdf" and not shutil.which("chromium"):
                print("pdf: skipped (no chromium)")
                continue
            scores = [score_one(source, name, Path(folder), passes) for source in sources]
            report(name, scores)
    return 0


def pick_sources(count: int, seed: int) -> list[Path]:
    """Markdown sources of several kinds (reports, laws, news), chosen at random but repeatably."""
    candidates = [p for p in sorted(BENCH.glob("*.txt")) if p.name.startswith(("gwr-", "law-cn", "xwlb-2"))]
    return random.Random(seed).sample(candidates, min(count, len(candidates)))


def source_blocks(path: Path) -> list:
    body = re.sub(r"^---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [b for b in markdown_to_blocks(body) if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM) and len(b.text) >= 2]


def score_one(source: Path, format_name: str, folder: Path, passes) -> tuple[float, float, float, float]:
    made = WRITERS[format_name](source_blocks(source), folder / f"{source.stem}.{format_name}")
    blocks = cleaned_source_blocks(source, passes)
    started = time.process_time()
    documents, _ = read_document_file(made, made.name)
    seconds = time.process_time() - started
    if not documents:
        return 0.0, 0.0, 0.0, seconds
    document = structure_document(documents[0], clean_document(documents[0], passes))
    found = [squeeze(text) for text in shown_texts(document)]
    wanted = [squeeze(b.text) for b in blocks]
    whole = sum(any(w in f for f in found) for w in wanted) / max(1, len(wanted))
    clean = sum(f in set(wanted) for f in found) / max(1, len(found))
    headings = [squeeze(b.text) for b in blocks if b.kind is BlockKind.HEADING]
    found_headings = {squeeze(h) for h in heading_texts(document)}
    heading_share = sum(h in found_headings for h in headings) / len(headings) if headings else 1.0
    return whole, clean, heading_share, seconds


def cleaned_source_blocks(source: Path, passes) -> list:
    """The source's blocks as jiedu cleans them from the Markdown itself: what a reader of the
    other formats should give back (a "查看原文" link line goes from both)."""
    document = read_document_file(source, source.name)[0][0]
    cleaned = clean_document(document, passes).blocks if document.blocks is not None else None
    kept = cleaned if cleaned is not None else source_blocks(source)
    return [b for b in kept if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM) and len(b.text) >= 2]


def shown_texts(document) -> list[str]:
    texts = [document.title]
    for article in document.articles:
        texts += [article.title, *article.overlines, *article.subtitles]
        texts += [t for section in article.sections for t in section_texts(section)]
    return texts


def section_texts(section) -> list[str]:
    texts = [section.heading] if section.heading else []
    texts += [block.text for block in section.blocks]
    return texts + [t for sub in section.subsections for t in section_texts(sub)]


def heading_texts(document) -> list[str]:
    def walk(section):
        yield from ([section.heading] if section.heading else [])
        yield from (b.text for b in section.blocks if b.kind is BlockKind.HEADING)
        for sub in section.subsections:
            yield from walk(sub)

    return [document.title] + [a.title for a in document.articles] + [h for a in document.articles for s in a.sections for h in walk(s)]


def squeeze(text: str) -> str:
    """Text compared without spaces or the punctuation the cleaner normalises."""
    return re.sub(r"[\s\u3000,，.。:：;；!！?？()（）]", "", text)


def page_html(blocks, chrome: bool) -> str:
    from html import escape

    body = "".join(f"<h{b.level}>{escape(b.text)}</h{b.level}>" if b.kind is BlockKind.HEADING else f"<p>{escape(b.text)}</p>" for b in blocks)
    style = "body{font-family:'Noto Serif CJK SC',serif;font-size:12pt} p{text-indent:2em;margin:0 0 .3em}"
    content = f'<div class="article"><div class="content">{body}</div></div>'
    page = f"{CHROME}{content}{FOOTER}" if chrome else content
    return f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{escape(blocks[0].text)}</title><style>{style}</style></head><body>{page}</body></html>'


def write_pdf(blocks, path: Path) -> Path:
    html = path.with_suffix(".print.html")
    html.write_text(page_html(blocks, chrome=False), encoding="utf-8")
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--print-to-pdf={path}", html.as_uri()], capture_output=True, timeout=120, check=True)
    return path


def write_docx(blocks, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            document.add_heading(block.text, level=min(block.level, 9))
        else:
            document.add_paragraph(block.text)
    document.save(path)
    return path


def write_html(blocks, path: Path) -> Path:
    path.write_text(page_html(blocks, chrome=True), encoding="utf-8")
    return path


WRITERS = {"pdf": write_pdf, "docx": write_docx, "html": write_html}


def report(name: str, scores: list[tuple[float, float, float, float]]) -> None:
    def median(values):
        values = sorted(values)
        return values[len(values) // 2]

    whole, clean, headings, seconds = zip(*scores)
    print(f"{name}: {len(scores)} documents; paragraphs whole: mean {sum(whole) / len(whole):.1%}, worst {min(whole):.1%}; "
          f"blocks clean: mean {sum(clean) / len(clean):.1%}; headings found: mean {sum(headings) / len(headings):.1%}; "
          f"reading: median {median(seconds):.2f} s CPU, max {max(seconds):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
