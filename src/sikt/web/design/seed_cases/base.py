"""The shape of a demo design case: what :func:`sikt.web.design.demo.seed_design_for` fills in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Element = tuple[str, str, str, list[dict[str, Any]]]


@dataclass(frozen=True)
class DesignCase:
    purpose: str
    elements: list[Element]
    target_group: dict[str, Any]
    comparison: dict[str, Any]
    follow_up: dict[str, Any]
    impact: dict[str, str]
    implementation: dict[str, Any]
    owner_committee: str
    organisation: dict[str, str]
    risks: list[dict[str, Any]]
    stop_criteria: list[dict[str, Any]] = field(default_factory=list)
    stakeholders: list[dict[str, Any]] = field(default_factory=list)
    communication: list[dict[str, Any]] = field(default_factory=list)
    #: indicator name → (smallest effect that counts as success, justification)
    success_criteria: dict[str, tuple[Decimal, str]] = field(default_factory=dict)


def indicator(name: str, unit: str, frequency: str, source: str, **values: Any) -> dict[str, Any]:
    return {"name": name, "unit": unit, "frequency": frequency, "data_source": source, **values}


BASELINE = dt.date(2026, 8, 31)
