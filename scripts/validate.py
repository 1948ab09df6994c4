"""Check every content file in data/ and report all mistakes as file:line:column: message.

Usage: python scripts/validate.py [--root DIR]   (run through `make validate`)
Exit status 0 when the content is valid, 1 when it is not. Valid content may still get style warnings
(file:line: warning: ...), from macros/lint.py; they never fail the run.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.content import cached_playbook  # noqa: E402
from macros.errors import ContentErrors  # noqa: E402
from macros.lint import lint  # noqa: E402


def main(argv=None) -> int:
    """Validate the playbook under --root (default: this repository)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    try:
        playbook = cached_playbook(args.root)
    except ContentErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    languages = ", ".join(language.code for language in playbook.languages)
    print(f"Content is valid: {len(playbook.conditions)} conditions, {len(playbook.tools)} tools, "
          f"in {len(playbook.languages)} language{'s' if len(playbook.languages) != 1 else ''} ({languages}).")
    warnings = lint(args.root, playbook.language, playbook.glossary)
    for warning in warnings:
        print(warning)
    if warnings:
        print(f"{len(warnings)} style warning{'s' if len(warnings) != 1 else ''} (see CONTRIBUTING.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
