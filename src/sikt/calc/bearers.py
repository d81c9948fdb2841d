"""Cost bearers (*kostnadsbärare / aktörer*) and the perspectives results are reported for.

Why: a social investment pays off in another budget than the one that pays for it (DOMAIN §1),
so every cost and benefit is booked to the actor that bears it. EKUSIA (DOMAIN §5) reports at
three levels — society, actor and individual — and Nilsson & Wadeskog's welfare-cost chains
split profitability between municipality, region, Arbetsförmedlingen, Försäkringskassan, the
state and the household. Only municipal committees repay the fund (DOMAIN §4).
"""

from __future__ import annotations

from enum import StrEnum

from sikt.text import Text


class BearerKind(StrEnum):
    """What kind of actor bears a cost."""

    COMMITTEE = "committee"  # a committee of the organisation (nämnd); repays the fund
    REGION = "region"  # region (hälso- och sjukvård)
    EMPLOYMENT_SERVICE = "employment_service"  # Arbetsförmedlingen
    SOCIAL_INSURANCE = "social_insurance"  # Försäkringskassan
    STATE = "state"  # other state actors (SiS grant, Kriminalvården, rättsväsendet, a-kassa)
    INDIVIDUAL = "individual"  # the individual / household
    OTHER = "other"  # e.g. civil society, companies


KIND_LABELS: dict[BearerKind, Text] = {
    BearerKind.COMMITTEE: Text("nämnd i organisationen", "committee of the organisation"),
    BearerKind.REGION: Text("region", "region"),
    BearerKind.EMPLOYMENT_SERVICE: Text("Arbetsförmedlingen", "Public Employment Service"),
    BearerKind.SOCIAL_INSURANCE: Text("Försäkringskassan", "Social Insurance Agency"),
    BearerKind.STATE: Text("staten (övrigt)", "state (other)"),
    BearerKind.INDIVIDUAL: Text("individen/hushållet", "individual/household"),
    BearerKind.OTHER: Text("övriga", "others"),
}

#: Aggregated perspectives: key → (label, bearer kinds included). ``society`` includes all.
AGGREGATES: dict[str, tuple[Text, frozenset[BearerKind]]] = {
    "organisation": (
        Text("Hela organisationen", "Whole organisation"),
        frozenset({BearerKind.COMMITTEE}),
    ),
    "region": (Text("Regionen", "Region"), frozenset({BearerKind.REGION})),
    "state": (
        Text("Staten (AF, FK, övriga)", "State (PES, SIA, other)"),
        frozenset({BearerKind.EMPLOYMENT_SERVICE, BearerKind.SOCIAL_INSURANCE, BearerKind.STATE}),
    ),
    "individual": (Text("Individen", "Individual"), frozenset({BearerKind.INDIVIDUAL})),
    "society": (Text("Samhället (summa)", "Society (total)"), frozenset(BearerKind)),
}


def kind_from_text(text: str) -> tuple[BearerKind | None, bool]:
    """Read the Swedish bearer description of a unit-cost row: (kind, composite?).

    ``flera: …`` or ``A + B`` means several bearers: a composite cost that must be split
    before it can be used per actor, so no single kind is returned.
    """
    lowered = text.strip().lower()
    if lowered.startswith("flera") or " + " in lowered:
        return None, True
    rules: list[tuple[str, BearerKind]] = [
        ("kommun", BearerKind.COMMITTEE),
        ("region", BearerKind.REGION),
        ("stat – försäkringskassan", BearerKind.SOCIAL_INSURANCE),
        ("stat – arbetsförmedlingen", BearerKind.EMPLOYMENT_SERVICE),
        ("stat", BearerKind.STATE),
        ("arbetslöshetskassa", BearerKind.STATE),
        ("individ", BearerKind.INDIVIDUAL),
    ]
    for prefix, kind in rules:
        if lowered.startswith(prefix):
            return kind, False
    return None, False
