"""pypinyin's data, read without loading pypinyin: a rebuild after an edit does not pay for its import.

Importing pypinyin loads its phrase dictionary, a quarter of a second. A rebuild that
processes one document needs only what the build cache's tables hold (phrases for slugs,
jiedu.slugs.PinyinSpelling) and the characters' usual readings (jiedu.pypinyin_data).
"""

from __future__ import annotations

import subprocess
import sys

from pypinyin.pinyin_dict import pinyin_dict

from conftest import PROJECT_DIR
from jiedu.pypinyin_data import read_readings_file


def test_the_readings_file_holds_what_pypinyin_reads_from_it():
    assert read_readings_file() == pinyin_dict


def test_character_readings_are_read_without_importing_pypinyin():
    probe = "import sys; from jiedu.pypinyin_data import character_readings; assert len(character_readings()) > 40000; print('pypinyin' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False"], result.stderr


def test_processing_an_edited_document_does_not_load_pypinyin(tmp_path):
    """Once the build cache holds pypinyin's table, a rebuild reads slugs from it."""
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    document = content / "documents" / "报告.md"
    document.write_text("# 政府工作报告\n\n## 一、过去一年工作回顾\n\n我们坚持以人民为中心。\n\n## 重庆市银行业发展\n\n推进改革。\n", encoding="utf-8")
    probe = (
        "import sys; sys.argv = ['build.py', 'build', '--content', sys.argv[1], '--out', sys.argv[2], '--jobs', '1']\n"
        "import build; code = build.main()\n"
        "print('pypinyin' in sys.modules)\n"
    )

    def build_once() -> list[str]:
        result = subprocess.run([sys.executable, "-c", probe, str(content), str(tmp_path / "site")], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    build_once()  # a first build derives the tables (from pypinyin)
    document.write_text(document.read_text(encoding="utf-8") + "\n坚持稳中求进工作总基调。\n", encoding="utf-8")
    assert build_once()[-1] == "False"
    sections = sorted(path.name for path in (tmp_path / "site").rglob("*.html") if "bao-gao" in str(path.parent))
    assert sections, "the document's pages"
    html = next((tmp_path / "site").glob("bao-gao*/index.html")).read_text(encoding="utf-8")
    assert 'id="chong-qing-shi-yin-hang-ye-fa-zhan"' in html
