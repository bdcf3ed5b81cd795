"""How long a redraw of the curves waits while frames stream in faster than it can keep up."""

from __future__ import annotations

import math
from collections import deque

__all__ = ["FrameThrottle"]


class FrameThrottle:
    """How long a frame's redraw must wait so that drawing keeps within its share of the time.

    Training runs in a worker thread that shares the GIL with the painting, so every millisecond
    spent drawing is taken from training. While frames stream in (`STREAM` refresh calls within
    a second), the curves are redrawn at most as often as keeps their cost (GUI-thread CPU for
    the refresh and its paint, averaged) within `budget` of the time, and at least 15 times a
    second: redraws start at most `MAX_INTERVAL` apart, which leaves room for the timer's
    lateness and the redraw itself. Single calls, as from a pause, a step or a test, are never
    held back.
    """

    STREAM = 5
    MAX_INTERVAL = 1 / 17  # seconds

    def __init__(self, budget: float = 0.1) -> None:
        self.budget = budget
        self.cost = 0.0  # seconds per redraw, a moving average
        self._last_draw = -math.inf
        self._calls: deque[float] = deque(maxlen=self.STREAM)

    def delay(self, now: float) -> float:
        """Seconds until a refresh called at `now` may draw (0: draw now)."""
        self._calls.append(now)
        if len(self._calls) < self.STREAM or now - self._calls[0] > 1.0:
            return 0.0
        interval = min(self.cost / self.budget, self.MAX_INTERVAL)
        return max(0.0, self._last_draw + interval - now)

    def drawn(self, started: float, cost: float) -> None:
        """A redraw started at `started` (perf_counter) took `cost` seconds of CPU."""
        self._last_draw = started
        self.cost = cost if self.cost == 0.0 else 0.8 * self.cost + 0.2 * cost
