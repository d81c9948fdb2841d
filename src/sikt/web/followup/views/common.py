"""Helpers the follow-up views share: status in words, and a service call that turns a
refusal into form errors or a message instead of an error page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from sikt.web.followup import labels
from sikt.web.followup.selectors.overview import Overview
from sikt.web.followup.status import Light

LIGHT_CLASSES = {
    Light.GREY: "light-grey",
    Light.GREEN: "light-green",
    Light.YELLOW: "light-yellow",
    Light.RED: "light-red",
}


def status_view(overview: Overview) -> dict[str, Any]:
    """What a page shows of an initiative's status: the light, its words, every signal."""
    status = overview.status
    return {
        "light": status.light,
        "css": LIGHT_CLASSES[status.light],
        "label": labels.light_label(status.light),
        "text": labels.status_text(status),
        "signals": [
            {
                "css": LIGHT_CLASSES[signal.light],
                "label": labels.light_label(signal.light),
                "text": labels.signal_text(signal),
            }
            for signal in status.signals
        ],
    }


def attempt(
    request: HttpRequest, action: Callable[[], Any], form: forms.Form | None = None
) -> bool:
    """Run a service call; a ``ValidationError`` becomes form errors (or a message)."""
    try:
        action()
    except ValidationError as error:
        if form is not None and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                for item in errors:
                    for message in item.messages:
                        form.add_error(field if field in form.fields else None, message)
        elif form is not None:
            for message in error.messages:
                form.add_error(None, message)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False
    return True
