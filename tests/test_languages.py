"""Languages: the minimal playbook with a partial Spanish translation and an Arabic (right-to-left) stub.

What a reader of each language gets (URLs, lang, dir, hreflang, the language menu, text not translated yet
marked as such, quotations kept exact), and what a translator gets (errors at file:line, the staleness report,
stamps, a new language in one command).
"""

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from macros.content import load_playbook
from sitebuild import build
from test_validation import change, reported

ES_PHASE = "es/conditions/shared-influence/why/"


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(built):
    return built.site


def test_each_language_has_every_page_and_pdf_at_the_same_path_under_its_code(site):
    for path in ["", "conditions/shared-influence/why/", "tools/theory-of-action/", "frameworks/crosswalk/",
                 "glossary/", "credits/", "tools/self-assessment/example/"]:
        assert (site / path / "index.html").is_file()
        assert (site / "es" / path / "index.html").is_file() and (site / "ar" / path / "index.html").is_file()
    for pdf in ["playbook-letter.pdf", "conditions/shared-influence-a4.pdf", "worksheets/theory-of-action-letter.pdf",
                "cards-a4.pdf", "sessions/shared-influence-why-letter.pdf"]:
        assert (site / "pdf" / pdf).is_file() and (site / "es" / "pdf" / pdf).is_file(), pdf
    # Only a translation has a status page; each language has its own search index.
    assert (site / "es" / "translation-status" / "index.html").is_file()
    assert not (site / "translation-status").exists()
    assert (site / "es" / "search" / "search_index.json").is_file()


def test_lang_and_dir_are_right_on_every_page(site):
    for page in site.rglob("index.html"):
        language = page.relative_to(site).parts[0] if page.relative_to(site).parts[0] in ("es", "ar") else "en"
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html, page
        assert f'<body dir="{"rtl" if language == "ar" else "ltr"}"' in html, page
        # The other languages' versions are named in the sitemap: a <link rel="alternate"> makes Material's
        # script request a sitemap.xml beside the page, which fails.
        assert '<link rel="alternate"' not in html, page


def test_the_language_menu_leads_to_the_same_page_in_each_language(site):
    html = read(site, ES_PHASE)
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" dir="[^"]+" class="md-select__link"'
                       r'( aria-current="true")?>\s*([^<]+?)\s*</a>', html)
    assert [(code, name, bool(current)) for _, code, current, name in links] == [
        ("en", "English", False), ("es", "Español", True), ("ar", "العربية", False)]
    page = site / ES_PHASE
    targets = [(page / href).resolve() for href, *_ in links]
    assert targets == [(site / path).resolve() for path in ("conditions/shared-influence/why", ES_PHASE,
                                                            "ar/conditions/shared-influence/why")]
    # The status page exists only in translations: from there, English is its home page.
    status = read(site, "es/translation-status")
    assert re.search(r'<a href="\.\./\.\./" hreflang="en"', status)


def test_text_not_translated_yet_is_in_english_marked_so_and_the_page_says_so_once(site):
    html = read(site, ES_PHASE)
    assert '<h1>Entender el porqué del equipo</h1>' in html
    assert 'id="q1">¿Qué decisiones sobre la enseñanza y el aprendizaje toma hoy una sola persona?' in html
    # Question 2 has no translation: the English, with lang="en" on it.
    assert re.search(r'id="q2"><span lang="en" class="pb-untranslated">What chances do teachers', html)
    assert html.count('class="pb-untranslated-note"') == 1
    assert "Parts of this page are not translated yet" in html  # the note itself is not translated in the fixture
    # A page with nothing untranslated carries no note; English pages never do.
    for page in site.rglob("index.html"):
        if page.relative_to(site).parts[0] not in ("es", "ar"):
            assert "pb-untranslated" not in page.read_text(encoding="utf-8"), page
    # English text in a right-to-left page keeps its own direction.
    assert re.search(r'<span lang="en" dir="ltr" class="pb-untranslated">', read(site, "ar"))


def test_a_translated_quotation_keeps_the_exact_original_words_beside_it(site):
    html = read(site, "es/conditions/shared-influence")
    assert "Ninguno de nosotros es tan inteligente como todos nosotros." in html
    assert re.search(r'<div lang="en" dir="ltr"><p>None of us is as smart as all of us\.</p>', html)
    assert "Ken Blanchard" in html


def test_a_hand_written_page_without_a_translation_shows_the_english_marked(site):
    html = read(site, "es/workshop")
    assert re.search(r'<div lang="en" class="pb-untranslated">.*<h1 id="workshop">Workshop</h1>', html, re.S)
    # Its macros are in Spanish, and say so.
    assert '<div lang="es" dir="ltr">' in html and "¿Qué decisiones sobre la enseñanza" in html


def test_edit_links_open_the_file_the_page_takes_its_text_from(site):
    def edit_link(path):
        return re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"',
                         read(site, path)).group(1).rsplit("/edit/main/", 1)[1]

    assert edit_link("es/conditions/shared-influence") == "data/es/conditions/shared-influence.yml"
    assert edit_link("es/conditions/vision-and-strategy") == "data/en/conditions/vision-and-strategy.yml"
    assert edit_link("es/translation-status") == "data/es/stamps.yml"
    assert edit_link("es/workshop") == "docs/workshop.md"


def test_numbers_and_dates_are_written_the_way_each_language_writes_them(site):
    assert "<td>1 de octubre de 2026</td>" in read(site, "es/tools/self-assessment/example")
    assert "<td>October 1, 2026</td>" in read(site, "tools/self-assessment/example")


def test_each_pdf_is_tagged_with_its_language_and_direction(site, built):
    for language, pdf in [("en", "pdf/cards-a4.pdf"), ("es", "es/pdf/cards-a4.pdf"),
                          ("ar", "ar/pdf/worksheets/theory-of-action-letter.pdf")]:
        reader = PdfReader(site / pdf)
        assert reader.trailer["/Root"]["/Lang"] == language, pdf
    reader = PdfReader(site / "es" / "pdf" / "playbook-a4.pdf")
    assert reader.metadata.title == "Guía de liderazgo de Riverside"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "¿Qué decisiones sobre la enseñanza y el aprendizaje toma hoy una sola persona?" in " ".join(text.split())
    from macros.printing import print_documents  # not cached: see test_ids

    arabic = load_playbook(built.project, "ar")
    assert all('<html lang="ar" dir="rtl">' in document.html for document in print_documents(arabic, built.project))


def test_the_status_page_counts_translated_stale_and_missing_pieces_per_file(site):
    html = read(site, "es/translation-status")
    assert "data/es/" in html.split("<caption>")[1].split("</caption>")[0]
    row = re.search(r'<tr><th scope="row"><code>conditions/shared-influence.yml</code></th>(.*?)</tr>', html)
    counts = [int(n) for n in re.findall(r'<td class="pb-num">(\d+)</td>', row.group(1))]
    playbook = load_playbook_es(site)
    file = next(file for file in playbook.translation if file.path == "conditions/shared-influence.yml")
    assert counts == [file.count(state) for state in ("translated", "stale", "unstamped", "missing")]
    assert counts[2] == 9 and counts[3] > 0
    assert "<code>phases.why.big_questions.chances-teachers-administrators.text</code>" in html


def load_playbook_es(site):
    return load_playbook(site.parent, "es")


def run(project, *arguments):
    from sitebuild import REPO

    return subprocess.run([sys.executable, str(REPO / "scripts" / "translations.py"), "--root", str(project),
                           *arguments], capture_output=True, text=True)


def test_a_stamp_records_a_checked_translation_and_an_english_edit_makes_it_stale(minimal_project):
    before = run(minimal_project, "--language", "es")
    assert before.returncode == 0
    assert "data/es/conditions/shared-influence.yml:1: title — not stamped yet" in before.stdout
    assert ("data/es/conditions/shared-influence.yml: phases.why.big_questions.chances-teachers-administrators.text"
            " — not yet translated (data/en/conditions/shared-influence.yml:") in before.stdout

    stamped = run(minimal_project, "stamp", "data/es/conditions/shared-influence.yml")
    assert stamped.returncode == 0 and "Stamped 9 pieces" in stamped.stdout, stamped.stderr
    after = run(minimal_project, "--language", "es")
    assert "shared-influence.yml:1: title" not in after.stdout

    change(minimal_project, "data/en/conditions/shared-influence.yml", "title: Shared influence",
           "title: Shared influence and voice")
    edited = run(minimal_project, "--language", "es")
    assert "data/es/conditions/shared-influence.yml:1: title — English changed" in edited.stdout
    assert re.search(r"data/es/conditions/shared-influence\.yml\s+8\s+1\s+\d+", edited.stdout)
    # A partial translation still publishes; only STRICT=1 fails on it.
    assert edited.returncode == 0
    assert run(minimal_project, "--language", "es", "--strict").returncode == 1
    # Stamping one piece again, after checking it, makes it current.
    assert run(minimal_project, "stamp", "data/es/conditions/shared-influence.yml", "title").returncode == 0
    assert "shared-influence.yml:1: title" not in run(minimal_project, "--language", "es").stdout


def test_a_new_language_in_one_command_is_published_all_in_english_marked(project):
    created = run(project, "new", "fr")
    assert created.returncode == 0, created.stderr
    assert "Added Français (fr)" in created.stdout
    assert "  - code: fr\n    name: Français\n" in (project / "data" / "languages.yml").read_text()
    assert "# nav_home: Home" in (project / "data" / "fr" / "ui.yml").read_text()
    assert (project / "data" / "fr" / "stamps.yml").is_file()
    assert run(project, "new", "fr").returncode == 2  # already there
    assert "is not a language code" in run(project, "new", "French").stderr

    result = build(project, pdf=False)
    assert result.returncode == 0, result.stderr
    html = read(project / "site", "fr/conditions/shared-influence/why")
    assert '<html lang="fr"' in html and 'class="pb-untranslated-note"' in html
    assert re.search(r'<h1><span lang="en" class="pb-untranslated">Understanding your team', html)
    report = run(project, "--language", "fr")
    assert re.search(r"Français \(fr\): 0 translated, 0 stale \(0 not stamped\), \d+ missing", report.stdout)


def test_a_right_to_left_language_is_added_as_such(minimal_project):
    assert run(minimal_project, "new", "he").returncode == 0
    assert "  - code: he\n    name: עברית\n    direction: rtl\n" in (minimal_project / "data" / "languages.yml").read_text()
    assert load_playbook(minimal_project, "he").locale.direction == "rtl"


SHARED_ES = "data/es/conditions/shared-influence.yml"
UI_ES = "data/es/ui.yml"

OVERLAY_CASES = [
    ("structure a translation cannot change", SHARED_ES, "title: Influencia compartida\n",
     'title: Influencia compartida\ncolor: "#000000"\n', [
         f"{SHARED_ES}:2:1: 'color' is not text: it comes from data/en/conditions/shared-influence.yml, and a "
         "translation cannot change it (expected it left out of this file)"]),
    ("unknown key with did-you-mean", SHARED_ES, "summary: Docentes", "sumary: Docentes", [
        f"{SHARED_ES}:2:1: unknown key 'sumary' (did you mean 'summary'?) (expected one of the keys with text in "
        "data/en/conditions/shared-influence.yml: title, summary, quote, what_we_mean, looks_like, why_it_matters, "
        "without_it, phases)"]),
    ("unknown list id with did-you-mean", SHARED_ES, "- id: teachers-lead-decisions", "- id: teachers-lead-decision", [
        f"{SHARED_ES}:9:9: unknown id 'teachers-lead-decision' (did you mean 'teachers-lead-decisions'?) (expected "
        "one of the ids in data/en/conditions/shared-influence.yml: teachers-administrators-observe, "
        "teachers-lead-decisions)"]),
    ("a list item without its id", SHARED_ES, "  - id: teachers-lead-decisions\n    text:", "  - text:", [
        f"{SHARED_ES}:9:5: an item without 'id' (expected each item to name the item of "
        "data/en/conditions/shared-influence.yml it translates, by its id: teachers-administrators-observe, "
        "teachers-lead-decisions)"]),
    ("the tools of a phase", SHARED_ES, "    intro: |\n      Muchas", "    tools: [theory-of-action]\n    intro: |\n      Muchas", [
        f"{SHARED_ES}:13:5: 'tools' is not text: it comes from data/en/conditions/shared-influence.yml, and a "
        "translation cannot change it (expected it left out of this file)"]),
    ("a list where text is expected", SHARED_ES, "title: Influencia compartida", "title: [Influencia]", [
        f"{SHARED_ES}:1:8: is a list (expected text, as in data/en/conditions/shared-influence.yml)"]),
    ("a placeholder the English does not have", UI_ES, '"Fase {number}"', '"Fase {numero}"', [
        f"{UI_ES}:5:14: uses {{numero}}, which this text does not have (expected only: {{number}})"]),
    ("a translation of no English file", "data/es/conditions/shared-influense.yml", None, "title: Influencia\n", [
        "data/es/conditions/shared-influense.yml:1:1: no source file data/en/conditions/shared-influense.yml to "
        "translate (did you mean 'conditions/shared-influence.yml'?) (expected the name of a file in data/en/)"]),
    ("a folder that is not a registered language", "data/fr/ui.yml", None, "nav_home: Accueil\n", [
        "data/fr:1:1: 'fr' is not a registered language (expected one of: en, es, ar; to publish it, add it to "
        "data/languages.yml or run make new-language LANG=fr)"]),
]


@pytest.mark.parametrize("path, old, new, expected", [case[1:] for case in OVERLAY_CASES],
                         ids=[case[0] for case in OVERLAY_CASES])
def test_a_translation_that_strays_from_text_is_an_error_at_file_line(minimal_project, path, old, new, expected):
    if old is None:
        (minimal_project / path).parent.mkdir(parents=True, exist_ok=True)
        (minimal_project / path).write_text(new, encoding="utf-8")
    else:
        change(minimal_project, path, old, new)
    assert reported(minimal_project) == expected


def test_errors_in_every_language_are_reported_in_one_run(minimal_project):
    change(minimal_project, SHARED_ES, "title: Influencia compartida", "titel: Influencia compartida")
    (minimal_project / "data" / "ar" / "start.yml").write_text("steps: 3\n", encoding="utf-8")
    change(minimal_project, "data/en/conditions/vision-and-strategy.yml", "title: Vision and strategy", "title: 3")
    files = [error.split(":")[0] for error in reported(minimal_project)]
    assert files == ["data/ar/start.yml", "data/en/conditions/vision-and-strategy.yml", SHARED_ES]


def test_a_right_to_left_page_is_mirrored_and_fits_a_phone(built, browser):
    from conftest import new_context
    from sitebuild import serve

    with serve(built.site) as base:
        context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
        page = context.new_page()
        for path in ("ar/", "ar/conditions/shared-influence/why/", "ar/tools/self-assessment/"):
            page.goto(base + path)
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
        # Mirrored: the header's title sits right of the menu button, as Arabic reads.
        page.goto(base + "ar/")
        menu = page.locator("label.md-header__button[for='__drawer']").bounding_box()
        title = page.locator(".md-header__title").bounding_box()
        assert menu["x"] > title["x"]
        context.close()
