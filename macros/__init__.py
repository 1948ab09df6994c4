"""The playbook's macros for mkdocs-macros-plugin: each renders one partial from macros/templates/ with playbook data."""

from pathlib import Path

from .content import cached_playbook
from .render import Renderer


def define_env(env):
    """Register the playbook macros; pages call them as {{ big_questions("shared-influence", "why") }}."""
    playbook = cached_playbook(Path(env.project_dir))
    renderer = Renderer(playbook)

    def render(template: str, **params) -> str:
        return renderer.render(template, env.page.url, params=params)

    @env.macro
    def home() -> str:
        """The home page: intro, condition cards, how to use, tools."""
        return renderer.render("home.html", env.page.url)

    @env.macro
    def condition_cards() -> str:
        """The conditions as cards."""
        return renderer.render("condition_cards.html", env.page.url)

    @env.macro
    def conditions_index() -> str:
        """All conditions together."""
        return renderer.render("conditions_index.html", env.page.url)

    @env.macro
    def condition_overview(slug: str) -> str:
        """The overview of one condition."""
        return render("condition.html", condition=playbook.condition(slug))

    @env.macro
    def phase_guide(slug: str, phase: str) -> str:
        """One phase of a condition's strategy guide."""
        return render("phase.html", condition=playbook.condition(slug), phase=playbook.phase(phase))

    @env.macro
    def big_questions(slug: str, phase: str) -> str:
        """The numbered big questions of one phase."""
        guide = playbook.condition(slug)["phases"][phase]
        return render("big_questions.html", questions=guide["big_questions"], id_prefix=f"{slug}-{phase}-q")

    @env.macro
    def important_tasks(slug: str, phase: str) -> str:
        """The important tasks of one phase, as a checklist."""
        guide = playbook.condition(slug)["phases"][phase]
        return render("tasks.html", tasks=guide["tasks"], id_prefix=f"task-{slug}-{phase}-")

    @env.macro
    def tools_index() -> str:
        """The list of team tools."""
        return renderer.render("tools_index.html", env.page.url)

    @env.macro
    def tool_page(slug: str) -> str:
        """A tool's page with its worksheet."""
        return render("tool.html", tool=playbook.tool(slug))
