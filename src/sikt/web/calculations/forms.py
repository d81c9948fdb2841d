"""Forms of the case builder. Each edits one part of the case; ``sikt.calc`` validates the
whole case on save and its messages are put back at the field they concern
(:func:`add_case_issues`), so invalid input is explained where it was typed and nothing is saved.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sikt.calc import Issue
from sikt.numbers import NumberError, format_decimal, format_integer, parse_percent
from sikt.web.calculations import uncertain
from sikt.web.calculations.models import CalculationReview
from sikt.web.calculations.services import RUN_DRAWS
from sikt.web.fields import (
    NumberField,
    PercentField,
    ShareField,
    WholeNumberField,
    YearField,
)

NOTATION_HELP = _(
    "A number, or a distribution: 10..20 (uniform), 10..15..20 (triangular), "
    "pert:10..15..20, normal:15..3."
)
YEAR_HELP = _(
    "An empty year counts as 0. Each year takes a number or a distribution "
    "(e.g. 2 200 000..2 800 000)."
)
SHARE_HELP = _("Per cent between 0 and 100 (10 means 10 %), or a distribution, e.g. 5..15.")

EFFECT_DISTRIBUTIONS = [
    ("fixed", _("Fixed value")),
    ("uniform", _("Uniform (low–high)")),
    ("triangular", _("Triangular (low–most likely–high)")),
    ("pert", _("PERT (low–most likely–high)")),
    ("normal", _("Normal (mean, standard deviation)")),
]


def add_case_issues(
    form: forms.Form,
    issues: list[Issue],
    prefix: str,
    fields: dict[str, str] | None = None,
    source: str = "",
) -> None:
    """Put ``sikt.calc``'s issues at the form field their path names (``costs[2].amounts[1]``
    → ``amounts`` when ``prefix`` is ``costs[2]``; the most specific part of the path that is a
    field wins: ``adjustments.deadweight`` → ``deadweight``); others become form-level errors,
    those about the whole file named by the file (``source``)."""
    language = get_language() or "sv"
    fields = fields or {}
    for issue in issues:
        message = issue.message.in_language(language)
        path = issue.path
        field = None
        if path.startswith(prefix):
            rest = path[len(prefix) :].lstrip(".")
            parts = [n for n in re.split(r"[.\[\]]+", rest) if n]
            field = _year_field(form, parts)
            names = [fields.get(n, n) for n in parts]
            field = field or next((n for n in reversed(names) if n in form.fields), None)
        if field:
            shown = message
        elif path == "(fil/file)":
            shown = f"{source}: {message}" if source else message
        else:
            shown = f"{issue.path}: {message}"
        form.add_error(field, shown)


def _year_field(form: forms.Form, parts: list[str]) -> str | None:
    """The calendar-year field a path such as ``amounts.1`` names, if the form has one."""
    lists = getattr(form, "year_lists", {})
    for name, index in itertools.pairwise(parts):
        if name in lists and index.isdigit() and int(index) < len(lists[name][1]):
            return str(lists[name][1][int(index)])
    return None


NUMBER_SIZE = _("Numbers must be finite and at most 10^15 (a million billion) in size.")


def _parse_uncertain(text: str) -> Any:
    """A number or distribution in the builder's notation, its parts in order (low < high)."""
    try:
        value = uncertain.parse_value(text)
    except uncertain.NumberSizeError:
        raise forms.ValidationError(NUMBER_SIZE) from None
    except uncertain.NotationError as error:
        if error.reason is not None:
            raise forms.ValidationError(error.reason.in_language(get_language() or "sv")) from None
        raise forms.ValidationError(
            _("Write a number or a distribution, e.g. 5, 2..8 or 2..5..8.")
        ) from None
    if isinstance(value, dict):
        low, mode, high = value.get("low"), value.get("mode", value.get("low")), value.get("high")
        if low is not None and high is not None and not (low <= mode <= high and low < high):
            raise forms.ValidationError(
                _(
                    "Write the lowest value first and the highest last, e.g. 5..15 or 5..10..15; "
                    "the lowest must be smaller than the highest."
                )
            )
        if "sd" in value and value["sd"] <= 0:
            raise forms.ValidationError(_("The standard deviation must be greater than 0."))
    return value


def _uncertain(text: str, *, negative: str | None = None) -> Any:
    """A number or distribution that cannot be negative (``negative`` says so if it is)."""
    value = _parse_uncertain(text)
    if uncertain.lowest(value) < 0:
        raise forms.ValidationError(negative or _("The value cannot be negative."))
    return value


class PercentShareField(ShareField):
    """A share of the effect (deadweight, attribution, displacement, drop-off) typed in per
    cent: a number as :class:`~sikt.web.fields.ShareField` reads it (``12,5`` → 0.125), or a
    distribution of per cents (``5..15``, ``pert:5..10..20``) that the Monte Carlo simulation
    draws from. Why not ShareField alone: the worked examples and many case files give these
    shares as ranges, and editing such a case must not lose the uncertainty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", SHARE_HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # a range needs the full keyboard (".." and ":") on phones
        return {**super().widget_attrs(widget), "inputmode": "text"}

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or (".." not in value and ":" not in value):
            share = super().to_python(value)
            return None if share is None else float(share)
        value = _parse_uncertain(value.replace("%", ""))
        if isinstance(value, dict) and value["dist"] in {"normal", "lognormal"}:
            raise forms.ValidationError(
                # xgettext:no-python-format
                _(
                    "A normal distribution does not suit a share between 0 and 100 %; "
                    "write low..high (e.g. 5..15) or pert:5..10..20."
                )
            )
        if uncertain.lowest(value) < 0 or uncertain.highest(value) > 100:
            # xgettext:no-python-format
            raise forms.ValidationError(_("The whole range must lie between 0 and 100 %."))
        return uncertain.scale(value, 0.01)


def confidence_field(label: str) -> forms.ChoiceField:
    """The confidence grade (A–D) of an outcome or a type case."""
    return forms.ChoiceField(
        label=label,
        choices=[("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
        initial="B",
        help_text=_(
            "Lower grades reduce the benefit by the optimism bias of the grade, set in the "
            "general settings (by default B 10 %, C 25 %, D 50 %)."
        ),
    )


class GeneralForm(forms.Form):
    name = forms.CharField(label=_("Name of the calculation"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    base_year = YearField(
        label=_("Base year"),
        help_text=_("Year 0: present values are computed to this year."),
    )
    price_year = YearField(
        label=_("Price year"),
        required=False,
        help_text=_("All amounts are in prices of this year (default: the base year)."),
    )
    horizon_years = WholeNumberField(label=_("Horizon (years)"), min_value=1, max_value=100)
    discount_rate = PercentField(
        label=_("Discount rate (%)"),
        min_value=0,
        max_value=99,
        max_decimals=2,
        initial=Decimal("3.5"),
        help_text=_("Real discount rate; Sikt's default is 3.5 %."),
    )
    committees = forms.MultipleChoiceField(
        label=_("Committees that bear costs or gain benefits"),
        widget=forms.CheckboxSelectMultiple,
    )
    external = forms.MultipleChoiceField(
        label=_("Other cost bearers"), widget=forms.CheckboxSelectMultiple, required=False
    )
    deadweight = PercentShareField(label=_("Deadweight (default, %)"), initial="0")
    attribution = PercentShareField(label=_("Attribution (default, %)"), initial="0")
    displacement = PercentShareField(label=_("Displacement (default, %)"), initial="0")
    cost_uplift = ShareField(
        label=_("Cost uplift (%)"),
        required=False,
        max_value=None,
        help_text=_(
            "Added to every cost, e.g. 20 for costs that tend to run a fifth over the "
            "estimate. Empty means 0."
        ),
    )
    optimism_bias_A = ShareField(label=_("Optimism bias, confidence grade A (%)"), required=False)
    optimism_bias_B = ShareField(label=_("Optimism bias, confidence grade B (%)"), required=False)
    optimism_bias_C = ShareField(label=_("Optimism bias, confidence grade C (%)"), required=False)
    optimism_bias_D = ShareField(
        label=_("Optimism bias, confidence grade D (%)"),
        required=False,
        help_text=_(
            "The benefit of an outcome or type case is reduced by the per cent of its "
            "confidence grade: the less certain the evidence, the larger the reduction. "
            "Sikt's defaults (not published figures), used for an empty field: A 0, B 10, "
            "C 25, D 50."
        ),
    )
    repayment_first_year = YearField(label=_("Repayment from year"), required=False)
    repayment_last_year = YearField(label=_("Repayment until year"), required=False)
    share_of_savings = PercentField(
        label=_("Share of savings repaid (%)"), min_value=0, max_value=100, initial=100
    )
    approval_basis = forms.ChoiceField(
        label=_("Approval rule compares"),
        choices=[
            ("undiscounted", _("undiscounted savings and costs")),
            ("discounted", _("discounted savings and costs")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        committees: list[tuple[str, str]],
        external: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committees"].choices = committees
        self.fields["external"].choices = external


class YearForm(forms.Form):
    """A form with yearly lists of the case (``amounts``) as one small text field per calendar
    year, shown as a row of year columns (2027, 2028 …). An empty year is 0 and empty years
    at the end are left out (``sikt.calc`` reads missing years as 0)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: list name → (legend, field names by year, help text)
        self.year_lists: dict[str, tuple[str, list[str], str]] = {}

    def add_years(
        self,
        name: str,
        legend: str,
        years: list[int],
        values: list[Any],
        help_text: str,
        labels: list[str] | None = None,
    ) -> None:
        """Add one field per year (``labels``: the fields' labels, default the years)."""
        names = []
        for index, year in enumerate(years):
            field_name = f"{name}_{year}"
            self.fields[field_name] = forms.CharField(
                label=labels[index] if labels else str(year), required=False, max_length=100
            )
            if index < len(values):
                self.initial[field_name] = uncertain.format_value(values[index])
            names.append(field_name)
        self.year_lists[name] = (legend, names, help_text)

    def clean_years(self, name: str, empty_message: str | None) -> None:
        """Put the yearly list ``name`` in ``cleaned_data``; errors go to the year's field.
        With ``empty_message`` at least one year must be filled in."""
        values: list[Any] = []
        last = -1
        names = self.year_lists[name][1]
        for index, field_name in enumerate(names):
            text = (self.cleaned_data.get(field_name) or "").strip()
            if not text:
                values.append(0.0)
                continue
            try:
                values.append(_uncertain(text, negative=_("Amounts cannot be negative.")))
            except forms.ValidationError as error:
                self.add_error(field_name, error)
                values.append(0.0)
            last = index
        if last < 0 and names and empty_message:
            self.add_error(names[0], empty_message)
        self.cleaned_data[name] = values[: last + 1]

    def layout(self) -> list[tuple[str, Any]]:
        """The fields in order: ``("field", bound field)``, and for each yearly list
        ``("years", (legend, [bound fields], help text))`` where its first year stands."""
        first = {names[0]: key for key, (_l, names, _h) in self.year_lists.items() if names}
        in_lists = {n for _l, names, _h in self.year_lists.values() for n in names}
        items: list[tuple[str, Any]] = []
        for bound in self:
            if bound.name in first:
                legend, names, help_text = self.year_lists[first[bound.name]]
                items.append(("years", (legend, [self[n] for n in names], help_text)))
            elif bound.name not in in_lists:
                items.append(("field", bound))
        return items


class CostForm(YearForm):
    name = forms.CharField(label=_("Cost item"), max_length=200)
    bearer = forms.ChoiceField(label=_("Paid by"))
    per_participant = forms.BooleanField(
        label=_("Amounts are per participant (multiplied by the target group)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        bearers: list[tuple[str, str]],
        years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bearer"].choices = bearers
        self.add_years(
            "amounts",
            _("Amount per year (SEK)"),
            years,
            self.initial.get("amounts", []),
            YEAR_HELP,
        )
        self.order_fields(["name", "bearer", *self.year_lists["amounts"][1]])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_years("amounts", _("Write the amount for at least one year."))
        return data


class TargetGroupForm(YearForm):
    name = forms.CharField(label=_("Target group"), max_length=300)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_years(
            "size_per_year",
            _("New participants per year"),
            years,
            self.initial.get("size_per_year", []),
            YEAR_HELP,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_years("size_per_year", _("Write the number for at least one year."))
        return data


class OutcomeForm(YearForm):
    name = forms.CharField(label=_("Outcome"), max_length=200)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[
            ("avoided", _("avoided service use (a saving)")),
            ("added", _("added service use (a cost)")),
        ],
    )
    effect_kind = forms.ChoiceField(
        label=_("Kind of effect"),
        choices=[
            ("probability", _("share of the target group (0–1) that changes")),
            ("count", _("number of events per year")),
        ],
    )
    effect_distribution = forms.ChoiceField(
        label=_("Uncertainty of the effect"), choices=EFFECT_DISTRIBUTIONS
    )
    effect_value = NumberField(
        label=_("Effect: value, most likely value or mean"),
        # xgettext:no-python-format
        help_text=_("For a share: 0.15 means 15 % of the target group."),
    )
    effect_low = NumberField(label=_("Effect: low"), required=False)
    effect_high = NumberField(label=_("Effect: high"), required=False)
    effect_sd = NumberField(label=_("Effect: standard deviation"), required=False)
    duration_years = WholeNumberField(
        label=_("Duration of the effect (years)"), min_value=1, max_value=100, initial=1
    )
    drop_off = PercentShareField(label=_("Drop-off per year (%)"), initial="0")
    confidence = confidence_field(_("Confidence grade of the effect"))
    deadweight = PercentShareField(label=_("Deadweight (%)"), required=False)
    attribution = PercentShareField(label=_("Attribution (%)"), required=False)
    displacement = PercentShareField(label=_("Displacement (%)"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ramp_up = self.initial.get("ramp_up", [])
        names = []
        for index, year in enumerate(years):
            name = f"ramp_up_{year}"
            self.fields[name] = ShareField(label=str(year), required=False, max_value=None)
            if index < len(ramp_up):
                self.initial[name] = Decimal(str(ramp_up[index]))
            names.append(name)
        self.year_lists["ramp_up"] = (
            _("Share of the full effect per year (ramp-up, %)"),
            names,
            _(
                "How much of the effect is reached each year while the initiative is built "
                "up, e.g. 50 in the first year. An empty year counts as 100 %."
            ),
        )
        # after the effect and its duration, before the adjustments
        rest = [f for f in self.fields if f not in names]
        at = rest.index("drop_off")
        self.order_fields([*rest[:at], *names, *rest[at:]])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ramp_up: list[float] = []
        names = self.year_lists["ramp_up"][1]
        for name in names:
            value = data.get(name)
            ramp_up.append(1.0 if value is None else float(value))
        typed = [index for index, name in enumerate(names) if data.get(name) is not None]
        # years after the horizon (from a case file) are kept, not dropped unseen
        beyond = list(self.initial.get("ramp_up", [])[len(names) :])
        data["ramp_up"] = (
            [*ramp_up, *beyond] if beyond else ramp_up[: typed[-1] + 1] if typed else []
        )
        for name in ("effect_value", "effect_low", "effect_high", "effect_sd"):
            if data.get(name) is not None:
                data[name] = float(data[name])  # the case is JSON: numbers, not Decimal
        if "effect_value" not in data or "effect_distribution" not in data:
            return data
        try:
            data["effect"] = self._effect(data)
        except forms.ValidationError as error:
            self.add_error("effect_value", error)
        return data

    def _effect(self, data: dict[str, Any]) -> Any:
        dist, value = data["effect_distribution"], data["effect_value"]
        low, high, sd = data.get("effect_low"), data.get("effect_high"), data.get("effect_sd")
        effect: Any
        if dist == "fixed":
            effect = value
        elif dist == "normal":
            if not sd:
                raise forms.ValidationError(_("A normal distribution needs a standard deviation."))
            effect = {"dist": "normal", "mean": value, "sd": sd}
        else:
            if low is None or high is None:
                raise forms.ValidationError(_("This distribution needs a low and a high value."))
            if not low <= value <= high or low == high:
                raise forms.ValidationError(_("The values must satisfy low ≤ value ≤ high."))
            effect = {"dist": dist, "low": low, "high": high}
            if dist != "uniform":
                effect["mode"] = value
        maximum = 1.0 if data.get("effect_kind") == "probability" else None
        if uncertain.lowest(effect) < 0:
            raise forms.ValidationError(_("The effect cannot be negative; use the direction."))
        if maximum is not None and uncertain.highest(effect) > maximum:
            raise forms.ValidationError(
                _("The effect is a share of the target group and cannot exceed 1 (100 %).")
            )
        return effect


class SplitLineForm(forms.Form):
    """A line valued with a unit cost and split over the bearers in per cent (100 % on one
    bearer, or e.g. 67 and 33): the common part of an outcome's valuation line and a type
    case's line."""

    unit_cost = forms.ChoiceField(label=_("Unit cost"))

    def __init__(
        self,
        *args: Any,
        unit_costs: list[tuple[str, str]],
        bearers: list[tuple[str, str]],
        composite: set[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.composite = composite
        self.fields["unit_cost"].choices = [("", _("– choose –")), *unit_costs]
        self.split_names = []
        for key, name in bearers:
            self.fields[f"split_{key}"] = PercentField(
                label=name, required=False, min_value=0, max_value=100, max_decimals=4
            )
            self.split_names.append(f"split_{key}")

    def split_fields(self) -> list[Any]:
        return [self[name] for name in self.split_names]

    def split_total(self) -> str:
        """The running sum under the split (of what was typed, while editing), e.g. ``100``."""
        total = Decimal(0)
        for name in self.split_names:
            raw = self[name].value()
            try:
                total += parse_percent(str(raw)) if raw not in (None, "") else 0
            except NumberError:
                continue
        return format_decimal(total)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(name in self.errors for name in self.split_names):
            return data
        split = {
            name.removeprefix("split_"): float(data[name]) / 100
            for name in self.split_names
            if data.get(name)
        }
        total = sum(Decimal(data.get(name) or 0) for name in self.split_names)
        if not split:
            self.add_error(
                None,
                # xgettext:no-python-format
                _("Write how the value is split over the bearers: 100 % on one of them."),
            )
        elif abs(total - 100) > Decimal("0.01"):
            self.add_error(
                None,
                _("The split adds up to %(total)s %%; it must add up to 100 %%.")
                % {"total": format_decimal(total)},
            )
        elif len(split) == 1 and data.get("unit_cost") in self.composite:
            self.add_error(
                "unit_cost",
                _(
                    "This unit cost is composite: it falls on several bearers. Split it over "
                    "at least two of them in the table below."
                ),
            )
        data["split"] = split
        return data


class ValuationForm(SplitLineForm):
    """One valuation line of an outcome: a unit cost, how many units per event, and the split
    over the bearers."""

    quantity = forms.CharField(
        label=_("Units per affected person or event"),
        initial="1",
        help_text=NOTATION_HELP,
        max_length=100,
    )

    def clean_quantity(self) -> Any:
        return _uncertain(self.cleaned_data["quantity"])


class BaseLineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The lines of an outcome or a type case; at least one is needed (``empty_message``)."""

    empty_message = _("An outcome needs at least one unit cost.")

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(self.empty_message)

    def lines(self) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ValuationFormSet = forms.formset_factory(
    ValuationForm, formset=BaseLineFormSet, extra=1, can_delete=True, min_num=1
)


class TypeCaseForm(YearForm):
    """A type case (*typfall*): a typical person whose use of services the initiative changes,
    and how many such persons start each calendar year."""

    name = forms.CharField(label=_("Type case"), max_length=200)
    confidence = confidence_field(_("Confidence grade"))
    deadweight = PercentShareField(label=_("Deadweight (%)"), required=False)
    attribution = PercentShareField(label=_("Attribution (%)"), required=False)
    displacement = PercentShareField(label=_("Displacement (%)"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_years(
            "persons_per_year",
            _("Persons who start per year"),
            years,
            self.initial.get("persons_per_year", []),
            _(
                "How many persons who start each year follow the path with the initiative "
                "instead of the one without. An empty year counts as 0; a year takes a number "
                "or a distribution (e.g. 10..14..18)."
            ),
        )
        self.order_fields(["name", *self.year_lists["persons_per_year"][1]])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_years("persons_per_year", _("Write the number for at least one year."))
        return data


class TrajectoryForm(YearForm, SplitLineForm):
    """One line of a type case: how much of a unit cost one typical person uses in each year
    after their start, without and with the initiative (e.g. 1; 1; 0,8 years of financial
    aid without, 0,6; 0,2 with), and who bears it."""

    def __init__(self, *args: Any, span: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps = list(range(1, span + 1))
        for name, legend in (
            ("without", _("Without the initiative")),
            ("with", _("With the initiative")),
        ):
            self.add_years(
                name,
                legend,
                steps,
                self.initial.get(name, []),
                "",
                labels=[
                    _("%(path)s, year %(year)s") % {"path": legend, "year": step} for step in steps
                ],
            )
        self.steps = steps

    def rows(self) -> list[tuple[str, list[Any]]]:
        """The two rows of the table: (legend, bound fields by year since start)."""
        return [
            (legend, [self[n] for n in names]) for legend, names, _h in self.year_lists.values()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_years("without", None)
        self.clean_years("with", None)
        without, with_ = self.cleaned_data["without"], self.cleaned_data["with"]
        if not without and not with_:
            self.add_error(
                self.year_lists["without"][1][0],
                _("Write the use without the initiative for at least one year."),
            )
        span = max(len(without), len(with_))
        self.cleaned_data["without"] = without + [0.0] * (span - len(without))
        self.cleaned_data["with"] = with_ + [0.0] * (span - len(with_))
        return data


class BaseTrajectoryFormSet(BaseLineFormSet):
    empty_message = _("A type case needs at least one line of service use.")


TrajectoryFormSet = forms.formset_factory(
    TrajectoryForm, formset=BaseTrajectoryFormSet, extra=1, can_delete=True, min_num=1
)


class ScenarioForm(forms.Form):
    """A scenario: all effects and all costs of the initiative as per cent of the expected."""

    name = forms.CharField(label=_("Scenario"), max_length=200)
    effect_scale = PercentField(
        label=_("Effects, per cent of the expected"),
        min_value=0,
        max_value=1000,
        initial=100,
        help_text=_("E.g. 50 for a cautious scenario in which half the expected effect occurs."),
    )
    cost_scale = PercentField(
        label=_("Costs, per cent of the expected"),
        min_value=0,
        max_value=1000,
        initial=100,
        help_text=_("E.g. 120 if the costs turn out a fifth higher."),
    )


class PriceIndexForm(forms.Form):
    """One year of a price-index series (e.g. KPI or the regions' PKV)."""

    year = YearField(label=_("Year"), required=False)
    value = NumberField(label=_("Index value"), min_value=0, max_decimals=6, required=False)

    def clean_value(self) -> Any:
        value = self.cleaned_data["value"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("An index value must be greater than 0."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, value = data.get("year"), data.get("value")
        if year is None and value is not None and "year" not in self.errors:
            self.add_error("year", _("Give the year of the index value."))
        if value is None and year is not None and "value" not in self.errors:
            self.add_error("value", _("Give the index value of the year."))
        return data


class BasePriceIndexFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            year = form.cleaned_data.get("year")
            if year is None or form.cleaned_data.get("DELETE"):
                continue
            if year in seen:
                raise forms.ValidationError(_("The year %(year)s is given twice.") % {"year": year})
            seen.add(year)

    def series(self) -> dict[int, float]:
        return {
            form.cleaned_data["year"]: float(form.cleaned_data["value"])
            for form in self.forms
            if form.cleaned_data.get("year") is not None and not form.cleaned_data.get("DELETE")
        }


PriceIndexFormSet = forms.formset_factory(
    PriceIndexForm, formset=BasePriceIndexFormSet, extra=3, can_delete=True
)


class CaseFileForm(forms.Form):
    file = forms.FileField(
        label=_("Case file (YAML or JSON)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )
    example = forms.ChoiceField(label=_("Or start from a worked example"), required=False)

    def __init__(self, *args: Any, examples: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["example"].choices = [("", _("– none –")), *examples]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if bool(upload) == bool(data.get("example")):
            raise forms.ValidationError(_("Choose a file or an example (one of them)."))
        if upload and not upload.name.lower().endswith((".yaml", ".yml", ".json")):
            self.add_error("file", _("Choose a .yaml, .yml or .json file."))
        if upload and upload.size > 1024 * 1024:
            self.add_error("file", _("The file is larger than 1 MB."))
        return data


class RunForm(forms.Form):
    draws = forms.TypedChoiceField(
        label=_("Number of draws"),
        coerce=int,
        choices=[(n, format_integer(n)) for n in RUN_DRAWS],
    )


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=CalculationReview.Verdict.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))
