"""Site settings, read from `site.toml` in the content folder.

Every setting has a documented default, so a content folder without a
`site.toml` still builds. Unknown keys are reported, not silently ignored.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from .model import Problem, Severity
from .paths import read_content_file

CONFIG_NAME = "site.toml"
SCRIPTS = ("original", "simplified", "traditional")
INTERFACE_LANGUAGES = ("en", "zh-Hans")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "jiedu 解读"
    """Shown in the header of every page and in the browser tab."""
    description: str = "Chinese official documents, cleaned and annotated with pinyin and a glossary."
    """One sentence for the home page and the <meta name=description>."""
    url: str = ""
    """Public base URL (e.g. https://user.github.io/jiedu/). Enables sitemap.xml and canonical links."""
    language: str = "en"
    """Interface language of labels and buttons: "en" or "zh-Hans"."""
    show_pinyin: bool = True
    """Whether pinyin is shown before the reader chooses."""
    first_script: str = "original"
    """Which script pages are shown in until the reader chooses: "original" (each document's own), "simplified" or "traditional"."""
    glossary_licence: str = "CC BY 4.0"
    """The licence of the glossary's text, stated in glossary/glossary.json (a Creative Commons name gets its URL)."""
    readers: dict = field(default_factory=dict, hash=False)
    """Per input format, settings for its reader: ``[readers.dataset]`` names a dataset's
    ``text``, ``title``, ``date``, ``source`` and ``url`` columns when their names don't say."""

    @property
    def base_url(self) -> str:
        return self.url.rstrip("/") + "/" if self.url else ""


def load_config(content_dir: Path, display_path: str) -> tuple[SiteConfig, list[Problem]]:
    """Read `site.toml`; a broken file gives the defaults and a Problem."""
    path = content_dir / CONFIG_NAME
    if not path.is_file():
        return SiteConfig(), []
    try:
        data = tomllib.loads(read_content_file(path, content_dir).decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:  # TOMLDecodeError and UnicodeDecodeError are ValueErrors; so is a 5,000-digit number
        return SiteConfig(), [Problem(display_path, _toml_line(error), f"not valid TOML ({toml_error_text(error)}); using defaults", Severity.ERROR)]
    except OSError as error:
        return SiteConfig(), [Problem(display_path, None, f"could not be read: {error.strerror or error}; using defaults", Severity.ERROR)]
    return config_from_mapping(data, display_path)


def config_from_mapping(data: dict, display_path: str) -> tuple[SiteConfig, list[Problem]]:
    known = {f.name: f for f in fields(SiteConfig)}
    problems = [Problem(display_path, None, f"unknown setting `{key}` ignored") for key in data if key not in known]
    values = {}
    for key, value in data.items():
        expected = _expected_type(known[key]) if key in known else None
        if expected is not None and isinstance(value, expected):
            values[key] = value
        elif expected is not None:
            problems.append(Problem(display_path, None, f"setting `{key}` should be a {expected.__name__}; using the default"))
    choice_problems = _check_choices(SiteConfig(**values), display_path)
    for problem in choice_problems:
        values.pop(problem.message.split()[0], None)
    return SiteConfig(**values), problems + choice_problems


def _expected_type(setting) -> type:
    return type(setting.default) if setting.default is not MISSING else type(setting.default_factory())


def _check_choices(config: SiteConfig, display_path: str) -> list[Problem]:
    problems = []
    if config.first_script not in SCRIPTS:
        problems.append(Problem(display_path, None, f"first_script must be one of {', '.join(SCRIPTS)}"))
    if config.language not in INTERFACE_LANGUAGES:
        problems.append(Problem(display_path, None, f"language must be one of {', '.join(INTERFACE_LANGUAGES)}"))
    if config.url and not config.url.startswith(("http://", "https://")):
        problems.append(Problem(display_path, None, "url must start with http:// or https://"))
    return problems


def toml_error_text(error: Exception) -> str:
    """What is wrong with a TOML file, in words (Python's recursion limit says nothing of nesting)."""
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)[:200]


def _toml_line(error: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None
