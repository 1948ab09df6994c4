"""Numbers and dates written the way each language writes them (Babel's locale data)."""

import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_number(value: float, language: str) -> str:
    """A number with at most one decimal, and none when it is whole: 8, 1.8 (1,8 in Spanish)."""
    return format_decimal(round(value, 1), format="#,##0.#", locale=_locale(language))


def format_date(value, language: str) -> str:
    """A date (or YYYY-MM-DD text) in the language's long form: September 16, 2026; 16 de septiembre de 2026."""
    try:
        date = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return babel_date(date, format="long", locale=_locale(language))
