"""Renders the typed playbook through the Jinja partials in macros/templates/, for web pages and print alike."""

import functools
import re
from pathlib import Path

import jinja2
import markdown as markdown_lib
import yaml
from markupsafe import Markup

from .cards import card_pages
from .compiled_templates import CompiledTemplates
from .icons import icon_svg
from .live_worksheet import team_settings, worksheet_settings
from .locale import format_date, format_number
from .model import Playbook
from .sanitized_markdown import add_to as add_sanitizer
from .routes import language_prefix, relative_url, route
from .translation import is_untranslated

TEMPLATE_DIR = Path(__file__).parent / "templates"
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)
# Untranslated text printed by {{ }} is wrapped in these (private-use characters no content holds), and each pair
# becomes a <span lang> in text, or is dropped inside a tag's attributes and in elements that hold only text.
_OPEN, _CLOSE = "\ue000", "\ue001"
_TEXT_ONLY = re.compile(r"<(title|option|textarea|script|style)\b[^>]*>.*?</\1>", re.S | re.I)
_TAG_OR_MARK = re.compile(r"<[^>]*>|[\ue000\ue001]")
UNTRANSLATED_CLASS = "pb-untranslated"
# Every renderer (a language's pages, its printed documents) uses the same partials: each is compiled once.
_COMPILED_PARTIALS = CompiledTemplates()


def read_site_config(config_file: Path) -> dict:
    """The site configuration (mkdocs.yml) as plain data."""
    return yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def markdown_settings(config_file: Path) -> tuple[list, dict]:
    """The Markdown extensions and their settings from the site configuration (mkdocs.yml), as MkDocs reads them.

    Generated and hand-written pages, web and print, all use these, so text looks the same everywhere; the
    sanitizer (sanitized_markdown.py) comes last whatever the configuration says.
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
    return add_sanitizer(extensions), settings


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without acting on its tags (!ENV and the like), which these settings do not use."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def fallback_attributes(playbook: Playbook) -> str:
    """The attributes of an element holding source-language text in a translation: its language, its direction
    where that differs from the page's (English inside Arabic), and the class that styles it."""
    source = playbook.languages[0]
    direction = f' dir="{source.direction}"' if source.direction != playbook.locale.direction else ""
    return f'lang="{source.code}"{direction} class="{UNTRANSLATED_CLASS}"'


def _mark_untranslated(value):
    """What {{ }} prints: untranslated text between the marks that mark_fallbacks turns into a <span lang>."""
    return _OPEN + value + _CLOSE if is_untranslated(value) else value


def _bound(function):
    """A filter bound to one renderer's playbook, as one that takes the context: Jinja then never calls it while
    compiling (on a constant), so the compiled partials are the same for every renderer and can be shared."""
    return jinja2.pass_context(lambda context, *arguments, **options: function(*arguments, **options))


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
            bytecode_cache=_COMPILED_PARTIALS,
            finalize=_mark_untranslated,
        )
        self.env.filters["markdown"] = _bound(self._markdown_filter)
        self.env.filters["inline"] = _bound(self._inline_filter)
        self.env.filters["merge"] = lambda mapping, **extra: {**mapping, **extra}
        self.env.filters["number"] = _bound(lambda value: format_number(value, playbook.language))
        self.env.filters["date"] = _bound(lambda value: format_date(value, playbook.language))
        self.prefix = language_prefix(playbook.language, playbook.languages[0].code)
        self.fallback_attributes = fallback_attributes(playbook)
        def link(context, kind, **parts):
            return relative_url(route(kind, prefix=self.prefix, **parts), context["here"])

        self.env.globals.update(
            playbook=playbook,
            ui=self.ui,
            icon=lambda name: Markup(icon_svg(name)),
            link=jinja2.pass_context(link),
            worksheet_settings=jinja2.pass_context(
                lambda context, tool: worksheet_settings(playbook, tool, lambda *a, **k: link(context, *a, **k))),
            team_settings=jinja2.pass_context(
                lambda context, tool: team_settings(playbook, tool, lambda *a, **k: link(context, *a, **k))),
            card_pages=functools.lru_cache(maxsize=None)(lambda slug, phase: card_pages(playbook, slug, phase)),
        )

    def _fallback(self, html: Markup, element: str) -> Markup:
        """Source-language text standing in for a missing translation, marked so readers and screen readers know."""
        return Markup(f"<{element} {self.fallback_attributes}>") + html + Markup(f"</{element}>")

    def _markdown_filter(self, text: str) -> Markup:
        html = self.markdown(str(text))
        return self._fallback(html, "div") if is_untranslated(text) else html

    def _inline_filter(self, text: str) -> Markup:
        html = self.inline_markdown(str(text))
        return self._fallback(html, "span") if is_untranslated(text) else html

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
        """A UI string in the playbook's language, with {placeholders} filled in (still marked if untranslated)."""
        text = self.playbook.ui[key]
        filled = text.format(**values)
        return type(text)(filled) if is_untranslated(text) else filled

    def render(self, template: str, here: str, scope: str = "", interactive: bool = False, **context) -> str:
        """Render `template` for the page at site path `here`, as HTML with no blank lines.

        `interactive`: the page is a web page of its own, so a template may add what only a browser uses
        (the live worksheet); printed documents and the whole playbook leave it out.

        `scope` prefixes every id and form name the partials write, so several
        pages can share one document (the whole playbook) without repeating one.
        Python-Markdown ends a raw HTML block at a blank line, so the fragment is
        kept free of them to pass through a Markdown page untouched.
        """
        html = self.env.get_template(template).render(here=here, scope=scope, interactive=interactive, **context)
        html = "\n".join(line for line in html.splitlines() if line.strip())
        return self.mark_fallbacks(html) if _OPEN in html else html

    def mark_fallbacks(self, html: str) -> str:
        """Untranslated text printed by {{ }} as a <span lang> where it is text, plain inside attributes."""
        html = _TEXT_ONLY.sub(lambda match: match.group(0).replace(_OPEN, "").replace(_CLOSE, ""), html)
        opening = f"<span {self.fallback_attributes}>"

        def replace(match):
            token = match.group(0)
            if token == _OPEN:
                return opening
            if token == _CLOSE:
                return "</span>"
            return token.replace(_OPEN, "").replace(_CLOSE, "")

        return _TAG_OR_MARK.sub(replace, html)
