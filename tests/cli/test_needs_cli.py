"""``sikt needs``: define, import and flow analysis from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sikt.cli import main


def test_define_import_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "behov.duckdb"
    assert main(["needs", "define", "--store", str(store), "--id", "U1", "--title", "Egen"]) == 0
    good = tmp_path / "v.csv"
    good.write_text("indikator;område;år;värde\nU1;Norr;2023;4,5\n", encoding="utf-8")
    assert main(["needs", "import", "--store", str(store), str(good)]) == 0
    assert "1 värden" in capsys.readouterr().out
    bad = tmp_path / "fel.csv"
    bad.write_text("indikator;område;år;värde\nU2;Norr;2023;x\n", encoding="utf-8")
    assert main(["needs", "import", "--store", str(store), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "fel.csv, rad 2, kolumn indikator" in captured.out
    assert "nothing imported" in captured.err


def test_flow_on_pseudonymised_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "e.csv"
    rows = ["person;start;slut;insats"]
    for i in range(6):
        rows += [f"p{i};2023-01-01;2023-02-01;HVB", f"p{i};2023-02-02;;SiS"]
    events.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["needs", "flow", str(events), "--pseudonymised", "--reference-date", "2024-01-01"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Omplaceringar: 6" in out and "HVB → SiS: 6" in out


def test_flow_outcome_is_a_choice_and_outpatient_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "e.csv"
    rows = ["person;start;slut;insats"]
    for i in range(6):
        rows += [f"p{i};2022-01-01;2022-03-01;SiS", f"p{i};2023-02-02;;Familjehem"]
    events.write_text("\n".join(rows) + "\n", encoding="utf-8")
    flow = ["needs", "flow", str(events), "--pseudonymised", "--reference-date", "2024-01-01"]
    # In family homes on the reference date, not in HVB or SiS: nobody to follow by default.
    assert main(flow) == 0
    assert "SiS → Familjehem" not in capsys.readouterr().out
    assert main([*flow, "--outcome", "familjehem"]) == 0
    assert "SiS → Familjehem: 6" in capsys.readouterr().out
    assert main([*flow, "--outcome", "öppenvård"]) != 0
    assert "öppenvård is not a placement" in capsys.readouterr().err


def test_kolada_fetch_search_and_groups_from_recorded_responses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sikt.analysis.kolada import KoladaClient
    from sikt.analysis.store import IndicatorStore
    from sikt.cli import needs
    from tests.analysis.kolada_recorded import Recorded

    monkeypatch.setattr(needs, "_kolada_client", lambda: KoladaClient(Recorded()))
    store = tmp_path / "behov.duckdb"
    code = main(
        [
            "needs", "kolada", "fetch", "--store", str(store), "--kpi", "N15419",
            "--municipality", "0380", "--years", "2023-2024", "--group", "G124026",
        ]
    )  # fmt: skip
    assert code == 0
    assert "N15419: 11 värden" in capsys.readouterr().out
    assert len(IndicatorStore(store).values("N15419", sex="T")) == 7
    assert main(["needs", "kolada", "search", "yrkesprogram"]) == 0
    assert "N15428" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["needs", "kolada", "fetch", "--store", str(store), "--kpi", "N1", "--years", "x"])


def test_kolada_without_network_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sikt.analysis.kolada import KoladaClient, KoladaError
    from sikt.cli import needs
    from sikt.text import Text

    def offline(_url: str) -> bytes:
        raise KoladaError(Text("Kolada kunde inte nås", "Kolada could not be reached"))

    monkeypatch.setattr(needs, "_kolada_client", lambda: KoladaClient(offline))
    assert main(["needs", "kolada", "groups"]) != 0
    assert "kunde inte nås" in capsys.readouterr().err
