"""The heap of a long-lived `serve` process, tidied while the reader looks at the page.

A `serve` session keeps its resources (the annotator's tables, the cache's
entries, the search index) from build to build: at 1,000 documents some
220,000 objects the collector tracks, which live as long as the process.
Python's collector walks every one of them each time it runs a full
collection, and it runs one whenever enough new objects have outlived the
younger generations: 0.22 s inside two edits' rebuilds out of five.

`settle_heap` is run after each build, behind it (`BuildCache.after_writes`):
it collects the build's garbage, then moves whatever is left out of the
collector's sight (`gc.freeze`), so the next builds' collections walk only
what they made. It first puts back what the last call set aside
(`gc.unfreeze`), so an object kept by one build and dropped by a later one
in a reference cycle is still collected, one build later.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Collect all garbage, then leave the objects that remain out of later collections."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
