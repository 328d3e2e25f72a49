"""The Jinja environment: made once, autoescaping, strict about undefined names.

Pre-built markup (ruby text, Markdown bodies) is marked safe here and nowhere
else, so every other value a template prints is escaped.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup


def make_environment(templates_dir: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment


def trusted_markup(html: str) -> Markup:
    """Mark HTML that jiedu itself built (and escaped) as safe to print."""
    return Markup(html)
