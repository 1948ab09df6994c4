"""Checks parsed content against the JSON Schemas in data/schema/ and words each failure for a content author."""

import difflib
import json
from functools import lru_cache

from .errors import ContentError
from .yaml_source import SourceFile

_TYPE_NAMES = {
    "object": "a mapping of keys to values",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest choice, or an empty string."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f" (did you mean '{match[0]}'?)" if match else ""


def describe_type(value) -> str:
    """How an author would name the type of `value`."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


@lru_cache(maxsize=None)
def load_validator(schema_text: str):
    """The Draft 2020-12 validator for a schema, given as its JSON text (so an edited schema is a new validator)."""
    # Imported here: a build whose content is unchanged reads the validated playbook from cache and never needs it.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schema = json.loads(schema_text)
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft202012Validator(schema, registry=registry)


def validate(source: SourceFile, validator) -> list[ContentError]:
    """Every schema violation in `source`, located and explained."""
    errors = []
    for error in validator.iter_errors(source.data):
        errors.extend(_explain(error, source))
    return errors


def _expected(schema: dict) -> str:
    return schema.get("description") or _TYPE_NAMES.get(schema.get("type"), "a valid value")


def _name(path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return f"'{part}'"
    return "the file"


def _explain(error, source: SourceFile) -> list[ContentError]:
    path = tuple(error.absolute_path)
    schema = error.schema
    kind = error.validator
    instance = error.instance

    if kind == "additionalProperties":
        allowed = schema.get("properties", {})
        unknown = [key for key in instance if key not in allowed]
        if not allowed:
            return []  # keyed by ids; the items themselves are checked by the nested schema
        return [
            source.error(path + (key,), f"unknown key '{key}'{did_you_mean(key, allowed)} "
                         f"(expected one of: {', '.join(allowed)})", key=True)
            for key in unknown
        ]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in instance]
        properties = schema.get("properties", {})
        where = "" if not path else f" in {_name(path)}"
        return [
            source.error(path, f"missing key '{key}'{where} (expected {_expected(properties.get(key, {}))})", key=bool(path))
            for key in missing
        ]
    if kind == "type":
        return [source.error(path, f"{_name(path)} is {describe_type(instance)} "
                             f"(expected {_TYPE_NAMES.get(error.validator_value, error.validator_value)})", key=True)]
    if kind == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        hint = did_you_mean(str(instance), [str(option) for option in error.validator_value])
        return [source.error(path, f"unknown value '{instance}' for {_name(path)}{hint} (expected one of: {options})")]
    if kind == "const":
        return [source.error(path, f"{_name(path)} must be '{error.validator_value}'")]
    if kind == "minItems":
        return [source.error(path, f"{_name(path)} has {len(instance)} item{'s' if len(instance) != 1 else ''} "
                             f"(expected at least {error.validator_value})")]
    if kind == "maxItems":
        return [source.error(path, f"{_name(path)} has {len(instance)} items (expected at most {error.validator_value})")]
    if kind == "minLength":
        return [source.error(path, f"{_name(path)} is empty (expected {_expected(schema)})")]
    if kind == "pattern":
        return [source.error(path, f"'{instance}' is not valid for {_name(path)} (expected {_expected(schema)})")]
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return [source.error(path, f"{_name(path)} is {instance} (expected {bound} {error.validator_value})")]
    if kind == "propertyNames":
        return [source.error(path, f"'{cause.instance}' is not a valid id (expected {_expected(cause.schema)})")
                for cause in error.context] or [source.error(path, error.message)]
    return [source.error(path, error.message)]
