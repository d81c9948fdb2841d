"""Distributions per group from individual-level data, checked against numpy, suppressed."""

from __future__ import annotations

import ibis
import numpy as np
import pyarrow as pa
import pytest

from sikt.analysis.suppression import TOTAL
from sikt.analysis.variation import (
    QUANTILES,
    age_band,
    distribution,
    hidden_groups,
)


def _people(seed: int = 3) -> pa.Table:
    rng = np.random.default_rng(seed)
    sexes, areas, values = [], [], []
    plan = {
        ("K", "Norr"): 120,
        ("M", "Norr"): 110,
        ("K", "Mitt"): 50,
        ("M", "Mitt"): 40,
        ("K", "Söder"): 60,
        ("M", "Söder"): 3,
    }
    for (sex, area), count in plan.items():
        shift = -40 if area == "Norr" and sex == "M" else 0
        sexes += [sex] * count
        areas += [area] * count
        values += list(rng.normal(220 + shift, 30, count))
    return pa.table({"kon": sexes, "omrade": areas, "merit": values})


@pytest.fixture
def people() -> pa.Table:
    return _people()


def _ibis(table: pa.Table) -> ibis.Table:
    return ibis.duckdb.connect().create_table("people", table)


def test_means_sd_and_percentiles_match_numpy(people: pa.Table) -> None:
    result = distribution(_ibis(people), "merit", ["kon", "omrade"], cut=200.0)
    values = np.array(people.column("merit").to_pylist())
    sexes = np.array(people.column("kon").to_pylist())
    areas = np.array(people.column("omrade").to_pylist())
    cell = result.group("K", "Norr")
    chosen = values[(sexes == "K") & (areas == "Norr")]
    assert cell.n == 120
    assert cell.mean == pytest.approx(chosen.mean())
    assert cell.sd == pytest.approx(chosen.std(ddof=1))
    expected = np.percentile(chosen, [q * 100 for q in QUANTILES])
    assert [p for _q, p in cell.percentiles] == pytest.approx(list(expected))
    assert cell.below == int((chosen < 200).sum())
    assert cell.share_below == pytest.approx((chosen < 200).mean())


def test_small_cells_and_their_complements_show_nothing(people: pa.Table) -> None:
    result = distribution(_ibis(people), "merit", ["kon", "omrade"], cut=200.0)
    small = result.group("M", "Söder")
    assert small.suppressed and small.n is None and small.mean is None
    # Secondary suppression: the total of Söder would give the 3 away with K/Söder shown.
    hidden = {g.key for g in result.groups if g.suppressed}
    assert {("K", "Söder"), ("M", "Mitt"), ("K", "Mitt")} <= hidden
    assert all(result.group(*key).mean is None for key in hidden)
    total = result.total
    assert total.n == 383 and not total.suppressed


def test_extreme_percentiles_need_enough_people_on_each_side() -> None:
    table = pa.table({"g": ["a"] * 20, "v": [float(i) for i in range(20)]})
    cell = distribution(_ibis(table), "v", ["g"]).group("a")
    shown = dict(cell.percentiles)
    assert shown[0.1] is None and shown[0.9] is None  # 2 persons beyond: not published
    assert shown[0.25] is not None and shown[0.5] == pytest.approx(9.5)


def test_hidden_groups_lists_the_cells_furthest_from_the_mean(people: pa.Table) -> None:
    result = distribution(_ibis(people), "merit", ["kon", "omrade"])
    found = hidden_groups(result)
    assert found[0].key == ("M", "Norr")
    assert found[0].difference < -20
    assert all(g.key != ("M", "Söder") for g in found)


def test_margins_are_published_with_total_keys(people: pa.Table) -> None:
    result = distribution(_ibis(people), "merit", ["kon"])
    assert {g.key for g in result.groups} == {("K",), ("M",), (TOTAL,)}


def test_bad_arguments() -> None:
    table = _ibis(pa.table({"g": ["a"], "v": [1.0]}))
    with pytest.raises(ValueError, match="no such column"):
        distribution(table, "x", ["g"])
    with pytest.raises(ValueError, match="one to 3"):
        distribution(table, "v", [])
    with pytest.raises(ValueError):
        distribution(table, "v", ["g"], threshold=2)


@pytest.mark.parametrize(("age", "band"), [(0, "0–5"), (13, "13–15"), (17, "16–17"), (70, "65+")])
def test_age_bands(age: int, band: str) -> None:
    assert age_band(age) == band
