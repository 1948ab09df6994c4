"""Worksheets live in the browser, as a teacher uses them: typed answers kept across reloads, named copies,
export and import, a filled PDF, printing, the self-assessment's results and the team view. Headless Chromium.

The minimal playbook (built once, with its PDFs) has a worksheet with every field kind; the default playbook
has the seven-condition self-assessment the results and the team view are checked on.
"""

import gzip
import json
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from macros.content import load_playbook
from macros.live_worksheet import IMPORT_LIMIT_KB
from sitebuild import REPO, serve
from conftest import new_context
from test_browser import ONLY_VIOLATIONS, WCAG_TAGS, site  # noqa: F401  (site: the default playbook, served)

TOOL = "tools/self-assessment/"
TEAM = "tools/self-assessment/team/"
KEY = "playbook:worksheet:v1:en:self-assessment"
# One answer for every field kind of the minimal playbook's self-assessment, as an exported file holds them.
ANSWERS = {
    "team_name": "Riverside leadership team",
    "date": "2026-09-15",
    "participants": "Dee Park (grade 4)\nSam Ortiz (coach)\nLee Chan (principal)",
    "shared_influence_1": 3,
    "evidence.plc": True,
    "evidence.walkthroughs": True,
    "starting_point": "need",
    "actions.1.action": "Ask who made last term's decisions, and write them down",
    "actions.1.owner": "Dee Park",
    "actions.1.due": "2026-10-01",
    "actions.3.owner": "Sam Ortiz",
}


@pytest.fixture(scope="module")
def minimal_site(built):
    """The minimal playbook with its PDFs, served."""
    with serve(built.site) as base_url:
        yield base_url


@pytest.fixture
def context(browser, tmp_path):
    """A browser profile of its own (nothing another test stored), which accepts downloads."""
    context = new_context(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield context
    context.close()


def open_worksheet(context, url: str):
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    page.goto(url)
    expect(page.locator("[data-pb-live]")).to_be_visible()
    return page


def fill(page, answers: dict) -> None:
    """Type and choose answers as a reader does, field by field."""
    # Which answers are a choice among radio buttons, read off the form at once (not once per field).
    radios = set(page.evaluate("""names => names.filter(name =>
        document.querySelector(`[name="${CSS.escape(name)}"]`)?.type === "radio")""", list(answers)))
    for name, value in answers.items():
        target = page.locator(f'[name="{name}"]')
        if value is True:
            target.check()
        elif isinstance(value, int) or name in radios:
            page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            target.fill(value)


def on_screen(page) -> dict:
    """The answers the form shows, read from the page independently of the script under test."""
    return page.evaluate("""() => {
      const values = {};
      for (const input of document.querySelectorAll("form.pb-worksheet [name]")) {
        if (input.type === "checkbox") { if (input.checked) values[input.name] = true; }
        else if (input.type === "radio") {
          if (input.checked) values[input.name] = /^\\d+$/.test(input.value) ? Number(input.value) : input.value;
        } else if (input.value) values[input.name] = input.value;
      }
      return values;
    }""")


def stored(page):
    return page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")


def wait_until_saved(page) -> None:
    expect(page.locator("[data-pb-status]")).to_contain_text("Saved in this browser")


def export(page, tmp_path: Path) -> dict:
    with page.expect_download() as download:
        page.click("[data-pb-export]")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return json.loads(target.read_text())


def import_file(page, path: Path) -> None:
    page.set_input_files("[data-pb-import-file]", str(path))


def worksheet_file(values: dict, **changes) -> dict:
    return {"tool": "self-assessment", "version": 1, "language": "en", "title": "Self-assessment",
            "saved": "2026-09-15T10:00:00.000Z", "values": values, **changes}


# ---- Keeping answers -------------------------------------------------------------------------------------------

def test_every_field_kind_is_kept_in_this_browser_across_a_reload_and_nothing_is_sent(context, minimal_site):
    page = open_worksheet(context, minimal_site + TOOL)
    expect(page.locator("[data-pb-status]")).to_have_text("Nothing saved yet.")
    fill(page, ANSWERS)
    wait_until_saved(page)
    page.reload()
    expect(page.locator("[data-pb-live]")).to_be_visible()
    assert on_screen(page) == ANSWERS
    wait_until_saved(page)
    data = json.loads(stored(page))
    assert data["version"] == 1 and data["current"] == "Copy 1"
    assert data["copies"][0]["values"] == ANSWERS
    # Closing the tab and coming back in the same browser: still there.
    page.close()
    assert on_screen(open_worksheet(context, minimal_site + TOOL)) == ANSWERS
    origin = minimal_site.rstrip("/")
    assert all(url.startswith(origin) for url in page.requested_urls)


DEFAULT_TOOLS = [tool.slug for tool in load_playbook(REPO).tools]


def answer_for(name: str, rule: dict):
    """A made-up answer of the right type for one form name."""
    return {"text": f"Our answer for {name}", "date": "2026-09-15", "boolean": True,
            "option": (rule.get("options") or [None])[-1], "rating": rule.get("points")}[rule["type"]]


@pytest.mark.parametrize("slug", DEFAULT_TOOLS)
def test_every_field_of_every_tool_comes_back_after_a_reload(context, site, slug):
    tool = load_playbook(REPO).tool(slug)
    answers = {name: answer_for(name, rule) for field in tool.fields for name, rule in field.value_types().items()}
    page = open_worksheet(context, site + f"tools/{slug}/")
    fill(page, answers)
    wait_until_saved(page)
    page.reload()
    expect(page.locator("[data-pb-live]")).to_be_visible()
    assert on_screen(page) == answers


def test_named_copies_keep_their_own_answers_and_clear_and_delete_ask_first(context, minimal_site):
    page = open_worksheet(context, minimal_site + TOOL)
    fill(page, {"team_name": "First test"})
    page.fill("[data-pb-new-name]", "Second test")
    page.click("[data-pb-new]")
    expect(page.locator("[data-pb-status]")).to_have_text("Started the copy “Second test”.")
    assert on_screen(page) == {}
    fill(page, {"team_name": "Second", "starting_point": "strength"})
    wait_until_saved(page)
    page.select_option("[data-pb-copy]", "Copy 1")
    assert on_screen(page) == {"team_name": "First test"}
    page.reload()
    expect(page.locator("[data-pb-copy]")).to_have_value("Copy 1")
    page.select_option("[data-pb-copy]", "Second test")
    assert on_screen(page) == {"team_name": "Second", "starting_point": "strength"}
    # The same name twice is refused, in the error summary, pointing at the name box.
    page.fill("[data-pb-new-name]", "Copy 1")
    page.click("[data-pb-new]")
    summary = page.locator("[data-pb-errors]")
    expect(summary).to_be_focused()
    expect(summary.locator("a")).to_have_text("There is already a copy called “Copy 1”. Choose another name.")
    assert summary.locator("a").get_attribute("href") == "#pb-new-copy"
    # Clear asks first: saying no keeps every answer, yes clears only this copy.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("[data-pb-clear]")
    assert questions == ["Clear every answer in “Second test”? This cannot be undone."]
    assert on_screen(page) == {"team_name": "Second", "starting_point": "strength"}
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-pb-clear]")
    assert on_screen(page) == {}
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("[data-pb-delete]")
    assert questions[-1].startswith("Delete the copy “Second test” from this browser?")
    assert page.locator("[data-pb-copy] option").all_text_contents() == ["Copy 1"]
    assert on_screen(page) == {"team_name": "First test"}


def test_storage_keys_hold_language_tool_and_version_and_unreadable_data_is_set_aside(context, minimal_site):
    context.add_init_script(f"""if (!sessionStorage.getItem("planted")) {{
        sessionStorage.setItem("planted", "1");
        localStorage.setItem({json.dumps(KEY)}, "{{not json");
        localStorage.setItem("playbook:worksheet:v1:es:self-assessment", JSON.stringify({{version: 1,
          current: "Copia 1", copies: [{{name: "Copia 1", values: {{team_name: "Equipo"}}, saved: ""}}]}}));
    }}""")
    page = open_worksheet(context, minimal_site + TOOL)
    expect(page.locator("[data-pb-status]")).to_contain_text("could not be read, so they were set aside")
    assert on_screen(page) == {}
    set_aside = page.evaluate("Object.keys(localStorage).filter(key => key.includes(':set-aside:'))")
    assert len(set_aside) == 1 and page.evaluate(f"localStorage.getItem({json.dumps(set_aside[0])})") == "{not json"
    # The Spanish worksheet keeps its own answers, and a copy from a newer site version is set aside, not read.
    spanish = open_worksheet(context, minimal_site + "es/" + TOOL)
    assert on_screen(spanish)["team_name"] == "Equipo"
    page.evaluate(f"""localStorage.setItem({json.dumps(KEY)}, JSON.stringify({{version: 2, current: "x",
                      copies: [{{name: "x", values: {{team_name: 5}}}}]}}))""")
    page.reload()
    expect(page.locator("[data-pb-status]")).to_contain_text("set aside")
    assert on_screen(page) == {}


def test_when_storage_fails_the_reader_is_told_and_nothing_leaves_the_screen(context, minimal_site):
    context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")
    page = open_worksheet(context, minimal_site + TOOL)
    fill(page, {"team_name": "Riverside", "participants": "Everyone"})
    expect(page.locator("[data-pb-status]")).to_contain_text("could not save your answers")
    assert on_screen(page) == {"team_name": "Riverside", "participants": "Everyone"}


# ---- Export and import -----------------------------------------------------------------------------------------

def test_export_then_import_in_a_fresh_browser_gives_identical_values(browser, context, minimal_site, tmp_path):
    page = open_worksheet(context, minimal_site + TOOL)
    fill(page, ANSWERS)
    wait_until_saved(page)
    exported = export(page, tmp_path)
    assert set(exported) == {"tool", "version", "language", "title", "copy", "saved", "values"}
    assert (exported["tool"], exported["version"], exported["language"], exported["title"], exported["copy"]) == (
        "self-assessment", 1, "en", "Self-assessment", "Copy 1")
    assert exported["values"] == ANSWERS
    fresh = new_context(browser, viewport={"width": 1280, "height": 900})
    try:
        other = open_worksheet(fresh, minimal_site + TOOL)
        import_file(other, next(tmp_path.glob("*.json")))
        expect(other.locator("[data-pb-status]")).to_have_text(
            "Imported “self-assessment-copy-1.json” as the copy “Copy 1”.")
        assert on_screen(other) == ANSWERS
        other.reload()
        assert on_screen(other) == ANSWERS
    finally:
        fresh.close()


BAD_IMPORTS = {
    "not JSON": ("notes.json", "this is not a worksheet", "“notes.json” is not a worksheet file: its contents are not"),
    "another tool": ("plan.json", json.dumps(worksheet_file({}, tool="theory-of-action")),
                     "“plan.json” was exported from another worksheet (theory-of-action), not from this one."),
    "a newer version": ("future.json", json.dumps(worksheet_file({}, version=2)),
                        "“future.json” comes from a newer version of this worksheet (format 2; this site reads up to 1)."),
    "a value of the wrong type": ("typed.json", json.dumps(worksheet_file({"team_name": 7, "shared_influence_1": 9,
                                                                           "date": "15/09/2026"})),
                                  "In “typed.json”, the answer for “Team name” is not text."),
    "a huge file": ("huge.json", json.dumps(worksheet_file({"team_name": "x" * (IMPORT_LIMIT_KB * 1024)})),
                    f"“huge.json” is too big to be a worksheet file ({IMPORT_LIMIT_KB + 1} kilobytes"),
    "no values": ("empty.json", json.dumps({"tool": "self-assessment", "version": 1}),
                  "“empty.json” is not a worksheet file: it has no values."),
}


@pytest.mark.parametrize("case", BAD_IMPORTS)
def test_a_bad_import_says_what_is_wrong_and_changes_nothing_saved(context, minimal_site, tmp_path, case):
    name, text, message = BAD_IMPORTS[case]
    page = open_worksheet(context, minimal_site + TOOL)
    fill(page, {"team_name": "Kept as it was"})
    wait_until_saved(page)
    before = stored(page)
    (tmp_path / name).write_text(text)
    import_file(page, tmp_path / name)
    summary = page.locator("[data-pb-errors]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("h4")).to_have_text("There is a problem")
    expect(summary).to_contain_text(message)
    expect(summary.locator("li").last).to_have_text("Nothing you saved has changed.")
    assert summary.locator("a").first.get_attribute("href") == "#pb-import"
    assert stored(page) == before
    assert on_screen(page) == {"team_name": "Kept as it was"}
    if case == "a value of the wrong type":  # every wrong answer is named, by its label
        expect(summary).to_contain_text("the answer for “Teachers bring problems and proposals directly to "
                                        "administrators.” is not a whole number from 1 to 4")
        expect(summary).to_contain_text("the answer for “Date” is not a date written year-month-day")


def test_a_file_from_an_older_template_loads_what_still_fits_and_names_the_rest(context, minimal_site, tmp_path):
    page = open_worksheet(context, minimal_site + TOOL)
    old = worksheet_file({"team_name": "Riverside", "shared_influence_1": 2, "retired_question": "gone",
                          "actions.9.owner": "nobody"}, copy="Spring")
    (tmp_path / "old.json").write_text(json.dumps(old))
    import_file(page, tmp_path / "old.json")
    expect(page.locator("[data-pb-status]")).to_have_text(
        "Imported “old.json” as the copy “Spring”. These answers have no place on this worksheet any more and were "
        "left out: retired_question, actions.9.owner.")
    assert on_screen(page) == {"team_name": "Riverside", "shared_influence_1": 2}
    assert page.locator("[data-pb-copy] option").all_text_contents() == ["Spring"]  # the empty first copy gave way


# ---- Filled PDF and print --------------------------------------------------------------------------------------

def pdf_values(path: Path) -> dict:
    """The values a PDF reader finds in the form, by full field name; a radio group's by its option's value."""
    values = {}
    for name, field in PdfReader(path).get_fields().items():
        value = field.get("/V")
        if value in (None, "", "/Off"):
            continue
        if field.get("/FT") == "/Btn" and "/Opt" in field:  # a radio group: its states are the options' places
            values[name] = str(field["/Opt"][int(str(value).lstrip("/"))])
        elif field.get("/FT") == "/Btn":
            values[name] = True
        else:
            values[name] = str(value)
    return values


def pdfium_values(path: Path) -> dict:
    """The values PDFium (the PDF reader inside Chrome) shows in the form: text, ticked boxes, chosen options."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    def text(function, formenv, annotation) -> str:
        size = function(formenv, annotation, None, 0)
        buffer = ctypes.create_string_buffer(size)
        function(formenv, annotation, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        return buffer.raw[:size - 2].decode("utf-16-le")

    document = pdfium.PdfDocument(path)
    document.init_forms()
    values = {}
    for page in document:
        for index in range(raw.FPDFPage_GetAnnotCount(page)):
            annotation = raw.FPDFPage_GetAnnot(page, index)
            if raw.FPDFAnnot_GetSubtype(annotation) == raw.FPDF_ANNOT_WIDGET:
                name = text(raw.FPDFAnnot_GetFormFieldName, document.formenv, annotation)
                kind = raw.FPDFAnnot_GetFormFieldType(document.formenv, annotation)
                if kind == raw.FPDF_FORMFIELD_TEXTFIELD:
                    value = text(raw.FPDFAnnot_GetFormFieldValue, document.formenv, annotation)
                    if value:
                        values[name] = value
                elif raw.FPDFAnnot_IsChecked(document.formenv, annotation):
                    values[name] = (True if kind == raw.FPDF_FORMFIELD_CHECKBOX else
                                    text(raw.FPDFAnnot_GetFormFieldExportValue, document.formenv, annotation))
            raw.FPDFPage_CloseAnnot(annotation)
    return values


def test_download_filled_pdf_holds_every_answer_and_loads_the_pdf_library_only_then(context, minimal_site, tmp_path):
    page = open_worksheet(context, minimal_site + TOOL)
    fill(page, ANSWERS)
    wait_until_saved(page)
    assert not any("pdf-lib" in url for url in page.requested_urls)
    with page.expect_download() as download:
        page.click("[data-pb-pdf=a4]")
    assert download.value.suggested_filename == "self-assessment-copy-1-a4.pdf"
    target = tmp_path / "filled.pdf"
    download.value.save_as(target)
    expect(page.locator("[data-pb-status]")).to_have_text("The filled PDF is downloaded.")
    assert any(url.endswith("assets/vendor/pdf-lib/pdf-lib.min.js") for url in page.requested_urls)
    expected = {name: (str(value) if not isinstance(value, bool) else value) for name, value in ANSWERS.items()}
    assert pdf_values(target) == expected
    assert pdfium_values(target) == expected


def test_a_filled_pdf_keeps_text_its_built_in_font_cannot_draw(context, minimal_site, tmp_path):
    """Arabic, Greek or an emoji: the values are kept, and the reader is asked to draw them itself."""
    page = open_worksheet(context, minimal_site + TOOL)
    answers = {"team_name": "فريق القيادة", "participants": "Ελένη 🙂"}
    fill(page, answers)
    with page.expect_download() as download:
        page.click("[data-pb-pdf=letter]")
    download.value.save_as(tmp_path / "arabic.pdf")
    assert pdf_values(tmp_path / "arabic.pdf") == answers
    assert bool(PdfReader(tmp_path / "arabic.pdf").trailer["/Root"]["/AcroForm"]["/NeedAppearances"])


def test_printing_a_filled_worksheet_shows_every_answer_with_the_copy_name(context, minimal_site):
    page = open_worksheet(context, minimal_site + TOOL)
    page.fill("[data-pb-new-name]", "Spring test")
    page.click("[data-pb-new]")
    long_line = "A one-line answer long enough to need more than one line on paper, " * 3
    fill(page, {"team_name": long_line.strip(), "participants": "\n".join(f"Person {n}" for n in range(1, 16)),
                "actions.2.owner": "Sam Ortiz"})
    page.emulate_media(media="print")
    expect(page.locator("[data-pb-copy-name]")).to_have_text("Copy: Spring test")
    expect(page.locator("[data-pb-copy-name]")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Self-assessment")
    for hidden in ["[data-pb-export]", "[data-pb-new]", "[data-pb-status]", 'input[name="team_name"]']:
        expect(page.locator(hidden)).to_be_hidden()
    printed = page.locator('input[name="team_name"] + .pb-print-value')
    expect(printed).to_be_visible()
    expect(printed).to_have_text(long_line.strip())
    assert printed.bounding_box()["height"] > 40  # wrapped over lines, not cut off
    expect(page.locator('input[name="actions.2.owner"] + .pb-print-value')).to_have_text("Sam Ortiz")
    box = page.locator('textarea[name="participants"]')
    assert box.evaluate("box => box.scrollHeight - box.clientHeight") <= 1


def test_without_javascript_the_form_is_plain_and_its_pdf_links_work(browser, minimal_site):
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(minimal_site + TOOL)
        expect(page.locator("[data-pb-live]")).to_be_hidden()
        expect(page.locator("[data-pb-results]")).to_be_hidden()
        expect(page.locator('form.pb-worksheet input[name="team_name"]')).to_be_visible()
        for link in page.locator(".pb-pdf-links a").all():
            response = page.request.get(minimal_site + TOOL + link.get_attribute("href"))
            assert response.ok and response.headers["content-type"] == "application/pdf"
    finally:
        context.close()


def test_the_worksheet_works_from_file_urls_offline(context, built, tmp_path):
    page = open_worksheet(context, (built.site / "tools" / "self-assessment" / "index.html").as_uri())
    fill(page, {"team_name": "Offline", "shared_influence_1": 4})
    wait_until_saved(page)
    page.reload()
    assert on_screen(page) == {"team_name": "Offline", "shared_influence_1": 4}
    with page.expect_download() as download:
        page.click("[data-pb-pdf=letter]")
    download.value.save_as(tmp_path / "offline.pdf")
    assert pdf_values(tmp_path / "offline.pdf") == {"team_name": "Offline", "shared_influence_1": "4"}
    page.locator("[data-pb-results]").scroll_into_view_if_needed()
    expect(page.locator("[data-pb-results-rows] tr th, [data-pb-results-rows] tr td")).to_have_text(
        ["Shared influence", "1 of 1", "4"])


# ---- Self-assessment results and the team view (the default playbook) -----------------------------------------

@pytest.fixture(scope="module")
def self_assessment():
    return load_playbook(REPO).tool("self-assessment")


@pytest.fixture(scope="module")
def example_values():
    return yaml.safe_load((REPO / "data" / "en" / "examples" / "self-assessment.yml").read_text())["values"]


def averages(tool, value_sets) -> dict:
    """Each condition's average over every rating given, worked out here from the tool's own sections."""
    result = {}
    for section in tool.tallies:
        ratings = [values[field.id] for field in section.fields if field.kind == "rating"
                   for values in value_sets if field.id in values]
        result[section.title] = sum(ratings) / len(ratings) if ratings else None
    return result


def shown(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def test_self_assessment_results_give_exact_averages_the_greatest_need_and_strength(context, site, tmp_path,
                                                                                    self_assessment, example_values):
    ratings = {name: value for name, value in example_values.items() if isinstance(value, int)}
    skipped = "orientation_to_improve_6"
    ratings.pop(skipped)
    (tmp_path / "team.json").write_text(json.dumps(worksheet_file(ratings, copy="Consensus")))
    page = open_worksheet(context, site + TOOL)
    expect(page.locator("[data-pb-results-empty]")).to_be_visible()
    import_file(page, tmp_path / "team.json")
    expect(page.locator("[data-pb-status]")).to_contain_text("as the copy “Consensus”")
    expected = averages(self_assessment, [ratings])
    rows = page.locator("[data-pb-results-rows] tr")
    expect(rows).to_have_count(7)
    for index, (title, average) in enumerate(expected.items()):
        total = 5 if title == "Orientation to improve" else 6
        expect(rows.nth(index).locator("th, td")).to_have_text([title, f"{total} of 6", shown(average)])
    lowest, highest = min(expected.values()), max(expected.values())
    needs = [title for title, average in expected.items() if average == lowest]
    strengths = [title for title, average in expected.items() if average == highest]
    need, strength = page.locator("[data-pb-need]"), page.locator("[data-pb-strength]")
    assert need.locator("strong").all_text_contents() == needs
    assert strength.locator("strong").all_text_contents() == strengths
    first = needs[0]  # its links: the condition's overview and its "why" phase
    slug = next(section.condition for section in self_assessment.tallies if section.title == first)
    hrefs = need.locator("a").evaluate_all("links => links.map(link => link.href)")
    assert hrefs[:2] == [f"{site}conditions/{slug}/", f"{site}conditions/{slug}/why/"]
    expect(page.locator(".pb-results__advice")).to_contain_text("greatest need, where the ratings are lowest")
    expect(page.locator("[data-pb-chart] svg .pb-chart__bar")).to_have_count(7)
    widths = page.locator("[data-pb-chart] svg .pb-chart__bar").evaluate_all(
        "bars => bars.map(bar => Number(bar.getAttribute('width')))")
    assert widths == pytest.approx([400 * average / 4 for average in expected.values()])
    # Changing one rating moves its condition's average at once.
    page.locator(f'[name="{skipped}"][value="4"]').check()
    updated = averages(self_assessment, [{**ratings, skipped: 4}])["Orientation to improve"]
    expect(rows.nth(6).locator("td")).to_have_text(["6 of 6", shown(updated)])


def member_files(example_values: dict) -> list[dict]:
    """Three members' exports: the example's ratings, and two members who see some statements differently."""
    ratings = {name: value for name, value in example_values.items() if isinstance(value, int)}
    second = {**ratings, "vision_and_strategy_1": 1, "shared_influence_2": 4}
    third = {name: min(4, value + 1) for name, value in ratings.items()}
    third.pop("supportive_administration_1")
    return [worksheet_file(values, saved=f"2026-09-1{n}T10:00:00.000Z", copy=f"Member {n}")
            for n, values in enumerate((ratings, second, third), start=1)]


def test_team_view_counts_each_member_once_and_shows_where_the_team_disagrees(context, site, tmp_path,
                                                                             self_assessment, example_values):
    files = member_files(example_values)
    paths = []
    for n, data in enumerate(files, start=1):
        paths.append(tmp_path / f"member-{n}.json")
        paths[-1].write_text(json.dumps(data))
    (tmp_path / "member-1-again.json").write_text(json.dumps(files[0]))
    (tmp_path / "plan.json").write_text(json.dumps(worksheet_file({}, tool="theory-of-action")))
    page = open_worksheet(context, site + TEAM)
    page.set_input_files("[data-pb-team-files]", [str(path) for path in paths])
    expect(page.locator("[data-pb-team-count]")).to_have_text("Files counted: 3")
    # A second look at one file, and a file of another worksheet, are reported and not counted.
    page.set_input_files("[data-pb-team-files]", [str(tmp_path / "member-1-again.json"), str(tmp_path / "plan.json")])
    summary = page.locator("[data-pb-errors]")
    expect(summary).to_contain_text("“plan.json” was exported from another worksheet (theory-of-action)")
    expect(summary).to_contain_text("“member-1-again.json” has the same ratings and save time as “member-1.json”")
    expect(page.locator("[data-pb-team-count]")).to_have_text("Files counted: 3")
    value_sets = [data["values"] for data in files]
    expected = averages(self_assessment, value_sets)
    rows = page.locator("[data-pb-team-rows] tr")
    for index, section in enumerate(self_assessment.tallies):
        ratings = [values[field.id] for field in section.fields for values in value_sets if field.id in values]
        expect(rows.nth(index).locator("th, td")).to_have_text(
            [section.title, str(len(ratings)), shown(expected[section.title]), str(min(ratings)), str(max(ratings))])
    spreads = []
    for section in self_assessment.tallies:
        for field in section.fields:
            ratings = [values[field.id] for values in value_sets if field.id in values]
            if max(ratings) - min(ratings) >= 2:
                spreads.append(f"{section.title}: {field.label} (ratings {', '.join(map(str, ratings))}; "
                               f"spread {max(ratings) - min(ratings)})")
    assert spreads, "the member files should disagree somewhere"
    assert page.locator("[data-pb-team-disagree] li").all_text_contents() == spreads
    # The tally: a column per member, each statement's average and spread, as on the printed tally sheet.
    first_table = page.locator("[data-pb-team-tally] table").first
    expect(first_table.locator("thead th")).to_have_text(["Statement", "Member 1", "Member 2", "Member 3",
                                                          "Average", "Spread"])
    first_field = self_assessment.tallies[0].fields[0]
    first_ratings = [values[first_field.id] for values in value_sets]
    expect(first_table.locator("tbody tr").first.locator("th, td")).to_have_text(
        [f"1. {first_field.label}", *map(str, first_ratings), shown(sum(first_ratings) / 3),
         str(max(first_ratings) - min(first_ratings))])
    page.emulate_media(media="print")
    expect(page.locator("[data-pb-team-tally]")).to_be_visible()
    expect(page.locator("[data-pb-drop]")).to_be_hidden()


def test_team_view_takes_files_dropped_on_it(context, site, example_values):
    page = open_worksheet(context, site + TEAM)
    files = member_files(example_values)[:2]
    page.evaluate("""files => {
      const transfer = new DataTransfer();
      files.forEach((text, index) => transfer.items.add(new File([text], `dropped-${index}.json`)));
      document.querySelector("[data-pb-drop]").dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
    }""", [json.dumps(data) for data in files])
    expect(page.locator("[data-pb-team-count]")).to_have_text("Files counted: 2")


# ---- Everyone can use it ---------------------------------------------------------------------------------------

def axe_violations(page) -> list:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, **ONLY_VIOLATIONS})
    return [(violation["id"], [node["target"] for node in violation["nodes"]])
            for violation in results.response["violations"]]


def test_a_filled_worksheet_its_results_an_import_error_and_the_team_view_have_no_accessibility_violations(
        context, site, tmp_path, example_values):
    page = open_worksheet(context, site + TOOL)
    ratings = {name: value for name, value in example_values.items() if isinstance(value, int)}
    fill(page, {"team_name": "Bramblewood", **dict(list(ratings.items())[:8])})
    (tmp_path / "bad.json").write_text("nope")
    import_file(page, tmp_path / "bad.json")
    expect(page.locator("[data-pb-errors]")).to_be_visible()
    assert axe_violations(page) == []
    team = open_worksheet(context, site + TEAM)
    paths = []
    for n, data in enumerate(member_files(example_values)):
        paths.append(tmp_path / f"m{n}.json")
        paths[-1].write_text(json.dumps(data))
    team.set_input_files("[data-pb-team-files]", [str(path) for path in paths])
    expect(team.locator("[data-pb-team-count]")).to_have_text("Files counted: 3")
    assert axe_violations(team) == []


def test_the_worksheet_is_usable_with_the_keyboard_alone(context, minimal_site):
    page = open_worksheet(context, minimal_site + TOOL)
    page.focus("[data-pb-new-name]")
    page.keyboard.type("Keyboard copy")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("[data-pb-copy]")).to_have_value("Keyboard copy")
    page.focus('input[name="team_name"]')
    page.keyboard.type("Typed")
    page.keyboard.press("Tab")
    wait_until_saved(page)
    assert on_screen(page)["team_name"] == "Typed"


@pytest.mark.parametrize("path", [TOOL, TEAM, "es/" + TOOL])
def test_worksheet_and_team_view_fit_a_phone_in_every_language(browser, site, path):
    phone = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = open_worksheet(phone, site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if path.startswith("es/"):
            expect(page.locator("[data-pb-live] h3")).to_have_text("Tus respuestas")
            expect(page.locator("[data-pb-status]")).to_have_text("Todavía no hay nada guardado.")
    finally:
        phone.close()


def test_what_the_live_worksheet_adds_to_a_tool_page_stays_under_20_kb_compressed(site):
    """The script, its styles, and the panel, results and settings the self-assessment page carries (the largest)."""
    import re
    import urllib.request

    html = urllib.request.urlopen(site + TOOL).read().decode()
    added_html = "".join(re.findall(r'<div class="pb-live".*?</script>\s*<script src="[^"]*worksheet\.js" defer></script>'
                                    r'|<section class="pb-results".*?</section>', html, re.S))
    assert "data-pb-worksheet-settings" in added_html and "data-pb-results" in added_html
    script = (REPO / "overrides" / "assets" / "javascripts" / "worksheet.js").read_bytes()
    styles = (REPO / "overrides" / "assets" / "stylesheets" / "playbook.css").read_text(encoding="utf-8")
    live_styles = styles[styles.index("/* The live worksheet"):].encode()
    sizes = [len(gzip.compress(part, 9)) for part in (script, live_styles, added_html.encode())]
    assert sum(sizes) <= 20 * 1024, f"script, styles, markup: {sizes} bytes compressed"
