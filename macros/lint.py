"""Style warnings for content that is valid: what a machine can catch of the content style guide (CONTRIBUTING.md).

- an acronym the glossary does not define (a reader meets it unexplained);
- a sentence of more than LONG_SENTENCE words (hard to read aloud in a meeting).

Quotations are exact by rule, so their text is not linted.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Glossary
from .yaml_source import read_yaml

LONG_SENTENCE = 35
_ACRONYM = re.compile(r"\b([A-Z][A-Z&]+)s?\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z“\"(*])")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`#>]")
# Keys whose text is quoted from someone else, word for word: every quotation, and the playbook's definition.
_QUOTED = "quote"
_QUOTED_DEFINITION = ("playbook.yml", "definition")


@dataclass(frozen=True, order=True)
class Warning:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: warning: {self.message}"


def lint(root: Path, language: str, glossary: Glossary | None) -> list[Warning]:
    """Every style warning in the content files of `language`, in file and line order."""
    root = Path(root)
    known = set(glossary.abbreviations) if glossary else set()
    warnings = []
    for path in sorted((root / "data" / language).rglob("*.yml")):
        display = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        source, errors = read_yaml(raw, display)
        if errors:
            continue
        lines = raw.decode("utf-8").splitlines()
        for key_path, text in _texts(source.data, ()):
            if _is_quoted(display, key_path):
                continue
            start = source.position(key_path)[0]
            for sentence in _sentences(text):
                words = sentence.split()
                if len(words) > LONG_SENTENCE:
                    warnings.append(Warning(display, _line_of(sentence, lines, start), f"a sentence of {len(words)} "
                                            f"words, '{' '.join(words[:6])}…' (expected at most {LONG_SENTENCE}; "
                                            "split it in two)"))
            if display.endswith("/glossary.yml"):
                continue
            for acronym in sorted(set(_ACRONYM.findall(_MARKUP.sub(" ", text))) - known):
                if len(acronym.replace("&", "")) >= 2:
                    warnings.append(Warning(display, _line_of(acronym, lines, start), f"'{acronym}' is not in the "
                                            "glossary (expected an entry that spells it out, or plain words)"))
    return sorted(set(warnings))


def _is_quoted(display: str, key_path: tuple) -> bool:
    file, key = _QUOTED_DEFINITION
    return _QUOTED in key_path or (display.endswith("/" + file) and key_path[:1] == (key,))


def _texts(value, path: tuple):
    """Every text in a YAML value with its path, ids and other one-word values left out."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "icon", "color", "kind", "scale", "condition", "tools", "tool", "logo"):
                yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))
    elif isinstance(value, str) and " " in value.strip():
        yield path, value


def _sentences(text: str) -> list[str]:
    # A Markdown blockquote is a quotation too.
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    plain = _MARKUP.sub(lambda match: match.group(1) or " ", text)
    return [sentence for paragraph in re.split(r"\n\s*\n|(?:^|\n)\s*(?:[-*]|\d+\.)\s+", plain)
            for sentence in _SENTENCE_END.split(" ".join(paragraph.split())) if sentence]


def _line_of(snippet: str, lines: list[str], start: int) -> int:
    """The line, from `start` on, where `snippet` (its first words) begins in the file."""
    words = snippet.split()[:4]
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    for number in range(start, len(lines) + 1):
        if words and words[0] in lines[number - 1] and pattern.search(" ".join(lines[number - 1:number + 3])):
            return number
    return start
