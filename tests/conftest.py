"""Shared fixtures: the project's paths and one build of the sample site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_DIR.parent / "shared"
CONTENT_DIR = PROJECT_DIR / "content"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, str]:
    """The bundled content built with the README's build command into a temporary folder.

    Returns the site folder and what the build printed on stderr.
    """
    out = tmp_path_factory.mktemp("build") / "site"
    result = run_build("--content", str(CONTENT_DIR), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def run_build(*arguments: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess:
    """`python build.py build …`, as a user runs it."""
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "build", *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


# --- golden files (tests/test_seeds_golden.py) ---


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.outline.txt from the current output; review the diff before committing",
    )


@pytest.fixture
def update_goldens(request) -> bool:
    """True when pytest runs with --update-goldens."""
    return request.config.getoption("--update-goldens")
