"""The macros a page can call. Each renders one partial from macros/templates/ for the page being built.

Hand-written pages call them through mkdocs-macros-plugin ({{ big_questions("shared-influence", "why") }});
generated pages are filled by the same functions directly, see mkdocs_hooks.py.
"""

from typing import Callable

from .render import Renderer


class PlaybookMacros:
    """The playbook's macros, bound to a renderer and to a function giving the current page's site path."""

    NAMES = ("home", "condition_cards", "conditions_table", "conditions_index", "condition_overview", "phase_guide",
             "big_questions", "important_tasks", "tools_index", "tool_page", "start_page", "case_study_page",
             "frameworks_index", "framework_page", "crosswalk_page")

    def __init__(self, renderer: Renderer, current_url: Callable[[], str]):
        self.renderer = renderer
        self.playbook = renderer.playbook
        self.current_url = current_url

    def _render(self, template: str, **params) -> str:
        return self.renderer.render(template, self.current_url(), params=params)

    def home(self) -> str:
        """The home page: intro, condition cards, how to use, tools."""
        return self._render("home.html")

    def condition_cards(self) -> str:
        """The conditions as cards."""
        return self._render("condition_cards.html")

    def conditions_table(self) -> str:
        """The conditions side by side: what each looks like and what happens without it."""
        return self._render("conditions_table.html")

    def conditions_index(self) -> str:
        """All conditions together."""
        return self._render("conditions_index.html")

    def condition_overview(self, slug: str) -> str:
        """The overview of one condition."""
        return self._render("condition.html", condition=self.playbook.condition(slug))

    def phase_guide(self, slug: str, phase: str) -> str:
        """One phase of a condition's strategy guide."""
        return self._render("phase.html", condition=self.playbook.condition(slug), phase=self.playbook.phase(phase))

    def big_questions(self, slug: str, phase: str) -> str:
        """The numbered big questions of one phase."""
        guide = self.playbook.condition(slug)["phases"][phase]
        return self._render("big_questions.html", questions=guide["big_questions"], id_prefix=f"{slug}-{phase}-q")

    def important_tasks(self, slug: str, phase: str) -> str:
        """The important tasks of one phase, as a checklist."""
        guide = self.playbook.condition(slug)["phases"][phase]
        return self._render("tasks.html", tasks=guide["tasks"], id_prefix=f"task-{slug}-{phase}-")

    def tools_index(self) -> str:
        """The list of team tools."""
        return self._render("tools_index.html")

    def tool_page(self, slug: str) -> str:
        """A tool's page with its worksheet."""
        return self._render("tool.html", tool=self.playbook.tool(slug))

    def start_page(self) -> str:
        """Start here: the team and its first meetings, with timings."""
        return self._render("start.html")

    def case_study_page(self) -> str:
        """The case study."""
        return self._render("case_study.html")

    def frameworks_index(self) -> str:
        """The list of companion frameworks and the crosswalk."""
        return self._render("frameworks_index.html")

    def framework_page(self, slug: str) -> str:
        """One companion framework."""
        return self._render("framework.html", framework=self.playbook.framework(slug))

    def crosswalk_page(self) -> str:
        """How the conditions map to the companion frameworks."""
        return self._render("crosswalk.html")
