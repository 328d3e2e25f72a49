"""The cleaning report for authors: every change, uncertain spans first,
build problems, and formula terms that have no glossary entry yet.

`report/index.html` holds the summary of every document (counts per pass,
uncertain spans, repairs); each document's full change table is its own page,
`report/DOC.html`, so the index stays small on a big corpus.
"""

from __future__ import annotations

from collections import Counter

from .pages import Page, RenderContext

REPORT_ROOT = "../"
MISSING_TERMS_SHOWN = 60
REPAIR_PASS = "repair_shifted_gbk"


def render_report_pages(problems: list, missing_terms: list, entries: list, context: RenderContext) -> list[Page]:
    documents = [_document_report(entry) for entry in entries]
    values = context.common(REPORT_ROOT, "en", context.common(REPORT_ROOT, "en", "")["labels"]["report"])
    html = context.render("report.html", documents=documents, problems=problems, missing_terms=missing_terms[:MISSING_TERMS_SHOWN], **values)
    pages = [Page("report/index.html", html)]
    for document in documents:
        page_values = {**values, "page_title": document["title"], "doc": document}
        pages.append(Page(f"report/{document['entry'].slug}.html", context.render("report_document.html", **page_values)))
    return pages


def _document_report(entry) -> dict:
    """What the report shows of one document (a SiteEntry)."""
    changes = entry.changes
    return {
        "entry": entry,
        "title": entry.title,
        "counts": sorted(Counter(change.pass_name for change in changes).items()),
        "uncertain": [change for change in changes if change.uncertain],
        # Repairs guessed text back from evidence: a reader checking the copy wants them in view.
        "repairs": [change for change in changes if change.pass_name == REPAIR_PASS and not change.uncertain],
        "changes": changes,
    }
