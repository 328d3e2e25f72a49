"""Ruled tables: the lines a PDF draws round its cells, and the characters inside each cell.

Word, WPS and LibreOffice draw a table's borders as path objects. Where the
borders make a grid, the grid says which cell each character is in, so a cell
whose text wraps onto two lines stays one cell and two cells that almost touch
stay two; reading the rows from gaps between characters (`paragraphs`) can do
neither. A grid needs at least two rows and two columns of cells and text in
them; a page's frame or one shaded box is no table. A cell that spans columns
(no border between them on its row) or rows (none under it) is one cell, its
text in its first row and column, as the Word reader gives merged cells.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, replace
from statistics import median

from ....charclass import text_language
from .chars import Char
from .lines import chars_to_lines
from .paragraphs import Paragraph, join_lines

AXIS_TOLERANCE = 1.0
"""Points a border may lean and still be horizontal or vertical."""
MIN_RULE = 3.0
"""Points a border must be long to count (shorter strokes are text decoration or dots)."""
JOIN_TOLERANCE = 2.0
"""Points within which two borders meet (a grid's lines are drawn end to end, not always exactly)."""
MERGE_POSITIONS = 1.5
"""Points within which two grid lines are one (a thin rectangle drawn as a border has two edges)."""
MIN_CELLS = 2
"""Rows and columns of cells, each, that a grid needs to be a table."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal or vertical border; y grows downwards from the top of the page."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= AXIS_TOLERANCE


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's lines: the x of each column border and the y of each row border, and where along each
    of them a border is drawn (spans, by the border's index in `xs` or `ys`)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    vertical: dict[int, list[tuple[float, float]]]
    horizontal: dict[int, list[tuple[float, float]]]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def holds(self, char: Char) -> bool:
        x0, top, x1, bottom = self.box
        return x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= char.middle <= bottom


def page_rules(page, height: float) -> tuple[Rule, ...]:
    """The horizontal and vertical straight strokes of a pypdfium2 page's path objects (in form objects too)."""
    import pypdfium2.raw as raw

    rules: list[Rule] = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=4):
        rules += _path_rules(obj, height)
    return tuple(rules)


def _path_rules(obj, height: float) -> list[Rule]:
    import pypdfium2.raw as raw

    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj.raw, matrix):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    rules: list[Rule] = []
    start = previous = None  # the subpath's first point, the point drawn last
    for index in range(raw.FPDFPath_CountSegments(obj.raw)):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, index)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e, height - (matrix.b * x.value + matrix.d * y.value + matrix.f))
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or start is None:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            rules += _straight(previous, point)
        if raw.FPDFPathSegment_GetClose(segment):
            rules += _straight(point, start)
        previous = point
    return rules


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[Rule]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= AXIS_TOLERANCE and abs(ax - bx) >= MIN_RULE:
        return [Rule(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))]
    if abs(ax - bx) <= AXIS_TOLERANCE and abs(ay - by) >= MIN_RULE:
        return [Rule(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))]
    return []


def table_grids(rules: tuple[Rule, ...]) -> list[Grid]:
    """The grids that connected borders make, each with at least `MIN_CELLS` rows and columns."""
    grids = []
    for group in _connected(list(rules)):
        xs = _positions([(r.x0 + r.x1) / 2 for r in group if not r.horizontal])
        ys = _positions([(r.top + r.bottom) / 2 for r in group if r.horizontal])
        if len(xs) > MIN_CELLS and len(ys) > MIN_CELLS:
            vertical: dict[int, list[tuple[float, float]]] = {}
            horizontal: dict[int, list[tuple[float, float]]] = {}
            for rule in group:
                if rule.horizontal:
                    horizontal.setdefault(_nearest(ys, (rule.top + rule.bottom) / 2), []).append((rule.x0, rule.x1))
                else:
                    vertical.setdefault(_nearest(xs, (rule.x0 + rule.x1) / 2), []).append((rule.top, rule.bottom))
            grids.append(Grid(tuple(xs), tuple(ys), vertical, horizontal))
    return grids


def _nearest(positions: list[float], value: float) -> int:
    return min(range(len(positions)), key=lambda index: abs(positions[index] - value))


def _connected(rules: list[Rule]) -> list[list[Rule]]:
    """Groups of borders that touch one another (union-find; pairs found by a sweep along x)."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(rules)), key=lambda i: rules[i].x0)
    for position, i in enumerate(order):
        a = rules[i]
        for j in order[position + 1 :]:
            b = rules[j]
            if b.x0 - JOIN_TOLERANCE > a.x1:
                break
            if a.top - JOIN_TOLERANCE <= b.bottom and b.top - JOIN_TOLERANCE <= a.bottom:
                parent[root(i)] = root(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    return list(groups.values())


def _positions(values: list[float]) -> list[float]:
    """Sorted positions, those within `MERGE_POSITIONS` of each other taken as one."""
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= MERGE_POSITIONS:
            continue
        merged.append(value)
    return merged


def grid_rows(grid: Grid, chars: list[Char], origins: dict[tuple[int, int], tuple[int, int]] | None = None) -> list[list[list[Char]]]:
    """The characters of each cell, row by row (a merged cell's characters in its first row and column)."""
    rows = len(grid.ys) - 1
    columns = len(grid.xs) - 1
    owner = origins if origins is not None else merged_origins(grid)
    cells: list[list[list[Char]]] = [[[] for _ in range(columns)] for _ in range(rows)]
    for char in chars:
        r = _band(grid.ys, char.middle)
        c = _band(grid.xs, (char.x0 + char.x1) / 2)
        if r is not None and c is not None:
            first_row, first_column = owner[(r, c)]
            cells[first_row][first_column].append(char)
    return cells


def merged_origins(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """For each cell of the grid, the first row and column of the merged cell it is part of."""
    return {(r, c): _merged_origin(grid, r, c) for r in range(len(grid.ys) - 1) for c in range(len(grid.xs) - 1)}


def _band(edges: tuple[float, ...], value: float) -> int | None:
    for index in range(len(edges) - 1):
        if edges[index] <= value <= edges[index + 1]:
            return index
    return None


def _merged_origin(grid: Grid, row: int, column: int) -> tuple[int, int]:
    """The first row and column of the merged cell that (row, column) is part of."""
    while column > 0 and not _drawn(grid.vertical.get(column, ()), (grid.ys[row] + grid.ys[row + 1]) / 2):
        column -= 1
    while row > 0 and not _drawn(grid.horizontal.get(row, ()), (grid.xs[column] + grid.xs[column + 1]) / 2):
        row -= 1
    return row, column


def _drawn(spans, middle: float) -> bool:
    """Whether a border is drawn over `middle` along its line."""
    return any(start - JOIN_TOLERANCE <= middle <= end + JOIN_TOLERANCE for start, end in spans)


MIN_FILLED = 0.5
"""Share of a grid's cells (merged cells counted once) that must hold text: a chart's gridlines hold none."""
MIN_TABLE_CHARS = 6
MAX_CELL_CHARS = 300
"""Characters a table's cell may hold at most: a box round a newspaper's story, with rules between columns, is no table."""


def ruled_tables(rules: tuple[Rule, ...], chars: tuple[Char, ...]) -> list[tuple[Grid, list[list[list[Char]]]]]:
    """The page's ruled tables with their cells' characters, row by row; grids that hold too little text are no tables."""
    tables = []
    for grid in table_grids(rules):
        inside = [char for char in chars if grid.holds(char)]
        if len(inside) < MIN_TABLE_CHARS:
            continue
        origins = merged_origins(grid)
        cells = grid_rows(grid, inside, origins)
        merged = set(origins.values())
        filled = sum(1 for r, c in merged if cells[r][c])
        longest = max(len(cell) for row in cells for cell in row)
        if filled >= MIN_FILLED * len(merged) and longest <= MAX_CELL_CHARS and not is_side_by_side_translation(cells):
            tables.append((grid, cells))
    return tables


def is_side_by_side_translation(cells: list[list[list[Char]]]) -> bool:
    """Two columns, English in one and Chinese in the other: a bilingual page laid out in a grid (Hong Kong's
    forms and notices), read as its text, not as a table of rows."""
    if any(len(row) != 2 for row in cells):
        return False
    pairs = [tuple(text_language("".join(char.text for char in cell)) for cell in row) for row in cells if all(row)]
    crossed = sum(1 for pair in pairs if set(pair) == {"en", "zh"})
    return bool(pairs) and crossed * 2 > len(pairs)


def table_paragraphs(cells: list[list[list[Char]]], page: int, stack: int) -> list[Paragraph]:
    """One table-row Paragraph per row that holds text, a cell's lines joined as one text; columns empty in
    every row (borders of other rows' merged cells make them) left out."""
    rows = []
    for row in (piece for band in cells for piece in _rows_without_rules(band)):
        lines_of_cells = [chars_to_lines(tuple(chars)) if chars else [] for chars in row]
        texts = tuple(join_lines([line.text for line in lines]) if lines else "" for lines in lines_of_cells)
        if not any(texts):
            continue
        chars = [char for cell in row for char in cell]
        size = round(median(char.size for char in chars) * 2) / 2
        lines = tuple(line for cell in lines_of_cells for line in cell)
        rows.append(Paragraph(lines, page, stack, size, all(char.bold for char in chars), "\t".join(texts), False, False, cells=texts))
    spans = _leading_spans(rows)
    kept = [column for column in range(len(cells[0]) if cells else 0) if any(row.cells[column] for row in rows[spans:])]
    return [_spanning_as_text(row) for row in rows[:spans]] + [_with_cells(row, tuple(row.cells[c] for c in kept)) for row in rows[spans:]]


def _with_cells(row: Paragraph, cells: tuple[str, ...]) -> Paragraph:
    return replace(row, cells=cells, text="\t".join(cells))


def _rows_without_rules(band: list[list[Char]]) -> list[list[list[Char]]]:
    """A grid row that holds several rows of the table, ruled only around them: each of its filled
    cells (three or more) has as many lines, at the same heights. One row otherwise (a cell that
    wraps, beside cells that do not, keeps its lines together).

    >>> from jiedu.ingest.readers.pdf.chars import Char
    >>> cell = lambda *rows: [Char(text, 10 * i, top, 10 * i + 9, top + 9, 9, False) for i, (text, top) in enumerate(rows)]
    >>> band = [cell(("甲", 0), ("乙", 12)), cell(("1", 0), ("2", 12)), cell(("3", 0), ("4", 12))]
    >>> [["".join(c.text for c in cell) for cell in row] for row in _rows_without_rules(band)]
    [['甲', '1', '3'], ['乙', '2', '4']]
    >>> len(_rows_without_rules([cell(("甲", 0), ("乙", 12)), cell(("1", 0)), cell(("3", 0))]))
    1
    """
    filled = [cell for cell in band if cell]
    if len(filled) < 3:
        return [band]
    heights = [_line_heights(cell) for cell in filled]
    if len(heights[0]) < 2 or any(len(found) != len(heights[0]) for found in heights):
        return [band]
    size = max(char.size for cell in filled for char in cell)
    if any(abs(a - b) > size / 2 for found in heights for a, b in zip(found, heights[0])):
        return [band]
    bounds = [(a + b) / 2 for a, b in zip(heights[0], heights[0][1:])]
    return [
        [[char for char in cell if (index == 0 or char.middle > bounds[index - 1]) and (index == len(bounds) or char.middle <= bounds[index])] for cell in band]
        for index in range(len(heights[0]))
    ]


def _line_heights(chars: list[Char]) -> list[float]:
    """The middle heights of the lines the characters are set on, top down."""
    heights: list[float] = []
    for char in sorted(chars, key=lambda c: c.middle):
        if not heights or char.middle - heights[-1] > char.size / 2:
            heights.append(char.middle)
    return heights


def _leading_spans(rows: list) -> int:
    """How many first rows hold one cell's text only: the table's label and title (附件： / …名单), not its rows."""
    count = 0
    while count < len(rows) - 1 and sum(1 for text in rows[count].cells if text) == 1:
        count += 1
    return count


def _spanning_as_text(row: Paragraph) -> Paragraph:
    text = next(text for text in row.cells if text)
    return replace(row, text=text, cells=())
