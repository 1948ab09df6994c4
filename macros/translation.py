"""Translations as overlays on the source language: which values are text, what an overlay may say, how it merges.

A translation file mirrors its source file but holds only text. The schema says
what text is: a value whose schema is marked "translatable" is one piece (a
string, or a whole list of strings). Everything else (ids, order, colours,
icons, which tools a phase uses, field ids) is structure and comes from the
source language. List items are named by their stable id (or by the key a
schema names with "translation_key"), so a translation never depends on order.

A piece the translation lacks falls back to the source text as Untranslated,
which the renderer marks on the page (lang and a visible note).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import ContentError
from .safety import placeholder_problem
from .schema import describe_type, did_you_mean
from .yaml_source import SourceFile

_MISSING = object()


class Untranslated(str):
    """Source-language text standing in for a piece a translation does not have yet."""

    __slots__ = ()


def is_untranslated(value) -> bool:
    return isinstance(value, Untranslated)


def piece_hash(value) -> str:
    """A short hash of a source piece: the stamp a translation records of the text it was made from."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:10]


def dotted(path: tuple) -> str:
    """A piece's path as translators read it: phases.why.big_questions.think-time-others.text."""
    return ".".join(str(part) for part in path)


@lru_cache(maxsize=None)
def _schema(schema_text: str) -> dict:
    return json.loads(schema_text)


class TextSchema:
    """A content schema read for translation: where its text is and how its lists are keyed."""

    def __init__(self, schema_text: str, text_keys: frozenset = frozenset()):
        self.root = _schema(schema_text)
        # Extra pieces a schema cannot tell apart by itself: the free-text answers of a worked example.
        self.text_keys = text_keys

    def resolve(self, node: dict | None) -> dict:
        seen = 0
        while node and "$ref" in node and seen < 20:
            node = self.root.get("$defs", {}).get(node["$ref"].rsplit("/", 1)[-1], {})
            seen += 1
        return node or {}

    def child(self, node: dict, key: str) -> dict | None:
        node = self.resolve(node)
        if key in node.get("properties", {}):
            return node["properties"][key]
        for pattern, schema in node.get("patternProperties", {}).items():
            if re.search(pattern, key):
                return schema
        extra = node.get("additionalProperties")
        return extra if isinstance(extra, dict) else None

    def is_piece(self, node: dict | None, path: tuple) -> bool:
        return bool(self.resolve(node).get("translatable")) or path in self.text_keys

    def may_add(self, node: dict, key: str) -> bool:
        """Whether a translation may give this key where the source has none (another language's spellings)."""
        child = self.child(node, key)
        return child is not None and bool(self.resolve(child).get("translation_may_add"))

    def list_key(self, node: dict) -> str:
        return self.resolve(node).get("translation_key", "id")


def text_pieces(schema: TextSchema, data) -> dict[tuple, tuple]:
    """Every piece of text in `data`, by id path, with the index path where it sits in the file."""
    pieces: dict[tuple, tuple] = {}

    def walk(node, value, path, at):
        if schema.is_piece(node, path):
            pieces[path] = (value, at)
        elif isinstance(value, dict):
            for key, item in value.items():
                child = schema.child(node, key)
                if child is not None or path + (key,) in schema.text_keys:
                    walk(child, item, path + (key,), at + (key,))
        elif isinstance(value, list):
            item_schema = schema.resolve(node).get("items")
            key = schema.list_key(node)
            for index, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    walk(item_schema, item, path + (item[key],), at + (index,))

    walk(schema.root, data, (), ())
    return pieces


def check_overlay(schema: TextSchema, source: dict, source_display: str, overlay: SourceFile,
                  placeholders: bool = False) -> list[ContentError]:
    """Every way the translation `overlay` strays from text-only: unknown keys and ids, structure, wrong types."""
    errors: list[ContentError] = []
    holds_text = {piece[:n] for piece in text_pieces(schema, source) for n in range(len(piece) + 1)}

    def error(at, message, key=False):
        errors.append(overlay.error(at, message, key=key))

    def check(node, original, value, path, at):
        if schema.is_piece(node, path):
            check_piece(schema.resolve(node), original, value, at)
        elif isinstance(original, dict):
            check_mapping(node, original, value, path, at)
        elif isinstance(original, list):
            check_list(node, original, value, path, at)

    def check_mapping(node, original, value, path, at, keep=()):
        if not isinstance(value, dict):
            error(at, f"is {describe_type(value)} (expected a mapping, as in {source_display})")
            return
        text_keys = [key for key in original if path + (key,) in holds_text]
        for key, item in value.items():
            if key in keep:
                continue
            if key not in original and schema.may_add(node, key):
                check_piece(schema.resolve(schema.child(node, key)), [] if schema.resolve(
                    schema.child(node, key)).get("type") == "array" else "", item, at + (key,))
            elif key not in original:
                error(at + (key,), f"unknown key '{key}'{did_you_mean(str(key), text_keys)} (expected one of the "
                                   f"keys with text in {source_display}: {', '.join(map(str, text_keys)) or 'none'})",
                      key=True)
            elif path + (key,) not in holds_text:
                error(at + (key,), f"'{key}' is not text: it comes from {source_display}, and a translation cannot "
                                   "change it (expected it left out of this file)", key=True)
            else:
                check(schema.child(node, key), original[key], item, path + (key,), at + (key,))

    def check_list(node, original, value, path, at):
        key = schema.list_key(node)
        by_key = {item[key]: item for item in original if isinstance(item, dict) and key in item}
        if not isinstance(value, list):
            error(at, f"is {describe_type(value)} (expected a list of items named by '{key}', as in {source_display})")
            return
        seen = set()
        item_schema = schema.resolve(node).get("items")
        for index, item in enumerate(value):
            name = item.get(key) if isinstance(item, dict) else None
            if name is None:
                error(at + (index,), f"an item without '{key}' (expected each item to name the item of "
                                     f"{source_display} it translates, by its {key}: {', '.join(map(str, by_key))})")
            elif name not in by_key:
                error(at + (index, key), f"unknown {key} '{name}'{did_you_mean(str(name), by_key)} (expected one of "
                                         f"the {key}s in {source_display}: {', '.join(map(str, by_key))})")
            elif name in seen:
                error(at + (index, key), f"{key} '{name}' appears twice (expected each item once)")
            else:
                seen.add(name)
                check_mapping(item_schema, by_key[name], item, path + (name,), at + (index,), keep=(key,))

    def check_piece(node, original, value, at):
        if isinstance(original, str):
            if not isinstance(value, str) or not value.strip():
                error(at, f"is {describe_type(value) if value != '' else 'empty'} (expected text, as in "
                          f"{source_display})")
            elif placeholders:
                problem = placeholder_problem(value, node.get("placeholders", ()))
                if problem:
                    error(at, problem)
        elif isinstance(original, list):
            if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
                error(at, f"is {describe_type(value)} (expected a list of texts, as in {source_display})")
            elif node.get("same_length_in_translation") and len(value) != len(original):
                error(at, f"has {len(value)} entries (expected {len(original)}, one for each in {source_display})")

    check(schema.root, source, overlay.data, (), ())
    return errors


def merge(schema: TextSchema, source, overlay):
    """The source data with the overlay's text in place; every piece the overlay lacks marked Untranslated.

    A translated quotation keeps its original text beside the translation, so the quotation stays exact.
    """

    def walk(node, original, value, path):
        if schema.is_piece(node, path):
            return _mark(original) if value is _MISSING else value
        if isinstance(original, dict):
            given = value if isinstance(value, dict) else {}
            merged = {key: walk(schema.child(node, key), item, given.get(key, _MISSING), path + (key,))
                      for key, item in original.items()}
            merged.update({key: item for key, item in given.items()
                           if key not in original and schema.may_add(node, key)})
            if schema.resolve(node).get("quotation") and not is_untranslated(merged.get("text", "")):
                merged["original"] = original["text"]
            return merged
        if isinstance(original, list) and original and isinstance(original[0], dict):
            key = schema.list_key(node)
            given = {item.get(key): item for item in value if isinstance(item, dict)} if isinstance(value, list) else {}
            item_schema = schema.resolve(node).get("items")
            return [walk(item_schema, item, given.get(item.get(key), _MISSING), path + (item.get(key),))
                    for item in original]
        return original

    return walk(schema.root, source, _MISSING if overlay is None else overlay, ())


def _mark(value):
    if isinstance(value, str):
        return Untranslated(value)
    if isinstance(value, list):
        return [Untranslated(item) if isinstance(item, str) else item for item in value]
    return value


@dataclass(frozen=True)
class PieceStatus:
    """One piece of a translation file: translated (and current), stale (the source changed since it was stamped),
    unstamped (translated, never stamped as checked) or missing."""

    key: str
    state: str
    line: int | None  # in the translation file; None for a missing piece
    source_line: int


def piece_states(schema: TextSchema, source: SourceFile, overlay: SourceFile | None, stamps: dict) -> list[PieceStatus]:
    """The state of every source piece in one translation file, in the source file's order."""
    translated = text_pieces(schema, overlay.data) if overlay is not None and overlay.data is not None else {}
    states = []
    for path, (value, at) in text_pieces(schema, source.data).items():
        key = dotted(path)
        source_line = source.position(at)[0]
        if path not in translated:
            states.append(PieceStatus(key, "missing", None, source_line))
            continue
        line = overlay.position(translated[path][1])[0]
        stamp = stamps.get(key)
        state = "unstamped" if stamp is None else "translated" if stamp == piece_hash(value) else "stale"
        states.append(PieceStatus(key, state, line, source_line))
    return states


def current_stamps(schema: TextSchema, source: dict, overlay: dict | None, keys=None) -> dict[str, str]:
    """The stamps that record `overlay`'s pieces (all, or only `keys`) as made from the current source text."""
    present = text_pieces(schema, overlay) if overlay is not None else {}
    return {dotted(path): piece_hash(value) for path, (value, _) in text_pieces(schema, source).items()
            if path in present and (keys is None or dotted(path) in keys)}
