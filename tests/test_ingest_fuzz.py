"""No file breaks a build: random bytes and damaged real files, in every format, give documents or one clear problem.

Each case writes the bytes under a document's name and reads, cleans and
structures it as a build does; the only acceptable failure is a Problem
naming the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_document
from jiedu.ingest.files import read_document_file
from jiedu.structure import structure_document

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "formats"
EXTENSIONS = [".txt", ".md", ".html", ".pdf", ".docx", ".csv", ".jsonl", ".json", ".rss", ".xml"]
# Small real files of every format, to damage (the big ones would make each example slow).
SEEDS = [
    "docx_npc_national_flag_law_altchunk_mht.docx", "rss_wechat_feeds_xinhua_2021.xml", "csv_pboc_open_market_announcements_first8rows.csv",
    "jsonl_gov_cn_policy_library_records_first6rows.jsonl", "md_xinwenlianbo_2026_07_03_headline_digest.md",
    "html_tkww_takungpao_2025_fire_liability_epaper_article_traditional.html", "pdf_shenzhen_2021_gender_statistics_report_wps.pdf",
    "txt_lianyungang_gazetteer_dialect_volume_rapidocr_page.txt",
]
PASSES = build_cleaning_passes(build_cleaning_resources())
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def read_as_a_build_does(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    documents, problems = read_document_file(path, name)
    assert all(problem.path == name for problem in problems)
    bugs = [problem.message for problem in problems if problem.message.startswith("could not be read as")]
    assert not bugs, bugs  # a reader failed otherwise than by saying why the file is unreadable
    for document in documents:
        structure_document(document, clean_document(document, PASSES))


@FUZZ
@given(data=st.binary(max_size=4000), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_never_break_a_build(tmp_path, data, extension):
    read_as_a_build_does(tmp_path, f"random{extension}", data)


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """The file cut short, with bytes changed, or with a piece of it repeated elsewhere."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if action == "cut":
            del data[at:]
        elif action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[at : at + draw(st.integers(1, 256))]
    return bytes(data)


@pytest.mark.parametrize("name", SEEDS)
def test_damaged_real_files_never_break_a_build(tmp_path, name):
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    original = path.read_bytes()

    @FUZZ
    @given(data=damaged(original))
    def check(data):
        read_as_a_build_does(tmp_path, name, data)

    check()
