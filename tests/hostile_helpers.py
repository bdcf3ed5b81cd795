"""Damaged files for the hostile-file tests and `bench/hostile_files.py`.

Each `damage_*` function takes a seed and writes one damaged file (or IDX folder) made from a
good one: flipped bytes, truncation, members replaced by hostile ones (huge declared shapes,
zip bombs, object arrays), metadata fields replaced by hostile JSON values (Infinity, NaN,
2**63, deep nesting, wrong types). The same seed always gives the same file.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from gdstudio.core.data.idx import write_idx
from gdstudio.core.files.checkpoint import Checkpoint, save_checkpoint
from gdstudio.core.files.session import Session, SessionRun, save_session
from gdstudio.core.files.session_model import STEP_COLUMNS
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.replay import KeptSnapshot
from gdstudio.core.training.reports import EpochMetrics
from gdstudio.core.training.trainer import TrainConfig

#: values a hostile file puts where a setting belongs
HOSTILE_VALUES: list[Any] = [
    float("inf"),
    float("-inf"),
    float("nan"),
    2**63,
    2**40,
    10**400,
    -1,
    0,
    0.0,
    1e308,
    -1e-300,
    "1",
    "",
    None,
    True,
    [],
    {},
    [1, 2],
    {"a": 1},
]


def good_checkpoint(path: Path) -> None:
    params = TutorialNet().init_params(np.random.default_rng(0))
    history = [{"epoch": 1, "valid_accuracy": 0.8}]
    save_checkpoint(path, Checkpoint(params, epoch=1.0, step=80, lr=0.5, seed=3, history=history))


def good_session(path: Path) -> None:
    """A main run and a comparison run, with steps, an epoch, a snapshot and view settings."""
    params = TutorialNet().init_params(np.random.default_rng(1))
    steps = {
        "step": np.arange(1, 6),
        "epoch": np.linspace(0.01, 0.05, 5),
        "batch_loss": np.linspace(1.0, 0.5, 5),
        "batch_accuracy": np.full(5, 0.5),
        "scheduled_lr": np.ones(5),
        "batch_size": np.full(5, 100),
    }
    steps = {k: np.asarray(v, STEP_COLUMNS[k]) for k, v in steps.items()}
    epoch = EpochMetrics(1, 5, 0.6, 0.7, 0.6, 0.7, 1000.0)
    snapshot = KeptSnapshot(step=5, epoch=0.05, base_lr=1.0, batch_size=100, params=params)
    runs = tuple(
        SessionRun(
            name,
            TrainConfig(epochs=2),
            params,
            steps=steps,
            epochs=(epoch,),
            snapshots=(snapshot,),
            origin=origin,
        )
        for name, origin in (("training", "training"), ("α = 1", "compare"))
    )
    view = {"compare": {"setting": "lr", "values": "0.1, 1", "lr": 1.0, "batch_size": 100}}
    save_session(path, Session(runs=runs, view=view))


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def write_members(path: Path, members: dict[str, bytes], compress: bool) -> None:
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_header(descr: str, shape: tuple[int, ...]) -> bytes:
    """A .npy header claiming `shape`, with no data after it."""
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1")


def _metadata(members: dict[str, bytes]) -> dict[str, Any]:
    text = np.load(io.BytesIO(members["metadata.npy"]), allow_pickle=False)
    meta: dict[str, Any] = json.loads(str(text))
    return meta


def _json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    paths = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            paths += _json_paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            paths += _json_paths(v, (*prefix, i))
    return paths


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def with_metadata(path: Path, text: str) -> None:
    """Replace the metadata entry by `text`."""
    members = members_of(path)
    members["metadata.npy"] = npy_bytes(np.array(text))
    write_members(path, members, compress=True)


def edited_metadata(path: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """Let `edit(metadata)` change the metadata in place."""
    members = members_of(path)
    meta = json.loads(str(np.load(io.BytesIO(members["metadata.npy"]))))
    edit(meta)
    with_metadata(path, json.dumps(meta))


# --- damage applied to a zip archive of .npy members ------------------------------------------


def _flip_bytes(path: Path, rng: np.random.Generator) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(int(rng.integers(1, 9))):
        i = int(rng.integers(len(data)))
        data[i] ^= 1 << int(rng.integers(8))
    path.write_bytes(bytes(data))


def _truncate(path: Path, rng: np.random.Generator) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(rng.integers(len(data)))])


def _append_junk(path: Path, rng: np.random.Generator) -> None:
    with path.open("ab") as f:
        f.write(rng.bytes(int(rng.integers(1, 4096))))


def _hostile_metadata(path: Path, rng: np.random.Generator) -> None:
    """One metadata value (anywhere in the document) replaced by a hostile one."""
    members = members_of(path)
    meta = _metadata(members)
    paths = _json_paths(meta)
    where = paths[int(rng.integers(len(paths)))]
    value = HOSTILE_VALUES[int(rng.integers(len(HOSTILE_VALUES)))]
    deep = rng.random() < 0.1
    text = json.dumps(_set(meta, where, "@deep@" if deep else value))
    if deep:  # written out as text: json.dumps itself cannot nest this deep
        depth = int(rng.integers(30, 3000))
        text = text.replace('"@deep@"', "[" * depth + "1" + "]" * depth)
    members["metadata.npy"] = npy_bytes(np.array(text))
    write_members(path, members, compress=bool(rng.integers(2)))


def _huge_shape(path: Path, rng: np.random.Generator) -> None:
    """A member whose header claims far more values than the file holds."""
    members = members_of(path)
    names = sorted(members)
    name = names[int(rng.integers(len(names)))]
    shape = (10**12,) if rng.random() < 0.5 else (2**31, 2**31)
    descr = ["<f4", "<f8", "<U100", "<i8"][int(rng.integers(4))]
    members[name] = npy_header(descr, shape)
    write_members(path, members, compress=bool(rng.integers(2)))


def _zip_bomb(path: Path, rng: np.random.Generator) -> None:
    """A member that inflates to hundreds of megabytes."""
    names = sorted(members_of(path))
    write_bomb(path, names[int(rng.integers(len(names)))], int(rng.integers(50, 200)))


def write_bomb(path: Path, name: str, megabytes: int) -> None:
    """Replace the member `name` by float32 zeros inflating to `megabytes` (a few kB packed)."""
    members = members_of(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for other, data in members.items():
            if other != name:
                z.writestr(other, data)
        with z.open(name, "w", force_zip64=True) as f:
            f.write(npy_header("<f4", (megabytes * 1024**2 // 4,)))
            zeros = bytes(1024**2)
            for _ in range(megabytes):
                f.write(zeros)


def _object_member(path: Path, rng: np.random.Generator) -> None:
    """A member holding Python objects (which only a pickle could load)."""
    members = members_of(path)
    names = sorted(members)
    name = names[int(rng.integers(len(names)))]
    header = npy_header("|O", (1,))
    members[name] = header + b"\x80\x04K\x01."  # a pickle of the number 1
    write_members(path, members, compress=False)


def _many_members(path: Path, rng: np.random.Generator) -> None:
    members = members_of(path)
    for i in range(int(rng.integers(100, 30_000))):
        members[f"extra/{i}.npy"] = b""
    write_members(path, members, compress=False)


def _swap_member(path: Path, rng: np.random.Generator) -> None:
    """A member replaced by a small array of another dtype or shape."""
    members = members_of(path)
    names = sorted(members)
    name = names[int(rng.integers(len(names)))]
    dtype = [np.float32, np.float64, np.int64, np.uint8, np.bool_, "U3"][int(rng.integers(6))]
    shape = tuple(int(n) for n in rng.integers(0, 5, size=int(rng.integers(0, 3))))
    members[name] = npy_bytes(np.zeros(shape, dtype))
    write_members(path, members, compress=bool(rng.integers(2)))


ARCHIVE_DAMAGE: dict[str, Callable[[Path, np.random.Generator], None]] = {
    "flip_bytes": _flip_bytes,
    "truncate": _truncate,
    "append_junk": _append_junk,
    "hostile_metadata": _hostile_metadata,
    "huge_shape": _huge_shape,
    "zip_bomb": _zip_bomb,
    "object_member": _object_member,
    "many_members": _many_members,
    "swap_member": _swap_member,
}
#: how often each is drawn in the bench corpus (the bomb and the member flood are slow to make)
ARCHIVE_WEIGHTS = {name: 1.0 for name in ARCHIVE_DAMAGE} | {
    "hostile_metadata": 4.0,
    "flip_bytes": 3.0,
    "zip_bomb": 0.05,
    "many_members": 0.05,
}


def damaged_archive(path: Path, good: Callable[[Path], None], kind: str, seed: int) -> None:
    good(path)
    ARCHIVE_DAMAGE[kind](path, np.random.default_rng(seed))


# --- damaged IDX folders ----------------------------------------------------------------------


def damaged_idx_folder(folder: Path, seed: int) -> None:
    """An images/labels pair with random counts, sizes, headers and damage."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n = int(rng.choice([0, 1, 2, 9, 10, 30]))
    side = 28 if rng.random() < 0.8 else int(rng.integers(1, 40))
    images = rng.integers(0, 256, size=(n, side, side), dtype=np.uint8)
    count = n + int(rng.integers(-1, 2)) if rng.random() < 0.2 else n
    labels = rng.integers(0, 10 if rng.random() < 0.9 else 256, size=max(count, 0))
    gz = bool(rng.integers(2))
    suffix = ".gz" if gz else ""
    image_path = folder / f"images-idx3-ubyte{suffix}"
    label_path = folder / f"labels-idx1-ubyte{suffix}"
    write_idx(image_path, images)
    write_idx(label_path, np.asarray(labels, np.uint8))
    target = image_path if rng.random() < 0.6 else label_path
    damage = int(rng.integers(5))
    data = bytearray(target.read_bytes())
    if damage == 0 and data:
        for _ in range(int(rng.integers(1, 6))):
            i = int(rng.integers(len(data)))
            data[i] ^= 1 << int(rng.integers(8))
    elif damage == 1:
        data = data[: int(rng.integers(len(data) + 1))]
    elif damage == 2:
        raw = bytearray(gzip.decompress(bytes(data)) if gz else bytes(data))
        for i in range(4, min(len(raw), 4 + 4 * 3)):  # the header's dimensions
            if rng.random() < 0.3:
                raw[i] = int(rng.integers(256))
        if rng.random() < 0.3:
            raw[2:4] = bytes([int(rng.integers(256)), int(rng.integers(256))])
        data = bytearray(gzip.compress(bytes(raw), mtime=0) if gz else raw)
    elif damage == 3:
        data += rng.bytes(int(rng.integers(1, 100)))
    target.write_bytes(bytes(data))
