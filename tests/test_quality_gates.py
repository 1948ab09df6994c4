"""Quality gates on every page of every language, as `make check` runs them on a built site: links, anchors
and PDF links lead somewhere, and every page is valid HTML in the W3C Nu checker (scripts/check_site.py).

Checked on the fixture playbook (three languages, with its PDFs, with both engines) and on the default
playbook (built without PDFs: each PDF link must name a PDF its build makes). Another test plants each kind
of fault in a small site, so the gates are known to fail when they should.
"""

import subprocess
import sys

import pytest

from sitebuild import REPO
from test_engines import zensical_site  # noqa: F401  (the fixture playbook built with Zensical)

CHECK = [sys.executable, str(REPO / "scripts" / "check_site.py")]


def check(site, *options) -> subprocess.CompletedProcess:
    return subprocess.run(CHECK + [str(site), *options], capture_output=True, text=True)


def test_every_link_anchor_and_pdf_link_of_the_fixture_playbook_resolves(built):
    result = check(built.site)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.splitlines()[0]
    assert summary.endswith(": 0 broken.") and " 0 PDF links" not in summary and " 0 anchors" not in summary


def test_every_link_of_the_zensical_site_resolves(zensical_site):
    result = check(zensical_site, "--no-pdf", str(zensical_site.parent))
    assert result.returncode == 0, result.stderr


def test_every_link_anchor_and_pdf_link_of_the_default_playbook_resolves(default_site):
    result = check(default_site, "--no-pdf", str(default_site.parent))
    assert result.returncode == 0, result.stderr
    # Links to other hosts are listed, never fetched: the sources credited, the edit links.
    assert "Links to other hosts (listed, not fetched):" in result.stdout
    assert "https://github.com/" in result.stdout


@pytest.mark.parametrize("which", ["fixture", "fixture-zensical", "default"])
def test_every_page_of_every_language_is_valid_html(which, built, default_site, request):
    site = {"fixture": lambda: built.site, "default": lambda: default_site,
            "fixture-zensical": lambda: request.getfixturevalue("zensical_site")}[which]()
    result = check(site, "--html", "--no-pdf", str(site.parent))
    assert result.returncode == 0, result.stderr
    assert "HTML (W3C Nu checker): 0 errors and unreviewed warnings" in result.stdout


def test_the_gates_fail_on_each_kind_of_fault(tmp_path):
    site = tmp_path / "site"
    (site / "start").mkdir(parents=True)
    (site / "pdf").mkdir()
    (site / "pdf" / "book.pdf").write_bytes(b"%PDF-1.7")
    page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{}</title></head><body>{}'
            '</body></html>')
    (site / "index.html").write_text(page.format("Home", (
        '<a href="start/">fine</a> <a href="start/#q1">fine</a> <a href="pdf/book.pdf">fine</a> '
        '<a href="https://example.org/elsewhere">listed</a> '
        '<a href="missing/">a</a> <a href="start/#q9">b</a> <a href="pdf/cards.pdf">c</a> '
        '<a href="/start/">d</a> <a href="ftp://example.org/file">e</a>')))
    (site / "start" / "index.html").write_text(page.format("Start", '<h2 id="q1">One</h2><span><div>x</div></span>'))
    result = check(site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "index.html:1: missing/: no such page or file",
        'index.html:1: start/#q9: start/index.html has no id "q9"',
        "index.html:1: pdf/cards.pdf: no such page or file",
        "index.html:1: /start/: a path from the server's root, which breaks under file:// and in a site in a "
        "subfolder",
        "index.html:1: ftp://example.org/file: a ftp link"]
    assert "  https://example.org/elsewhere" in result.stdout.splitlines()
    html = check(site, "--html")
    assert "start/index.html:1: error: Element “div” not allowed as child of element “span”" in html.stderr
