"""Checkpoints: the parameters plus a JSON metadata entry, in one `.npz` file.

Files are untrusted input: they are read with `allow_pickle=False` and every array is checked
against the model configuration stored beside it before anything is used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gdstudio.core.files import file_checks as checks
from gdstudio.core.files.atomic import atomic_write
from gdstudio.core.files.npz_members import READ_ERRORS, NpzMembers, check_archive
from gdstudio.core.nn.model import ConfigError, ModelConfig, Params, build_model

FORMAT = "gdstudio-checkpoint"
VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint that cannot be read or does not fit; the message names the file."""


@dataclass
class Checkpoint:
    params: Params
    config: ModelConfig = field(default_factory=ModelConfig)
    dataset: str = "embedded"
    epoch: float = 0.0
    step: int = 0
    lr: float = 1.0
    batch_size: int = 100
    seed: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "model": self.config.to_dict(),
            "dataset": self.dataset,
            "epoch": self.epoch,
            "step": self.step,
            "lr": self.lr,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "history": self.history,
        }


def save_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint) -> None:
    """Write atomically: a temporary file in the same folder, then `os.replace`."""
    path = Path(path)
    arrays = {f"param/{name}": np.asarray(p) for name, p in checkpoint.params.items()}
    arrays["metadata"] = np.array(json.dumps(checkpoint.metadata()))
    with atomic_write(path) as f:
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]


def load_checkpoint(path: str | Path, expect: ModelConfig | None = None) -> Checkpoint:
    """Read and validate a checkpoint; with `expect`, refuse one made for another model.

    Every problem, whatever the file holds, raises `CheckpointError`.
    """
    path = Path(path)

    def fail(problem: str) -> CheckpointError:
        return CheckpointError(f"{path}: {problem}")

    try:
        not_zip = "not a checkpoint (a .npz file is a zip archive; this one is not)"
        check_archive(path, fail, not_zip)
        with NpzMembers(path, _MAX_MEMBERS, _MAX_BYTES) as members:
            return _read(members, expect, fail)
    except CheckpointError:
        raise
    except READ_ERRORS as e:
        raise fail(f"not a readable checkpoint ({_reason(e)})") from None


def _read(members: NpzMembers, expect: ModelConfig | None, fail: Any) -> Checkpoint:
    if "metadata" not in members:
        raise fail("no metadata entry: not a GD Studio checkpoint")
    if members.declared_size("metadata") > _MAX_METADATA_BYTES:
        raise fail("the metadata entry is too large")
    try:
        meta = checks.json_text(members["metadata"], "metadata")
    except ValueError as e:
        raise fail(str(e)) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise fail("not a GD Studio checkpoint")
    if meta.get("version") != VERSION:
        raise fail(f"format version {_shown(meta.get('version'))}; this GD Studio reads {VERSION}")
    try:
        config = ModelConfig.from_dict(checks.json_object(meta.get("model"), "model"))
    except (KeyError, TypeError, ValueError, ConfigError) as e:
        raise fail(f"bad model configuration ({e})") from None
    if expect is not None and config.canonical() != expect.canonical():
        raise fail(
            f"made for the {config.describe()} network, but the current network is the "
            f"{expect.describe()}; choose that network (or preset) to load it"
        )
    try:
        settings = _settings(meta)
        params = _validated_params(members, config)
    except ValueError as e:
        raise fail(str(e)) from None
    return Checkpoint(params=params, config=config, **settings)


def _settings(meta: dict[str, Any]) -> dict[str, Any]:
    """The training settings of the metadata, each checked as the CLI's options are."""
    missing = sorted(set(_SETTINGS) - set(meta))
    if missing:
        raise ValueError(f"metadata: missing {', '.join(missing)}")
    history = checks.json_list(meta["history"], "history")
    for i, row in enumerate(history):
        checks.json_object(row, f"history entry {i}")
    return {
        "dataset": checks.text(meta["dataset"], "dataset"),
        "epoch": checks.number(meta["epoch"], "epoch", least=0.0),
        "step": checks.integer(meta["step"], "step", 0),
        "lr": checks.number(meta["lr"], "lr", positive=True),
        "batch_size": checks.integer(meta["batch_size"], "batch_size", 1),
        "seed": checks.integer(meta["seed"], "seed", 0),
        "history": history,
    }


_SETTINGS = ("dataset", "epoch", "step", "lr", "batch_size", "seed", "history")
#: more arrays than any network has, and more bytes than the largest network's parameters
#: (the mlp preset with 512 hidden units: 1.6 MB) plus a long history
_MAX_MEMBERS = 64
_MAX_BYTES = 256 * 1024**2
_MAX_METADATA_BYTES = 64 * 1024**2


def _validated_params(members: NpzMembers, config: ModelConfig) -> Params:
    shapes = build_model(config).param_shapes()
    expected = {f"param/{name}" for name in shapes}
    names = set(members) - {"metadata"}
    if names != expected:
        missing = sorted(expected - names)[:5]
        extra = [name[:40] for name in sorted(names - expected)[:5]]
        raise ValueError(f"wrong arrays (missing {missing}, unexpected {extra})")
    params: Params = {}
    for name, shape in shapes.items():
        a = _param(members, name, shape)
        if not np.isfinite(a).all():
            raise ValueError(f"{name} holds infinite or NaN values")
        params[name] = a.astype(np.float32)
    return params


def _param(members: NpzMembers, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """One parameter array, float32 or float64, of `shape`: checked before it is read."""
    key = f"param/{name}"
    try:
        return members.read(key, (np.float32, np.float64), shape)
    except ValueError as e:
        raise ValueError(f"{name} has {str(e).removeprefix(key + ': ')}") from None


def _shown(value: Any) -> str:
    return repr(value)[:40]


def _reason(e: BaseException) -> str:
    """One line about an error from the archive or its members."""
    text = " ".join(str(e).split())[:200]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
