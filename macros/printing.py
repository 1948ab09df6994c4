"""Which PDFs the playbook has and the HTML each is rendered from, using the same partials as the web pages.

Plain Python: scripts/build_pdfs.py hands these documents to WeasyPrint.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .cache import cached, code_files, fingerprint
from .content import Playbook
from .pages import generated_pages
from .render import Renderer, relative_url

PAPERS = ("letter", "a4")
_HREF = re.compile(r'href="([^"#]*)(#[^"]*)?"')
ASSETS = Path(__file__).resolve().parent.parent / "overrides" / "assets"
PRINT_STYLESHEET = ASSETS / "stylesheets" / "print.css"
FONT_STYLESHEET = ASSETS / "stylesheets" / "fonts.css"
FONT_DIR = ASSETS / "fonts"


@dataclass(frozen=True)
class PrintDocument:
    """One PDF: where it goes under site/, the complete HTML it is made from, and whether its inputs become form fields.

    `radio_groups` names each group of radio buttons (field id -> label), which the HTML does not tell WeasyPrint.
    `base_url` is where the PDF is published, so its relative links to web pages become absolute ones.
    """

    path: str
    html: str
    forms: bool = False
    radio_groups: dict = field(default_factory=dict)
    base_url: str | None = None


def book_pdf_path(paper: str) -> str:
    """Site path of the whole playbook as one PDF."""
    return f"pdf/playbook-{paper}.pdf"


def cards_pdf_path(paper: str) -> str:
    """Site path of the discussion cards: every big question, four to a page."""
    return f"pdf/cards-{paper}.pdf"


def guide_pdf_path(slug: str, paper: str) -> str:
    """Site path of a condition's strategy-guide PDF."""
    return f"pdf/conditions/{slug}-{paper}.pdf"


def worksheet_pdf_path(slug: str, paper: str) -> str:
    """Site path of a tool's fillable worksheet PDF."""
    return f"pdf/worksheets/{slug}-{paper}.pdf"


def print_documents(playbook: Playbook) -> list[PrintDocument]:
    """Every PDF of the playbook, in each paper size, longest first so parallel rendering finishes early:
    the whole playbook, the discussion cards, a strategy guide per condition that has one, a worksheet per tool."""
    renderer = Renderer(playbook)
    # Markup: the stylesheet goes into <style> verbatim; escaping would break quotes and ">" selectors.
    stylesheet = Markup(font_faces() + PRINT_STYLESHEET.read_text(encoding="utf-8"))
    site_url = playbook.brand.get("site_url") or ""

    def document(template: str, path: str, forms: bool = False, radio_groups=None, **params) -> PrintDocument:
        folder = path.rsplit("/", 1)[0] + "/"
        html = renderer.render(template, folder, params={**params, "stylesheet": stylesheet})
        if "anchors" in params:
            html = _links_within(html, params["anchors"], folder)
        return PrintDocument(path, html, forms=forms, radio_groups=radio_groups or {},
                             base_url=site_url.rstrip("/") + "/" + folder if site_url else None)

    anchors = {page.url: "page-" + (page.url.strip("/").replace("/", "-") or "introduction")
               for page in generated_pages(playbook)}
    documents = [document("print/book.html", book_pdf_path(paper), paper=paper, anchors=anchors)
                 for paper in PAPERS]
    if playbook.guided_conditions:
        documents += [document("print/cards.html", cards_pdf_path(paper), paper=paper) for paper in PAPERS]
    for condition in playbook.guided_conditions:
        documents += [document("print/guide.html", guide_pdf_path(condition["slug"], paper),
                               paper=paper, condition=condition) for paper in PAPERS]
    for tool in playbook.tools:
        documents += [document("print/worksheet.html", worksheet_pdf_path(tool["slug"], paper), forms=True,
                               radio_groups=_radio_groups(tool), paper=paper, tool=tool) for paper in PAPERS]
    return documents


def cached_print_documents(playbook: Playbook) -> list[PrintDocument]:
    """print_documents, kept in .cache/ until the data, templates, code, print styles or fonts change."""
    inputs = code_files(playbook.root) + [PRINT_STYLESHEET, FONT_STYLESHEET] + font_files()
    key = fingerprint(playbook.root, inputs, playbook.fingerprint)
    return cached(playbook.root, f"print-{playbook.language}", key, lambda: print_documents(playbook))


def _links_within(html: str, anchors: dict, here: str) -> str:
    """Links to web pages that are also in this document point at their place in it instead."""
    targets = {relative_url(url, here): anchor for url, anchor in anchors.items()}

    def local(match: re.Match) -> str:
        return f'href="#{targets[match[1]]}"' if match[1] in targets else match[0]

    return _HREF.sub(local, html)


def _radio_groups(tool: dict) -> dict:
    """Label of every field of `tool` that is one choice among several (a radio group in the form)."""
    return {item["id"]: item["label"] for section in tool["sections"] for item in section["fields"]
            if item["kind"] in ("choice", "rating")}


def font_faces() -> str:
    """The web's @font-face rules, pointing at the bundled font files by absolute file URL for WeasyPrint."""
    rules = FONT_STYLESHEET.read_text(encoding="utf-8")
    return rules.replace('url("../fonts/', f'url("{FONT_DIR.as_uri()}/') + "\n"


def font_files() -> list[Path]:
    """The bundled font files, which are inputs of every PDF."""
    return sorted(FONT_DIR.rglob("*.ttf"))
