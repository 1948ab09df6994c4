"""The playbook's macros for mkdocs-macros-plugin: hand-written pages in docs/ call them with `render_macros: true`."""

import functools
from pathlib import Path

from .content import cached_playbook
from .library import PlaybookMacros
from .site import page_renderer


def define_env(env):
    """Register the playbook macros; a page calls them as {{ big_questions("shared-influence", "why") }}."""

    # Built on first use: most builds have no hand-written page that calls a macro.
    @functools.cache
    def library() -> PlaybookMacros:
        root = Path(env.project_dir)
        return PlaybookMacros(page_renderer(cached_playbook(root), root), lambda: env.page.url)

    for name in PlaybookMacros.NAMES:
        env.macro(_deferred(library, name), name)


def _deferred(library, name: str):
    def macro(*args, **kwargs):
        return getattr(library(), name)(*args, **kwargs)

    macro.__name__ = name
    macro.__doc__ = getattr(PlaybookMacros, name).__doc__
    return macro
