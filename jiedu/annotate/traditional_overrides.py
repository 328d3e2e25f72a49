"""Words whose Traditional form OpenCC gets wrong in official prose: data, one entry a line.

Each entry is (Simplified word, its Traditional form), with a comment saying
why. The converter (jiedu.annotate.word_conversion) uses an entry where it
stands on word boundaries of the segmentation (it may span several words:
对标 + 对表), in place of OpenCC's phrase and character tables. Both forms
must have the same length: the reading site aligns each character with its
pinyin. Kept as a Python module so that the build cache's code digest
covers it.
"""

OVERRIDES = (
    # 对表 "check against the list" in the paired formula; OpenCC's phrase 对表 is 對錶, setting a watch.
    ("对标对表", "對標對表"),
    ("对表对标", "對表對標"),
    # 征程 is a journey (征 march): OpenCC's phrase 新征 makes 新徵程 when the segmenter keeps the formula whole.
    ("新征程", "新征程"),
    # 了 as the perfective particle is never 瞭 (瞭 is "understand", 瞭解): OpenCC's phrases 明了 (clear) make
    # 指明瞭 when the segmenter keeps verb and particle together.
    ("指明了", "指明了"),
    ("查明了", "查明了"),
    ("阐明了", "闡明了"),
    # 发展 is development (發), never hair (髮): OpenCC's phrase 握发 makes 掌握髮展 when the run is one word.
    ("掌握发展", "掌握發展"),
    # 斗争 is struggle (鬥); OpenCC's phrase 大斗 (a big dipper) makes 偉大斗爭 of the formula 伟大斗争.
    ("伟大斗争", "偉大鬥爭"),
)
