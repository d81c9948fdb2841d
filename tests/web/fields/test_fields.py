"""Form fields read what a Swedish user types, refuse non-finite and huge numbers with a field
error (never a 500), and keep the user's text in the box when it is wrong."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from sikt.web.fields import (
    MoneyField,
    NumberField,
    PercentField,
    ShareField,
    WholeNumberField,
    YearField,
)


class Form(forms.Form):
    amount = MoneyField(min_value=0, required=False)
    quantity = NumberField(required=False)
    rate = PercentField(min_value=0, max_value=99, required=False)
    share = ShareField(required=False)
    draws = WholeNumberField(min_value=1, required=False)
    year = YearField(required=False)


def test_swedish_input_is_cleaned_to_exact_values():
    form = Form(
        {
            "amount": "1\u202f200\u00a0000,50 kr",
            "quantity": "−2,5",
            "rate": "3,5 %",
            "share": "12,5",
            "draws": "10 000",
            "year": "2027",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "amount": Decimal("1200000.50"),
        "quantity": Decimal("-2.5"),
        "rate": Decimal("3.5"),
        "share": Decimal("0.125"),
        "draws": 10000,
        "year": 2027,
    }


@pytest.mark.parametrize("text", ["1e308", "inf", "nan", "-Infinity", "9" * 5000, "abc"])
@pytest.mark.parametrize("name", ["amount", "quantity", "rate", "share", "draws", "year"])
def test_non_finite_and_huge_numbers_are_a_field_error(name, text):
    form = Form({name: text})
    assert not form.is_valid()
    assert list(form.errors) == [name]
    assert 'value="' in str(form[name])


def test_errors_keep_the_typed_text_and_speak_the_page_language():
    form = Form({"amount": "-5", "share": "120"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Värdet får inte vara negativt."]
    assert form.errors["share"] == ["Värdet får inte vara större än 100\u00a0%."]
    assert 'value="-5"' in str(form["amount"])
    with translation.override("en"):
        form = Form({"amount": "1,5,5"})
        assert not form.is_valid()
        assert "comma" in form.errors["amount"][0]


def test_initial_values_are_shown_as_the_page_writes_them_and_read_back():
    initial = {"amount": Decimal("1200000.00"), "share": Decimal("0.125"), "year": 2027}
    html = Form(initial=initial).as_p()
    assert 'value="1 200 000"' in html
    assert 'value="12,5"' in html
    assert 'value="2027"' in html
    assert Form({"amount": "1 200 000", "share": "12,5", "year": "2027"}).is_valid()
    with translation.override("en"):
        assert 'value="1,200,000"' in Form(initial=initial).as_p()
        assert Form({"amount": "1,200,000"}).is_valid()


def test_fractions_of_whole_numbers_and_ore_are_refused():
    form = Form({"draws": "1,5", "amount": "10,555"})
    assert not form.is_valid()
    assert set(form.errors) == {"draws", "amount"}


def test_display_filters():
    template = Template(
        "{% load numbers %}{{ n|number }} dragningar; {{ a|money }}; {{ b|money_short }}; "
        "{{ s|percent }}; {{ r|percent:1 }}; {{ none|money }}"
    )
    context = Context({"n": 10000, "a": 3_000_000, "b": 3_240_000, "s": 0.734, "r": 0.035})
    shown = template.render(context).replace("\u00a0", " ")
    assert shown == "10 000 dragningar; 3 000 000 kr; 3,2 mnkr; 73 %; 3,5 %; –"
    with translation.override("en"):
        assert template.render(context).replace("\u00a0", " ").startswith("10,000 dragningar")
