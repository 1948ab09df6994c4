"""The same fixture playbook built with both engines: MkDocs with Material, and Zensical (its successor).

Both must give the same pages at the same URLs with the same titles, main text, PDF links and searchable pages.
"""

import html
import json
import posixpath
import re
import shutil

import pytest

from conftest import shared_folder
from sitebuild import build

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
PDF_LINK = re.compile(r'href="([^"]+\.pdf)"')
TAG = re.compile(r"<[^>]+>")


def pages(site) -> dict[str, str]:
    """Every page's HTML by its site path ('' for the home page, 'tools/' for the others)."""
    return {(path.parent.relative_to(site).as_posix() + "/").removeprefix("./"): path.read_text(encoding="utf-8")
            for path in site.rglob("index.html")}


def main_text(page: str) -> str:
    """The words of the page's main content, as a reader sees them."""
    return " ".join(html.unescape(TAG.sub(" ", ARTICLE.search(page).group(1))).split())


@pytest.fixture(scope="session")
def zensical_site(built, tmp_path_factory):
    """The built fixture playbook built again with Zensical, once for all test workers."""
    with shared_folder(tmp_path_factory, "zensical") as (folder, ready):
        project = folder / "project"
        if not ready:
            shutil.copytree(built.project, project)
            result = build(project, pdf=False, engine="zensical")
            assert result.returncode == 0, result.stderr
    return project / "site"


def test_both_engines_give_the_same_pages_titles_text_and_pdf_links(built, zensical_site):
    material, zensical = pages(built.site), pages(zensical_site)
    assert sorted(zensical) == sorted(material)
    for url, page in material.items():
        assert TITLE.search(zensical[url]).group(1) == TITLE.search(page).group(1), url
        assert main_text(zensical[url]) == main_text(page), url
        assert PDF_LINK.findall(zensical[url]) == PDF_LINK.findall(page), url


def test_zensical_pages_keep_their_edit_links_and_tables_of_contents(zensical_site):
    overview = (zensical_site / "conditions" / "shared-influence" / "index.html").read_text()
    assert "such as {{ not_a_macro }}, and is shown as written" in overview
    phase = (zensical_site / "conditions" / "shared-influence" / "why" / "index.html").read_text()
    assert 'href="https://example.org/riverside/playbook/edit/main/data/en/conditions/shared-influence.yml"' in phase
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', phase, re.S).group(0)
    assert 'href="#big-questions"' in toc and 'href="#important-tasks"' in toc


def test_zensical_search_index_holds_every_page(zensical_site):
    index = json.loads((zensical_site / "search.json").read_text())
    located = {item["location"].split("#")[0] for item in index["items"]}
    # Every page of the language but the meeting-room views, which would only repeat the phase pages' questions;
    # each translation has its own index.
    english = {url for url in pages(zensical_site) if url.split("/")[0] not in ("es", "ar")}
    present_views = {url for url in english if url.endswith("/present/")}
    assert len(present_views) == 3
    assert english - present_views <= located and not present_views & located
    spanish = json.loads((zensical_site / "es" / "search.json").read_text())
    assert all(not item["location"].startswith(("/", "es/", "..")) for item in spanish["items"])
    why = " ".join(item["text"] for item in index["items"] if item["location"].startswith("conditions/shared-influence/why/"))
    assert "Which decisions about teaching and learning are made by one person today?" in why


def internal_links(site, url: str, page: str) -> list[str]:
    """The site paths this page links to (other hosts, mail and in-page anchors left out)."""
    targets = []
    for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', page):
        if href and not re.match(r"^[a-z][a-z0-9+.-]*:", href) and not href.startswith("/"):
            targets.append(posixpath.normpath(posixpath.join(url, href)).removeprefix("."))
    return targets


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_internal_link_leads_to_a_page_or_file(built, zensical_site, engine):
    site = built.site if engine == "mkdocs" else zensical_site
    for url, page in pages(site).items():
        for target in internal_links(site, url, page):
            if engine == "zensical" and target.endswith(".pdf"):
                continue  # this build made no PDFs; the MkDocs build checks the same links with them
            path = site / target
            assert path.is_file() or (path / "index.html").is_file(), (url, target)
