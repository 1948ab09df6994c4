"""Content is untrusted input: what hostile content tries, and how the build refuses it at file:line.

(Hostile YAML itself, such as a billion laughs or ten thousand nested lists, is in test_validation.py.)
"""

import subprocess
import sys

import pytest

from sitebuild import REPO
from test_browser import site  # noqa: F401  (the default playbook, built once and served)

# The scripts import each other (build_guard) as a script run from scripts/ would.
sys.path.insert(0, str(REPO / "scripts"))
import build_pdfs  # noqa: E402

PAGE = "<!doctype html><html lang='en'><head><title>t</title></head><body><p>Hello</p>{}</body></html>"


@pytest.mark.parametrize("resource", [
    '<a rel="attachment" href="file:///etc/passwd">notes</a>',
    '<a rel="attachment" href="/proc/self/environ">environment</a>',
    '<img src="https://evil.example/t.png" alt="">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/tracker.css">',
])
def test_a_pdf_reads_no_local_file_and_nothing_from_another_host(tmp_path, resource):
    target = tmp_path / "out.pdf"
    with pytest.raises(build_pdfs.RefusedURL):
        build_pdfs._render(str(REPO), PAGE.format(resource), "https://example.org/playbook/", str(target), False, {})
    assert not target.exists() and not target.with_suffix(".part").exists()


def test_a_pdf_still_embeds_the_project_s_own_fonts_and_inline_images(tmp_path):
    from macros.printing import font_faces

    image = ('<img alt="" src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22 width=%2210%22 '
             'height=%2210%22/>">')
    html = PAGE.format(image).replace("</head>", f"<style>{font_faces()} body {{ font-family: 'Atkinson Hyperlegible' }}"
                                                  "</style></head>")
    target = tmp_path / "out.pdf"
    build_pdfs._render(str(REPO), html, None, str(target), False, {})
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    assert "AtkinsonHyperlegible" in fonts.replace(" ", "").replace("-", "")


def test_content_that_would_embed_a_local_file_is_refused_at_its_file_and_line(built_copy):
    """Tried as an attacker would: a link that makes the PDF embed /etc/passwd. The validator stops it where it
    was typed, before any PDF is made (and the fetcher above would refuse it if the validator missed it)."""
    tool = built_copy / "data" / "en" / "tools" / "theory-of-action.yml"
    text = tool.read_text()
    old = "  A theory of action links"
    assert text.count(old) == 1
    tool.write_text(text.replace(old, '  <a rel="attachment" href="file:///etc/passwd">Notes</a>. A theory of action links'))
    result = subprocess.run([sys.executable, str(built_copy / "scripts" / "build_pdfs.py"), "--root", str(built_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "data/en/tools/theory-of-action.yml:4:3: file: links are not allowed (expected a web address such as "
        "https://example.org/, a mailto: address or a page of the playbook)",
        'data/en/tools/theory-of-action.yml:4:3: rel="attachment" is not allowed (it makes a PDF embed the file the '
        "link names; expected a plain link)",
    ]
    for pdf in (built_copy / "site" / "pdf").rglob("*.pdf"):
        assert b"root:x:0:0" not in pdf.read_bytes(), pdf


def test_a_cache_file_tracked_by_git_is_never_read_and_the_build_says_so(built_copy):
    """A pull request can add a file under .cache/ whose name is the key of real inputs (anyone can work it out)."""
    from sitebuild import build

    pages = next((built_copy / ".cache").glob("pages-en/*.json"))
    planted = pages.read_text(encoding="utf-8").replace(
        "Teachers and administrators shape decisions", "<script>alert(1)</script> Planted")
    assert "Planted" in planted
    pages.write_text(planted, encoding="utf-8")
    pdf = min((built_copy / ".cache" / "pdf").glob("*.pdf"), key=lambda path: path.stat().st_size)  # quick to redo
    pdf.write_bytes(b"%PDF-1.7 planted")
    for command in (["init", "-q"], ["add", "-f", str(pages), str(pdf)]):
        subprocess.run(["git", "-C", str(built_copy), *command], check=True, capture_output=True)
    result = build(built_copy)
    assert result.returncode == 0, result.stderr
    for page in (built_copy / "site").rglob("*.html"):
        assert "Planted" not in page.read_text(encoding="utf-8"), page
    assert not any(b"planted" in path.read_bytes() for path in (built_copy / "site").rglob("*.pdf"))  # every language
    assert "under .cache/ tracked by git, ignored" in result.stderr


ATTACK = ("<script>alert(1)</script> <img src=https://evil.example/t.png onerror=alert(2)> "
          "[x](javascript:alert(3))")


@pytest.mark.parametrize("path", ["data/en/conditions/shared-influence.yml", "data/es/conditions/shared-influence.yml"])
def test_script_event_handlers_javascript_links_and_remote_images_are_refused_where_typed(minimal_project, path):
    from macros.content import load_playbook
    from macros.errors import ContentErrors

    file = minimal_project / path
    lines = file.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines) if line.startswith("summary: "))
    lines[number] = "summary: " + ATTACK
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_playbook(minimal_project)
    line = number + 1
    assert [str(error) for error in caught.value.errors if error.file == path] == [
        f"{path}:{line}:10: the tag <script> is not allowed in content (expected Markdown, or only these inline "
        "tags: a, abbr, b, br, cite, code, del, em, i, ins, kbd, mark, q, s, small, span, strong, sub, sup)",
        f"{path}:{line}:36: the tag <img> is not allowed in content (expected Markdown, or only these inline tags: "
        "a, abbr, b, br, cite, code, del, em, i, ins, kbd, mark, q, s, small, span, strong, sub, sup)",
        f"{path}:{line}:90: javascript: links are not allowed (expected a web address such as https://example.org/, "
        "a mailto: address or a page of the playbook)",
    ]


@pytest.mark.parametrize("text, problem", [
    ('<span onmouseover="x()">hi</span>', "the event handler attribute 'onmouseover' is not allowed"),
    ("Read this {: onclick=\"x()\" }", "the event handler attribute 'onclick' is not allowed"),
    ('<a href=" JaVaScRiPt:x">y</a>', "javascript: links are not allowed"),
    ("<vbscript:msgbox>", "vbscript: links are not allowed"),
    ("[map]: data:text/html;base64,PHNjcmlwdD4=", "data: links are not allowed"),
    ("![tracker](//evil.example/t.gif)", "images from another host are not allowed"),
    ('<span style="background:url(https://evil.example/t.gif)">x</span>', "the attribute 'style' is not allowed"),
    ("<iframe src=https://evil.example></iframe>", "the tag <iframe> is not allowed"),
    ("<style>body{display:none}</style>", "the tag <style> is not allowed"),
    ("<object data=x></object>", "the tag <object> is not allowed"),
    # A plain-text field (a title, the site's name) printed inside an attribute must not break out of it.
    ('Vision" onmouseover="alert(1)', "the event handler attribute 'onmouseover' is not allowed"),
    ("Team tools javascript:alert(1)", "javascript: links are not allowed"),
])
def test_each_kind_of_injection_is_named(text, problem):
    from macros.safety import text_problems

    messages = [message for _, _, message in text_problems(text)]
    assert any(message.startswith(problem) for message in messages), messages


def test_markdown_and_the_documented_inline_tags_are_allowed():
    from macros.safety import text_problems

    text = ('A <abbr title="professional learning community">PLC</abbr> meets. <em>Often</em>, <strong>really</strong>'
            ' <span lang="es">juntos</span>.<br> See [the guide](https://example.org/guide/), [a page](../why/), '
            "<https://example.org>, <dee@example.org>, ![our map](../assets/images/map.png) and {: .note }. "
            "Grades 3 < 5 and 7 > 2; x<y.")
    assert text_problems(text) == []


def test_the_renderer_cleans_what_a_validator_gap_would_let_through():
    from macros.sanitized_markdown import clean_html

    html = clean_html('<p><script>alert(1)</script><img src="https://evil.example/t.png" onerror="alert(2)" alt="">'
                      '<a href="javascript:alert(3)">x</a> <a rel="attachment" href="file:///etc/passwd">f</a> '
                      '<a href="https://example.org/">ok</a></p>')
    for gone in ("<script", "onerror", "evil.example", "javascript:", "attachment", "file:"):
        assert gone not in html
    assert '<a href="https://example.org/" rel="noopener">ok</a>' in html


def test_a_quote_in_a_summary_stays_inside_the_meta_description(site):  # noqa: F811  (the default playbook, served)
    """The default content has a framework whose summary quotes a phase name: "Act"."""
    import urllib.request
    from html.parser import HTMLParser

    from macros.content import load_playbook

    framework = load_playbook(REPO).framework("collaborating-for-student-success")
    assert '"' in framework.summary

    class Meta(HTMLParser):
        found = []

        def handle_starttag(self, tag, attributes):
            if tag == "meta" and ("name", "description") in attributes:
                self.found.append(attributes)

    for path in ("frameworks/collaborating-for-student-success/", "es/frameworks/collaborating-for-student-success/"):
        parser = Meta()
        parser.found = []
        parser.feed(urllib.request.urlopen(site + path).read().decode())
        (attributes,) = parser.found
        assert [name for name, _ in attributes] == ["name", "content"], attributes
        if not path.startswith("es/"):
            assert dict(attributes)["content"] == framework.summary


@pytest.mark.parametrize("path, old, new, problem", [
    ("data/en/ui.yml", 'reading_time: "{minutes} min read"', 'reading_time: "{minutes:>10000000} min read"',
     "uses {minutes:>10000000}, a placeholder with formatting (expected only plain placeholders: {minutes})"),
    ("data/en/ui.yml", 'reading_time: "{minutes} min read"', 'reading_time: "{minutes} min read, {secret}"',
     "uses {secret}, which this text does not have (expected only: {minutes})"),
    ("data/en/ui.yml", 'reading_time: "{minutes} min read"', 'reading_time: "{minutes.__class__} min read"',
     "uses {minutes.__class__}, a placeholder with formatting (expected only plain placeholders: {minutes})"),
    ("data/en/ui.yml", 'reading_time: "{minutes} min read"', 'reading_time: "{minutes} min read }"',
     "has a { or } that opens or closes nothing (expected only: {minutes}; write {{ or }} for a brace)"),
])
def test_ui_placeholders_are_only_the_ones_each_string_may_use(minimal_project, path, old, new, problem):
    from macros.content import load_playbook
    from macros.errors import ContentErrors

    file = minimal_project / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    file.write_text(text.replace(old, new), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    with pytest.raises(ContentErrors) as caught:
        load_playbook(minimal_project)
    assert [str(error) for error in caught.value.errors] == [f"{path}:{line}:15: {problem}"]


def test_a_translation_s_placeholders_are_checked_the_same_way(minimal_project):
    from macros.content import load_playbook
    from macros.errors import ContentErrors

    file = minimal_project / "data" / "es" / "ui.yml"
    file.write_text(file.read_text(encoding="utf-8") + 'step_minutes: "{minutes:>10000000} min"\n', encoding="utf-8")
    line = file.read_text(encoding="utf-8").count("\n")
    with pytest.raises(ContentErrors) as caught:
        load_playbook(minimal_project)
    assert [str(error) for error in caught.value.errors] == [
        f"data/es/ui.yml:{line}:15: uses {{minutes:>10000000}}, a placeholder with formatting (expected only plain "
        "placeholders: {minutes})"]


@pytest.mark.parametrize("inside", ["data/en/tools/notes.yml", "docs/notes.md"])
def test_a_link_to_a_file_outside_the_project_is_refused(minimal_project, tmp_path, inside):
    from macros.content import load_playbook
    from macros.errors import ContentErrors

    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("title: not ours\n")
    link = minimal_project / inside
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    with pytest.raises(ContentErrors) as caught:
        load_playbook(minimal_project)
    assert [str(error) for error in caught.value.errors] == [
        f"{inside}:1:1: a link to {secret}, outside the project (expected a file of the project itself; copy the "
        "file in instead of linking to it)"]


@pytest.mark.parametrize("key, value, expected", [
    # A breakout is refused by the text check wherever it is typed; the schema names the shape of the rest.
    ("repository", 'https://example.org/x" onmouseover="alert(1)', "the event handler attribute 'onmouseover'"),
    ("repository", "https://example.org/a b", "is not valid for 'repository' (expected the repository's web address"),
    ("site_url", "javascript:alert(1)", "javascript: links are not allowed"),
    ("site_url", "ftp://example.org/", "is not valid for 'site_url' (expected the public address of the site"),
    ("logo", "images/../../../etc/passwd.png", "is not valid for 'logo' (expected a path under docs/ to a logo"),
    ("branch", 'main" onclick="x', "the event handler attribute 'onclick'"),
    ("branch", "main branch", "is not valid for 'branch' (expected the branch edit links point at"),
])
def test_brand_values_that_reach_links_and_attributes_are_checked(minimal_project, key, value, expected):
    from macros.content import load_playbook
    from macros.errors import ContentErrors

    brand = minimal_project / "data" / "brand.yml"
    lines = brand.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[number] = f"{key}: '{value}'"
    brand.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_playbook(minimal_project)
    (error,) = [error for error in caught.value.errors if error.file == "data/brand.yml"]
    assert error.line == number + 1 and expected in error.message, error


def test_a_hand_written_page_reaches_no_python_through_its_template_with_zensical(project):
    """mkdocs-macros and the Zensical adapter both render docs/ pages as Jinja templates; the adapter's is
    sandboxed, so a page can call the macros but not walk from a string to Python's classes."""
    from sitebuild import build

    page = project / "docs" / "workshop.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
                    encoding="utf-8")
    result = build(project, pdf=False, engine="zensical")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "docs/workshop.md:1:1: access to attribute '__class__' of 'str' object is unsafe." in result.stderr
    assert not (project / "site").exists()


def test_a_hand_written_page_reaches_no_python_through_its_template_with_mkdocs(project):
    """The same as above with MkDocs: mkdocs-macros' environment is replaced by Jinja's sandbox from the hooks."""
    from sitebuild import build

    page = project / "docs" / "workshop.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
                    encoding="utf-8")
    result = build(project, pdf=False)
    assert result.returncode == 1
    assert "access to attribute '__class__' of 'str' object is unsafe" in result.stdout + result.stderr
    assert "<class 'subprocess.Popen'>" not in result.stdout + result.stderr
    assert not (project / "site").exists()


def test_a_hand_written_page_is_held_to_the_same_rules_as_content(minimal_project):
    from macros.content import load_playbook
    from macros.errors import ContentErrors

    page = minimal_project / "docs" / "workshop.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSee <iframe src=https://evil.example/></iframe> and [this](javascript:alert(1)).\n",
                    encoding="utf-8")
    line = text.count("\n") + 2
    with pytest.raises(ContentErrors) as caught:
        load_playbook(minimal_project)
    assert [str(error) for error in caught.value.errors] == [
        f"docs/workshop.md:{line}:5: the tag <iframe> is not allowed in content (expected Markdown, or only these "
        "inline tags: a, abbr, b, br, cite, code, del, em, i, ins, kbd, mark, q, s, small, span, strong, sub, sup)",
        f"docs/workshop.md:{line}:53: javascript: links are not allowed (expected a web address such as "
        "https://example.org/, a mailto: address or a page of the playbook)",
    ]


# Plain text a contributor may type in a title or a name: every character that means something in HTML, and
# entities that, unescaped once too often, would close the <title> and open a script.
PLAIN_TITLE = 'Shared &lt;/title&gt;&lt;script src=/x.js&gt;&lt;/script&gt; <b>bold</b> "q" & it\'s &amp; Z'
PLAIN_SITE_NAME = 'Smith & Jones <b>"Q"</b> Playbook'


def _with_plain_text_everywhere(project):
    import re

    brand = project / "data" / "brand.yml"
    brand.write_text(re.sub(r"^site_name: .*$", "site_name: '" + PLAIN_SITE_NAME.replace("'", "''") + "'",
                            brand.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    condition = project / "data" / "en" / "conditions" / "shared-influence.yml"
    condition.write_text(re.sub(r"^title: .*$", "title: '" + PLAIN_TITLE.replace("'", "''") + "'",
                                condition.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    return project


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def plain_text_site(request, tmp_path_factory):
    """The minimal playbook with markup-like plain text in a condition's title and the site's name, built once
    per engine (without PDFs)."""
    from conftest import minimal_data
    from sitebuild import build, make_project

    folder = tmp_path_factory.mktemp(f"plain-text-{request.param}")
    project = _with_plain_text_everywhere(make_project(folder / "project", minimal_data(folder / "data")))
    result = build(project, pdf=False, engine=request.param)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_plain_text_reads_as_typed_wherever_the_themes_print_it(plain_text_site):
    """Titles and names are text: in <title>, the header, the navigation, the footer's links and their labels,
    the page itself, they read exactly as typed, and none of them becomes an element or ends an attribute."""
    from html.parser import HTMLParser

    class Page(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.open, self.texts, self.attributes, self.elements = [], [], [], []

        def handle_starttag(self, tag, attributes):
            self.elements.append((tag, dict(attributes)))
            self.attributes += [value for _, value in attributes if value]
            if tag not in ("br", "img", "input", "link", "meta", "hr", "source"):
                self.open.append(tag)

        def handle_endtag(self, tag):
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

        def handle_data(self, data):
            self.texts.append((tuple(self.open), data))

    page = Page()
    page.feed((plain_text_site / "conditions" / "shared-influence" / "why" / "index.html").read_text(encoding="utf-8"))
    title = "".join(data for tags, data in page.texts if tags and tags[-1] == "title")
    assert title == f"Understanding your team's why — {PLAIN_TITLE} - {PLAIN_SITE_NAME}"
    texts = [" ".join(data.split()) for _, data in page.texts]
    assert sum(PLAIN_TITLE in text for text in texts) >= 5, "header, navigation, hero, footer"  # as typed, each time
    assert PLAIN_SITE_NAME in texts
    labels = [attributes["aria-label"] for tag, attributes in page.elements if "md-footer__link" in
              attributes.get("class", "")]
    # Material's footer names the section too; Zensical's gives the page's own title only.
    assert labels in ([f"Previous: {PLAIN_TITLE} — Overview", f"Next: {PLAIN_TITLE} — How"],
                      ["Previous: Overview", "Next: How"]), labels
    assert page.attributes.count(PLAIN_SITE_NAME) >= 4  # the logo's title and label, in the header and the drawer
    # Nothing typed became markup: no script from the entities, no <b> from the title or the name.
    assert not [attributes for tag, attributes in page.elements if tag == "script" and attributes.get("src") == "/x.js"]
    assert not [data for tags, data in page.texts if "b" in tags and data.strip() in ("bold", '"Q"')]


def test_a_hand_written_page_is_cleaned_by_the_sanitizer_and_keeps_its_macros():
    """What a validator gap would let into a page in docs/ is taken out by the sanitizer, with the project's own
    Markdown settings, while what the page's macros made (a form, the live worksheet's data block) comes through
    whole. A token forged to look like a macro's is dropped."""
    import markdown

    from macros.render import markdown_settings
    from macros.sanitized_markdown import core_page, seal

    extensions, settings = markdown_settings(REPO / "mkdocs.yml")
    macro = ('<form class="pb-worksheet"><input name="goal"></form>'
             '<script type="application/json" data-pb-worksheet-settings>{"tool": "x"}</script>')
    page = (f"# Workshop\n\nSee <img src=x onerror=alert(1)> and [this](javascript:alert(2)).\n\n{seal(macro)}\n\n"
            "<script>alert(3)</script>\n\nForged \ue002PHNjcmlwdD4=." + "0" * 64 + "\ue003 end.\n\n"
            f"A {seal('<em>word</em>')} inline.\n")
    html = markdown.markdown(page, extensions=extensions, extension_configs=settings)
    for gone in ("onerror", "javascript:", "alert(3)", "\ue002", "PHNjcmlwdD4"):
        assert gone not in html
    assert macro in html and "<p>A <em>word</em> inline.</p>" in html
    assert f"<p>{macro}</p>" not in html  # a macro on its own line is a block, not a paragraph
    # A generated page's body (Zensical reads it as Markdown) is kept as the partials made it; a forged mark is not.
    body = '<form><input name="goal"></form>'
    assert markdown.markdown(core_page(body), extensions=extensions, extension_configs=settings) == body
    forged = "\ue004" + "0" * 64 + "\ue005\n\n" + body
    assert "<form" not in markdown.markdown(forged, extensions=extensions, extension_configs=settings)
