"""Long flow analyses in the background: a large event file is read, pseudonymised and analysed
by the worker (:mod:`sikt.web.queue`), not in the request.

Why the upload is sealed: until the worker has read it, the file still holds personnummer. It is
kept only encrypted at rest (Fernet, with a key derived from the server's ``SECRET_KEY`` under
this module's own purpose label, so the key opens nothing else and is never stored or logged),
and the worker empties it in the same transaction in which it reads it — before any check that
could fail. What stays is what the synchronous path keeps: the pseudonymised dataset and the
published (suppressed) result.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import io
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sikt.analysis.datasets import dataset_table
from sikt.analysis.flow import FlowSettings
from sikt.analysis.flow_results import FlowResult, GroupRow, Link, MonthRow, PatternRow, run
from sikt.analysis.importers import ImportRejected
from sikt.files import is_xlsx
from sikt.web.audit import personal
from sikt.web.needs import flows
from sikt.web.needs.models import FlowRun
from sikt.web.needs.store import store_for

#: An event file with more rows than this is analysed in the background
#: (docs/metod/behovsanalys.md).
BACKGROUND_ROWS = 200_000
#: The key derivation's purpose label: the key seals flow-analysis uploads and nothing else.
PURPOSE = b"sikt.needs.flow-upload.v1"
#: How many of a rejected file's errors the run keeps to show.
MAX_ISSUES = 200


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        settings.SECRET_KEY.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: bytes) -> bytes:
    """``data`` encrypted and authenticated for keeping until the worker reads it."""
    return _fernet().encrypt(data)


def unseal(sealed: bytes) -> bytes:
    """The upload :func:`seal` encrypted; raises :class:`~cryptography.fernet.InvalidToken` if
    it was altered or the server's key has changed since."""
    return _fernet().decrypt(sealed)


def event_rows(name: str, data: bytes) -> int:
    """The number of data rows of an event file (CSV lines or the worksheet's rows after the
    heading), counted without reading the events, to choose the request or the background."""
    if is_xlsx(data):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        try:
            return max((book.active.max_row or 1) - 1, 0)
        finally:
            book.close()
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    return max(lines - 1, 0)


def _take_upload(run_id: int) -> bytes:
    """The sealed upload, emptied in the same transaction that reads it."""
    with transaction.atomic():
        flow_run = FlowRun.objects.select_for_update().get(pk=run_id)
        sealed = bytes(flow_run.sealed)
        FlowRun.objects.filter(pk=run_id).update(
            sealed=b"", status=FlowRun.Status.READING, progress=0.1
        )
    return sealed


def _issue_records(error: ImportRejected) -> list[dict[str, str]]:
    return [
        {
            "file": issue.file,
            "row": str(issue.row) if issue.row else "–",
            "column": issue.column or "–",
            "rule_sv": issue.message.in_language("sv"),
            "rule_en": issue.message.in_language("en"),
        }
        for issue in error.issues[:MAX_ISSUES]
    ]


def run_flow(run_id: int) -> None:
    """Do a queued run (the background task's work): unseal and empty the upload, read and
    pseudonymise it as :func:`~sikt.web.needs.flows.event_dataset_upload` does, analyse it and
    keep the published result; a failure is kept on the run with its reason."""
    flow_run = FlowRun.objects.select_related("organization", "requested_by").get(pk=run_id)
    runs = FlowRun.objects.filter(pk=run_id)
    sealed = _take_upload(run_id)
    try:
        data = unseal(sealed)
        del sealed
        dataset = flows.event_dataset_upload(
            actor=flow_run.requested_by,
            organization=flow_run.organization,
            title=flow_run.title,
            name=flow_run.file_name,
            data=data,
        )
        del data
        runs.update(dataset=dataset, status=FlowRun.Status.ANALYSING, progress=0.6)
        flow_settings = flow_run.flow_settings()
        with dataset_table(store_for(dataset.organization), dataset.dataset_name) as events:
            result = run(events, flow_settings)
    except ImportRejected as error:
        runs.update(
            status=FlowRun.Status.FAILED,
            issues=_issue_records(error),
            issue_count=error.total,
            finished_at=timezone.now(),
        )
        return
    except InvalidToken:
        runs.update(
            status=FlowRun.Status.FAILED,
            error=gettext(
                "The uploaded file could not be decrypted (the server's secret key has changed "
                "since it was uploaded). Nothing was saved; upload the file again."
            ),
            finished_at=timezone.now(),
        )
        return
    except Exception as error:  # the page shows the failure instead of waiting forever
        runs.update(
            status=FlowRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    personal.record_access(
        actor=flow_run.requested_by,
        dataset=dataset,
        kind=personal.Kind.ANALYSIS,
        note=f"Flödesanalys i bakgrunden (körning {run_id}): "
        + flows.settings_note(result.settings),
    )
    runs.update(
        status=FlowRun.Status.DONE,
        progress=1.0,
        result=result_json(result),
        finished_at=timezone.now(),
    )


def result_json(result: FlowResult) -> dict[str, Any]:
    """The published result as JSON (hidden counts stay ``None``)."""
    values = dataclasses.asdict(result)
    values["settings"] = {
        "reference_date": result.settings.reference_date.isoformat(),
        "lookback_years": result.settings.lookback_years,
    }
    return values


def stored_result(flow_run: FlowRun) -> FlowResult:
    """The result a finished run kept, as the flow page shows it (with the run's outcome)."""
    values = flow_run.result
    return FlowResult(
        settings=FlowSettings(
            datetime.date.fromisoformat(values["settings"]["reference_date"]),
            values["settings"]["lookback_years"],
            outcome_kinds=tuple(flow_run.outcome_kinds),
        ),
        threshold=values["threshold"],
        replacements=values["replacements"],
        groups=[GroupRow(**row) for row in values["groups"]],
        patterns=[
            PatternRow(tuple(row["steps"]), row["n"], row["share"]) for row in values["patterns"]
        ],
        hidden_patterns=values["hidden_patterns"],
        links=[Link(**row) for row in values["links"]],
        hidden_links=values["hidden_links"],
        months=[MonthRow(**row) for row in values["months"]],
    )
