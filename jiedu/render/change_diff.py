"""A cleaning change shown once, with what went out and what came in marked: the report's rows.

A pass that tidies spacing or widens brackets changes a few characters of a
line; printing the line before and after makes the reader hunt for them, and
doubles the page. Here the two are aligned (difflib), the removed text is
`<del>`, the inserted `<ins>`, and long unchanged stretches keep only the
characters next to a change: the line number says where the rest is.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import accumulate

from markupsafe import Markup, escape

CONTEXT = 16
"""Unchanged characters kept on each side of a change; a longer unchanged stretch is cut to these and an ellipsis."""
CHARACTER_LIMIT = 2_000
"""Changed stretches up to this long (both sides together) are aligned character by character; longer ones token by token."""
TOKEN_LIMIT = 400_000
"""Longer still, a change shows as one removal and one insertion (alignment is quadratic in the worst case)."""
ELLIPSIS = "…"
NEWLINE = "⏎"
"""How a line break shows in a row (the passes write it so in their own notes of a join)."""


def diff_pieces(before: str, after: str) -> list[tuple[str, str]]:
    """("same" | "del" | "ins", text) pieces that spell `before` when the "ins" are left out and `after` when the "del" are.

    >>> diff_pieces("│        │    │", "│ │ │")
    [('same', '│ '), ('del', '       '), ('same', '│'), ('del', '   '), ('same', ' │')]
    >>> diff_pieces("在縣 (市) 為", "在縣 （市） 為")
    [('same', '在縣 '), ('del', '(市)'), ('ins', '（市）'), ('same', ' 為')]
    >>> diff_pieces("删去这一行", "")
    [('del', '删去这一行')]
    """
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    old, new = before[start:len(before) - end], after[start:len(after) - end]
    pieces = [("same", before[:start])]
    if len(old) + len(new) <= CHARACTER_LIMIT:
        pieces += _aligned(old, new)
    elif len(old) + len(new) <= TOKEN_LIMIT:
        # A long change (a whole scraped page re-spaced) is aligned clause by clause, then within each replaced stretch.
        old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
        old_starts, new_starts = _starts(old_tokens), _starts(new_tokens)
        for tag, first, last, new_first, new_last in SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes():
            old_part, new_part = old[old_starts[first]:old_starts[last]], new[new_starts[new_first]:new_starts[new_last]]
            if tag == "equal":
                pieces.append(("same", old_part))
            elif len(old_part) + len(new_part) <= CHARACTER_LIMIT:
                pieces += _aligned(old_part, new_part)
            else:
                pieces += [("del", old_part), ("ins", new_part)]
    else:
        pieces += [("del", old), ("ins", new)]
    pieces.append(("same", before[len(before) - end:]))
    return _tidied(_absorb_single_characters(_tidied(pieces)))


TOKEN = re.compile(r"\s+|\w+|[^\s\w]+")
"""What long changes are aligned by: runs of spacing, of letters and Han characters (a clause), of punctuation."""


def _starts(tokens: list[str]) -> list[int]:
    """Where each token starts in the text they spell, and the text's length."""
    return list(accumulate(map(len, tokens), initial=0))


def _aligned(old: str, new: str) -> list[tuple[str, str]]:
    """The pieces of one changed stretch, aligned character by character."""
    if not old or not new:
        return [("del", old), ("ins", new)]
    pieces = []
    for tag, old_start, old_end, new_start, new_end in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", old[old_start:old_end]))
        else:
            pieces += [("del", old[old_start:old_end]), ("ins", new[new_start:new_end])]
    return pieces


def _absorb_single_characters(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One unchanged character between two replacements is counted into them: 乱码 repaired into other words
    otherwise reads as a comb of one-character matches. Beside a mere removal or insertion it stays."""
    joined: list[tuple[str, str]] = []
    for number, (kind, text) in enumerate(pieces):
        inside = 0 < number < len(pieces) - 1
        if kind == "same" and len(text) == 1 and inside and pieces[number - 1][0] == "ins" and pieces[number + 1][0] == "del":
            joined += [("del", text), ("ins", text)]
        else:
            joined.append((kind, text))
    return joined


def _tidied(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent unchanged pieces joined, and between two of them one removal then one insertion at most."""
    result: list[tuple[str, str]] = []
    changed = {"del": "", "ins": ""}
    for kind, text in pieces + [("same", "")]:
        if kind != "same":
            changed[kind] += text
            continue
        result += [(name, changed[name]) for name in ("del", "ins") if changed[name]]
        changed = {"del": "", "ins": ""}
        if text and result and result[-1][0] == "same":
            result[-1] = ("same", result[-1][1] + text)
        elif text:
            result.append(("same", text))
    return result


def shortened(pieces: list[tuple[str, str]], context: int = CONTEXT) -> list[tuple[str, str]]:
    """The pieces with each unchanged stretch cut to `context` characters beside its changes (an ellipsis for the rest).
    A change with nothing unchanged around it is left whole."""
    result = []
    for number, (kind, text) in enumerate(pieces):
        if kind != "same":
            result.append((kind, text))
            continue
        keep_start = number > 0  # a change before it: keep its first characters
        keep_end = number < len(pieces) - 1  # a change after it: keep its last characters
        kept = context * (keep_start + keep_end)
        if len(text) > kept + 1:
            text = (text[:context] if keep_start else "") + ELLIPSIS + (text[-context:] if keep_end else "")
        result.append((kind, text))
    return result


def change_html(before: str, after: str) -> Markup:
    """One report row's change: unchanged text plain, `<del>` what went out, `<ins>` what came in."""
    html = []
    for kind, text in shortened(diff_pieces(before, after)):
        text = escape(text.replace("\n", NEWLINE))
        html.append(text if kind == "same" else f"<{kind}>{text}</{kind}>")
    return Markup("".join(html))
