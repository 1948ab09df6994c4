"""Publishing: the sitemap of every language, robots.txt, the 404 page as GitHub Pages serves it, the workflow
that deploys the site, and the offline copy (`make dist`) opened from file:// in Chromium."""

import datetime
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from conftest import new_context
from sitebuild import REPO, serve_like_github_pages
from test_content_security_policy import RECORD_VIOLATIONS
from test_engines import main_text, zensical_site  # noqa: F401  (the fixture playbook built with Zensical)
from test_worksheets import fill, on_screen

sys.path.insert(0, str(REPO / "scripts"))
from check_site import check_links  # noqa: E402
from make_dist import folder_link  # noqa: E402

SITE_URL = "https://collective-leadership.github.io/playbook/"  # the default playbook's, in data/brand.yml
NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
PRIMARY = "rgb(31, 78, 121)"  # the default brand's primary colour, #1f4e79


def pages_of(site: Path) -> set[str]:
    """Every page of the built site, by its site path ('' is the home page, 'es/' the Spanish one)."""
    return {(page.parent.relative_to(site).as_posix() + "/").removeprefix("./") for page in site.rglob("index.html")}


def test_the_sitemap_lists_every_page_of_every_language_with_the_same_page_in_the_others(default_site):
    sitemap = ElementTree.parse(default_site / "sitemap.xml").getroot()
    entries = {url.findtext("s:loc", namespaces=NAMESPACES): {
        link.get("hreflang"): link.get("href") for link in url.findall("x:link", NAMESPACES)}
        for url in sitemap.findall("s:url", NAMESPACES)}
    pages = pages_of(default_site)
    assert any(page.startswith("es/") for page in pages) and len(pages) > 100
    assert set(entries) == {SITE_URL + page for page in pages}
    for url, alternates in entries.items():
        inside = url.removeprefix(SITE_URL).removeprefix("es/")
        if inside == "translation-status/":  # a translation's own page has no counterpart
            assert alternates == {}, url
            continue
        assert alternates == {"en": SITE_URL + inside, "es": SITE_URL + "es/" + inside,
                              "x-default": SITE_URL + inside}, url
        assert all(href.removeprefix(SITE_URL) in pages for href in alternates.values()), url
    # The themes' scripts read the sitemap beside each language's home page: the translation keeps its own.
    assert (default_site / "es" / "sitemap.xml").is_file()
    assert not (default_site / "sitemap.xml.gz").exists()


def test_robots_txt_lets_every_page_be_read_and_names_the_sitemap(default_site, built):
    assert (default_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"
    # Without a site_url (the fixture's) there is no address to give: robots.txt names no sitemap, and the
    # engine's own sitemap lists no page.
    assert (built.site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert "<url>" not in (built.site / "sitemap.xml").read_text()


@pytest.fixture(scope="module")
def github_pages(default_site):
    """The default playbook served at /playbook/, as GitHub Pages serves it: a missing address gets 404.html."""
    with serve_like_github_pages(default_site, urlsplit(SITE_URL).path) as url:
        yield url


@pytest.fixture
def tab(browser):
    context = new_context(browser, searches=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.failed = []
    page.on("response", lambda response: page.failed.append(response.url) if response.status >= 400 else None)
    yield page
    context.close()


@pytest.mark.parametrize("language, missing, words", [
    ("en", "conditions/no-such-condition/why/deeper/", {"heading": "Page not found", "home": "Go to the home page",
                                                        "search": "Search the playbook", "query": "shared influence"}),
    ("es", "es/condiciones/no-existe/", {"heading": "Página no encontrada", "home": "Ir a la página de inicio",
                                         "search": "Buscar en la guía", "query": "influencia compartida"}),
])
def test_a_missing_address_at_any_depth_gets_a_styled_page_in_its_language_with_search_and_a_way_home(
        tab, github_pages, language, missing, words):
    response = tab.goto(github_pages + missing)
    assert response.status == 404
    expect(tab.locator("h1")).to_have_text(words["heading"])
    assert tab.locator("html").get_attribute("lang") == language
    assert tab.locator(".md-header").evaluate("header => getComputedStyle(header).backgroundColor") == PRIMARY
    home = github_pages + ("es/" if language == "es" else "")
    search = tab.locator(".pb-not-found label[for=__search]")
    expect(search).to_have_text(words["search"])
    search.click()
    tab.keyboard.type(words["query"])
    expect(tab.locator(".md-search-result__item").first).to_be_visible()
    found = tab.locator(".md-search-result__link").evaluate_all("links => links.map(link => link.href)")
    assert found and all(link.startswith(home) for link in found)
    assert language == "es" or not any(link.startswith(github_pages + "es/") for link in found)
    tab.keyboard.press("Escape")
    tab.get_by_role("link", name=words["home"]).click()
    tab.wait_for_load_state()
    assert tab.url == home
    assert tab.locator(".pb-hero--home").is_visible()
    # Nothing failed but the missing address itself.
    assert tab.failed == [github_pages + missing]


def test_the_404_page_says_the_same_with_both_engines(built, zensical_site):
    for page in ("404.html", "es/404.html"):
        text = main_text((built.site / page).read_text(encoding="utf-8"))
        assert text == main_text((zensical_site / page).read_text(encoding="utf-8")), page
        assert text.startswith("Page not found There is no page at this address."), page


def test_the_workflow_builds_with_make_build_and_deploys_site_to_github_pages():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build["steps"]
    uses = {step["uses"].split("@")[0]: step for step in steps + deploy["steps"] if "uses" in step}
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]) for step in uses.values())
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    runs = [step["run"] for step in steps if "run" in step]
    assert "make build" in runs
    upload = steps.index(uses["actions/upload-pages-artifact"])
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site" and upload > runs.index("make build")
    assert "actions/deploy-pages" in uses and deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    # The step that installs the Debian packages asks the Makefile for them, so the list lives in one place.
    packages = subprocess.run(["make", "-s", "-C", str(REPO), "print-build-packages"], capture_output=True, text=True)
    assert packages.stdout.split() == ["libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"]
    assert any("$(make -s print-build-packages)" in run for run in runs)


def test_a_link_to_a_page_s_folder_names_its_index_html_in_the_offline_copy(tmp_path):
    for folder in ("start", "conditions/x/why"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text("<p>page</p>")
    (tmp_path / "index.html").write_text("<p>home</p>")
    page = tmp_path / "conditions" / "x" / "why" / "index.html"
    assert folder_link("../../../start/", page, tmp_path) == "../../../start/index.html"
    assert folder_link("../../../start/?h=x#a", page, tmp_path) == "../../../start/index.html?h=x#a"
    assert folder_link("../../..", page, tmp_path) == "../../../index.html"
    assert folder_link("./", page, tmp_path) == "index.html"
    for unchanged in ("#a", "https://example.org/start/", "../../../pdf/x.pdf", "../missing/", "../../../../"):
        assert folder_link(unchanged, page, tmp_path) == unchanged
    (tmp_path / "index.html").write_text('<a href="start/">start</a> <a href="start/index.html">again</a>')
    problems, _ = check_links(tmp_path, offline=True)
    assert problems == ["index.html:1: start/: a folder, which opens as a list of files from file:// "
                        "(expected its index.html)"]


def make_dist(project: Path, site: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "make_dist.py"), "--root", str(project),
                           "--site", str(site), "--output", str(output)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def offline_copy(built, tmp_path_factory):
    """The fixture playbook's offline copy (`make dist` of the built site, PDFs included), unzipped."""
    output = tmp_path_factory.mktemp("dist")
    result = make_dist(built.project, built.site, output)
    assert result.returncode == 0, result.stderr
    (archive,) = output.glob("*.zip")
    assert archive.name == f"riverside-leadership-playbook-{datetime.date.today().isoformat()}.zip"
    assert str(archive) in result.stdout
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(output / "unzipped")
    return output / "unzipped" / archive.stem


def test_the_offline_copy_holds_every_page_and_pdf_and_nothing_only_a_server_reads(built, offline_copy):
    def files(folder, pattern):
        return {path.relative_to(folder).as_posix() for path in folder.rglob(pattern)}

    pdfs = files(built.site, "*.pdf")
    assert len(pdfs) > 50 and files(offline_copy, "*.pdf") == pdfs
    assert files(offline_copy, "index.html") == files(built.site, "index.html")
    for name in ("404.html", "sitemap.xml", "robots.txt"):
        assert not files(offline_copy, name), name
    assert check_links(offline_copy, offline=True)[0] == []
    assert 'rel="preload"' in (built.site / "index.html").read_text(encoding="utf-8")
    assert not [page for page in offline_copy.rglob("*.html") if 'rel="preload"' in page.read_text(encoding="utf-8")]


def test_the_offline_copy_opened_from_files_searches_opens_pdfs_switches_language_and_keeps_a_worksheet(
        browser, offline_copy):
    context = new_context(browser, searches=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(
        ("file:", "data:", "blob:", "about:")) else None)
    try:
        page.goto((offline_copy / "index.html").as_uri())
        assert page.evaluate("document.fonts.ready.then(fonts => fonts.check('1em \"Atkinson Hyperlegible\"'))")
        page.locator(".md-search__input").click()
        page.keyboard.type("shared influence")
        result = page.locator(".md-search-result__link").first
        expect(result).to_be_visible()
        result.click()
        page.wait_for_load_state()
        assert re.search(r"/index\.html\?h=shared\+influence", page.url)
        expect(page.locator("h1").first).to_be_visible()
        pdf = page.locator(".pb-pdf-links a[href$='.pdf']").first.get_attribute("href")
        assert (Path(page.url.split("?")[0].removeprefix("file://")).parent / pdf).resolve().is_file()

        page.goto((offline_copy / "tools" / "self-assessment" / "index.html").as_uri())
        page.locator(".md-header__option .md-select").hover()
        page.locator('.md-select__link[hreflang="es"]').click()
        page.wait_for_load_state()
        assert page.url == (offline_copy / "es" / "tools" / "self-assessment" / "index.html").as_uri()
        page.locator(".md-search__input").click()
        page.keyboard.type("influencia")
        expect(page.locator(".md-search-result__link").first).to_be_visible()
        assert all("/es/" in link for link in page.locator(".md-search-result__link").evaluate_all(
            "links => links.map(l => l.href)"))
        page.keyboard.press("Escape")

        fill(page, {"team_name": "Sin conexión", "shared_influence_1": 4})
        page.wait_for_function("""() => (localStorage.getItem("playbook:worksheet:v1:es:self-assessment") || "")
                                  .includes("Sin conexión")""")
        page.reload()
        assert on_screen(page) == {"team_name": "Sin conexión", "shared_influence_1": 4}
        overview = page.locator("[data-pb-results] a").first.get_attribute("href")
        assert overview.endswith("/index.html")
        assert page.evaluate("window.__violations") == [] and outside == []
    finally:
        context.close()


def test_make_dist_refuses_a_site_without_its_pdfs_and_writes_nothing(default_site, tmp_path):
    result = make_dist(default_site.parent, default_site, tmp_path / "dist")
    assert result.returncode == 1
    assert "The site has no PDFs: `make dist` builds them" in result.stderr
    assert list((tmp_path / "dist").iterdir()) == []
