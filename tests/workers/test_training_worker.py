"""The training worker thread, driven through its controller (signals only, no sleeps)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import BatchGradients, ModelConfig, TutorialNet, build_model
from gdstudio.core.training.reports import EventKind, StepReport, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import (
    FINISHED,
    IDLE,
    PAUSED,
    RUNNING,
    RunState,
    TrainingController,
    TrainingFrame,
)

TIMEOUT = 20_000  # ms; generous for slow CI machines, a passing test takes far less
FOREVER = 10_000  # epochs: a run that will not end by itself during a test


class Recorder:
    """Everything a controller emits, in order."""

    def __init__(self, controller: TrainingController) -> None:
        self.frames: list[TrainingFrame] = []
        self.events: list[TrainingEvent] = []
        self.states: list[str] = []
        controller.frame.connect(self.frames.append)
        controller.training_event.connect(self.events.append)
        controller.state_changed.connect(self.states.append)

    @property
    def steps(self) -> list[StepReport]:
        return [s for f in self.frames for s in f.steps]


Make = Callable[..., tuple[TrainingController, Recorder]]


@pytest.fixture
def make(qtbot, embedded: Dataset) -> Iterator[Make]:
    """Makes controllers (with a recorder) that are shut down, and must join, after the test."""
    made: list[TrainingController] = []

    def factory(config: TrainConfig | None = None, **kwargs) -> tuple[TrainingController, Recorder]:
        controller = TrainingController(embedded, config or TrainConfig(), **kwargs)
        made.append(controller)
        recorder = Recorder(controller)
        qtbot.waitUntil(lambda: controller.last_frame is not None, timeout=TIMEOUT)
        return controller, recorder

    yield factory
    for controller in made:
        assert controller.shutdown()


def wait_frame(qtbot, controller: TrainingController, check: Callable[[TrainingFrame], bool]):
    """Context manager: wait for the first frame satisfying `check` (emit commands inside)."""
    return qtbot.waitSignal(controller.frame, timeout=TIMEOUT, check_params_cb=check)


def test_initial_frame_is_idle_at_step_zero(make) -> None:
    controller, recorder = make(TrainConfig(epochs=3))
    frame = controller.last_frame
    assert frame is not None and frame.state == IDLE and controller.state == IDLE
    assert frame.snapshot.step == 0 and frame.steps == () and frame.total_epochs == 3
    assert not frame.best_available
    # delivered through the GUI event loop: slots connected right after construction get it
    assert recorder.frames == [frame]


def test_first_epoch_learns_and_frames_hold_copies(qtbot, make) -> None:
    controller, recorder = make(TrainConfig())  # lr 1, batch 100
    with wait_frame(qtbot, controller, lambda f: any(s.epoch_end for s in f.steps)):
        controller.start()
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.pause()
    metrics = next(s.epoch_end for s in recorder.steps if s.epoch_end)
    assert metrics.epoch == 1 and metrics.step == 80  # 8000 training images / 100
    assert metrics.valid_accuracy > 0.8
    assert recorder.frames[-1].best_available
    assert recorder.frames[-1].samples_per_second > 0

    with wait_frame(qtbot, controller, lambda f: True) as first:
        controller.request_frame()
    a = first.args[0].snapshot.params
    with wait_frame(qtbot, controller, lambda f: True) as second:
        controller.request_frame()
    b = second.args[0].snapshot.params
    for name in a:
        assert not np.shares_memory(a[name], b[name])
        np.testing.assert_array_equal(a[name], b[name])
    kept = {name: p.copy() for name, p in b.items()}
    for p in a.values():
        p.fill(7.0)  # if these were the trainer's arrays, the next frame would show it
    with wait_frame(qtbot, controller, lambda f: True) as third:
        controller.request_frame()
    for name, p in third.args[0].snapshot.params.items():
        np.testing.assert_array_equal(p, kept[name])
        np.testing.assert_array_equal(b[name], kept[name])


def test_frames_are_throttled_and_carry_every_step_once(qtbot, make) -> None:
    controller, recorder = make(TrainConfig(epochs=2), frame_interval_ms=33)
    started = time.perf_counter()
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED):
        controller.start()
    elapsed = time.perf_counter() - started
    numbers = [s.step for s in recorder.steps]
    assert numbers == list(range(1, 161))  # 2 epochs of 80 batches, each exactly once, in order
    assert recorder.frames[-1].snapshot.step == 160 and recorder.frames[-1].snapshot.finished
    # throttled frames at most every 33 ms, plus the immediate finish frame and a little slack
    assert len(recorder.frames) <= elapsed / 0.033 + 3
    assert len(recorder.frames) < len(numbers) / 2
    assert recorder.states == [RUNNING, FINISHED] and controller.state == FINISHED


def test_start_after_finished_does_nothing_until_reset(qtbot, make) -> None:
    controller, recorder = make(TrainConfig(epochs=1))
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED):
        controller.start()
    controller.start()
    controller.step()
    with wait_frame(qtbot, controller, lambda f: True) as blocker:
        controller.request_frame()
    assert blocker.args[0].snapshot.step == 80 and blocker.args[0].state == FINISHED
    with wait_frame(qtbot, controller, lambda f: f.state == IDLE):
        controller.reset()
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED):
        controller.start()
    assert recorder.frames[-1].snapshot.step == 80


def test_pause_really_stops_and_resume_continues(qtbot, make) -> None:
    controller, _ = make(TrainConfig(epochs=FOREVER))
    with wait_frame(qtbot, controller, lambda f: f.state == RUNNING and f.snapshot.step > 0):
        controller.start()
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED) as paused:
        controller.pause()
    step = paused.args[0].snapshot.step
    for _ in range(2):
        with wait_frame(qtbot, controller, lambda f: True) as blocker:
            controller.request_frame()
        assert blocker.args[0].snapshot.step == step
        assert blocker.args[0].steps == () and blocker.args[0].state == PAUSED
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step > step):
        controller.resume()
    assert controller.state == RUNNING
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.toggle()
    with wait_frame(qtbot, controller, lambda f: f.state == RUNNING):
        controller.toggle()


def test_resume_continues_only_a_paused_run(qtbot, make) -> None:
    """Resume is not Start: a run not begun (or finished) stays as it is; the states come as
    `RunState` members, also after crossing from the worker's thread."""
    controller, recorder = make(TrainConfig(epochs=FOREVER))
    controller.resume()
    with wait_frame(qtbot, controller, lambda f: True) as blocker:
        controller.request_frame()
    assert blocker.args[0].snapshot.step == 0 and blocker.args[0].state is RunState.IDLE
    assert controller.state is RunState.IDLE and recorder.states == []
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.step()
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step > 1):
        controller.resume()
    assert recorder.states[:2] == [RunState.PAUSED, RunState.RUNNING]
    assert all(isinstance(state, RunState) for state in recorder.states)


def test_step_advances_exactly_one_batch(qtbot, make, embedded: Dataset) -> None:
    controller, recorder = make(TrainConfig(batch_size=100))
    per_batch = 100 / len(embedded.train)
    for n in (1, 2, 3):
        with wait_frame(qtbot, controller, lambda f: f.snapshot.step >= 1) as blocker:
            controller.step()
        frame = blocker.args[0]
        assert frame.snapshot.step == n and frame.state == PAUSED
        assert frame.snapshot.epoch == pytest.approx(n * per_batch)
        assert [s.step for s in frame.steps] == [n]
    assert recorder.states == [PAUSED]


def test_step_is_ignored_while_running(qtbot, make) -> None:
    controller, recorder = make(TrainConfig(epochs=FOREVER))
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step > 0):
        controller.start()
    controller.step()
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.pause()
    numbers = [s.step for s in recorder.steps]
    assert numbers == list(range(1, len(numbers) + 1))
    assert recorder.states == [RUNNING, PAUSED]


def test_set_lr_and_batch_size_mid_run(qtbot, make) -> None:
    controller, recorder = make(TrainConfig(lr=1.0, batch_size=100, epochs=FOREVER))
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step >= 5):
        controller.start()
    lr_sent_after = recorder.frames[-1].snapshot.step
    with wait_frame(qtbot, controller, lambda f: bool(f.steps) and f.steps[-1].scheduled_lr == 0.5):
        controller.set_lr(0.5)
    batch_sent_after = recorder.frames[-1].snapshot.step
    with wait_frame(qtbot, controller, lambda f: bool(f.steps) and f.steps[-1].batch_size == 50):
        controller.set_batch_size(50)
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.pause()
    steps = recorder.steps
    assert [s.step for s in steps] == list(range(1, len(steps) + 1))
    lrs = [s.scheduled_lr for s in steps]
    changed = lrs.index(0.5)
    assert changed >= lr_sent_after  # every step reported before the change kept the old lr
    assert lrs == [1.0] * changed + [0.5] * (len(lrs) - changed)
    sizes = [s.batch_size for s in steps]
    resized = sizes.index(50)
    assert resized >= batch_sent_after > changed
    assert sizes == [100] * resized + [50] * (len(sizes) - resized)
    assert recorder.frames[-1].snapshot.base_lr == 0.5
    assert recorder.frames[-1].snapshot.batch_size == 50
    assert controller.state == PAUSED  # no reset happened
    assert controller.config.lr == 1.0  # the reset recipe is unchanged


def test_set_lr_while_paused_shows_in_a_frame(qtbot, make) -> None:
    controller, _ = make()
    with wait_frame(qtbot, controller, lambda f: f.snapshot.base_lr == 0.25):
        controller.set_lr(0.25)
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step == 1) as blocker:
        controller.step()
    assert blocker.args[0].steps[0].scheduled_lr == 0.25
    with pytest.raises(ValueError):
        controller.set_lr(0.0)
    with pytest.raises(ValueError):
        controller.set_lr(math.nan)
    with pytest.raises(ValueError):
        controller.set_batch_size(0)


def test_divergence_pauses_and_restore_best_recovers(qtbot, make, embedded: Dataset) -> None:
    config = TrainConfig(lr=50.0, epochs=FOREVER)
    controller, recorder = make(config)
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED) as paused:
        controller.start()
    diverged = [e for e in recorder.events if e.diverged]
    assert diverged and recorder.events[0] is diverged[0]
    event = diverged[0]
    assert event.kind in (EventKind.SATURATED,)
    assert controller.state == PAUSED and recorder.states == [RUNNING, PAUSED]
    frame = paused.args[0]
    assert frame.snapshot.step == event.step  # paused right at the step that raised it
    assert frame.best_available

    with wait_frame(qtbot, controller, lambda f: f.snapshot.base_lr == 1.0) as restored:
        controller.restore_best(1.0)
    snapshot = restored.args[0].snapshot
    assert restored.args[0].state == PAUSED
    # the same run replayed here: the worker must now hold its best parameters
    replay = Trainer(embedded, config)
    for _ in range(event.step):
        replay.step()
    for name, best in replay.best_params.items():
        np.testing.assert_array_equal(snapshot.params[name], best)

    for _ in range(10):
        with wait_frame(qtbot, controller, lambda f: bool(f.steps)):
            controller.step()
    after = [s.batch_loss for s in recorder.steps if s.step > event.step]
    assert len(after) == 10 and all(math.isfinite(loss) for loss in after)
    assert all(s.scheduled_lr == 1.0 for s in recorder.steps if s.step > event.step)
    assert np.mean(after) < event.loss


def test_target_reached_finishes_the_run(qtbot, make) -> None:
    controller, recorder = make(TrainConfig(epochs=FOREVER, target_valid_accuracy=0.5))
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED) as finished:
        controller.start()
    assert [e.kind for e in recorder.events] == [EventKind.TARGET_REACHED]
    assert finished.args[0].snapshot.step == 80 and finished.args[0].snapshot.finished


class NonFiniteNet(TutorialNet):
    """Reports an infinite loss from the third batch on."""

    calls = 0

    def gradients(self, *args, **kwargs) -> BatchGradients:
        result = super().gradients(*args, **kwargs)
        self.calls += 1
        return result._replace(loss=math.inf) if self.calls >= 3 else result


def test_nonfinite_loss_finishes_the_run(qtbot, make) -> None:
    controller, recorder = make(TrainConfig(epochs=FOREVER), model=NonFiniteNet())
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED) as finished:
        controller.start()
    assert [e.kind for e in recorder.events] == [EventKind.NONFINITE]
    assert recorder.states == [RUNNING, FINISHED]
    frame = finished.args[0]
    assert frame.snapshot.step == 3 and frame.steps[-1].events == tuple(recorder.events)
    assert all(np.isfinite(p).all() for p in frame.snapshot.params.values())


def test_stop_finishes(qtbot, make) -> None:
    controller, _ = make(TrainConfig(epochs=FOREVER))
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step > 0):
        controller.start()
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED) as stopped:
        controller.stop()
    assert stopped.args[0].snapshot.finished and controller.state == FINISHED


def test_reset_gives_the_initial_params_of_a_fresh_controller(qtbot, make) -> None:
    config = TrainConfig(seed=3, lr=1.0)
    controller, _ = make(config)
    initial = controller.last_frame.snapshot.params
    controller.set_lr(2.0)
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step == 3):
        for _ in range(3):
            controller.step()
    with wait_frame(qtbot, controller, lambda f: f.state == IDLE) as reset:
        controller.reset()
    frame = reset.args[0]
    assert frame.snapshot.step == 0 and frame.snapshot.base_lr == 1.0 and frame.steps == ()
    fresh, _ = make(TrainConfig(seed=3))
    for name, p in initial.items():
        np.testing.assert_array_equal(frame.snapshot.params[name], p)
        np.testing.assert_array_equal(fresh.last_frame.snapshot.params[name], p)

    with wait_frame(qtbot, controller, lambda f: f.snapshot.base_lr == 0.5) as other:
        controller.reset(TrainConfig(seed=4, lr=0.5, epochs=2))
    assert other.args[0].total_epochs == 2 and controller.config.seed == 4
    assert not np.array_equal(other.args[0].snapshot.params["w1"], initial["w1"])


def test_reset_with_a_model_switches_the_network(qtbot, make) -> None:
    controller, _ = make(TrainConfig(seed=1))
    mlp = build_model(ModelConfig(architecture="mlp", hidden=16, loss="cross_entropy"))
    with wait_frame(
        qtbot, controller, lambda f: set(f.snapshot.params) == {"w1", "b1", "w2", "b2"}
    ):
        controller.reset(TrainConfig(seed=1, optimizer="momentum", lr=0.1), model=mlp)
    assert controller.model is mlp
    with wait_frame(qtbot, controller, lambda f: f.snapshot.step == 2) as stepped:
        controller.step()
        controller.step()
    params = stepped.args[0].snapshot.params
    assert params["w1"].shape == (784, 16) and params["w2"].shape == (16, 10)
    # the first step of a fresh Trainer on the same network and config gives the same numbers
    trainer = Trainer(controller.dataset, TrainConfig(seed=1, optimizer="momentum", lr=0.1), mlp)
    trainer.step()
    trainer.step()
    for name, p in trainer.params.items():
        np.testing.assert_array_equal(params[name], p)
    # a later reset without a model keeps the new network
    with wait_frame(qtbot, controller, lambda f: f.state == IDLE and f.snapshot.step == 0) as again:
        controller.reset()
    assert again.args[0].snapshot.params["w2"].shape == (16, 10)
    with pytest.raises(ValueError, match="match"):
        controller.load_params(TutorialNet().init_params(np.random.default_rng(0)))


def test_load_params_copies_them_in(qtbot, make) -> None:
    controller, _ = make()
    params = {
        name: np.full_like(p, 0.01) for name, p in controller.last_frame.snapshot.params.items()
    }
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED) as loaded:
        controller.load_params(params)
        params["w1"][:] = 5.0  # the caller's arrays were copied, not shared
    for p in loaded.args[0].snapshot.params.values():
        np.testing.assert_array_equal(p, np.full_like(p, 0.01))
    with pytest.raises(ValueError, match="shape"):
        controller.load_params({**params, "b1": np.zeros(3)})
    with pytest.raises(ValueError, match="match"):
        controller.load_params({"w1": params["w1"]})
    with pytest.raises(ValueError, match="NaN"):
        controller.load_params({**params, "b0": np.full_like(params["b0"], np.nan)})


def test_shutdown_mid_run_joins_quickly(qtbot, make) -> None:
    controller, _ = make(TrainConfig(epochs=FOREVER))
    with wait_frame(qtbot, controller, lambda f: f.state == RUNNING and f.snapshot.step > 0):
        controller.start()
    started = time.perf_counter()
    assert controller.shutdown(timeout_ms=1000)
    assert time.perf_counter() - started < 1.0
    assert running_threads() == []
    assert controller.shutdown()  # idempotent
    controller.start()  # commands after shutdown are ignored
    controller.request_frame()


def test_shutdown_without_any_command(embedded: Dataset) -> None:
    controller = TrainingController(embedded, TrainConfig())
    assert controller.shutdown()
    assert controller.shutdown()
    assert running_threads() == []


class BlockingNet(TutorialNet):
    """Blocks its first gradient computation until released: a step longer than any timeout."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def gradients(self, *args, **kwargs) -> BatchGradients:
        self.entered.set()
        self.release.wait(TIMEOUT / 1000)
        return super().gradients(*args, **kwargs)


def test_shutdown_timeout_keeps_the_thread_alive_until_it_ends(embedded: Dataset, qtbot) -> None:
    model = BlockingNet()
    controller = TrainingController(embedded, TrainConfig(), model=model)
    controller.step()
    try:
        assert model.entered.wait(TIMEOUT / 1000)
        assert not controller.shutdown(timeout_ms=10)
        assert not controller.shutdown()  # idempotent: still the first answer
        assert running_threads()  # not destroyed while running, although nothing else holds it
    finally:
        model.release.set()
    qtbot.waitUntil(lambda: running_threads() == [], timeout=TIMEOUT)
