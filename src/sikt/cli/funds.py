"""``sikt funds audit|figures``: reconcile the fund's ledger and print its figures."""

from __future__ import annotations

import argparse
import time
from typing import Any

from sikt.cli import CommandError


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), 100)
    return f"{sign}{kronor:,}".replace(",", " ") + f",{rest:02d} kr"


def _organizations(args: argparse.Namespace) -> list[Any]:
    from sikt.web.accounts.models import Organization

    organizations = Organization.objects.order_by("name")
    if args.org:
        organizations = (
            organizations.filter(municipality_code=args.org)
            | organizations.filter(organization_number=args.org)
            | organizations.filter(name=args.org)
        )
        if not organizations.exists():
            raise CommandError(f"no organisation with code, number or name {args.org!r}")
    return list(organizations.filter(funds__isnull=False).distinct())


def cmd_audit(args: argparse.Namespace) -> int:
    from sikt.cli.web import ensure_database, setup_django

    settings = setup_django()
    ensure_database(settings)
    from sikt.web.funds.reconcile import audit_organization, triggers_present

    started = time.perf_counter()
    broken = 0
    if not triggers_present():
        print("BREAK: the database does not refuse UPDATE and DELETE on the ledger (no triggers)")
        broken += 1
    for organization in _organizations(args):
        report = audit_organization(organization)
        status = "reconciled to the öre" if report.reconciled else f"{len(report.breaks)} break(s)"
        print(f"{report.organization}: {report.entries} entries, {status}")
        for name, figures in report.funds.items():
            print(
                f"  {name}: allocated {_kr(figures.allocated)}, committed "
                f"{_kr(figures.committed_net)}, paid {_kr(figures.paid)}, repaid "
                f"{_kr(figures.repaid)}, balance {_kr(figures.balance)}, available "
                f"{_kr(figures.available)}"
            )
        for line in report.breaks:
            print(f"  BREAK: {line}")
        broken += len(report.breaks)
    print(f"audit took {time.perf_counter() - started:.2f} s")
    return 1 if broken else 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    funds = subparsers.add_parser(
        "funds",
        help="the fund's ledger: reconcile it (audit)",
        description="Commands for the social investment fund's append-only ledger.",
    )
    commands = funds.add_subparsers(dest="funds_command", metavar="COMMAND")
    audit = commands.add_parser(
        "audit",
        help="prove the ledger reconciles to the öre; exit 1 on any break",
        description="Check every ledger entry against the fund's rules in booking order and "
        "compare the figures the pages show with the figures the rules count, per fund part and "
        "year, in the database (an organisation with a broken rule is replayed in Python to "
        "name each break); check that every entry has its audit record, that no entry was "
        "booked in a closed period and that the database refuses changes to the ledger. Exit "
        "status 0 when all reconcile, 1 when anything breaks.",
    )
    audit.add_argument("--org", help="only this organisation (code, number or name)")
    audit.set_defaults(handler=cmd_audit)
    funds.set_defaults(handler=lambda args: funds.print_help() or 2)
