"""The audit's queries: the ledger's rules and sums checked in the database, not in Python.

``sikt funds audit`` asks the database three things per organisation (on PostgreSQL and SQLite
alike; both have window functions and ``FULL OUTER JOIN``):

* :func:`rule_breaks` — every entry that breaks a rule of :mod:`sikt.web.funds.ledger_rules`
  given the entries booked before it. A correction is joined to its target (an earlier entry
  of the organisation); the committed and paid amounts of the entry's initiative and year before
  it are running sums (a window ordered by id, partitioned by fund, initiative and year, each
  entry counted against its target's subject and kind when it is a correction); an earlier
  correction of the same target is a window count. This reads every entry as booked — which is
  exactly the replay's view as long as no entry breaks a rule. From the first break on the
  replay also leaves each refused entry out of what later entries are checked against; that is
  the one thing a window cannot say, so the audit replays an organisation with any break in
  Python (:mod:`sikt.web.funds.reconcile`) to name its breaks exactly.
* :func:`sums` — per fund, year and figure kind, the sum the pages show (by the stored
  ``corrected_kind``) beside the sum the rules count (a correction against its target's fund,
  year and kind), compared in the query: only the groups where they differ come back, with the
  page's per-fund totals.
* :func:`booked_after_closing` — entries created in a reporting period after it was closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from sikt.web.accounts.models import Committee
from sikt.web.funds.ledger_rules import Code, Figures, Kind
from sikt.web.funds.models import ClosedPeriod, Fund, LedgerEntry
from sikt.web.funds.services.ledger import REPAYING_KINDS

LEDGER = LedgerEntry._meta.db_table
FUNDS = Fund._meta.db_table
COMMITTEES = Committee._meta.db_table
CLOSED = ClosedPeriod._meta.db_table

#: The organisation's entries, each beside its target (an earlier entry of the organisation
#: that it reverses) and with what it adds to which figure of which subject.
_LINKED = f"""
org_entries AS (
    SELECT e.id, e.kind, e.corrected_kind, e.amount_ore, e.year, e.fund_id, e.initiative_id,
           e.committee_id, e.decision_id, e.overrun_decision_id, e.reverses_id,
           f.kind AS fund_kind
    FROM {LEDGER} e JOIN {FUNDS} f ON f.id = e.fund_id
    WHERE f.organization_id = %s
),
linked AS (
    SELECT e.*,
           t.id AS t_id, t.kind AS t_kind, t.amount_ore AS t_amount, t.year AS t_year,
           t.fund_id AS t_fund, t.initiative_id AS t_initiative, t.committee_id AS t_committee,
           CASE WHEN t.id IS NULL THEN e.fund_id ELSE t.fund_id END AS anchor_fund,
           CASE WHEN t.id IS NULL THEN e.initiative_id ELSE t.initiative_id END
               AS anchor_initiative,
           CASE WHEN t.id IS NULL THEN e.year ELSE t.year END AS anchor_year,
           CASE WHEN e.kind = '{Kind.CORRECTION}' THEN t.kind ELSE e.kind END AS effect_kind,
           CASE WHEN e.kind = '{Kind.CORRECTION}' THEN -e.amount_ore ELSE e.amount_ore END
               AS signed
    FROM org_entries e LEFT JOIN org_entries t ON t.id = e.reverses_id AND t.id < e.id
)"""

_RULES = f"""
WITH {_LINKED},
moving AS (
    SELECT linked.*,
           CASE effect_kind WHEN '{Kind.COMMITMENT}' THEN signed
                            WHEN '{Kind.RELEASE}' THEN -signed ELSE 0 END AS d_committed,
           CASE effect_kind WHEN '{Kind.PAYOUT}' THEN signed ELSE 0 END AS d_paid
    FROM linked
),
running AS (
    SELECT moving.*,
           CASE WHEN anchor_initiative IS NULL THEN 0
                ELSE COALESCE(SUM(d_committed - d_paid) OVER subject, 0) END AS outstanding,
           COUNT(t_id) OVER (PARTITION BY reverses_id ORDER BY id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS earlier_reversals
    FROM moving
    WINDOW subject AS (PARTITION BY anchor_fund, anchor_initiative, anchor_year ORDER BY id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
checked AS (
    SELECT r.id, r.kind,
        r.amount_ore <= 0 AS {Code.NOT_POSITIVE},
        r.kind IN ('{Kind.COMMITMENT}', '{Kind.PAYOUT}', '{Kind.RELEASE}')
            AND r.initiative_id IS NULL AS {Code.INITIATIVE_MISSING},
        r.kind = '{Kind.ALLOCATION}'
            AND (r.initiative_id IS NOT NULL OR r.committee_id IS NOT NULL)
            AS {Code.NOT_FOR_ALLOCATION},
        r.kind = '{Kind.REPAYMENT}' AND r.committee_id IS NULL AS {Code.COMMITTEE_MISSING},
        r.kind = '{Kind.REPAYMENT}' AND r.committee_id IS NOT NULL AND c.id IS NULL
            AS {Code.NOT_A_COMMITTEE},
        r.kind = '{Kind.REPAYMENT}' AND r.fund_kind <> '{Fund.Kind.REPAYMENT}'
            AS {Code.FUND_TAKES_NO_REPAYMENTS},
        r.kind = '{Kind.COMMITMENT}' AND r.decision_id IS NULL
            AND r.overrun_decision_id IS NULL AS {Code.DECISION_MISSING},
        r.kind = '{Kind.PAYOUT}' AND r.amount_ore > r.outstanding AS {Code.ABOVE_COMMITMENT},
        r.kind = '{Kind.RELEASE}' AND r.amount_ore > r.outstanding
            AS {Code.RELEASE_ABOVE_OUTSTANDING},
        r.kind = '{Kind.CORRECTION}' AND r.t_id IS NULL AS {Code.TARGET_MISSING},
        r.kind = '{Kind.CORRECTION}' AND r.t_kind = '{Kind.CORRECTION}'
            AS {Code.TARGET_IS_CORRECTION},
        r.kind = '{Kind.CORRECTION}' AND r.t_id IS NOT NULL AND r.earlier_reversals > 0
            AS {Code.TARGET_ALREADY_REVERSED},
        r.kind = '{Kind.CORRECTION}' AND r.t_fund <> r.fund_id AS {Code.TARGET_OTHER_FUND},
        r.kind = '{Kind.CORRECTION}' AND r.t_amount <> r.amount_ore AS {Code.AMOUNT_DIFFERS},
        r.kind = '{Kind.CORRECTION}' AND (r.t_year <> r.year
            OR r.t_initiative IS DISTINCT FROM r.initiative_id
            OR r.t_committee IS DISTINCT FROM r.committee_id) AS {Code.SUBJECT_DIFFERS},
        r.kind = '{Kind.CORRECTION}' AND r.t_kind = '{Kind.COMMITMENT}'
            AND r.t_amount > r.outstanding AS {Code.REVERSAL_BELOW_PAID}
    FROM running r
    LEFT JOIN {COMMITTEES} c ON c.id = r.committee_id AND c.organization_id = %s
        AND c.kind IN ({", ".join(f"'{kind}'" for kind in sorted(REPAYING_KINDS))})
)
SELECT * FROM checked WHERE {" OR ".join(str(code) for code in Code if code != Code.PERIOD_CLOSED)}
ORDER BY id"""

_FIGURE_KIND = f"CASE WHEN kind = '{Kind.CORRECTION}' THEN corrected_kind ELSE kind END"

_SUMS = f"""
WITH {_LINKED},
shown AS (
    SELECT fund_id AS fund, year, {_FIGURE_KIND} AS figure,
           SUM(CASE WHEN kind = '{Kind.CORRECTION}' THEN -amount_ore ELSE amount_ore END)
               AS total
    FROM org_entries GROUP BY fund_id, year, {_FIGURE_KIND}
),
counted AS (
    SELECT anchor_fund AS fund, anchor_year AS year, effect_kind AS figure, SUM(signed) AS total
    FROM linked WHERE effect_kind IS NOT NULL
    GROUP BY anchor_fund, anchor_year, effect_kind
),
compared AS (
    SELECT COALESCE(shown.fund, counted.fund) AS fund,
           COALESCE(shown.year, counted.year) AS year,
           COALESCE(shown.figure, counted.figure) AS figure,
           COALESCE(shown.total, 0) AS shown_total,
           COALESCE(counted.total, 0) AS counted_total
    FROM shown FULL OUTER JOIN counted ON shown.fund = counted.fund
        AND shown.year = counted.year AND shown.figure = counted.figure
)
SELECT fund, year, figure, shown_total, counted_total,
       shown_total <> counted_total AS differs,
       (SELECT COUNT(*) FROM org_entries) AS entries
FROM compared ORDER BY fund, year, figure"""

_AFTER_CLOSING = f"""
SELECT e.id FROM {LEDGER} e
JOIN {FUNDS} f ON f.id = e.fund_id
JOIN {CLOSED} p ON p.organization_id = f.organization_id
    AND p.year = e.booked_year AND p.period = e.period AND e.created_at > p.closed_at
WHERE f.organization_id = %s
ORDER BY e.id"""


def rule_breaks(organization_id: int) -> list[tuple[int, str, list[Code]]]:
    """``(entry id, kind, codes)`` for every entry that breaks a rule, reading all as booked."""
    codes = [code for code in Code if code != Code.PERIOD_CLOSED]
    with connection.cursor() as cursor:
        cursor.execute(_RULES, [organization_id, organization_id])
        return [
            (row[0], row[1], [code for code, hit in zip(codes, row[2:], strict=True) if hit])
            for row in cursor.fetchall()
        ]


@dataclass
class Sums:
    """The organisation's figures per ``(fund, year)``: as the pages show them (``shown``) and
    as the rules count the entries (``counted``); ``differing`` are the ``(fund, year, figure
    kind, shown öre, counted öre)`` groups where the two disagree."""

    entries: int
    shown: dict[tuple[int, int], Figures]
    counted: dict[tuple[int, int], Figures]
    differing: list[tuple[int, int, str, int, int]]


def sums(organization_id: int) -> Sums:
    shown: dict[tuple[int, int], dict[str, int]] = {}
    counted: dict[tuple[int, int], dict[str, int]] = {}
    differing = []
    with connection.cursor() as cursor:
        cursor.execute(_SUMS, [organization_id])
        rows = cursor.fetchall()
    for fund, year, figure, shown_total, counted_total, differs, _entries in rows:
        shown.setdefault((fund, year), {})[figure] = int(shown_total)
        counted.setdefault((fund, year), {})[figure] = int(counted_total)
        if differs:
            differing.append((fund, year, figure, int(shown_total), int(counted_total)))
    return Sums(
        entries=int(rows[0][6]) if rows else 0,
        shown={key: Figures.from_sums(values) for key, values in shown.items()},
        counted={key: Figures.from_sums(values) for key, values in counted.items()},
        differing=differing,
    )


def booked_after_closing(organization_id: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_AFTER_CLOSING, [organization_id])
        return [row[0] for row in cursor.fetchall()]
