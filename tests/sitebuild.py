"""Helpers for tests that build a playbook site: assemble a project in a temp folder, build it, serve it."""

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import serve_site  # noqa: E402


def make_project(destination: Path, data: Path) -> Path:
    """A buildable project in `destination`: this repository's code and theme with the content from `data`,
    and the hand-written pages of the docs/ folder beside `data`, if there is one."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    for folder in ("macros", "overrides", "scripts"):
        shutil.copytree(REPO / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__"))
    docs = data.parent / "docs"
    if docs.is_dir() and docs != REPO / "docs":
        shutil.copytree(docs, destination / "docs", dirs_exist_ok=True)
    (destination / "docs").mkdir(exist_ok=True)
    shutil.copytree(data, destination / "data", dirs_exist_ok=True)
    shutil.copytree(REPO / "data" / "schema", destination / "data" / "schema", dirs_exist_ok=True)
    return destination


def cut_to_english(data: Path) -> None:
    """Make the content in `data` a playbook in English alone: every other language's folder goes, and its entry."""
    for folder in data.iterdir():
        if folder.is_dir() and folder.name not in ("en", "schema"):
            shutil.rmtree(folder)
    (data / "languages.yml").write_text("languages:\n  - code: en\n    name: English\n")


def build(project: Path, pdf: bool = True, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run the project's own build script (validate, build, PDFs, swap site/) and capture its output."""
    command = [sys.executable, str(project / "scripts" / "build_site.py"), "--root", str(project), "--engine", engine]
    return subprocess.run(command + ([] if pdf else ["--no-pdf"]), capture_output=True, text=True)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 at a free port, as GitHub Pages would; yields the base URL."""
    with serve_like_github_pages(directory, "/") as url:
        yield url


def one_page_of_each_kind(root: Path, languages=None) -> list[str]:
    """The site path of the first page each macro makes (home, phase, tool, team view...), in each of `languages`
    (all by default), and of each hand-written page: every kind of page there is, once."""
    from macros.content import cached_playbook
    from macros.site import flatten, hand_written_pages, site_languages, site_tree, unlisted_pages

    paths = []
    for language in languages or site_languages(root):
        playbook = cached_playbook(root, language)
        kinds = {}
        for spec in flatten(site_tree(playbook)) + list(unlisted_pages(playbook)):
            kinds.setdefault(spec.macro, spec.path)
        paths += kinds.values()
        prefix = "" if playbook.is_source else f"{language}/"
        paths += [prefix + path for path in hand_written_pages(Path(root) / "docs", playbook)]
    return sorted(set(paths))


@contextlib.contextmanager
def serve_like_github_pages(site: Path, base: str):
    """Serve `site` at `base` ("/playbook/") on 127.0.0.1 as GitHub Pages would (scripts/serve_site.py, which
    `make audit` measures through); yields the site's URL."""
    server = serve_site.start(site, base=base)
    try:
        yield f"http://127.0.0.1:{server.server_port}{base}"
    finally:
        server.shutdown()
        server.server_close()
