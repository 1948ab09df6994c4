"""The macros a page can call. Each renders one partial from macros/templates/ for the page being built.

Hand-written pages call them through mkdocs-macros-plugin ({{ big_questions("shared-influence", "why") }});
generated pages and the whole-playbook PDF are filled by the same functions directly, see site.py.
"""

from typing import Callable

from .render import Renderer


class PlaybookMacros:
    """The playbook's macros, bound to a renderer, to the current page's site path and to an id scope."""

    NAMES = ("home", "introduction", "condition_cards", "conditions_table", "conditions_index", "conditions_part",
             "condition_overview", "phase_guide", "big_questions", "important_tasks", "tools_index", "tool_page",
             "start_page", "case_study_page", "frameworks_index", "framework_page", "crosswalk_page",
             "example_page", "glossary_page", "credits_page", "facilitate", "present_phase",
             "translation_status_page", "team_page")

    def __init__(self, renderer: Renderer, current_url: Callable[[], str], scope: str = "",
                 own_language: bool = False, for_print: bool = False):
        """`own_language`: mark each macro's HTML with the playbook's language, for a hand-written page that may
        itself still be in the source language (not translated yet). `for_print`: the HTML goes into a printed
        document (the whole playbook), so it leaves out what only a browser uses."""
        self.for_print = for_print
        self.renderer = renderer
        self.playbook = renderer.playbook
        self.current_url = current_url
        self.scope = scope
        self.own_language = own_language

    def _render(self, template: str, **params) -> str:
        html = self.renderer.render(template, self.current_url(), self.scope, interactive=not self.for_print,
                                    params=params)
        if self.own_language:
            locale = self.playbook.locale
            return f'<div lang="{locale.code}" dir="{locale.direction}">{html}</div>'
        return html

    def home(self) -> str:
        """The home page: intro, condition cards, how to use, tools."""
        return self._render("home.html")

    def introduction(self) -> str:
        """The introduction, working definition and how to use the playbook (the home page's text, for print)."""
        return self._render("introduction_part.html")

    def condition_cards(self) -> str:
        """The conditions as cards."""
        return self._render("condition_cards.html")

    def conditions_table(self) -> str:
        """The conditions side by side: what each looks like and what happens without it."""
        return self._render("conditions_table.html")

    def conditions_index(self) -> str:
        """All conditions together: cards and the table."""
        return self._render("conditions_index.html")

    def conditions_part(self) -> str:
        """All conditions together for print: the table without the cards."""
        return self._render("conditions_part.html")

    def condition_overview(self, slug: str) -> str:
        """The overview of one condition."""
        return self._render("condition.html", condition=self.playbook.condition(slug))

    def phase_guide(self, slug: str, phase: str) -> str:
        """One phase of a condition's strategy guide."""
        condition = self.playbook.condition(slug)
        return self._render("phase.html", condition=condition, guide=condition.guide(phase))

    def big_questions(self, slug: str, phase: str) -> str:
        """The numbered big questions of one phase."""
        guide = self.playbook.condition(slug).guide(phase)
        return self._render("big_questions.html", questions=guide.big_questions, id_prefix=f"{slug}-{phase}-")

    def important_tasks(self, slug: str, phase: str) -> str:
        """The important tasks of one phase, as a checklist."""
        condition = self.playbook.condition(slug)
        return self._render("tasks.html", condition=condition, guide=condition.guide(phase))

    def tools_index(self) -> str:
        """The list of team tools."""
        return self._render("tools_index.html")

    def tool_page(self, slug: str) -> str:
        """A tool's page with its worksheet."""
        return self._render("tool.html", tool=self.playbook.tool(slug))

    def team_page(self, slug: str) -> str:
        """A rating worksheet's team view: members' exported files side by side (web only)."""
        return self._render("team.html", tool=self.playbook.tool(slug))

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

    def example_page(self, slug: str) -> str:
        """A tool filled in by the example school's team."""
        return self._render("example.html", tool=self.playbook.tool(slug))

    def glossary_page(self) -> str:
        """The glossary."""
        return self._render("glossary.html")

    def credits_page(self) -> str:
        """What the playbook adapts, from whom, what is new, and the licence."""
        return self._render("credits.html")

    def translation_status_page(self) -> str:
        """How far this language's translation is: per file, translated, stale and missing pieces."""
        return self._render("translation_status.html")

    def facilitate(self, slug: str, phase: str) -> str:
        """The session plan of one phase: preparation, roles, timed agenda and what to print."""
        condition = self.playbook.condition(slug)
        return self._render("session.html", condition=condition, guide=condition.guide(phase))

    def present_phase(self, slug: str, phase: str) -> str:
        """One phase's big questions for a projector, one at a time, with the session's step timer."""
        condition = self.playbook.condition(slug)
        return self._render("present.html", condition=condition, guide=condition.guide(phase))
