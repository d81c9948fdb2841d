"""Demo: a finished initiative in Exempelby evaluated — generated, fictional outcome records
(marked as such) for a matched comparison, the matching run with its diagnostics and
sensitivity, and (when the approving decision froze a calculation) the economic evaluation.
Deterministic and idempotent: an initiative that already has outcome data is left alone."""

from __future__ import annotations

import contextlib

from sikt.web.accounts.models import Membership, Organization, Role
from sikt.web.evaluation import economics, importing, services, synthetic, tasks
from sikt.web.evaluation.models import OutcomeDataset
from sikt.web.initiatives.models import Initiative

#: An initiative past its evaluation in the demo (reports.demo), the family-support case.
DEMO_TITLE = "Föräldrastöd för familjer i förskolan"
FILE_NAME = "exempelby-utfall-FIKTIVA.csv"


def seed_evaluation_for_organization(organization: Organization) -> bool:
    """Evaluate the demo initiative once; returns whether outcome data were added."""
    initiative = Initiative.objects.filter(organization=organization, title=DEMO_TITLE).first()
    member = (
        Membership.objects.filter(organization=organization, role=Role.ANALYST)
        .select_related("user")
        .first()
    )
    if initiative is None or member is None:
        return False
    if OutcomeDataset.objects.filter(initiative=initiative).exists():
        return False
    columns, rows = synthetic.generate(240, seed=11)
    treated = sum(1 for row in rows if row[1] == 1)
    records = importing.Records(columns, rows, treated, len(rows) - treated)
    dataset = services.dataset_store(
        actor=member.user,
        initiative=initiative,
        records=records,
        file_name=FILE_NAME,
        fictional=True,
    )
    run = services.run_start(
        actor=member.user,
        dataset=dataset,
        estimator="matching",
        options={"covariates": list(synthetic.COVARIATES), "caliper": "0.2"},
    )
    tasks.execute(run.pk)
    run.refresh_from_db()
    # Without a calculation frozen at the approval the effect evaluation stands alone.
    with contextlib.suppress(economics.EconomicsError):
        services.economic_evaluation_create(actor=member.user, run=run, outcome_key="hvb")
    return True
