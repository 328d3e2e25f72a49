#!/usr/bin/env python3
"""Make the condensed Latin face the site sets its pinyin in: a small WOFF2 subset.

    python scripts/make_pinyin_font.py [--source FONT.ttf] [--out templates/assets/fonts]

The source is Roboto Condensed Regular (Google, Apache License 2.0), from
Debian's fonts-roboto-unhinted package:

    apt-get install fonts-roboto-unhinted
    # or, without installing it: apt-get download fonts-roboto-unhinted && dpkg-deb -x fonts-roboto-unhinted_*.deb DIR
    #   then pass --source DIR/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Regular.ttf

Why this face: it is narrow (a six-letter syllable such as zhuàng is about
18 % narrower than in Noto Sans), plain at small sizes, and it has every
tone-marked vowel, ǖǘǚǜ included. (Liberation Sans Narrow, the obvious
other candidate, is under the Liberation/GPL licence in its only version with
a Narrow face, 1.07, and lacks ǎ ǐ ǒ ǔ and ǖ ǘ ǚ ǜ.)

The subset keeps only what pinyin needs (PINYIN_TEXT), so the file is a few
kilobytes. It writes the font, the licence beside it, and prints its size.
Development tools only, not dependencies of jiedu: `pip install fonttools brotli`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Regular.ttf")
DEFAULT_OUT = PROJECT_DIR / "templates" / "assets" / "fonts"
FONT_NAME = "pinyin-condensed.woff2"
LICENCE_SOURCE = Path("/usr/share/common-licenses/Apache-2.0")
LICENCE_NAME = "pinyin-condensed.LICENSE.txt"

TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü" "ĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜ"
OTHER_SYLLABICS = "êÊếềẾỀḿńňǹŃŇǸ"  # ê (ê̄ and ê̌ by combining marks), and syllabic m and n (ḿ ń ň ǹ)
COMBINING_TONES = "\u0300\u0301\u0304\u030c\u0308"  # grave, acute, macron, caron, diaeresis: decomposed readings
PINYIN_TEXT = (
    "abcdefghijklmnopqrstuvwxyz" "ABCDEFGHIJKLMNOPQRSTUVWXYZ" "0123456789"
    + TONE_VOWELS + OTHER_SYLLABICS + COMBINING_TONES + " '’-·"
)

NOTICE = """pinyin-condensed.woff2 is a subset of Roboto Condensed Regular ({version}),
Copyright 2011 Google Inc., licensed under the Apache License, Version 2.0 (below).
Modified by the jiedu project: reduced to the letters, tone-marked vowels, digits and
marks that pinyin uses, and converted to WOFF2, by scripts/make_pinyin_font.py.

"""


def subset_font(source: Path, text: str):
    """The source font reduced to the glyphs of `text`, ready to save as WOFF2."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "mark", "mkmk", "ccmp", "locl"]  # kerning, and tone marks placed over letters
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    return font, options


def missing_characters(source: Path, text: str) -> str:
    """Characters of `text` the source font has no glyph for."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(source)).getBestCmap()
    return "".join(ch for ch in text if ord(ch) not in cmap)


def font_version(source: Path) -> str:
    from fontTools.ttLib import TTFont

    return TTFont(str(source))["name"].getDebugName(5) or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source}: not found; apt-get install fonts-roboto-unhinted, or pass --source", file=sys.stderr)
        return 1
    missing = missing_characters(args.source, PINYIN_TEXT)
    if missing.strip():
        print(f"{args.source}: has no glyph for {missing!r}; choose another source font", file=sys.stderr)
        return 1
    from fontTools import subset

    font, options = subset_font(args.source, PINYIN_TEXT)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / FONT_NAME
    subset.save_font(font, str(target), options)
    licence = NOTICE.format(version=font_version(args.source)) + LICENCE_SOURCE.read_text(encoding="utf-8")
    (args.out / LICENCE_NAME).write_text(licence, encoding="utf-8")
    print(f"{target}: {target.stat().st_size} bytes, {len(font.getGlyphOrder())} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
