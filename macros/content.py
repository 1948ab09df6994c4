"""Loads the playbook from data/, validates all of it, and resolves cross-references.

Every problem in every file is collected and raised together as ContentErrors,
so an author fixes a whole batch of mistakes per run instead of one.
"""

import json
import re
from pathlib import Path

import yaml

from .cache import Cache, files_under
from .errors import ContentError, ContentErrors
from .fields import make_field
from .safety import placeholder_problem, text_problems
from .icons import icon_exists
from .model import Playbook, build_playbook
from .schema import did_you_mean, load_validator, validate
from .translation import TextSchema, check_overlay, current_stamps, merge, piece_states
from .yaml_source import SourceFile, read_yaml

SOURCE_LANGUAGE = "en"
OPTIONAL_PAGES = ("start", "case-study", "crosswalk", "glossary", "credits", "example-school")
# Optional folders of files named like the condition or tool they belong to.
OPTIONAL_FOLDERS = {"sessions": "session", "examples": "example"}
# One session is one meeting.
SESSION_MINUTES = (60, 90)
# Field kinds whose answers are free text, which a translated worked example translates.
TEXT_KINDS = ("short_text", "long_text")
# /frameworks/crosswalk/ is the crosswalk page, so no framework may take that slug.
RESERVED_FRAMEWORK_SLUGS = ("crosswalk",)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_playbook(root: Path, language: str = SOURCE_LANGUAGE) -> Playbook:
    """Load and validate the playbook under `root` (the repository); raise ContentErrors listing every problem."""
    root = Path(root).resolve()
    refused = links_leaving_the_project(root) + hand_written_problems(root)
    if refused:
        raise ContentErrors(refused)
    return _typed(language, _validated_content(root, Cache(root)))


def _validated_content(root: Path, cache: Cache) -> dict:
    """Every content file of every language, checked and cross-checked, as plain JSON data.

    The source language's files are complete; another language's files are overlays
    that hold only text (see translation.py), each checked against its source file.
    """
    loader = _Loader(root, cache)
    data_dir = root / "data"
    language_dir = data_dir / SOURCE_LANGUAGE

    languages = _languages(loader, data_dir)
    brand = loader.load(data_dir / "brand.yml", "brand")
    meta = loader.load(language_dir / "playbook.yml", "playbook")
    ui = loader.load(language_dir / "ui.yml", "ui")
    conditions = loader.load_folder(language_dir / "conditions", "condition")
    tools = loader.load_folder(language_dir / "tools", "tool")
    frameworks = loader.load_folder(language_dir / "frameworks", "framework")
    # Pages a fork may leave out: the site simply has no such page then.
    optional = {name: loader.load(language_dir / f"{name}.yml", name)
                for name in OPTIONAL_PAGES if (language_dir / f"{name}.yml").is_file()}
    belonging = {folder: loader.load_folder(language_dir / folder, schema) if (language_dir / folder).is_dir() else {}
                 for folder, schema in OPTIONAL_FOLDERS.items()}

    # Cross-references are checked even when some files failed, so one run reports both kinds of mistake.
    if brand.data is not None:
        _check_logo(loader, brand)
    if ui.data is not None:
        _check_placeholders(loader, ui)
    if meta.data is not None:
        _CrossReferences(loader, meta, conditions, tools, frameworks, optional, belonging).check()

    sources = {"playbook.yml": ("playbook", meta), "ui.yml": ("ui", ui)}
    sources.update({f"{name}.yml": (name, source) for name, source in optional.items()})
    for folder, files, schema in [("conditions", conditions, "condition"), ("tools", tools, "tool"),
                                  ("frameworks", frameworks, "framework"),
                                  *[(folder, belonging[folder], schema) for folder, schema in OPTIONAL_FOLDERS.items()]]:
        sources.update({f"{folder}/{slug}.yml": (schema, source) for slug, source in files.items()})
    translations = {}
    if languages is not None:
        for language in languages[1:]:
            translations[language["code"]] = _Translations(loader, data_dir / language["code"], sources).check()
    if loader.errors:
        raise ContentErrors(loader.errors)
    return {
        "languages": languages,
        "brand": brand.data,
        "schemas": {path: schema for path, (schema, _) in sources.items()},
        "schema_texts": {schema: loader.schema_text(schema) for schema, _ in sources.values()},
        "files": {path: source.data for path, (_, source) in sources.items()},
        "translations": translations,
    }


def _typed(language: str, content: dict) -> Playbook:
    """The typed playbook in `language`, its translation laid over the source content."""
    files = content["files"]
    translation = content["translations"].get(language)
    if translation is not None:
        schemas = content["schemas"]
        files = {path: merge(_text_schema(content["schema_texts"][schemas[path]], schemas[path], path, files), data,
                             translation["files"].get(path))
                 for path, data in files.items()}
    meta = files["playbook.yml"]

    def folder(name: str, order=None) -> list:
        slugs = order if order is not None else sorted(path[len(name) + 1:-4] for path in files
                                                       if path.startswith(name + "/"))
        return [(slug, files[f"{name}/{slug}.yml"]) for slug in slugs]

    def page(name: str):
        return files.get(f"{name}.yml")

    language_entry = next(entry for entry in content["languages"] if entry["code"] == language)
    return build_playbook(language, {
        "meta": meta,
        "ui": files["ui.yml"],
        "brand": content["brand"],
        "languages": content["languages"],
        "language": language_entry,
        "translation": translation,
        "conditions": folder("conditions", meta["conditions"]),
        "tools": folder("tools", meta["tools"]),
        "frameworks": folder("frameworks", meta.get("frameworks", [])),
        "crosswalk": page("crosswalk"),
        "case_study": page("case-study"),
        "start": page("start"),
        "glossary": page("glossary"),
        "credits": page("credits"),
        "example_school": page("example-school"),
        "sessions": folder("sessions"),
        "examples": folder("examples"),
    })


def _text_schema(schema_text: str, schema: str, path: str, files: dict) -> TextSchema:
    """How to read a file for translation; a worked example's free-text answers are text too."""
    text_keys = frozenset()
    if schema == "example":
        tool = files.get(f"tools/{path.removeprefix('examples/')}")
        text_keys = frozenset(("values", name) for name in _text_field_names(tool)) if tool else frozenset()
    return TextSchema(schema_text, text_keys)


def _text_field_names(tool: dict) -> list[str]:
    """The form names of a tool whose answers are free text (not choices, ticks, ratings or dates)."""
    names = []
    for section in tool["sections"]:
        for field in section["fields"]:
            if field["kind"] in TEXT_KINDS:
                names.append(field["id"])
            elif field["kind"] == "table":
                names += [f"{field['id']}.{row}.{column['id']}" for row in range(1, field["rows"] + 1)
                          for column in field["columns"] if column["kind"] in TEXT_KINDS]
    return names


def _languages(loader: "_Loader", data_dir: Path) -> list[dict] | None:
    """The registered languages, source first; every folder in data/ must be one of them."""
    path = data_dir / "languages.yml"
    if not path.is_file():
        languages = [{"code": SOURCE_LANGUAGE, "name": "English", "direction": "ltr"}]
        source = None
    else:
        source = loader.load(path, "languages")
        if source.data is None:
            return None
        languages = [{"direction": "ltr", **entry} for entry in source.data["languages"]]
        codes = [entry["code"] for entry in languages]
        if codes[0] != SOURCE_LANGUAGE:
            loader.errors.append(source.error(("languages", 0, "code"), f"the first language is '{codes[0]}' "
                                              f"(expected '{SOURCE_LANGUAGE}', the source language, first)"))
        for index, code in enumerate(codes):
            if code in codes[:index]:
                loader.errors.append(source.error(("languages", index, "code"), f"language '{code}' is listed "
                                                  "twice (expected each language once)"))
    codes = [entry["code"] for entry in languages]
    for folder in sorted(data_dir.iterdir()):
        if folder.is_dir() and folder.name not in codes and folder.name != "schema":
            where = f"add it to {loader.display(path)}" if source else f"create {loader.display(path)} listing it"
            loader.errors.append(ContentError(loader.display(folder), 1, 1, f"'{folder.name}' is not a registered "
                                 f"language{did_you_mean(folder.name, codes)} (expected one of: {', '.join(codes)}; "
                                 f"to publish it, {where} or run make new-language LANG={folder.name})"))
    for entry in languages:
        if not (data_dir / entry["code"]).is_dir() and entry["code"] != SOURCE_LANGUAGE:
            loader.errors.append(ContentError(loader.display(path), 1, 1, f"language '{entry['code']}' has no folder "
                                              f"data/{entry['code']}/ (expected one; make new-language "
                                              f"LANG={entry['code']} creates it)"))
    return languages


def _only_comments(path: Path) -> bool:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def stamp_translation(root: Path, language: str, name: str, keys=None) -> tuple[int, list[str]]:
    """Record the pieces of data/<language>/<name> (all, or only `keys`) as made from the current source text.

    Returns how many pieces were stamped and which of `keys` name no translated piece.
    """
    content = cached_content(root)
    if name not in content["files"]:
        raise KeyError(f"no source file data/{SOURCE_LANGUAGE}/{name}{did_you_mean(name, content['files'])} "
                       f"(expected the name of a file in data/{SOURCE_LANGUAGE}/)")
    schema = content["schemas"][name]
    overlay = content["translations"][language]["files"].get(name)
    text_schema = _text_schema(content["schema_texts"][schema], schema, name, content["files"])
    stamps = current_stamps(text_schema, content["files"][name], overlay, set(keys) if keys else None)
    unknown = [key for key in keys or () if key not in stamps]
    path = Path(root) / "data" / language / _Translations.STAMPS
    existing = {}
    if path.is_file():
        stored, errors = read_yaml(path.read_bytes(), f"data/{language}/{_Translations.STAMPS}")
        if errors:
            raise ContentErrors(errors)
        existing = stored.data if isinstance(stored.data, dict) else {}
    existing[name] = {**existing.get(name, {}), **stamps}
    path.write_text(STAMPS_HEADER + yaml.safe_dump({file: dict(sorted(values.items()))
                                                    for file, values in sorted(existing.items())},
                                                   allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    return len(stamps), unknown


STAMPS_HEADER = ("# Which English text each translated piece was made from, as a short hash per piece.\n"
                 "# Written by `make stamp FILE=...` after a translation is checked; do not edit by hand.\n")


class _Translations:
    """One language's overlay files, each checked against its source file, and the stamps of what they translate."""

    STAMPS = "stamps.yml"

    def __init__(self, loader: "_Loader", folder: Path, sources: dict):
        self.loader = loader
        self.folder = folder
        self.sources = sources

    def check(self) -> dict:
        loader = self.loader
        stamps = self.stamps()
        files, status = {}, {}
        for path in sorted(self.folder.rglob("*.y*ml")):
            relative = path.relative_to(self.folder).as_posix()
            if relative == self.STAMPS:
                continue
            if relative not in self.sources:
                expected = relative.removesuffix(".yaml") + ".yml" if relative.endswith(".yaml") else None
                loader.errors.append(ContentError(loader.display(path), 1, 1, (
                    f"file name ends in .yaml (expected .yml: {expected})" if expected in self.sources else
                    f"no source file data/{SOURCE_LANGUAGE}/{relative} to translate"
                    f"{did_you_mean(relative, self.sources)} (expected the name of a file in "
                    f"data/{SOURCE_LANGUAGE}/)")))
                continue
            if _only_comments(path):
                continue  # a file still to translate, such as the ui.yml of make new-language
            overlay = loader.load(path, None)
            if overlay.data is None:
                continue
            schema, source = self.sources[relative]
            if source.data is None:
                continue  # the source file's own errors are reported; its translation is checked once it is valid
            errors = check_overlay(self.text_schema(schema, relative), source.data, source.display_path,
                                   overlay, placeholders=schema == "ui")
            loader.errors.extend(errors)
            if not errors:
                files[relative] = overlay.data
                status[relative] = overlay
        report = []
        for relative, (schema, source) in self.sources.items():
            if source.data is None:
                continue
            states = piece_states(self.text_schema(schema, relative), source, status.get(relative),
                                  stamps.get(relative, {}))
            report.append({"file": relative, "exists": (self.folder / relative).is_file(),
                           "pieces": [[s.key, s.state, s.line, s.source_line] for s in states]})
        return {"files": files, "status": report}

    def text_schema(self, schema: str, relative: str) -> TextSchema:
        files = {path: source.data for path, (_, source) in self.sources.items()}
        return _text_schema(self.loader.schema_text(schema), schema, relative, files)

    def stamps(self) -> dict:
        path = self.folder / self.STAMPS
        if not path.is_file():
            return {}
        source = self.loader.load(path, "stamps")
        return source.data or {}


def _check_logo(loader: "_Loader", brand: SourceFile) -> None:
    """A logo named in brand.yml must exist under docs/, where the site and the PDFs take it from."""
    logo = brand.data.get("logo")
    docs = (loader.root / "docs").resolve()
    if logo and not ((docs / logo).resolve().is_relative_to(docs) and (docs / logo).is_file()):
        loader.errors.append(brand.error(("logo",), f"logo file 'docs/{logo}' not found (expected an image "
                                                    "under docs/, such as images/logo.svg, or an empty value)"))


class _Loader:
    """Reads and schema-checks files, collecting errors instead of stopping at the first."""

    def __init__(self, root: Path, cache: Cache):
        self.root = root
        self.cache = cache
        self.schema_dir = root / "data" / "schema"
        self.errors: list[ContentError] = []

    def display(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def schema_text(self, schema: str) -> str:
        return (self.schema_dir / f"{schema}.schema.json").read_text(encoding="utf-8")

    def load(self, path: Path, schema: str | None) -> SourceFile:
        """A file parsed and checked against its schema; None for a translation, which translation.py checks."""
        display = self.display(path)
        if not path.is_file():
            self.errors.append(ContentError(display, 1, 1, f"file not found (expected a {schema} file here)"))
            return SourceFile(display)
        # Each file's check is kept in .cache/, so editing one file re-checks only that one.
        schema_path = self.schema_dir / f"{schema}.schema.json" if schema else None
        checked = self.cache.get("check-" + display.replace("/", "--"),
                                 lambda: _encode_check(*self._check(path, display, schema_path)),
                                 files=[path, schema_path] if schema_path else [path])
        source, errors = _decode_check(display, checked)
        self.errors.extend(errors)
        return source

    def _check(self, path: Path, display: str, schema_path: Path | None) -> tuple[SourceFile, list[ContentError]]:
        """The file parsed and checked against its schema, with every problem found (data None if any)."""
        source, errors = read_yaml(path.read_bytes(), display)
        if not errors and not isinstance(source.data, dict):
            errors = [source.error((), f"the file holds {_kind(source.data)} (expected a mapping of keys to values)")]
        if not errors and schema_path is not None:
            try:
                validator = load_validator(schema_path.read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError):
                errors = [ContentError(self.display(schema_path), 1, 1, "schema missing or not valid JSON (expected "
                                                                         f"the JSON Schema that describes {display})")]
            else:
                errors = validate(source, validator)
        if errors:
            source.data = None
        return source, errors

    def load_folder(self, folder: Path, schema: str) -> dict[str, SourceFile]:
        loaded = {}
        for path in sorted(folder.glob("*.y*ml")):
            if path.suffix == ".yaml":
                self.errors.append(ContentError(self.display(path), 1, 1,
                                                f"file name ends in .yaml (expected .yml: {path.stem}.yml)"))
                continue
            if not SLUG.match(path.stem):
                self.errors.append(ContentError(self.display(path), 1, 1,
                                                f"'{path.stem}' is not a valid slug for a file name (expected lowercase "
                                                "words joined by hyphens, such as shared-influence.yml)"))
                continue
            loaded[path.stem] = self.load(path, schema)
        return loaded


def _order_key(listed: list):
    return lambda slug: (listed.index(slug) if slug in listed else len(listed), slug)


def _kind(value) -> str:
    return {list: "a list", str: "a single text value"}.get(type(value), "a single value")


class _CrossReferences:
    """Checks the references between files: order lists, phases, tools, scales, icons and ids."""

    def __init__(self, loader: _Loader, meta: SourceFile, conditions: dict, tools: dict, frameworks: dict,
                 optional: dict, belonging: dict):
        self.loader = loader
        self.meta = meta
        self.phase_ids = [phase["id"] for phase in meta.data["phases"]]
        self.conditions = conditions
        self.tools = tools
        self.frameworks = frameworks
        self.optional = optional
        self.sessions = belonging["sessions"]
        self.examples = belonging["examples"]
        # Suggestions list what exists, in the order playbook.yml gives.
        self.condition_choices = ", ".join(sorted(conditions, key=_order_key(meta.data["conditions"])))
        self.tool_choices = ", ".join(sorted(tools, key=_order_key(meta.data["tools"])))

    def error(self, source: SourceFile, path: tuple, message: str, *, key: bool = False) -> None:
        self.loader.errors.append(source.error(path, message, key=key))

    def check(self) -> None:
        self.check_unique(self.meta, ("phases",), [phase["id"] for phase in self.meta.data["phases"]], "phase id")
        for index, phase in enumerate(self.meta.data["phases"]):
            self.check_icon(self.meta, ("phases", index, "icon"), phase["icon"])
        self.check_order("conditions", self.conditions)
        self.check_order("tools", self.tools)
        self.check_order("frameworks", self.frameworks)
        for slug, source in self.frameworks.items():
            if slug in RESERVED_FRAMEWORK_SLUGS:
                self.error(source, (), f"'{slug}' is reserved for the crosswalk page (expected another file name)")
            elif source.data is not None:
                self.check_framework(source)
        start = self.optional.get("start")
        if start is not None and start.data is not None:
            for s, step in enumerate(start.data["steps"]):
                for t, tool in enumerate(step.get("tools", [])):
                    self.check_reference(start, ("steps", s, "tools", t), tool, self.tools, self.tool_choices, "tool")
        crosswalk = self.optional.get("crosswalk")
        if crosswalk is not None and crosswalk.data is not None:
            self.check_crosswalk(crosswalk)
        for source in self.conditions.values():
            if source.data is not None:
                self.check_condition(source)
        for source in self.tools.values():
            if source.data is not None:
                self.check_tool(source)
        for slug, source in self.sessions.items():
            if source.data is not None:
                self.check_sessions(slug, source)
        for slug, source in self.examples.items():
            if source.data is not None:
                self.check_example(slug, source)
        glossary = self.optional.get("glossary")
        if glossary is not None and glossary.data is not None:
            terms = glossary.data["terms"]
            self.check_unique(glossary, ("terms",), [term["id"] for term in terms], "term id")
            spellings = [(t, spelling.lower()) for t, term in enumerate(terms)
                         for spelling in [term["term"], *term.get("forms", []), term.get("abbreviation") or ""] if spelling]
            seen = {}
            for t, spelling in spellings:
                if spelling in seen and seen[spelling] != t:
                    self.error(glossary, ("terms", t), f"'{spelling}' is also a spelling of term "
                               f"'{terms[seen[spelling]]['id']}' (expected each spelling to name one term)")
                seen.setdefault(spelling, t)

    def check_unique(self, source: SourceFile, path: tuple, values: list, what: str) -> None:
        seen = set()
        for index, value in enumerate(values):
            if value in seen:
                self.error(source, path + (index,), f"duplicate {what} '{value}' (expected each {what} once)")
            seen.add(value)

    def check_icon(self, source: SourceFile, path: tuple, name: str) -> None:
        if not icon_exists(name):
            self.error(source, path, f"unknown icon '{name}' (expected an icon bundled with Material for MkDocs, "
                                     "such as material/compass-outline)")

    def check_reference(self, source: SourceFile, path: tuple, slug: str, existing, choices: str, kind: str) -> None:
        if slug not in existing:
            self.error(source, path, f"unknown {kind} '{slug}'{did_you_mean(slug, existing)} "
                                     f"(expected one of: {choices or 'none defined'})")

    def check_framework(self, source: SourceFile) -> None:
        sections = source.data["sections"]
        self.check_unique(source, ("sections",), [section["id"] for section in sections], "section id")
        item_paths = [(("sections", s, "items", i), item["id"])
                      for s, section in enumerate(sections) for i, item in enumerate(section["items"])]
        seen = set()
        for path, item_id in item_paths:
            if item_id in seen:
                self.error(source, path + ("id",), f"duplicate item id '{item_id}' (expected ids unique within "
                                                   "the framework, since the crosswalk names them)")
            seen.add(item_id)

    def check_crosswalk(self, source: SourceFile) -> None:
        data = source.data
        framework_choices = ", ".join(sorted(self.frameworks, key=_order_key(self.meta.data.get("frameworks", []))))
        for index, slug in enumerate(data["frameworks"]):
            self.check_reference(source, ("frameworks", index), slug, self.frameworks, framework_choices, "framework")
        for r, row in enumerate(data["rows"]):
            self.check_reference(source, ("rows", r, "condition"), row["condition"], self.conditions,
                                 self.condition_choices, "condition")
            for framework, items in row["links"].items():
                path = ("rows", r, "links", framework)
                if framework not in data["frameworks"]:
                    self.error(source, path, f"framework '{framework}' is not a column of the crosswalk "
                                             f"(expected one of: {', '.join(data['frameworks'])})", key=True)
                    continue
                framework_source = self.frameworks.get(framework)
                if framework_source is None or framework_source.data is None:
                    continue
                item_ids = [item["id"] for section in framework_source.data["sections"] for item in section["items"]]
                for i, item in enumerate(items):
                    self.check_reference(source, path + (i,), item, item_ids, ", ".join(item_ids),
                                         f"item of {framework}")
        self.check_unique(source, ("rows",), [row["condition"] for row in data["rows"]], "condition")
        for slug in self.frameworks:
            if slug not in data["frameworks"]:
                self.error(source, ("frameworks",), f"framework '{slug}' is not a column of the crosswalk "
                                                    "(expected every framework, so each of its items is mapped)")
        unmatched = data.get("no_direct_counterpart", {})
        for framework, entries in unmatched.items():
            if framework not in data["frameworks"]:
                self.error(source, ("no_direct_counterpart", framework), f"framework '{framework}' is not a column "
                           f"of the crosswalk (expected one of: {', '.join(data['frameworks'])})", key=True)
        for framework in data["frameworks"]:
            framework_source = self.frameworks.get(framework)
            if framework_source is None or framework_source.data is None:
                continue
            item_ids = [item["id"] for section in framework_source.data["sections"] for item in section["items"]]
            linked = {item for row in data["rows"] for item in row["links"].get(framework, [])}
            listed = unmatched.get(framework, [])
            for i, entry in enumerate(listed):
                path = ("no_direct_counterpart", framework, i, "item")
                self.check_reference(source, path, entry["item"], item_ids, ", ".join(item_ids), f"item of {framework}")
                if entry["item"] in linked:
                    self.error(source, path, f"item '{entry['item']}' of {framework} is linked from a condition "
                               "(expected it either linked or listed as having no direct counterpart, not both)")
            missing = [item for item in item_ids if item not in linked and item not in {e["item"] for e in listed}]
            if missing:
                self.error(source, ("frameworks", data["frameworks"].index(framework)),
                           f"{framework} items not mapped: {', '.join(missing)} (expected each linked from a "
                           "condition's row or listed under no_direct_counterpart with a note)")

    def check_order(self, key: str, files: dict) -> None:
        listed = self.meta.data.get(key, [])
        kind = key[:-1]
        folder = f"{self.meta.display_path.rsplit('/', 1)[0]}/{key}"
        self.check_unique(self.meta, (key,), listed, kind)
        for index, slug in enumerate(listed):
            if slug not in files:
                self.error(self.meta, (key, index), f"unknown {kind} '{slug}'{did_you_mean(slug, files)} "
                                                    f"(expected a file {folder}/{slug}.yml)")
        for slug, source in files.items():
            if slug not in listed:
                self.error(source, (), f"{kind} '{slug}' is not listed under '{key}' in "
                                       f"{self.meta.display_path} (expected it there, so readers can find it)")

    def check_condition(self, source: SourceFile) -> None:
        data = source.data
        self.check_icon(source, ("icon",), data["icon"])
        for phase_id, phase in data.get("phases", {}).items():
            if phase_id not in self.phase_ids:
                self.error(source, ("phases", phase_id), f"unknown phase '{phase_id}'"
                           f"{did_you_mean(phase_id, self.phase_ids)} (expected one of: {', '.join(self.phase_ids)})",
                           key=True)
                continue
            for index, tool in enumerate(phase["tools"]):
                self.check_reference(source, ("phases", phase_id, "tools", index), tool, self.tools,
                                     self.tool_choices, "tool")

    def check_sessions(self, slug: str, source: SourceFile) -> None:
        """A condition's session plans: one per phase of its guide, each referring to that phase's contents."""
        condition = self.conditions.get(slug)
        if condition is None:
            self.error(source, (), f"no condition '{slug}'{did_you_mean(slug, self.conditions)} for these sessions "
                                   f"(expected the file named like a condition: {self.condition_choices})")
            return
        if condition.data is None:
            return
        guide = condition.data.get("phases", {})
        for phase_id, session in source.data.items():
            phase = guide.get(phase_id)
            if phase is None:
                self.error(source, (phase_id,), f"'{phase_id}' is not a phase of {condition.display_path} "
                           f"(expected one of: {', '.join(guide) or 'none: the condition has no guide'})", key=True)
                continue
            total = sum(step["minutes"] for step in session["steps"])
            low, high = SESSION_MINUTES
            if not low <= total <= high:
                self.error(source, (phase_id, "steps"), f"the agenda adds up to {total} minutes "
                                                        f"(expected {low} to {high}, one meeting)")
            for s, step in enumerate(session["steps"]):
                path = (phase_id, "steps", s)
                for q, number in enumerate(step.get("questions", [])):
                    if number > len(phase["big_questions"]):
                        self.error(source, path + ("questions", q), f"big question {number} does not exist "
                                   f"({_numbers(len(phase['big_questions']), 'big question', phase_id)})")
                if step.get("task", 0) > len(phase["tasks"]):
                    self.error(source, path + ("task",), f"task {step['task']} does not exist "
                               f"({_numbers(len(phase['tasks']), 'task', phase_id)})")
                if "tool" in step and step["tool"] not in phase["tools"]:
                    self.error(source, path + ("tool",), f"tool '{step['tool']}' is not one of the {phase_id} "
                               f"phase's tools (expected one of: {', '.join(phase['tools'])})")
        for phase_id in guide:
            if phase_id not in source.data and phase_id in self.phase_ids:
                self.error(source, (), f"no session for the '{phase_id}' phase (expected one for every phase of "
                                       f"{condition.display_path})")

    def check_example(self, slug: str, source: SourceFile) -> None:
        """A worked example: its answers must fit the tool's fields, as an imported worksheet must."""
        tool = self.tools.get(slug)
        if tool is None:
            self.error(source, (), f"no tool '{slug}'{did_you_mean(slug, self.tools)} for this example "
                                   f"(expected the file named like a tool: {self.tool_choices})")
            return
        if "example-school" not in self.optional:
            self.error(source, (), "no example school for this example (expected data/<language>/example-school.yml, "
                                   "the fictional team that fills in every example)")
        if tool.data is None:
            return
        expected = _field_values(tool.data)
        for name, value in source.data["values"].items():
            path = ("values", name)
            if name not in expected:
                self.error(source, path, f"'{name}' is not a field of {tool.display_path}"
                           f"{did_you_mean(name, expected)} (expected one of its form names: id, id.option or "
                           "id.row.column)", key=True)
                continue
            problem = expected[name](value)
            if problem:
                self.error(source, path, f"'{name}' {problem}")

    def check_tool(self, source: SourceFile) -> None:
        data = source.data
        scales = data.get("scales", {})
        field_ids = []
        for s, section in enumerate(data["sections"]):
            condition = section.get("condition")
            if condition is not None:
                self.check_reference(source, ("sections", s, "condition"), condition, self.conditions,
                                     self.condition_choices, "condition")
            for f, item in enumerate(section["fields"]):
                path = ("sections", s, "fields", f)
                field_ids.append((item["id"], path))
                self.check_field(source, path, item, scales)
        seen = {}
        for field_id, path in field_ids:
            if field_id in seen:
                self.error(source, path + ("id",), f"duplicate field id '{field_id}' (first used at line "
                           f"{source.position(seen[field_id] + ('id',))[0]}; expected ids unique within the tool)")
            else:
                seen[field_id] = path

    def check_field(self, source: SourceFile, path: tuple, item: dict, scales: dict) -> None:
        kind = item["kind"]
        allowed = {"checkboxes": {"options"}, "choice": {"options"}, "rating": {"scale"}, "table": {"columns", "rows"}}
        for extra in ("options", "scale", "columns", "rows"):
            if extra in item and extra not in allowed.get(kind, set()):
                self.error(source, path + (extra,), f"'{extra}' does not apply to a {kind} field "
                           f"(expected only on: {', '.join(k for k, v in allowed.items() if extra in v)})", key=True)
        if kind == "rating" and item.get("scale") not in scales:
            self.error(source, path + ("scale",), f"unknown scale '{item.get('scale')}'"
                       f"{did_you_mean(str(item.get('scale')), scales)} (expected one defined under 'scales': "
                       f"{', '.join(scales) or 'none defined'})")
        if "options" in item:
            self.check_unique(source, path + ("options",), [o["id"] for o in item["options"]], "option id")
        if "columns" in item:
            self.check_unique(source, path + ("columns",), [c["id"] for c in item["columns"]], "column id")


def _check_placeholders(loader, ui: SourceFile) -> None:
    """Each UI string uses only the placeholders its schema lists, written plainly: {name}."""
    properties = json.loads(loader.schema_text("ui")).get("properties", {})
    for key, text in ui.data.items():
        problem = placeholder_problem(text, properties.get(key, {}).get("placeholders", ())) if isinstance(text, str) else None
        if problem:
            loader.errors.append(ui.error((key,), problem))


def _numbers(count: int, what: str, phase: str) -> str:
    """What a reference to a phase's questions or tasks may be: 'expected 1 to 4: the why phase has 4 tasks'."""
    return (f"expected 1: the {phase} phase has 1 {what}" if count == 1
            else f"expected 1 to {count}: the {phase} phase has {count} {what}s")


def _field_values(tool: dict) -> dict:
    """For every form name of a tool, a check of one answer: None when it fits, else what is wrong.

    The rules are the fields' own (macros/fields.py), the same the browser applies to an imported worksheet.
    """
    scales = tool.get("scales", {})
    checks = {}
    for section in tool["sections"]:
        for field in section["fields"]:
            if field["kind"] == "rating" and field["scale"] not in scales:
                checks[field["id"]] = lambda value: None  # the tool's own error names the unknown scale
                continue
            checks.update({name: _value_check(rule) for name, rule in make_field(field, scales).value_types().items()})
    return checks


def _value_check(rule: dict):
    """A check of one answer against its field's value type (see Field.value_types)."""
    import datetime

    def date(value):
        try:
            datetime.date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            return f"is '{value}' (expected a date written YYYY-MM-DD)"
        return None

    kind = rule["type"]
    if kind == "date":
        return date
    if kind == "boolean":
        return lambda value: None if value is True else "is not true (expected true for a ticked box; leave unticked boxes out)"
    if kind == "option":
        options = rule["options"]
        return lambda value: None if value in options else f"is '{value}' (expected one of: {', '.join(options)})"
    if kind == "rating":
        size = rule["points"]
        return lambda value: (None if type(value) is int and 1 <= value <= size
                              else f"is '{value}' (expected a whole number from 1 to {size}, the scale's points)")
    return lambda value: None if isinstance(value, str) else f"is {_kind(value)} (expected text)"


def _encode_check(source: SourceFile, errors: list[ContentError]) -> dict:
    """A file's check as JSON data: its content, where each value and key sits, and its errors."""
    return {
        "data": source.data,
        "values": [[list(path), *position] for path, position in source.value_positions.items()],
        "keys": [[list(path), *position] for path, position in source.key_positions.items()],
        "errors": [[error.line, error.column, error.message] for error in errors],
    }


def _decode_check(display: str, checked: dict) -> tuple[SourceFile, list[ContentError]]:
    source = SourceFile(display, checked["data"],
                        {tuple(path): (line, column) for path, line, column in checked["values"]},
                        {tuple(path): (line, column) for path, line, column in checked["keys"]})
    return source, [ContentError(display, line, column, message) for line, column, message in checked["errors"]]


_loaded: dict = {}


def links_leaving_the_project(root: Path) -> list[ContentError]:
    """Symbolic links in data/ or docs/ to anything outside the project, which the site would publish."""
    errors = []
    for folder in ("data", "docs"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                errors.append(ContentError(path.relative_to(root).as_posix(), 1, 1,
                                           f"a link to {path.resolve()}, outside the project (expected a file of the "
                                           "project itself; copy the file in instead of linking to it)"))
    return errors


def hand_written_problems(root: Path) -> list[ContentError]:
    """What the pages in docs/ hold that content may not (see safety.py): they are content too."""
    errors = []
    for path in sorted((root / "docs").rglob("*.md")):
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            continue  # reported by links_leaving_the_project, and not read
        text = path.read_text(encoding="utf-8", errors="replace")
        for offset, _, message in text_problems(text):
            line_start = text.rfind("\n", 0, offset) + 1
            errors.append(ContentError(path.relative_to(root).as_posix(), text.count("\n", 0, offset) + 1,
                                       offset - line_start + 1, message))
    return errors


def cached_content(root: Path) -> dict:
    """The validated content of every language, reused while nothing it depends on has changed.

    The hook and the macros share one load per build, and a rebuild with the
    same inputs reads the validated content back from .cache/ instead of
    parsing and validating every file again.
    """
    root = Path(root).resolve()
    refused = links_leaving_the_project(root) + hand_written_problems(root)
    if refused:
        raise ContentErrors(refused)
    cache = Cache(root)
    # docs/ too: whether the brand's logo file exists is part of validation.
    inputs = files_under(root / "data") + files_under(root / "docs")
    # The folders too: a language folder that is not registered is an error even while it is empty.
    folders = sorted(path.relative_to(root).as_posix() for path in (root / "data").rglob("*") if path.is_dir())
    key = cache.key(inputs, ["\n".join(folders)])
    if (root, key) not in _loaded:
        content = cache.get_by_key("content", key, lambda: _validated_content(root, cache))
        _loaded.clear()
        _loaded[(root, key)] = (content, {})
    return _loaded[(root, key)][0]


def cached_playbook(root: Path, language: str = SOURCE_LANGUAGE) -> Playbook:
    """The typed playbook in `language` (see cached_content); ContentErrors if any language's content is invalid."""
    content = cached_content(root)
    typed = next(playbooks for loaded, playbooks in _loaded.values() if loaded is content)
    if language not in typed:
        if language not in language_codes(content):
            raise KeyError(f"unknown language '{language}'{did_you_mean(language, language_codes(content))}")
        typed[language] = _typed(language, content)
    return typed[language]


def language_codes(content: dict) -> list[str]:
    """The registered languages' codes, the source language first."""
    return [entry["code"] for entry in content["languages"]]
