"""A small bar chart drawn at build time as inline SVG: no charting library, no script in the page.

Bars, labels and the baseline are drawn in `currentColor`, so the chart takes
the text colour of the page around it (dark mode included). The chart is an
image to assistive technology (`role="img"` with a title and description);
the page gives the figures as text beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PLOT_HEIGHT = 80
"""Height of the tallest bar, in SVG units."""
BAR_WIDTH, GAP = 20, 6
"""Wide enough that a year (four digits at font size 9) fits under every bar."""
TOP_MARGIN, BOTTOM_MARGIN, SIDE_MARGIN = 14, 16, 2
LABELLED_EVERY = 5
"""On a chart of many bars, every label whose value is a multiple of this is shown (and the first and last)."""
FEW_BARS = 12
"""Up to this many bars, every bar is labelled and its value printed above it."""


def bar_height(value: int, largest: int) -> float:
    """A bar's height, in proportion to the largest; a non-zero value is never drawn thinner than 1.

    >>> bar_height(2, 4), bar_height(0, 4), bar_height(1, 1000)
    (40.0, 0.0, 1.0)
    """
    if value <= 0 or largest <= 0:
        return 0.0
    return max(1.0, round(value / largest * PLOT_HEIGHT, 1))


def is_labelled(index: int, count: int, label: str) -> bool:
    """Whether bar `index` of `count` gets its label under it."""
    if count <= FEW_BARS or index in (0, count - 1):
        return True
    return label.isdigit() and int(label) % LABELLED_EVERY == 0 and index not in (1, count - 2)


def bar_chart_svg(bars: Sequence[tuple[str, int]], title: str, description: str, id_prefix: str) -> str:
    """An SVG bar chart of (label, value) pairs: one <rect class="bar"> per pair, in order.

    `id_prefix` makes the title and description ids unique within the page.
    """
    largest = max((value for _, value in bars), default=0)
    width = 2 * SIDE_MARGIN + len(bars) * (BAR_WIDTH + GAP) - GAP
    height = TOP_MARGIN + PLOT_HEIGHT + BOTTOM_MARGIN
    parts = [
        f'<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        parts += _bar(index, len(bars), label, value, largest)
    baseline = TOP_MARGIN + PLOT_HEIGHT
    parts.append(f'<line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" stroke="currentColor" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def _bar(index: int, count: int, label: str, value: int, largest: int) -> list[str]:
    x = SIDE_MARGIN + index * (BAR_WIDTH + GAP)
    middle = x + BAR_WIDTH / 2
    height = bar_height(value, largest)
    top = TOP_MARGIN + PLOT_HEIGHT - height
    parts = [f'<rect class="bar" x="{x}" y="{top:g}" width="{BAR_WIDTH}" height="{height:g}" fill="currentColor">'
             f"<title>{escape(label)}: {value}</title></rect>"]
    if count <= FEW_BARS and value:
        parts.append(f'<text x="{middle:g}" y="{top - 3:g}" text-anchor="middle" font-size="9" fill="currentColor">{value}</text>')
    if is_labelled(index, count, label):
        parts.append(f'<text x="{middle:g}" y="{TOP_MARGIN + PLOT_HEIGHT + 12}" text-anchor="middle" font-size="9" fill="currentColor">{escape(label)}</text>')
    return parts
