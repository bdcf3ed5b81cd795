"""The `.gdsession` format: a session as numpy arrays plus one JSON metadata entry, and back.

Arrays (numeric only, so they load with `allow_pickle=False`), for run i:
``runs/i/steps/<column>`` (the `RunHistory` columns), ``runs/i/params/<name>`` (the latest
parameters, float32), ``runs/i/snapshots/{step,epoch,lr,batch_size}`` and
``runs/i/snapshots/params/<name>`` (the kept snapshots stacked, shape (k, *param shape)).
``metadata`` is JSON text: format, version, model, dataset, view settings, and per run its
name, origin, visibility, configuration, per-epoch metrics, events and snapshot stride and
budget. `decode_session` checks every one of these before building anything.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from gdstudio.core.files import file_checks as checks
from gdstudio.core.files.session_model import STEP_COLUMNS, Session, SessionRun
from gdstudio.core.nn.model import ConfigError, ModelConfig, build_model
from gdstudio.core.training import setting_ranges as ranges
from gdstudio.core.training.experiments import SETTINGS
from gdstudio.core.training.replay import KeptSnapshot
from gdstudio.core.training.reports import EpochMetrics, EventKind, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig

__all__ = ["FORMAT", "VERSION", "decode_session", "encode_session"]

FORMAT = "gdstudio-session"
VERSION = 1
#: the origin of the main window's run (the others are comparisons)
MAIN_ORIGIN = "training"
_SNAPSHOT_COLUMNS: dict[str, type[np.generic]] = {
    "step": np.int64,
    "epoch": np.float64,
    "base_lr": np.float64,
    "batch_size": np.int64,
}
#: the names files use for fields renamed since format version 1 (a step's rate, a snapshot's
#: base alpha and an event's rate were all "lr"): files keep the old names, old and new alike
_FILE_NAMES = {"scheduled_lr": "lr", "base_lr": "lr"}


def _in_file(name: str) -> str:
    return _FILE_NAMES.get(name, name)


def _encode_event(event: TrainingEvent) -> dict[str, Any]:
    values = {_in_file(k): v for k, v in asdict(event).items()}
    return {**values, "kind": event.kind.value}


def encode_session(session: Session) -> dict[str, npt.NDArray[Any]]:
    """The arrays of a session file: "metadata" (JSON text) and the numeric arrays.

    ValueError if a run's parameters do not fit the model or the view settings are not JSON.
    """
    arrays: dict[str, npt.NDArray[Any]] = {}
    runs = []
    for i, run in enumerate(session.runs):
        prefix = f"runs/{i}/"
        shapes = build_model(run.model or session.model).param_shapes()
        if set(run.params) != set(shapes):
            raise ValueError(f"run {i} has parameters {sorted(run.params)}, not {sorted(shapes)}")
        for name, dtype in STEP_COLUMNS.items():
            arrays[f"{prefix}steps/{_in_file(name)}"] = np.asarray(run.steps[name], dtype=dtype)
        for name, shape in shapes.items():
            param = arrays[f"{prefix}params/{name}"] = np.asarray(run.params[name], np.float32)
            if param.shape != shape:
                raise ValueError(f"run {i}: {name} has shape {param.shape}, expected {shape}")
            stacked = [s.params[name] for s in run.snapshots]
            arrays[f"{prefix}snapshots/params/{name}"] = (
                np.stack(stacked).astype(np.float32, copy=False)
                if stacked
                else np.empty((0, *shape), dtype=np.float32)
            )
        for name, dtype in _SNAPSHOT_COLUMNS.items():
            values = [getattr(s, name) for s in run.snapshots]
            arrays[f"{prefix}snapshots/{_in_file(name)}"] = np.array(values, dtype=dtype)
        runs.append(
            {
                **({"model": run.model.to_dict()} if run.model is not None else {}),
                "name": run.name,
                "origin": run.origin,
                "visible": run.visible,
                "config": asdict(run.config),
                "epochs": [asdict(m) for m in run.epochs],
                "events": [_encode_event(e) for e in run.events],
                "snapshot_every": run.snapshot_every,
                "snapshot_budget": run.snapshot_budget,
            }
        )
    metadata = {
        "format": FORMAT,
        "version": VERSION,
        "model": session.model.to_dict(),
        "dataset": session.dataset,
        "view": session.view,
        "runs": runs,
    }
    try:
        arrays["metadata"] = np.array(json.dumps(metadata))
    except (TypeError, ValueError) as e:
        raise ValueError(f"the view settings are not plain JSON values ({e})") from None
    return arrays


def decode_session(contents: Mapping[str, npt.NDArray[Any]]) -> Session:
    """Validate the arrays of a session file and build the `Session`; ValueError if wrong."""
    if "metadata" not in contents:
        raise ValueError("no metadata entry: not a GD Studio session")
    meta = checks.json_object(checks.json_text(contents["metadata"], "metadata"), "metadata")
    if meta.get("format") != FORMAT:
        raise ValueError("not a GD Studio session")
    if meta.get("version") != VERSION:
        version = repr(meta.get("version"))[:40]
        raise ValueError(f"format version {version}; this GD Studio reads {VERSION}")
    meta = checks.exact_keys(meta, ("format", "version", "model", "dataset", "view", "runs"), "")
    try:
        model = ModelConfig.from_dict(checks.json_object(meta["model"], "model"))
    except (TypeError, ConfigError) as e:
        raise ValueError(f"bad model configuration ({e})") from None
    runs_meta = checks.json_list(meta["runs"], "runs")
    networks = [_run_network(i, run) for i, run in enumerate(runs_meta)]
    shapes = [build_model(network or model).param_shapes() for network in networks]
    expected = {"metadata"} | {
        name for i in range(len(runs_meta)) for name in _array_names(f"runs/{i}/", shapes[i])
    }
    if set(contents) != expected:
        missing = sorted(expected - set(contents))[:5]
        extra = sorted(set(contents) - expected)[:5]
        raise ValueError(f"wrong arrays (missing {missing}, unexpected {extra})")
    runs = tuple(
        _decode_run(i, run, contents, shapes[i], networks[i]) for i, run in enumerate(runs_meta)
    )
    return Session(
        runs=runs,
        view=_decode_view(meta["view"]),
        dataset=checks.text(meta["dataset"], "dataset"),
        model=model,
    )


def _array_names(prefix: str, shapes: dict[str, tuple[int, ...]]) -> list[str]:
    return (
        [f"{prefix}steps/{_in_file(name)}" for name in STEP_COLUMNS]
        + [f"{prefix}params/{name}" for name in shapes]
        + [f"{prefix}snapshots/params/{name}" for name in shapes]
        + [f"{prefix}snapshots/{_in_file(name)}" for name in _SNAPSHOT_COLUMNS]
    )


_RUN_KEYS = (
    "name",
    "origin",
    "visible",
    "config",
    "epochs",
    "events",
    "snapshot_every",
    "snapshot_budget",
)


def _run_network(i: int, value: Any) -> ModelConfig | None:
    """A run's own network, for a run that trains another one than the session's."""
    if not isinstance(value, dict) or "model" not in value:
        return None
    try:
        return ModelConfig.from_dict(checks.json_object(value["model"], f"run {i} model"))
    except (TypeError, ConfigError) as e:
        raise ValueError(f"run {i}: bad model configuration ({e})") from None


def _decode_run(
    i: int,
    value: Any,
    contents: Mapping[str, npt.NDArray[Any]],
    shapes: dict[str, tuple[int, ...]],
    network: ModelConfig | None,
) -> SessionRun:
    where = f"run {i}"
    if network is not None:
        value = {k: v for k, v in value.items() if k != "model"}
    meta = checks.exact_keys(value, _RUN_KEYS, where)
    prefix = f"runs/{i}/"
    steps = {
        name: checks.array(contents, f"{prefix}steps/{_in_file(name)}", dtype, (None,))
        for name, dtype in STEP_COLUMNS.items()
    }
    _check_steps(prefix + "steps", steps)
    params = {}
    for name, shape in shapes.items():
        params[name] = checks.array(contents, f"{prefix}params/{name}", np.float32, shape)
        if not np.isfinite(params[name]).all():
            raise ValueError(f"{prefix}params/{name} holds infinite or NaN values")
    return SessionRun(
        name=checks.text(meta["name"], f"{where}: name"),
        config=_decode_config(
            meta["config"], f"{where} config", controls=meta["origin"] == MAIN_ORIGIN
        ),
        params=params,
        steps=steps,
        epochs=tuple(
            _decode_epoch(m, f"{where} epoch {j}")
            for j, m in enumerate(checks.json_list(meta["epochs"], f"{where} epochs"))
        ),
        events=tuple(
            _decode_event(e, f"{where} event {j}")
            for j, e in enumerate(checks.json_list(meta["events"], f"{where} events"))
        ),
        snapshots=_decode_snapshots(prefix + "snapshots", contents, shapes),
        snapshot_every=checks.integer(meta["snapshot_every"], f"{where}: snapshot_every", 1),
        snapshot_budget=checks.integer(meta["snapshot_budget"], f"{where}: snapshot_budget", 0),
        origin=checks.text(meta["origin"], f"{where}: origin"),
        visible=checks.boolean(meta["visible"], f"{where}: visible"),
        model=network,
    )


def _check_steps(where: str, steps: dict[str, npt.NDArray[Any]]) -> None:
    lengths = {len(column) for column in steps.values()}
    if len(lengths) > 1:
        raise ValueError(f"{where}: the columns have different lengths {sorted(lengths)}")
    step, epoch = steps["step"], steps["epoch"]
    if len(step) and (step[0] < 1 or (np.diff(step) <= 0).any()):
        raise ValueError(f"{where}/step: step numbers must start at 1 or more and increase")
    if not (np.isfinite(epoch).all() and (epoch >= 0).all() and (np.diff(epoch) >= 0).all()):
        raise ValueError(f"{where}/epoch: epochs must be finite, 0 or more, and not decrease")
    accuracy = steps["batch_accuracy"]
    if not ((accuracy >= 0) & (accuracy <= 1)).all():
        raise ValueError(f"{where}/batch_accuracy: accuracies must lie in [0, 1]")
    lr = steps["scheduled_lr"]
    if not (np.isfinite(lr) & (lr > 0)).all():
        raise ValueError(f"{where}/lr: learning rates must be positive numbers")
    if (steps["batch_size"] < 1).any():
        raise ValueError(f"{where}/batch_size: batch sizes must be 1 or more")


def _decode_snapshots(
    where: str, contents: Mapping[str, npt.NDArray[Any]], shapes: dict[str, tuple[int, ...]]
) -> tuple[KeptSnapshot, ...]:
    columns = {
        name: checks.array(contents, f"{where}/{_in_file(name)}", dtype, (None,))
        for name, dtype in _SNAPSHOT_COLUMNS.items()
    }
    count = len(columns["step"])
    if any(len(c) != count for c in columns.values()):
        raise ValueError(f"{where}: the snapshot columns have different lengths")
    step = columns["step"]
    if count and (step[0] < 0 or (np.diff(step) <= 0).any()):
        raise ValueError(f"{where}/step: snapshot steps must be 0 or more and increase")
    epoch, lr = columns["epoch"], columns["base_lr"]
    if not (np.isfinite(epoch) & (epoch >= 0)).all():
        raise ValueError(f"{where}/epoch: epochs must be finite and 0 or more")
    if not (np.isfinite(lr) & (lr > 0)).all():
        raise ValueError(f"{where}/lr: learning rates must be positive numbers")
    if (columns["batch_size"] < 1).any():
        raise ValueError(f"{where}/batch_size: batch sizes must be 1 or more")
    stacks = {}
    for name, shape in shapes.items():
        stack = checks.array(contents, f"{where}/params/{name}", np.float32, (count, *shape))
        if not np.isfinite(stack).all():
            raise ValueError(f"{where}/params/{name} holds infinite or NaN values")
        stack.flags.writeable = False  # snapshots are records: nothing writes into them
        stacks[name] = stack
    return tuple(
        KeptSnapshot(
            step=s,
            epoch=e,
            base_lr=r,
            batch_size=b,
            params={name: stack[j] for name, stack in stacks.items()},
        )
        for j, (s, e, r, b) in enumerate(zip(*(c.tolist() for c in columns.values()), strict=True))
    )


#: `TrainConfig` settings added after format version 1 was first written, with the value a
#: file without them means
_LATER_SETTINGS = {"weight_decay": 0.0, "schedule": "constant", "step_epochs": 5}


def _decode_config(value: Any, where: str, controls: bool) -> TrainConfig:
    """A run's settings; with `controls` (the main run, whose settings go back into the
    training controls) each must also lie in its control's range."""
    value = {**_LATER_SETTINGS, **checks.json_object(value, where)}
    meta = checks.exact_keys(value, [f.name for f in fields(TrainConfig)], where)
    targets = {}
    for name, (low, high) in (
        ("target_valid_accuracy", ranges.TARGET_ACCURACY_RANGE),
        ("target_valid_loss", ranges.TARGET_LOSS_RANGE),
    ):
        target = meta[name]
        targets[name] = (
            None
            if target is None
            else checks.number(target, f"{where}: {name}", least=low, most=high)
        )
    lr_range = ranges.LR_RANGE if controls else (None, None)
    batch_most = ranges.BATCH_RANGE[1] if controls else checks.INT64_MAX
    seed_most = ranges.SEED_RANGE[1] if controls else checks.INT64_MAX
    config = TrainConfig(
        lr=checks.number(
            meta["lr"], f"{where}: lr", positive=True, least=lr_range[0], most=lr_range[1]
        ),
        batch_size=checks.integer(meta["batch_size"], f"{where}: batch_size", 1, batch_most),
        epochs=checks.integer(meta["epochs"], f"{where}: epochs", *ranges.EPOCHS_RANGE),
        seed=checks.integer(meta["seed"], f"{where}: seed", 0, seed_most),
        optimizer=checks.text(meta["optimizer"], f"{where}: optimizer"),
        weight_decay=checks.number(
            meta["weight_decay"],
            f"{where}: weight_decay",
            least=ranges.WEIGHT_DECAY_RANGE[0],
            most=ranges.WEIGHT_DECAY_RANGE[1],
        ),
        schedule=checks.text(meta["schedule"], f"{where}: schedule"),
        step_epochs=checks.integer(
            meta["step_epochs"], f"{where}: step_epochs", *ranges.STEP_EPOCHS_RANGE
        ),
        **targets,
    )
    try:
        config.validate()
    except ValueError as e:
        raise ValueError(f"{where}: {e}") from None
    return config


def _decode_view(value: Any) -> dict[str, Any]:
    """The view settings; the comparison's are checked as its controls check what is typed."""
    view = checks.json_object(value, "view")
    if "compare" in view:
        compare = checks.json_object(view["compare"], "view compare")
        where = "view compare"
        if "setting" in compare and compare["setting"] not in SETTINGS:
            raise ValueError(f"{where}: unknown setting {repr(compare['setting'])[:40]}")
        if (
            "values" in compare
            and len(checks.text(compare["values"], f"{where}: values", empty=True)) > 1000
        ):
            raise ValueError(f"{where}: values: longer than 1000 characters")
        if "lr" in compare:
            checks.number(
                compare["lr"], f"{where}: lr", least=ranges.LR_RANGE[0], most=ranges.LR_RANGE[1]
            )
        for name, (low, high) in (
            ("batch_size", ranges.BATCH_RANGE),
            ("seed", ranges.SEED_RANGE),
            ("epochs", ranges.EPOCHS_RANGE),
        ):
            if name in compare:
                checks.integer(compare[name], f"{where}: {name}", low, high)
    return view


def _decode_epoch(value: Any, where: str) -> EpochMetrics:
    meta = checks.exact_keys(value, [f.name for f in fields(EpochMetrics)], where)
    return EpochMetrics(
        epoch=checks.integer(meta["epoch"], f"{where}: epoch", 1),
        step=checks.integer(meta["step"], f"{where}: step", 0),
        **{
            name: checks.number(meta[name], f"{where}: {name}")
            for name in (
                "train_loss",
                "train_accuracy",
                "valid_loss",
                "valid_accuracy",
                "samples_per_second",
            )
        },
    )


def _decode_event(value: Any, where: str) -> TrainingEvent:
    keys = [_in_file(f.name) for f in fields(TrainingEvent)]
    if isinstance(value, dict) and "saturated_share" not in value:
        keys.remove("saturated_share")  # sessions saved before saturation had its own event
    meta = checks.exact_keys(value, keys, where)
    try:
        kind = EventKind(meta["kind"])
    except ValueError:
        raise ValueError(f"{where}: unknown event kind {meta['kind']!r}") from None
    return TrainingEvent(
        kind=kind,
        step=checks.integer(meta["step"], f"{where}: step", 0),
        epoch=checks.number(meta["epoch"], f"{where}: epoch", finite=True),
        scheduled_lr=checks.number(meta["lr"], f"{where}: lr", positive=True),
        message=checks.text(meta["message"], f"{where}: message", empty=True),
        loss=checks.number(meta["loss"], f"{where}: loss"),
        best_loss=checks.number(meta["best_loss"], f"{where}: best_loss"),
        saturated_share=checks.number(meta.get("saturated_share", math.nan), f"{where}: share"),
    )
