"""strip_inline_pinyin: cases from fixtures and properties."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean_cases import read_cases
from jiedu.charclass import han_only
from jiedu.clean.pinyin_readings import build_pinyin_readings
from jiedu.clean.strip_inline_pinyin import strip_inline_pinyin


@pytest.fixture(scope="module")
def readings():
    return build_pinyin_readings()


@pytest.mark.parametrize("given_text, expected", read_cases("strip_inline_pinyin.cases.txt"))
def test_strip_cases(readings, given_text, expected):
    assert strip_inline_pinyin(given_text, readings)[0] == expected


def test_one_change_per_line(readings):
    text = "堅(jiān)持以習(xí)近平\n（一）\n中(zhōng)(guó)"
    stripped, changes = strip_inline_pinyin(text, readings)
    assert stripped == "堅持以習近平\n（一）\n中"
    assert [(c.line, c.before, c.after) for c in changes] == [
        (1, "堅(jiān) 習(xí)", "堅 習"),
        (3, "中(zhōng) 中(guó)", "中 中"),
    ]
    assert "not a listed reading" in changes[1].note and "中(guó)" in changes[1].note


TEXT = st.text(alphabet="堅持中國藏一二()（）jiānzhōngguóa1v \n", max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_properties(readings, text):
    stripped, changes = strip_inline_pinyin(text, readings)
    assert strip_inline_pinyin(stripped, readings) == (stripped, [])
    assert han_only(stripped) == han_only(text)
    assert _is_subsequence(stripped, text)
    assert stripped.count("\n") == text.count("\n")
    assert (stripped == text) == (changes == [])


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(char in remaining for char in short)
