"""The strategy-guide PDFs of the fixture playbook: valid files, right paper, bookmarks, text, cache."""

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from sitebuild import build

GUIDE = "pdf/conditions/shared-influence-{paper}.pdf"
PAPER_POINTS = {"letter": (612, 792), "a4": (595, 842)}


def read_pdf(path, paper: str) -> PdfReader:
    """The PDF at `path`, once its pages are known to be of `paper` size."""
    reader = PdfReader(path)
    width, height = (round(float(value)) for value in reader.pages[0].mediabox.upper_right)
    assert (width, height) == PAPER_POINTS[paper]
    return reader


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles.extend(outline_titles(entry) if isinstance(entry, list) else [entry.title])
    return titles


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_guide_is_of_the_right_paper_with_bookmarks_and_text(built, paper):
    project = built.project
    reader = read_pdf(project / "site" / GUIDE.format(paper=paper), paper)
    assert len(reader.pages) >= 4
    assert reader.metadata.title == "Shared influence: Strategy guide"
    assert reader.metadata.author == "Riverside Unified School District"
    titles = outline_titles(reader.outline)
    assert {"Shared influence", "Understanding your team's why", "Designing your team's how",
            "Implementing your team's plan", "Big questions"} <= set(titles)
    text = " ".join(page_texts(reader))
    assert "Which decisions about teaching and learning are made by one person today?" in text
    assert "Learn how decisions actually get made at your school today." in text


def test_only_conditions_with_a_guide_get_a_pdf_and_pages_link_to_them(built):
    project = built.project
    pdfs = sorted(path.relative_to(project / "site").as_posix()
                  for path in (project / "site" / "pdf" / "conditions").rglob("*.pdf"))
    assert pdfs == [GUIDE.format(paper="a4"), GUIDE.format(paper="letter")]
    page = (project / "site" / "conditions" / "shared-influence" / "why" / "index.html").read_text()
    assert 'href="../../../pdf/conditions/shared-influence-letter.pdf"' in page
    assert 'href="../../../pdf/conditions/shared-influence-a4.pdf"' in page


def test_a_guide_page_is_not_blank_when_rendered(built, tmp_path):
    project = built.project
    subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", "4", "-l", "4",
                    str(project / "site" / GUIDE.format(paper="a4")), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    pixels = image.split(b"\n", 3)[3]
    dark = sum(1 for value in pixels if value < 128)
    assert dark > 500


def rendered_count(output: str) -> int:
    return int(re.search(r"PDFs \((\d+) rendered", output).group(1))


def build_pdfs(project) -> subprocess.CompletedProcess:
    """`make pdf`: only the PDFs, into the project's site/."""
    import sys

    return subprocess.run([sys.executable, str(project / "scripts" / "build_pdfs.py"), "--root", str(project)],
                          capture_output=True, text=True, check=True)


def test_the_first_build_renders_every_pdf_and_a_rebuild_none(built, built_copy):
    # Per language: 2 books, 2 card sets, 2 guides, 6 session plans, 4 worksheets, 2 filled-in examples,
    # 2 tally sheets; in English, Spanish and Arabic.
    assert rendered_count(built.output) == 60
    assert "[1/60] playbook-letter.pdf" in built.output
    assert "es/pdf/playbook-letter.pdf" in built.output and "ar/pdf/cards-a4.pdf" in built.output
    unchanged = build_pdfs(built_copy)
    assert rendered_count(unchanged.stdout) == 0 and "cached" in unchanged.stdout


BOOKS = {"playbook-letter.pdf", "playbook-a4.pdf"}


def translations_too(names: set, languages=("es", "ar")) -> set:
    """The PDFs in English and in the translations that show the same English text (they have no translation of it)."""
    return names | {f"{language}/pdf/{name}" for language in languages for name in names}


# What is edited (file, old text, new text), what the PDFs then show, and which PDFs must be rendered again.
# An edit to English text re-renders the translations' PDFs too where they show it untranslated.
EDITS_AND_THE_PDFS_THEY_RENDER = {
    # A condition without a strategy guide appears only in the whole playbook.
    "overview-only condition": ("conditions/vision-and-strategy.yml", "Confusion", "Confusion everywhere",
                                "Confusion everywhere", translations_too(BOOKS)),
    # A tool: its worksheets, the guides that name the tool in their tool lists, the session plans that print or
    # use it, and the book.
    "tool": ("tools/theory-of-action.yml", "title: Theory of action", "title: Our theory of action",
             "Our theory of action", translations_too(BOOKS | {
        "worksheets/theory-of-action-letter.pdf", "worksheets/theory-of-action-a4.pdf",
        "conditions/shared-influence-letter.pdf", "conditions/shared-influence-a4.pdf",
        "sessions/shared-influence-why-letter.pdf", "sessions/shared-influence-why-a4.pdf",
        "sessions/shared-influence-how-letter.pdf", "sessions/shared-influence-how-a4.pdf"})),
    # A big question: the condition's guide, the book and the cards. Spanish has its own translation of it
    # (now stale, and still shown), so only the Arabic stub's PDFs show the change.
    "condition with a guide": ("conditions/shared-influence.yml", "Which decisions", "Which big decisions",
                               "Which big decisions", translations_too(BOOKS | {
        "conditions/shared-influence-letter.pdf", "conditions/shared-influence-a4.pdf",
        "cards-letter.pdf", "cards-a4.pdf"}, languages=("ar",))),
    # A UI string only the tally sheet prints (no translation has its own): six one-page PDFs, the cheapest
    # edit to render for real.
    "tally sheet wording": ("ui.yml", 'tally_condition_average: "Average for', 'tally_condition_average: "Mean for',
                            "Mean for Shared influence", translations_too({
        "tally/self-assessment-letter.pdf", "tally/self-assessment-a4.pdf"})),
}


def make_edit(project, edited: str) -> tuple[str, set]:
    """Make one of the edits above in `project`; return the text it shows and the PDFs it must render."""
    path, old, new, shown, expected = EDITS_AND_THE_PDFS_THEY_RENDER[edited]
    content = project / "data" / "en" / path
    content.write_text(content.read_text().replace(old, new))
    return shown, expected


@pytest.mark.parametrize("edited", EDITS_AND_THE_PDFS_THEY_RENDER)
def test_an_edit_plans_to_render_only_the_pdfs_whose_content_changed(built_copy, edited):
    """What `--plan` lists is what a build renders (the next test renders the cheapest case for real), so each
    edit's plan is checked, with the edited text in the HTML of every PDF planned."""
    shown, expected = make_edit(built_copy, edited)
    assert planned_names(plan_pdfs(built_copy).stdout) == expected
    from macros.content import load_playbook
    from macros.printing import cached_print_documents

    for language in ("en", "es", "ar"):
        for document in cached_print_documents(load_playbook(built_copy, language), built_copy):
            name = document.path.removeprefix("pdf/")
            assert (shown in document.html) == (name in expected), name


def test_a_rebuild_renders_the_pdfs_its_plan_lists_and_they_show_the_edit(built_copy):
    shown, expected = make_edit(built_copy, "tally sheet wording")
    assert planned_names(plan_pdfs(built_copy).stdout) == expected
    assert rendered_names(build_pdfs(built_copy).stdout) == expected
    for pdf in expected:
        path = built_copy / "site" / (pdf if "/pdf/" in pdf else f"pdf/{pdf}")
        assert shown in pdf_text(path), pdf
    assert planned_names(plan_pdfs(built_copy).stdout) == set()


def plan_pdfs(project) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(project / "scripts" / "build_pdfs.py"), "--root", str(project),
                             "--plan"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def planned_names(output: str) -> set:
    return set(re.findall(r"^would render (\S+)$", output, re.M))


def rendered_names(output: str) -> set:
    """The PDFs a build rendered (not taken from the cache), from its progress lines."""
    return set(re.findall(r"^\[\d+/\d+\] (\S+)  \d+\.\d s$", output, re.M))


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text with its whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(path) -> str:
    return " ".join(page_texts(PdfReader(path)))


WORKSHEET = "pdf/worksheets/self-assessment-{paper}.pdf"


def template_field_names(project, slug: str) -> set:
    """The form field names the template's fields write, by the one naming contract (macros/fields.py)."""
    from macros.content import load_playbook

    return set(load_playbook(project).tool(slug).field_names)


def form_fields(path) -> dict:
    """The terminal form fields pypdf finds, by full name (the nodes that only group others left out)."""
    return {name: field for name, field in PdfReader(path).get_fields().items() if "/FT" in field}


def pdfium_fields(path) -> dict:
    """Full name -> PDFium field type of every widget, as a viewer built on PDFium (Chrome) sees the form."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(path)
    document.init_forms()
    fields = {}
    for page in document:
        for index in range(raw.FPDFPage_GetAnnotCount(page)):
            annotation = raw.FPDFPage_GetAnnot(page, index)
            if raw.FPDFAnnot_GetSubtype(annotation) == raw.FPDF_ANNOT_WIDGET:
                size = raw.FPDFAnnot_GetFormFieldName(document.formenv, annotation, None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFAnnot_GetFormFieldName(document.formenv, annotation,
                                               ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
                name = buffer.raw[:size - 2].decode("utf-16-le")
                fields[name] = raw.FPDFAnnot_GetFormFieldType(document.formenv, annotation)
            raw.FPDFPage_CloseAnnot(annotation)
    return fields


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_worksheet_has_a_form_field_for_every_template_field(built, paper):
    import pypdfium2.raw as raw

    project = built.project
    path = project / "site" / WORKSHEET.format(paper=paper)
    expected = template_field_names(project, "self-assessment")
    fields = form_fields(path)
    assert set(fields) == expected
    kinds = {name: fields[name].get("/FT") for name in fields}
    assert kinds["team_name"] == "/Tx" and kinds["participants"] == "/Tx" and kinds["actions.1.action"] == "/Tx"
    assert kinds["evidence.plc"] == "/Btn" and kinds["starting_point"] == "/Btn"
    # A radio group is named by its field's label, not by its first option.
    assert fields["starting_point"]["/TU"] == "Where we will start"

    seen_by_pdfium = pdfium_fields(path)
    assert set(seen_by_pdfium) == expected
    assert seen_by_pdfium["team_name"] == raw.FPDF_FORMFIELD_TEXTFIELD
    assert seen_by_pdfium["evidence.plc"] == raw.FPDF_FORMFIELD_CHECKBOX
    assert seen_by_pdfium["starting_point"] == raw.FPDF_FORMFIELD_RADIOBUTTON


def test_worksheet_fields_have_their_own_appearance_and_no_dotted_partial_names(built):
    """Readers need not regenerate the form: every widget has an appearance for each of its states."""
    project = built.project
    reader = PdfReader(project / "site" / WORKSHEET.format(paper="letter"))
    assert "/NeedAppearances" not in reader.trailer["/Root"]["/AcroForm"]
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            normal = widget["/AP"]["/N"]
            if "/AS" in widget:
                assert "/Off" in normal and len(normal) == 2
            assert "." not in str(widget.get("/T", ""))


def test_a_filled_worksheet_saves_and_reads_back(built, tmp_path):
    from pypdf import PdfWriter

    project = built.project
    writer = PdfWriter(clone_from=project / "site" / WORKSHEET.format(paper="letter"))
    writer.update_page_form_field_values(writer.pages[0], {"team_name": "Riverside leadership team",
                                                           "actions.1.action": "Visit a third-grade PLC"},
                                         auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    values = {name: field.get("/V") for name, field in PdfReader(filled).get_fields().items()}
    assert values["team_name"] == "Riverside leadership team"
    assert values["actions.1.action"] == "Visit a third-grade PLC"


BOOK = "pdf/playbook-{paper}.pdf"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_whole_playbook_has_cover_contents_with_page_numbers_bookmarks_and_footers(built, paper):
    project = built.project
    path = project / "site" / BOOK.format(paper=paper)
    reader = read_pdf(path, paper)
    assert reader.metadata.title == "The Riverside Leadership Playbook"  # brand.yml's playbook_title
    assert reader.metadata.author == "Riverside Unified School District"
    assert reader.trailer["/Root"]["/Lang"] == "en"

    top_level = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert top_level == ["Introduction", "Start here", "The seven conditions", "Team tools",
                         "Companion frameworks", "Case study", "Glossary", "Credits"]
    titles = outline_titles(reader.outline)
    assert {"Shared influence", "Vision and strategy", "Understanding your team's why", "Self-assessment",
            "Crosswalk"} <= set(titles)

    pages = page_texts(reader)
    assert "The Riverside Leadership Playbook" in pages[0]
    contents = pages[1]
    assert contents.startswith("Contents")
    # Each contents entry's page number is the page its chapter starts on, whose footer names it.
    for title in ("Shared influence", "Self-assessment", "Case study"):
        number = int(re.search(re.escape(title) + r"[ .]*?(\d+)", contents).group(1))
        assert pages[number - 1].startswith(title) or f" {title} " in pages[number - 1][:200]
        assert pages[number - 1].endswith(f"{title} {number}")


def test_whole_playbook_holds_every_part_of_the_playbook(built):
    project = built.project
    text = pdf_text(project / "site" / BOOK.format(paper="a4"))
    for expected in ("Which decisions about teaching and learning are made by one person today?",  # a big question
                     "List recent schoolwide decisions and who made each one.",  # a task
                     "Where we will start",  # a worksheet field
                     "Vision and strategy",  # a condition without a guide still has its overview
                     "RIVERSIDE UNIFIED SCHOOL DISTRICT",  # the cover
                     "What this playbook adapts", "A collective leadership playbook",  # the credits
                     "A group of teachers who meet regularly",  # the glossary
                     "Ask who made last term's decisions"):  # a filled-in example
        assert expected in text


CARDS = "pdf/cards-{paper}.pdf"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_discussion_cards_put_every_big_question_on_a_card_four_to_a_page(built, paper):
    from macros.content import load_playbook

    project = built.project
    path = project / "site" / CARDS.format(paper=paper)
    reader = read_pdf(path, paper)
    playbook = load_playbook(project)
    questions = [question for guide in playbook.condition("shared-influence").guides
                 for question in guide.big_questions]
    assert len(reader.pages) == -(-len(questions) // 4)
    page = page_texts(reader)[0]
    # Every card names its condition and its phase, and says which question it is.
    assert page.count("Shared influence") == 4
    assert page.count("Question 1") == 3 and "Question 2" in page
    assert all(phase in page for phase in ("WHY", "HOW", "IMPLEMENT"))
    for question in questions:
        assert " ".join(question.text.split()) in page
    assert "Who else could help make them?" in page
    assert {"Shared influence", "Understanding your team's why", "Designing your team's how"} <= set(
        outline_titles(reader.outline))


def test_every_pdf_is_valid_tagged_described_with_embedded_fonts_and_home_links_to_book_and_cards(built):
    project = built.project
    pdfs = sorted((project / "site").rglob("*.pdf"))
    assert len(pdfs) == 60  # 20 in each of the three languages
    for pdf in pdfs:
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
        reader = PdfReader(pdf)
        first_folder = pdf.relative_to(project / "site").parts[0]
        assert reader.trailer["/Root"]["/Lang"] == (first_folder if first_folder in ("es", "ar") else "en"), pdf
        metadata = reader.metadata
        assert metadata.title and metadata.subject and metadata.author == "Riverside Unified School District", pdf
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), pdf
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
        assert "AtkinsonHyperlegible" in fonts.replace("-", "")
    home = (project / "site" / "index.html").read_text()
    for target in ("pdf/playbook-letter.pdf", "pdf/playbook-a4.pdf", "pdf/cards-letter.pdf", "pdf/cards-a4.pdf"):
        assert f'href="{target}"' in home
    start = (project / "site" / "start" / "index.html").read_text()
    assert 'href="../pdf/playbook-a4.pdf"' in start


def test_the_live_preview_renders_pdfs_when_asked(built_copy, tmp_path):
    """`make serve PDF=1` sets PLAYBOOK_SERVE_PDFS; every MkDocs build then adds the PDFs, as the preview's do.

    That a preview without it has none, test_cache.py's `make serve` test checks."""
    import os
    import sys

    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(built_copy / "mkdocs.yml"),
                    "-d", str(tmp_path / "with-pdfs")], check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_SERVE_PDFS": "1"})
    assert (tmp_path / "with-pdfs" / "pdf" / "cards-a4.pdf").is_file()
    assert (tmp_path / "with-pdfs" / "pdf" / "worksheets" / "self-assessment-letter.pdf").is_file()


def colour_share(pdf, colour: str, tmp_path) -> float:
    """The share of the first page's pixels that are `colour` (#rrggbb), give or take a little antialiasing."""
    target = bytes.fromhex(colour[1:])
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "cover")], check=True)
    image = next(tmp_path.glob("cover*.ppm")).read_bytes()
    header_end = 0
    for _ in range(3):  # magic, size, maximum value
        header_end = image.index(b"\n", header_end) + 1
    pixels = image[header_end:]
    matching = sum(1 for i in range(0, len(pixels) - 2, 3)
                   if all(abs(pixels[i + c] - target[c]) <= 8 for c in range(3)))
    for path in tmp_path.glob("cover*.ppm"):
        path.unlink()
    return matching / (len(pixels) / 3)


def test_brand_colour_and_logo_from_brand_yml_reach_the_pdfs_and_the_site(built, tmp_path):
    """The fixture's brand.yml sets a purple primary colour and a green logo, neither of them the defaults."""
    logo_green, primary = "#00c853", "#7b1fa2"
    site = built.site
    for pdf in (BOOK.format(paper="letter"), GUIDE.format(paper="a4"), WORKSHEET.format(paper="letter")):
        assert colour_share(site / pdf, logo_green, tmp_path) > 0.002, pdf
    assert colour_share(site / BOOK.format(paper="a4"), primary, tmp_path) > 0.005
    home = (site / "index.html").read_text()
    assert 'src="images/riverside-logo.svg"' in home
    assert "--md-primary-fg-color: #7b1fa2" in (site / "assets" / "stylesheets" / "brand.css").read_text()


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_each_phase_has_a_one_page_session_plan(built, paper):
    for phase in ("why", "how", "implement"):
        reader = read_pdf(built.site / f"pdf/sessions/shared-influence-{phase}-{paper}.pdf", paper)
        assert len(reader.pages) == 1, phase
        text = page_texts(reader)[0]
        for words in ("Facilitate this session", "How to prepare", "Facilitator", "Timekeeper", "Note-taker",
                      "Agenda", "0–10 min", "What to print"):
            assert words in text, (phase, words)
    why = page_texts(read_pdf(built.site / f"pdf/sessions/shared-influence-why-{paper}.pdf", paper))[0]
    assert "Who decides today (30 min)" in why and "One meeting of 80 minutes." in why
    # The strategy guide carries each phase's session plan too.
    assert pdf_text(built.site / f"pdf/conditions/shared-influence-{paper}.pdf").count("Facilitate this session") == 3


def test_filled_in_example_pdf_shows_the_team_s_answers_and_no_form(built):
    path = built.site / "pdf/examples/self-assessment-letter.pdf"
    text = pdf_text(path)
    for answer in ("Riverside leadership team", "September 15, 2026", "2 · Beginning", "Address a need",
                   "Ask who made last term's decisions", "Dee Park", "Riverside Middle School, a fictional school"):
        assert answer in text, answer
    assert not PdfReader(path).get_fields()  # an example to read, not a form to fill


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_tally_sheet_has_a_row_per_statement_and_columns_for_members_average_and_spread(built, paper):
    reader = read_pdf(built.site / f"pdf/tally/self-assessment-{paper}.pdf", paper)
    text = " ".join(page_texts(reader))
    assert "Team tally sheet: Self-assessment" in text
    assert "1 = Not yet, 4 = Strong" in text
    assert all(f"Member {n}" in text for n in range(1, 7)) and "Average" in text and "Spread" in text
    # The fixture's one rated condition, its one statement, and the condition's average row.
    assert "Shared influence" in text and "1. Teachers bring problems and proposals directly to administrators." in text
    assert "Average for Shared influence" in text
