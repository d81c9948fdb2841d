"""Bilingual text for messages produced outside Django (the cores and the CLI).

The cores cannot use Django's translation machinery (they never import Django), yet their
validation errors and caveats reach Swedish users first. Each such message therefore carries
both languages; the web layer picks the one matching the active language, the CLI prints both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """A message in Swedish (``sv``, shown first) and English (``en``)."""

    sv: str
    en: str

    def in_language(self, language_code: str) -> str:
        """The message in ``language_code`` ("sv", "en", "en-gb" …); Swedish for anything else."""
        return self.en if language_code.lower().startswith("en") else self.sv

    def __str__(self) -> str:
        return f"{self.sv} / {self.en}"
