"""Write a copy of the project with N times its content, for the scale figures of `make bench`.

Every condition and every tool is repeated N times in every language: copy k (2 to N) of
shared-influence.yml is shared-influence-k.yml, titled "Shared influence k" ("Influencia compartida k").
Copy k's conditions use copy k's tools, its sessions name them, copy k's self-assessment rates copy k's
conditions, its worked examples fill copy k's tools, the crosswalk gains a row for each copied condition,
and each translation's stamps follow their pieces: the result is N playbooks side by side in one site,
the same shape at every size, and it validates as the original does. Nothing else is invented.
Usage: python scripts/scale_fixture.py DESTINATION [--times N] [--root DIR]
"""

import argparse
import copy
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.translation import piece_hash  # noqa: E402

# What a project is made of: a copy of these builds as the project does.
PROJECT_FILES = ("mkdocs.yml",)
PROJECT_FOLDERS = ("macros", "overrides", "docs", "data", "scripts")
STAMPS = "stamps.yml"


def copy_project(source: Path, destination: Path) -> Path:
    """A copy of the project under `source` in `destination` (an empty or missing folder)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy(source / name, destination / name)
    for folder in PROJECT_FOLDERS:
        if (source / folder).is_dir():
            shutil.copytree(source / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def scale(data: Path, times: int) -> None:
    """Repeat every condition and tool of the content in `data` (a project's data/ folder) `times` times."""
    if times == 1:
        return
    source = data / "en"
    playbook = _read(source / "playbook.yml")
    conditions, tools = playbook["conditions"], playbook["tools"]
    english_titles = _titles(source)
    translations = [folder for folder in sorted(data.iterdir())
                    if folder.is_dir() and folder.name not in ("en", "schema")]
    for k in range(2, times + 1):
        renamed = {slug: f"{slug}-{k}" for slug in conditions + tools}
        _copy_english(source, conditions, tools, renamed, k)
        for folder in translations:
            _copy_translation(folder, conditions, tools, renamed, k, english_titles)
    playbook["conditions"] = [f"{slug}-{k}" if k > 1 else slug for k in range(1, times + 1) for slug in conditions]
    playbook["tools"] = [f"{slug}-{k}" if k > 1 else slug for k in range(1, times + 1) for slug in tools]
    _write(source / "playbook.yml", playbook)


def _copy_english(source: Path, conditions: list, tools: list, renamed: dict, k: int) -> None:
    """Copy k of the source language's conditions, sessions, tools and examples, and their crosswalk rows."""
    for slug in conditions:
        condition = _read(source / "conditions" / f"{slug}.yml")
        condition["title"] = _numbered(condition["title"], k)
        for phase in condition.get("phases", {}).values():
            phase["tools"] = [renamed[tool] for tool in phase["tools"]]
        _write(source / "conditions" / f"{renamed[slug]}.yml", condition)
        session_file = source / "sessions" / f"{slug}.yml"
        if session_file.is_file():
            sessions = _read(session_file)
            for session in sessions.values():
                for step in session["steps"]:
                    if "tool" in step:
                        step["tool"] = renamed[step["tool"]]
            _write(source / "sessions" / f"{renamed[slug]}.yml", sessions)
    for slug in tools:
        tool = _read(source / "tools" / f"{slug}.yml")
        tool["title"] = _numbered(tool["title"], k)
        for section in tool["sections"]:
            if "condition" in section:
                section["condition"] = renamed[section["condition"]]
        _write(source / "tools" / f"{renamed[slug]}.yml", tool)
        example = source / "examples" / f"{slug}.yml"
        if example.is_file():
            shutil.copy(example, source / "examples" / f"{renamed[slug]}.yml")
    _add_crosswalk_rows(source / "crosswalk.yml", conditions, renamed)


def _copy_translation(folder: Path, conditions: list, tools: list, renamed: dict, k: int, english_titles: dict) -> None:
    """Copy k of one translation's files, with the stamps that say which English text each piece translates."""
    stamps_file = folder / STAMPS
    stamps = _read(stamps_file) if stamps_file.is_file() else None
    for kind, slugs in (("conditions", conditions), ("sessions", conditions), ("tools", tools),
                        ("examples", tools)):
        for slug in slugs:
            name, copy_name = f"{kind}/{slug}.yml", f"{kind}/{renamed[slug]}.yml"
            if not (folder / name).is_file():
                continue
            overlay = _read(folder / name)
            if kind in ("conditions", "tools") and isinstance(overlay, dict) and "title" in overlay:
                overlay["title"] = _numbered(overlay["title"], k)
            _write(folder / copy_name, overlay)
            if stamps is not None and name in stamps:
                stamps[copy_name] = dict(stamps[name])
                title = stamps[copy_name].get("title")
                if kind in ("conditions", "tools") and title == piece_hash(english_titles[name]):
                    stamps[copy_name]["title"] = piece_hash(_numbered(english_titles[name], k))
    if (folder / "crosswalk.yml").is_file():
        _add_crosswalk_rows(folder / "crosswalk.yml", conditions, renamed)
        if stamps is not None and "crosswalk.yml" in stamps:
            rows = stamps["crosswalk.yml"]
            for key, value in list(rows.items()):
                parts = key.split(".")
                if parts[0] == "rows" and parts[1] in conditions:
                    rows[".".join(["rows", renamed[parts[1]], *parts[2:]])] = value
    if stamps is not None:
        _write(stamps_file, stamps, header=_comment_lines(stamps_file))


def _add_crosswalk_rows(path: Path, conditions: list, renamed: dict) -> None:
    """The crosswalk (or its translation) with a row for each copied condition, mapped as the original is."""
    if not path.is_file():
        return
    crosswalk = _read(path)
    originals = [row for row in crosswalk.get("rows", []) if row["condition"] in conditions]
    crosswalk["rows"] = crosswalk.get("rows", []) + [{**copy.deepcopy(row), "condition": renamed[row["condition"]]}
                                                    for row in originals]
    _write(path, crosswalk)


def _titles(source: Path) -> dict[str, str]:
    """The source language's titles of conditions and tools by file ("tools/team-norms.yml"), as they are before
    any copy is added."""
    return {f"{kind}/{path.name}": _read(path)["title"]
            for kind in ("conditions", "tools") for path in sorted((source / kind).glob("*.yml"))}


def _numbered(title: str, k: int) -> str:
    return f"{title} {k}"


class _Dumper(yaml.SafeDumper):
    """Writes a value met twice in full each time: content files may hold no YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def _read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000),
                    encoding="utf-8")


def _comment_lines(path: Path) -> str:
    """The comment lines a file starts with, kept when it is written again."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def main(argv=None) -> int:
    """Write the scaled copy and say what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", type=Path, help="an empty or new folder")
    parser.add_argument("--times", type=int, default=10, help="how many times the content is repeated (default 10)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the project to copy (default: this one)")
    args = parser.parse_args(argv)
    if args.times < 1:
        print(f"--times {args.times}: expected a whole number of at least 1", file=sys.stderr)
        return 2
    if args.destination.exists() and any(args.destination.iterdir()):
        print(f"{args.destination}: not empty (expected an empty or new folder)", file=sys.stderr)
        return 2
    project = copy_project(args.root.resolve(), args.destination)
    scale(project / "data", args.times)
    playbook = _read(project / "data" / "en" / "playbook.yml")
    print(f"Wrote {project}: {len(playbook['conditions'])} conditions, {len(playbook['tools'])} tools "
          f"({args.times} times the content of {args.root.resolve()}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
