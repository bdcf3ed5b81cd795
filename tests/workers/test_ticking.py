"""The shared run loop (`TickingWorker`) on a counting run, and `Throughput`'s window."""

from __future__ import annotations

import time

import pytest

from gdstudio.workers.ticking import FINISHED, PAUSED, RUNNING, Throughput, TickingWorker

TIMEOUT = 20_000  # ms


class Counter:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    @property
    def done(self) -> bool:
        return self.count >= self.limit

    def stop(self) -> None:
        self.limit = self.count


class CountingWorker(TickingWorker):
    """Counts to `limit`, one number a step; logs frames and states in one list, in order."""

    def __init__(self, limit: int, frame_before_state: bool) -> None:
        super().__init__(frame_interval_ms=0)
        self.FRAME_BEFORE_STATE = frame_before_state
        self.counter = Counter(limit)
        self.log: list[tuple[str, object]] = []
        self.frame.connect(lambda count: self.log.append(("frame", count)))

    def _work(self) -> Counter:
        return self.counter

    def _run_once(self) -> float | None:
        self.counter.count += 1
        if self.counter.done:
            self._halt(FINISHED)
            return None
        return time.perf_counter()

    def _make_frame(self) -> int:
        return self.counter.count

    def _announce(self, state: str) -> None:
        self.log.append(("state", state))


@pytest.mark.parametrize("frame_before_state", [False, True])
def test_a_halt_orders_its_frame_and_state_change(qtbot, frame_before_state: bool) -> None:
    worker = CountingWorker(limit=50, frame_before_state=frame_before_state)
    worker.start()
    qtbot.waitUntil(lambda: ("state", FINISHED) in worker.log, timeout=TIMEOUT)
    worker._timer.stop()
    assert worker.log[0] == ("state", RUNNING)
    last = [("frame", 50), ("state", FINISHED)]
    assert worker.log[-2:] == (last if frame_before_state else last[::-1])
    counts = [c for kind, c in worker.log if kind == "frame"]
    assert counts == sorted(counts) and counts[-1] == 50


def test_pause_sends_one_frame_and_start_after_finish_does_nothing(qtbot) -> None:
    worker = CountingWorker(limit=10**9, frame_before_state=False)
    worker.start()
    qtbot.waitUntil(lambda: worker.counter.count > 0, timeout=TIMEOUT)
    worker.pause()
    paused_at = worker.counter.count
    assert worker.log[-2:] == [("state", PAUSED), ("frame", paused_at)]
    worker.pause()  # paused already: a frame, no state change
    assert worker.log[-1] == ("frame", paused_at)
    worker.stop()
    assert worker.log[-2:] == [("state", FINISHED), ("frame", paused_at)]
    logged = len(worker.log)
    worker.start()
    assert len(worker.log) == logged and not worker._timer.isActive()


def test_throughput_counts_the_last_window_of_steps_only() -> None:
    rate = Throughput(window=1.0)
    assert rate.rate == 0.0
    rate.add(end=0.5, seconds=0.5, samples=100)
    rate.add(end=1.0, seconds=0.25, samples=100)
    assert rate.rate == pytest.approx(200 / 0.75)
    rate.add(end=2.0, seconds=0.5, samples=50)  # the step that ended at 0.5 leaves the window
    assert rate.rate == pytest.approx(150 / 0.75)
