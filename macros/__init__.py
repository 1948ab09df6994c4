"""The playbook's macros for mkdocs-macros-plugin: hand-written pages in docs/ call them with `render_macros: true`."""

import functools
import os
from pathlib import Path

from .content import cached_content, cached_playbook, language_codes
from .library import PlaybookMacros
from .sanitized_markdown import seal
from .site import page_renderer, prefix_of

# The language a MkDocs build makes (see mkdocs_hooks.py).
LANGUAGE_VARIABLE = "PLAYBOOK_LANGUAGE"


def define_env(env):
    """Register the playbook macros; a page calls them as {{ big_questions("shared-influence", "why") }}."""

    # Built on first use: most builds have no hand-written page that calls a macro.
    @functools.cache
    def library() -> PlaybookMacros:
        root = Path(env.project_dir)
        language = os.environ.get(LANGUAGE_VARIABLE) or language_codes(cached_content(root))[0]
        playbook = cached_playbook(root, language)
        prefix = prefix_of(playbook)
        return PlaybookMacros(page_renderer(playbook, root), lambda: prefix + env.page.url,
                              own_language=not playbook.is_source)

    for name in PlaybookMacros.NAMES:
        env.macro(_deferred(library, name), name)


def _deferred(library, name: str):
    def macro(*args, **kwargs):
        # Sealed, so the page's Markdown and its sanitizer pass the partial's HTML through whole (sanitized_markdown.py).
        return seal(getattr(library(), name)(*args, **kwargs))

    macro.__name__ = name
    macro.__doc__ = getattr(PlaybookMacros, name).__doc__
    return macro
