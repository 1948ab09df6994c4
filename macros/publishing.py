"""What a web server and search engines read beside the pages: one sitemap for every language, and robots.txt.

Each engine builds one language at a time and writes a sitemap of that language alone; scripts/build_site.py,
once every language is in the site folder, replaces the root one with a sitemap of the whole site: every page
of every language, each with the same page in the other languages (hreflang). The pages' heads do not name
those: Material's script requests a sitemap.xml beside every <link rel="alternate">. The translations keep
their own sitemaps, which the themes' scripts read too (Zensical's language menu asks for the sitemap.xml
beside each language's home page).
"""

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .routes import language_prefix

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# MkDocs also writes each language's sitemap compressed; the root one would no longer match the sitemap.
COMPRESSED_SITEMAP = "sitemap.xml.gz"


def page_paths(site: Path, languages: list[str]) -> dict[str, set[str]]:
    """Each language's pages in the built `site`, by their path inside the language's folder ('' is its home)."""
    source, others = languages[0], set(languages[1:])
    pages = {}
    for language in languages:
        folder = site / language_prefix(language, source)
        paths = set()
        for page in folder.rglob("index.html"):
            inside = page.parent.relative_to(folder).as_posix()
            if language == source and inside.split("/", 1)[0] in others:
                continue
            paths.add("" if inside == "." else inside + "/")
        pages[language] = paths
    return pages


def sitemap(site: Path, languages: list[str], site_url: str) -> str:
    """The sitemap of the built `site` at `site_url`: every page of every language (the source language first),
    with its versions in the other languages and, as x-default, in the source language."""
    source = languages[0]
    pages = page_paths(site, languages)
    base = site_url.rstrip("/") + "/"

    def url(language: str, inside: str) -> str:
        return base + language_prefix(language, source) + inside

    entries = []
    for language in languages:
        for inside in sorted(pages[language]):
            # A page the source language lacks (a translation's status) is no translation of another.
            versions = [other for other in languages if inside in pages[other]] if inside in pages[source] else []
            links = ""
            if len(versions) > 1:
                alternates = [(other, url(other, inside)) for other in versions] + [("x-default", url(source, inside))]
                links = "".join(f'\n    <xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(href)}/>'
                                for code, href in alternates)
            entries.append(f"  <url>\n    <loc>{escape(url(language, inside))}</loc>{links}\n  </url>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + "".join(entries) + "</urlset>\n")


def robots(site_url: str) -> str:
    """robots.txt: every page may be read, and where the sitemap is (when the site knows its address)."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/{SITEMAP}"]
    return "\n".join(lines) + "\n"


def write_web_files(site: Path, languages: list[str], site_url: str) -> None:
    """Write the sitemap of the whole site at the root of `site`, and robots.txt.

    Without a site_url the engines' sitemaps stay as they wrote them, empty: a sitemap names pages by their
    full address.
    """
    if site_url:
        (site / SITEMAP).write_text(sitemap(site, languages, site_url), encoding="utf-8")
        (site / COMPRESSED_SITEMAP).unlink(missing_ok=True)
    (site / ROBOTS).write_text(robots(site_url), encoding="utf-8")
