"""Socio-economic calculation engine (samhällsekonomisk kalkyl / effektkalkyl).

Contract: pure Python + numpy/scipy; never imports Django or :mod:`sikt.web`. Public functions
take and return typed values and state their units (SEK, price year, per person and year).
"""

from sikt.calc.bearers import BearerKind
from sikt.calc.case import Case, CostBearer
from sikt.calc.loading import case_to_dict, example_case_paths, load_case
from sikt.calc.messages import InputError, Issue
from sikt.calc.montecarlo import MonteCarloResult, run_monte_carlo
from sikt.calc.repayment import RepaymentPlan, propose_repayment_plan, revise_repayment_plan
from sikt.calc.results import Perspective, Result, run_deterministic
from sikt.calc.sensitivity import Sensitivity, run_scenarios, run_sensitivity
from sikt.calc.unit_costs import (
    UnitCost,
    UnitCostLibrary,
    load_unit_cost_library,
    read_unit_cost_table,
    save_unit_cost_library,
)

__all__ = [
    "BearerKind",
    "Case",
    "CostBearer",
    "InputError",
    "Issue",
    "MonteCarloResult",
    "Perspective",
    "RepaymentPlan",
    "Result",
    "Sensitivity",
    "UnitCost",
    "UnitCostLibrary",
    "case_to_dict",
    "example_case_paths",
    "load_case",
    "load_unit_cost_library",
    "propose_repayment_plan",
    "read_unit_cost_table",
    "revise_repayment_plan",
    "run_deterministic",
    "run_monte_carlo",
    "run_scenarios",
    "run_sensitivity",
    "save_unit_cost_library",
]
