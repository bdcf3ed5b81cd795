"""Runs stepped in ticks of a worker thread's event loop, and the GUI-thread controllers of them.

A `TickingWorker` lives in its own QThread. While running, a zero-interval timer runs steps for
up to `TICK_SECONDS` per tick and then returns to the event loop, so queued commands (pause,
stop, ...) apply between steps; at most every ``frame_interval_ms`` it sends a frame of copies.
At a set pace (`set_pace`: steps per second, for a class to follow) each tick runs one step and
the timer waits until the next is due, so the thread's event loop is never blocked: pause, stop
and reset act at once even at one step a second. A pace slow enough that its steps are at least
``frame_interval_ms`` apart sends a frame after every step, so that every step is seen. The pace
changes when steps run, never what they compute.
A `TickingController` lives in the GUI thread: it owns the worker's thread, sends commands to
the worker through queued signals and drops whatever arrives after `shutdown`.

`gdstudio.workers.training` (one `Trainer`) and `gdstudio.workers.experiments` (a `Comparison`
of several) build on them; the states below are those of both.
"""

from __future__ import annotations

import math
import time
from collections import deque
from enum import Enum
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from gdstudio.core.nn.model import LayeredNet
from gdstudio.workers.threads import join_worker, start_worker

__all__ = [
    "FINISHED",
    "IDLE",
    "PAUSED",
    "RUNNING",
    "TICK_SECONDS",
    "RunState",
    "Throughput",
    "check_pace",
    "TickingController",
    "TickingWorker",
]


class RunState(str, Enum):
    """Where a run is: every worker's `state_changed` and frame carry one."""

    IDLE = "idle"  # a fresh run: nothing computed yet
    RUNNING = "running"  # steps run continuously (or at the set pace)
    PAUSED = "paused"  # halted with steps left; `resume` (or `start`) continues
    FINISHED = "finished"  # done, stopped or failed; only a reset starts again


IDLE = RunState.IDLE
RUNNING = RunState.RUNNING
PAUSED = RunState.PAUSED
FINISHED = RunState.FINISHED

#: longest stretch of steps before the worker returns to its event loop (to take commands)
TICK_SECONDS = 0.015
#: a QTimer's longest interval, in ms (about 24 days): slower paces wait that long
_LONGEST_WAIT_MS = 2**31 - 1
#: the throughput is measured over the steps of about this many seconds
THROUGHPUT_WINDOW = 1.0


def check_pace(steps_per_second: float) -> float:
    """`steps_per_second` as a float; ValueError unless it is a finite number >= 0."""
    pace = float(steps_per_second)
    if not (math.isfinite(pace) and pace >= 0):
        raise ValueError(f"the pace must be 0 (as fast as possible) or more, not {pace}")
    return pace


class Throughput:
    """Samples per second of step computation over the last `window` seconds of steps.

    The window ends at the latest step, not at "now", so a paused run keeps showing the rate
    it last trained at. Epoch-end evaluation is part of the step that ends the epoch.
    """

    def __init__(self, window: float = THROUGHPUT_WINDOW) -> None:
        self.window = window
        self._steps: deque[tuple[float, float, int]] = deque()  # (end, seconds, samples)
        self._seconds = 0.0
        self._samples = 0

    def add(self, end: float, seconds: float, samples: int) -> None:
        self._steps.append((end, seconds, samples))
        self._seconds += seconds
        self._samples += samples
        while self._steps[0][0] < end - self.window:
            _, old_seconds, old_samples = self._steps.popleft()
            self._seconds -= old_seconds
            self._samples -= old_samples

    @property
    def rate(self) -> float:
        return self._samples / self._seconds if self._seconds > 0 else 0.0


class Stoppable(Protocol):
    """What a worker steps (a core `Trainer` or `Comparison`), as far as the loop needs it."""

    def stop(self) -> None: ...


class TickingWorker(QObject):
    """The run loop and the run commands of a worker; lives in the worker thread.

    Its slots are meant to be invoked only through queued signals (see `TickingController`).
    A subclass provides the run (`_work`), one step of it (`_run_once`), its frames
    (`_make_frame`) and its `state_changed` signal (`_announce`).
    """

    frame = Signal(object)  # the subclass's frame (`_make_frame`)

    #: when a halt sends a frame, it goes out before the state change is announced (so whoever
    #: sees the new state has every step already); otherwise just after it
    FRAME_BEFORE_STATE = False

    def __init__(
        self,
        frame_interval_ms: int = 33,
        model: LayeredNet | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model  # what the runs train unless given networks of their own
        self._interval = max(frame_interval_ms, 0) / 1000
        self._state = IDLE
        self._throughput = Throughput()
        self._last_frame_at = -math.inf
        self._pace = 0.0  # steps per second; 0: as fast as possible
        # when the latest tick was due: its start at full speed; at a pace, the beat of its one
        # step (steps keep to a beat of 1/pace, so a timer firing late does not slow the pace)
        self._tick_at = -math.inf
        self._timer = QTimer(self)  # a child: moves to the worker thread with its parent
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a paced step's wait, to the ms
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    # -- to provide ----------------------------------------------------------------------------

    def _work(self) -> Stoppable | None:
        """What the commands act on; None until there is something to run."""
        raise NotImplementedError

    def _exhausted(self) -> bool:
        """Whether `start` must finish at once rather than run (e.g. no epochs left)."""
        return False

    def _run_once(self) -> float | None:
        """One step; the `time.perf_counter()` after it, or None if it halted the run (and sent
        what the halt sends)."""
        raise NotImplementedError

    def _make_frame(self) -> object:
        """The frame of copies to send now; the steps it carries are no longer pending."""
        raise NotImplementedError

    def _announce(self, state: RunState) -> None:
        """Emit the subclass's `state_changed` for `state`."""
        raise NotImplementedError

    # -- commands ------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Run continuously from idle or paused; does nothing when finished or running."""
        if self._work() is None or self._state in (RUNNING, FINISHED):
            return
        if self._exhausted():
            self._halt(FINISHED)
            return
        self._set_state(RUNNING)
        self._tick_at = -math.inf  # the first step at once, whatever the pace
        self._schedule()

    @Slot()
    def resume(self) -> None:
        """Continue a paused run; does nothing in any other state (`start` begins one)."""
        if self._state == PAUSED:
            self.start()

    @Slot()
    def pause(self) -> None:
        """Stop running after the current step; always sends a frame."""
        if self._work() is None:
            return
        if self._state == RUNNING:
            self._halt(PAUSED)
        else:
            self._emit_frame()

    @Slot()
    def stop(self) -> None:
        """End the run: the state becomes finished."""
        work = self._work()
        if work is None:
            return
        work.stop()
        self._halt(FINISHED)

    @Slot()
    def request_frame(self) -> None:
        if self._work() is not None:
            self._emit_frame()

    @Slot(float)
    def set_pace(self, steps_per_second: float) -> None:
        """Run `steps_per_second` steps a second (0: as fast as possible) from the next step.

        While running, the next step is due one new period after the last one was (at once if
        that is past), so a faster pace does not wait out the slower one's period.
        """
        self._pace = check_pace(steps_per_second)
        if self._state == RUNNING:
            self._schedule()

    # -- the run loop --------------------------------------------------------------------------

    @Slot()
    def _tick(self) -> None:
        if self._work() is None or self._state != RUNNING:
            self._timer.stop()
            return
        self._tick_at = self._beat(time.perf_counter())
        try:
            if self._pace > 0:
                self._run_paced_step()
            else:
                self._run_steps()
        except BaseException:
            self._halt(FINISHED, frame=False)  # no flood of tracebacks from a failing step
            raise

    def _run_steps(self) -> None:
        """Steps until the tick's time is up, a frame is due, the thread is asked to end, or
        a step halts the run; then the frame, if due."""
        thread = self.thread()
        frame_due = self._last_frame_at + self._interval
        tick_end = min(time.perf_counter() + TICK_SECONDS, frame_due)
        while True:
            ended = self._run_once()
            if ended is None:
                return
            if ended >= tick_end or thread.isInterruptionRequested():
                break
        if ended >= frame_due:
            self._emit_frame()

    def _run_paced_step(self) -> None:
        """One step; its frame if the pace is slow enough for a frame a step (or one is due);
        then the wait for the next step."""
        ended = self._run_once()
        if ended is None:
            return
        every_step = 1 / self._pace >= self._interval
        if every_step or ended >= self._last_frame_at + self._interval:
            self._emit_frame()
        self._schedule()

    def _beat(self, now: float) -> float:
        """When the tick that begins `now` was due: the beat after the last tick's, unless a
        whole period late (a start, a pause, steps slower than the pace): then `now`."""
        if self._pace == 0:
            return now
        due = self._tick_at + 1 / self._pace
        return due if now - due < 1 / self._pace else now

    def _schedule(self) -> None:
        """(Re)start the timer for the next tick: at once, or when the pace's next step is due."""
        wait_ms = 0.0
        if self._pace > 0:
            wait_ms = (self._tick_at + 1 / self._pace - time.perf_counter()) * 1000
        self._timer.start(math.ceil(min(wait_ms, _LONGEST_WAIT_MS)) if wait_ms > 0 else 0)

    # -- helpers -------------------------------------------------------------------------------

    def _halt(self, state: RunState, frame: bool = True) -> None:
        """Stop the timer and enter `state`; with `frame`, send a frame (see FRAME_BEFORE_STATE)."""
        self._timer.stop()
        old, self._state = self._state, state
        early = frame and self.FRAME_BEFORE_STATE
        if early:
            self._emit_frame()
        if state != old:
            self._announce(state)
        if frame and not early:
            self._emit_frame()

    def _set_state(self, state: RunState) -> None:
        if state != self._state:
            self._state = state
            self._announce(state)

    def _emit_frame(self) -> None:
        frame = self._make_frame()
        self._last_frame_at = time.perf_counter()
        self.frame.emit(frame)


class TickingController(QObject):
    """The GUI-thread face of a `TickingWorker`: owns the worker thread and forwards commands.

    Every command is asynchronous: `state` reflects what the worker last reported. A subclass
    calls `_launch` once in its constructor. Call `shutdown` (e.g. from closeEvent) before the
    controller goes.
    """

    frame = Signal(object)  # the worker's frames (those the subclass passes on)
    state_changed = Signal(object)  # a RunState

    _start = Signal()
    _pause = Signal()
    _resume = Signal()
    _stop = Signal()
    _request_frame = Signal()
    _set_pace = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = IDLE
        self._closed = False
        self._joined = False
        self._worker: TickingWorker | None = None
        self._thread: QThread | None = None
        self._pace = 0.0

    def _launch(self, worker: TickingWorker, name: str, *links: tuple[Any, Any]) -> None:
        """Start `worker` in a thread called `name`, and connect (queued) the commands common
        to every worker and the subclass's (signal, slot) `links`."""
        self._worker = worker
        self._thread = start_worker(worker, name)
        queued = Qt.ConnectionType.QueuedConnection
        for signal, slot in (
            (self._start, worker.start),
            (self._pause, worker.pause),
            (self._resume, worker.resume),
            (self._stop, worker.stop),
            (self._request_frame, worker.request_frame),
            (self._set_pace, worker.set_pace),
            *links,
        ):
            signal.connect(slot, queued)
        app = QCoreApplication.instance()
        if app is not None:  # a safety net, should the owner not call shutdown() itself
            app.aboutToQuit.connect(self.shutdown)

    @property
    def state(self) -> RunState:
        """The state the worker last reported."""
        return self._state

    def start(self) -> None:
        """Run from idle or paused; nothing when finished or already running."""
        self._send(self._start)

    def pause(self) -> None:
        self._send(self._pause)

    def resume(self) -> None:
        """Continue a paused run; nothing in any other state."""
        self._send(self._resume)

    def stop(self) -> None:
        """End the run (state finished)."""
        self._send(self._stop)

    def request_frame(self) -> None:
        """Ask for a frame now (it also carries any steps not yet sent)."""
        self._send(self._request_frame)

    @property
    def pace(self) -> float:
        """Steps per second of the run (0: as fast as possible), as last set."""
        return self._pace

    def set_pace(self, steps_per_second: float) -> None:
        """Run `steps_per_second` steps a second from the next step on; 0: as fast as possible.

        A slow pace leaves the worker's event loop free (commands act at once) and changes
        nothing the steps compute. ValueError unless a finite number >= 0.
        """
        self._pace = check_pace(steps_per_second)
        self._send(self._set_pace, self._pace)

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop, quit the thread and wait for it; True if it ended in time.

        Idempotent. Frames still in flight are dropped. If the thread does not end in time
        (a step longer than the timeout), it is kept referenced until it does, so that it is
        never destroyed while running.
        """
        thread = self._thread
        if thread is None:
            return self._joined
        self._closed = True
        self._joined = join_worker(thread, self._worker, timeout_ms)
        self._thread = None
        self._worker = None
        return self._joined

    def _send(self, signal: Any, *args: Any) -> None:
        """Emit `signal` (a command to the worker, or news from it) unless shut down."""
        if not self._closed:
            signal.emit(*args)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        """The worker reported `state` (a plain str once it crossed threads): keep it and
        re-emit it as a `RunState` (unless shut down)."""
        if not self._closed:
            run_state = RunState(state)
            self._state = run_state
            self.state_changed.emit(run_state)
