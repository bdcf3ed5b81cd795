"""Issue 13's measured defects in file handling: each hostile file is refused with the one
documented error type (and a message saying what is wrong), never a crash."""

import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from hostile_helpers import (
    edited_metadata,
    good_checkpoint,
    good_session,
    members_of,
    npy_header,
    with_metadata,
    write_bomb,
    write_members,
)

from gdstudio.core.data.datasets import load_folder
from gdstudio.core.data.idx import DataError, write_idx
from gdstudio.core.files.checkpoint import CheckpointError, load_checkpoint
from gdstudio.core.files.session import SessionError, load_session
from gdstudio.core.nn.inspection import save_npy
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.trainer import Trainer

LOADERS = {
    "checkpoint": (good_checkpoint, load_checkpoint, CheckpointError),
    "session": (good_session, load_session, SessionError),
}


class GoodFile(NamedTuple):
    kind: str  # "checkpoint" or "session"
    path: Path  # a good file of that kind, for the test to spoil
    load: Callable[[Path], object]
    error: type[Exception]  # the one error the loader raises for any hostile file


@pytest.fixture(params=list(LOADERS))
def good_file(request: pytest.FixtureRequest, tmp_path: Path) -> GoodFile:
    """A good checkpoint, then a good session file (a test each), with its loader and error."""
    good, load, error = LOADERS[request.param]
    path = tmp_path / "f"
    good(path)
    return GoodFile(request.param, path, load, error)


def test_deeply_nested_metadata_is_refused(good_file: GoodFile) -> None:
    _, path, load, error = good_file
    with_metadata(path, '{"format": ' + "[" * 5000 + "]" * 5000 + "}")
    with pytest.raises(error, match="nested"):
        load(path)
    # not quite deep enough to break Python's parser, but deeper than any GD Studio file
    with_metadata(path, '{"format": ' + "[" * 200 + "]" * 200 + "}")
    with pytest.raises(error, match="nested"):
        load(path)


@pytest.mark.parametrize("descr", ["<f4", "<U1000", "<i8"])
def test_a_member_claiming_a_huge_shape_is_refused_before_reading(good_file, descr) -> None:
    _, path, load, error = good_file
    members = members_of(path)
    name = "metadata.npy" if descr.startswith("<U") else sorted(members)[0]
    members[name] = npy_header(descr, (10**12,))
    write_members(path, members, compress=False)
    assert path.stat().st_size < 1024**2  # far less than the claim
    with pytest.raises(error, match="bytes|shape|dtype"):
        load(path)


def test_a_zip_bomb_is_refused_by_its_declared_size(good_file: GoodFile) -> None:
    kind, path, load, error = good_file
    write_bomb(path, "metadata.npy" if kind == "session" else "param/w1.npy", 512)
    assert path.stat().st_size < 2 * 1024**2
    with pytest.raises(error, match="bytes"):
        load(path)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("step", float("inf")),
        ("seed", float("inf")),
        ("batch_size", float("inf")),
        ("lr", float("nan")),
        ("lr", float("inf")),
        ("lr", 0),
        ("lr", -1),
        ("batch_size", 0),
        ("epoch", float("inf")),
        ("epoch", float("-inf")),
        ("seed", -1),
        ("step", 1.5),
        ("history", [1]),
    ],
)
def test_checkpoint_settings_are_checked(tmp_path: Path, field: str, value) -> None:
    path = tmp_path / "run.npz"
    good_checkpoint(path)
    edited_metadata(path, lambda meta: meta.update({field: value}))
    with pytest.raises(CheckpointError, match=field if field != "history" else "history entry"):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["view"].update(compare=[1]), "view compare: expected an object"),
        (lambda m: m["view"]["compare"].update(seed=2**40), "seed: expected at most"),
        (lambda m: m["view"]["compare"].update(batch_size=2**40), "batch_size"),
        (lambda m: m["view"]["compare"].update(lr=float("inf")), "lr"),
        (lambda m: m["view"]["compare"].update(epochs=1.5), "epochs"),
        (lambda m: m["view"]["compare"].update(setting="seeds"), "unknown setting"),
        (lambda m: m["runs"][0]["config"].update(seed=2**63), "run 0 config: seed"),
        (lambda m: m["runs"][1]["config"].update(seed=2**63), "run 1 config: seed"),
        (lambda m: m["runs"][0]["config"].update(batch_size=2**40), "batch_size"),
        (lambda m: m["runs"][0]["config"].update(lr=float("inf")), "lr"),
        (lambda m: m["runs"][0]["config"].update(epochs=10**6), "epochs"),
        (lambda m: m["runs"][0]["config"].update(target_valid_loss=float("nan")), "target"),
        (lambda m: m["runs"][0].update(snapshot_every=2**64), "snapshot_every"),
    ],
)
def test_session_settings_the_window_would_choke_on_are_refused(tmp_path, change, message):
    path = tmp_path / "s.gdsession"
    good_session(path)
    load_session(path)  # the untouched file loads
    edited_metadata(path, change)
    with pytest.raises(SessionError, match=message):
        load_session(path)


def test_flipped_bytes_in_compressed_data_are_refused(good_file: GoodFile) -> None:
    _, path, load, error = good_file
    write_members(path, members_of(path), compress=True)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("metadata.npy")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data = bytearray(path.read_bytes())
    for i in range(start + 5, start + info.compress_size - 5, 7):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    with pytest.raises(error, match="readable|read"):
        load(path)


def test_a_bad_npy_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.npz"
    good_checkpoint(path)
    members = members_of(path)
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (10,) \"\"\"}"
    members["param/b1.npy"] = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header
    write_members(path, members, compress=False)
    with pytest.raises(CheckpointError):
        load_checkpoint(path)


@pytest.mark.parametrize(("count", "pair"), [(0, True), (1, True), (9, True), (5, False)])
def test_a_split_too_small_to_train_on_is_refused(tmp_path: Path, count: int, pair: bool) -> None:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, count).astype(np.uint8)
    if pair:
        write_idx(tmp_path / "images-idx3-ubyte", images)
        write_idx(tmp_path / "labels-idx1-ubyte", labels)
        needed = "at least 10"
    else:
        for stem in ("train", "t10k"):
            write_idx(tmp_path / f"{stem}-images-idx3-ubyte", images)
            write_idx(tmp_path / f"{stem}-labels-idx1-ubyte", labels)
        needed = "at least 6"
    held = f"holds {count} image{'' if count == 1 else 's'}"
    with pytest.raises(DataError, match=f"{held}; GD Studio needs {needed}"):
        load_folder(tmp_path)


def test_the_smallest_pair_trains(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    write_idx(tmp_path / "images-idx3-ubyte", rng.integers(0, 256, (10, 28, 28), dtype=np.uint8))
    write_idx(tmp_path / "labels-idx1-ubyte", rng.integers(0, 10, 10).astype(np.uint8))
    trainer = Trainer(load_folder(tmp_path))
    reports = list(trainer.run())
    assert reports[-1].epoch_end is not None


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_files_written_follow_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        good_checkpoint(tmp_path / "run.npz")
        good_session(tmp_path / "s.gdsession")
        write_idx(tmp_path / "x-idx1-ubyte", np.zeros(3, np.uint8))
        save_npy(tmp_path / "w1.npy", np.zeros(3))
    finally:
        os.umask(old)
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name


def test_params_of_a_good_checkpoint_are_plain_writable_arrays(tmp_path: Path) -> None:
    path = tmp_path / "run.npz"
    good_checkpoint(path)
    params = load_checkpoint(path).params
    expected = TutorialNet().init_params(np.random.default_rng(0))
    for name, value in expected.items():
        np.testing.assert_array_equal(params[name], value)
        params[name] += 1  # the trainer updates them in place
