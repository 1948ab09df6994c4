"""The default content pack in data/en/ is complete: every condition at the same depth, every tool filled in."""

import dataclasses
import re

import pytest

from macros.content import load_playbook
from sitebuild import REPO

UNFINISHED = re.compile(r"\b(TODO|TBD|FIXME|lorem)\b", re.I)
PLAYBOOK = load_playbook(REPO)


def all_text(value):
    """Every text inside a model object, a mapping or a list."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from all_text(getattr(value, item.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_text(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from all_text(item)


def test_all_seven_conditions_are_there_in_order():
    assert [condition.slug for condition in PLAYBOOK.conditions] == [
        "vision-and-strategy", "supportive-administration", "capacity-and-resources", "enabling-work-structures",
        "relationships-and-social-norms", "shared-influence", "orientation-to-improve"]


@pytest.mark.parametrize("condition", PLAYBOOK.conditions, ids=lambda condition: condition.slug)
def test_condition_has_every_part_at_full_depth(condition):
    assert condition.quote.text and condition.quote.author
    assert 4 <= len(condition.looks_like) <= 6
    assert condition.what_we_mean and condition.why_it_matters and condition.without_it.text
    assert [guide.phase for guide in condition.guides] == list(PLAYBOOK.phases)
    for guide in condition.guides:
        assert 4 <= len(guide.big_questions) <= 7, guide.phase.id
        assert 3 <= len(guide.tasks) <= 5, guide.phase.id
        assert guide.intro and guide.goal and guide.connect and guide.tools, guide.phase.id


@pytest.mark.parametrize("tool", PLAYBOOK.tools, ids=lambda tool: tool.slug)
def test_tool_has_purpose_steps_and_fields(tool):
    assert tool.purpose and tool.how_to_use
    assert len(tool.fields) >= 3
    assert all(field.help or field.kind == "rating" or len(field.label) > 3 for field in tool.fields)


def test_self_assessment_rates_every_condition_on_a_four_point_scale():
    tool = PLAYBOOK.tool("self-assessment")
    rated = {section.condition: section.fields for section in tool.sections if section.condition}
    assert list(rated) == [condition.slug for condition in PLAYBOOK.conditions]
    for fields in rated.values():
        assert 4 <= len(fields) <= 6
        assert all(field.kind == "rating" and len(field.options) == 4 for field in fields)


def test_no_unfinished_text_anywhere():
    for name, data in [("playbook", PLAYBOOK.meta), ("ui", PLAYBOOK.ui), ("start", PLAYBOOK.start),
                       ("case-study", PLAYBOOK.case_study), ("crosswalk", PLAYBOOK.crosswalk)] + \
            [(item.slug, item) for item in PLAYBOOK.conditions + PLAYBOOK.tools + PLAYBOOK.frameworks]:
        for text in all_text(data):
            assert not UNFINISHED.search(text), (name, text)


def test_companion_frameworks_are_complete():
    assert [framework.slug for framework in PLAYBOOK.frameworks] == [
        "collective-action", "collective-action-for-teachers", "teaching-as-collective-leadership",
        "collaborating-for-student-success"]

    def items(slug, section):
        sections = {s.id: s for s in PLAYBOOK.framework(slug).sections}
        return sections[section].items

    assert len(items("collective-action", "principles")) == 7
    assert len(items("collective-action", "components")) == 8
    assert len(items("collective-action-for-teachers", "components")) == 9
    assert [item.title.split()[0].lower() for item in items("teaching-as-collective-leadership", "outcomes")] == \
        ["well-being", "connectedness", "awareness", "agency", "mastery"]
    assert len(items("teaching-as-collective-leadership", "qualities")) == 5
    steps = items("collaborating-for-student-success", "steps")
    assert len(steps) == 4 and all(step.questions for step in steps)


def test_crosswalk_places_every_condition_and_maps_every_item_of_every_framework():
    crosswalk = PLAYBOOK.crosswalk
    assert [row.condition for row in crosswalk.rows] == list(PLAYBOOK.conditions)
    assert list(crosswalk.frameworks) == list(PLAYBOOK.frameworks)
    linked = {(framework.slug, item.id) for row in crosswalk.rows for framework, items in row.links for item in items}
    unmatched = {(entry.framework.slug, entry.item.id) for entry in crosswalk.unmatched}
    every_item = {(framework.slug, item.id) for framework in PLAYBOOK.frameworks
                  for section in framework.sections for item in section.items}
    assert linked | unmatched == every_item and not linked & unmatched
    assert ("collective-action", "equity-work") in every_item
    assert all(entry.note.strip() for entry in crosswalk.unmatched)


def test_case_study_gives_its_figures_and_start_page_its_timings():
    text = " ".join(all_text(PLAYBOOK.case_study))
    for figure in ["24", "62%", "100%", "five of seven", "Designing", "Implementing", "Cultivating"]:
        assert figure.lower() in text.lower(), figure
    assert all(step.minutes > 0 for step in PLAYBOOK.start.steps)
    assert {tool for step in PLAYBOOK.start.steps for tool in step.tools} >= {
        "self-assessment", "theory-of-action", "purpose-map", "action-timeline", "impact-assessment"}


def test_labels_the_source_does_not_give_are_marked_ours():
    ours = {condition.slug for condition in PLAYBOOK.conditions if condition.without_it_label_is_ours}
    # The source names what happens without orientation to improve, shared influence and relationships; not the rest.
    assert ours == {"vision-and-strategy", "supportive-administration", "capacity-and-resources",
                    "enabling-work-structures"}


def test_every_phase_has_a_session_plan_of_one_meeting_and_every_tool_an_example():
    for condition in PLAYBOOK.conditions:
        for guide in condition.guides:
            assert guide.session is not None, (condition.slug, guide.phase.id)
            assert 60 <= guide.session.minutes <= 90
            assert guide.session.steps[0].title.lower().startswith("open")
            assert any(step.questions for step in guide.session.steps)
    assert sum(len(condition.guides) for condition in PLAYBOOK.conditions) == 21
    assert all(tool.example for tool in PLAYBOOK.tools) and "fictional" in PLAYBOOK.example_school.description
    assert len(PLAYBOOK.glossary.terms) >= 20


def test_the_working_definition_is_the_source_s_sentence_word_for_word():
    # The sentence as CTQ's playbook gives it (../shared/seeds/003_fec641ad247fcd74.txt), in its quotation marks.
    source = ("a team of educators sharing the work of leadership in ways that move their school(s) and students "
              "toward improvement and innovation by creating excellent, equitable learning opportunities.")
    assert " ".join(PLAYBOOK.meta.definition.text.split()) == source
    assert "CTQ" in PLAYBOOK.meta.definition.author


def test_the_spanish_translation_is_complete_and_current():
    spanish = load_playbook(REPO, "es")
    pending = [f"data/es/{file.path}: {piece.key} ({piece.state})"
               for file in spanish.translation for piece in file.pending]
    assert pending == [], f"{len(pending)} pieces to do, such as {pending[:5]}"
    assert all(file.exists for file in spanish.translation)
    # The structure is English's: the same conditions, phases, questions and tools.
    assert [condition.slug for condition in spanish.conditions] == [condition.slug for condition in PLAYBOOK.conditions]
    for english, translated in zip(PLAYBOOK.conditions, spanish.conditions):
        for guide, guia in zip(english.guides, translated.guides):
            assert len(guia.big_questions) == len(guide.big_questions) and guia.tools == guide.tools
    # A translated quotation keeps its exact words beside the translation.
    assert spanish.meta.definition.original == PLAYBOOK.meta.definition.text
