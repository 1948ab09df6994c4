"""Worksheet fields: one dataclass per kind, and the naming contract every form follows.

A field's form names are the same on the web page, in the fillable PDF, in
exported files and in the tests, and they all come from here:
- a one-value field (short text, long text, date, choice, rating): its id;
- a checkbox: `<id>.<option id>`;
- a table cell: `<id>.<row>.<column id>`, rows counted from 1.
Choice and rating fields are radio groups: one name, one value per option.

A filled worksheet (saved in the browser, exported as a file, or an example in
data/<lang>/examples/) holds one value per name, of the type `value_types` gives.
"""

from dataclasses import dataclass

NAME_SEPARATOR = "."
# The version of a filled worksheet's format (browser storage and exported files). Raise it when a stored or
# exported value could no longer be read as it was written, and teach worksheet.js to migrate the older one.
VALUES_FORMAT_VERSION = 1


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

    def value_types(self) -> dict[str, dict]:
        """What each of its names holds in a filled worksheet, e.g. {"type": "text"}; see each kind."""
        return {name: {"type": "text"} for name in self.names}


@dataclass(frozen=True)
class ShortText(Field):
    kind = "short_text"


@dataclass(frozen=True)
class LongText(Field):
    kind = "long_text"


@dataclass(frozen=True)
class DateField(Field):
    kind = "date"

    def value_types(self) -> dict[str, dict]:
        """A date written YYYY-MM-DD, as a date input gives it."""
        return {self.id: {"type": "date"}}


@dataclass(frozen=True)
class Checkboxes(Field):
    """Tick all that apply: one name per option."""

    options: tuple[Option, ...] = ()
    kind = "checkboxes"
    input_type = "checkbox"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(option.name for option in self.options)

    def value_types(self) -> dict[str, dict]:
        """A ticked box holds true; an unticked one is left out."""
        return {name: {"type": "boolean"} for name in self.names}


@dataclass(frozen=True)
class Choice(Field):
    """Choose one of the options."""

    options: tuple[Option, ...] = ()
    kind = "choice"
    input_type = "radio"

    @property
    def is_radio_group(self) -> bool:
        return True

    def value_types(self) -> dict[str, dict]:
        """The chosen option's id."""
        return {self.id: {"type": "option", "options": [option.id for option in self.options]}}


@dataclass(frozen=True)
class Rating(Choice):
    """One point on a scale; the options are the scale's labels, valued 1 (lowest) upwards."""

    scale: str = ""
    kind = "rating"

    def value_types(self) -> dict[str, dict]:
        """The chosen point as a number, 1 (lowest) to the number of points."""
        return {self.id: {"type": "rating", "points": len(self.options)}}


@dataclass(frozen=True)
class Table(Field):
    """Rows of answers under column headings."""

    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    kind = "table"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(cell.name for row in self.rows for cell in row)

    def value_types(self) -> dict[str, dict]:
        """Each cell holds text, or a date in a date column."""
        return {cell.name: {"type": "date" if cell.column.kind == "date" else "text"} for row in self.rows for cell in row}


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
