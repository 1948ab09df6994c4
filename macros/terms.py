"""Marks the first use of each glossary term on a page, and spells out each acronym where a page first uses it.

Works on the finished HTML of one page. Text inside headings, links, labels,
buttons, quotations, code and the like is left as it is: a quotation stays
exact, and a link or a form control gets no link inside it.
"""

import functools
import html
import re

from markupsafe import escape

from .model import Glossary, GlossaryTerm

_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
# Elements whose text is never marked.
_UNTOUCHED = {"a", "abbr", "button", "code", "dfn", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "kbd",
              "label", "legend", "option", "pre", "q", "script", "select", "style", "blockquote", "svg", "textarea",
              "title", "dt"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def mark_terms(page_html: str, glossary: Glossary | None, glossary_url: str, *, scope: str = "",
               definitions: bool = True) -> str:
    """The page with each term's first use linked to its definition, and each acronym's first use spelled out.

    `definitions` adds the definition beside the link for screen readers and as a tooltip on hover and focus
    (web pages); print has the link and the spelled-out acronym only.
    """
    if glossary is None:
        return page_html
    pattern, by_spelling, acronyms = _matcher(glossary)
    page_text = html.unescape(_TOKEN.sub(" ", page_html)).lower()
    seen: set[str] = set()
    # The open elements, each with whether text inside it stays unmarked.
    stack: list[tuple[str, bool]] = []
    out = []
    for token in _TOKEN.split(page_html):
        if token.startswith("<"):
            out.append(token)
            name = _tag_name(token)
            if not name or token.startswith("<!--") or name in _VOID or token.endswith("/>"):
                continue
            if not token.startswith("</"):
                stack.append((name, name in _UNTOUCHED or "data-pb-no-terms" in token))
            elif any(open_name == name for open_name, _ in stack):
                while stack.pop()[0] != name:
                    pass
            continue
        if not token.strip() or any(untouched for _, untouched in stack):
            out.append(token)
            continue
        out.append(pattern.sub(lambda match: _mark(match, by_spelling, acronyms, seen, page_text, glossary_url,
                                                   scope, definitions), token))
    return "".join(out)


@functools.lru_cache(maxsize=4)
def _matcher(glossary: Glossary) -> tuple[re.Pattern, dict, dict]:
    """One pattern for every spelling (longest first), the term of each spelling, and the acronyms among them;
    made once per glossary, not once per page."""
    spellings = sorted(((spelling, term) for term in glossary.terms for spelling in term.spellings),
                       key=lambda pair: len(pair[0]), reverse=True)
    pattern = re.compile("|".join(_spelling_pattern(spelling) for spelling, _ in spellings))
    by_spelling = {spelling.lower(): term for spelling, term in spellings}
    acronyms = {spelling: term for spelling, term in spellings if _is_acronym(spelling)}
    return pattern, by_spelling, acronyms


def _spelling_pattern(spelling: str) -> str:
    # Acronyms match as written (a "PLC" but not "plc"); words match in any case ("Theory of action").
    flags = "" if _is_acronym(spelling) else "(?i:"
    body = re.escape(spelling).replace(r"\ ", r"\s+")
    return rf"\b{flags}{body}{')' if flags else ''}\b"


def _is_acronym(spelling: str) -> bool:
    letters = spelling.rstrip("s")
    return len(letters) >= 2 and letters.isupper()


def _tag_name(token: str) -> str:
    match = _TAG_NAME.match(token)
    return match.group(1).lower() if match else ""


def _mark(match: re.Match, by_spelling: dict, acronyms: dict, seen: set, page_text: str, glossary_url: str,
          scope: str, definitions: bool) -> str:
    written = match.group(0)
    term: GlossaryTerm = by_spelling[re.sub(r"\s+", " ", written).lower()]
    if term.id in seen:
        return written
    seen.add(term.id)
    shown = str(escape(written))
    if written in acronyms and term.term.lower() not in page_text:
        shown += f" ({escape(_spelled_out(term, written))})"
    href = f"{glossary_url}#{term.id}"
    if not definitions:
        return f'<a class="pb-term" href="{href}">{shown}</a>'
    definition_id = f"{scope}term-{term.id}"
    definition = escape(_plain(term.definition))
    return (f'<span class="pb-term"><a href="{href}" aria-describedby="{definition_id}">{shown}</a>'
            f'<span class="pb-term__definition" role="tooltip" id="{definition_id}" data-search-exclude>{definition}</span>'
            '</span>')


def _spelled_out(term: GlossaryTerm, written: str) -> str:
    """The words an acronym stands for, plural when the acronym is ("PLCs": professional learning communities)."""
    if written != term.abbreviation and written.endswith("s"):
        stem = term.term.lower()[:-1]
        plural = next((form for form in term.forms if form.lower().startswith(stem) and form.lower() != term.term.lower()
                       and not _is_acronym(form)), None)
        if plural:
            return plural
    return term.term


def _plain(markdown_text: str) -> str:
    """A definition as one line of plain text (its Markdown emphasis and links dropped)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown_text)
    return " ".join(re.sub(r"[*_`]", "", text).split())
