"""Renders playbook data through the Jinja partials in macros/templates/ (shared by web pages and, later, print)."""

import functools
import math
import posixpath
import re
from pathlib import Path

import jinja2
import markdown as markdown_lib
from markupsafe import Markup, escape

from .content import Playbook
from .icons import icon_svg

TEMPLATE_DIR = Path(__file__).parent / "templates"
WORDS_PER_MINUTE = 200
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)
# Text with none of these needs no Markdown parser: paragraphs split on blank lines are the whole job.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&\\#|]|^\s*([-+]|\d+[.)])\s", re.M)


def relative_url(target: str, here: str) -> str:
    """A link from the page at site path `here` to site path `target`; both are directories like 'conditions/x/'."""
    relative = posixpath.relpath("/" + target, "/" + here)
    if relative == ".":
        return "./"
    return relative + "/" if target.endswith("/") or not target else relative


def count_words(value) -> int:
    """Words in every text value inside `value` (nested dicts and lists included)."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(count_words(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_words(item) for item in value)
    return 0


def reading_minutes(value) -> int:
    """Minutes a reader needs for the text in `value`, at least one."""
    return max(1, math.ceil(count_words(value) / WORDS_PER_MINUTE))


def _bytecode_cache(root: Path):
    """Compiled templates kept in .cache/jinja, so a rebuild does not compile them again."""
    directory = root / ".cache" / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


class Renderer:
    """Turns playbook data into HTML fragments for a page at a given site path."""

    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        self._markdown = markdown_lib.Markdown(output_format="html")
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
            bytecode_cache=_bytecode_cache(playbook.root),
        )
        self.env.filters["markdown"] = self.markdown
        self.env.filters["inline"] = self.inline_markdown
        self.env.filters["merge"] = lambda mapping, **extra: {**mapping, **extra}
        self.env.filters["without"] = lambda mapping, *keys: {k: v for k, v in mapping.items() if k not in keys}
        self.env.globals.update(
            playbook=playbook,
            ui=self.ui,
            icon=lambda name: Markup(icon_svg(name)),
            reading_minutes=reading_minutes,
            url=jinja2.pass_context(lambda context, target: relative_url(target, context["here"])),
        )

    def _render_markdown(self, text: str) -> Markup:
        """Block Markdown (paragraphs, lists) as HTML."""
        if not _MARKDOWN_SYNTAX.search(text):
            paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip())]
            return Markup("\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs))
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

    def render(self, template: str, here: str, **context) -> str:
        """Render `template` for the page at site path `here`, as HTML with no blank lines.

        Python-Markdown ends a raw HTML block at a blank line, so the fragment is
        kept free of them to pass through a Markdown page untouched.
        """
        html = self.env.get_template(template).render(here=here, **context)
        return "\n".join(line for line in html.splitlines() if line.strip())
