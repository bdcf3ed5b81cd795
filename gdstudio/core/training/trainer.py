"""The training engine: mini-batch gradient descent, one batch per step, with no Qt.

`Trainer.run()` is a generator of `StepReport`s (plain scalars, safe to hand to any thread);
`Trainer.snapshot()` copies the parameters when a view needs them. Pausing is simply not
asking for the next step; the learning rate and batch size may change between any two steps.

The learning rate a step uses is `Trainer.base_lr` (the base alpha: the configured one, or what
the user set while training) times the schedule's factor at that moment (`schedule_factor`): a
live change of alpha rescales the whole remaining schedule. `Snapshot.base_lr` is that base
alpha; `StepReport.scheduled_lr` and `TrainingEvent.scheduled_lr` are the rate a step used.
L2 weight decay adds `weight_decay * w` to the gradient of every parameter before the
optimizer sees it (so the loss minimised is L + weight_decay/2 * |w|^2; the reported losses
are L alone), as `torch.optim`'s `weight_decay` does.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from gdstudio.core.data.datasets import Dataset, Split
from gdstudio.core.nn.model import LayeredNet, Params, TutorialNet
from gdstudio.core.nn.optimizers import OPTIMIZERS, SCHEDULES, schedule_factor
from gdstudio.core.training.reports import (
    EpochMetrics,
    EventKind,
    Snapshot,
    StepReport,
    TrainingEvent,
)


@dataclass
class TrainConfig:
    lr: float = 1.0  # the tutorial's alpha; 1 learns, 10 is noisy, >= 20 saturates in float32
    batch_size: int = 100
    epochs: int = 5
    seed: int = 0
    optimizer: str = "sgd"  # a name in OPTIMIZERS
    weight_decay: float = 0.0  # L2: weight_decay * w is added to every parameter's gradient
    schedule: str = "constant"  # a name in SCHEDULES, multiplying alpha
    step_epochs: int = 5  # the step schedule multiplies alpha by 0.1 every this many epochs
    target_valid_accuracy: float | None = None  # stop once validation accuracy reaches this
    target_valid_loss: float | None = None  # stop once validation loss falls to this

    def validate(self) -> None:
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {self.lr}")
        if self.batch_size < 1:
            raise ValueError(f"batch size must be at least 1, not {self.batch_size}")
        if self.epochs < 0:
            raise ValueError(f"epochs must be 0 or more, not {self.epochs}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(
                f"unknown optimizer {self.optimizer!r} (choose {', '.join(OPTIMIZERS)})"
            )
        if not (math.isfinite(self.weight_decay) and self.weight_decay >= 0):
            raise ValueError(f"weight decay must be 0 or more, not {self.weight_decay}")
        if self.schedule not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.schedule!r} (choose {', '.join(SCHEDULES)})")
        if self.step_epochs < 1:
            raise ValueError(f"step_epochs must be 1 or more, not {self.step_epochs}")


@dataclass
class _Watch:
    """Smoothed batch loss and accuracy, to notice divergence without extra evaluation."""

    beta: float = 0.9
    loss: float = 0.0
    accuracy: float = 0.0
    weight: float = 0.0
    steps: int = 0
    best_loss: float = math.inf
    best_accuracy: float = 0.0
    best_step: int = 0  # the watch's step count when best_loss was set
    rising_steps: int = 0  # consecutive steps the smoothed loss has been far above its best
    calm_steps: int = 0  # consecutive steps it has not
    alarms: set[EventKind] = field(default_factory=set)  # raised this episode: not again

    def add(self, loss: float, accuracy: float) -> tuple[float, float]:
        self.loss = self.beta * self.loss + (1 - self.beta) * loss
        self.accuracy = self.beta * self.accuracy + (1 - self.beta) * accuracy
        self.weight = self.beta * self.weight + (1 - self.beta)
        self.steps += 1
        return self.loss / self.weight, self.accuracy / self.weight


def evaluate_split(
    model: LayeredNet, params: Params, split: Split, chunk: int = 2000
) -> tuple[float, float]:
    """Mean loss and accuracy of `params` on a whole split, converting images chunk by chunk."""
    total_loss = 0.0
    total_correct = 0.0
    for start in range(0, len(split), chunk):
        index = slice(start, min(start + chunk, len(split)))
        loss, accuracy = model.evaluate(params, split.inputs(index), split.labels[index])
        size = index.stop - index.start
        total_loss += loss * size
        total_correct += accuracy * size
    n = max(len(split), 1)
    return total_loss / n, total_correct / n


class Trainer:
    """Gradient descent on one model and dataset, a batch at a time.

    Each step replaces the parameter arrays with new ones and never writes into them, so a
    reference to `params` taken at any moment stays a faithful record of that moment.
    """

    #: smoothed loss this many times its best (and above it by RISE_MARGIN), for RISE_STEPS
    #: consecutive steps, counts as diverging. Noisy but sound training crosses the line for
    #: a few dozen steps at most (26 for softmax regression at alpha = 0.5 on Fashion-MNIST)
    RISE_FACTOR = 1.5
    RISE_MARGIN = 0.1
    RISE_STEPS = 50
    #: steps, from the start or a restore, before divergence may be called: the smoothing
    #: needs a few batches, and the first large steps from fresh weights overshoot briefly
    WARMUP_STEPS = 20
    #: while the smoothed loss has not improved for this many steps, every this many steps
    #: the batch is run forward again to see whether the softmax saturated
    SATURATION_CHECK_STEPS = 10
    #: the share of a batch that must be saturated and wrong to call training frozen
    SATURATED_SHARE = 0.5
    #: steps a candidate learning rate trains (on a copy) in `stable_lr`
    PROBE_STEPS = 40

    def __init__(
        self,
        dataset: Dataset,
        config: TrainConfig | None = None,
        model: LayeredNet | None = None,
        params: Params | None = None,
    ) -> None:
        self.config = config or TrainConfig()
        self.config.validate()
        if len(dataset.train) == 0:
            raise ValueError(f"{dataset.name}: the training split holds no image to train on")
        self.dataset = dataset
        self.model = model or TutorialNet()
        init_seed, order_seed = np.random.SeedSequence(self.config.seed).spawn(2)
        if params is None:
            params = self.model.init_params(np.random.default_rng(init_seed))
        self.params: Params = {k: np.array(v, dtype=np.float32) for k, v in params.items()}
        self.initial_params = _copy(self.params)
        self.best_params = _copy(self.params)
        self.optimizer = OPTIMIZERS[self.config.optimizer]()
        self.base_lr = self.config.lr  # the base alpha; the schedule multiplies it
        self.batch_size = self.config.batch_size
        self.step_count = 0
        self.epochs_done = 0
        self.history: list[EpochMetrics] = []
        self.stopped = False
        self._order_rng = np.random.default_rng(order_seed)
        self._order = self._order_rng.permutation(len(dataset.train))
        self._last_batch: np.ndarray | None = None
        self._cursor = 0
        self._watch = _Watch()
        self._epoch_seconds = 0.0
        self._epoch_samples = 0

    @property
    def epoch(self) -> float:
        return self.epochs_done + self._cursor / len(self._order)

    @property
    def done(self) -> bool:
        return self.stopped or self.epochs_done >= self.config.epochs

    def stop(self) -> None:
        """End the run after the current step."""
        self.stopped = True

    def run(self) -> Iterator[StepReport]:
        """Steps until the configured epochs are done, a target is reached, or `stop()`."""
        while not self.done:
            yield self.step()

    def step(self) -> StepReport:
        """One batch: forward, backward, update. Returns what happened."""
        started = time.perf_counter()
        train = self.dataset.train
        index = self._order[self._cursor : self._cursor + self.batch_size]
        x, labels = train.inputs(index), train.labels[index]
        self._last_batch = index
        # Overflow is expected when alpha is far too large; it is detected below, not warned about.
        lr = self.current_lr()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss, grads, correct = self.model.gradients(self.params, x, labels, overwrite_x=True)
            if self.config.weight_decay:
                for name, g in grads.items():
                    g += self.config.weight_decay * self.params[name]
            updates = self.optimizer.steps(grads, lr)
            new_params = {name: p + updates[name] for name, p in self.params.items()}
            finite = _all_finite(loss, new_params)
        self.step_count += 1
        self._cursor += len(index)
        events: list[TrainingEvent] = []
        evaluated = self.params  # the parameters this step's loss belongs to
        if finite:
            self.params = new_params
        else:
            events.append(self._event(EventKind.NONFINITE, loss, lr=lr))
            self.stopped = True
        accuracy = correct / len(index)
        self._epoch_seconds += time.perf_counter() - started
        self._epoch_samples += len(index)
        events += self._watch_divergence(loss, accuracy, evaluated, lr, index)
        epoch_end = None
        if self._cursor >= len(self._order):
            epoch_end = self._end_epoch()
            events += self._check_targets(epoch_end)
        return StepReport(
            step=self.step_count,
            epoch=self.epoch,
            batch_loss=loss,
            batch_accuracy=accuracy,
            scheduled_lr=lr,
            batch_size=len(index),
            epoch_end=epoch_end,
            events=tuple(events),
        )

    def current_lr(self) -> float:
        """The learning rate the next step uses: the base alpha times the schedule's factor."""
        c = self.config
        return self.base_lr * schedule_factor(c.schedule, self.epoch, c.epochs, c.step_epochs)

    def snapshot(self) -> Snapshot:
        return Snapshot(
            step=self.step_count,
            epoch=self.epoch,
            base_lr=self.base_lr,
            batch_size=self.batch_size,
            params=_copy(self.params),
            history=tuple(self.history),
            finished=self.done,
            last_batch=None if self._last_batch is None else self._last_batch.copy(),
        )

    def evaluate(self, split: str) -> tuple[float, float]:
        """Mean loss and accuracy of the current parameters on "train", "valid" or "test"."""
        return evaluate_split(self.model, self.params, self.dataset.split(split))

    def restore_best(self) -> None:
        """Go back to the parameters with the lowest smoothed loss seen so far."""
        self.params = _copy(self.best_params)
        self.stopped = False
        self._watch = _Watch()

    def stable_lr(self, lr: float, tries: int = 3) -> float | None:
        """The first of lr, lr/10, lr/100 ... (`tries` of them) measured to train stably.

        Each candidate trains PROBE_STEPS steps on a copy, from the current parameters and the
        next batches of this epoch's order; it is stable if no divergence event is raised, no
        step becomes non-finite and the mean batch loss of the last quarter of the steps is
        below that of the first quarter. None if no candidate is stable. This trainer is
        left as it was.
        """
        for k in range(tries):
            candidate = float(f"{lr / 10**k:.2g}")
            if self._probe(candidate):
                return candidate
        return None

    def _probe(self, lr: float) -> bool:
        config = replace(self.config, lr=lr, schedule="constant", epochs=1)
        config.target_valid_accuracy = config.target_valid_loss = None
        probe = Trainer(self.dataset, config, self.model, self.params)
        probe.WARMUP_STEPS = probe.RISE_STEPS = probe.SATURATION_CHECK_STEPS = 1
        probe._order = np.roll(self._order, -self._cursor)
        probe.batch_size = self.batch_size
        losses = []
        for _ in range(self.PROBE_STEPS):
            if probe._cursor >= len(probe._order):
                probe._cursor = 0  # no evaluation at an epoch's end: keep going round
            report = probe.step()
            if any(e.diverged for e in report.events) or not math.isfinite(report.batch_loss):
                return False
            losses.append(report.batch_loss)
        quarter = max(len(losses) // 4, 1)
        return float(np.mean(losses[-quarter:])) < float(np.mean(losses[:quarter]))

    def _watch_divergence(
        self, loss: float, accuracy: float, evaluated: Params, lr: float, index: np.ndarray
    ) -> list[TrainingEvent]:
        """Each kind of warning at most once per episode: it re-arms after a restore, or once
        the loss has stayed calm for RISE_STEPS steps (the accuracy is back above twice chance).

        Saturation is checked first: when the softmax saturates the loss also stays far above
        its best, but overshooting is not the explanation.
        """
        if not math.isfinite(loss):
            return []
        watch = self._watch
        smooth_loss, smooth_accuracy = watch.add(loss, accuracy)
        if smooth_loss < watch.best_loss:
            watch.best_loss = smooth_loss
            watch.best_step = watch.steps
            self.best_params = evaluated  # a step replaces the arrays, so no copy is needed
        watch.best_accuracy = max(watch.best_accuracy, smooth_accuracy)
        rising = smooth_loss > self.RISE_FACTOR * watch.best_loss + self.RISE_MARGIN
        watch.rising_steps = watch.rising_steps + 1 if rising else 0
        watch.calm_steps = 0 if rising else watch.calm_steps + 1
        if watch.calm_steps >= self.RISE_STEPS:
            watch.alarms.discard(EventKind.LOSS_RISING)  # that episode is over: re-arm
        if watch.steps < self.WARMUP_STEPS:
            return []
        stalled = watch.steps - watch.best_step >= self.SATURATION_CHECK_STEPS
        if (
            EventKind.SATURATED not in watch.alarms
            and stalled
            and watch.steps % self.SATURATION_CHECK_STEPS == 0
        ):
            share = self.saturated_share(evaluated, index)
            if share >= self.SATURATED_SHARE:
                watch.alarms.add(EventKind.SATURATED)
                return [self._event(EventKind.SATURATED, smooth_loss, watch.best_loss, lr, share)]
        if EventKind.SATURATED in watch.alarms:
            return []  # the loss stays high and the accuracy at chance for that reason
        chance = 1.5 / self.model.config.classes
        at_chance = smooth_accuracy < chance and watch.best_accuracy >= 2 * chance
        if smooth_accuracy >= 2 * chance:
            watch.alarms.discard(EventKind.CHANCE_ACCURACY)  # recovered: re-arm
        events = []
        for kind, now in (
            (EventKind.LOSS_RISING, watch.rising_steps >= self.RISE_STEPS),
            (EventKind.CHANCE_ACCURACY, at_chance),
        ):
            if now and kind not in watch.alarms:
                watch.alarms.add(kind)
                events.append(self._event(kind, smooth_loss, watch.best_loss, lr))
        return events

    def saturated_share(self, params: Params, index: np.ndarray) -> float:
        """The share of training samples `index` the softmax gets wrong with an output of 1.0.

        In float32 a softmax output rounds to exactly 1.0 once its logit leads the others by
        about 17; the others are then below 1e-7 (1e-14 and less at alpha = 50) and so is the
        Jacobian diag(s) - s s^T. Under the squared loss, whose gradient goes through that
        Jacobian, such a sample's gradient is so small that alpha times it, added to a float32
        weight, changes nothing: if it is wrong it stays wrong.
        Under cross-entropy the gradient (s - y) skips the Jacobian, so it counts as 0.
        """
        if self.model.loss_fn.name == "cross_entropy":
            return 0.0
        train = self.dataset.train
        with np.errstate(over="ignore", invalid="ignore"):
            s = self.model.forward(params, train.inputs(index))
        stuck = (s.max(axis=1) == 1.0) & (s.argmax(axis=1) != train.labels[index])
        return float(np.count_nonzero(stuck)) / max(len(index), 1)

    def _end_epoch(self) -> EpochMetrics:
        self.epochs_done += 1
        self._cursor = 0
        self._order = self._order_rng.permutation(len(self.dataset.train))
        train_loss, train_accuracy = self.evaluate("train")
        valid_loss, valid_accuracy = self.evaluate("valid")
        metrics = EpochMetrics(
            epoch=self.epochs_done,
            step=self.step_count,
            train_loss=train_loss,
            train_accuracy=train_accuracy,
            valid_loss=valid_loss,
            valid_accuracy=valid_accuracy,
            samples_per_second=self._epoch_samples / max(self._epoch_seconds, 1e-9),
        )
        self.history.append(metrics)
        self._epoch_seconds = 0.0
        self._epoch_samples = 0
        return metrics

    def _check_targets(self, metrics: EpochMetrics) -> list[TrainingEvent]:
        c = self.config
        reached = (
            c.target_valid_accuracy is not None
            and metrics.valid_accuracy >= c.target_valid_accuracy
        ) or (c.target_valid_loss is not None and metrics.valid_loss <= c.target_valid_loss)
        if not reached:
            return []
        self.stopped = True
        return [self._event(EventKind.TARGET_REACHED, metrics.valid_loss)]

    def _event(
        self,
        kind: EventKind,
        loss: float,
        best: float = math.nan,
        lr: float | None = None,
        share: float = math.nan,
    ) -> TrainingEvent:
        """An event at this step; `lr` is the rate the step used (default: the next one's)."""
        lr = self.current_lr() if lr is None else lr
        messages = {
            EventKind.NONFINITE: (
                "the loss or a parameter became infinite or NaN: the learning rate is far too "
                "large; training stopped and kept the last finite parameters"
            ),
            EventKind.LOSS_RISING: (
                f"the smoothed loss {loss:.3f} stayed far above its best {best:.3f} for "
                f"{self.RISE_STEPS} steps: the learning rate is too large, steps overshoot "
                "the minimum"
            ),
            EventKind.SATURATED: (
                f"training froze: the softmax saturated, {share:.0%} of the batch is wrong with "
                "an output of exactly 1.0 in float32; there the softmax's derivative is almost "
                "zero, so the steps are too small to change the float32 weights "
                f"(smoothed loss {loss:.3f}, best {best:.3f}); the learning rate is too large"
            ),
            EventKind.CHANCE_ACCURACY: (
                "accuracy fell to chance: the learning rate is too large, the softmax saturated "
                "and its gradients vanished"
            ),
            EventKind.TARGET_REACHED: "the target validation metric was reached",
        }
        return TrainingEvent(
            kind=kind,
            step=self.step_count,
            epoch=self.epoch,
            scheduled_lr=lr,
            message=f"step {self.step_count} (alpha = {lr:g}): {messages[kind]}",
            loss=loss,
            best_loss=best,
            saturated_share=share,
        )


def _all_finite(loss: float, params: Params) -> bool:
    """Whether the loss and every parameter are finite.

    Summing each array is the cheap test, since an inf or NaN anywhere makes the sum non-finite;
    only a non-finite sum (which finite values can also give, by overflowing) is followed by a
    look at every element. In a training step this halves the cost of the check.
    """
    if math.isfinite(loss + sum([float(p.sum()) for p in params.values()])):
        return True
    return math.isfinite(loss) and all(bool(np.isfinite(p).all()) for p in params.values())


def _copy(params: Params) -> Params:
    return {name: p.copy() for name, p in params.items()}
