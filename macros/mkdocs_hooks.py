"""The MkDocs adapter, and the only module that imports MkDocs.

It loads and validates the playbook before anything else runs, applies the
brand, hands the core's pages and navigation to MkDocs, and gives their
bodies and tables of contents to Material. Hand-written pages in docs/ go
through MkDocs and mkdocs-macros-plugin as usual.

MkDocs loads this file once per process, so during `make serve` the core
(every other module of the macros package) is imported afresh whenever its
code on disk changes; an edit to this file itself needs a restart.
"""

import hashlib
import importlib
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

_OWN_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
# What on_config makes for the build in progress, for on_files and on_page_content:
# the core's pages by the source path MkDocs knows them by, each with its Markdown (front matter only),
# and the brand's stylesheet (its path and its text).
_pages: dict = {}
_brand_css: list[str] = []
_playbook: list = []


def _core():
    """The core's site module, imported afresh if its code changed since this process imported it."""
    if hashlib.sha256(Path(__file__).read_bytes()).hexdigest() != _OWN_SOURCE:
        raise Abort(f"{Path(__file__).relative_to(PROJECT_ROOT)} changed while MkDocs was running: "
                    "stop `make serve` and start it again")
    if "macros.cache" in sys.modules and sys.modules["macros.cache"].code_changed():
        for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
            del sys.modules[name]
    return importlib.import_module("macros.site")


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)
def on_config(config):
    """Validate the content (stopping with every error if it is wrong), then apply brand and navigation."""
    site = _core()
    root = _project_dir(config)
    try:
        build = site.build_site(root)
    except site.ContentErrors as errors:
        raise Abort("\n" + errors.report())
    playbook = build.playbook
    _playbook[:] = [playbook]
    brand = playbook.brand
    for name, value in site.site_settings(playbook).items():
        config[name] = value
    config.repo_url = None
    config.extra["footer_links"] = site.footer_links(playbook)
    if brand.logo:
        config.theme["logo"] = brand.logo
    config.theme["language"] = playbook.language
    hand_written = site.hand_written_pages(Path(config.docs_dir))
    config.nav = site.nav_entries(build.tree, hand_written)
    _pages.clear()
    _pages.update({site.page_source_path(page.path): (page, site.front_matter(site.page_front_matter(page)))
                   for page in build.pages if page.path not in hand_written})
    if site.BRAND_STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, site.BRAND_STYLESHEET)
    _brand_css[:] = [site.BRAND_STYLESHEET, site.brand_stylesheet(brand)]
    return config


def on_files(files, config):
    """Add the core's pages (a hand-written page in docs/ at the same path wins) and the brand's stylesheet.

    Each page's Markdown is only its front matter: the body is HTML already, goes
    in at on_page_content and never passes through Python-Markdown or Jinja, so
    text in the data may contain "{{" safely.
    """
    docs_dir = Path(config.docs_dir).resolve().relative_to(_project_dir(config)).as_posix()
    # edit_uri is the repository root, so every edit link names its file from there.
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_dir}/{file.src_uri}"
    for src_uri, (page, markdown) in _pages.items():
        file = File.generated(config, src_uri, content=markdown)
        file.edit_uri = page.source_file
        files.append(file)
    path, stylesheet = _brand_css
    files.append(File.generated(config, path, content=stylesheet))
    return files


def on_page_content(html, page, config, files):
    """Put in a generated page's body and its table of contents."""
    if page.file.src_uri not in _pages:
        # A hand-written page: its glossary terms are marked like a generated page's.
        return _core().mark_page_terms(html, _playbook[0], page.url) if _playbook else html
    generated, _ = _pages[page.file.src_uri]
    page.toc = get_toc([_toc_token(heading) for heading in generated.toc])
    return generated.body


def _toc_token(heading) -> dict:
    return {"level": heading.level, "id": heading.id, "name": heading.title,
            "children": [_toc_token(child) for child in heading.children]}


def on_post_build(config):
    """With PLAYBOOK_SERVE_PDFS set (`make serve PDF=1`), add the PDFs to the preview; unchanged ones come from cache.

    `make build` renders them itself, after MkDocs and before the new site replaces the old one.
    """
    if os.environ.get("PLAYBOOK_SERVE_PDFS"):
        root = _project_dir(config)
        subprocess.run([sys.executable, str(root / "scripts" / "build_pdfs.py"), "--root", str(root),
                        "--site", config.site_dir], check=False)
