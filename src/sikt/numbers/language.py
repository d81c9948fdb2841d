"""Which language numbers are read and written in when the caller does not say.

The cores never import Django, yet on a web page numbers must follow the user's language. The
web layer registers Django's active language here once (``ShellConfig.ready``); the command line
and the cores get Swedish, Sikt's default.
"""

from __future__ import annotations

from collections.abc import Callable

_resolver: Callable[[], str | None] = lambda: None  # noqa: E731


def set_language_resolver(resolver: Callable[[], str | None]) -> Callable[[], str | None]:
    """Make ``resolver()`` (e.g. Django's ``get_language``) the default language source;
    returns the one it replaces."""
    global _resolver
    previous, _resolver = _resolver, resolver
    return previous


def resolve(language: str | None) -> str:
    """``"en"`` for English (``en``, ``en-gb`` …), ``"sv"`` otherwise; ``None`` → the resolver."""
    chosen = language if language is not None else _resolver()
    return "en" if chosen and chosen.lower().startswith("en") else "sv"
