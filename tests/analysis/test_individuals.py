"""Individual-level measurements: pseudonymised on reading, age bands, errors by row; stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sikt.analysis.datasets import dataset_table, drop_dataset, has_dataset, save_dataset
from sikt.analysis.identity import parse_identity_number, pseudonymise
from sikt.analysis.importers import ImportRejected
from sikt.analysis.individuals import read_measurements
from sikt.analysis.store import IndicatorStore
from sikt.analysis.variation import distribution

SECRET = b"organisation-secret-of-16+bytes"
TODAY = date(2025, 6, 1)
# Skatteverket's test numbers (valid check digits).
PNR = ("19121212-1212", "20100101-0006")


def test_measurements_are_pseudonymised_and_banded() -> None:
    text = (
        "Personnummer;Ålder;Kön;Område;Värde\n"
        f"{PNR[0]};14;K;Norr;212,5\n"
        f"{PNR[1]};15;M;Söder;−3\n"
        f"{PNR[0]};16;K;;1 200\n"
    )
    result = read_measurements("elever.csv", text.encode(), secret=SECRET, today=TODAY)
    table = result.table
    assert result.dimensions == ("åldersgrupp", "kön", "område")
    assert result.persons == 2
    expected = pseudonymise(parse_identity_number(PNR[0], today=TODAY), SECRET)
    assert table.column("person").to_pylist()[0] == expected
    assert PNR[0].replace("-", "") not in str(table.to_pydict())
    assert table.column("value").to_pylist() == [212.5, -3.0, 1200.0]
    assert table.column("åldersgrupp").to_pylist() == ["13–15", "13–15", "16–17"]
    assert table.column("område").to_pylist()[2] == "(uppgift saknas)"


def test_errors_name_row_and_column_never_the_number() -> None:
    text = "personnummer;värde;ålder\n19121212-1213;5;10\n19121212-1212;fem;x\n"
    with pytest.raises(ImportRejected) as caught:
        read_measurements("elever.csv", text.encode(), secret=SECRET, today=TODAY)
    found = {(i.row, i.column) for i in caught.value.issues}
    assert found == {(2, "personnummer"), (3, "värde"), (3, "ålder")}
    assert "1213" not in str(caught.value) and "19121212" not in str(caught.value)
    assert "kontrollsiffran" in caught.value.issues[0].message.sv


def test_a_value_column_is_required() -> None:
    with pytest.raises(ImportRejected, match="värde"):
        read_measurements("x.csv", b"kon;omrade\nK;N\n", secret=None)


def test_datasets_are_stored_and_analysed_in_the_store(tmp_path: Path) -> None:
    store = IndicatorStore(tmp_path / "s.duckdb")
    rows = "\n".join(f"{'K' if i % 2 else 'M'};{i}" for i in range(40))
    result = read_measurements("x.csv", f"kön;värde\n{rows}\n".encode(), secret=None)
    save_dataset(store, "m1", result.table)
    assert has_dataset(store, "m1")
    with dataset_table(store, "m1") as table:
        summary = distribution(table, "value", ["kön"])
    assert summary.total.n == 40
    assert summary.group("K").mean == pytest.approx(20.0)
    drop_dataset(store, "m1")
    assert not has_dataset(store, "m1")
    with pytest.raises(ValueError):
        save_dataset(store, "Robert'); DROP TABLE", result.table)
