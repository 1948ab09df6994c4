"""Unit tests of the content loader and validator (macros/content.py and friends).

Each error case starts from the valid minimal playbook (tests/fixtures/minimal, see
conftest.py), breaks one file, and asserts the exact `file:line:column: message` lines
that load_playbook reports. Positions are 1-based and files are relative to the
project root, exactly as an author sees them from `make validate`.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from macros.content import load_playbook
from macros.errors import ContentErrors

REPO = Path(__file__).resolve().parent.parent

BRAND = "data/brand.yml"
PLAYBOOK = "data/en/playbook.yml"
SHARED = "data/en/conditions/shared-influence.yml"
VISION = "data/en/conditions/vision-and-strategy.yml"
ASSESSMENT = "data/en/tools/self-assessment.yml"
SESSIONS = "data/en/sessions/shared-influence.yml"
EXAMPLE = "data/en/examples/self-assessment.yml"
CROSSWALK = "data/en/crosswalk.yml"
THEORY = "data/en/tools/theory-of-action.yml"

WHOLE_FILE = None  # as `old`: replace the whole file with `new`
DELETED = None  # as `new` with WHOLE_FILE: delete the file

FIELD_KINDS = "short_text, long_text, checkboxes, choice, date, rating, table"


def change(root: Path, path: str, old, new) -> None:
    """Replace the single occurrence of `old` in the file at `path` by `new` (text or bytes).

    With old=WHOLE_FILE the file gets `new` as its whole content (created if needed),
    or is deleted when new is DELETED too.
    """
    file = root / path
    if old is WHOLE_FILE:
        if new is DELETED:
            file.unlink()
        else:
            file.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
        return
    old, new = (s if isinstance(s, bytes) else s.encode("utf-8") for s in (old, new))
    content = file.read_bytes()
    assert content.count(old) == 1, f"{old!r} must occur exactly once in {path}"
    file.write_bytes(content.replace(old, new))


def reported(root: Path) -> list[str]:
    """The error lines load_playbook raises for the project at `root`."""
    with pytest.raises(ContentErrors) as caught:
        load_playbook(root)
    return [str(error) for error in caught.value.errors]


# (id, file, old, new, expected error lines)
CASES = [
    ("unknown key with did-you-mean", SHARED, "    intro: |\n      Many", "    intor: |\n      Many", [
        f"{SHARED}:22:3: missing key 'intro' in 'why' (expected Markdown paragraphs that open the phase)",
        f"{SHARED}:23:5: unknown key 'intor' (did you mean 'intro'?) "
        "(expected one of: intro, goal, big_questions, tasks, connect, tools)",
    ]),
    ("unknown key without a close match", SHARED,
     "  author: Ken Blanchard\n", "  author: Ken Blanchard\n  source: The One Minute Manager\n", [
         f"{SHARED}:8:3: unknown key 'source' (expected one of: text, author)",
     ]),
    ("duplicate key", SHARED, 'color: "#3949ab"\n', 'color: "#3949ab"\nsummary: Leaders share decisions.\n', [
        f"{SHARED}:4:1: duplicate key 'summary' (first defined at line 2; expected each key once)",
    ]),
    ("list where text is expected", SHARED,
     "summary: Teachers and administrators shape decisions about teaching and learning together.\n",
     "summary:\n  - Teachers share decisions.\n  - Administrators listen.\n", [
         f"{SHARED}:2:1: 'summary' is a list (expected text)",
     ]),
    ("number where a list is expected", VISION,
     "looks_like:\n  - id: staff-different-roles\n    text: Staff in different roles describe the school's priorities"
     " in similar terms.\n",
     "looks_like: 3\n", [
         f"{VISION}:10:1: 'looks_like' is a number (expected a list)",
     ]),
    ("file holding a list", THEORY, WHOLE_FILE, "- title: Theory of action\n- summary: Write it down.\n", [
        f"{THEORY}:1:1: the file holds a list (expected a mapping of keys to values)",
    ]),
    ("missing key, top level", VISION,
     "why_it_matters: |\n  Without a shared direction, many hands pull different ways.\n", "", [
         f"{VISION}:1:1: missing key 'why_it_matters' (expected Markdown paragraphs: why the condition matters)",
     ]),
    ("missing key, nested", SHARED, "  author: Ken Blanchard\n", "", [
        f"{SHARED}:5:1: missing key 'author' in 'quote' (expected who said it, with their role if useful)",
    ]),
    ("empty file", THEORY, WHOLE_FILE, "", [
        f"{THEORY}:1:1: the file is empty (expected a mapping of keys to values)",
    ]),
    ("file with only comments", THEORY, WHOLE_FILE, "# Theory of action\n\n# title: to be written\n", [
        f"{THEORY}:1:1: the file is empty (expected a mapping of keys to values)",
    ]),
    ("invalid UTF-8", SHARED, "  author: Ken Blanchard", b"  author: Ken Blanchard \x97 author and speaker", [
        f"{SHARED}:7:25: invalid UTF-8 byte 0x97 (expected a file saved as UTF-8)",
    ]),
    ("invalid UTF-8 after accented text", SHARED, "  author: Ken Blanchard", "  author: “Ken” Blanchard ".encode() + b"\x97", [
        # Columns count characters, as an editor shows them, not bytes.
        f"{SHARED}:7:27: invalid UTF-8 byte 0x97 (expected a file saved as UTF-8)",
    ]),
    ("control character", SHARED, "  author: Ken Blanchard", "  author: Ken\x07 Blanchard", [
        f"{SHARED}:7:14: control character U+0007 is not allowed (expected printable text; delete it)",
    ]),
    ("tab indentation", SHARED, "  author: Ken Blanchard", "\tauthor: Ken Blanchard", [
        f"{SHARED}:7:1: tab character in indentation (expected spaces; YAML does not allow tabs for indentation)",
    ]),
    ("YAML syntax error: unclosed quote", VISION, 'color: "#1f6f8b"', 'color: "#1f6f8b', [
        # The quoted scalar runs on to the next quote (line 6), so the error lands there, not on line 3.
        f"{VISION}:6:10: YAML syntax error: did not find expected key while parsing a block mapping"
        " (expected 'key: value' lines indented with spaces and quotes closed on the line they open; check this line and the ones above it)",
    ]),
    ("YAML syntax error: bad indentation", SHARED, "  author: Ken Blanchard", " author: Ken Blanchard", [
        f"{SHARED}:7:2: YAML syntax error: did not find expected key while parsing a block mapping"
        " (expected 'key: value' lines indented with spaces and quotes closed on the line they open; check this line and the ones above it)",
    ]),
    ("unknown field kind", THEORY, "kind: long_text", "kind: longtext", [
        f"{THEORY}:14:15: unknown value 'longtext' for 'kind' (did you mean 'long_text'?) "
        f"(expected one of: {FIELD_KINDS})",
    ]),
    ("bad colour", BRAND, 'accent: "#00796b"', 'accent: "#00796"', [
        f"{BRAND}:10:11: '#00796' is not valid for 'accent' (expected a colour as #rrggbb)",
    ]),
    ("missing logo file", BRAND, "logo: images/riverside-logo.svg", "logo: images/riverside.svg", [
        f"{BRAND}:11:7: logo file 'docs/images/riverside.svg' not found (expected an image under docs/, such as "
        "images/logo.svg, or an empty value)",
    ]),
    ("duplicate field id", ASSESSMENT, "- id: participants", "- id: date", [
        f"{ASSESSMENT}:26:13: duplicate field id 'date' (first used at line 23; expected ids unique within the tool)",
    ]),
    ("rating with an undefined scale", ASSESSMENT, "scale: agreement", "scale: agreemnt", [
        f"{ASSESSMENT}:37:16: unknown scale 'agreemnt' (did you mean 'agreement'?) "
        "(expected one defined under 'scales': agreement)",
    ]),
    ("options on a short_text field", ASSESSMENT, "label: Team name\n        kind: short_text\n",
     "label: Team name\n        kind: short_text\n        options:\n"
     "          - id: leadership\n            label: Leadership team\n"
     "          - id: grade_three\n            label: Grade 3 team\n", [
         f"{ASSESSMENT}:23:9: 'options' does not apply to a short_text field (expected only on: checkboxes, choice)",
     ]),
    ("unknown phase", SHARED, "  implement:", "  implemnt:", [
        f"{SHARED}:55:3: unknown phase 'implemnt' (did you mean 'implement'?) (expected one of: why, how, implement)",
        # The condition's session plans still name the phase by its right name.
        f"{SESSIONS}:64:1: 'implement' is not a phase of {SHARED} (expected one of: why, how, implemnt)",
    ]),
    ("unknown tool in a phase", SHARED, "tools: [theory-of-action]", "tools: [theory-of-acton]", [
        f"{SHARED}:54:13: unknown tool 'theory-of-acton' (did you mean 'theory-of-action'?) "
        "(expected one of: theory-of-action, self-assessment)",
    ]),
    ("order names a missing condition", PLAYBOOK,
     "  - shared-influence\n", "  - shared-influence\n  - orientation-to-improve\n", [
         f"{PLAYBOOK}:38:5: unknown condition 'orientation-to-improve' "
         "(expected a file data/en/conditions/orientation-to-improve.yml)",
     ]),
    ("condition not listed in the order", PLAYBOOK, "  - vision-and-strategy\n", "", [
        f"{VISION}:1:1: condition 'vision-and-strategy' is not listed under 'conditions' in {PLAYBOOK} "
        "(expected it there, so readers can find it)",
    ]),
    ("duplicate slug in the order", PLAYBOOK,
     "  - self-assessment\n", "  - self-assessment\n  - theory-of-action\n", [
         f"{PLAYBOOK}:41:5: duplicate tool 'theory-of-action' (expected each tool once)",
     ]),
    ("unknown icon", VISION, "icon: material/compass-outline", "icon: material/compass-outlined", [
        f"{VISION}:4:7: unknown icon 'material/compass-outlined' "
        "(expected an icon bundled with Material for MkDocs, such as material/compass-outline)",
    ]),
    ("file named .yaml", "data/en/tools/team-norms.yaml", WHOLE_FILE, "title: Team norms\n", [
        "data/en/tools/team-norms.yaml:1:1: file name ends in .yaml (expected .yml: team-norms.yml)",
    ]),
    ("file name not a slug", "data/en/conditions/Equity_Focus.yml", WHOLE_FILE, "title: Equity focus\n", [
        "data/en/conditions/Equity_Focus.yml:1:1: 'Equity_Focus' is not a valid slug for a file name "
        "(expected lowercase words joined by hyphens, such as shared-influence.yml)",
    ]),
    ("missing brand.yml", BRAND, WHOLE_FILE, DELETED, [
        f"{BRAND}:1:1: file not found (expected a brand file here)",
    ]),
]

CASES += [
    ("crosswalk naming an unknown framework item", CROSSWALK, "[common-purpose]", "[common-purpos]", [
        f"{CROSSWALK}:5:14: collective-action items not mapped: common-purpose (expected each linked from a "
        "condition's row or listed under no_direct_counterpart with a note)",
        f"{CROSSWALK}:9:27: unknown item of collective-action 'common-purpos' (did you mean 'common-purpose'?) "
        "(expected one of: seek-to-learn, common-purpose, shared-accountability)",
    ]),
    ("crosswalk linking a framework that is not a column", CROSSWALK, "      collective-action: [shared",
     "      teachers: [shared", [
         f"{CROSSWALK}:5:14: collective-action items not mapped: seek-to-learn, shared-accountability (expected each "
         "linked from a condition's row or listed under no_direct_counterpart with a note)",
         f"{CROSSWALK}:13:7: framework 'teachers' is not a column of the crosswalk (expected one of: collective-action)",
     ]),
    ("session longer than a meeting", SESSIONS, "minutes: 30\n      text: Talk", "minutes: 50\n      text: Talk", [
        f"{SESSIONS}:13:5: the agenda adds up to 100 minutes (expected 60 to 90, one meeting)",
    ]),
    ("session naming a missing big question", SESSIONS, "questions: [1, 2]", "questions: [1, 3]", [
        f"{SESSIONS}:21:22: big question 3 does not exist (expected 1 to 2: the why phase has 2 big questions)",
    ]),
    ("session naming a missing task", SESSIONS, "task: 1\n    - id: draft-theory", "task: 2\n    - id: draft-theory", [
        f"{SESSIONS}:26:13: task 2 does not exist (expected 1: the why phase has 1 task)",
    ]),
    ("session using a tool its phase does not", SESSIONS, "tool: self-assessment", "tool: theory-of-action", [
        f"{SESSIONS}:92:13: tool 'theory-of-action' is not one of the implement phase's tools "
        "(expected one of: self-assessment)",
    ]),
    ("example naming a field the tool lacks", EXAMPLE, "evidence.plc: true", "evidence.plcs: true", [
        f"{EXAMPLE}:7:3: 'evidence.plcs' is not a field of {ASSESSMENT} (did you mean 'evidence.plc'?) "
        "(expected one of its form names: id, id.option or id.row.column)",
    ]),
    ("example giving a rating off the scale", EXAMPLE, "shared_influence_1: 2", "shared_influence_1: 5", [
        f"{EXAMPLE}:6:23: 'shared_influence_1' is '5' (expected a whole number from 1 to 4, the scale's points)",
    ]),
    ("example giving a choice that is not an option", EXAMPLE, "starting_point: need", "starting_point: needs", [
        f"{EXAMPLE}:8:19: 'starting_point' is 'needs' (expected one of: strength, need)",
    ]),
    ("example giving text for a checkbox", EXAMPLE, "evidence.plc: true", 'evidence.plc: "yes"', [
        f"{EXAMPLE}:7:17: 'evidence.plc' is not true (expected true for a ticked box; leave unticked boxes out)",
    ]),
    ("example giving a date that is not one", EXAMPLE, '"2026-10-01"', '"October 1"', [
        f"{EXAMPLE}:11:18: 'actions.1.due' is 'October 1' (expected a date written YYYY-MM-DD)",
    ]),
    ("crosswalk leaving a framework item unmapped", CROSSWALK, "[shared-accountability, seek-to-learn]",
     "[shared-accountability]", [
         f"{CROSSWALK}:5:14: collective-action items not mapped: seek-to-learn (expected each linked from a "
         "condition's row or listed under no_direct_counterpart with a note)",
     ]),
    ("glossary spelling shared by two terms", "data/en/glossary.yml", "forms: [theories of action]",
     "forms: [theories of action, PLCs]", [
         "data/en/glossary.yml:11:5: 'plcs' is also a spelling of term 'plc' (expected each spelling to name one term)",
     ]),
    ("start step naming an unknown tool", "data/en/start.yml", "tools: [self-assessment]", "tools: [self-asessment]", [
        "data/en/start.yml:20:13: unknown tool 'self-asessment' (did you mean 'self-assessment'?) "
        "(expected one of: theory-of-action, self-assessment)",
    ]),
]
# Hostile files, tried as an attacker would: each must fail at once, at the line that holds the problem.
BILLION_LAUGHS = "title: Theory of action\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi"))
ALIAS_MESSAGE = ("YAML anchor or alias 'a' is not allowed (expected every value written out where it is used; content "
                 "needs no &anchors or *aliases)")
CASES += [
    ("alias bomb", THEORY, WHOLE_FILE, BILLION_LAUGHS, [f"{THEORY}:2:4: {ALIAS_MESSAGE}"]),
    ("an alias to a value", THEORY, "title: Theory of action\n", "title: &name Theory of action\nsummary: *name\n", [
        f"{THEORY}:1:8: YAML anchor or alias 'name' is not allowed (expected every value written out where it is "
        "used; content needs no &anchors or *aliases)",
    ]),
    ("ten thousand nested lists", THEORY, WHOLE_FILE, "title: " + "[" * 10_000 + "]" * 10_000 + "\n", [
        f"{THEORY}:1:39: lists and mappings nested more than 32 levels deep (expected the shape the schema describes, "
        "a few levels deep)",
    ]),
    ("a text of a hundred thousand characters", THEORY, "  A theory of action links", "  " + "word " * 20_000 + "A theory of action links", [
        f"{THEORY}:3:10: a text of 100,081 characters (expected at most 20,000; split it into paragraphs, items or "
        "pages)",
    ]),
    ("a file of two megabytes", THEORY, WHOLE_FILE, "title: " + "x" * (2 * 1024 * 1024) + "\n", [
        f"{THEORY}:1:1: the file is 2048 KB (expected at most 1024 KB; split the content or shorten it)",
    ]),
]
CASE = {case[0]: case[1:] for case in CASES}


@pytest.mark.parametrize("path, old, new, expected", [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_error_is_reported_with_its_position(minimal_project, path, old, new, expected):
    change(minimal_project, path, old, new)
    assert reported(minimal_project) == expected


def test_errors_in_several_files_are_all_reported_sorted(minimal_project):
    expected = [f"{SHARED}:3:8: '#3949a' is not valid for 'color' (expected a colour as #rrggbb)"]
    change(minimal_project, SHARED, 'color: "#3949ab"', 'color: "#3949a"')
    for name in ["empty file", "missing key, top level", "unknown key with did-you-mean", "bad colour"]:
        *edit, lines = CASE[name]
        change(minimal_project, *edit)
        expected += lines

    errors = reported(minimal_project)

    assert len(errors) == 6 and len({error.split(":")[0] for error in errors}) == 4
    assert errors == sorted(expected, key=lambda error: (error.split(":")[0], int(error.split(":")[1])))


def test_minimal_playbook_loads_in_playbook_order(minimal_project):
    playbook = load_playbook(minimal_project)

    assert [condition.slug for condition in playbook.conditions] == ["vision-and-strategy", "shared-influence"]
    assert [tool.slug for tool in playbook.tools] == ["theory-of-action", "self-assessment"]
    assert playbook.condition("vision-and-strategy").guides == ()
    assert [guide.phase.id for guide in playbook.condition("shared-influence").guides] == ["why", "how", "implement"]

    def uses(tool):
        return [(condition.slug, phase.id) for phase, conditions in playbook.tool_uses(tool) for condition in conditions]

    assert uses("theory-of-action") == [("shared-influence", "why"), ("shared-influence", "how")]
    assert uses("self-assessment") == [("shared-influence", "why"), ("shared-influence", "implement")]
    kinds = {field.kind for field in playbook.tool("self-assessment").fields}
    assert kinds == set(FIELD_KINDS.split(", ")), "the fixture tool should use every field kind"


def test_questions_are_numbered_and_follow_ups_lettered_in_python(minimal_project):
    guide = load_playbook(minimal_project).condition("shared-influence").guide("why")
    first = guide.big_questions[0]
    assert (first.number, first.anchor) == (1, "q1")
    assert [(f.label, f.anchor) for f in first.follow_ups] == [("1a", "q1a")]
    assert [task.number for task in guide.tasks] == list(range(1, len(guide.tasks) + 1))


def run_validate(root: Path, timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "validate.py"), "--root", str(root)],
                          capture_output=True, text=True, check=False, timeout=timeout)


def test_validate_script_reports_errors_and_exits_1(minimal_project):
    *edit, expected = CASE["unknown key with did-you-mean"]
    change(minimal_project, *edit)

    result = run_validate(minimal_project)

    assert result.returncode == 1
    assert result.stderr == "\n".join(expected + ["2 errors in the content."]) + "\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_script_refuses_a_billion_laughs_at_once_without_a_traceback(minimal_project):
    change(minimal_project, THEORY, WHOLE_FILE, BILLION_LAUGHS)
    result = run_validate(minimal_project, timeout=30)  # it took 73 s and 4.9 GB before it died; now it cannot hang
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{THEORY}:2:4: {ALIAS_MESSAGE}"
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_script_accepts_valid_content(minimal_project):
    result = run_validate(minimal_project)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Content is valid: 2 conditions, 2 tools, in 3 languages (en, es, ar).\n"
    assert result.stderr == ""


def test_cross_reference_errors_are_reported_with_schema_errors(minimal_project):
    """A mistyped tool name is not hidden behind a schema error in another file."""
    expected = []
    for name in ["bad colour", "unknown tool in a phase"]:
        *edit, lines = CASE[name]
        change(minimal_project, *edit)
        expected += lines

    assert reported(minimal_project) == sorted(expected)


def test_a_distant_word_gets_no_suggestion(minimal_project):
    change(minimal_project, SHARED, "title: Shared influence", "title: Shared influence\nnotes: draft")

    assert f"{SHARED}:2:1: unknown key 'notes' (expected one of: title, summary, color, icon, quote, what_we_mean, " \
           "looks_like, why_it_matters, without_it, phases)" in reported(minimal_project)


def test_a_tab_inside_block_text_is_content_not_indentation(minimal_project):
    change(minimal_project, SHARED, "  author: Ken Blanchard", "  author: |\n    Ken Blanchard\n    \tand a tab")

    load_playbook(minimal_project)


def test_validate_script_warns_of_unknown_acronyms_and_long_sentences_but_passes(minimal_project):
    long_question = ("What chances do teachers and administrators have to give each other feedback, in PLC meetings, "
                     "walkthroughs, staff meetings, planning periods and the hallway, and what would it take for "
                     "every one of them to feel safe saying what they really think?")
    change(minimal_project, SHARED, "What chances do teachers and administrators have to give each other feedback?",
           long_question)
    change(minimal_project, SHARED, "List recent schoolwide decisions", "List recent SLT decisions")

    result = run_validate(minimal_project)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Content is valid: 2 conditions, 2 tools, in 3 languages (en, es, ar).",
        f"{SHARED}:34: warning: a sentence of 41 words, 'What chances do teachers and administrators…' "
        "(expected at most 35; split it in two)",
        f"{SHARED}:37: warning: 'SLT' is not in the glossary (expected an entry that spells it out, or plain words)",
        "2 style warnings (see CONTRIBUTING.md).",
    ]
