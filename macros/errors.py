"""Content errors: what is wrong, where, and what was expected."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in a content file, located by file, line and column (1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ContentErrors(Exception):
    """Raised when content is invalid; carries every error found in the run."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """All errors, one per line, followed by a count."""
        lines = [str(error) for error in self.errors]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in the content.")
        return "\n".join(lines)
