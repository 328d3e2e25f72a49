"""Scanned pages: their text read by OCR, as characters placed where the scan shows them.

A page with no text layer that draws something (a scan, or text turned into
outlines) is rendered by PDFium and read by RapidOCR (Apache-2.0), whose wheel
ships PaddleOCR's PP-OCR models for Chinese and English (Apache-2.0): nothing is
downloaded, and without the packaged models jiedu does not run it. Each line it
finds becomes characters spread along the line's box, wide (Han, full-width)
ones twice as wide as the rest, so that the rest of the reader (lines, columns,
furniture, headings by type size) takes them as it takes a text layer's.

OCR is the optional extra `ocr` (`pip install 'jiedu[ocr]'`, some 300 MB with
ONNX Runtime and OpenCV); `[readers.pdf] ocr = false` in site.toml turns it off.
A scan's type size is not printed anywhere: it is taken from the width of a
line's characters, capped by the box's height (measured against the text layer
on 5 pages of 3 PDFs of `corpus/formats`, rendered and read: the width per
character was within 10 % of the type size, page medians, where the box's
height was off by up to 60 %), and sizes within SIZE_TOLERANCE of each other
are made one, so that OCR's noise does not make headings of body lines.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from .chars import Char, Page

SCALE = 2.0
"""Pages are rendered at twice their size in points (144 dpi): body type of 10.5 pt is 21 pixels high."""

MIN_SCORE = 0.5
"""Lines OCR is less sure of than this are left out (RapidOCR's own default)."""

SIZE_TOLERANCE = 0.08
"""Sizes within this share of each other are one size (`snap_sizes`)."""


@functools.cache
def ocr_engine():
    """RapidOCR with the models its wheel ships, or None when it is not installed or lacks them."""
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except Exception:  # noqa: BLE001 - missing, or broken (ONNX Runtime or OpenCV unloadable): no OCR
        return None
    models = Path(rapidocr.__file__).parent / "models"
    found = {part: sorted(models.glob(f"*{part}*.onnx")) for part in ("det", "rec", "cls")}
    if not all(found.values()):
        return None  # it would download them: never at run time
    return RapidOCR(params={
        "Global.log_level": "warning",
        "Det.model_path": str(found["det"][-1]),
        "Rec.model_path": str(found["rec"][-1]),
        "Cls.model_path": str(found["cls"][-1]),
    })


def ocr_available() -> bool:
    return ocr_engine() is not None


def with_ocr(document, pages: list[Page], enabled: bool = True) -> tuple[list[Page], list[str]]:
    """The pages, each scanned one (no text layer, something drawn) read by OCR when it can be;
    and what the user should be told: which pages OCR read, or why it did not read them."""
    scanned = [page.number for page in pages if not page.chars and _draws_something(document, page.number)]
    if not scanned:
        return pages, []
    if not enabled:
        return pages, [f"{_pages(scanned, len(pages))} no text layer (a scan?) and {_were(scanned)} left out: OCR is off in site.toml ([readers.pdf] ocr = false)"]
    if not ocr_available():
        return pages, [f"{_pages(scanned, len(pages))} no text layer (a scan?) and {_were(scanned)} left out: install OCR with "
                       f"`pip install 'jiedu[ocr]'`, or run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"]
    read, failed = {}, []
    for number in scanned:
        page = document[number - 1]
        try:
            read[number] = read_scanned_page(page, number)
        except Exception as error:  # noqa: BLE001 - OCR failing on one page loses that page, not the document
            failed.append(f"OCR failed on page {number} ({type(error).__name__}: {error}); it was left out")
        finally:
            page.close()
    found = [number for number in scanned if number in read and read[number].chars]
    if not found:
        return pages, failed or [f"{_pages(scanned, len(pages))} no text layer, and OCR found no text on them"]
    return [read.get(page.number, page) for page in pages], [
        f"{_pages(found, len(pages))} no text layer and {_were(found)} read by OCR; check names and figures against the scan", *failed]


def _pages(numbers: list[int], total: int) -> str:
    """How a message names some of a document's pages.

    >>> _pages([1, 2], 2), _pages([3], 9), _pages([2, 5, 6], 9)
    ('its 2 pages have', 'page 3 has', 'pages 2, 5, 6 have')
    """
    if len(numbers) == total:
        return f"its {total} pages have" if total > 1 else "its page has"
    if len(numbers) == 1:
        return f"page {numbers[0]} has"
    shown = ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    return f"pages {shown} have"


def _were(numbers: list[int]) -> str:
    return "were" if len(numbers) > 1 else "was"


def _draws_something(document, number: int) -> bool:
    """The page has page objects (an image, paths): a blank page has none."""
    import pypdfium2.raw as raw

    page = document[number - 1]
    try:
        return raw.FPDFPage_CountObjects(page.raw) > 0
    finally:
        page.close()


def read_scanned_page(page, number: int) -> Page:
    """The pypdfium2 page's text by OCR, as a Page of characters (no rules: a scan's lines are pixels)."""
    width, height = page.get_size()
    bitmap = page.render(scale=SCALE)
    try:
        image = bitmap.to_numpy()
        lines = []
        for box, text in _recognized(image):
            lines += _read_again(image, box) if _covers_too_little(box, text) else [(box, text)]
    finally:
        bitmap.close()
    return Page(number, width, height, tuple(ocr_chars(lines)))


def _recognized(image, offset: tuple[float, float] = (0.0, 0.0)) -> list[tuple[tuple[float, float, float, float], str]]:
    """OCR's lines of an image (a page, or part of one `offset` pixels from its corner): boxes in points."""
    result = ocr_engine()(image)
    boxes = result.boxes if result.boxes is not None else ()
    return [
        (_box(points, offset), text)
        for points, text, score in zip(boxes, result.txts or (), result.scores or ())
        if score >= MIN_SCORE and text.strip()
    ]


def _covers_too_little(box: tuple[float, float, float, float], text: str) -> bool:
    """Text that fills less than half its line's box, at the box's height: recognition gave up part way.

    On a browser-printed law, a line holding “三个代表” came back as 三 alone; read on its own, its box
    comes apart at the quotation and every part is read whole.
    """
    x0, top, x1, bottom = box
    units = sum(_width(char) for char in text.strip())
    return not _is_vertical(box, text) and units * (bottom - top) < 0.5 * (x1 - x0)


def _read_again(image, box: tuple[float, float, float, float]) -> list[tuple[tuple[float, float, float, float], str]]:
    """The lines OCR finds in a line's box alone (with a margin of a quarter of its height), or none."""
    x0, top, x1, bottom = box
    margin = (bottom - top) / 4
    left, upper = max(int((x0 - margin) * SCALE), 0), max(int((top - margin) * SCALE), 0)
    right, lower = int((x1 + margin) * SCALE) + 1, int((bottom + margin) * SCALE) + 1
    return _recognized(image[upper:lower, left:right], (left, upper))


def _box(points, offset: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float, float, float]:
    xs = [(float(point[0]) + offset[0]) / SCALE for point in points]
    ys = [(float(point[1]) + offset[1]) / SCALE for point in points]
    return min(xs), min(ys), max(xs), max(ys)


def ocr_chars(lines: list[tuple[tuple[float, float, float, float], str]]) -> list[Char]:
    """Characters of OCR's lines ((x0, top, x1, bottom) in points, text), each line's spread along its box,
    in reading order of the boxes as given.

    >>> chars = ocr_chars([((10, 10, 40, 22), "第一章"), ((10, 30, 62, 42), "总则 AB")])
    >>> [(c.text, c.x0, c.x1, c.size, c.spaced) for c in chars]  # doctest: +NORMALIZE_WHITESPACE
    [('第', 10.0, 20.0, 10.0, False), ('一', 20.0, 30.0, 10.0, False), ('章', 30.0, 40.0, 10.0, False),
     ('总', 10.0, 26.0, 12.0, False), ('则', 26.0, 42.0, 12.0, False), ('A', 46.0, 54.0, 12.0, True), ('B', 54.0, 62.0, 12.0, False)]
    """
    sizes = snap_sizes([line_size(box, text) for box, text in lines])
    chars: list[Char] = []
    for (box, text), size in zip(lines, sizes):
        chars += _spread(box, text.strip(), size)
    return chars


def line_size(box: tuple[float, float, float, float], text: str) -> float:
    """The type size a line's box shows: its width per character (a wide one counts 1, others 1/2,
    a space 1/4), no more than the box's height; for a line set top to bottom, the other way round."""
    x0, top, x1, bottom = box
    width, height = x1 - x0, bottom - top
    units = sum(_width(char) for char in text.strip()) or 1.0
    if _is_vertical(box, text):
        return min(height / units, width)
    return min(width / units, height)


def snap_sizes(sizes: list[float]) -> list[float]:
    """Each size replaced by the middle size of its run of sizes within SIZE_TOLERANCE of the one before,
    to half a point.

    >>> snap_sizes([12.1, 11.8, 12.4, 16.0, 15.6, 12.0])
    [12.0, 12.0, 12.0, 16.0, 16.0, 12.0]
    """
    order = sorted(set(sizes))
    runs: list[list[float]] = []
    for size in order:
        if runs and size <= runs[-1][-1] * (1 + SIZE_TOLERANCE):
            runs[-1].append(size)
        else:
            runs.append([size])
    snapped = {size: round(run[len(run) // 2] * 2) / 2 for run in runs for size in run}
    return [snapped[size] for size in sizes]


def _spread(box: tuple[float, float, float, float], text: str, size: float) -> list[Char]:
    x0, top, x1, bottom = map(float, box)
    vertical = _is_vertical(box, text)
    units = sum(_width(char) for char in text) or 1.0
    step = ((bottom - top) if vertical else (x1 - x0)) / units
    chars, at, spaced = [], (top if vertical else x0), False
    for char in text:
        advance = _width(char) * step
        if char.isspace():
            spaced, at = True, at + advance
            continue
        if vertical:
            chars.append(Char(char, x0, at, x1, at + advance, size, False, spaced))
        else:
            chars.append(Char(char, at, top, at + advance, bottom, size, False, spaced))
        at, spaced = at + advance, False
    return chars


def _width(char: str) -> float:
    if char.isspace():
        return 0.25
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.5


def _is_vertical(box: tuple[float, float, float, float], text: str) -> bool:
    """A box much taller than wide holding several characters: a line set top to bottom."""
    x0, top, x1, bottom = box
    return len(text.strip()) > 1 and bottom - top > 1.5 * (x1 - x0)
