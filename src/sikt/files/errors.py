"""A file that cannot be used, with every problem named by row, column and rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sikt.text import Text


@dataclass(frozen=True, slots=True)
class FileIssue:
    """One problem: where (row 1 is the header; ``None`` for the whole file) and which rule."""

    message: Text
    row: int | None = None
    column: str | None = None

    @property
    def where(self) -> str:
        """``rad/row 3, amount_sek`` — the form :class:`sikt.calc.Issue` paths use."""
        parts = []
        if self.row is not None:
            parts.append(f"rad/row {self.row}")
        if self.column is not None:
            parts.append(self.column if parts else f"kolumn/column {self.column}")
        return ", ".join(parts) or "(fil/file)"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FileError(ValueError):
    """Raised when an uploaded or given file cannot be read; ``name`` is the file's own name."""

    def __init__(self, name: str, issues: Sequence[FileIssue]) -> None:
        self.name = name
        self.issues = list(issues)
        shown = "; ".join(str(issue) for issue in self.issues[:5])
        super().__init__(f"{name}: {shown}")

    @classmethod
    def whole(cls, name: str, sv: str, en: str) -> FileError:
        """An error about the whole file."""
        return cls(name, [FileIssue(Text(sv, en))])
