"""What the browser script of a tool page (overrides/assets/javascripts/worksheet.js) is told, as plain data.

The page carries it as JSON, so the script holds no content and no URL of its own: the form names and the
type of each value (macros/fields.py), the words it shows (data/<lang>/ui.yml), where the fillable PDFs and the
PDF library are, and for a rating worksheet the conditions its sections rate, with links to their pages.
"""

from typing import Callable

from .fields import VALUES_FORMAT_VERSION
from .model import Playbook, Tool
from .routes import PAPERS, pdf_script

# The UI strings the script shows, by the start of their key in ui.yml.
_STRING_PREFIXES = ("worksheet_", "results_", "team_", "tally_", "paper_")
# A worksheet file is a few kilobytes; anything much larger is not one.
IMPORT_LIMIT_KB = 512


def storage_key(playbook: Playbook, tool: Tool) -> str:
    """Where a browser keeps this worksheet's copies: one entry per language and tool, versioned."""
    return f"playbook:worksheet:v{VALUES_FORMAT_VERSION}:{playbook.language}:{tool.slug}"


def worksheet_settings(playbook: Playbook, tool: Tool, link: Callable[..., str]) -> dict:
    """The settings of a tool page's live worksheet; `link(kind, **parts)` gives a URL from the page."""
    return {
        "tool": tool.slug,
        "title": tool.title,
        "language": playbook.language,
        "version": VALUES_FORMAT_VERSION,
        "storageKey": storage_key(playbook, tool),
        "importLimitKb": IMPORT_LIMIT_KB,
        "fields": {name: rule for field in tool.fields for name, rule in field.value_types().items()},
        "labels": {name: label for field in tool.fields for name, label in _labels(field)},
        "pdfs": [{"paper": paper, "script": pdf_script(link("worksheet_pdf", slug=tool.slug, paper=paper)),
                  "file": link("worksheet_pdf", slug=tool.slug, paper=paper).rsplit("/", 1)[-1]}
                 for paper in PAPERS],
        "pdfLibrary": link("pdf_library"),
        "results": rating_model(playbook, tool, link) if tool.tallies else None,
        "strings": strings(playbook),
    }


def team_settings(playbook: Playbook, tool: Tool, link: Callable[..., str]) -> dict:
    """The settings of the team view, which reads members' exported files of a rating worksheet."""
    settings = worksheet_settings(playbook, tool, link)
    return {key: settings[key] for key in ("tool", "title", "language", "version", "importLimitKb", "fields",
                                           "labels", "results", "strings")}


def rating_model(playbook: Playbook, tool: Tool, link: Callable[..., str]) -> dict:
    """The conditions a rating worksheet rates, each with its statements and the pages a team goes to next."""
    conditions = []
    for section in tool.tallies:
        condition = playbook.condition(section.condition) if section.condition else None
        first_guide = condition.guides[0] if condition and condition.guides else None
        conditions.append({
            "title": section.title,
            "overview": link("condition", slug=condition.slug) if condition else None,
            "phase": link("phase", slug=condition.slug, phase=first_guide.phase.id) if first_guide else None,
            "phaseTitle": first_guide.phase.title if first_guide else None,
            "statements": [{"name": field.id, "label": field.label} for field in section.fields
                           if field.kind == "rating"],
        })
    return {"scale": list(tool.scale), "conditions": conditions}


def strings(playbook: Playbook) -> dict:
    return {key: str(text) for key, text in playbook.ui.items() if key.startswith(_STRING_PREFIXES)}


def _labels(field):
    """The words a reader knows each form name by, for messages about an imported file."""
    if field.kind == "checkboxes":
        return [(option.name, f"{field.label}: {option.label}") for option in field.options]
    if field.kind == "table":
        return [(cell.name, f"{field.label}: {cell.column.label}, {cell.row}") for row in field.rows for cell in row]
    return [(field.id, field.label)]
