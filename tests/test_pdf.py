"""The strategy-guide PDFs of the fixture playbook: valid files, right paper, bookmarks, text, cache."""

import re
import subprocess

import pytest
from pypdf import PdfReader

from sitebuild import build

GUIDE = "pdf/conditions/shared-influence-{paper}.pdf"
PAPER_POINTS = {"letter": (612, 792), "a4": (595, 842)}


@pytest.fixture
def built(project):
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project, result.stdout


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles.extend(outline_titles(entry) if isinstance(entry, list) else [entry.title])
    return titles


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_guide_is_a_valid_pdf_of_the_right_paper_with_bookmarks_and_text(built, paper):
    project, _ = built
    path = project / "site" / GUIDE.format(paper=paper)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    reader = PdfReader(path)
    assert len(reader.pages) >= 4
    width, height = (round(float(value)) for value in reader.pages[0].mediabox.upper_right)
    assert (width, height) == PAPER_POINTS[paper]
    assert reader.metadata.title == "Shared influence: Strategy guide"
    assert reader.metadata.author == "Riverside Unified School District"
    titles = outline_titles(reader.outline)
    assert {"Shared influence", "Understanding your team's why", "Designing your team's how",
            "Implementing your team's plan", "Big questions"} <= set(titles)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Which decisions about teaching and learning are made by one person today?" in text
    assert "Learn how decisions actually get made at your school today." in text


def test_only_conditions_with_a_guide_get_a_pdf_and_pages_link_to_them(built):
    project, _ = built
    pdfs = sorted(path.relative_to(project / "site").as_posix()
                  for path in (project / "site" / "pdf" / "conditions").rglob("*.pdf"))
    assert pdfs == [GUIDE.format(paper="a4"), GUIDE.format(paper="letter")]
    page = (project / "site" / "conditions" / "shared-influence" / "why" / "index.html").read_text()
    assert 'href="../../../pdf/conditions/shared-influence-letter.pdf"' in page
    assert 'href="../../../pdf/conditions/shared-influence-a4.pdf"' in page


def test_a_guide_page_is_not_blank_when_rendered(built, tmp_path):
    project, _ = built
    subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", "4", "-l", "4",
                    str(project / "site" / GUIDE.format(paper="a4")), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    pixels = image.split(b"\n", 3)[3]
    dark = sum(1 for value in pixels if value < 128)
    assert dark > 500


def rendered_count(output: str) -> int:
    return int(re.search(r"PDFs \((\d+) rendered", output).group(1))


def test_rebuild_renders_only_the_pdfs_whose_content_changed(built):
    project, first = built
    assert rendered_count(first) == 6  # 2 guides, 4 worksheets
    assert "[1/6] conditions/shared-influence-letter.pdf" in first

    unchanged = build(project)
    assert rendered_count(unchanged.stdout) == 0 and "cached" in unchanged.stdout

    other = project / "data" / "en" / "conditions" / "vision-and-strategy.yml"
    other.write_text(other.read_text().replace("Confusion", "Confusion everywhere"))
    assert rendered_count(build(project).stdout) == 0

    tool = project / "data" / "en" / "tools" / "theory-of-action.yml"
    tool.write_text(tool.read_text().replace("title: Theory of action", "title: Our theory of action"))
    # Its two worksheets, and the two guides that name the tool in their tool lists.
    assert rendered_count(build(project).stdout) == 4

    guide = project / "data" / "en" / "conditions" / "shared-influence.yml"
    guide.write_text(guide.read_text().replace("Burnout", "Exhaustion"))
    edited = build(project)
    assert rendered_count(edited.stdout) == 2
    text = " ".join(page.extract_text() for page in PdfReader(project / "site" / GUIDE.format(paper="a4")).pages)
    assert "Exhaustion" in text


WORKSHEET = "pdf/worksheets/self-assessment-{paper}.pdf"


def template_field_names(project, slug: str) -> set:
    """The form field names the template's field ids lead to (tables: id.row.column; checkboxes: id.option)."""
    from macros.content import load_playbook

    names = set()
    for section in load_playbook(project).tool(slug)["sections"]:
        for field in section["fields"]:
            if field["kind"] == "table":
                names |= {f"{field['id']}.{row}.{column['id']}"
                          for row in range(1, field["rows"] + 1) for column in field["columns"]}
            elif field["kind"] == "checkboxes":
                names |= {f"{field['id']}.{option['id']}" for option in field["options"]}
            else:
                names.add(field["id"])
    return names


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_worksheet_has_a_form_field_for_every_template_field(built, paper):
    project, _ = built
    path = project / "site" / WORKSHEET.format(paper=paper)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    fields = PdfReader(path).get_fields()
    # Radio groups currently also list each button as "<id>.<id>"; issue 4 leaves that to fix.
    names = {name for name in fields if name.split(".")[0] != name.split(".")[-1] or "." not in name}
    assert names == template_field_names(project, "self-assessment")
    kinds = {name: fields[name].get("/FT") for name in names}
    assert kinds["team_name"] == "/Tx" and kinds["participants"] == "/Tx"
    assert kinds["evidence.plc"] == "/Btn" and kinds["starting_point"] == "/Btn"


def test_a_filled_worksheet_saves_and_reads_back(built, tmp_path):
    from pypdf import PdfWriter

    project, _ = built
    writer = PdfWriter(clone_from=project / "site" / WORKSHEET.format(paper="letter"))
    writer.update_page_form_field_values(writer.pages[0], {"team_name": "Riverside leadership team",
                                                           "actions.1.action": "Visit a third-grade PLC"},
                                         auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    values = {name: field.get("/V") for name, field in PdfReader(filled).get_fields().items()}
    assert values["team_name"] == "Riverside leadership team"
    assert values["actions.1.action"] == "Visit a third-grade PLC"
