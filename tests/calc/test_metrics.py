import numpy as np
import numpy_financial as npf
import pytest
from scipy.optimize import brentq

from sikt.calc import load_case, run_deterministic
from sikt.calc.metrics import break_even_effect, find_root, irr, npv, payback_year
from sikt.calc.money import discount_factors

FLOWS = np.array([-1000.0, -500.0, 400.0, 600.0, 700.0, 300.0])


@pytest.mark.parametrize("rate", [0.0, 0.035, 0.08])
def test_npv_matches_numpy_financial(rate):
    assert npv(FLOWS, discount_factors(rate, len(FLOWS), "start")) == pytest.approx(
        npf.npv(rate, FLOWS)
    )


def test_irr_matches_numpy_financial():
    assert irr(FLOWS) == pytest.approx(npf.irr(FLOWS), abs=1e-9)


@pytest.mark.parametrize("seed", range(40))
def test_irr_matches_scipy_brentq_and_numpy_financial_on_random_flows(seed):
    rng = np.random.default_rng(seed)
    years = int(rng.integers(2, 40))
    flows = np.concatenate(
        [-rng.uniform(1e5, 1e7, rng.integers(1, 4)), rng.uniform(-1e5, 3e6, years)]
    )

    def value(rate):
        return float(np.sum(flows / (1.0 + rate) ** np.arange(len(flows))))

    ours = irr(flows)
    if value(-0.99) * value(10.0) >= 0:
        assert ours is None
        return
    assert ours == pytest.approx(brentq(value, -0.99, 10.0, xtol=1e-12), abs=1e-11)
    if np.all(np.diff(np.sign(flows)) >= 0):  # one sign change: the IRR is unique
        assert ours == pytest.approx(npf.irr(flows), abs=1e-9)


@pytest.mark.parametrize(
    ("f", "a", "b", "root"),
    [
        (lambda x: x**3 - 2 * x - 5, 2.0, 3.0, 2.0945514815423265),  # Wallis' equation
        (lambda x: np.cos(x) - x, 0.0, 1.0, 0.7390851332151607),  # Dottie number
        (lambda x: x - 1.0, 1.0, 2.0, 1.0),
        (lambda x: np.tanh(50 * (x - 0.3)), -1.0, 2.0, 0.3),
    ],
)
def test_find_root_on_known_roots(f, a, b, root):
    assert find_root(f, a, b) == pytest.approx(root, abs=1e-12)
    with pytest.raises(ValueError):
        find_root(f, root + 0.5, root + 1.0)


def test_irr_is_none_without_sign_change():
    assert irr(np.array([100.0, 50.0])) is None


def test_payback_year_by_hand():
    # cumulative at 0 %: -1000, -1500, -1100, -500, 200 → paid back in the fifth year (2029)
    assert payback_year(FLOWS, np.ones(6), [2025, 2026, 2027, 2028, 2029, 2030]) == 2029
    assert payback_year(np.array([-1.0, 0.5]), np.ones(2), [2025, 2026]) is None


def test_break_even_effect_by_hand():
    assert break_even_effect(600.0, 1000.0) == pytest.approx(0.6)
    assert break_even_effect(600.0, 0.0) is None


def test_break_even_effect_zeroes_the_organisations_npv(library, case_dict):
    case = load_case(case_dict(discounting={"rate": 0.035}))
    organisation = run_deterministic(case, library).perspective("organisation")
    root = brentq(
        lambda k: run_deterministic(case, library, effect_scale=k).perspective("organisation").npv,
        0.0,
        10.0,
    )
    assert organisation.break_even_effect == pytest.approx(root, rel=1e-9)
