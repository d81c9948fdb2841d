"""Summaries of a stream of draws in bounded memory: moments, P(NPV > 0), percentiles, histogram.

Why: a Monte Carlo run may ask for a million draws per perspective; keeping every draw would
make memory grow with the number asked for (issue 8). Each chunk of draws is folded into a
:class:`StreamSummary` and dropped:

* **exact**: count, mean and variance (Chan, Golub & LeVeque's pairwise update of the mean and
  the sum of squared deviations, numerically stable), minimum, maximum, the number of draws
  above zero;
* **approximate, with a stated bound**: percentiles and the chart's histogram come from a
  fixed-width histogram of :data:`BINS` fine bins. Its range is the first chunk's minimum to
  maximum (the pilot); a later draw outside the range doubles it — pairs of bins are merged, so
  counts stay exact and only the bin width grows. A percentile is read as numpy's default
  (``linear``) percentile is defined, with the draws of a fine bin spread evenly inside it: the
  error is at most one fine-bin width. The width ends at 1 to about 4 times
  ``(max − min) / BINS`` (one or two doublings when later draws reach past the pilot's range),
  so the error is below 2.5·10⁻⁴ of the spread of the draws; measured against
  ``numpy.percentile`` on normal, heavy-tailed, bimodal and widening draws
  (``tests/calc/test_streaming.py``): at most 1.2·10⁻⁴ of the spread with 10 000 draws and
  8·10⁻⁶ with 1 000 000. Memory: ``BINS`` integers per perspective (128 kB), whatever the
  number of draws.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

BINS = 16_384
#: Bins of the histogram shown in reports and on the results page.
DISPLAY_BINS = 40


class StreamSummary:
    """Fold chunks of draws with :meth:`add`; read :meth:`percentile`, :meth:`histogram` …"""

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0
        self._m2 = 0.0  # sum of squared deviations from the mean
        self.minimum = math.inf
        self.maximum = -math.inf
        self.positive = 0
        self._low = 0.0
        self._width = 0.0  # 0 until the first chunk sets the range
        self._counts = np.zeros(BINS, dtype=np.int64)

    def add(self, values: NDArray[np.float64]) -> None:
        """Fold one chunk of finite draws into the summary."""
        k = len(values)
        if k == 0:
            return
        mean = float(values.mean())
        m2 = float(np.square(values - mean).sum())
        total = self.count + k
        delta = mean - self.mean
        self.mean += delta * k / total
        self._m2 += m2 + delta * delta * self.count * k / total
        self.count = total
        self.positive += int(np.count_nonzero(values > 0))
        low, high = float(values.min()), float(values.max())
        self.minimum, self.maximum = min(self.minimum, low), max(self.maximum, high)
        if self._width == 0.0:
            span = high - low
            self._low = low
            self._width = (span if span > 0 else max(abs(low), 1.0) * 1e-9) / (BINS - 1)
        while low < self._low:
            self._double(downward=True)
        while high >= self._low + BINS * self._width:
            self._double(downward=False)
        index = np.floor((values - self._low) / self._width).astype(np.int64)
        np.clip(index, 0, BINS - 1, out=index)
        self._counts += np.bincount(index, minlength=BINS)

    def _double(self, *, downward: bool) -> None:
        """Twice the range with half as many bins per unit: neighbouring bins merged."""
        merged = self._counts[0::2] + self._counts[1::2]
        self._counts[:] = 0
        if downward:
            self._counts[BINS // 2 :] = merged
            self._low -= BINS * self._width
        else:
            self._counts[: BINS // 2] = merged
        self._width *= 2

    @property
    def sd(self) -> float:
        """Sample standard deviation (``ddof=1``)."""
        return math.sqrt(self._m2 / (self.count - 1)) if self.count > 1 else 0.0

    @property
    def bin_width(self) -> float:
        """Width of one fine bin: the bound on the error of :meth:`percentile`."""
        return self._width

    def _value_at_rank(self, rank: int, cumulative: NDArray[np.int64]) -> float:
        """The ``rank``-th smallest draw (0-based), placed evenly inside its fine bin."""
        if rank <= 0:
            return self.minimum
        if rank >= self.count - 1:
            return self.maximum
        b = int(np.searchsorted(cumulative, rank, side="right"))
        before = int(cumulative[b - 1]) if b > 0 else 0
        inside = int(self._counts[b])
        value = self._low + (b + (rank - before + 0.5) / inside) * self._width
        return min(max(value, self.minimum), self.maximum)

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile (0–100) as numpy's default linear interpolation defines it,
        within one :attr:`bin_width` of the exact value."""
        position = (self.count - 1) * q / 100
        below = math.floor(position)
        cumulative = np.cumsum(self._counts)
        low = self._value_at_rank(below, cumulative)
        if position == below:
            return low
        high = self._value_at_rank(below + 1, cumulative)
        return low + (position - below) * (high - low)

    def histogram(self) -> tuple[list[float], list[int]]:
        """At most :data:`DISPLAY_BINS` bins of whole fine bins from the minimum to the maximum
        (outer edges exact); returns ``(edges, counts)``, counts summing to :attr:`count`."""
        filled = np.flatnonzero(self._counts)
        first, last = int(filled[0]), int(filled[-1])
        group = math.ceil((last - first + 1) / DISPLAY_BINS)
        starts = list(range(first, last + 1, group))
        counts = [int(self._counts[s : s + group].sum()) for s in starts]
        edges = [self._low + s * self._width for s in starts[1:]]
        return [self.minimum, *edges, self.maximum], counts
