"""The site as plain data, for any engine: one page tree gives the pages, the navigation and the whole book.

No engine is imported here. An adapter (mkdocs_hooks.py for MkDocs with
Material, zensical_export.py for Zensical) takes the pages (path,
title, HTML body, table of contents, source file) and the tree, and hands
them to its engine.
"""

import json
import re
from html import escape as _escape
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from .cache import Cache, files_under
from .colours import colour_rules
from .content import cached_content, cached_playbook, language_codes
from .errors import ContentErrors  # noqa: F401  (adapters catch it from here)
from .library import PlaybookMacros
from .model import Brand, Playbook
from .render import UNTRANSLATED_CLASS, Renderer, fallback_attributes, markdown_settings
from .routes import language_prefix, relative_url, route
from .sanitized_markdown import add_to as add_sanitizer  # noqa: F401  (adapters take it from here)
from .terms import mark_terms
from .translation import is_untranslated

CONFIG_FILE = "mkdocs.yml"
# Where both engines put the brand's stylesheet (brand_stylesheet()) in the site.
BRAND_STYLESHEET = "assets/stylesheets/brand.css"
# A section of the navigation with more entries than this (the conditions or the tools of a large playbook)
# shows only its first page, which lists them all, and the way to the current page: every page carries the
# navigation, so listing seventy conditions would add kilobytes to each, and a reader would scroll past them
# all to find the page they are on. Both themes' nav-item.html read it (config.extra.long_nav_section).
LONG_NAV_SECTION = 12
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PageSpec:
    """A page made from data: where it lives, its titles, the macro that fills it and the file it comes from.

    `book_macro` and `book_title`, when set, are what the whole-playbook PDF uses instead (the home page
    becomes the introduction there).
    """

    path: str
    title: str
    nav_title: str
    description: str
    macro: str
    arguments: tuple
    source_file: str
    hide: tuple = ()
    book_macro: str | None = None
    book_title: str | None = None
    searchable: bool = True


@dataclass(frozen=True)
class Section:
    """A group of pages in the navigation: its first page is the group's own index page."""

    title: str
    children: tuple


@dataclass(frozen=True)
class Heading:
    """An entry of a page's table of contents."""

    level: int
    id: str
    title: str
    children: tuple = ()


@dataclass(frozen=True)
class Page:
    """A finished page, ready for an engine: the HTML body goes inside the theme's content area."""

    path: str
    title: str
    description: str
    body: str
    toc: tuple[Heading, ...]
    source_file: str
    hide: tuple = ()
    searchable: bool = True


def prefix_of(playbook: Playbook) -> str:
    """Where the playbook's pages live in the site: '' for the source language, 'es/' for Spanish."""
    return language_prefix(playbook.language, playbook.languages[0].code)


def site_tree(playbook: Playbook) -> tuple:
    """The playbook's pages in reading order, grouped as the navigation shows them."""
    ui = playbook.ui
    meta = playbook.meta
    prefix = prefix_of(playbook)
    translated = _translated_files(playbook)

    def source_file(name: str) -> str:
        # A page's edit link opens the file its text comes from: the translation where it exists.
        language = playbook.language if name in translated else playbook.languages[0].code
        return f"data/{language}/{name}"

    def page(kind: str, title: str, description: str, macro: str, arguments: tuple, file_name: str,
             nav_title: str | None = None, **extra) -> PageSpec:
        parts = dict(zip(("slug", "phase"), arguments))
        return PageSpec(route(kind, prefix=prefix, **parts), title, nav_title or title, description, macro,
                        arguments, source_file(file_name), **extra)

    tree = [page("home", playbook.title, meta.description, "home", (), "playbook.yml", nav_title=ui["nav_home"],
                 hide=("toc",), book_macro="introduction", book_title=ui["introduction"])]
    if playbook.start:
        tree.append(page("start", playbook.start.title, playbook.start.summary, "start_page", (), "start.yml"))
    conditions = [page("conditions", ui["conditions_heading"], meta.description, "conditions_index", (),
                       "playbook.yml", nav_title=ui["nav_all_conditions"], book_macro="conditions_part")]
    for condition in playbook.conditions:
        condition_file = f"conditions/{condition.slug}.yml"
        overview = page("condition", condition.title, condition.summary, "condition_overview", (condition.slug,),
                        condition_file, nav_title=ui["nav_overview"])
        phases = [page("phase", f"{guide.phase.title} — {condition.title}", condition.summary, "phase_guide",
                       (condition.slug, guide.phase.id), condition_file, nav_title=guide.phase.short_title)
                  for guide in condition.guides]
        conditions.append(Section(condition.title, (overview, *phases)))
    tree.append(Section(ui["nav_conditions"], tuple(conditions)))
    tools = [page("tools", ui["tools_heading"], ui["tools_intro"], "tools_index", (), "playbook.yml",
                  nav_title=ui["nav_all_tools"])]
    for tool in playbook.tools:
        worksheet = page("tool", tool.title, tool.summary, "tool_page", (tool.slug,), f"tools/{tool.slug}.yml")
        related = []
        if tool.example is not None:
            related.append(page("example", f"{tool.example.title} — {ui['example_kicker']}", tool.summary,
                                "example_page", (tool.slug,), f"examples/{tool.slug}.yml", nav_title=ui["nav_example"]))
        if tool.tallies:
            related.append(page("team", ui["team_title"].format(tool=tool.title), ui["team_summary"], "team_page",
                                (tool.slug,), f"tools/{tool.slug}.yml", nav_title=ui["team_nav"]))
        tools.append(Section(tool.title, (replace(worksheet, nav_title=ui["nav_worksheet"]), *related))
                     if related else worksheet)
    tree.append(Section(ui["nav_tools"], tuple(tools)))
    if playbook.frameworks or playbook.crosswalk:
        frameworks = [page("frameworks", ui["frameworks_heading"], ui["frameworks_intro"], "frameworks_index", (),
                           "playbook.yml", nav_title=ui["nav_all_frameworks"])]
        frameworks += [page("framework", framework.title, framework.summary, "framework_page", (framework.slug,),
                            f"frameworks/{framework.slug}.yml") for framework in playbook.frameworks]
        if playbook.crosswalk:
            frameworks.append(page("crosswalk", playbook.crosswalk.title, playbook.crosswalk.summary,
                                   "crosswalk_page", (), "crosswalk.yml", hide=("toc",)))
        tree.append(Section(ui["nav_frameworks"], tuple(frameworks)))
    if playbook.case_study:
        tree.append(page("case_study", playbook.case_study.title, playbook.case_study.summary, "case_study_page",
                         (), "case-study.yml"))
    if playbook.glossary:
        tree.append(page("glossary", playbook.glossary.title, playbook.glossary.summary, "glossary_page", (),
                         "glossary.yml"))
    if playbook.credits:
        tree.append(page("credits", playbook.credits.title, playbook.credits.summary, "credits_page", (),
                         "credits.yml"))
    if playbook.translation is not None:
        tree.append(page("translation_status", ui["translation_status_title"],
                         ui["translation_status_summary"].format(language=playbook.locale.name),
                         "translation_status_page", (), "stamps.yml", hide=("toc",)))
    return tuple(tree)


def _translated_files(playbook: Playbook) -> set[str]:
    """The files of this language that exist (every file, for the source language)."""
    if playbook.translation is None:
        return _AnyFile()
    return {file.path for file in playbook.translation if file.exists} | {"stamps.yml"}


class _AnyFile(set):
    def __contains__(self, item) -> bool:
        return True


def unlisted_pages(playbook: Playbook) -> tuple[PageSpec, ...]:
    """Pages outside the navigation and the book: the meeting-room view of each phase that has a session plan."""
    ui = playbook.ui
    prefix = prefix_of(playbook)
    return tuple(
        PageSpec(route("present", prefix=prefix, slug=condition.slug, phase=guide.phase.id),
                 ui["present_title"].format(phase=guide.phase.title, condition=condition.title),
                 guide.phase.short_title, condition.summary, "present_phase", (condition.slug, guide.phase.id),
                 site_tree_source(playbook, f"conditions/{condition.slug}.yml"), hide=("navigation", "toc", "footer"),
                 searchable=False)
        for condition in playbook.conditions for guide in condition.guides)


def site_tree_source(playbook: Playbook, name: str) -> str:
    """The file a page made from `name` (a path inside a language's folder) takes its text from."""
    language = playbook.language if name in _translated_files(playbook) else playbook.languages[0].code
    return f"data/{language}/{name}"


def flatten(tree) -> list[PageSpec]:
    """The pages of a tree (or of a section's children) in reading order."""
    pages = []
    for node in tree:
        pages.extend(flatten(node.children) if isinstance(node, Section) else [node])
    return pages


def page_renderer(playbook: Playbook, root: Path) -> Renderer:
    """A renderer with the site's own Markdown settings."""
    return Renderer(playbook, markdown_settings(Path(root) / CONFIG_FILE))


def render_body(renderer: Renderer, spec: PageSpec, *, here: str | None = None, scope: str = "",
                for_book: bool = False) -> str:
    """The HTML a page's macro produces, for the page itself or (for_book) for its place in the whole playbook."""
    where = spec.path if here is None else here
    macros = PlaybookMacros(renderer, lambda: where, scope, for_print=for_book)
    macro = (spec.book_macro or spec.macro) if for_book else spec.macro
    body = getattr(macros, macro)(*spec.arguments)
    if spec.macro != "glossary_page":
        body = mark_page_terms(body, renderer.playbook, where, scope=scope, definitions=not for_book)
    return untranslated_note(body, renderer.playbook)


def untranslated_note(html: str, playbook: Playbook) -> str:
    """A page with text still in the source language says so once, quietly, under its heading."""
    if f'class="{UNTRANSLATED_CLASS}"' not in html:
        return html
    note = _untranslated_note(playbook)
    heading_end = html.find("</h1>")
    return html[:heading_end + 5] + note + html[heading_end + 5:] if heading_end >= 0 else note + html


def _untranslated_note(playbook: Playbook) -> str:
    note = playbook.ui["untranslated_note"]
    text = f"<span {fallback_attributes(playbook)}>{_escape(note)}</span>" if is_untranslated(note) else _escape(note)
    return f'<p class="pb-untranslated-note" data-search-exclude data-pb-no-terms>{text}</p>'


def untranslated_page(html: str, playbook: Playbook, markdown: bool = False) -> str:
    """A hand-written page that has no translation yet: its source-language text, marked as such.

    With `markdown`, the page is still Markdown, which the engine converts inside the marked element.
    """
    if markdown:
        return (_untranslated_note(playbook) + f'\n\n<div {fallback_attributes(playbook)} markdown="1">\n\n'
                f"{html}\n\n</div>\n")
    return _untranslated_note(playbook) + f"<div {fallback_attributes(playbook)}>{html}</div>"



def mark_page_terms(html: str, playbook: Playbook, here: str, *, scope: str = "", definitions: bool = True) -> str:
    """A page's HTML with the first use of each glossary term marked (see terms.py), for the page at site path `here`."""
    glossary_url = relative_url(route("glossary", prefix=prefix_of(playbook)), here)
    return mark_terms(html, playbook.glossary, glossary_url, scope=scope, definitions=definitions)


def build_pages(playbook: Playbook, root: Path, specs: list[PageSpec]) -> list[Page]:
    """The finished pages; their bodies are kept in .cache/ until the content, code or site settings change."""
    root = Path(root)

    def render_all() -> list[str]:
        renderer = page_renderer(playbook, root)
        return [render_body(renderer, spec) for spec in specs]

    inputs = files_under(root / "data") + [root / CONFIG_FILE]
    bodies = Cache(root).get(f"pages-{playbook.language}", render_all, files=inputs,
                             texts=[spec.path + "\0" + spec.macro for spec in specs])
    return [Page(spec.path, spec.title, spec.description, body, table_of_contents(body), spec.source_file,
                 spec.hide, spec.searchable) for spec, body in zip(specs, bodies)]


def table_of_contents(html: str) -> tuple[Heading, ...]:
    """The h2 headings of a page, each with its h3 headings, as the partials rendered them."""
    entries: list[Heading] = []
    for level, anchor, inner in _HEADING.findall(html):
        heading = Heading(int(level), anchor, _TAG.sub("", inner).strip())
        if heading.level == 2:
            entries.append(heading)
        elif entries:
            last = entries[-1]
            entries[-1] = Heading(last.level, last.id, last.title, last.children + (heading,))
    return tuple(entries)


@dataclass(frozen=True)
class SiteBuild:
    """Everything an engine needs from the core for one language: the playbook, its page tree, the finished pages.

    Page paths include the language's prefix ("es/conditions/..."); an engine that builds each
    language into its own folder takes them without it (engine_path()).
    """

    playbook: Playbook
    tree: tuple
    pages: list[Page]

    @property
    def prefix(self) -> str:
        return prefix_of(self.playbook)

    def engine_path(self, path: str) -> str:
        """A site path inside this language's own folder, as the engine building that folder names it."""
        return path.removeprefix(self.prefix)


def site_languages(root: Path) -> list[str]:
    """The codes of the languages the site is built in, the source language first; ContentErrors if content is invalid."""
    return language_codes(cached_content(root))


def build_site(root: Path, language: str | None = None) -> SiteBuild:
    """Load and validate the playbook under `root` and make its pages in `language` (default: the source language).

    Raises ContentErrors when any language's content is invalid.
    """
    playbook = cached_playbook(root, language or site_languages(root)[0])
    tree = site_tree(playbook)
    return SiteBuild(playbook, tree, build_pages(playbook, root, flatten(tree) + list(unlisted_pages(playbook))))


def alternates(playbook: Playbook, path: str) -> list[dict]:
    """The page at site path `path` (with its prefix) in every language, for the language menu and hreflang links.

    Each entry: code, name, direction, url (relative to the page), absolute (with site_url, or None), current.
    A page only one language has (a translation's status page) leads to the other languages' home pages.
    """
    source = playbook.languages[0].code
    inside = path.removeprefix(prefix_of(playbook))
    site_url = playbook.brand.site_url.rstrip("/")
    entries = []
    for language in playbook.languages:
        prefix = language_prefix(language.code, source)
        exists = inside != route("translation_status") or language.code != source
        target = prefix + (inside if exists else "")
        entries.append({"code": language.code, "name": theme_text(language.name), "direction": language.direction,
                        "url": relative_url(target, path), "absolute": f"{site_url}/{target}" if site_url else None,
                        "current": language.code == playbook.language})
    return entries


def brand_stylesheet(playbook: Playbook) -> str:
    """The brand's colours for the theme (Material's custom palette variables), then the brand's and the
    conditions' colours for the playbook's own styles (the same rules print uses)."""
    primary, accent = playbook.brand.colors.primary, playbook.brand.colors.accent
    return (":root {\n"
            f"  --md-primary-fg-color: {primary};\n"
            f"  --md-primary-fg-color--dark: {primary};\n"
            f"  --md-accent-fg-color: {accent};\n"
            "}\n") + colour_rules(playbook)


def hand_written_pages(docs_dir: Path, playbook: Playbook) -> dict[str, str]:
    """Site path (in the language's own folder) -> source path (in docs/) of every hand-written page.

    Such a page wins over a generated one. The pages are written in the source language; a translation of
    docs/<page>.md is docs/<code>/<page>.md, and replaces it in that language's site.
    """
    codes = {language.code for language in playbook.languages[1:]}
    pages = {}
    for path in sorted(Path(docs_dir).rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if src_uri.split("/", 1)[0] in codes:
            continue
        stem = src_uri.removesuffix(".md")
        url = "" if stem in ("index", "README") else stem.removesuffix("/index").removesuffix("/README") + "/"
        pages[url] = src_uri
    return pages


def theme_text(value) -> str:
    """A plain-text value (a title, a name, the copyright line) as the themes take it: as HTML.

    Both themes print titles, the site's name and the like into pages as they are (a title may hold markup
    in their own use), some of them inside attributes, so every such value is escaped here, once, for both
    engines: "Tom & Jerry <b>" reads as typed, and a quote cannot end an attribute.
    """
    return _escape(str(value), quote=True)


def hand_written_front_matter(values: dict) -> dict:
    """A hand-written page's front matter as the themes take it: its title is printed as HTML, as the core's are."""
    if isinstance(values.get("title"), str):
        return {**values, "title": theme_text(values["title"])}
    return values


def front_matter(values: dict) -> str:
    """A Markdown file's front matter holding `values`."""
    # JSON is YAML: every value is written exactly, whatever characters it holds.
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items()) + \
        "---\n"


def page_front_matter(page: Page) -> dict:
    """What a generated page's front matter says about it: title, description, and the parts it hides."""
    values = {"title": theme_text(page.title), "description": theme_text(page.description)}
    if page.hide:
        values["hide"] = list(page.hide)
    if not page.searchable:
        values["search"] = {"exclude": True}
    return values


def page_source_path(path: str) -> str:
    """Where a generated page's Markdown file goes in a docs folder: always an index.md, so its folder is its URL."""
    return f"{path}index.md"


def nav_entries(tree, hand_written: dict[str, str], engine_path=lambda path: path) -> list:
    """The page tree in the `nav` format of mkdocs.yml, which both engines read.

    `engine_path` turns a site path into the path inside the folder the engine builds (one language's).
    """
    return [{theme_text(node.title): nav_entries(node.children, hand_written, engine_path)} if isinstance(node, Section)
            else {theme_text(node.nav_title): hand_written.get(engine_path(node.path),
                                                        page_source_path(engine_path(node.path)))}
            for node in tree]


def edit_url(brand: Brand, source_file: str) -> str:
    """The repository's edit page for a file named from the repository root."""
    return f"{brand.repository.rstrip('/')}/edit/{brand.branch}/{source_file}"


def footer_links(playbook: Playbook) -> list[dict]:
    """The links every page's footer shows beside the copyright: the credits and the glossary, where they exist."""
    pages = [(playbook.credits, "credits"), (playbook.glossary, "glossary")]
    return [{"title": theme_text(page.title), "url": route(kind)} for page, kind in pages if page]


def not_found_page(playbook: Playbook) -> dict:
    """What the theme's 404.html shows in the playbook's language: its words (escaped: the themes print them as
    they are), and links to this language's home and to the others'. A server answers a missing address at any
    depth with this page, so its links are paths from the server's root, under site_url's path.

    `redirect` (on the source language's page, when there are others) names the other languages' folders:
    GitHub Pages answers every missing address with the root 404.html, and overrides/assets/javascripts/
    not-found.js sends a reader who asked for an address in another language's folder to that language's page.
    Without a site_url the site's path is unknown, and the engines write each language's 404.html as if its
    folder were the server's root: the page then links to its own language's home only, and redirects no one.
    """
    def words(key: str) -> str:
        return theme_text(playbook.ui[f"not_found_{key}"])

    page = {"title": words("title"), "text": words("text"), "search": words("search"),
            "home": {"title": words("home"), "url": "/"}, "languages_label": words("languages"), "languages": [],
            "redirect": None}
    if not playbook.brand.site_url:
        return page
    base = urlsplit(playbook.brand.site_url).path.rstrip("/") + "/"
    source = playbook.languages[0].code
    others = [language for language in playbook.languages if language.code != playbook.language]
    page["home"]["url"] = base + prefix_of(playbook)
    page["languages"] = [{"code": language.code, "name": theme_text(language.name), "direction": language.direction,
                          "url": base + language_prefix(language.code, source)} for language in others]
    if playbook.is_source and others:
        page["redirect"] = {"base": base, "languages": [language.code for language in others]}
    return page


def site_settings(playbook: Playbook) -> dict:
    """The site-wide settings both engines take from the brand and the playbook, by their mkdocs.yml names."""
    brand = playbook.brand
    settings = {
        "site_name": theme_text(playbook.site_name),
        "site_description": theme_text(playbook.meta.description),
        "copyright": theme_text(playbook.ui["copyright"].format(organization=brand.organization,
                                                                content_license=brand.content_license,
                                                                code_license=brand.code_license)),
        # An edit_uri without repo_url gives edit links but no repository widget,
        # which would call the GitHub API from the reader's browser.
        "edit_uri": edit_url(brand, ""),
    }
    if brand.site_url:
        settings["site_url"] = brand.site_url.rstrip("/") + "/" + prefix_of(playbook)
    return settings
