"""Which pages the site has, at which URLs, made from which data file: plain data, no MkDocs."""

import json
from dataclasses import dataclass

from .content import Playbook


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from data: where it lives, its title, the macro that fills it and the file it comes from."""

    src_uri: str
    title: str
    description: str
    macro: str
    arguments: tuple
    source_file: str
    hide: tuple = ()

    @property
    def url(self) -> str:
        """The page's site path, such as conditions/shared-influence/why/."""
        stem = self.src_uri.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"

    def front_matter(self) -> str:
        """The page's Markdown source without a body: its title, description and hidden parts."""
        front_matter = {"title": self.title, "description": self.description}
        if self.hide:
            front_matter["hide"] = list(self.hide)
        header = "\n".join(f"{key}: {json.dumps(value)}" for key, value in front_matter.items())
        return f"---\n{header}\n---\n"


def generated_pages(playbook: Playbook) -> list[GeneratedPage]:
    """Every page the playbook's data produces, in reading order."""
    language_dir = f"data/{playbook.language}"
    meta = playbook.meta
    pages = [
        GeneratedPage("index.md", meta["title"], meta["description"], "home", (),
                      f"{language_dir}/playbook.yml", hide=("navigation", "toc")),
        GeneratedPage("conditions/index.md", playbook.ui["conditions_heading"], meta["description"],
                      "conditions_index", (), f"{language_dir}/playbook.yml"),
    ]
    for condition in playbook.conditions:
        source = f"{language_dir}/conditions/{condition['slug']}.yml"
        base = f"conditions/{condition['slug']}"
        pages.append(GeneratedPage(f"{base}/index.md", condition["title"], condition["summary"],
                                   "condition_overview", (condition["slug"],), source))
        for phase in playbook.guide_phases(condition):
            pages.append(GeneratedPage(f"{base}/{phase['id']}.md", f"{phase['title']} — {condition['title']}",
                                       condition["summary"], "phase_guide", (condition["slug"], phase["id"]),
                                       source))
    if playbook.start:
        pages.insert(1, GeneratedPage("start.md", playbook.start["title"], playbook.start["summary"],
                                      "start_page", (), f"{language_dir}/start.yml"))
    pages.append(GeneratedPage("tools/index.md", playbook.ui["tools_heading"], playbook.ui["tools_intro"],
                               "tools_index", (), f"{language_dir}/playbook.yml"))
    for tool in playbook.tools:
        pages.append(GeneratedPage(f"tools/{tool['slug']}.md", tool["title"], tool["summary"],
                                   "tool_page", (tool["slug"],), f"{language_dir}/tools/{tool['slug']}.yml"))
    if playbook.frameworks or playbook.crosswalk:
        pages.append(GeneratedPage("frameworks/index.md", playbook.ui["frameworks_heading"],
                                   playbook.ui["frameworks_intro"], "frameworks_index", (),
                                   f"{language_dir}/playbook.yml"))
    for framework in playbook.frameworks:
        pages.append(GeneratedPage(f"frameworks/{framework['slug']}.md", framework["title"], framework["summary"],
                                   "framework_page", (framework["slug"],),
                                   f"{language_dir}/frameworks/{framework['slug']}.yml"))
    if playbook.crosswalk:
        pages.append(GeneratedPage("frameworks/crosswalk.md", playbook.crosswalk["title"],
                                   playbook.crosswalk["summary"], "crosswalk_page", (),
                                   f"{language_dir}/crosswalk.yml", hide=("toc",)))
    if playbook.case_study:
        pages.append(GeneratedPage("case-study.md", playbook.case_study["title"], playbook.case_study["summary"],
                                   "case_study_page", (), f"{language_dir}/case-study.yml"))
    return pages


def site_nav(playbook: Playbook) -> list:
    """The navigation tree in MkDocs' `nav` format, in the playbook's reading order."""
    ui = playbook.ui
    conditions = [
        {condition["title"]: [{ui["nav_overview"]: f"conditions/{condition['slug']}/index.md"}] + [
            {phase["short_title"]: f"conditions/{condition['slug']}/{phase['id']}.md"}
            for phase in playbook.guide_phases(condition)
        ]}
        for condition in playbook.conditions
    ]
    tools = [{tool["title"]: f"tools/{tool['slug']}.md"} for tool in playbook.tools]
    nav = [{ui["nav_home"]: "index.md"}]
    if playbook.start:
        nav.append({playbook.start["title"]: "start.md"})
    nav.append({ui["nav_conditions"]: [{ui["nav_all_conditions"]: "conditions/index.md"}] + conditions})
    nav.append({ui["nav_tools"]: [{ui["nav_all_tools"]: "tools/index.md"}] + tools})
    if playbook.frameworks or playbook.crosswalk:
        frameworks = [{framework["title"]: f"frameworks/{framework['slug']}.md"} for framework in playbook.frameworks]
        if playbook.crosswalk:
            frameworks.append({playbook.crosswalk["title"]: "frameworks/crosswalk.md"})
        nav.append({ui["nav_frameworks"]: [{ui["nav_all_frameworks"]: "frameworks/index.md"}] + frameworks})
    if playbook.case_study:
        nav.append({playbook.case_study["title"]: "case-study.md"})
    return nav
