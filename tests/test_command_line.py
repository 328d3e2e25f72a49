"""The command line: build options mean the same before the command name and
after it, and a command given no options builds the default folders."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_DIR


@pytest.fixture(scope="module")
def parse():
    spec = importlib.util.spec_from_file_location("jiedu_build_script", PROJECT_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.parse_arguments


@pytest.mark.parametrize(
    "argv",
    [
        ["--content", "c", "--out", "o", "-j", "1", "--strict", "build"],
        ["build", "--content", "c", "--out", "o", "-j", "1", "--strict"],
        ["--content", "c", "-j", "1", "build", "--out", "o", "--strict"],
        ["--content", "c", "--out", "o", "-j", "1", "--strict"],
    ],
)
def test_build_options_before_or_after_the_command(parse, argv):
    args = parse(argv)
    assert (args.command, args.content, args.out, args.jobs, args.strict) == ("build", Path("c"), Path("o"), 1, True)


def test_serve_keeps_options_given_before_it(parse):
    args = parse(["--content", "c", "--cache", "k", "serve", "--port", "9000"])
    assert (args.command, args.content, args.cache, args.port) == ("serve", Path("c"), Path("k"), 9000)


@pytest.mark.parametrize("argv", [[], ["build"], ["serve"], ["pinyin", "中"], ["readings"]])
def test_defaults_without_options(parse, argv):
    args = parse(argv)
    assert args.content == PROJECT_DIR / "content"
    assert args.strict is False and args.verbose is False and args.jobs is None and args.cache is None


def test_a_folder_named_before_the_command_is_the_one_built(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "a.txt").write_text("坚持稳中求进工作总基调。\n", encoding="utf-8")
    out = tmp_path / "site"
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "--content", str(content), "--out", str(out), "build"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file()
