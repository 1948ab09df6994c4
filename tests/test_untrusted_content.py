"""Content is untrusted input: what hostile content tries, and how the build refuses it at file:line.

(Hostile YAML itself, such as a billion laughs or ten thousand nested lists, is in test_validation.py.)
"""

import importlib.util
import subprocess
import sys

import pytest

from sitebuild import REPO

_spec = importlib.util.spec_from_file_location("build_pdfs", REPO / "scripts" / "build_pdfs.py")
build_pdfs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_pdfs)

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


def test_content_that_would_embed_a_local_file_fails_the_pdf_build_at_its_file_and_line(built_copy):
    tool = built_copy / "data" / "en" / "tools" / "theory-of-action.yml"
    text = tool.read_text()
    old = "  A theory of action links"
    assert text.count(old) == 1
    tool.write_text(text.replace(old, '  <a rel="attachment" href="file:///etc/passwd">Notes</a>. A theory of action links'))
    line = tool.read_text().splitlines().index(next(l for l in tool.read_text().splitlines() if "file:///etc" in l)) + 1
    result = subprocess.run([sys.executable, str(built_copy / "scripts" / "build_pdfs.py"), "--root", str(built_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"data/en/tools/theory-of-action.yml:{line}: pdf/")
    assert "would read file:///etc/passwd, which is not a file of this project" in first
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
    pdf = next((built_copy / ".cache" / "pdf").glob("*.pdf"))
    pdf.write_bytes(b"%PDF-1.7 planted")
    for command in (["init", "-q"], ["add", "-f", str(pages), str(pdf)]):
        subprocess.run(["git", "-C", str(built_copy), *command], check=True, capture_output=True)
    result = build(built_copy)
    assert result.returncode == 0, result.stderr
    for page in (built_copy / "site").rglob("*.html"):
        assert "Planted" not in page.read_text(encoding="utf-8"), page
    assert not any(b"planted" in path.read_bytes() for path in (built_copy / "site" / "pdf").rglob("*.pdf"))
    assert "under .cache/ tracked by git, ignored" in result.stderr
