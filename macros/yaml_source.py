"""Reads one YAML file into plain Python values and remembers where each value came from.

PyYAML silently keeps the last of duplicate keys and reports problems as
exceptions with 0-based marks; this module turns every such problem into a
ContentError with a 1-based line and column, and records the position of
every mapping key and value so the validator can point at them later.

Content comes from many hands, so a file is read only after a first pass over
its parse events shows it is safe to build: content needs no anchors or
aliases (a "billion laughs" file grows to gigabytes through them), no deeper
nesting than any playbook file has, and no more than a megabyte of text.
"""

from dataclasses import dataclass, field

import yaml

from .errors import ContentError
from .safety import text_problems

Path = tuple  # a path into the document: keys and list indexes

# Far above any real content file (the largest is about 17 KB and 8 levels deep), far below harm.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_TEXT_CHARACTERS = 20_000  # the longest text in the playbook is about 2,500


@dataclass
class SourceFile:
    """A parsed YAML file: its data plus the position of every key and value."""

    display_path: str
    data: object = None
    value_positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its key), falling back to the nearest parent."""
        table = self.key_positions if key else self.value_positions
        while path:
            if path in table:
                return table[path]
            if path in self.value_positions:
                return self.value_positions[path]
            path = path[:-1]
        return self.value_positions.get((), (1, 1))

    def error(self, path: Path, message: str, *, key: bool = False) -> ContentError:
        """A ContentError located at `path` in this file."""
        line, column = self.position(path, key=key)
        return ContentError(self.display_path, line, column, message)


def _mark(node) -> tuple[int, int]:
    """Where a YAML node or parse event starts, 1-based."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_yaml(raw: bytes, display_path: str) -> tuple[SourceFile, list[ContentError]]:
    """Parse `raw` bytes as one YAML document; return the source and any errors."""
    source = SourceFile(display_path)
    if len(raw) > MAX_FILE_BYTES:
        return source, [ContentError(display_path, 1, 1, f"the file is {len(raw) // 1024} KB (expected at most "
                                     f"{MAX_FILE_BYTES // 1024} KB; split the content or shorten it)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode("utf-8", errors="replace")) + 1
        return source, [ContentError(display_path, line, column,
                                     f"invalid UTF-8 byte 0x{raw[error.start]:02x} (expected a file saved as UTF-8)")]
    if text.startswith("\ufeff"):
        text = text[1:]

    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        return source, [ContentError(display_path, 1, 1, "the file is empty (expected a mapping of keys to values)")]

    loader = _Loader(text)
    try:
        problem = _unsafe_structure(text, display_path)
        if problem:
            return source, [problem]
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        # A tab in indentation is the usual cause and the parser's own words do not say so.
        return source, _tab_errors(text, display_path) or [_syntax_error(error, display_path)]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return source, [ContentError(display_path, line, column, f"control character U+{error.character:04X} is not "
                                     "allowed (expected printable text; delete it)")]
    finally:
        loader.dispose()

    errors: list[ContentError] = []
    source.data = _construct(node, (), source, errors, text)
    return source, errors


def _unsafe_structure(text: str, display_path: str) -> ContentError | None:
    """The first anchor, alias or too-deep nesting in the file, found from its parse events before anything is
    built (so neither a billion laughs nor ten thousand nested lists costs time or memory)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            name = getattr(event, "anchor", "")
            return ContentError(display_path, *_mark(event),
                                f"YAML anchor or alias '{name}' is not allowed (expected every value written out "
                                "where it is used; content needs no &anchors or *aliases)")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return ContentError(display_path, *_mark(event),
                                    f"lists and mappings nested more than {MAX_DEPTH} levels deep (expected the "
                                    "shape the schema describes, a few levels deep)")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _tab_errors(text: str, display_path: str) -> list[ContentError]:
    return [
        ContentError(display_path, number, line.index("\t") + 1,
                     "tab character in indentation (expected spaces; YAML does not allow tabs for indentation)")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]


def _syntax_error(error: yaml.MarkedYAMLError, display_path: str) -> ContentError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    context = f" {error.context}" if error.context else ""
    return ContentError(display_path, mark.line + 1, mark.column + 1,
                        f"YAML syntax error: {problem}{context} (expected 'key: value' lines indented with "
                        "spaces and quotes closed on the line they open; check this line and the ones above it)")


def _construct(node: yaml.Node, path: Path, source: SourceFile, errors: list[ContentError], text: str):
    source.value_positions[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            key = _construct_scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                errors.append(ContentError(source.display_path, *_mark(key_node),
                                           "a key must be plain text (expected a name such as 'title')"))
                continue
            if key in first_seen:
                errors.append(ContentError(source.display_path, *_mark(key_node),
                                           f"duplicate key '{key}' (first defined at line {first_seen[key]}; "
                                           "expected each key once)"))
                continue
            first_seen[key] = key_node.start_mark.line + 1
            source.key_positions[path + (key,)] = _mark(key_node)
            result[key] = _construct(value_node, path + (key,), source, errors, text)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (index,), source, errors, text) for index, item in enumerate(node.value)]
    value = _construct_scalar(node)
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARACTERS:
        errors.append(ContentError(source.display_path, *_mark(node), f"a text of {len(value):,} characters (expected "
                                   f"at most {MAX_TEXT_CHARACTERS:,}; split it into paragraphs, items or pages)"))
    elif isinstance(value, str):
        for _, snippet, message in text_problems(value):
            errors.append(ContentError(source.display_path, *_where_typed(snippet, node, text), message))
    return value


def _where_typed(snippet: str, node: yaml.ScalarNode, text: str) -> tuple[int, int]:
    """Line and column of `snippet` as typed inside the scalar `node` (its start, if it was written escaped)."""
    index = text.find(snippet, node.start_mark.index, node.end_mark.index + len(snippet))
    if index < 0:
        return _mark(node)
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


# libyaml is several times faster than the pure-Python parser; both give the same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_CONSTRUCTOR = yaml.SafeLoader("")


def _construct_scalar(node: yaml.ScalarNode):
    # Dates stay text: content never needs date objects, and authors expect what they typed.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    return _SCALAR_CONSTRUCTOR.construct_object(node, deep=True)
