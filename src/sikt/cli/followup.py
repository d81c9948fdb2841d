"""``sikt followup remind``: the daily reminder run of the follow-up area."""

from __future__ import annotations

import argparse
from typing import Any

from sikt.cli.web import ensure_database, setup_django


def cmd_remind(args: argparse.Namespace) -> int:
    settings = setup_django()
    ensure_database(settings)
    from sikt.web.followup.services.reminders import send_reminders

    counts = send_reminders()
    shown = ", ".join(f"{key}: {value}" for key, value in sorted(counts.items())) or "nothing"
    print(f"reminders sent: {shown}")
    return 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    followup = subparsers.add_parser(
        "followup",
        help="follow-up of running initiatives (the daily reminder run)",
        description="Follow-up of running initiatives.",
    )
    commands = followup.add_subparsers(dest="followup_command", metavar="COMMAND")
    remind = commands.add_parser(
        "remind",
        help="schedule new reports and send due, overdue and waiting reminders (run daily)",
        description="Give started initiatives their reporting schedule and notify project "
        "leaders, coordinators, the management group, the steering group and decision makers "
        "of reports due within a week or overdue, ideas past the answer time and applications "
        "waiting for a step, and participants of development agreements of reports of money "
        "remaining due within a week or overdue. Each event is told once; safe to run several "
        "times a day.",
    )
    remind.set_defaults(handler=cmd_remind)
