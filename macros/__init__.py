"""The playbook's macros for mkdocs-macros-plugin: hand-written pages in docs/ call them with `render_macros: true`."""

from pathlib import Path

from .content import cached_playbook
from .library import PlaybookMacros
from .render import Renderer


def define_env(env):
    """Register the playbook macros; a page calls them as {{ big_questions("shared-influence", "why") }}."""
    renderer = Renderer(cached_playbook(Path(env.project_dir)))
    for name, macro in PlaybookMacros(renderer, lambda: env.page.url).macros().items():
        env.macro(macro, name)
