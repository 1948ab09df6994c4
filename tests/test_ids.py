"""No id and no form field name is used twice in one page or one printable document.

A repeated id sends `label for`, `aria-labelledby` and in-page links to the wrong
element, and in a tagged PDF (PDF/UA) it breaks the structure a screen reader follows.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from macros.content import load_playbook
from macros.printing import print_documents
from macros.site import build_site
from sitebuild import REPO


class _Names(HTMLParser):
    """Collects every id, and every form field name: one per text box or checkbox, one per group of radio buttons."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.names: list[str] = []
        self._radio_groups: set[tuple[int, str]] = set()
        self._fieldsets = 0
        self._fieldset_count = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "fieldset":
            self._fieldset_count += 1
            self._fieldsets = self._fieldset_count
        if tag in ("input", "textarea", "select") and attributes.get("name"):
            name = attributes["name"]
            if attributes.get("type") == "radio":
                group = (self._fieldsets, name)
                if group in self._radio_groups:
                    return
                self._radio_groups.add(group)
            self.names.append(name)


def repeated(html: str) -> tuple[list, list]:
    """The ids and the form field names that occur more than once."""
    parser = _Names()
    parser.feed(html)
    return ([name for name, count in Counter(parser.ids).items() if count > 1],
            [name for name, count in Counter(parser.names).items() if count > 1])


def test_no_page_of_the_built_site_repeats_an_id_or_a_field_name(built):
    for page in built.site.rglob("*.html"):
        assert repeated(page.read_text(encoding="utf-8")) == ([], []), page.relative_to(built.site)


@pytest.mark.parametrize("root", ["fixture", "default content"])
def test_no_printable_document_repeats_an_id_or_a_field_name_and_every_link_within_it_lands(built, root):
    project = built.project if root == "fixture" else REPO
    # Not the cached documents: this process's print styles are another project's, so it would store them under
    # a key of its own in the shared build's cache and evict the build's entry.
    for document in print_documents(load_playbook(project), project):
        assert repeated(document.html) == ([], []), document.path
        parser = _Names()
        parser.feed(document.html)
        targets = set(re.findall(r'href="#([^"]+)"', document.html))
        assert targets - set(parser.ids) == set(), document.path


def test_no_generated_page_of_the_default_content_repeats_an_id_or_a_field_name():
    for page in build_site(REPO).pages:
        assert repeated(page.body) == ([], []), page.path
