"""Fetching Kolada's key indicators into the organisation's store from the web page.

The server needs a network for this (the command ``sikt needs kolada fetch`` does the same from
any machine that has one). :func:`client` is the one place the transport is chosen, so tests
answer from recorded responses and never reach the network.
"""

from __future__ import annotations

from typing import Any

from sikt.analysis import kolada_store
from sikt.analysis.kolada import KoladaClient
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.needs.store import store_for


def client() -> KoladaClient:
    return KoladaClient()


def fetch(
    *,
    actor: Any,
    organization: Organization,
    area_code: str,
    kpis: list[str],
    years: list[int],
    group_id: str = "",
) -> kolada_store.FetchSummary:
    """Fetch ``kpis`` for the organisation's area (with country, region and the group's members)
    and record who did it; raises :class:`~sikt.analysis.kolada.KoladaError`."""
    summary = kolada_store.fetch(
        client(),
        store_for(organization),
        kpis=kpis,
        areas=[area_code],
        years=years,
        group_ids=[group_id] if group_id else [],
    )
    audit.record(
        actor=actor,
        instance=organization,
        action="update",
        note=f"Kolada: {', '.join(summary.indicators)}, {summary.values} värden",
    )
    return summary
