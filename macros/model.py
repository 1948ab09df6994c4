"""The playbook as typed, read-only objects, made from content that has passed validation.

Templates read attributes of these objects. Everything a template would
otherwise compute (numbers, letters, anchors, totals, which tools a condition
uses) is computed here, once.
"""

import math
from dataclasses import dataclass

from .fields import Field, Rating, make_field
from .schema import did_you_mean

WORDS_PER_MINUTE = 200
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def count_words(value) -> int:
    """Words in every text value inside `value` (nested dicts and lists included)."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(count_words(item) for key, item in value.items() if key != "id")
    if isinstance(value, list):
        return sum(count_words(item) for item in value)
    return 0


def reading_minutes(value) -> int:
    """Minutes a reader needs for the text in `value`, at least one."""
    return max(1, math.ceil(count_words(value) / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class Quote:
    """A quotation; in a translation, `text` is the translation and `original` the exact words quoted."""

    text: str
    author: str
    original: str | None = None

    @property
    def quoted(self) -> str:
        """The text in quotation marks (still marked as untranslated where it is)."""
        return type(self.text)("“" + self.text.strip() + "”")


@dataclass(frozen=True)
class Titled:
    """A title with Markdown text: a how-to-use step, a case-study item, the 'without it' box."""

    title: str
    text: str


@dataclass(frozen=True)
class Phase:
    """A phase of every strategy guide (why, how, implement), numbered from 1."""

    id: str
    number: int
    title: str
    short_title: str
    goal: str
    icon: str


@dataclass(frozen=True)
class FollowUp:
    """A follow-up of a big question, lettered: `label` is '3b', `anchor` the id 'q3b'."""

    letter: str
    label: str
    anchor: str
    text: str


@dataclass(frozen=True)
class BigQuestion:
    number: int
    anchor: str
    text: str
    follow_ups: tuple[FollowUp, ...]

    @property
    def words(self) -> int:
        """Words in the question and its follow-ups (long ones get smaller type on a card)."""
        return count_words([self.text, *(follow_up.text for follow_up in self.follow_ups)])


@dataclass(frozen=True)
class Task:
    number: int
    text: str


@dataclass(frozen=True)
class Roles:
    """What the facilitator, the timekeeper and the note-taker do in one session."""

    facilitator: str
    timekeeper: str
    note_taker: str


@dataclass(frozen=True)
class SessionStep:
    """One timed step of a session's agenda, with the big questions, task and tool it works on."""

    number: int
    title: str
    minutes: int
    starts_at: int
    text: str
    questions: tuple[BigQuestion, ...]
    task: Task | None
    tool: str | None


@dataclass(frozen=True)
class Session:
    """The facilitated meeting that works through one phase of a condition's guide."""

    summary: str
    prepare: tuple[str, ...]
    roles: Roles
    steps: tuple[SessionStep, ...]

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    @property
    def tools(self) -> tuple[str, ...]:
        """The tools the agenda uses, each once, in order."""
        return tuple(dict.fromkeys(step.tool for step in self.steps if step.tool))


@dataclass(frozen=True)
class Guide:
    """One phase of one condition's strategy guide."""

    phase: Phase
    position: int
    intro: str
    goal: str
    big_questions: tuple[BigQuestion, ...]
    tasks: tuple[Task, ...]
    connect: str
    tools: tuple[str, ...]
    reading_minutes: int
    session: Session | None = None


@dataclass(frozen=True)
class Condition:
    slug: str
    number: int
    title: str
    summary: str
    color: str
    icon: str
    quote: Quote
    what_we_mean: str
    looks_like: tuple[str, ...]
    why_it_matters: str
    without_it: Titled
    without_it_label_is_ours: bool
    guides: tuple[Guide, ...]
    reading_minutes: int

    def guide(self, phase_id: str) -> Guide:
        """The guide's phase with this id."""
        for guide in self.guides:
            if guide.phase.id == phase_id:
                return guide
        raise KeyError(f"condition '{self.slug}' has no phase '{phase_id}'"
                       f"{did_you_mean(phase_id, [g.phase.id for g in self.guides])}")

    def neighbours(self, guide: Guide) -> tuple[Guide | None, Guide | None]:
        """The phases before and after `guide` in this condition's strategy guide."""
        index = guide.position - 1
        return (self.guides[index - 1] if index > 0 else None,
                self.guides[index + 1] if index + 1 < len(self.guides) else None)

    @property
    def tools(self) -> tuple[str, ...]:
        """The tools its phases use, each once, in the order they first appear."""
        return tuple(dict.fromkeys(slug for guide in self.guides for slug in guide.tools))


@dataclass(frozen=True)
class WorksheetSection:
    number: int
    title: str
    intro: str | None
    condition: str | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Example:
    """A tool filled in by the example school's team: the answers by form name, as an exported worksheet holds them."""

    title: str
    intro: str
    values: dict

    def value(self, name: str):
        """The answer for one form name, or None where the team left it blank."""
        return self.values.get(name)

    def answered_rows(self, table) -> tuple:
        """The rows of a table field in which the team wrote something."""
        return tuple(row for row in table.rows if any(self.values.get(cell.name) for cell in row))


@dataclass(frozen=True)
class Tool:
    slug: str
    title: str
    summary: str
    purpose: str
    how_to_use: tuple[str, ...]
    sections: tuple[WorksheetSection, ...]
    example: Example | None = None

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every field of the worksheet, in order."""
        return tuple(field for section in self.sections for field in section.fields)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Every form name the worksheet writes (see macros/fields.py)."""
        return tuple(name for field in self.fields for name in field.names)

    @property
    def tallies(self) -> tuple[WorksheetSection, ...]:
        """The sections whose ratings a team adds up side by side (the self-assessment's conditions)."""
        return tuple(section for section in self.sections
                     if any(isinstance(field, Rating) for field in section.fields))

    @property
    def scale(self) -> tuple[str, ...]:
        """The labels of the rating scale the tally uses, lowest first (the first rating field's)."""
        rating = next((field for field in self.fields if isinstance(field, Rating)), None)
        return tuple(option.label for option in rating.options) if rating else ()

    @property
    def radio_groups(self) -> dict[str, str]:
        """Label of every field that is one choice among several, by form name."""
        return {field.id: field.label for field in self.fields if field.is_radio_group}


@dataclass(frozen=True)
class FrameworkItem:
    id: str
    title: str
    text: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class FrameworkSection:
    id: str
    title: str
    intro: str | None
    items: tuple[FrameworkItem, ...]


@dataclass(frozen=True)
class Framework:
    slug: str
    title: str
    summary: str
    source: str
    intro: str
    sections: tuple[FrameworkSection, ...]

    def item(self, item_id: str) -> FrameworkItem:
        """The item with this id, from any section."""
        return next(item for section in self.sections for item in section.items if item.id == item_id)


@dataclass(frozen=True)
class CrosswalkRow:
    condition: Condition
    links: tuple[tuple[Framework, tuple[FrameworkItem, ...]], ...]
    note: str


@dataclass(frozen=True)
class Unmatched:
    """A framework item that no condition covers, and why."""

    framework: Framework
    item: FrameworkItem
    note: str


@dataclass(frozen=True)
class Crosswalk:
    title: str
    summary: str
    intro: str
    frameworks: tuple[Framework, ...]
    rows: tuple[CrosswalkRow, ...]
    unmatched: tuple[Unmatched, ...] = ()


@dataclass(frozen=True)
class Figure:
    value: str
    label: str


@dataclass(frozen=True)
class CaseStudySection:
    number: int
    title: str
    text: str
    items: tuple[Titled, ...]


@dataclass(frozen=True)
class CaseStudy:
    title: str
    summary: str
    intro: str
    at_a_glance: tuple[Figure, ...]
    quote: Quote | None
    sections: tuple[CaseStudySection, ...]


@dataclass(frozen=True)
class Team:
    title: str
    text: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class StartStep:
    number: int
    title: str
    when: str | None
    minutes: int
    text: str
    tools: tuple[str, ...]


@dataclass(frozen=True)
class Start:
    title: str
    summary: str
    intro: str
    team: Team
    steps: tuple[StartStep, ...]

    @property
    def total_hours(self) -> float:
        """The meetings' total length in hours."""
        return sum(step.minutes for step in self.steps) / 60


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class ExampleSchool:
    """The fictional school whose team fills in every worked example."""

    name: str
    description: str
    team: tuple[Person, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    abbreviation: str | None
    definition: str
    forms: tuple[str, ...]

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way the running text may write the term, longest first (so 'PLCs' is matched before 'PLC')."""
        written = (self.term, *(self.forms), *((self.abbreviation,) if self.abbreviation else ()))
        return tuple(sorted(dict.fromkeys(written), key=len, reverse=True))


@dataclass(frozen=True)
class Glossary:
    title: str
    summary: str
    intro: str
    terms: tuple[GlossaryTerm, ...]
    plain_abbreviations: tuple[str, ...] = ()

    @property
    def abbreviations(self) -> tuple[str, ...]:
        """Every abbreviation a page may use: those the terms spell out, and those every reader knows."""
        return tuple(term.abbreviation for term in self.terms if term.abbreviation) + self.plain_abbreviations


@dataclass(frozen=True)
class Source:
    """A work the playbook adapts."""

    title: str
    by: str
    what_it_is: str
    what_we_take: str
    url: str | None


@dataclass(frozen=True)
class Credits:
    title: str
    summary: str
    intro: str
    sources: tuple[Source, ...]
    new_here: str
    licence: str


@dataclass(frozen=True)
class Meta:
    """playbook.yml's texts: title, tagline, introduction, working definition, how to use."""

    title: str
    tagline: str
    description: str
    intro: str
    definition: Quote
    conditions_intro: str
    how_to_use: tuple[Titled, ...]
    definition_lead: str | None = None


@dataclass(frozen=True)
class Colors:
    primary: str
    accent: str


@dataclass(frozen=True)
class Brand:
    """data/brand.yml: who publishes the playbook, its look, and where it lives."""

    organization: str
    site_name: str
    site_url: str
    repository: str
    branch: str
    colors: Colors
    logo: str
    content_license: str
    code_license: str
    playbook_title: str | None


@dataclass(frozen=True)
class Language:
    """A language the playbook is published in: its code (and folder, and URL prefix), its own name, its direction."""

    code: str
    name: str
    direction: str = "ltr"


@dataclass(frozen=True)
class TranslatedPiece:
    """One piece of text in one translation file: translated (and current), stale or missing."""

    key: str
    state: str
    line: int | None
    source_line: int


@dataclass(frozen=True)
class TranslatedFile:
    """How far one file is translated: its pieces and their states."""

    path: str
    exists: bool
    pieces: tuple[TranslatedPiece, ...]

    def count(self, state: str) -> int:
        return sum(1 for piece in self.pieces if piece.state == state)

    @property
    def pending(self) -> tuple[TranslatedPiece, ...]:
        """The pieces a translator still has to write or check."""
        return tuple(piece for piece in self.pieces if piece.state != "translated")


@dataclass(frozen=True)
class Playbook:
    """The whole validated playbook in one language, in reading order."""

    language: str
    meta: Meta
    ui: dict
    brand: Brand
    phases: tuple[Phase, ...]
    conditions: tuple[Condition, ...]
    tools: tuple[Tool, ...]
    frameworks: tuple[Framework, ...]
    crosswalk: Crosswalk | None
    case_study: CaseStudy | None
    start: Start | None
    glossary: Glossary | None = None
    credits: Credits | None = None
    example_school: ExampleSchool | None = None
    languages: tuple[Language, ...] = (Language("en", "English"),)
    # For a translation: how far each file is translated. None for the source language.
    translation: tuple[TranslatedFile, ...] | None = None

    @property
    def locale(self) -> Language:
        """This playbook's language."""
        return next(language for language in self.languages if language.code == self.language)

    def translated_count(self, state: str) -> int:
        """How many pieces of this translation are in `state` (translated, stale, unstamped or missing)."""
        return sum(file.count(state) for file in self.translation or ())

    @property
    def is_source(self) -> bool:
        """Whether this is the source language, which every other language translates."""
        return self.languages[0].code == self.language

    @property
    def title(self) -> str:
        """The playbook's title: the organization's own from brand.yml, or the one in playbook.yml.

        brand.yml is written in the source language, so a translation shows its own translated title.
        """
        return (self.brand.playbook_title if self.is_source else None) or self.meta.title

    @property
    def site_name(self) -> str:
        """The site's name in the header: brand.yml's in the source language, the translated title in another."""
        return self.brand.site_name if self.is_source else self.meta.title

    def condition(self, slug: str) -> Condition:
        """The condition with this slug."""
        return _by_slug(self.conditions, slug, "condition")

    def tool(self, slug: str) -> Tool:
        """The tool with this slug."""
        return _by_slug(self.tools, slug, "tool")

    def framework(self, slug: str) -> Framework:
        """The companion framework with this slug."""
        return _by_slug(self.frameworks, slug, "framework")

    @property
    def guided_conditions(self) -> tuple[Condition, ...]:
        """The conditions that have a strategy guide: at least one phase written out."""
        return tuple(condition for condition in self.conditions if condition.guides)

    def tool_uses(self, tool_slug: str) -> tuple[tuple[Phase, tuple[Condition, ...]], ...]:
        """For each phase, the conditions whose guide uses this tool in that phase (phases without any left out)."""
        uses = []
        for phase in self.phases:
            conditions = tuple(condition for condition in self.conditions for guide in condition.guides
                               if guide.phase == phase and tool_slug in guide.tools)
            if conditions:
                uses.append((phase, conditions))
        return tuple(uses)


def _by_slug(items, slug: str, kind: str):
    for item in items:
        if item.slug == slug:
            return item
    raise KeyError(f"unknown {kind} '{slug}'{did_you_mean(slug, [i.slug for i in items])}")


def build_playbook(language: str, data: dict) -> Playbook:
    """The typed playbook from validated content: {meta, ui, brand, conditions, tools, frameworks, crosswalk,
    case_study, start}, with conditions, tools and frameworks as lists of (slug, data) in reading order."""
    meta = data["meta"]
    phases = tuple(Phase(phase["id"], number, phase["title"], phase["short_title"], phase["goal"], phase["icon"])
                   for number, phase in enumerate(meta["phases"], start=1))
    sessions = dict(data.get("sessions", []))
    examples = dict(data.get("examples", []))
    conditions = tuple(_condition(slug, number, raw, phases, sessions.get(slug, {}))
                       for number, (slug, raw) in enumerate(data["conditions"], start=1))
    frameworks = tuple(_framework(slug, raw) for slug, raw in data["frameworks"])
    brand = data["brand"]
    return Playbook(
        language=language,
        meta=Meta(meta["title"], meta["tagline"], meta["description"], meta["intro"],
                  Quote(meta["definition"]["text"], meta["definition"]["source"], meta["definition"].get("original")), meta["conditions_intro"],
                  tuple(Titled(step["title"], step["text"]) for step in meta["how_to_use"]),
                  meta["definition"].get("lead")),
        ui=data["ui"],
        brand=Brand(brand["organization"], brand["site_name"], brand.get("site_url") or "", brand["repository"],
                    brand["branch"], Colors(brand["colors"]["primary"], brand["colors"]["accent"]),
                    brand.get("logo") or "", brand["content_license"], brand["code_license"],
                    brand.get("playbook_title")),
        phases=phases,
        conditions=conditions,
        tools=tuple(_tool(slug, raw, examples.get(slug)) for slug, raw in data["tools"]),
        frameworks=frameworks,
        crosswalk=_crosswalk(data["crosswalk"], conditions, frameworks) if data.get("crosswalk") else None,
        case_study=_case_study(data["case_study"]) if data.get("case_study") else None,
        start=_start(data["start"]) if data.get("start") else None,
        glossary=_glossary(data["glossary"]) if data.get("glossary") else None,
        credits=_credits(data["credits"]) if data.get("credits") else None,
        example_school=_example_school(data["example_school"]) if data.get("example_school") else None,
        languages=tuple(Language(entry["code"], entry["name"], entry.get("direction", "ltr"))
                        for entry in data.get("languages", [{"code": language, "name": language}])),
        translation=_translation(data["translation"]) if data.get("translation") else None,
    )


def _translation(raw: dict) -> tuple[TranslatedFile, ...]:
    return tuple(TranslatedFile(entry["file"], entry["exists"], tuple(TranslatedPiece(*piece) for piece in entry["pieces"]))
                 for entry in raw["status"])


def _condition(slug: str, number: int, raw: dict, phases: tuple[Phase, ...], sessions: dict) -> Condition:
    written = raw.get("phases", {})
    guides = []
    for phase in phases:
        if phase.id not in written:
            continue
        guide = written[phase.id]
        questions = tuple(
            BigQuestion(n, f"q{n}", question["text"], tuple(
                FollowUp(letter, f"{n}{letter}", f"q{n}{letter}", text)
                for letter, text in zip(LETTERS, _lines(question.get("follow_ups", [])))))
            for n, question in enumerate(guide["big_questions"], start=1))
        tasks = tuple(Task(n, text) for n, text in enumerate(_lines(guide["tasks"]), start=1))
        session = _session(sessions[phase.id], questions, tasks) if phase.id in sessions else None
        guides.append(Guide(phase, len(guides) + 1, guide["intro"], guide["goal"], questions, tasks,
                            guide["connect"], tuple(guide["tools"]), reading_minutes(guide), session))
    return Condition(slug, number, raw["title"], raw["summary"], raw["color"], raw["icon"],
                     Quote(raw["quote"]["text"], raw["quote"]["author"], raw["quote"].get("original")), raw["what_we_mean"],
                     _lines(raw["looks_like"]), raw["why_it_matters"],
                     Titled(raw["without_it"]["label"], raw["without_it"]["text"]),
                     raw["without_it"].get("label_is_ours", False), tuple(guides),
                     reading_minutes({key: value for key, value in raw.items() if key != "phases"}))


def _lines(items: list) -> tuple[str, ...]:
    """The texts of a list of lines, each given with its stable id."""
    return tuple(item["text"] for item in items)


def _session(raw: dict, questions: tuple[BigQuestion, ...], tasks: tuple[Task, ...]) -> Session:
    steps, starts_at = [], 0
    for number, step in enumerate(raw["steps"], start=1):
        steps.append(SessionStep(number, step["title"], step["minutes"], starts_at, step["text"],
                                 tuple(questions[n - 1] for n in step.get("questions", [])),
                                 tasks[step["task"] - 1] if "task" in step else None, step.get("tool")))
        starts_at += step["minutes"]
    roles = raw["roles"]
    return Session(raw["summary"], _lines(raw["prepare"]),
                   Roles(roles["facilitator"], roles["timekeeper"], roles["note_taker"]), tuple(steps))


def _tool(slug: str, raw: dict, example: dict | None = None) -> Tool:
    scales = raw.get("scales", {})
    sections = tuple(WorksheetSection(number, section["title"], section.get("intro"), section.get("condition"),
                                      tuple(make_field(field, scales) for field in section["fields"]))
                     for number, section in enumerate(raw["sections"], start=1))
    return Tool(slug, raw["title"], raw["summary"], raw["purpose"], _lines(raw["how_to_use"]), sections,
                Example(example["title"], example["intro"], dict(example["values"])) if example else None)


def _framework(slug: str, raw: dict) -> Framework:
    sections = tuple(
        FrameworkSection(section["id"], section["title"], section.get("intro"), tuple(
            FrameworkItem(item["id"], item["title"], item["text"], _lines(item.get("questions", [])))
            for item in section["items"]))
        for section in raw["sections"])
    return Framework(slug, raw["title"], raw["summary"], raw["source"], raw["intro"], sections)


def _crosswalk(raw: dict, conditions: tuple[Condition, ...], frameworks: tuple[Framework, ...]) -> Crosswalk:
    columns = tuple(_by_slug(frameworks, slug, "framework") for slug in raw["frameworks"])
    rows = tuple(
        CrosswalkRow(_by_slug(conditions, row["condition"], "condition"),
                     tuple((framework, tuple(framework.item(item) for item in row["links"].get(framework.slug, [])))
                           for framework in columns),
                     row["note"])
        for row in raw["rows"])
    unmatched = tuple(Unmatched(framework, framework.item(entry["item"]), entry["note"])
                      for framework in columns
                      for entry in raw.get("no_direct_counterpart", {}).get(framework.slug, []))
    return Crosswalk(raw["title"], raw["summary"], raw["intro"], columns, rows, unmatched)


def _case_study(raw: dict) -> CaseStudy:
    quote = raw.get("quote")
    return CaseStudy(raw["title"], raw["summary"], raw["intro"],
                     tuple(Figure(figure["value"], figure["label"]) for figure in raw["at_a_glance"]),
                     Quote(quote["text"], quote["author"], quote.get("original")) if quote else None,
                     tuple(CaseStudySection(number, section["title"], section["text"],
                                            tuple(Titled(item["title"], item["text"])
                                                  for item in section.get("items", [])))
                           for number, section in enumerate(raw["sections"], start=1)))


def _start(raw: dict) -> Start:
    team = raw["team"]
    return Start(raw["title"], raw["summary"], raw["intro"], Team(team["title"], team["text"], _lines(team["roles"])),
                 tuple(StartStep(number, step["title"], step.get("when"), step["minutes"], step["text"],
                                 tuple(step.get("tools", [])))
                       for number, step in enumerate(raw["steps"], start=1)))


def _glossary(raw: dict) -> Glossary:
    return Glossary(raw["title"], raw["summary"], raw["intro"],
                    tuple(GlossaryTerm(term["id"], term["term"], term.get("abbreviation"), term["definition"],
                                       tuple(term.get("forms", []))) for term in raw["terms"]),
                    tuple(raw.get("plain_abbreviations", [])))


def _credits(raw: dict) -> Credits:
    return Credits(raw["title"], raw["summary"], raw["intro"],
                   tuple(Source(source["title"], source["by"], source["what_it_is"], source["what_we_take"],
                                source.get("url")) for source in raw["sources"]),
                   raw["new_here"], raw["licence"])


def _example_school(raw: dict) -> ExampleSchool:
    return ExampleSchool(raw["name"], raw["description"],
                         tuple(Person(person["name"], person["role"]) for person in raw["team"]))
