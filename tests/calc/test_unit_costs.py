import pytest

from sikt.calc import InputError, load_unit_cost_library, save_unit_cost_library
from sikt.calc.bearers import BearerKind
from sikt.calc.distributions import Fixed, Uniform
from sikt.calc.unit_costs import UnitKind, parse_amount


def test_starter_library_has_all_41_costs(library):
    assert len(library) == 41


def test_bound_and_range_become_distribution_bounds(library):
    sis = library["sis_ungdomshem_dygnskostnad_2023"]  # ">13000"
    assert (sis.lower_sek, sis.upper_sek) == (13000, None)
    assert isinstance(sis.distribution(), Fixed)
    exclusion = library["utanforskap_livstid_20_till_pension"]  # "10000000-15000000"
    assert exclusion.distribution() == Uniform(low=10_000_000, high=15_000_000)
    assert exclusion.amount_sek == 12_500_000


def test_free_text_units_and_undated_years_are_kept_and_flagged(library):
    bbic = library["bbic_utredning"]
    assert bbic.price_year is None
    assert bbic.price_year_text.startswith("ej angivet")
    assert any("price year" in c.en for c in bbic.caveats())
    assert library["grundskola_per_elev_2021"].unit is UnitKind.YEAR
    assert library["hvb_cura_institutionsvard_2025"].unit is UnitKind.DAY
    assert library["familjehem_grundarvode_2023"].unit is UnitKind.MONTH


def test_secondary_sources_and_composites_are_marked(library):
    assert library["misshandel_mattlig_samhallskostnad"].secondary_source  # a blog
    assert not library["kriminalvard_anstalt_dygn_2019"].secondary_source
    composite = library["personran_samhallskostnad"]
    assert composite.composite and composite.bearer_kind is None
    assert library["sjukpenning_hogsta_2023"].bearer_kind is BearerKind.SOCIAL_INSURANCE


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(tmp_path, library, suffix):
    path = tmp_path / f"lib{suffix}"
    save_unit_cost_library(library, path)
    again = load_unit_cost_library(path)
    assert again.items == library.items


def test_errors_name_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "key,name_sv,amount_sek,unit,price_year,bearer,confidence\n"
        "a,A,100,kr/dygn,2020,kommun,B\n"
        "b,B,mycket,kr/dygn,2020,kommun,B\n"
        "c,C,5,kr/dygn,2020,kommun,Z\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_unit_cost_library(path)
    paths = [issue.path for issue in caught.value.issues]
    assert paths == ["rad/row 3, amount_sek", "rad/row 4, confidence"]
    assert "ett tal" in caught.value.issues[0].message.sv


def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("key,name_sv\n", encoding="utf-8")
    with pytest.raises(InputError, match="amount_sek"):
        load_unit_cost_library(path)


def test_parse_amount_rejects_reversed_range():
    with pytest.raises(ValueError):
        parse_amount("15-10")


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e400", "2e15", "9" * 5000, "1-1e400"])
def test_non_finite_and_huge_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)
