"""Demo calculations for Exempelby's initiatives, built on the worked example cases.

The example is chosen from the initiative's title with the same words as the design demo
(:mod:`sikt.web.design.demo`), so an initiative's logic model and calculation tell one story.
Initiatives still at the idea stage get no calculation (it belongs to the project plan).
"""

from __future__ import annotations

from sikt.web.accounts.models import Organization
from sikt.web.calculations.services import seed_calculation_for
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState

_CASE_WORDS = (
    ("placeringar-unga", ("famil", "placer", "hvb")),
    ("arbetsmarknad-etablering", ("jobb", "etabl", "arbets", "nyanl")),
    ("tidiga-insatser-skola", ("läs", "skol", "elev")),
)
_IDEA_STATES = {
    InitiativeState.IDEA_DRAFT,
    InitiativeState.IDEA_SUBMITTED,
    InitiativeState.IDEA_REJECTED,
}


def example_for(initiative: Initiative) -> str:
    title = initiative.title.lower()
    for key, words in _CASE_WORDS:
        if any(word in title for word in words):
            return key
    return "tidiga-insatser-skola"


def seed_calculations_for_organization(organization: Organization) -> int:
    """Attach an example calculation to every initiative past the idea stage that has none;
    returns how many initiatives have a calculation afterwards. Idempotent."""
    initiatives = Initiative.objects.filter(organization=organization).exclude(
        state__in=_IDEA_STATES
    )
    for initiative in initiatives:
        seed_calculation_for(initiative, example_for(initiative))
    return initiatives.count()
