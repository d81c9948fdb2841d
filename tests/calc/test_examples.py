from pathlib import Path

import pytest

from sikt.calc import example_case_paths, load_case, run_deterministic
from sikt.calc.bearers import BearerKind

DEMO_COMMITTEES = {
    "kommunstyrelsen",
    "socialnamnden",
    "utbildningsnamnden",
    "kultur_och_fritidsnamnden",
    "arbetsmarknadsnamnden",
}
REPO_EXAMPLES = Path(__file__).parents[2] / "examples"


def test_three_examples_are_shipped_and_mirrored_in_examples_folder():
    shipped = {p.name: p.read_text("utf-8") for p in example_case_paths()}
    assert set(shipped) == {
        "placeringar-unga.yaml",
        "tidiga-insatser-skola.yaml",
        "arbetsmarknad-etablering.yaml",
    }
    for name, text in shipped.items():
        assert (REPO_EXAMPLES / name).read_text("utf-8") == text


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_example_runs_and_uses_demo_committees(path, library):
    case = load_case(path, library)
    committees = {b.key for b in case.bearers if b.kind is BearerKind.COMMITTEE}
    assert committees <= DEMO_COMMITTEES
    assert case.organisation == "Exempelby kommun"
    result = run_deterministic(case, library)
    assert result.perspective("society").pv_costs > 0


def test_labour_market_example_reports_state_actors(library):
    case = load_case(
        next(p for p in example_case_paths() if p.stem == "arbetsmarknad-etablering"), library
    )
    keys = {p.key for p in run_deterministic(case, library).perspectives}
    assert {
        "arbetsformedlingen",
        "forsakringskassan",
        "state",
        "region",
        "individual",
        "society",
    } <= keys
