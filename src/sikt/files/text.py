"""Bytes of an uploaded text file → text, whatever Swedish Windows saved.

Why: Notepad and Excel on Swedish Windows save CSV and text files as Windows-1252 ("ANSI") or as
UTF-8 with a byte-order mark; Excel's "Unicode text" is UTF-16. Reading every upload as strict
UTF-8 turns "Socialnämnden" into a crash. Order of trial: a byte-order mark decides; else strict
UTF-8 (which almost never accepts Windows-1252 text by accident, because its accented letters are
single high bytes that are invalid UTF-8); else Windows-1252. Binary files (a PDF, an image, an
old .xls) are recognised and refused with a message instead of being decoded into garbage.
"""

from __future__ import annotations

import codecs

from sikt.files.errors import FileError

BINARY_MAGIC = {
    b"PK\x03\x04": ("ett Excel- eller zip-arkiv", "an Excel workbook or zip archive"),
    b"\xd0\xcf\x11\xe0": (
        "ett Excel 97–2003-dokument (.xls); spara som .xlsx eller CSV",
        "an Excel 97–2003 document (.xls); save it as .xlsx or CSV",
    ),
    b"%PDF": ("en PDF", "a PDF"),
    b"\x89PNG": ("en bild (PNG)", "an image (PNG)"),
    b"\xff\xd8\xff": ("en bild (JPEG)", "an image (JPEG)"),
}


def _binary(name: str, data: bytes) -> FileError:
    for magic, (sv, en) in BINARY_MAGIC.items():
        if data.startswith(magic):
            return FileError.whole(name, f"filen är {sv}, inte text", f"the file is {en}, not text")
    return FileError.whole(
        name,
        "filen är inte en textfil (den innehåller binära data)",
        "the file is not a text file (it contains binary data)",
    )


def decode_text(data: bytes, name: str) -> str:
    """The text of ``data``: UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252.

    Raises :class:`FileError` for binary data or bytes no such encoding can read.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary(name, data) from None
    head = data[:8192]
    if b"\x00" in head or any(head.startswith(magic) for magic in BINARY_MAGIC):
        raise _binary(name, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileError.whole(
                name,
                "filens teckenkodning känns inte igen; spara som UTF-8 (eller Windows-1252)",
                "the file's character encoding is not recognised; save it as UTF-8 "
                "(or Windows-1252)",
            ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > 8:
        raise _binary(name, data)
    return text
