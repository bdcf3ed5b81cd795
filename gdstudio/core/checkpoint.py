"""Checkpoints: the parameters plus a JSON metadata entry, in one `.npz` file.

Files are untrusted input: they are read with `allow_pickle=False` and every array is checked
against the model configuration stored beside it before anything is used.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gdstudio.core.atomic import atomic_write
from gdstudio.core.model import ConfigError, ModelConfig, Params, build_model

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


def save_checkpoint(path: str | Path, checkpoint: Checkpoint) -> None:
    """Write atomically: a temporary file in the same folder, then `os.replace`."""
    path = Path(path)
    arrays = {f"param/{name}": np.asarray(p) for name, p in checkpoint.params.items()}
    arrays["metadata"] = np.array(json.dumps(checkpoint.metadata()))
    with atomic_write(path) as f:
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]


def load_checkpoint(path: str | Path, expect: ModelConfig | None = None) -> Checkpoint:
    """Read and validate a checkpoint; with `expect`, refuse one made for another model."""
    path = Path(path)

    def fail(problem: str) -> CheckpointError:
        return CheckpointError(f"{path}: {problem}")

    if not path.is_file():
        raise fail("no such file")
    if not zipfile.is_zipfile(path):
        raise fail("not a checkpoint (a .npz file is a zip archive; this one is not)")
    try:
        with np.load(path, allow_pickle=False) as npz:
            contents = {name: npz[name] for name in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise fail(f"not a readable checkpoint ({e})") from None
    if "metadata" not in contents:
        raise fail("no metadata entry: not a GD Studio checkpoint")
    try:
        meta = json.loads(str(contents.pop("metadata")))
    except json.JSONDecodeError as e:
        raise fail(f"metadata is not valid JSON ({e})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise fail("not a GD Studio checkpoint")
    if meta.get("version") != VERSION:
        raise fail(f"format version {meta.get('version')!r}; this GD Studio reads {VERSION}")
    try:
        config = ModelConfig.from_dict(meta["model"])
    except (KeyError, TypeError, ConfigError) as e:
        raise fail(f"bad model configuration ({e})") from None
    if expect is not None and config.canonical() != expect.canonical():
        raise fail(
            f"made for the {config.describe()} network, but the current network is the "
            f"{expect.describe()}; choose that network (or preset) to load it"
        )
    params = _validated_params(contents, config, fail)
    try:
        return Checkpoint(
            params=params,
            config=config,
            dataset=str(meta["dataset"]),
            epoch=_number(meta["epoch"]),
            step=int(meta["step"]),
            lr=_number(meta["lr"]),
            batch_size=int(meta["batch_size"]),
            seed=int(meta["seed"]),
            history=_history(meta["history"]),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise fail(f"bad metadata ({type(e).__name__}: {e})") from None


def _validated_params(contents: dict[str, np.ndarray], config: ModelConfig, fail: Any) -> Params:
    shapes = build_model(config).param_shapes()
    expected = {f"param/{name}" for name in shapes}
    if set(contents) != expected:
        missing = sorted(expected - set(contents))
        extra = sorted(set(contents) - expected)
        raise fail(f"wrong arrays (missing {missing}, unexpected {extra})")
    params: Params = {}
    for name, shape in shapes.items():
        a = contents[f"param/{name}"]
        if a.shape != shape:
            raise fail(f"{name} has shape {a.shape}, expected {shape}")
        if a.dtype not in (np.float32, np.float64):
            raise fail(f"{name} has dtype {a.dtype}, expected float32 or float64")
        if not np.isfinite(a).all():
            raise fail(f"{name} holds infinite or NaN values")
        params[name] = a.astype(np.float32)
    return params


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _history(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise TypeError("history must be a list of objects")
    return value
