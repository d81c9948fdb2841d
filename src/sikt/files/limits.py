"""How large an uploaded file may be, checked before any work is done."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_bytes`` of the file as uploaded; ``max_rows`` data rows (the header not counted);
    ``max_unpacked_bytes`` for an XLSX: the sum of its parts' uncompressed sizes as the zip
    central directory states them (a 238 KB "zip bomb" that unpacks to 60 MB is refused before
    one byte is inflated); ``max_columns`` of a table."""

    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 20_000
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_columns: int = 200


DEFAULT_LIMITS = Limits()


def megabytes(size: int) -> str:
    """``5242880`` → ``5`` (for messages; whole megabytes, one decimal below ten)."""
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
