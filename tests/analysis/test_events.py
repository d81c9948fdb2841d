"""Event files: identity numbers validated and pseudonymised on reading; errors name the row."""

from __future__ import annotations

from datetime import date

import pytest

from sikt.analysis.events import read_events
from sikt.analysis.identity import organisation_secret
from sikt.analysis.importers import ImportRejected

SECRET = organisation_secret("server-key", "salt")
TODAY = date(2026, 1, 1)


def test_numbers_become_pseudonyms_and_never_appear_in_the_table() -> None:
    data = (
        "Personnummer;Start;Slut;Insats\n"
        "811218-9876;2023-01-01;2023-02-01;HVB\n"
        "198112189876;2023-02-03;;Familjehem\n"
        "811218-9876;2023-03-01;2023-03-20;öppenvård\n"
    ).encode("cp1252")
    table = read_events("placeringar.csv", data, secret=SECRET, today=TODAY)
    people = set(table.column("person").to_pylist())
    assert len(people) == 1 and "9876" not in next(iter(people))
    assert table.column("kind").to_pylist() == ["HVB", "family_home", "outpatient"]
    assert table.column("end").to_pylist()[1] is None


def test_errors_name_row_and_column_and_hide_the_number() -> None:
    data = (
        b"personnummer;start;slut;insats\n"
        b"811218-9875;2023-01-01;;HVB\n"
        b"811218-9876;2023-13-01;;Hem\n"
        b"811218-9876;2023-05-01;2023-04-01;SiS\n"
    )
    with pytest.raises(ImportRejected) as info:
        read_events("fel.csv", data, secret=SECRET, today=TODAY)
    found = {(i.row, i.column) for i in info.value.issues}
    assert found == {(2, "personnummer"), (3, "start"), (3, "insats"), (4, "slut")}
    assert "9875" not in " ".join(str(i) for i in info.value.issues)


def test_already_pseudonymised_files_and_missing_columns() -> None:
    table = read_events("p.csv", b"person,start,kind\nabc,2023-01-01,SiS\n", secret=None)
    assert table.column("person").to_pylist() == ["abc"]
    with pytest.raises(ImportRejected, match="kolumn saknas: insats"):
        read_events("p.csv", b"person,start\nabc,2023-01-01\n", secret=None)
