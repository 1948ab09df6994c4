"""Icons bundled with Material for MkDocs, read as inline SVG so pages and PDFs need no icon font or network."""

import importlib.util
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _icon_dir() -> Path:
    spec = importlib.util.find_spec("material")
    return Path(spec.origin).parent / "templates" / ".icons"


def icon_exists(name: str) -> bool:
    """Whether `name` (such as material/compass-outline) is a bundled icon."""
    return (_icon_dir() / f"{name}.svg").is_file()


@lru_cache(maxsize=None)
def icon_svg(name: str) -> str:
    """The SVG markup of a bundled icon, hidden from screen readers (icons here are decoration)."""
    svg = (_icon_dir() / f"{name}.svg").read_text(encoding="utf-8").strip()
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
