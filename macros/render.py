"""Renders the typed playbook through the Jinja partials in macros/templates/, for web pages and print alike."""

import functools
import re
from pathlib import Path

import jinja2
import markdown as markdown_lib
import yaml
from markupsafe import Markup

from .cards import card_pages
from .icons import icon_svg
from .model import Playbook
from .routes import relative_url, route

TEMPLATE_DIR = Path(__file__).parent / "templates"
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)


def read_site_config(config_file: Path) -> dict:
    """The site configuration (mkdocs.yml) as plain data."""
    return yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def markdown_settings(config_file: Path) -> tuple[list, dict]:
    """The Markdown extensions and their settings from the site configuration (mkdocs.yml), as MkDocs reads them.

    Generated and hand-written pages, web and print, all use these, so text looks the same everywhere.
    """
    config = read_site_config(config_file)
    extensions, settings = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            extensions.append(name)
            settings[name] = options or {}
        else:
            extensions.append(entry)
    return extensions, settings


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without acting on its tags (!ENV and the like), which these settings do not use."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


class Renderer:
    """Turns the typed playbook into HTML fragments for a page at a given site path."""

    def __init__(self, playbook: Playbook, markdown: tuple[list, dict]):
        self.playbook = playbook
        extensions, settings = markdown
        self._markdown = markdown_lib.Markdown(extensions=extensions, extension_configs=settings,
                                               output_format="html")
        # The same texts (tool summaries, UI words) recur on many pages: convert each once per build.
        self.markdown = functools.lru_cache(maxsize=None)(self._render_markdown)
        self.inline_markdown = functools.lru_cache(maxsize=None)(self._render_inline_markdown)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,
        )
        self.env.filters["markdown"] = self.markdown
        self.env.filters["inline"] = self.inline_markdown
        self.env.filters["merge"] = lambda mapping, **extra: {**mapping, **extra}
        self.env.globals.update(
            playbook=playbook,
            ui=self.ui,
            icon=lambda name: Markup(icon_svg(name)),
            link=jinja2.pass_context(
                lambda context, kind, **parts: relative_url(route(kind, **parts), context["here"])),
            card_pages=functools.lru_cache(maxsize=None)(lambda slug, phase: card_pages(playbook, slug, phase)),
        )

    def _render_markdown(self, text: str) -> Markup:
        """Block Markdown (paragraphs, lists) as HTML."""
        self._markdown.reset()
        return Markup(self._markdown.convert(text))

    def _render_inline_markdown(self, text: str) -> Markup:
        """One line of Markdown as HTML without a surrounding paragraph."""
        html = str(self.markdown(text))
        match = _PARAGRAPH.match(html)
        return Markup(match.group(1) if match and "<p>" not in match.group(1) else html)

    def ui(self, key: str, **values) -> str:
        """A UI string in the playbook's language, with {placeholders} filled in."""
        return self.playbook.ui[key].format(**values)

    def render(self, template: str, here: str, scope: str = "", **context) -> str:
        """Render `template` for the page at site path `here`, as HTML with no blank lines.

        `scope` prefixes every id and form name the partials write, so several
        pages can share one document (the whole playbook) without repeating one.
        Python-Markdown ends a raw HTML block at a blank line, so the fragment is
        kept free of them to pass through a Markdown page untouched.
        """
        html = self.env.get_template(template).render(here=here, scope=scope, **context)
        return "\n".join(line for line in html.splitlines() if line.strip())
