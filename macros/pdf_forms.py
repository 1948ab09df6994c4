"""Finish the AcroForm that WeasyPrint writes, so worksheets behave the same in every PDF reader.

WeasyPrint (70) leaves four things that readers handle differently:
- text fields have no appearance stream and the form asks readers to make
  them all (NeedAppearances), so PDFium redraws every checkbox with a second
  border and some readers draw a ticked box empty;
- every button of a radio group repeats the group's name (/T) and carries an
  option label as the group's tooltip, so readers list the name several times;
- field names hold dots ("steps.1.owner", as macros/fields.py names them), which
  PDF reserves for the field hierarchy;
- widget rectangles run from top to bottom, and a program that fills the form
  (pdf-lib, in the browser) then lays the text out below the box.
This module gives rectangles their lower-left corner first, text fields an empty appearance, makes radio buttons plain
widgets of their group (named by the field's label), and turns dotted names
into a field tree whose full names are the same dotted names.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           TextStringObject)

from .fields import NAME_SEPARATOR

_FIELD_KEYS_OF_A_WIDGET_KID = ("/T", "/TU", "/FT", "/V", "/Ff", "/Opt")


def finish_form(pdf: bytes, group_labels: dict[str, str]) -> bytes:
    """The PDF with its form finished; `group_labels` names each radio group (field id -> label)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    acroform = writer._root_object["/AcroForm"]
    roots = ArrayObject()
    parents: dict[str, DictionaryObject] = {}
    for reference in acroform["/Fields"]:
        field = reference.get_object()
        if "/Parent" in field:
            continue  # a radio button, listed among the fields as well as under its group
        name = str(field["/T"])
        kids = [kid.get_object() for kid in field.get("/Kids", [])]
        if kids:
            _make_plain_widgets(kids)
            if name in group_labels:
                field[NameObject("/TU")] = TextStringObject(group_labels[name])
        for widget in kids or [field]:
            _normalize_rectangle(widget)
            _give_an_appearance(writer, field, widget)
            widget.pop("/MK", None)
        *path_parts, last = name.split(NAME_SEPARATOR)
        field[NameObject("/T")] = TextStringObject(last)
        if path_parts:
            parent = _parent_for(writer, parents, roots, path_parts)
            field[NameObject("/Parent")] = parent.indirect_reference
            parent["/Kids"].append(reference)
        else:
            roots.append(reference)
    acroform[NameObject("/Fields")] = roots
    acroform.pop("/NeedAppearances", None)
    finished = io.BytesIO()
    writer.write(finished)
    return finished.getvalue()


def _make_plain_widgets(kids: list) -> None:
    """Radio buttons are widgets of their group, not fields of their own."""
    for kid in kids:
        for key in _FIELD_KEYS_OF_A_WIDGET_KID:
            kid.pop(key, None)


def _normalize_rectangle(widget: DictionaryObject) -> None:
    left, bottom, right, top = (float(value) for value in widget["/Rect"])
    widget[NameObject("/Rect")] = ArrayObject([FloatObject(min(left, right)), FloatObject(min(bottom, top)),
                                               FloatObject(max(left, right)), FloatObject(max(bottom, top))])


def _give_an_appearance(writer: PdfWriter, field: DictionaryObject, widget: DictionaryObject) -> None:
    """Empty text fields and unticked boxes still need an (empty) appearance, or readers draw their own.

    The box itself is drawn on the page from the print stylesheet, so "empty" is all they need.
    """
    if field.get("/FT") == "/Tx" and "/AP" not in widget:
        widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): _empty_appearance(writer, widget, b"/Tx BMC EMC")})
    elif field.get("/FT") == "/Btn" and "/AP" in widget and "/Off" not in widget["/AP"]["/N"]:
        widget["/AP"]["/N"][NameObject("/Off")] = _empty_appearance(writer, widget, b"")


def _empty_appearance(writer: PdfWriter, widget: DictionaryObject, content: bytes):
    left, bottom, right, top = (float(value) for value in widget["/Rect"])
    appearance = DecodedStreamObject()
    appearance.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                          FloatObject(abs(right - left)), FloatObject(abs(top - bottom))]),
    })
    appearance.set_data(content)
    # pypdf has no public way to add an indirect object; _add_object is what its own form code uses.
    return writer._add_object(appearance)


def _parent_for(writer: PdfWriter, parents: dict, roots: ArrayObject, parts: list[str]) -> DictionaryObject:
    """The non-terminal field for a dotted prefix such as steps.1, created with its own parents on first use."""
    key = NAME_SEPARATOR.join(parts)
    if key in parents:
        return parents[key]
    node = DictionaryObject({NameObject("/T"): TextStringObject(parts[-1]), NameObject("/Kids"): ArrayObject()})
    reference = writer._add_object(node)
    if len(parts) > 1:
        grandparent = _parent_for(writer, parents, roots, parts[:-1])
        node[NameObject("/Parent")] = grandparent.indirect_reference
        grandparent["/Kids"].append(reference)
    else:
        roots.append(reference)
    parents[key] = node
    return node
