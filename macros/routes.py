"""Every site path of the playbook, web pages and PDFs alike, from one function.

Paths are relative to the site root, without a leading slash; pages end in
"/" (the home page is ""). A language other than the source language lives
under its own prefix ("es/"), with the same slugs.
"""

import posixpath

PAPERS = ("letter", "a4")

_PATHS = {
    "home": "",
    "start": "start/",
    "conditions": "conditions/",
    "condition": "conditions/{slug}/",
    "phase": "conditions/{slug}/{phase}/",
    "present": "conditions/{slug}/{phase}/present/",
    "tools": "tools/",
    "tool": "tools/{slug}/",
    "example": "tools/{slug}/example/",
    "team": "tools/{slug}/team/",
    "frameworks": "frameworks/",
    "framework": "frameworks/{slug}/",
    "crosswalk": "frameworks/crosswalk/",
    "case_study": "case-study/",
    "glossary": "glossary/",
    "credits": "credits/",
    "translation_status": "translation-status/",
    "book_pdf": "pdf/playbook-{paper}.pdf",
    "cards_pdf": "pdf/cards-{paper}.pdf",
    "guide_pdf": "pdf/conditions/{slug}-{paper}.pdf",
    "worksheet_pdf": "pdf/worksheets/{slug}-{paper}.pdf",
    "example_pdf": "pdf/examples/{slug}-{paper}.pdf",
    "tally_pdf": "pdf/tally/{slug}-{paper}.pdf",
    "session_pdf": "pdf/sessions/{slug}-{phase}-{paper}.pdf",
    # The scripts of the live worksheet, and the PDF library it loads only to fill a PDF (see worksheet.js).
    "worksheet_script": "assets/javascripts/worksheet.js",
    "pdf_library": "assets/vendor/pdf-lib/pdf-lib.min.js",
}
KINDS = tuple(_PATHS)


def route(kind: str, *, prefix: str = "", **parts: str) -> str:
    """The site path of a page or PDF: route("phase", slug="shared-influence", phase="why")."""
    return prefix + _PATHS[kind].format(**parts)


def pdf_script(pdf_path: str) -> str:
    """Beside a fillable PDF, the same bytes as a script: a page opened from file:// may load a script but not
    fetch a file, and the browser fills the PDF from these bytes."""
    return pdf_path + ".js"


def language_prefix(language: str, source_language: str) -> str:
    """Where a language's pages live: the source language at the site root, any other under its code ('es/')."""
    return "" if language == source_language else f"{language}/"


def relative_url(target: str, here: str) -> str:
    """A link from the page at site path `here` to site path `target`; pages are directories like 'conditions/x/'."""
    relative = posixpath.relpath("/" + target, "/" + here)
    if relative == ".":
        return "./"
    return relative + "/" if target.endswith("/") or not target else relative


def page_anchor(path: str) -> str:
    """An id for a page inside a document that holds several pages (the whole playbook as one PDF)."""
    return "page-" + (path.strip("/").replace("/", "-") or "home")
