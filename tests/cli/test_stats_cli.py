"""``sikt stats …``: JSON and table output, one-line errors with non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sikt.cli import main


@pytest.fixture
def data_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(8)
    n = 300
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.4, n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(0.5 * x1 - 0.3 * x2))))
    y = 1 + 2 * t + x1 + 0.5 * x2 + rng.normal(size=n)
    path = tmp_path / "data.csv"
    pd.DataFrame({"utfall": y, "insats": t, "alder": x1, "kon": x2}).to_csv(path, index=False)
    return path


@pytest.fixture
def panel_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(9)
    rows = [
        (u, p, int(u < 20), rng.normal() + 1.0 * (u < 20) * (p == 2024))
        for u in range(50)
        for p in (2023, 2024)
    ]
    path = tmp_path / "panel.csv"
    pd.DataFrame(rows, columns=["id", "ar", "grupp", "y"]).to_csv(path, index=False)
    return path


KEYS = {"estimate", "se", "ci_low", "ci_high", "n_treated", "n_control"}


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    parsed: dict[str, object] = json.loads(out)
    return parsed


def test_each_estimator_prints_json(
    data_csv: Path, panel_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d, p = str(data_csv), str(panel_csv)
    base = ["--outcome", "utfall", "--treatment", "insats", "--json"]
    for argv in (
        ["stats", "diff-means", d, *base],
        ["stats", "regression", d, *base, "--covariates", "alder,kon"],
        ["stats", "regression", d, *base, "--covariates", "alder", "--se-type", "classical"],
        ["stats", "earlier", d, *base, "--earlier-mean", "1.0", "--earlier-n", "50",
         "--earlier-sd", "1.2"],
        ["stats", "did", p, "--outcome", "y", "--treatment", "grupp", "--unit", "id",
         "--period", "ar", "--json"],
        ["stats", "before-after", p, "--outcome", "y", "--period", "ar", "--unit", "id",
         "--json"],
    ):  # fmt: skip
        out = _json(capsys, argv)
        assert out.keys() >= KEYS, argv


def test_matching_json_has_balance(data_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(
        capsys,
        ["stats", "matching", str(data_csv), "--outcome", "utfall", "--treatment", "insats",
         "--covariates", "alder,kon", "--caliper", "0.2", "--replace", "--neighbours", "2",
         "--json"],
    )  # fmt: skip
    assert out.keys() >= KEYS
    balance = out["balance"]
    assert isinstance(balance, list)
    assert [row["covariate"] for row in balance] == ["alder", "kon", "logit(propensity)"]
    assert out["details"]["neighbours"] == 2  # type: ignore[index]


def test_table_output(data_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["stats", "matching", str(data_csv), "--outcome", "utfall", "--treatment", "insats",
            "--covariates", "alder,kon"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Propensitetsmatchning" in out and "SMD" in out and "alder" in out


def test_power_and_count(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["stats", "power", "--effect", "0.5", "--json"])
    assert out["n_treated"] == 64
    out = _json(capsys, ["stats", "power", "--n", "100", "--icc", "0.05", "--cluster-size",
                         "20", "--json"])  # fmt: skip
    assert out["effect_size"] > 0.4  # type: ignore[operator]
    out = _json(capsys, ["stats", "power", "--p-treated", "0.65", "--p-control", "0.5",
                         "--json"])  # fmt: skip
    assert out["distribution"] == "normal"
    out = _json(
        capsys,
        ["stats", "count", "--effect", "0.8", "--measure", "risk_ratio", "--baseline-risk",
         "0.2", "--target-size", "400", "--json"],
    )  # fmt: skip
    assert out["change"] == pytest.approx(-16.0)
    assert main(["stats", "power", "--effect", "0.3", "--design", "did", "--rho", "0.5"]) == 0
    assert "n_treated" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["diff-means", "{d}", "--outcome", "utfal", "--treatment", "insats"], "utfall"),
        (["diff-means", "{d}", "--outcome", "utfall", "--treatment", "alder"], "0 or 1"),
        (["matching", "{d}", "--outcome", "utfall", "--treatment", "insats", "--covariates",
          "alder", "--neighbours", "0"], "neighbours"),
        (["regression", "{d}", "--outcome", "utfall", "--treatment", "insats", "--covariates",
          "alder", "--se-type", "HC9"], "HC9"),
        (["diff-means", "/no/such/file.csv", "--outcome", "y", "--treatment", "t"], "exist"),
        (["power"], "--effect"),
        (["power", "--effect", "0.3", "--design", "astrology"], "astrology"),
        (["did", "{d}", "--outcome", "utfall", "--treatment", "insats", "--unit", "insats",
          "--period", "kon"], "more than once"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_nonzero(
    data_csv: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code = main(["stats", *[a.replace("{d}", str(data_csv)) for a in argv]])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("sikt: ")
    assert needle in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "matching", "x.csv", "--outcome", "y", "--treatment", "t", "--covariates",
         "a", "--caliper", "abc"],
        ["stats", "diff-means", "x.csv"],
        ["stats", "nonsense"],
    ],
)  # fmt: skip
def test_argument_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1


def test_stats_without_subcommand_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 2
    assert "diff-means" in capsys.readouterr().out


def test_observational_commands_print_json_with_sensitivity(
    data_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(data_csv)
    frame["kommun"] = np.where(np.arange(len(frame)) % 3 == 0, "Tierp", "Uppsala")
    frame.to_csv(data_csv, index=False)
    d = str(data_csv)
    base = ["--outcome", "utfall", "--treatment", "insats", "--covariates", "alder,kon", "--json"]
    out = _json(capsys, ["stats", "matching", d, *base, "--distance", "mahalanobis",
                         "--caliper", "0.2", "--exact", "kon,kommun", "--ratio", "2",
                         "--discard", "both"])  # fmt: skip
    assert out["details"]["distance"] == "mahalanobis"  # type: ignore[index]
    assert out["details"]["exact"] == ["kon", "kommun"]  # type: ignore[index]
    assert out["details"]["neighbours"] == 2  # type: ignore[index]
    assert out["sensitivity"]["e_value"]["e_value"] > 1  # type: ignore[index]
    for command in ("ipw", "aipw"):
        out = _json(capsys, ["stats", command, d, *base, "--estimand", "att", "--trim", "0.02"])
        assert out.keys() >= KEYS | {"balance", "sample_sizes", "propensity", "sensitivity"}
        assert out["estimand"] == "ATT"


def test_sensitivity_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["stats", "evalue", "--estimate", "3.9", "--ci", "1.8,8.7", "--json"])
    assert out["e_value"] == pytest.approx(7.263, abs=1e-3)
    assert main(["stats", "evalue", "--estimate", "0.5", "--measure", "smd", "--se", "0.1"]) == 0
    assert "E-värde" in capsys.readouterr().out
    pairs = tmp_path / "lead.csv"
    pd.DataFrame({"exponerad": [38, 23, 41, 18, 37, 36], "kontroll": [16, 18, 18, 24, 19, 11]}
                 ).to_csv(pairs, index=False)  # fmt: skip
    out = _json(capsys, ["stats", "rosenbaum", str(pairs), "--treated", "exponerad",
                         "--control", "kontroll", "--json"])  # fmt: skip
    assert out["pairs"] == 6 and out["table"][0]["gamma"] == 1.0  # type: ignore[index]
    assert main(["stats", "rosenbaum", str(pairs), "--treated", "exponerad", "--control",
                 "kontroll", "--exact"]) == 0  # fmt: skip
    assert "Rosenbaum" in capsys.readouterr().out
    assert main(["stats", "rosenbaum", str(pairs), "--treated", "exponerad"]) == 2
    assert "--difference" in capsys.readouterr().err


def test_observational_table_output(data_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["stats", "aipw", str(data_csv), "--outcome", "utfall", "--treatment", "insats",
            "--covariates", "alder,kon"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "AIPW" in out and "riskkvot på minst" in out and "SMD" in out
    bad = ["stats", "matching", str(data_csv), "--outcome", "utfall", "--treatment", "insats",
           "--covariates", "alder", "--distance", "euclid"]  # fmt: skip
    assert main(bad) == 2
    assert "euclid" in capsys.readouterr().err
