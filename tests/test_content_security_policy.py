"""Every page carries a Content Security Policy that allows only the site itself, and the site works under it.

Read as the browser reads it: every HTML file of every language has the policy before its first script and
nothing the policy would refuse (an inline script, a style attribute, an event handler, a script link); then
one page of each kind, and the pages that do most (search, a worksheet filled, exported, imported and
downloaded as a PDF, the team view, the meeting-room view), in headless Chromium, with every
`securitypolicyviolation` event and console error recorded: there must be none.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from macros.zensical_export import ZENSICAL_STYLE_HASHES
from sitebuild import one_page_of_each_kind, serve
from test_engines import zensical_site  # noqa: F401  (the fixture playbook built with Zensical)
from test_worksheets import ANSWERS, TEAM, TOOL, fill, wait_until_saved, worksheet_file

POLICY = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "font-src": "'self'", "connect-src": "'self'", "worker-src": "'self'", "object-src": "'none'",
    "frame-src": "'none'", "base-uri": "'self'", "form-action": "'none'",
}
# Recorded in every tab before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", event => window.__violations.push(
  `${event.violatedDirective} refused ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`));
"""
# The source language, and the right-to-left one.
LANGUAGES = ["en", "ar"]
# Data blocks are not run, so the policy does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class PolicyReader(HTMLParser):
    """What the policy governs in one page: where the policy is, and everything it would refuse."""

    def __init__(self):
        super().__init__()
        self.policy, self.policy_before_scripts, self.refused = None, None, []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = attributes.get("content")
            self.policy_before_scripts = self.policy_before_scripts is None
        if tag == "script":
            if self.policy_before_scripts is None:
                self.policy_before_scripts = False
            self._in_inline_script = "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.refused.append(f'<{tag} {name}="{value}">')
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.refused.append(f'<{tag} {name}="{value}">')
        if tag == "style":
            self.refused.append("<style>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.refused.append(f"<script>{data.strip()[:60]}")


def read_policy(html: str) -> PolicyReader:
    reader = PolicyReader()
    reader.feed(html)
    return reader


def directives(policy: str) -> dict:
    return {name: value.strip() for name, _, value in
            (part.strip().partition(" ") for part in policy.split(";") if part.strip())}


# Zensical's search box adds one fixed <style>, allowed by its hash (macros/zensical_export.py).
ENGINE_POLICY = {"mkdocs": POLICY, "zensical": POLICY | {"style-src": "'self' '%s'" % ZENSICAL_STYLE_HASHES[0]}}


@pytest.fixture(params=["mkdocs", "zensical"])
def engine_site(request, built):
    return request.param, built.site if request.param == "mkdocs" else request.getfixturevalue("zensical_site")


def test_every_page_of_every_language_has_the_policy_and_nothing_it_would_refuse(engine_site):
    engine, site = engine_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60 and any(path.parts[-3:-1] == ("ar", "glossary") for path in pages)
    for path in pages:
        reader = read_policy(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        assert reader.policy is not None, f"{where} has no Content Security Policy"
        assert directives(reader.policy) == ENGINE_POLICY[engine], where
        assert reader.policy_before_scripts, f"{where}: a script comes before the policy"
        assert reader.refused == [], where


def test_the_policy_reader_finds_what_the_policy_refuses():
    """The page check above can fail: each thing it looks for, in a page that has it."""
    policy = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    assert read_policy(f"<head>{policy}<script src=a.js></script></head>").policy_before_scripts
    assert not read_policy(f"<head><script src=a.js></script>{policy}</head>").policy_before_scripts
    assert read_policy('<script type="application/json">{"a": 1}</script>').refused == []
    page = ('<script>alert(1)</script><p style="color: red">x</p><a href="JavaScript:go()">y</a>'
            '<img src=a.png onerror="go()"><style>p {}</style>')
    assert read_policy(page).refused == ['<script>alert(1)', '<p style="color: red">', '<a href="JavaScript:go()">',
                                         '<img onerror="go()">', "<style>"]


@pytest.fixture(scope="module")
def served(built):
    with serve(built.site) as base_url:
        yield base_url


@pytest.fixture
def tab(browser):
    """A tab in a profile of its own, recording policy violations, console errors and failed requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("response", lambda response: page.problems.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    yield page
    context.close()


def assert_nothing_refused(page) -> None:
    assert page.evaluate("window.__violations") == []
    assert page.problems == []


def test_one_page_of_each_kind_runs_under_the_policy_with_nothing_refused(built, served, tab):
    paths = one_page_of_each_kind(built.project, LANGUAGES) + [TOOL]  # the self-assessment: a worksheet with results
    assert {"", "glossary/", "ar/", "ar/glossary/", TEAM, "workshop/"} <= set(paths)
    for path in paths:
        tab.goto(served + path)
        tab.wait_for_load_state("load")
        assert tab.evaluate("window.__violations") == [], path
        assert tab.problems == [], path
    # The theme's own scripts ran from their files: the page is marked as scripted and its storage scope is set.
    assert tab.evaluate("document.documentElement.classList.contains('js') && typeof __md_scope === 'object'")


def test_search_works_under_the_policy(served, tab):
    tab.goto(served)
    tab.keyboard.press("/")
    tab.keyboard.type("influence")
    expect(tab.locator(".md-search-result__item").first).to_be_visible()
    assert_nothing_refused(tab)


def test_the_zensical_site_and_its_search_run_under_the_policy(built, zensical_site, tab):
    with serve(zensical_site) as base_url:
        for path in one_page_of_each_kind(built.project, LANGUAGES) + [TOOL]:
            tab.goto(base_url + path)
            tab.wait_for_load_state("load")
            assert tab.evaluate("window.__violations") == [], path
            assert tab.problems == [], path
        tab.keyboard.press("/")
        tab.keyboard.type("influence")
        # Zensical's search box lives in a shadow root, which Playwright's locators enter.
        expect(tab.locator('[aria-label="Search results"] [role=option]').first).to_be_visible()
        assert_nothing_refused(tab)


def test_a_worksheet_filled_exported_imported_and_downloaded_runs_under_the_policy(served, tab, tmp_path):
    tab.goto(served + TOOL)
    expect(tab.locator("[data-pb-live]")).to_be_visible()
    fill(tab, ANSWERS)
    tab.locator("input[name=team_name]").press("Enter")  # a worksheet is never submitted, not even by Enter
    wait_until_saved(tab)
    with tab.expect_download() as exported:
        tab.click("[data-pb-export]")
    assert json.loads(Path(exported.value.path()).read_text())["values"]["team_name"] == ANSWERS["team_name"]
    other = tmp_path / "other.json"
    other.write_text(json.dumps(worksheet_file({}, tool="theory-of-action")))
    tab.set_input_files("[data-pb-import-file]", str(other))
    expect(tab.locator("[data-pb-errors]")).to_be_visible()
    with tab.expect_download() as filled:
        tab.click("[data-pb-pdf=letter]")
    assert Path(filled.value.path()).read_bytes().startswith(b"%PDF")
    assert tab.url == served + TOOL
    assert_nothing_refused(tab)


def test_the_team_view_and_the_meeting_room_view_run_under_the_policy(built, served, tab, tmp_path):
    member = tmp_path / "member.json"
    member.write_text(json.dumps(worksheet_file({"shared_influence_1": 3})))
    tab.goto(served + TEAM)
    tab.set_input_files("[data-pb-team-files]", str(member))
    expect(tab.locator("[data-pb-team-count]")).to_have_text("Files counted: 1")
    present = next(path for path in one_page_of_each_kind(built.project, LANGUAGES) if re.search(r"/present/$", path))
    tab.goto(served + present)
    tab.keyboard.press("ArrowRight")
    assert_nothing_refused(tab)
