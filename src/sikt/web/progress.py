"""What a background run's progress page reads: whether it has ended, and how far it has come.

Why one mixin: Monte Carlo runs, estimations, unit-cost imports and yearly reports each keep a
``status`` (ending in ``done`` or ``failed``) and a ``progress`` share 0–1, and their pages poll
the same two read-outs until the run has ended.
"""

from __future__ import annotations

#: The statuses after which a run changes no more (each run model's ``Status`` has them).
FINAL_STATUSES = frozenset({"done", "failed"})


class RunProgress:
    """Mixin for a model with ``status`` and ``progress`` (share 0–1) fields."""

    status: str
    progress: float

    @property
    def finished(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def percent(self) -> int:
        """Progress in whole per cent, as the progress bar shows it."""
        return round(self.progress * 100)
