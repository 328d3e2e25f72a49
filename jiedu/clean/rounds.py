"""Run a cleaning round again until it changes nothing.

Some passes make work for themselves (a removal makes more junk
recognisable; a join changes the layout the next reading infers). Each such
round only removes, so repeating it ends.
"""

from __future__ import annotations

from collections.abc import Callable

from jiedu.model import Change


def repeat_until_unchanged(one_round: Callable[[str], tuple[str, list[Change]]], text: str, max_rounds: int) -> tuple[str, list[Change]]:
    """Apply `one_round` until the text stops changing (at most `max_rounds` times).

    >>> repeat_until_unchanged(lambda t: (t.replace("  ", " "), []), "a    b", 10)
    ('a b', [])
    """
    changes: list[Change] = []
    for _ in range(max_rounds):
        result, found = one_round(text)
        changes.extend(found)
        if result == text:
            break
        text = result
    return text, changes
