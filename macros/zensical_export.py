"""The Zensical adapter: the core's pages written out as a project Zensical builds as it is.

Zensical runs neither MkDocs hooks nor mkdocs-macros-plugin, so everything is
done before it starts. Into a build folder go:
- docs/: every generated page as `<path>/index.md` (front matter, then the HTML
  body; an index.md's folder is its URL, so the body's relative links stay
  right), the hand-written pages of docs/ with their macros expanded, the
  other files of docs/, and the brand's stylesheet;
- overrides/: the project's theme overrides, less those only Material needs,
  plus overrides/zensical/ (per-page edit links and tables of contents from
  front matter, which Zensical takes from nowhere else);
- mkdocs.yml: the project's settings with the brand's, the navigation, and
  nothing that needs MkDocs.
scripts/build_site.py --engine zensical then runs `zensical build` there.
"""

import posixpath
import shutil
from dataclasses import replace
from pathlib import Path

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
import yaml

from .errors import ContentError, ContentErrors
from .library import PlaybookMacros
from .render import read_site_config
from .sanitized_markdown import add_to as add_sanitizer, core_page, seal, unsealed_text
from .theme_html import finished
from .yaml_source import read_yaml
from .site import (BRAND_STYLESHEET, CONFIG_FILE, LONG_NAV_SECTION, SiteBuild, alternates, brand_stylesheet, edit_url,
                   front_matter, footer_links, hand_written_front_matter, hand_written_pages, nav_entries,
                   not_found_page, page_front_matter, page_renderer, page_source_path, site_settings,
                   untranslated_page)

ZENSICAL_OVERRIDES = "zensical"
# Zensical's search box puts its styles into a <style> of its own (in a shadow root), the same text in every
# page of a given Zensical version: the pages' Content Security Policy allows exactly that style by its hash.
# After an upgrade of Zensical the CSP test fails and Chromium's message names the new hash.
ZENSICAL_STYLE_HASHES = ["sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k="]
# Material for MkDocs only: Zensical's own search needs its own partial.
MATERIAL_ONLY_OVERRIDES = ("partials/search.html", "partials/alternate.html")


def export(root: Path, build: SiteBuild, destination: Path) -> Path:
    """Write the Zensical project for the site under `root` into `destination`; return its config file."""
    root, destination = Path(root), Path(destination)
    shutil.rmtree(destination / "docs", ignore_errors=True)
    shutil.rmtree(destination / "overrides", ignore_errors=True)
    docs = destination / "docs"
    hand_written = hand_written_pages(root / "docs", build.playbook)
    _copy_docs(root, build, docs, hand_written)
    brand = build.playbook.brand
    for page in build.pages:
        path = build.engine_path(page.path)
        if path in hand_written:
            continue
        target = docs / page_source_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        values = page_front_matter(page) | {"edit_url": edit_url(brand, page.source_file)}
        if len(build.playbook.languages) > 1:
            values["pb_alternates"] = alternates(build.playbook, page.path)
        if "toc" not in page.hide:
            values["pb_toc"] = [_toc_entry(heading) for heading in page.toc]
        target.write_text(front_matter(values) + "\n" + core_page(page.body) + "\n", encoding="utf-8")
    (docs / BRAND_STYLESHEET).parent.mkdir(parents=True, exist_ok=True)
    (docs / BRAND_STYLESHEET).write_text(brand_stylesheet(build.playbook), encoding="utf-8")
    _copy_overrides(root / "overrides", destination / "overrides")
    config_file = destination / CONFIG_FILE
    config_file.write_text(yaml.safe_dump(_config(root, build, hand_written), sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    return config_file


def _toc_entry(heading) -> dict:
    return {"url": f"#{heading.id}", "title": heading.title, "content": heading.title,
            "children": [_toc_entry(child) for child in heading.children]}


def _copy_docs(root: Path, build: SiteBuild, docs: Path, hand_written: dict[str, str]) -> None:
    """docs/ as it is, with each hand-written page's edit link, and its macros expanded if it asks (render_macros).

    In a translation, a page's translation (docs/<code>/<page>.md) takes its place; a page without one keeps the
    source text, marked as not translated yet.
    """
    playbook = build.playbook
    source = root / "docs"
    other_languages = [language.code for language in playbook.languages[1:]]
    if source.is_dir():
        shutil.copytree(source, docs, ignore=lambda folder, names: [
            name for name in names if Path(folder) == source and name in other_languages])
    docs.mkdir(parents=True, exist_ok=True)
    renderer = None
    for src_uri in hand_written.values():
        path = docs / src_uri
        translated = source / build.prefix / src_uri if build.prefix else None
        edit_file = f"docs/{src_uri}"
        if translated is not None and translated.is_file():
            shutil.copyfile(translated, path)
            edit_file = f"docs/{build.prefix}{src_uri}"
        values, body = _split_front_matter(path.read_text(encoding="utf-8"), edit_file)
        if values.pop("render_macros", False):
            renderer = renderer or page_renderer(build.playbook, root)
            # Zensical reads links in raw HTML relative to the Markdown file's folder.
            folder = posixpath.dirname(src_uri)
            here = build.prefix + (f"{folder}/" if folder else "")
            macros = PlaybookMacros(renderer, lambda here=here: here, own_language=not playbook.is_source)
            # Sandboxed: a hand-written page is content, and its template may call the macros but reach no Python.
            try:
                body = SandboxedEnvironment().from_string(body).render(
                    {name: _sealed(getattr(macros, name)) for name in PlaybookMacros.NAMES})
            except TemplateError as error:
                line = getattr(error, "lineno", None) or 1
                raise ContentErrors([ContentError(edit_file, line, 1, f"{error} (expected text, and macros called "
                                                  "as {{ big_questions('shared-influence', 'why') }})")]) from None
        if translated is not None and not translated.is_file():
            body = untranslated_page(body, playbook, markdown=True)
        values = hand_written_front_matter(values)
        values.setdefault("edit_url", edit_url(playbook.brand, edit_file))
        path.write_text(front_matter(values) + "\n" + body, encoding="utf-8")


def _sealed(macro):
    """The macro, its HTML sealed so that the page's Markdown and its sanitizer pass it through whole."""
    return lambda *args, **kwargs: seal(macro(*args, **kwargs))


def _split_front_matter(text: str, display_path: str) -> tuple[dict, str]:
    """A hand-written page's front matter, read as carefully as any content file, and the rest of the page."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            if not text[4:end].strip():
                return {}, text[end + 5:]
            source, errors = read_yaml(text[4:end].encode("utf-8"), display_path)
            if errors:  # the front matter starts on the page's second line
                raise ContentErrors([replace(error, line=error.line + 1) for error in errors])
            return source.data if isinstance(source.data, dict) else {}, text[end + 5:]
    return {}, text


def correct_theme_html(site: Path) -> None:
    """Make the theme's HTML in Zensical's built `site` valid and compact, as the MkDocs adapter does page by page,
    and give its search index the words of the hand-written pages' macros (Zensical indexes the Markdown's HTML,
    before the sanitizer puts each macro's HTML back in place of its token)."""
    index = Path(site) / "search.json"
    if index.is_file():
        text = index.read_text(encoding="utf-8")
        words = unsealed_text(text)
        if words != text:
            index.write_text(words, encoding="utf-8")
    for page in Path(site).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        fixed = finished(html)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def _copy_overrides(source: Path, destination: Path) -> None:
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(ZENSICAL_OVERRIDES))
    for name in MATERIAL_ONLY_OVERRIDES:
        (destination / name).unlink(missing_ok=True)
    if (source / ZENSICAL_OVERRIDES).is_dir():
        shutil.copytree(source / ZENSICAL_OVERRIDES, destination, dirs_exist_ok=True)


def _config(root: Path, build: SiteBuild, hand_written: dict[str, str]) -> dict:
    """The project's mkdocs.yml as Zensical should read it."""
    config = read_site_config(root / CONFIG_FILE)
    for name in ("hooks", "watch", "strict"):
        config.pop(name, None)
    config["plugins"] = ["search"]
    # The sanitizer cleans every page Markdown makes (Zensical finds the module through PYTHONPATH).
    add_sanitizer(config.setdefault("markdown_extensions", []))
    config.update(site_settings(build.playbook))
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = nav_entries(build.tree, hand_written, build.engine_path)
    config.setdefault("extra", {})["footer_links"] = footer_links(build.playbook)
    config["extra"]["long_nav_section"] = LONG_NAV_SECTION
    config["extra"]["not_found"] = not_found_page(build.playbook)
    config["extra"]["csp_style_hashes"] = ZENSICAL_STYLE_HASHES
    if len(build.playbook.languages) > 1:
        # Zensical's own language menu, to each language's home page; overrides/zensical/partials/alternate.html
        # makes each entry lead to the same page instead.
        config["extra"]["alternate"] = [{"name": entry["name"], "link": entry["url"], "lang": entry["code"]}
                                        for entry in alternates(build.playbook, build.prefix)]
    config["extra_css"] = [BRAND_STYLESHEET, *config.get("extra_css", [])]
    theme = config["theme"]
    theme["custom_dir"] = "overrides"
    theme["variant"] = "classic"  # the look of Material for MkDocs
    theme["language"] = build.playbook.language
    theme["direction"] = build.playbook.locale.direction
    if build.playbook.brand.logo:
        theme["logo"] = build.playbook.brand.logo
    return config
