"""The cleaning report for authors: every change, uncertain spans first,
build problems, and formula terms that have no glossary entry yet."""

from __future__ import annotations

from collections import Counter

from .pages import Page, RenderContext

REPORT_ROOT = "../"
MISSING_TERMS_SHOWN = 60
REPAIR_PASS = "repair_shifted_gbk"


def render_report_page(problems: list, missing_terms: list, entries: list, context: RenderContext) -> Page:
    documents = [_document_report(entry) for entry in entries]
    values = context.common(REPORT_ROOT, "en", context.common(REPORT_ROOT, "en", "")["labels"]["report"])
    html = context.render("report.html", documents=documents, problems=problems, missing_terms=missing_terms[:MISSING_TERMS_SHOWN], **values)
    return Page("report/index.html", html)


def _document_report(entry) -> dict:
    changes = entry.annotated.document.changes
    return {
        "entry": entry,
        "title": entry.annotated.document.title,
        "counts": sorted(Counter(change.pass_name for change in changes).items()),
        "uncertain": [change for change in changes if change.uncertain],
        # Repairs guessed text back from evidence: a reader checking the copy wants them in view.
        "repairs": [change for change in changes if change.pass_name == REPAIR_PASS and not change.uncertain],
        "changes": changes,
    }
