"""The GBK repair: spans where a scraped site split a two-byte GBK character, read again.

One entry point, used by the cleaning pipeline (`jiedu.clean`, pass
``repair_shifted_gbk``): build a `GbkEvidence` once with `build_gbk_evidence`
and call `repair_shifted_gbk(text, evidence)` on each text.

The modules, each building on those before it:

- `gbk_bytes`: the GBK code table, character <-> bytes.
- `word_scores`: word frequencies from jieba's dictionary, to score readings.
- `document_vocabulary`: the document's own script and words, as evidence.
- `tokens`: the characters after a ``?`` with the bytes each may stand for.
- `dropped_pair_tables`: candidate lists for user-defined pairs that vanished.
- `hypothesis`: one reading of a span in progress, and how it is scored.
- `dropped_pairs`: where a search may assume a vanished pair.
- `search` and `memo`: the byte-by-byte search, and its memo across documents.
- `repair`: the pass itself: which spans to search, and the verdict on each.

Pinyin readings (`jiedu.clean.pinyin_readings`) and the one-character OpenCC
converters (`jiedu.clean.char_converters`) stay outside: `strip_inline_pinyin`
uses them too.

Importing this package loads nothing else: every build imports the cleaner,
most never meet a ``?`` (a no-op rebuild cleans nothing), and the modules
take a fiftieth of a second to import. They load on the first call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jiedu.clean.pinyin_readings import PinyinReadings
    from jiedu.clean.gbk_repair.repair import GbkEvidence
    from jiedu.model import Change
    from jiedu.table_cache import TableCache

__all__ = ["GbkEvidence", "build_gbk_evidence", "repair_shifted_gbk"]


def build_gbk_evidence(extra_words: Iterable[str] = (), readings: PinyinReadings | None = None, tables: TableCache | None = None) -> GbkEvidence:
    """The repair's resources, built once per build (`jiedu.clean.gbk_repair.repair.build_gbk_evidence`)."""
    from jiedu.clean.gbk_repair import repair

    return repair.build_gbk_evidence(extra_words, readings, tables)


def repair_shifted_gbk(text: str, evidence: GbkEvidence) -> tuple[str, list[Change]]:
    """Repair (or mark) every span of `text` where GBK bytes were read one byte off
    (`jiedu.clean.gbk_repair.repair.repair_shifted_gbk`)."""
    from jiedu.clean.gbk_repair import repair

    return repair.repair_shifted_gbk(text, evidence)


def __getattr__(name: str):
    if name == "GbkEvidence":
        from jiedu.clean.gbk_repair.repair import GbkEvidence

        return GbkEvidence
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
