"""Which PDFs the playbook has and the HTML each is rendered from, using the same partials as the web pages.

Plain Python: scripts/build_pdfs.py hands these documents to WeasyPrint.
"""

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .content import Playbook
from .render import Renderer

PAPERS = ("letter", "a4")
PRINT_STYLESHEET = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "stylesheets" / "print.css"


@dataclass(frozen=True)
class PrintDocument:
    """One PDF: where it goes under site/, the complete HTML it is made from, and whether its inputs become form fields."""

    path: str
    html: str
    forms: bool = False


def guide_pdf_path(slug: str, paper: str) -> str:
    """Site path of a condition's strategy-guide PDF."""
    return f"pdf/conditions/{slug}-{paper}.pdf"


def worksheet_pdf_path(slug: str, paper: str) -> str:
    """Site path of a tool's fillable worksheet PDF."""
    return f"pdf/worksheets/{slug}-{paper}.pdf"


def print_documents(playbook: Playbook, stylesheet: str | None = None) -> list[PrintDocument]:
    """Every PDF of the playbook, in each paper size: a strategy guide per condition that has one, a worksheet per tool."""
    renderer = Renderer(playbook)
    # Markup: the stylesheet goes into <style> verbatim; escaping would break quotes and ">" selectors.
    stylesheet = Markup(PRINT_STYLESHEET.read_text(encoding="utf-8") if stylesheet is None else stylesheet)
    documents = []
    for condition in playbook.conditions:
        if not playbook.guide_phases(condition):
            continue
        for paper in PAPERS:
            path = guide_pdf_path(condition["slug"], paper)
            html = renderer.render("print/guide.html", path.rsplit("/", 1)[0] + "/",
                                   params={"condition": condition, "paper": paper, "stylesheet": stylesheet})
            documents.append(PrintDocument(path, html))
    for tool in playbook.tools:
        for paper in PAPERS:
            path = worksheet_pdf_path(tool["slug"], paper)
            html = renderer.render("print/worksheet.html", path.rsplit("/", 1)[0] + "/",
                                   params={"tool": tool, "paper": paper, "stylesheet": stylesheet})
            documents.append(PrintDocument(path, html, forms=True))
    return documents
