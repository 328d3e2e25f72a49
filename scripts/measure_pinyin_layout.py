#!/usr/bin/env python3
"""Measure how the pinyin of a built site's reading pages is laid out, in headless Chromium.

    python scripts/measure_pinyin_layout.py SITE_DIR [PAGE ...] [--widths 360,390,768,1280]

Pages default to every document page (`SLUG/index.html`). Each is measured
with pinyin on at every width and in print media (at 642 CSS px, the text
width of an A4 page with the print style's 20 mm side margins), and for
paragraphs and headings apart:

- readings: the gaps between the texts of neighbouring `<rt>` on one line
  (each text's width measured with its own font, centred in its box);
  a pair is *touching* when its gap is under 1 CSS px (overlaps included);
- the reading size in px and as a share of the text size (smallest seen);
- character spacing: on each line, the space between neighbouring Han
  characters and CJK punctuation (Range boxes of the base text, their own
  letter-spacing counted as space); a line's *spread* is its largest gap
  less its smallest, and a gap is *uneven* when it is more than 1 px off the
  line's median. Gaps beside punctuation are reported apart, since a gap
  left out before or after punctuation is what the eye catches first.

The figures go to stdout as a table; `measure_site` returns them for tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

WIDTHS = (360, 390, 768, 1280)
PRINT_WIDTH = 642  # A4 (210 mm) less 2 × 20 mm margins, at 96 px per inch
TOUCHING_PX = 1.0
UNEVEN_PX = 1.0

# One record per block of reading text that has readings: its kind, sizes,
# the boxes of its readings and of its base characters (left, right, top, bottom).
PROBE_JS = r"""
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u, CJK_PUNCT = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018\u2019\u201c\u201d\u00b7]/u;
  const spacing = (el) => { const v = parseFloat(getComputedStyle(el).letterSpacing); return isNaN(v) ? 0 : v; };
  const box = (r) => [r.left, r.right, r.top, r.bottom];
  const canvas = document.createElement("canvas").getContext("2d"), widths = new Map();
  const textWidth = (text, style) => {
    const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`, key = font + "|" + text;
    if (!widths.has(key)) {
      canvas.font = font;
      widths.set(key, canvas.measureText(text).width + Math.max(0, text.length - 1) * (parseFloat(style.letterSpacing) || 0));
    }
    return widths.get(key);
  };
  const blocks = [];
  document.querySelectorAll("main [data-w]").forEach((block) => {
    const first = block.querySelector("rt");
    if (!first || !block.getClientRects().length) return;
    const rts = [];
    block.querySelectorAll("rt").forEach((rt) => {
      const r = rt.getBoundingClientRect(), style = getComputedStyle(rt);
      if (!r.width || style.visibility === "hidden") return;
      // Chromium reports the annotation's whole box for a Range inside <rt>, not its text:
      // the text is measured apart and centred in the box's content area (ruby-align: center).
      const left = r.left + parseFloat(style.paddingLeft), right = r.right - parseFloat(style.paddingRight);
      const half = textWidth(rt.textContent, style) / 2, middle = (left + right) / 2;
      rts.push([middle - half, middle + half, r.top, r.bottom]);
    });
    const chars = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      if (node.parentElement.closest("rt, rp")) continue;
      const ls = spacing(node.parentElement);
      let at = 0;
      for (const ch of node.data) {
        const kind = HAN.test(ch) ? "han" : CJK_PUNCT.test(ch) ? "punct" : "other";
        const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + ch.length);
        const rects = range.getClientRects();
        if (rects.length && kind !== "other") { const b = box(rects[0]); b[1] -= ls; chars.push([...b, kind, ch]); }
        else if (rects.length) chars.push([...box(rects[0]), kind, ch]);
        at += ch.length;
      }
    }
    blocks.push({
      kind: /^H[1-6]$/.test(block.tagName) ? "heading" : "paragraph",
      textPx: parseFloat(getComputedStyle(block).fontSize),
      rtPx: parseFloat(getComputedStyle(first).fontSize),
      rts, chars,
    });
  });
  done(blocks);
});
"""


@dataclasses.dataclass(frozen=True, slots=True)
class Figures:
    """What one page (or several) measured in one setting, for one kind of block."""

    pairs: int
    """Neighbouring readings on one line."""
    touching: int
    """Of those, pairs less than 1 px apart (overlapping included)."""
    min_gap: float
    """The smallest gap between neighbouring readings, px."""
    rt_px: float
    """The smallest reading size seen, px."""
    rt_share: float
    """The smallest reading size as a share of its block's text size."""
    lines: int
    """Lines with at least two spaced characters."""
    spread_median: float
    """Median over lines of (largest - smallest gap between characters), px."""
    spread_p95: float
    """95th percentile of the same."""
    uneven_share: float
    """Share of character gaps more than 1 px off their line's median."""
    punct_uneven_share: float
    """The same, for the gaps beside CJK punctuation only."""


def lines_of(boxes: list) -> list[list]:
    """Boxes grouped into lines (by vertical position), each sorted left to right.

    >>> [[b[0] for b in line] for line in lines_of([[20, 30, 0, 10], [0, 10, 1, 11], [0, 10, 30, 40]])]
    [[0, 20], [0]]
    """
    lines: list[list] = []
    for item in sorted(boxes, key=lambda b: (b[2], b[0])):
        if lines and item[2] < lines[-1][0][2] + (lines[-1][0][3] - lines[-1][0][2]) / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    return [sorted(line, key=lambda b: b[0]) for line in lines]


def neighbour_gaps(line: list) -> list[float]:
    """Space between each box and the next on a line.

    >>> neighbour_gaps([[0, 10, 0, 5], [12, 20, 0, 5], [19, 25, 0, 5]])
    [2, -1]
    """
    return [after[0] - before[1] for before, after in zip(line, line[1:])]


def character_gaps(line: list) -> list[tuple[float, bool]]:
    """Gaps between neighbouring CJK characters of a line, each with whether punctuation is beside it.

    A gap next to a Latin letter or digit is left out: those runs are spaced by their own font.
    """
    gaps = []
    for before, after in zip(line, line[1:]):
        if "other" not in (before[4], after[4]):
            gaps.append((after[0] - before[1], "punct" in (before[4], after[4])))
    return gaps


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank); 0 for none.

    >>> percentile([1, 2, 3, 4], .5)
    2
    """
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def spacing_figures(blocks: list[dict]) -> tuple[int, list[float], int, int, int, int]:
    """(lines, spreads, gaps, uneven gaps, gaps beside punctuation, uneven ones of those)."""
    lines, spreads, gaps, uneven, punct, punct_uneven = 0, [], 0, 0, 0, 0
    for block in blocks:
        for line in lines_of(block["chars"]):
            found = character_gaps(line)
            if len(found) < 2:
                continue
            lines += 1
            middle = statistics.median(gap for gap, _ in found)
            spreads.append(max(g for g, _ in found) - min(g for g, _ in found))
            for gap, beside_punct in found:
                off = abs(gap - middle) > UNEVEN_PX
                gaps, uneven = gaps + 1, uneven + off
                punct, punct_uneven = punct + beside_punct, punct_uneven + (off and beside_punct)
    return lines, spreads, gaps, uneven, punct, punct_uneven


def summarise(blocks: list[dict]) -> Figures | None:
    """The figures for some blocks, or None when there are none."""
    if not blocks:
        return None
    reading_gaps = [gap for block in blocks for line in lines_of(block["rts"]) for gap in neighbour_gaps(line)]
    lines, spreads, gaps, uneven, punct, punct_uneven = spacing_figures(blocks)
    return Figures(
        pairs=len(reading_gaps),
        touching=sum(gap < TOUCHING_PX for gap in reading_gaps),
        min_gap=round(min(reading_gaps, default=0), 2),
        rt_px=round(min(block["rtPx"] for block in blocks), 2),
        rt_share=round(min(block["rtPx"] / block["textPx"] for block in blocks), 3),
        lines=lines,
        spread_median=round(statistics.median(spreads), 2) if spreads else 0,
        spread_p95=round(percentile(spreads, .95), 2),
        uneven_share=round(uneven / gaps, 3) if gaps else 0,
        punct_uneven_share=round(punct_uneven / punct, 3) if punct else 0,
    )


def set_viewport(driver, width: int, media: str) -> None:
    """Lay the page out at `width` CSS px, for screen or print media."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})


def probe(driver, url: str, options: dict[str, str] | None = None) -> list[dict]:
    """The blocks of one page, with pinyin on and the reading options given (jiedu.* keys) or their defaults."""
    driver.get(url)
    driver.execute_script(
        "localStorage.clear(); for (const [k, v] of Object.entries(arguments[0])) localStorage.setItem('jiedu.' + k, v);",
        {"pinyin": "on", **(options or {})},
    )
    driver.get(url)
    return driver.execute_async_script(PROBE_JS)


def settings(widths: tuple[int, ...]) -> list[tuple[str, int, str]]:
    """(name, width, media) of each layout measured."""
    return [(f"{width}px", width, "screen") for width in widths] + [("print", PRINT_WIDTH, "print")]


def measure_site(driver, urls: list[str], widths: tuple[int, ...] = WIDTHS, options: dict[str, str] | None = None) -> dict[tuple[str, str], Figures]:
    """(setting, kind of block) -> figures over all pages."""
    driver.set_script_timeout(120)
    results = {}
    for name, width, media in settings(widths):
        set_viewport(driver, width, media)
        blocks = [block for url in urls for block in probe(driver, url, options)]
        for kind in ("paragraph", "heading"):
            figures = summarise([block for block in blocks if block["kind"] == kind])
            if figures:
                results[(name, kind)] = figures
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return results


def format_table(results: dict[tuple[str, str], Figures]) -> str:
    """The figures as an aligned text table."""
    fields = [field.name for field in dataclasses.fields(Figures)]
    rows = [["setting", "kind", *fields]]
    rows += [[name, kind, *(str(getattr(figures, field)) for field in fields)] for (name, kind), figures in results.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in rows)


def document_pages(site: Path) -> list[Path]:
    """Every document's reading page."""
    return sorted(path for path in site.glob("*/index.html") if path.parent.name not in ("glossary", "report"))


def main(argv: list[str] | None = None) -> int:
    from test_browser import make_driver

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", help="pages relative to SITE (default: every document page)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="a reading option (jiedu.KEY in localStorage), e.g. rt-scale=0.8")
    args = parser.parse_args(argv)
    pages = [args.site / page for page in args.pages] or document_pages(args.site)
    options = dict(item.split("=", 1) for item in args.option)
    driver = make_driver()
    try:
        results = measure_site(driver, [page.resolve().as_uri() for page in pages], tuple(int(w) for w in args.widths.split(",")), options)
    finally:
        driver.quit()
    print(f"{len(pages)} page(s): " + ", ".join(page.parent.name for page in pages))
    print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
