"""The playbook's macros for mkdocs-macros-plugin: hand-written pages in docs/ call them with `render_macros: true`."""

import functools
from pathlib import Path

from .content import cached_playbook
from .library import PlaybookMacros
from .render import Renderer


def define_env(env):
    """Register the playbook macros; a page calls them as {{ big_questions("shared-influence", "why") }}."""

    # Built on first use: most builds have no hand-written page that calls a macro.
    @functools.cache
    def library() -> PlaybookMacros:
        return PlaybookMacros(Renderer(cached_playbook(Path(env.project_dir))), lambda: env.page.url)

    for name in PlaybookMacros.NAMES:
        env.macro(_deferred(library, name), name)


def _deferred(library, name: str):
    def macro(*args, **kwargs):
        return getattr(library(), name)(*args, **kwargs)

    macro.__name__ = name
    macro.__doc__ = getattr(PlaybookMacros, name).__doc__
    return macro
