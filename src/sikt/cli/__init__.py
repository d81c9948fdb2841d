"""The ``sikt`` command line.

Each area registers its own sub-commands from a module in this package (``web`` for the
server and accounts, ``calc`` for the calculation engine, ``stats`` for evaluation statistics),
so the entry point stays small and each command lives next to its peers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from sikt import __version__

#: Modules in this package that expose ``register(subparsers)``.
COMMAND_MODULES = (
    "sikt.cli.web",
    "sikt.cli.calc",
    "sikt.cli.stats",
    "sikt.cli.funds",
    "sikt.cli.needs",
    "sikt.cli.followup",
)


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 2 (or ``code``)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sikt",
        description=(
            "Sikt – sociala investeringar. Run the web application, manage organisations and "
            "users, and run calculations and evaluation statistics from the command line."
        ),
    )
    parser.add_argument("--version", action="version", version=f"sikt {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int | None] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args) or 0
    except CommandError as exc:
        print(f"sikt: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
