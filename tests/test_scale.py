"""A playbook many times larger: the scale copy validates and builds, its navigation stays short, and pages carry
no indentation.

The minimal playbook repeated seven times (scripts/scale_fixture.py) has 14 conditions and 14 tools, so both
sections are longer than the navigation lists in full (macros/site.py: LONG_NAV_SECTION); the timings and
sizes of the 10x copy are `make bench`'s.
"""

import posixpath
import re
import subprocess
import sys

import pytest

from conftest import minimal_data
from macros.html_whitespace import compacted
from macros.site import LONG_NAV_SECTION
from sitebuild import REPO, build, cut_to_english, make_project

sys.path.insert(0, str(REPO / "scripts"))
import scale_fixture  # noqa: E402

TIMES = 7
_PRIMARY_NAV = re.compile(r'<nav class="md-nav md-nav--primary".*?<div class="md-sidebar md-sidebar--secondary"', re.S)


def scaled_project(tmp_path_factory, english_only: bool = False):
    """The minimal playbook's project with its content seven times over (optionally in English alone)."""
    scratch = tmp_path_factory.mktemp("scale")
    project = make_project(scratch / "project", minimal_data(scratch / "data"))
    scale_fixture.scale(project / "data", TIMES)
    if english_only:
        cut_to_english(project / "data")
    return project


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """The scaled project in every language, built without PDFs, and what its build printed."""
    project = scaled_project(tmp_path_factory)
    return project, build(project, pdf=False)


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def scaled_site(request, scaled, tmp_path_factory):
    """The scaled project's site built with each engine (with Zensical in English alone: each language is a
    Zensical build of its own, and one is enough to see its navigation)."""
    if request.param == "mkdocs":
        return scaled[0] / "site"
    project = scaled_project(tmp_path_factory, english_only=True)
    result = build(project, pdf=False, engine="zensical")
    assert result.returncode == 0, result.stderr
    return project / "site"


def nav_links(page) -> set[str]:
    """The pages the page's navigation (the sidebar, and the drawer on a phone) links to, as relative paths
    without a final slash ('..', '.', '../how'), however the engine spells them."""
    nav = _PRIMARY_NAV.search(page.read_text(encoding="utf-8")).group(0)
    return {posixpath.normpath(link) for link in re.findall(r'href="([^"#]+)"', nav)}


def test_the_scaled_copy_validates_and_builds(scaled):
    project, result = scaled
    assert result.returncode == 0, result.stderr
    assert f"{2 * TIMES} conditions, {2 * TIMES} tools" in result.stdout
    assert 2 * TIMES + 1 > LONG_NAV_SECTION  # the index page and every condition: a long section
    site = project / "site"
    assert (site / "conditions" / f"shared-influence-{TIMES}" / "how" / "index.html").is_file()
    assert "Shared influence 7" in (site / "conditions" / "shared-influence-7" / "index.html").read_text()
    assert "Influencia compartida 7" in (site / "es" / "conditions" / "shared-influence-7" / "index.html").read_text()


def test_a_long_section_lists_its_index_and_the_way_to_the_current_page(scaled_site):
    links = nav_links(scaled_site / "conditions" / "shared-influence-3" / "why" / "index.html")
    # All conditions, and the current condition's pages; no other condition.
    assert {"../..", "..", ".", "../how", "../implement"} <= links
    assert not {link for link in links if re.search(r"(vision-and-strategy|shared-influence)(-\d+)?$", link)}
    # The tools' section is not the current one: one link to its first page, as with any section.
    assert "../../../tools" in links and not any(link.startswith("../../../tools/") for link in links)
    tool_links = nav_links(scaled_site / "tools" / "self-assessment-2" / "index.html")
    assert {"..", ".", "example"} <= tool_links
    assert not any(re.search(r"(self-assessment|theory-of-action)(-\d+)?$", link) for link in tool_links)


def test_every_condition_is_reached_from_the_section_index(scaled_site):
    index = (scaled_site / "conditions" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="((?:vision-and-strategy|shared-influence)(?:-\d+)?)/"', index))
    assert len(linked) == 2 * TIMES


def test_the_script_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "something").write_text("")
    result = subprocess.run([sys.executable, str(scale_fixture.__file__), str(tmp_path)], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path}: not empty (expected an empty or new folder)"


def test_pages_lose_the_templates_indentation(scaled_site):
    html = (scaled_site / "conditions" / "shared-influence-2" / "why" / "index.html").read_text(encoding="utf-8")
    outside_kept = re.sub(r"<(pre|textarea|code|kbd|script|style)\b.*?</\1>", "<kept/>", html, flags=re.S)
    assert not re.search(r"\n[ \t]+|[ \t]+\n|\n\n", outside_kept)


def test_blank_space_that_shows_is_kept():
    page = ('<ul>\n    <li title="two\n   lines">One\n      two&nbsp;\u00a0 three</li>\n  </ul>\n'
            '<pre>  a\n    b</pre> <textarea>\n  kept</textarea>\n  <code>x\n  y</code>\n<!-- a\n   b -->\n'
            '<script>\n  var a = 1;\n</script>')
    assert compacted(page) == ('<ul>\n<li title="two\n   lines">One\ntwo&nbsp;\u00a0 three</li>\n</ul>\n'
                               '<pre>  a\n    b</pre> <textarea>\n  kept</textarea>\n<code>x\n  y</code>\n'
                               '<!-- a\n   b -->\n<script>\n  var a = 1;\n</script>')
