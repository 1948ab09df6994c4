"""The MkDocs glue, and the only module that imports MkDocs.

It loads and validates the playbook before anything else runs, applies the
brand, adds the generated pages, and gives raw-HTML pages a table of contents.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# MkDocs loads this file by path, outside any package. Forget earlier imports of
# the macros package so `mkdocs serve` picks up edited Python on every rebuild.
for module in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
    del sys.modules[module]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from macros.cache import cached, code_files, fingerprint  # noqa: E402
from macros.content import cached_playbook  # noqa: E402
from macros.errors import ContentErrors  # noqa: E402
from macros.library import PlaybookMacros  # noqa: E402
from macros.pages import generated_pages, site_nav  # noqa: E402
from macros.render import Renderer  # noqa: E402

_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
BRAND_STYLESHEET = "assets/stylesheets/brand.css"
# The HTML body of each generated page, by src_uri. It is already HTML, so it
# skips Python-Markdown (about a fifth of a build) and goes in at on_page_content.
_generated_bodies: dict[str, str] = {}


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _playbook(config):
    return cached_playbook(_project_dir(config))


@event_priority(100)
def on_config(config):
    """Validate the content (stopping with every error if it is wrong), then apply brand and navigation."""
    try:
        playbook = _playbook(config)
    except ContentErrors as errors:
        raise Abort("\n" + errors.report())
    brand = playbook.brand
    config.site_name = brand["site_name"]
    config.site_description = playbook.meta["description"]
    if brand.get("site_url"):
        config.site_url = brand["site_url"]
    config.copyright = (f"© {brand['organization']} · Content {brand['content_license']}, "
                        f"code {brand['code_license']}")
    # An absolute edit_uri without repo_url gives edit links but no repository
    # widget, which would call the GitHub API from the reader's browser.
    config.repo_url = None
    config.edit_uri = f"{brand['repository'].rstrip('/')}/edit/{brand['branch']}/"
    if brand.get("logo"):
        config.theme["logo"] = brand["logo"]
    config.theme["language"] = playbook.language
    config.nav = site_nav(playbook)
    config.extra_css.insert(0, BRAND_STYLESHEET)
    return config


def on_files(files, config):
    """Add one generated page per condition, phase and tool; a hand-written page in docs/ at the same path wins.

    Each page is filled by its macro right here, with the same functions that
    mkdocs-macros-plugin offers hand-written pages, so the plugin has nothing to
    re-parse on generated pages (and data text may contain "{{" safely).
    """
    playbook = _playbook(config)
    docs_dir = Path(config.docs_dir).resolve().relative_to(_project_dir(config)).as_posix()
    # edit_uri is the repository root, so every edit link names its file from there.
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_dir}/{file.src_uri}"
    pages = [page for page in generated_pages(playbook) if files.get_file_from_path(page.src_uri) is None]
    _generated_bodies.clear()
    for page, body in zip(pages, _rendered_bodies(playbook, pages)):
        file = File.generated(config, page.src_uri, content=page.front_matter())
        file.edit_uri = page.source_file
        files.append(file)
        _generated_bodies[page.src_uri] = body
    colors = playbook.brand["colors"]
    files.append(File.generated(config, BRAND_STYLESHEET, content=(
        ":root {\n"
        f"  --md-primary-fg-color: {colors['primary']};\n"
        f"  --md-primary-fg-color--dark: {colors['primary']};\n"
        f"  --md-accent-fg-color: {colors['accent']};\n"
        "}\n")))
    return files


def _rendered_bodies(playbook, pages) -> list[str]:
    """What each page's macro renders; kept in .cache/ until the data, templates or code change."""
    root = playbook.root
    key = fingerprint(root, code_files(root), playbook.fingerprint, *(page.src_uri for page in pages))

    def render_all() -> list[str]:
        renderer = Renderer(playbook)
        return [getattr(PlaybookMacros(renderer, lambda url=page.url: url), page.macro)(*page.arguments)
                for page in pages]

    return cached(root, f"pages-{playbook.language}", key, render_all)


def on_page_content(html, page, config, files):
    """Put in a generated page's body, and build its table of contents from the headings the partials rendered."""
    html = _generated_bodies.get(page.file.src_uri, html)
    if page.toc.items:
        return html
    tokens = []
    for level, anchor, inner in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": _TAG.sub("", inner).strip(), "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        elif token["level"] == 2:
            tokens.append(token)
    page.toc = get_toc(tokens)
    return html


def on_post_build(config):
    """With PLAYBOOK_SERVE_PDFS set (`make serve PDF=1`), add the PDFs to the preview; unchanged ones come from cache.

    `make build` renders them itself, after MkDocs and before the new site replaces the old one.
    """
    if os.environ.get("PLAYBOOK_SERVE_PDFS"):
        root = _project_dir(config)
        subprocess.run([sys.executable, str(root / "scripts" / "build_pdfs.py"), "--root", str(root),
                        "--site", config.site_dir], check=False)
