"""The strategy-guide PDFs of the fixture playbook: valid files, right paper, bookmarks, text, cache."""

import re
import subprocess

import pytest
from pypdf import PdfReader

from sitebuild import build, make_project

GUIDE = "pdf/conditions/shared-influence-{paper}.pdf"
PAPER_POINTS = {"letter": (612, 792), "a4": (595, 842)}


@pytest.fixture
def project(minimal_project, tmp_path):
    return make_project(tmp_path / "project", minimal_project / "data")


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
    pdfs = sorted(path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*.pdf"))
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
    assert rendered_count(first) == 2
    assert "[1/2] conditions/shared-influence-letter.pdf" in first

    unchanged = build(project)
    assert rendered_count(unchanged.stdout) == 0 and "cached" in unchanged.stdout

    other = project / "data" / "en" / "conditions" / "vision-and-strategy.yml"
    other.write_text(other.read_text().replace("Confusion", "Confusion everywhere"))
    assert rendered_count(build(project).stdout) == 0

    guide = project / "data" / "en" / "conditions" / "shared-influence.yml"
    guide.write_text(guide.read_text().replace("Burnout", "Exhaustion"))
    edited = build(project)
    assert rendered_count(edited.stdout) == 2
    text = " ".join(page.extract_text() for page in PdfReader(project / "site" / GUIDE.format(paper="a4")).pages)
    assert "Exhaustion" in text
