"""Fictional design content for the three worked example cases (``examples/*.yaml``), one
module per case. Written as a municipality would fill in the forms; all numbers illustrative."""

from sikt.web.design.seed_cases.base import DesignCase
from sikt.web.design.seed_cases.family import FAMILY
from sikt.web.design.seed_cases.jobs import JOBS
from sikt.web.design.seed_cases.school import SCHOOL

CASES = {
    "tidiga-insatser-skola": SCHOOL,
    "placeringar-unga": FAMILY,
    "arbetsmarknad-etablering": JOBS,
}

__all__ = ["CASES", "DesignCase"]
