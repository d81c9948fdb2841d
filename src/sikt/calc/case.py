"""The case (*kalkylfall*): every input of one initiative's socio-economic calculation.

Why: the same inputs must be writable by hand (YAML), storable by the web app (JSON in a
JSONField) and validated with errors that name the field path in Swedish and English. The shape
follows the SKL guide's cost and benefit calculation (004 §5): the initiative's costs per year
and bearer, a target group, outcomes valued with unit costs, adjustments (SROI guide: deadweight,
attribution, displacement, drop-off; Green Book: optimism bias) and type cases (*typfall*,
Nilsson & Wadeskog). The full reference is ``docs/metod/kalkyl-filformat.md``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sikt.calc.bearers import AGGREGATES, BearerKind
from sikt.calc.bounds import Number, Share, Year
from sikt.calc.distributions import AnyDistribution, Fixed, Normal, Uncertain, UncertainShare
from sikt.calc.messages import references_error, rule_error
from sikt.calc.money import DEFAULT_DISCOUNT_RATE, Timing
from sikt.calc.references import reference_issues
from sikt.calc.unit_costs import NEGATIVE_AMOUNT, ConfidenceGrade, UnitCostLibrary, UnitKind

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=True)


class CostBearer(_Model):
    """An actor that bears costs or gains benefits. For ``committee`` bearers ``key`` is the
    name the web maps onto its Committee records (e.g. ``socialnamnden``)."""

    key: Key
    name: str
    kind: BearerKind


class Discounting(_Model):
    """Real discount rate (constant, or ``schedule`` year by year) and timing convention."""

    rate: Number = Field(default=DEFAULT_DISCOUNT_RATE, ge=0, lt=1)
    schedule: list[Annotated[Number, Field(ge=0, lt=1)]] | None = None
    timing: Timing = "start"


def _not_negative(value: AnyDistribution) -> AnyDistribution:
    """A unit cost is never negative — also not the low end of its distribution (an
    untruncated normal: its mean minus three standard deviations, the practical range the web
    forms use). A revenue is entered as a benefit instead (issue 8, item 5: the same rule as the
    unit-cost library's import and form)."""
    low = value.support()[0]
    if isinstance(value, Normal) and value.low is None:
        low = value.mean_ - 3 * value.sd
    if low < 0:
        raise rule_error(NEGATIVE_AMOUNT.sv, NEGATIVE_AMOUNT.en)
    return value


#: A unit cost's amount: a number or distribution that cannot take a negative value.
UnitCostAmount = Annotated[Uncertain, AfterValidator(_not_negative)]


class CaseUnitCost(_Model):
    """A unit cost defined in the case (local figure or an override of a library cost)."""

    key: Key
    name: str
    amount: UnitCostAmount
    unit: UnitKind = UnitKind.OTHER
    price_year: Year | None = None
    source: str = ""
    confidence: ConfidenceGrade = "B"
    composite: bool = False


class CostLine(_Model):
    """The initiative's own cost: SEK of ``price_year`` per year from the base year
    (``amounts[0]`` is the base year), borne by ``bearer``. With ``per_participant`` each
    amount is per member of the target group in that year."""

    name: str
    bearer: Key
    amounts: list[Uncertain] = Field(min_length=1)
    price_year: Year | None = None
    per_participant: bool = False


class TargetGroup(_Model):
    """The target group: number of new participants per year from the base year."""

    name: str = ""
    size_per_year: list[Uncertain] = Field(min_length=1)


class Valuation(_Model):
    """How one outcome event is valued: ``quantity`` units of ``unit_cost`` per year the effect
    lasts (e.g. 120 care days), booked to ``bearer`` or split by ``shares`` (bearer → share)."""

    unit_cost: str
    quantity: Uncertain = Fixed(value=1.0)
    bearer: Key | None = None
    shares: dict[str, Share] | None = None

    @model_validator(mode="after")
    def _one_bearer_rule(self) -> Valuation:
        if (self.bearer is None) == (self.shares is None):
            raise rule_error("ange antingen bearer eller shares", "give either bearer or shares")
        if self.shares is not None and abs(sum(self.shares.values()) - 1) > 1e-6:
            raise rule_error("andelarna (shares) ska summera till 1", "shares must sum to 1")
        return self


class Adjustable(_Model):
    """Adjustments for one outcome or type case; ``None`` uses the case default."""

    confidence: ConfidenceGrade = "B"
    deadweight: UncertainShare | None = None
    attribution: UncertainShare | None = None
    displacement: UncertainShare | None = None


class Outcome(Adjustable):
    """A change in the number of people or events per year that avoids (or adds) service use.

    ``effect`` is events per year (``effect_kind: count``) or a change in probability per
    participant (``probability``, multiplied by the target-group size). Each event lasts
    ``duration_years`` with yearly ``drop_off`` (share of the effect lost per year, SROI);
    ``ramp_up`` multiplies the effect by year of the horizon (missing years = 1).
    """

    key: Key
    name: str
    effect: Uncertain
    effect_kind: Literal["count", "probability"] = "count"
    direction: Literal["avoided", "added"] = "avoided"
    duration_years: int = Field(1, ge=1, le=100)
    drop_off: UncertainShare = Fixed(value=0.0)
    ramp_up: list[Annotated[Number, Field(ge=0)]] = []
    valuation: list[Valuation] = Field(min_length=1)


class TrajectoryLine(_Model):
    """Yearly use of one unit cost by one typical person, without and with the initiative,
    by year since the person's start (``without[0]`` is the first year)."""

    unit_cost: str
    without: list[Uncertain]
    with_: list[Uncertain] = Field(alias="with")
    bearer: Key | None = None
    shares: dict[str, Share] | None = None

    @model_validator(mode="after")
    def _check(self) -> TrajectoryLine:
        Valuation.model_validate(
            {"unit_cost": self.unit_cost, "bearer": self.bearer, "shares": self.shares}
        )
        if len(self.without) != len(self.with_):
            raise rule_error(
                "without och with ska ha lika många år",
                "without and with need the same number of years",
            )
        return self


class TypeCase(Adjustable):
    """A *typfall*: one typical person's service use with and without the initiative,
    multiplied by the number of persons per start year expected to change trajectory."""

    key: Key
    name: str
    persons_per_year: list[Uncertain] = Field(min_length=1)
    lines: list[TrajectoryLine] = Field(min_length=1)


def _default_optimism_bias() -> dict[str, float]:
    return {"A": 0.0, "B": 0.1, "C": 0.25, "D": 0.5}


class Adjustments(_Model):
    """Case-wide defaults. Benefits are multiplied by (1−deadweight)(1−attribution)
    (1−displacement)(1−optimism bias of the confidence grade); costs by (1+cost_uplift)."""

    deadweight: UncertainShare = Fixed(value=0.0)
    attribution: UncertainShare = Fixed(value=0.0)
    displacement: UncertainShare = Fixed(value=0.0)
    optimism_bias: dict[ConfidenceGrade, Share] = Field(default_factory=_default_optimism_bias)  # type: ignore[arg-type]
    cost_uplift: Number = Field(default=0.0, ge=0)


class Scenario(_Model):
    """A named variant: effects and costs scaled (e.g. pessimistic: effect_scale 0.5)."""

    key: Key
    name: str
    effect_scale: Number = Field(1.0, ge=0)
    cost_scale: Number = Field(1.0, ge=0)


class RepaymentSettings(_Model):
    """How the repayment plan is proposed (Uppsala guideline 003, DOMAIN §4)."""

    first_year: Year | None = None
    last_year: Year | None = None
    share_of_savings: Share = 1.0
    approval_basis: Literal["undiscounted", "discounted"] = "undiscounted"


class Case(_Model):
    """All inputs of one calculation. Years are calendar years; amounts SEK of ``price_year``."""

    schema_version: Literal[1] = 1
    key: Key
    name: str
    description: str = ""
    organisation: str = ""
    base_year: int = Field(ge=1900, le=2200)
    price_year: Year | None = None
    horizon_years: int = Field(ge=1, le=100)
    discounting: Discounting = Field(default_factory=lambda: Discounting())
    price_index: dict[Year, Annotated[Number, Field(gt=0)]] = {}
    bearers: list[CostBearer] = Field(min_length=1)
    unit_costs: list[CaseUnitCost] = []
    costs: list[CostLine] = []
    target_group: TargetGroup | None = None
    outcomes: list[Outcome] = []
    type_cases: list[TypeCase] = []
    adjustments: Adjustments = Field(default_factory=lambda: Adjustments())
    scenarios: list[Scenario] = []
    repayment: RepaymentSettings = Field(default_factory=RepaymentSettings)

    @property
    def prices_in(self) -> int:
        """The price year every amount is restated in (defaults to the base year)."""
        return self.price_year if self.price_year is not None else self.base_year

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year, self.base_year + self.horizon_years))

    @field_validator("bearers")
    @classmethod
    def _bearer_keys(cls, bearers: list[CostBearer]) -> list[CostBearer]:
        keys = [b.key for b in bearers]
        if len(set(keys)) != len(keys):
            raise rule_error("bearer-nycklar måste vara unika", "bearer keys must be unique")
        reserved = sorted(set(keys) & set(AGGREGATES))
        if reserved:
            raise rule_error(
                f"nyckeln {reserved[0]} är reserverad för ett sammanslaget perspektiv",
                f"key {reserved[0]} is reserved for an aggregated perspective",
            )
        return bearers

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Case:
        """Cross-field rules (:mod:`sikt.calc.references`), all broken ones reported at once."""
        library = (info.context or {}).get("library")
        issues = reference_issues(
            self.model_dump(by_alias=True),
            library if isinstance(library, UnitCostLibrary) else None,
        )
        if issues:
            raise references_error(issues)
        return self
