"""Which PDFs the playbook has and the HTML each is rendered from, using the same partials as the web pages.

Plain Python: scripts/build_pdfs.py hands these documents to WeasyPrint.
"""

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from markupsafe import Markup

from .cache import Cache, files_under
from .cards import card_sheets
from .colours import colour_rules
from .model import Playbook
from . import routes
from .routes import PAPERS, page_anchor, relative_url
from .site import (CONFIG_FILE, PageSpec, Section, flatten, mark_page_terms, page_renderer, prefix_of, render_body,
                   site_tree, untranslated_note)

_HREF = re.compile(r'href="([^"#]*)(#[^"]*)?"')
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PROJECT_ROOT / "overrides" / "assets"
# Files of the project a printable document uses (fonts, the logo) are named by this scheme and a path from the
# project root, so the HTML holds no absolute path; scripts/build_pdfs.py's URL fetcher resolves them.
PROJECT_SCHEME = "project:"
# Pages the whole-playbook PDF leaves out: a translation's status is for its translators, on the web.
WEB_ONLY_MACROS = ("translation_status_page", "team_page")
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


@dataclass(frozen=True)
class BookPage:
    """A page of the site in the whole playbook, with the pages under it: a part's chapters, a chapter's phases."""

    anchor: str
    title: str
    html: str
    children: tuple["BookPage", ...] = ()


def book_parts(tree: tuple, renderer, here: str) -> list[BookPage]:
    """The whole playbook from the site's page tree: each top-level page a part, each section's pages its chapters."""

    def render(spec: PageSpec) -> tuple[str, str, str]:
        anchor = page_anchor(spec.path)
        html = render_body(renderer, spec, here=here, scope=anchor + "-", for_book=True)
        return anchor, spec.book_title or spec.title, Markup(html)

    parts = []
    for node in tree:
        if isinstance(node, PageSpec) and node.macro in WEB_ONLY_MACROS:
            continue
        if isinstance(node, PageSpec):
            parts.append(BookPage(*render(node)))
            continue
        index, *children = node.children
        chapters = []
        for child in children:
            if isinstance(child, Section):
                first, *rest = child.children
                chapters.append(BookPage(*render(first), tuple(BookPage(*render(page)) for page in rest
                                                               if page.macro not in WEB_ONLY_MACROS)))
            else:
                chapters.append(BookPage(*render(child)))
        parts.append(BookPage(*render(index), tuple(chapters)))
    return parts


def print_documents(playbook: Playbook, root: Path) -> list[PrintDocument]:
    """Every PDF of the playbook, in each paper size, longest first so parallel rendering finishes early:
    the whole playbook, the discussion cards, a strategy guide per condition that has one, a session plan per
    phase that has one, and per tool its worksheet, its filled-in example and its tally sheet where it has them."""
    renderer = page_renderer(playbook, root)
    # Markup: the stylesheet goes into <style> verbatim; escaping would break quotes and ">" selectors.
    stylesheet = Markup(font_faces() + colour_rules(playbook) + PRINT_STYLESHEET.read_text(encoding="utf-8"))
    logo = project_url(Path(root) / "docs" / playbook.brand.logo, root) if playbook.brand.logo else ""
    site_url = playbook.brand.site_url

    def document(template: str, path: str, forms: bool = False, radio_groups=None, **params) -> PrintDocument:
        folder = path.rsplit("/", 1)[0] + "/"
        html = renderer.render(template, folder, params={**params, "stylesheet": stylesheet, "logo": logo})
        if template != "print/book.html":  # the book's pages are marked one by one, as on the web
            html = untranslated_note(mark_page_terms(html, playbook, folder, definitions=False), playbook)
        return PrintDocument(path, html, forms=forms, radio_groups=radio_groups or {},
                             base_url=site_url.rstrip("/") + "/" + folder if site_url else None)

    prefix = prefix_of(playbook)

    def route(kind: str, **parts: str) -> str:
        return routes.route(kind, prefix=prefix, **parts)

    book_folder = route("book_pdf", paper="letter").rsplit("/", 1)[0] + "/"
    tree = site_tree(playbook)
    parts = book_parts(tree, renderer, book_folder)
    documents = []
    for paper in PAPERS:
        book = document("print/book.html", route("book_pdf", paper=paper), paper=paper, parts=parts)
        documents.append(PrintDocument(book.path, _links_within(book.html, tree, book_folder),
                                       base_url=book.base_url))
    if playbook.guided_conditions:
        sheets = card_sheets(playbook)
        documents += [document("print/cards.html", route("cards_pdf", paper=paper), paper=paper, sheets=sheets)
                      for paper in PAPERS]
    for condition in playbook.guided_conditions:
        documents += [document("print/guide.html", route("guide_pdf", slug=condition.slug, paper=paper),
                               paper=paper, condition=condition) for paper in PAPERS]
    for condition in playbook.guided_conditions:
        documents += [document("print/session.html", route("session_pdf", slug=condition.slug, phase=guide.phase.id,
                                                            paper=paper), paper=paper, condition=condition, guide=guide)
                      for guide in condition.guides if guide.session for paper in PAPERS]
    for tool in playbook.tools:
        documents += [document("print/worksheet.html", route("worksheet_pdf", slug=tool.slug, paper=paper),
                               forms=True, radio_groups=tool.radio_groups, paper=paper, tool=tool)
                      for paper in PAPERS]
        if tool.example and playbook.example_school:
            documents += [document("print/example.html", route("example_pdf", slug=tool.slug, paper=paper),
                                   paper=paper, tool=tool) for paper in PAPERS]
        if tool.tallies:
            documents += [document("print/tally.html", route("tally_pdf", slug=tool.slug, paper=paper),
                                   paper=paper, tool=tool) for paper in PAPERS]
    return documents


def cached_print_documents(playbook: Playbook, root: Path) -> list[PrintDocument]:
    """print_documents, kept in .cache/ until the content, code, site settings, print styles or fonts change."""
    root = Path(root)
    inputs = files_under(root / "data") + files_under(root / "docs") + [root / CONFIG_FILE, PRINT_STYLESHEET,
                                                                        FONT_STYLESHEET] + font_files()
    stored = Cache(root).get(f"print-{playbook.language}",
                             lambda: [asdict(document) for document in print_documents(playbook, root)], files=inputs)
    return [PrintDocument(**document) for document in stored]


def _links_within(html: str, tree: tuple, here: str) -> str:
    """Links to web pages that are also in this document point at their place in it instead."""
    targets = {relative_url(spec.path, here): page_anchor(spec.path) for spec in flatten(tree)
               if spec.macro not in WEB_ONLY_MACROS}

    def local(match: re.Match) -> str:
        page, fragment = match[1], match[2]
        if page not in targets:
            return match[0]
        anchor = targets[page]
        return f'href="#{anchor}-{fragment[1:]}"' if fragment else f'href="#{anchor}"'

    return _HREF.sub(local, html)


def project_url(path: Path, root: Path) -> str:
    """The URL a printable document names a file of the project by."""
    return PROJECT_SCHEME + Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


def font_faces() -> str:
    """The web's @font-face rules, pointing at the bundled TrueType font files by project URL."""
    rules = FONT_STYLESHEET.read_text(encoding="utf-8")
    # The web loads the compressed WOFF2 copies; a PDF embeds a subset of the TrueType originals, as it always has.
    rules = rules.replace('.woff2") format("woff2")', '.ttf") format("truetype")')
    return rules.replace('url("../fonts/', f'url("{project_url(FONT_DIR, PROJECT_ROOT)}/') + "\n"


def font_files() -> list[Path]:
    """The bundled font files, which are inputs of every PDF."""
    return sorted(FONT_DIR.rglob("*.ttf"))
