"""Shared helpers for the cleaning-pass tests: fixture tables and change replay."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.model import UNCERTAIN_END, UNCERTAIN_START, Change

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
SHARED = Path(__file__).parents[2] / "shared"
MARKS = {"«": UNCERTAIN_START, "»": UNCERTAIN_END}


def read_cases(name: str) -> list:
    """``id<TAB>input<TAB>expected`` lines as pytest params (« » are the uncertain marks)."""
    cases = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        case_id, given, expected = line.split("\t")
        cases.append(pytest.param(given, with_marks(expected), id=case_id))
    return cases


def with_marks(text: str) -> str:
    return "".join(MARKS.get(c, c) for c in text)


def read_words(name: str) -> list[str]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def replay(text: str, changes: list[Change]) -> str:
    """`text` with each change's `before` replaced by its `after`, left to right."""
    cursor = 0
    for change in changes:
        at = text.find(change.before, cursor)
        if at < 0:
            at = text.find(change.before)
        assert at >= 0, f"{change.before!r} not found"
        text = text[:at] + change.after + text[at + len(change.before) :]
        cursor = at + len(change.after)
    return text
