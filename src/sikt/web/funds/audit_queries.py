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
#: that it reverses) and with what it adds to which figure of which subject. Only corrections
#: name a target, so the join and the first reversal of each target are over a few rows.
_LINKED = f"""
org_entries AS (
    SELECT e.id, e.kind, e.amount_ore, e.year, e.fund_id, e.initiative_id, e.committee_id,
           e.decision_id, e.overrun_decision_id, e.reverses_id, f.kind AS fund_kind
    FROM {LEDGER} e JOIN {FUNDS} f ON f.id = e.fund_id
    WHERE f.organization_id = %s
),
targets AS (
    SELECT e.id, t.id AS t_id, t.kind AS t_kind, t.amount_ore AS t_amount, t.year AS t_year,
           t.fund_id AS t_fund, t.initiative_id AS t_initiative, t.committee_id AS t_committee
    FROM {LEDGER} e
    JOIN {FUNDS} f ON f.id = e.fund_id AND f.organization_id = %s
    JOIN {LEDGER} t ON t.id = e.reverses_id AND t.id < e.id
    JOIN {FUNDS} tf ON tf.id = t.fund_id AND tf.organization_id = %s
    WHERE e.reverses_id IS NOT NULL
),
first_reversals AS (
    SELECT t_id, MIN(id) AS first_id FROM targets GROUP BY t_id
),
linked AS (
    SELECT e.*, g.t_id, g.t_kind, g.t_amount, g.t_year, g.t_fund, g.t_initiative,
           g.t_committee, r.first_id AS first_reversal,
           CASE WHEN g.t_id IS NULL THEN e.fund_id ELSE g.t_fund END AS anchor_fund,
           CASE WHEN g.t_id IS NULL THEN e.initiative_id ELSE g.t_initiative END
               AS anchor_initiative,
           CASE WHEN g.t_id IS NULL THEN e.year ELSE g.t_year END AS anchor_year,
           CASE WHEN e.kind = '{Kind.CORRECTION}' THEN g.t_kind ELSE e.kind END AS effect_kind,
           CASE WHEN e.kind = '{Kind.CORRECTION}' THEN -e.amount_ore ELSE e.amount_ore END
               AS signed
    FROM org_entries e
    LEFT JOIN targets g ON g.id = e.id
    LEFT JOIN first_reversals r ON r.t_id = e.reverses_id
)"""

RULES = f"""
WITH {_LINKED},
running AS (
    SELECT changing.*,
           CASE WHEN anchor_initiative IS NULL THEN 0
                ELSE SUM(change) OVER subject - change END AS outstanding
    FROM (
        SELECT linked.*,
               CASE effect_kind WHEN '{Kind.COMMITMENT}' THEN signed
                                WHEN '{Kind.RELEASE}' THEN -signed
                                WHEN '{Kind.PAYOUT}' THEN -signed ELSE 0 END AS change
        FROM linked
    ) AS changing
    WINDOW subject AS (PARTITION BY anchor_fund, anchor_initiative, anchor_year ORDER BY id
                       ROWS UNBOUNDED PRECEDING)
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
        r.kind = '{Kind.PAYOUT}' AND r.amount_ore > COALESCE(r.outstanding, 0)
            AS {Code.ABOVE_COMMITMENT},
        r.kind = '{Kind.RELEASE}' AND r.amount_ore > COALESCE(r.outstanding, 0)
            AS {Code.RELEASE_ABOVE_OUTSTANDING},
        r.kind = '{Kind.CORRECTION}' AND r.t_id IS NULL AS {Code.TARGET_MISSING},
        r.kind = '{Kind.CORRECTION}' AND r.t_kind = '{Kind.CORRECTION}'
            AS {Code.TARGET_IS_CORRECTION},
        r.kind = '{Kind.CORRECTION}' AND r.t_id IS NOT NULL AND r.first_reversal < r.id
            AS {Code.TARGET_ALREADY_REVERSED},
        r.kind = '{Kind.CORRECTION}' AND r.t_fund <> r.fund_id AS {Code.TARGET_OTHER_FUND},
        r.kind = '{Kind.CORRECTION}' AND r.t_amount <> r.amount_ore AS {Code.AMOUNT_DIFFERS},
        r.kind = '{Kind.CORRECTION}' AND (r.t_year <> r.year
            OR r.t_initiative IS DISTINCT FROM r.initiative_id
            OR r.t_committee IS DISTINCT FROM r.committee_id) AS {Code.SUBJECT_DIFFERS},
        r.kind = '{Kind.CORRECTION}' AND r.t_kind = '{Kind.COMMITMENT}'
            AND r.t_amount > COALESCE(r.outstanding, 0) AS {Code.REVERSAL_BELOW_PAID}
    FROM running r
    LEFT JOIN {COMMITTEES} c ON c.id = r.committee_id AND c.organization_id = %s
        AND c.kind IN ({", ".join(f"'{kind}'" for kind in sorted(REPAYING_KINDS))})
)
SELECT * FROM checked WHERE {" OR ".join(str(code) for code in Code if code != Code.PERIOD_CLOSED)}
ORDER BY id"""

#: The figure kind and signed amount of an entry as its own row records it (the pages' view).
_FIGURE_KIND = f"CASE WHEN e.kind = '{Kind.CORRECTION}' THEN e.corrected_kind ELSE e.kind END"
_SIGNED = f"CASE WHEN e.kind = '{Kind.CORRECTION}' THEN -e.amount_ore ELSE e.amount_ore END"

#: The pages' sums (each row by its own fund, year and ``corrected_kind``, answered from the
#: ``(fund, year, kind, corrected_kind, amount_ore)`` index) beside the rules' sums. The two
#: can differ only through corrections: the rules count a correction against its target's
#: fund, year and kind (and not at all without a target), so the rules' sums are the pages'
#: sums with each correction moved from where its row puts it to where its target is.
SUMS = f"""
WITH shown AS (
    SELECT e.fund_id AS fund, e.year, {_FIGURE_KIND} AS figure, SUM({_SIGNED}) AS total,
           COUNT(*) AS entries
    FROM {LEDGER} e JOIN {FUNDS} f ON f.id = e.fund_id
    WHERE f.organization_id = %s
    GROUP BY e.fund_id, e.year, {_FIGURE_KIND}
),
corrections AS (
    SELECT e.id, e.fund_id, e.year, e.corrected_kind, e.amount_ore, e.reverses_id
    FROM {LEDGER} e JOIN {FUNDS} f ON f.id = e.fund_id
    WHERE f.organization_id = %s AND e.kind = '{Kind.CORRECTION}'
),
moved AS (
    SELECT fund, year, figure, SUM(amount) AS amount FROM (
        SELECT fund_id AS fund, year, corrected_kind AS figure, amount_ore AS amount
        FROM corrections
        UNION ALL
        SELECT t.fund_id, t.year, t.kind, -c.amount_ore
        FROM corrections c
        JOIN {LEDGER} t ON t.id = c.reverses_id AND t.id < c.id
        JOIN {FUNDS} tf ON tf.id = t.fund_id AND tf.organization_id = %s
    ) AS each_move
    GROUP BY fund, year, figure
),
compared AS (
    SELECT COALESCE(shown.fund, moved.fund) AS fund,
           COALESCE(shown.year, moved.year) AS year,
           COALESCE(shown.figure, moved.figure) AS figure,
           COALESCE(shown.total, 0) AS shown_total,
           COALESCE(shown.total, 0) + COALESCE(moved.amount, 0) AS counted_total,
           COALESCE(shown.entries, 0) AS entries
    FROM shown FULL OUTER JOIN moved ON shown.fund = moved.fund
        AND shown.year = moved.year AND shown.figure = moved.figure
)
SELECT fund, year, figure, shown_total, counted_total,
       shown_total <> counted_total AS differs, entries
FROM compared ORDER BY fund, year, figure"""

_AFTER_CLOSING = f"""
SELECT e.id FROM {LEDGER} e
JOIN {FUNDS} f ON f.id = e.fund_id
JOIN {CLOSED} p ON p.organization_id = f.organization_id
    AND p.year = e.booked_year AND p.period = e.period AND e.created_at > p.closed_at
WHERE f.organization_id = %s
ORDER BY e.id"""


def tune() -> None:
    """Settings for the audit's queries, for the rest of the surrounding transaction.

    On PostgreSQL: no JIT compilation — the queries' estimated cost is above the JIT threshold,
    and compiling them took longer (1.2–2 s per organisation in ``bench/fund_ledger.py``) than
    running them (0.2–0.3 s); and room to sort an organisation's entries in memory.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '32MB'")


def rule_breaks(organization_id: int) -> list[tuple[int, str, list[Code]]]:
    """``(entry id, kind, codes)`` for every entry that breaks a rule, reading all as booked."""
    codes = [code for code in Code if code != Code.PERIOD_CLOSED]
    with connection.cursor() as cursor:
        cursor.execute(RULES, [organization_id] * 4)
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
        cursor.execute(SUMS, [organization_id] * 3)
        rows = cursor.fetchall()
    for fund, year, figure, shown_total, counted_total, differs, _entries in rows:
        shown.setdefault((fund, year), {})[figure] = int(shown_total)
        counted.setdefault((fund, year), {})[figure] = int(counted_total)
        if differs:
            differing.append((fund, year, figure, int(shown_total), int(counted_total)))
    return Sums(
        entries=sum(int(row[6]) for row in rows),
        shown={key: Figures.from_sums(values) for key, values in shown.items()},
        counted={key: Figures.from_sums(values) for key, values in counted.items()},
        differing=differing,
    )


def booked_after_closing(organization_id: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_AFTER_CLOSING, [organization_id])
        return [row[0] for row in cursor.fetchall()]
