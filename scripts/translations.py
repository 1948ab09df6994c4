"""Translation tools: how far each language is, stamping checked translations, and adding a language.

  python scripts/translations.py [--language es] [--strict]    report (make translations [STRICT=1])
  python scripts/translations.py stamp data/es/x.yml [KEY ...]  record pieces as checked (make stamp FILE=... [KEYS=...])
  python scripts/translations.py new fr [--name NAME] [--rtl]   add a language (make new-language LANG=fr)

The report lists, per language and per file, the pieces that are translated, stale (the English changed
since the translation was stamped), not stamped yet, or missing, and each piece still to do as
`data/es/conditions/x.yml:LINE: key.path — English changed`. It exits non-zero only with --strict, when any
piece of any language is not translated and current.
"""

import argparse
import re
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.content import (SOURCE_LANGUAGE, STAMPS_HEADER, cached_content, cached_playbook,  # noqa: E402
                            language_codes, stamp_translation)
from macros.errors import ContentErrors  # noqa: E402

STAMPS_FILE = "stamps.yml"

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_REASONS = {"stale": "English changed", "unstamped": "not stamped yet (check it, then make stamp)",
            "missing": "not yet translated"}


def report(root: Path, only: str | None, strict: bool) -> int:
    content = cached_content(root)
    languages = [code for code in language_codes(content)[1:] if only in (None, code)]
    if only and not languages:
        print(f"'{only}' is not a translated language (expected one of: "
              f"{', '.join(language_codes(content)[1:]) or 'none yet'})", file=sys.stderr)
        return 2
    unfinished = 0
    for code in languages:
        playbook = cached_playbook(root, code)
        totals = {state: playbook.translated_count(state) for state in ("translated", "stale", "unstamped", "missing")}
        print(f"{playbook.locale.name} ({code}): {totals['translated']} translated, "
              f"{totals['stale'] + totals['unstamped']} stale ({totals['unstamped']} not stamped), "
              f"{totals['missing']} missing")
        width = max(len(f"data/{code}/{file.path}") for file in playbook.translation)
        print(f"  {'file':<{width}}  translated  stale  missing")
        for file in playbook.translation:
            print(f"  {f'data/{code}/{file.path}':<{width}}  {file.count('translated'):>10}  "
                  f"{file.count('stale') + file.count('unstamped'):>5}  {file.count('missing'):>7}")
        for file in playbook.translation:
            for piece in file.pending:
                where = f"data/{code}/{file.path}:{piece.line}" if piece.line else f"data/{code}/{file.path}"
                source = "" if piece.line else f" (data/{SOURCE_LANGUAGE}/{file.path}:{piece.source_line})"
                print(f"{where}: {piece.key} — {_REASONS[piece.state]}{source}")
        unfinished += totals["stale"] + totals["unstamped"] + totals["missing"]
    if strict and unfinished:
        print(f"{unfinished} pieces are not translated and current (STRICT=1).", file=sys.stderr)
        return 1
    return 0


def stamp(root: Path, file: str, keys: list[str]) -> int:
    """Record the pieces of one translation file (all, or `keys`) as translating the current English."""
    path = (root / file).resolve() if not Path(file).is_absolute() else Path(file)
    try:
        relative = path.relative_to(root / "data")
    except ValueError:
        print(f"{file} is not under data/ (expected a translation file such as data/es/start.yml)", file=sys.stderr)
        return 2
    code, _, name = relative.as_posix().partition("/")
    content = cached_content(root)
    if code not in language_codes(content)[1:]:
        print(f"{file}: '{code}' is not a translated language (expected data/<code>/..., one of: "
              f"{', '.join(language_codes(content)[1:]) or 'none yet'})", file=sys.stderr)
        return 2
    if path.is_dir():  # a whole folder: every translation file in it, once all of it has been checked
        names = sorted(content["translations"][code]["files"])
        status = 0
        for each in names:
            if each.startswith(f"{name}/" if name else ""):
                status = max(status, stamp(root, f"data/{code}/{each}", []))
        return status
    try:
        stamped, unknown = stamp_translation(root, code, name, keys or None)
    except KeyError as error:
        print(f"{file}: {error.args[0]}", file=sys.stderr)
        return 2
    for key in unknown:
        print(f"{file}: no translated piece '{key}' (expected a key path the report lists, such as title)",
              file=sys.stderr)
    print(f"Stamped {stamped} piece{'s' if stamped != 1 else ''} of {file} in data/{code}/{STAMPS_FILE}.")
    return 1 if unknown else 0


def new_language(root: Path, code: str, name: str | None, rtl: bool | None) -> int:
    """Create data/<code>/ (the UI words to translate, and the stamps) and register the language."""
    if not LANGUAGE_CODE.match(code or ""):
        print(f"'{code}' is not a language code (expected two or three lowercase letters, such as fr, or a "
              "regional code such as pt-BR: make new-language LANG=fr)", file=sys.stderr)
        return 2
    content = cached_content(root)
    if code in language_codes(content):
        print(f"'{code}' is already a language of this playbook (data/languages.yml)", file=sys.stderr)
        return 2
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
        own_name = locale.get_display_name(locale) or code
        right_to_left = locale.character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        own_name, right_to_left = code, False
    name = name or own_name[:1].upper() + own_name[1:]
    rtl = right_to_left if rtl is None else rtl
    folder = root / "data" / code
    folder.mkdir(parents=True, exist_ok=False)
    source_ui = root / "data" / SOURCE_LANGUAGE / "ui.yml"
    (folder / "ui.yml").write_text(_ui_to_translate(source_ui.read_text(encoding="utf-8"), name, code),
                                   encoding="utf-8")
    (folder / STAMPS_FILE).write_text(STAMPS_HEADER + "{}\n", encoding="utf-8")
    registry = root / "data" / "languages.yml"
    if not registry.is_file():
        registry.write_text("languages:\n  - code: en\n    name: English\n", encoding="utf-8")
    text = registry.read_text(encoding="utf-8")
    entry = f"  - code: {code}\n    name: {name}\n" + ("    direction: rtl\n" if rtl else "")
    registry.write_text(text + ("" if text.endswith("\n") else "\n") + entry, encoding="utf-8")
    print(f"Added {name} ({code}{', right to left' if rtl else ''}): data/{code}/ui.yml to translate, "
          f"data/{code}/{STAMPS_FILE}, and an entry in data/languages.yml.\n"
          f"The next `make build` publishes /{code}/ with everything in English, marked as not yet translated. "
          f"Translate data/{code}/ui.yml first, then copy any file of data/{SOURCE_LANGUAGE}/ to data/{code}/ and "
          "translate its text (README: Translate or fork).")
    return 0


def _ui_to_translate(source: str, name: str, code: str) -> str:
    """The source language's UI words, every line commented out: a line counts once it is uncommented and translated."""
    lines = [f"# The words around the content, in {name} ({code}). To translate one, remove the '# ' in front of",
             "# its line and replace the English; keep every {placeholder} as it is. Lines left commented show",
             "# in English, marked as not yet translated.", ""]
    for line in source.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lines.append(f"# {line}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    commands = parser.add_subparsers(dest="command")
    stamp_command = commands.add_parser("stamp", help="record a translation file's pieces as checked")
    stamp_command.add_argument("file", help="the translation file, such as data/es/start.yml")
    stamp_command.add_argument("keys", nargs="*", help="only these pieces (key paths, as the report lists them)")
    new_command = commands.add_parser("new", help="add a language")
    new_command.add_argument("code", help="its code, such as fr")
    new_command.add_argument("--name", help="its name in itself (default: from Babel, such as Français)")
    new_command.add_argument("--rtl", action="store_true", default=None, help="written right to left")
    parser.add_argument("--language", help="report on this language only")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every piece is translated and current")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "stamp":
            return stamp(root, args.file, args.keys)
        if args.command == "new":
            return new_language(root, args.code, args.name, args.rtl)
        return report(root, args.language, args.strict)
    except ContentErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `make translations | head` ends quietly
    sys.exit(main())
