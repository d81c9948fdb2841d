"""``sikt calc …`` sub-commands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("calc", help="(being built)")
    parser.set_defaults(handler=None)
