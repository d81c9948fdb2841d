"""Forms of the case builder. Each edits one part of the case; ``sikt.calc`` validates the
whole case on save and its messages are put back at the field they concern
(:func:`add_case_issues`), so invalid input is explained where it was typed and nothing is saved.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sikt.calc import Issue
from sikt.calc.bounds import MAX_MAGNITUDE
from sikt.numbers import NumberError, format_integer, parse_number
from sikt.web.calculations import uncertain
from sikt.web.calculations.models import CalculationReview
from sikt.web.calculations.services import RUN_DRAWS
from sikt.web.fields import NumberField, PercentField, WholeNumberField, YearField

NOTATION_HELP = _(
    "A number, or a distribution: 10..20 (uniform), 10..15..20 (triangular), "
    "pert:10..15..20, normal:15..3."
)
LIST_HELP = _("One value per year from the base year, separated by ; (e.g. 2400000; 2400000).")
SHARE_HELP = _("A share between 0 and 1 (0.1 = 10 %), or a distribution of shares.")

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
            names = [fields.get(n, n) for n in re.split(r"[.\[\]]+", rest) if n]
            field = next((n for n in reversed(names) if n in form.fields), None)
        if field:
            shown = message
        elif path == "(fil/file)":
            shown = f"{source}: {message}" if source else message
        else:
            shown = f"{issue.path}: {message}"
        form.add_error(field, shown)


NUMBER_SIZE = _("Numbers must be finite and at most 10^15 (a million billion) in size.")


def _uncertain(text: str, *, minimum: float | None = 0.0, maximum: float | None = None) -> Any:
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
    _bounds(value, minimum, maximum)
    return value


def _bounds(value: Any, minimum: float | None, maximum: float | None) -> None:
    if isinstance(value, float) and not abs(value) <= MAX_MAGNITUDE:
        raise forms.ValidationError(NUMBER_SIZE)
    if minimum is not None and uncertain.lowest(value) < minimum:
        raise forms.ValidationError(_("The value cannot be negative."))
    if maximum is not None and uncertain.highest(value) > maximum:
        raise forms.ValidationError(_("A share cannot be more than 1 (100 %)."))


def _uncertain_list(text: str) -> list[Any]:
    try:
        values = uncertain.parse_list(text)
    except uncertain.NumberSizeError:
        raise forms.ValidationError(NUMBER_SIZE) from None
    except uncertain.NotationError as error:
        if error.reason is not None:
            raise forms.ValidationError(error.reason.in_language(get_language() or "sv")) from None
        raise forms.ValidationError(
            _("Write one number or distribution per year, separated by ; (e.g. 100; 100..120).")
        ) from None
    for value in values:
        if uncertain.lowest(value) < 0:
            raise forms.ValidationError(_("Amounts cannot be negative."))
    return values


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
    deadweight = forms.CharField(
        label=_("Deadweight (default)"), initial="0", help_text=SHARE_HELP, max_length=100
    )
    attribution = forms.CharField(
        label=_("Attribution (default)"), initial="0", help_text=SHARE_HELP, max_length=100
    )
    displacement = forms.CharField(
        label=_("Displacement (default)"), initial="0", help_text=SHARE_HELP, max_length=100
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

    def clean_deadweight(self) -> Any:
        return _uncertain(self.cleaned_data["deadweight"], maximum=1)

    def clean_attribution(self) -> Any:
        return _uncertain(self.cleaned_data["attribution"], maximum=1)

    def clean_displacement(self) -> Any:
        return _uncertain(self.cleaned_data["displacement"], maximum=1)


class CostForm(forms.Form):
    name = forms.CharField(label=_("Cost item"), max_length=200)
    bearer = forms.ChoiceField(label=_("Paid by"))
    amounts = forms.CharField(
        label=_("Amount per year (SEK)"), help_text=LIST_HELP, max_length=2000
    )
    per_participant = forms.BooleanField(
        label=_("Amounts are per participant (multiplied by the target group)"), required=False
    )

    def __init__(self, *args: Any, bearers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bearer"].choices = bearers

    def clean_amounts(self) -> list[Any]:
        return _uncertain_list(self.cleaned_data["amounts"])


class TargetGroupForm(forms.Form):
    name = forms.CharField(label=_("Target group"), max_length=300)
    size_per_year = forms.CharField(
        label=_("New participants per year"),
        help_text=LIST_HELP,
        max_length=2000,
    )

    def clean_size_per_year(self) -> list[Any]:
        return _uncertain_list(self.cleaned_data["size_per_year"])


class OutcomeForm(forms.Form):
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
    drop_off = forms.CharField(
        label=_("Drop-off per year"), initial="0", help_text=SHARE_HELP, max_length=100
    )
    unit_cost = forms.ChoiceField(label=_("Unit cost (from the library)"))
    quantity = forms.CharField(
        label=_("Units per affected person or event"),
        initial="1",
        help_text=NOTATION_HELP,
        max_length=100,
    )
    bearer = forms.ChoiceField(label=_("Saving or cost falls on"), required=False)
    shares = forms.CharField(
        label=_("Or split between bearers"),
        required=False,
        max_length=500,
        help_text=_(
            "For composite costs: key=share; key=share, e.g. socialnamnden=0.67; staten=0.33."
        ),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence grade of the effect"),
        choices=[("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
        initial="B",
        help_text=_("Lower grades reduce the benefit by the optimism-bias rule (B 10 %, C 25 %)."),
    )
    deadweight = forms.CharField(
        label=_("Deadweight"), required=False, help_text=SHARE_HELP, max_length=100
    )
    attribution = forms.CharField(
        label=_("Attribution"), required=False, help_text=SHARE_HELP, max_length=100
    )
    displacement = forms.CharField(
        label=_("Displacement"), required=False, help_text=SHARE_HELP, max_length=100
    )

    def __init__(
        self,
        *args: Any,
        unit_costs: list[tuple[str, str]],
        bearers: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_cost"].choices = unit_costs
        self.fields["bearer"].choices = [("", _("– split below –")), *bearers]
        self.bearer_keys = {key for key, _label in bearers}

    def clean_quantity(self) -> Any:
        return _uncertain(self.cleaned_data["quantity"])

    def clean_drop_off(self) -> Any:
        return _uncertain(self.cleaned_data["drop_off"], maximum=1)

    def _optional_share(self, name: str) -> Any:
        text = self.cleaned_data.get(name, "").strip()
        return _uncertain(text, maximum=1) if text else None

    def clean_deadweight(self) -> Any:
        return self._optional_share("deadweight")

    def clean_attribution(self) -> Any:
        return self._optional_share("attribution")

    def clean_displacement(self) -> Any:
        return self._optional_share("displacement")

    def clean_shares(self) -> dict[str, float] | None:
        text = self.cleaned_data.get("shares", "").strip()
        if not text:
            return None
        shares: dict[str, float] = {}
        for part in text.split(";"):
            key, _sep, value = part.partition("=")
            key = key.strip()
            if key not in self.bearer_keys:
                raise forms.ValidationError(_("Unknown cost bearer %(key)s.") % {"key": key or "–"})
            try:
                shares[key] = share = float(parse_number(value))
            except NumberError:
                raise forms.ValidationError(
                    _("Write key=share, e.g. socialnamnden=0.67.")
                ) from None
            _bounds(share, 0.0, 1.0)
        return shares

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("effect_value", "effect_low", "effect_high", "effect_sd"):
            if data.get(name) is not None:
                data[name] = float(data[name])  # the case is JSON: numbers, not Decimal
        if "effect_value" not in data or "effect_distribution" not in data:
            return data
        try:
            data["effect"] = self._effect(data)
        except forms.ValidationError as error:
            self.add_error("effect_value", error)
        if not data.get("bearer") and not data.get("shares"):
            self.add_error("bearer", _("Choose who the saving falls on, or split it below."))
        if data.get("bearer") and data.get("shares"):
            self.add_error("shares", _("Choose one bearer or a split, not both."))
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
