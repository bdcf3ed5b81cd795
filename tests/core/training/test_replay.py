"""Snapshots every k steps within a budget, thinned (never stopped) when it is reached."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.training.replay import (
    DEFAULT_BUDGET_BYTES,
    KeptSnapshot,
    SnapshotStore,
    share_budget,
)
from gdstudio.core.training.reports import Snapshot


def kept(step: int, size: int = 25) -> KeptSnapshot:
    """A snapshot of `size` float32 values (100 bytes by default), marked with its step."""
    return KeptSnapshot(step, step / 10, 1.0, 100, {"w": np.full(size, step, dtype=np.float32)})


def test_keeps_one_snapshot_every_k_steps() -> None:
    store = SnapshotStore(every=3)
    taken = [step for step in range(20) if store.add(kept(step))]
    assert taken == [0, 3, 6, 9, 12, 15, 18]
    assert list(store.steps) == taken and len(store) == 7
    assert store.nbytes == 7 * 100
    assert store.due(21) and not store.due(20)


def test_thins_old_snapshots_and_doubles_k_instead_of_stopping() -> None:
    store = SnapshotStore(budget_bytes=1000, every=1)  # room for 10 snapshots of 100 bytes
    for step in range(10):
        assert store.add(kept(step))
    assert store.every == 1 and len(store) == 10
    store.add(kept(10))  # the 11th does not fit: every other one goes, k doubles
    assert list(store.steps) == [0, 2, 4, 6, 8, 10]
    assert store.every == 2 and store.nbytes <= 1000
    for step in range(11, 1000):
        store.add(kept(step))
        assert store.nbytes <= store.budget_bytes
    steps = list(store.steps)
    assert steps[0] == 0  # the start is always kept
    assert 999 - steps[-1] < store.every  # the newest moment is covered too
    gaps = set(np.diff(steps))
    assert gaps == {store.every}  # evenly spread over the whole run
    assert store.every == 128 and len(store) == 8


def test_nearest_snapshot_to_a_step() -> None:
    store = SnapshotStore(every=10)
    assert store.nearest(5) is None
    for step in range(0, 50):
        store.add(kept(step))
    assert [store.nearest(s).step for s in (-3, 0, 4, 5, 6, 14, 16, 40, 41, 1e9)] == [
        0,
        0,
        0,
        0,  # a tie goes to the earlier one
        10,
        10,
        20,
        40,
        40,
        40,
    ]
    np.testing.assert_array_equal(store.nearest(33).params["w"], np.full(25, 30))


def test_a_smaller_budget_thins_at_once_and_sharing_splits_it() -> None:
    stores = [SnapshotStore(every=1) for _ in range(4)]
    for store in stores:
        for step in range(40):
            store.add(kept(step))
    share_budget(stores, 4 * 1000)
    assert all(s.budget_bytes == 1000 and s.nbytes <= 1000 for s in stores)
    assert all(list(s.steps) == list(range(0, 40, 4)) for s in stores)
    assert stores[0].every == 4
    stores[0].set_budget(0)  # the first snapshot stays, whatever the budget
    assert list(stores[0].steps) == [0]
    assert SnapshotStore().budget_bytes == DEFAULT_BUDGET_BYTES == 200 * 1000 * 1000


def test_restore_keeps_saved_snapshots_and_stride() -> None:
    saved = [kept(s) for s in (0, 8, 16, 24)]
    store = SnapshotStore.restore(saved, budget_bytes=10_000, every=8)
    assert list(store.steps) == [0, 8, 16, 24] and store.every == 8
    assert not store.add(kept(30)) and store.add(kept(32))
    store.clear()
    assert len(store) == 0 and store.nbytes == 0 and store.every == 8


def test_refuses_snapshots_out_of_order_and_bad_settings() -> None:
    store = SnapshotStore(every=1)
    store.add(kept(5))
    with pytest.raises(ValueError, match="not after"):
        SnapshotStore.restore([kept(5), kept(5)], 10_000, 1)
    with pytest.raises(ValueError, match="every"):
        SnapshotStore(every=0)
    with pytest.raises(ValueError, match="budget"):
        SnapshotStore(budget_bytes=-1)


def test_revision_changes_with_the_contents() -> None:
    store = SnapshotStore(budget_bytes=300)
    revisions = [store.revision]
    for step in range(4):
        store.add(kept(step))
        revisions.append(store.revision)
    assert revisions == sorted(set(revisions))  # every change is seen


def test_from_a_trainer_snapshot() -> None:
    params = {"b1": np.arange(10, dtype=np.float32)}
    snap = Snapshot(
        step=7, epoch=0.5, base_lr=2.0, batch_size=50, params=params, history=(), finished=False
    )
    k = KeptSnapshot.from_snapshot(snap)
    assert (k.step, k.epoch, k.base_lr, k.batch_size) == (7, 0.5, 2.0, 50)
    assert k.params is params and k.nbytes == 40
