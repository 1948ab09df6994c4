"""Markdown whose HTML is cleaned by a maintained sanitizer (nh3): the second wall behind the validator.

The validator (safety.py) refuses, where it was typed, any HTML that content may not hold. Whatever Markdown
becomes is cleaned here as well, so a gap there cannot put a script, an event handler or another host's image on
a page or in a PDF: the data's text (render.py), and the hand-written pages of docs/, with both engines. Both
adapters and the renderer add this extension themselves (markdown_settings in render.py), so no configuration
can leave it out.

A hand-written page may call the playbook's macros, whose HTML (the partials, from checked content: forms, the
live worksheet's data block) the sanitizer would strip. Each macro's HTML goes into the page as a sealed token,
which Markdown and the sanitizer pass as plain text, and is put back after the cleaning. A token is signed with a
key made for the build, so a page cannot forge one to smuggle HTML past the cleaning; a token that does not check
out is dropped.

Zensical reads even the generated pages as Markdown (their body is HTML the partials made from checked content):
such a body starts with a signed mark (core_page) and is left as it is.
"""

import base64
import hashlib
import hmac
import os
import re
import secrets

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor

# How mkdocs.yml and Zensical's configuration name this extension.
EXTENSION = "macros.sanitized_markdown"
# What Markdown in content may become: the documented inline tags (safety.INLINE_TAGS) and the blocks Markdown
# itself writes.
MARKDOWN_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
                 "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
                 "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}
MARKDOWN_ATTRIBUTES = {"*": {"id", "class", "title", "lang", "dir"}, "a": {"href"}, "img": {"src", "alt"},
                       "ol": {"start"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}
# One key for the build and the processes it starts (Zensical's, which converts the pages): kept in the
# environment, never written anywhere.
_KEY_VARIABLE = "PLAYBOOK_MACRO_SEAL"
_OPEN, _CLOSE = "\ue002", "\ue003"
_TOKEN = re.compile(f"{_OPEN}([A-Za-z0-9+/=]*)\\.([0-9a-f]{{64}}){_CLOSE}")
_CORE_MARK = "\ue004([0-9a-f]{64})\ue005"
_CORE_PAGE = re.compile(f"^\\s*(?:<p>)?{_CORE_MARK}(?:</p>)?\\s*")
# A macro on a line of its own comes back from Markdown as a paragraph of its own: the macro's HTML replaces it.
_TOKEN_PARAGRAPH = re.compile(f"<p>\\s*({_TOKEN.pattern})\\s*</p>")
_TAG = re.compile(r"<script\b[^>]*>.*?</script>|<[^>]*>", re.S | re.I)


def _project_images_only(element: str, attribute: str, value: str):
    """An image's source must be a file of the site: no other host, so no tracker."""
    if element == "img" and attribute == "src" and (":" in value.split("/", 1)[0] or value.startswith("//")):
        return None
    return value


def add_to(extensions: list) -> list:
    """A list of Markdown extensions (names, or mkdocs.yml's entries) with this one in it, last if it was not."""
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    return extensions


def clean_html(html: str) -> str:
    """HTML with only what content may hold (see MARKDOWN_TAGS); links get rel="noopener"."""
    return nh3.clean(html, tags=MARKDOWN_TAGS, attributes=MARKDOWN_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_project_images_only, link_rel="noopener")


def seal(html: str) -> str:
    """A macro's HTML as a token that passes through Markdown and the sanitizer as plain text."""
    payload = base64.b64encode(html.encode("utf-8")).decode("ascii")
    return f"{_OPEN}{payload}.{_signature(payload)}{_CLOSE}"


def core_page(html: str) -> str:
    """A generated page's body, marked so that the sanitizer leaves it as the partials made it."""
    return f"\ue004{_signature('core page')}\ue005\n\n{html}"


def cleaned(html: str) -> str:
    """Markdown's HTML with only what content may hold, and each sealed macro's HTML put back."""
    mark = _CORE_PAGE.match(html)
    if mark and hmac.compare_digest(mark.group(1), _signature("core page")):
        return html[mark.end():]
    html = clean_html(html)
    if _OPEN not in html:
        return html
    html = _TOKEN_PARAGRAPH.sub(lambda match: _unsealed(_TOKEN.match(match.group(1))), html)
    return _TOKEN.sub(_unsealed, html)


def unsealed_text(text: str) -> str:
    """Text (a search index's) with each token replaced by the words of the HTML it holds, and no page mark."""
    text = re.sub(_CORE_MARK, "", text)
    return _TOKEN.sub(lambda match: " ".join(_TAG.sub(" ", _unsealed(match)).split()), text)


def _key() -> bytes:
    return os.environ.setdefault(_KEY_VARIABLE, secrets.token_hex(32)).encode()


def _signature(payload: str) -> str:
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def _unsealed(match: re.Match) -> str:
    payload, signature = match.group(1), match.group(2)
    if not hmac.compare_digest(signature, _signature(payload)):
        return ""
    return base64.b64decode(payload).decode("utf-8")


class _Cleaner(Postprocessor):
    def run(self, text: str) -> str:
        return cleaned(text)


class SanitizedMarkdown(Extension):
    """Cleans the finished HTML: last of all, after Markdown has put back the raw HTML it held aside."""

    def extendMarkdown(self, md):
        md.postprocessors.register(_Cleaner(md), "pb_sanitized", 0)


def makeExtension(**kwargs):  # noqa: N802  (the name Python-Markdown looks for)
    return SanitizedMarkdown(**kwargs)
