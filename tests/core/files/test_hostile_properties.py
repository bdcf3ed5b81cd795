"""Property-based: damaged IDX folders, checkpoints and sessions either load or raise the one
documented error type (DataError, CheckpointError, SessionError), within bounded memory.

The damage is drawn by hypothesis (which kind, which seed) and made by `hostile_helpers`;
`bench/hostile_files.py` runs thousands of the same files and reports time and peak memory.
"""

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_helpers import (
    ARCHIVE_DAMAGE,
    damaged_archive,
    damaged_idx_folder,
    good_checkpoint,
    good_session,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdstudio.core.data.datasets import load_folder
from gdstudio.core.data.idx import DataError
from gdstudio.core.files.checkpoint import CheckpointError, load_checkpoint
from gdstudio.core.files.session import SessionError, load_session
from gdstudio.core.training.trainer import Trainer

#: the most memory one load may take above what was in use before it (tracemalloc counts
#: Python's and numpy's allocations)
MEMORY_LIMIT = 200 * 1024**2
#: the zip bomb and the flood of members are slow to make; the bench and their own tests run them
KINDS = sorted(set(ARCHIVE_DAMAGE) - {"zip_bomb", "many_members"})
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
seeds = st.integers(0, 2**32 - 1)


@pytest.fixture
def measured() -> Iterator[Callable[[], int]]:
    """Call it after a load: the peak memory the load took above what was in use before."""
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    yield lambda: tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()


def loads_or_refuses(load: Callable[[Path], object], error: type, path: Path) -> object | None:
    try:
        return load(path)
    except error as e:
        assert str(path) in str(e) and "\n" not in str(e)
        return None


@pytest.mark.parametrize(
    ("good", "load", "error"),
    [
        (good_checkpoint, load_checkpoint, CheckpointError),
        (good_session, load_session, SessionError),
    ],
    ids=["checkpoint", "session"],
)
@SETTINGS
@given(kind=st.sampled_from(KINDS), seed=seeds)
def test_damaged_checkpoints_and_sessions(
    tmp_path: Path, measured, good, load, error, kind: str, seed: int
) -> None:
    path = tmp_path / "file"
    damaged_archive(path, good, kind, seed)
    loads_or_refuses(load, error, path)
    assert measured() <= MEMORY_LIMIT


@SETTINGS
@given(seed=seeds)
def test_damaged_idx_folders(tmp_path: Path, measured, seed: int) -> None:
    folder = tmp_path / f"idx-{seed}"
    damaged_idx_folder(folder, seed)
    dataset = loads_or_refuses(load_folder, DataError, folder)
    assert measured() <= MEMORY_LIMIT
    if dataset is not None:  # what loads can be trained on
        report = next(Trainer(dataset).run())
        assert report.step == 1
