"""The notice `python build.py serve` puts over served pages when the last build went wrong.

The built files never contain it: the dev server adds it to each HTML response,
so a user editing with the browser open sees what broke without looking at the
terminal. A build that stopped (a template syntax error) leaves the previous
site in place: its pages are shown framed in red under the error, marked stale.
A build that finished with problems gets a dismissible list of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from .model import Problem, Severity

NOTICE_ID = "jiedu-build-notice"

BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

# Inline, scoped to the notice's id, so it needs nothing from the site's (possibly broken) assets.
STYLE = f"""<style>
#{NOTICE_ID} {{ position: fixed; z-index: 2147483647; top: 0; left: 0; right: 0; max-height: 40vh; overflow: auto;
  box-sizing: border-box; margin: 0; padding: .6rem 2.8rem .6rem 1rem; color: #1b1b1d; text-align: left;
  font: 15px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; box-shadow: 0 2px 8px rgba(0, 0, 0, .35); }}
#{NOTICE_ID}.failed {{ background: #ffe3e0; border-bottom: 3px solid #c62828; }}
#{NOTICE_ID}.problems {{ background: #fff4d6; border-bottom: 3px solid #b26a00; }}
#{NOTICE_ID} p, #{NOTICE_ID} ul {{ margin: .2rem 0; padding: 0; list-style: none; }}
#{NOTICE_ID} code {{ font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }}
#{NOTICE_ID} button {{ position: absolute; top: .4rem; right: .6rem; font: 20px/1 sans-serif; padding: .2rem .5rem;
  color: inherit; background: transparent; border: 1px solid currentColor; border-radius: 4px; cursor: pointer; }}
#{NOTICE_ID}-stale {{ position: fixed; z-index: 2147483646; inset: 0; border: 4px solid #c62828; pointer-events: none; }}
</style>"""

CLOSE_BUTTON = f"""<button type="button" aria-label="Hide this notice" title="Hide (it comes back if the next build still has it)" onclick="document.getElementById('{NOTICE_ID}').remove()">×</button>"""


@dataclass
class BuildStatus:
    """What the last build left for the browser to show."""

    fatal_error: str | None = None
    """The one line a build that stopped printed, e.g. "templates/section.html:3: error: …"; the pages served are the previous build's."""
    problems: list[Problem] = field(default_factory=list)
    """What the last finished build reported: files skipped or entries dropped, with file and line."""


def render_notice(status: BuildStatus) -> str:
    """The notice's HTML, or "" when the last build was clean.

    >>> render_notice(BuildStatus())
    ''
    >>> "a.html:3: error: &lt;b&gt;" in render_notice(BuildStatus(fatal_error="a.html:3: error: <b>"))
    True
    """
    if status.fatal_error is not None:
        return render_failed_notice(status.fatal_error)
    if status.problems:
        return render_problems_notice(status.problems)
    return ""


def render_failed_notice(message: str) -> str:
    return (
        f'{STYLE}<div id="{NOTICE_ID}-stale"></div>'
        f'<div id="{NOTICE_ID}" class="failed" role="alert" lang="en">'
        "<p><strong>The build failed.</strong> This page is stale: it is from the last build that worked.</p>"
        f"<p><code>{escape(message)}</code></p>"
        "<p>Fix the file and save: the page reloads.</p>"
        f"{CLOSE_BUTTON}</div>"
    )


def render_problems_notice(problems: list[Problem]) -> str:
    errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
    counts = f"{errors} error(s), {len(problems) - errors} warning(s)"
    errors_first = sorted(problems, key=lambda problem: problem.severity is not Severity.ERROR)
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in errors_first)
    return (
        f'{STYLE}<div id="{NOTICE_ID}" class="problems" role="status" lang="en">'
        f"<p><strong>The last build reported {counts}.</strong> The site was built around them.</p>"
        f"<ul>{items}</ul>{CLOSE_BUTTON}</div>"
    )


def add_notice_to_page(page: bytes, notice: str) -> bytes:
    """The page with the notice first in its body (at its end when it has no <body>).

    >>> add_notice_to_page(b'<html><body class="x"><p>hi</p></body></html>', "<div>!</div>")
    b'<html><body class="x"><div>!</div><p>hi</p></body></html>'
    """
    if not notice:
        return page
    body = BODY_START.search(page)
    at = body.end() if body else len(page)
    return page[:at] + notice.encode("utf-8") + page[at:]
