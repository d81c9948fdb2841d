"""Uploads saved by Swedish Windows are read as the text the user saw."""

import pytest

from sikt.files import FileError, decode_text
from tests.files.samples import BINARY, utf8_bom, windows_1252

TEXT = "namn;belopp\nSocialnämnden – Öppenvård;1 200,50\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        utf8_bom(TEXT),
        windows_1252(TEXT),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "utf-16"],
)
def test_every_windows_encoding_reads_the_same_text(data):
    assert decode_text(data, "fil.csv") == TEXT


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (BINARY, "binära data"),
        (b"%PDF-1.7\n...", "en PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".xls"),
        (b"\x81\x8d\x8f\x90\x9d", "teckenkodning"),
    ],
    ids=["binary", "pdf", "xls", "undefined-in-1252"],
)
def test_files_that_are_not_text_get_a_clear_error(data, says):
    with pytest.raises(FileError) as caught:
        decode_text(data, "fil.csv")
    assert caught.value.name == "fil.csv"
    assert says in caught.value.issues[0].message.sv
