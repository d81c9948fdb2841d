"""Files as Swedish Windows, Excel and attackers make them — shared by the file tests and the
test that walks every upload endpoint."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bomb(header: list[str], unpacked_mb: int = 60) -> bytes:
    """A workbook of a few hundred KB whose first sheet unpacks to ``unpacked_mb`` MB of XML
    (issue 13: 238 KB → 60 MB). The header row is valid, so only a size check refuses it."""
    template = xlsx_bytes([header])
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, content)
                continue
            head, _sep, tail = content.partition(b"</sheetData>")
            with target.open(item.filename, "w", force_zip64=True) as member:
                member.write(head)
                written = 0
                while written < unpacked_mb * 1024 * 1024:
                    member.write(row)
                    written += len(row)
                member.write(b"</sheetData>" + tail)
    return out.getvalue()


def windows_1252(text: str) -> bytes:
    """What Notepad on Swedish Windows saves as "ANSI"."""
    return text.encode("cp1252")


def utf8_bom(text: str) -> bytes:
    """What Excel saves as "CSV UTF-8"."""
    return b"\xef\xbb\xbf" + text.encode("utf-8")


BINARY = bytes(range(256)) * 8
"""Not text in any encoding (e.g. an image renamed to .csv)."""
