"""Worksheet fields: one dataclass per kind, and the naming contract every form follows.

A field's form names are the same on the web page, in the fillable PDF, in
exported files and in the tests, and they all come from here:
- a one-value field (short text, long text, date, choice, rating): its id;
- a checkbox: `<id>.<option id>`;
- a table cell: `<id>.<row>.<column id>`, rows counted from 1.
Choice and rating fields are radio groups: one name, one value per option.
"""

from dataclasses import dataclass

NAME_SEPARATOR = "."


def field_name(field_id: str, *parts) -> str:
    """The form name of a field, or of one of its checkboxes or table cells."""
    return NAME_SEPARATOR.join([field_id, *(str(part) for part in parts)])


@dataclass(frozen=True)
class Option:
    """One option of a checkboxes, choice or rating field: its value, its label and the form name it sets."""

    id: str
    label: str
    name: str


@dataclass(frozen=True)
class Column:
    """A table column: id, heading and the kind of its cells (short_text, long_text or date)."""

    id: str
    label: str
    kind: str


@dataclass(frozen=True)
class Cell:
    """One cell of a table field: the form name it writes and the accessible label of its input."""

    name: str
    column: Column
    row: int


@dataclass(frozen=True)
class Field:
    """A worksheet field. `kind` names its template in macros/templates/fields/."""

    id: str
    label: str
    help: str | None

    kind = "field"

    @property
    def names(self) -> tuple[str, ...]:
        """Every form name this field writes."""
        return (self.id,)

    @property
    def is_radio_group(self) -> bool:
        """Whether the field is one choice among several options under one name."""
        return False


@dataclass(frozen=True)
class ShortText(Field):
    kind = "short_text"


@dataclass(frozen=True)
class LongText(Field):
    kind = "long_text"


@dataclass(frozen=True)
class DateField(Field):
    kind = "date"


@dataclass(frozen=True)
class Checkboxes(Field):
    """Tick all that apply: one name per option."""

    options: tuple[Option, ...] = ()
    kind = "checkboxes"
    input_type = "checkbox"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(option.name for option in self.options)


@dataclass(frozen=True)
class Choice(Field):
    """Choose one of the options."""

    options: tuple[Option, ...] = ()
    kind = "choice"
    input_type = "radio"

    @property
    def is_radio_group(self) -> bool:
        return True


@dataclass(frozen=True)
class Rating(Choice):
    """One point on a scale; the options are the scale's labels, valued 1 (lowest) upwards."""

    scale: str = ""
    kind = "rating"


@dataclass(frozen=True)
class Table(Field):
    """Rows of answers under column headings."""

    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    kind = "table"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(cell.name for row in self.rows for cell in row)


def make_field(data: dict, scales: dict) -> Field:
    """The typed field for one validated field of a tool file."""
    common = {"id": data["id"], "label": data["label"], "help": data.get("help")}
    kind = data["kind"]
    if kind in ("checkboxes", "choice"):
        separate_names = kind == "checkboxes"
        options = tuple(Option(option["id"], option["label"],
                               field_name(data["id"], option["id"]) if separate_names else data["id"])
                        for option in data["options"])
        return (Checkboxes if separate_names else Choice)(**common, options=options)
    if kind == "rating":
        labels = scales[data["scale"]]
        options = tuple(Option(str(value), label, data["id"]) for value, label in enumerate(labels, start=1))
        return Rating(**common, options=options, scale=data["scale"])
    if kind == "table":
        columns = tuple(Column(column["id"], column["label"], column["kind"]) for column in data["columns"])
        rows = tuple(tuple(Cell(field_name(data["id"], row, column.id), column, row) for column in columns)
                     for row in range(1, data["rows"] + 1))
        return Table(**common, columns=columns, rows=rows)
    return {"short_text": ShortText, "long_text": LongText, "date": DateField}[kind](**common)
