"""Builds the minimal fixture playbook with `scripts/build_site.py` and checks the pages a reader gets."""

import html
import re
import shutil

import pytest

from sitebuild import build

EDIT_BASE = "https://example.org/riverside/playbook/edit/main/"


@pytest.fixture
def site(built):
    return built.site


def read(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def edit_link(html: str) -> str:
    return re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"', html).group(1)


def test_every_page_is_at_its_public_url(site):
    expected = ["", "conditions", "conditions/shared-influence", "conditions/shared-influence/why",
                "conditions/shared-influence/how", "conditions/shared-influence/implement",
                "conditions/vision-and-strategy", "tools", "tools/theory-of-action", "tools/self-assessment",
                "start", "case-study", "frameworks", "frameworks/collective-action", "frameworks/crosswalk",
                "workshop", "glossary", "credits", "tools/self-assessment/example", "tools/self-assessment/team",
                # The meeting-room view of each phase, outside the navigation
                "conditions/shared-influence/why/present", "conditions/shared-influence/how/present",
                "conditions/shared-influence/implement/present"]
    # Each translation has every page at the same path under its code, and its status page.
    translated = [f"{code}/{path}".rstrip("/") for code in ("es", "ar") for path in expected + ["translation-status"]]
    built = sorted(str(path.parent.relative_to(site)).replace(".", "") for path in site.rglob("index.html"))
    assert built == sorted(expected + translated)


def test_edit_links_point_at_the_yaml_each_page_came_from(site):
    assert edit_link(read(site, "")) == EDIT_BASE + "data/en/playbook.yml"
    assert edit_link(read(site, "conditions/shared-influence")) == EDIT_BASE + "data/en/conditions/shared-influence.yml"
    assert edit_link(read(site, "conditions/shared-influence/how")) == \
        EDIT_BASE + "data/en/conditions/shared-influence.yml"
    assert edit_link(read(site, "tools/self-assessment")) == EDIT_BASE + "data/en/tools/self-assessment.yml"


def test_no_repository_widget_that_would_call_an_api(site):
    for url in ["", "conditions/shared-influence/why"]:
        assert 'data-md-component="source"' not in read(site, url)


def test_phase_page_has_numbered_questions_tasks_prompt_tools_and_neighbours(site):
    html = read(site, "conditions/shared-influence/why")
    assert "<h1>Understanding your team&#39;s why</h1>" in html
    assert 'id="q1">Which decisions about teaching and learning are made by one person today?' in html
    assert 'id="q1a">Who else could help make them?' in html
    assert 'id="q2">' in html
    assert html.count('class="pb-tasks__box"') == 1
    assert "Connect and collaborate" in html
    assert 'href="../../../tools/theory-of-action/"' in html
    assert re.search(r"\d+ min read", html)
    assert 'class="pb-pager__next" href="../how/"' in html and "pb-pager__previous" not in html
    how = read(site, "conditions/shared-influence/how")
    assert 'class="pb-pager__previous" href="../why/"' in how and 'class="pb-pager__next" href="../implement/"' in how


def test_overview_only_condition_links_no_missing_phases(site):
    html = read(site, "conditions/vision-and-strategy")
    assert "conditions/vision-and-strategy/why" not in html
    assert "Strategy guide" not in html


def test_tool_page_shows_every_field_and_where_it_is_used(site):
    html = read(site, "tools/self-assessment")
    for name in ["team_name", "date", "participants", "shared_influence_1", "evidence.plc", "starting_point"]:
        assert f'name="{name}"' in html, name
    assert 'name="actions.1.action"' in html  # a table: one input per row and column
    used_in = re.search(r'<ul class="pb-tool-uses">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<strong>([^<]+)</strong>", used_in) == ["Understanding your team&#39;s why",
                                                               "Implementing your team&#39;s plan"]
    assert 'href="../../conditions/shared-influence/why/">Shared influence</a>' in used_in


def test_home_page_lists_conditions_as_cards_in_playbook_order(site):
    html = read(site, "")
    titles = re.findall(r'<span class="pb-card__title">([^<]+)</span>', html)
    assert titles == ["Vision and strategy", "Shared influence"]
    # Each card is tinted by its condition's colour through a class (no inline style: see the CSP tests).
    assert '<li class="pb-card pb-tint--shared-influence">' in html
    brand_css = (site / "assets/stylesheets/brand.css").read_text(encoding="utf-8")
    assert ".pb-tint--shared-influence { --pb-condition-color: #3949ab; }" in brand_css
    assert "style=" not in html


def test_crosswalk_links_each_condition_to_framework_items(site):
    html = read(site, "frameworks/crosswalk")
    row = re.search(r'<h2 id="shared-influence"><a href="../../conditions/shared-influence/">Shared influence</a></h2>'
                    r'(.*?)</section>', html, re.S).group(1)
    assert '<a href="../collective-action/#shared-accountability">Shared accountability</a>' in row
    assert '<a href="../collective-action/#seek-to-learn">Seek to learn</a>' in row
    assert 'id="common-purpose"' in read(site, "frameworks/collective-action")


def test_start_page_gives_timings_and_links_tools(site):
    html = read(site, "start")
    assert "Meeting 1 · 45 min" in html
    assert "About 1.8 hours of meetings in all" in html
    assert 'href="../tools/self-assessment/">Self-assessment</a>' in html


def test_conditions_page_has_the_table_and_case_study_its_figures(site):
    html = read(site, "conditions")
    assert "<strong>Burnout.</strong>" in html
    assert '<span class="pb-figures__value">12</span>' in read(site, "case-study")


def test_data_text_with_braces_is_shown_as_written(site):
    """The fixture's shared-influence.yml has "{{ not_a_macro }}" in a text."""
    assert "such as {{ not_a_macro }}, and is shown as written" in read(site, "conditions/shared-influence")


def test_hand_written_page_can_call_the_macros(site):
    """tests/fixtures/minimal/docs/workshop.md calls two macros."""
    page = read(site, "workshop")
    assert 'id="shared-influence-why-q1a">Who else could help make them?' in page
    assert 'class="pb-tasks__box" id="task-shared-influence-how-1"' in page


def test_generated_and_hand_written_pages_render_markdown_alike(site):
    """The same sentence, in a content file and in docs/workshop.md: one Markdown configuration (smarty included)."""
    # Content's HTML passes the sanitizer, which writes the curly quote as a character instead of &rsquo;.
    sentence = "Teachers and administrators shape one another\u2019s work, and shared goals,\nnot titles, drive the decisions."
    assert f"<p>{sentence}</p>" in html.unescape(read(site, "conditions/shared-influence"))
    assert f"<p>{sentence}</p>" in html.unescape(read(site, "workshop"))


def test_failed_build_reports_the_error_and_keeps_the_previous_site(built_copy):
    project, site = built_copy, built_copy / "site"
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    path = project / "data" / "en" / "conditions" / "shared-influence.yml"
    path.write_text(path.read_text().replace("what_we_mean:", "what_we_meen:"))

    result = build(project)

    assert result.returncode == 1
    assert "data/en/conditions/shared-influence.yml:8:1: unknown key 'what_we_meen' (did you mean 'what_we_mean'?)" \
        in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before


def test_failed_mkdocs_step_keeps_the_previous_site(built_copy):
    project, site = built_copy, built_copy / "site"
    before = (site / "index.html").read_bytes()
    shutil.copy(project / "mkdocs.yml", project / "mkdocs.good.yml")
    (project / "mkdocs.yml").write_text((project / "mkdocs.good.yml").read_text() + "\nnot_an_option: true\n")

    result = build(project)

    assert result.returncode == 1
    assert "site/ is unchanged" in result.stderr
    assert (site / "index.html").read_bytes() == before
    assert not (project / ".site-build").exists()


def test_every_page_links_to_the_credits_and_the_glossary_from_its_footer(site):
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        footer = re.search(r'<nav class="pb-footer-links"[^>]*>(.*?)</nav>', page.read_text(), re.S)
        assert footer, page
        hrefs = re.findall(r'<a href="([^"]+)">[^<]+</a>', footer.group(1))
        # A translated page links to its own language's pages.
        language = page.relative_to(site).parts[0] if page.relative_to(site).parts[0] in ("es", "ar") else ""
        assert [(page.parent / href).resolve() for href in hrefs] == \
            [(site / language / folder).resolve() for folder in ("credits", "glossary")], page
    credits = read(site, "credits")
    assert "A collective leadership playbook" in credits and "Content under CC BY 4.0" in credits


def test_first_use_of_a_term_links_its_definition_and_spells_out_its_acronym(site):
    html = read(site, "conditions/shared-influence")
    marks = re.findall(r'<span class="pb-term"><a href="../../glossary/#plc" aria-describedby="([^"]+)">([^<]+)</a>'
                       r'<span class="pb-term__definition" role="tooltip" id="\1" data-search-exclude>([^<]+)</span></span>', html)
    # Only the first use is marked, spelled out once; the second "PLC" stays plain text.
    assert marks == [("term-plc", "PLC (professional learning community)",
                      "A group of teachers who meet regularly to study student work and improve their teaching together.")]
    assert "and every PLC shares what it learns" in html
    glossary = read(site, "glossary")
    assert '<dt id="plc">professional learning community <abbr>(PLC)</abbr></dt>' in glossary
    assert "pb-term" not in glossary
    # Hand-written pages are marked too, and text in a label is never made a link.
    assert 'href="../glossary/#theory-of-action"' in read(site, "workshop") or "theory of action" not in \
        read(site, "workshop").lower()
    assert '<label for="field-evidence-plc">PLC meetings</label>' in read(site, "tools/self-assessment")


def test_phase_page_has_a_session_plan_with_timed_agenda_roles_and_what_to_print(site):
    html = read(site, "conditions/shared-influence/why")
    session = re.search(r'<section class="pb-session".*?</section>', html, re.S).group(0)
    assert "Facilitate this session" in session and "One meeting of 80 minutes." in session
    times = re.findall(r'<td class="pb-session__time">([^<]+)</td>', session)
    assert times == ["0–10 min", "10–40 min", "40–60 min", "60–75 min", "75–80 min"]
    for role in ("Facilitator", "Timekeeper", "Note-taker"):
        assert f"<dt>{role}</dt>" in session
    assert 'href="./#q1">1</a>, <a href="./#q2">2</a>' in session
    assert 'href="./#task-shared-influence-why-1">Task 1</a>' in session
    # The cards PDF opens at the page that holds this phase's cards.
    assert "discussion cards, page 1 of the cards PDF" in session
    assert 'href="../../../pdf/cards-letter.pdf#page=1"' in session and (site / "pdf/cards-a4.pdf").is_file()
    for pdf in ("pdf/worksheets/theory-of-action-letter.pdf",
                "pdf/worksheets/self-assessment-a4.pdf", "pdf/sessions/shared-influence-why-a4.pdf"):
        assert f'href="../../../{pdf}"' in session and (site / pdf).is_file(), pdf
    assert 'href="present/"' in session


def test_tool_with_an_example_links_it_and_the_example_shows_the_team_s_answers(site):
    tool = read(site, "tools/self-assessment")
    assert 'href="example/"' in tool and 'href="../../pdf/tally/self-assessment-letter.pdf"' in tool
    example = read(site, "tools/self-assessment/example")
    assert "Riverside Middle School and its team are fictional" in example and "Ben Cole</strong>, assistant principal" in example
    assert "<p>Riverside leadership team</p>" in example
    assert "2 · Beginning" in example  # a rating shows its point and its label
    assert "Address a need" in example
    assert re.search(r'pb-example__option--chosen">((?!</li>).)*PLC \(professional learning community\)</a>', example, re.S)
    assert re.search(r'pb-example__option--not-chosen">((?!</li>).)*Walkthroughs', example, re.S)
    assert "<td>Ask who made last term&#39;s decisions</td><td>Dee Park</td><td>October 1, 2026</td>" in example
    assert (site / "pdf/examples/self-assessment-letter.pdf").is_file()
