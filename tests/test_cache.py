"""The cache never serves a stale or foreign result.

The hard case is `make serve`: one MkDocs process that rebuilds after every
edit, of content, schemas, templates, Python code or the brand. What it then
serves must be what a clean build of the same files gives.
"""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from macros.cache import Cache
from sitebuild import build

# What `mkdocs serve` adds to a page and a build does not: the live-reload script and its own address.
SERVE_ONLY = re.compile(r'\s*<link rel="canonical"[^>]*>|\s*<script>\nvar livereload = .*?</script>(?=</body>)', re.S)


def as_built(html: str) -> str:
    """A page without what only `mkdocs serve` adds, its whitespace made single spaces."""
    return " ".join(SERVE_ONLY.sub(" ", html).split())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, condition, timeout: float = 40) -> str:
    """The page at `url` once `condition(html)` holds; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    html = ""
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            html = fetch(url)
            if condition(html):
                return html
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed the change; last seen:\n{html[-2000:]}")


@contextlib.contextmanager
def serving(project):
    """`make serve` on the project, as the Makefile runs it (the `mkdocs` command, every language); yields the
    base URL."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("mkdocs")), "serve", "--dev-addr", f"127.0.0.1:{port}",
         "--config-file", str(project / "mkdocs.yml")],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_SERVE": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, lambda html: "<html" in html)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=20)


def edit(project, path: str, old: str, new: str) -> None:
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, (path, old)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(project) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts" / "validate.py"), "--root", str(project)],
                          capture_output=True, text=True)


def test_make_serve_after_each_kind_of_edit_serves_what_a_clean_build_gives(built_copy, tmp_path):
    project = built_copy
    phase = "conditions/shared-influence/why/"
    with serving(project) as base:
        edit(project, "data/en/conditions/shared-influence.yml", "Which decisions", "Which big decisions")
        wait_for(base + phase, lambda html: "Which big decisions" in html)
        # The preview holds every language, and a translation's edit shows there too.
        edit(project, "data/es/conditions/shared-influence.yml", "¿Qué decisiones", "¿Qué grandes decisiones")
        wait_for(base + "es/" + phase, lambda html: "¿Qué grandes decisiones" in html)

        edit(project, "macros/templates/phase.html", "<h2 id=\"{{ scope }}big-questions\">",
             "<p class=\"pb-edited\">Edited template</p>\n<h2 id=\"{{ scope }}big-questions\">")
        wait_for(base + phase, lambda html: "Edited template" in html)

        # Python code: follow-ups lettered A, B, C instead of a, b, c (their anchors change with them).
        edit(project, "macros/model.py", 'LETTERS = "abcdefghijklmnopqrstuvwxyz"',
             'LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"')
        wait_for(base + phase, lambda html: 'id="q1A"' in html)

        edit(project, "data/brand.yml", "organization: Riverside Unified School District",
             "organization: Riverside Schools")
        wait_for(base + phase, lambda html: "© Riverside Schools" in html)

        stylesheet = "assets/stylesheets/playbook.css"
        with open(project / "overrides" / stylesheet, "a", encoding="utf-8") as styles:
            styles.write("\n.pb-edited { font-weight: bold; }\n")
        wait_for(base + stylesheet, lambda css: ".pb-edited { font-weight: bold; }" in css)
        # Without PDF=1 the preview has no PDFs.
        with pytest.raises(urllib.error.HTTPError):
            fetch(base + "pdf/cards-a4.pdf")

        # A schema that now asks for a key a file lacks: the rebuild fails, and validation says why at once.
        schema = project / "data" / "schema" / "condition.schema.json"
        original_schema = schema.read_text()
        edit(project, "data/schema/condition.schema.json", '"required": ["title",', '"required": ["phases", "title",')
        result = validate(project)
        assert result.returncode == 1
        assert "data/en/conditions/vision-and-strategy.yml:1:1: missing key 'phases'" in result.stderr
        schema.write_text(original_schema)
        assert validate(project).returncode == 0

        edit(project, "data/en/conditions/shared-influence.yml", "Which big decisions", "Which bigger decisions")
        wait_for(base + phase, lambda html: "Which bigger decisions" in html)
        served = {url: fetch(base + url) for url in ("", "conditions/", phase, "tools/self-assessment/", "workshop/")}

    clean = shutil.copytree(project, tmp_path / "clean", ignore=shutil.ignore_patterns(".cache", "site"))
    result = build(clean, pdf=False)
    assert result.returncode == 0, result.stderr
    for url, html in served.items():
        expected = (clean / "site" / url / "index.html").read_text(encoding="utf-8")
        assert as_built(html) == as_built(expected), url


def test_a_copied_checkout_builds_its_own_pages_and_its_cache_names_no_path(built_copy, built):
    edit(built_copy, "data/en/conditions/shared-influence.yml", "Which decisions", "Which copied decisions")
    result = build(built_copy, pdf=False)
    assert result.returncode == 0, result.stderr
    page = (built_copy / "site" / "conditions" / "shared-influence" / "why" / "index.html").read_text()
    assert "Which copied decisions" in page
    original = (built.site / "conditions" / "shared-influence" / "why" / "index.html").read_text()
    assert "Which copied decisions" not in original
    for entry in (built_copy / ".cache").rglob("*.json"):
        text = entry.read_text(encoding="utf-8")
        json.loads(text)
        assert str(built_copy) not in text and str(built.project) not in text, entry


def test_results_are_kept_and_pruned_by_their_exact_name(tmp_path):
    cache = Cache(tmp_path)
    (tmp_path / "a.yml").write_text("one")
    assert cache.get("content-en", lambda: 1, files=[tmp_path / "a.yml"]) == 1
    assert cache.get("content-en-gb", lambda: 2, files=[tmp_path / "a.yml"]) == 2
    (tmp_path / "a.yml").write_text("two")
    assert cache.get("content-en-gb", lambda: 3, files=[tmp_path / "a.yml"]) == 3
    (tmp_path / "a.yml").write_text("one")
    # content-en's result for "one" survived content-en-gb's new result.
    assert cache.get("content-en", pytest.fail, files=[tmp_path / "a.yml"]) == 1
    assert len(list((tmp_path / ".cache" / "content-en-gb").glob("*.json"))) == 1
