"""Corrections to the HTML the themes write, the same for Material for MkDocs and for Zensical.

Each is an exact string of the theme's templates: when a theme upgrade changes one, nothing is replaced and the
HTML check (tests/test_quality_gates.py, the W3C Nu checker) names the error again.
"""

import re

from .html_whitespace import compacted

# The drawer and search toggles are checkboxes with autocomplete="off" (so that Firefox does not restore them
# open after a reload), which HTML allows only on text-like inputs: the Nu checker reports it on every page.
_TOGGLES = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
            '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">')

# Zensical hides the drawer's overlay from screen readers with aria-hidden, which HTML forbids on a label tied
# to a control; Material writes the same label without it.
_OVERLAY = ('<label class="md-overlay" for="__drawer" aria-hidden="true"></label>',
            '<label class="md-overlay" for="__drawer"></label>')


# The logo's link prints the site's name twice: as it is in aria-label and escaped in title. The core hands the
# themes that name escaped already (site.theme_text), so the title would read "Smith &amp; Jones": it takes the
# aria-label's text instead.
_LOGO_TITLE = re.compile(r'title="[^"]*"( class="md-(?:header|nav)__button md-logo" aria-label="([^"]*)")')


def corrected(html: str) -> str:
    """`html`, a page the theme wrote, made valid HTML that reads as the core meant."""
    for toggle in _TOGGLES:
        html = html.replace(toggle, toggle.replace(' autocomplete="off"', ""))
    html = _LOGO_TITLE.sub(r'title="\2"\1', html)
    return html.replace(*_OVERLAY)


def finished(html: str) -> str:
    """`html`, a page the theme wrote, corrected and without its templates' indentation (html_whitespace.py)."""
    return compacted(corrected(html))
