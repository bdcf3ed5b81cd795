"""Thousands of damaged files, opened as GD Studio opens them: none may crash it.

A fixed-seed corpus of damaged IDX folders (random counts, image sizes, header fields, flipped
bytes, truncation, trailing junk, gzip or not), checkpoints and sessions (flipped bytes,
truncation, junk, metadata values replaced by Infinity, NaN, 2**63, deep nesting or wrong
types, members claiming huge shapes, zip bombs, object arrays, floods of members, swapped
members) is made by `tests/hostile_helpers.py` and loaded one file at a time. Each file is
*accepted* (it loads; a loaded IDX folder is also trained on for one step), *refused* (the one
documented error: DataError, CheckpointError, SessionError) or *crashed* (anything else).

Also measured: how long a cancel takes to stop a stalled download (a local server that sends
1,000 bytes and then nothing). The last line printed is JSON: tried, refused, accepted, crashed,
peak memory (the process's maximum resident set, MB), seconds, the slowest load, the cancel
latency. Targets: 0 crashed, peak memory <= 300 MB, cancel <= 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import resource
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile_helpers import (  # noqa: E402 (found through the path above)
    ARCHIVE_WEIGHTS,
    damaged_archive,
    damaged_idx_folder,
    good_checkpoint,
    good_session,
)

from gdstudio.core.cancel import Cancelled  # noqa: E402
from gdstudio.core.data.datasets import load_folder  # noqa: E402
from gdstudio.core.data.download import download_files  # noqa: E402
from gdstudio.core.data.idx import DataError  # noqa: E402
from gdstudio.core.files.checkpoint import CheckpointError, load_checkpoint  # noqa: E402
from gdstudio.core.files.session import SessionError, load_session  # noqa: E402
from gdstudio.core.training.trainer import Trainer  # noqa: E402

SEED = 13
TARGET_PEAK_MB = 300
TARGET_CANCEL_S = 1.0


def peak_mb() -> float:
    """The process's peak resident memory so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024**2 if sys.platform == "darwin" else 1024)


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.slowest = 0.0
        self.crashes: list[str] = []

    def attempt(self, what: str, load: Callable[[], object], refusal: type[Exception]) -> None:
        start = time.perf_counter()
        try:
            load()
        except refusal:
            self.counts["refused"] += 1
        except Exception:  # noqa: BLE001 (a crash is what this bench counts)
            self.counts["crashed"] += 1
            self.crashes.append(f"{what}: {traceback.format_exc(limit=3)}")
        else:
            self.counts["accepted"] += 1
        self.counts["tried"] += 1
        self.slowest = max(self.slowest, time.perf_counter() - start)


def train_one_step(folder: Path) -> None:
    next(Trainer(load_folder(folder)).run())


def cancel_latency(folder: Path) -> float:
    """Seconds from a cancel request to `download_files` giving up on a stalled server."""
    release = threading.Event()

    class Stalling(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(404)
            self.end_headers()

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(bytes(1000))
            self.wfile.flush()
            release.wait()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stalling)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cancel = threading.Event()
    asked: list[float] = []

    def progress(done: int, total: int) -> None:
        if done >= 1000 and not asked:

            def press() -> None:
                asked.append(time.perf_counter())
                cancel.set()

            threading.Timer(0.5, press).start()

    mirror = f"http://127.0.0.1:{server.server_address[1]}/"
    with contextlib.suppress(Cancelled):
        download_files(
            folder,
            {"f.gz": "0" * 32},
            [mirror],
            progress=progress,
            cancelled=cancel.is_set,
            timeout=60,
        )
    latency = time.perf_counter() - asked[0]
    release.set()
    server.shutdown()
    server.server_close()
    return latency


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx", type=int, default=2000, help="damaged IDX folders")
    parser.add_argument("--checkpoints", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="(the last line is JSON anyway)")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    kinds = sorted(ARCHIVE_WEIGHTS)
    weights = np.array([ARCHIVE_WEIGHTS[k] for k in kinds])
    tally = Tally()
    kind_counts: Counter[str] = Counter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for plan, good, load, refusal, suffix in (
            (args.checkpoints, good_checkpoint, load_checkpoint, CheckpointError, ".npz"),
            (args.sessions, good_session, load_session, SessionError, ".gdsession"),
        ):
            for _ in range(plan):
                kind = kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))]
                seed = int(rng.integers(2**32))
                path = root / f"file{suffix}"
                damaged_archive(path, good, kind, seed)
                kind_counts[kind] += 1
                tally.attempt(
                    f"{suffix} {kind} seed {seed}", lambda load=load, path=path: load(path), refusal
                )
        for _ in range(args.idx):
            seed = int(rng.integers(2**32))
            folder = root / "idx"
            damaged_idx_folder(folder, seed)
            tally.attempt(
                f"idx seed {seed}", lambda folder=folder: train_one_step(folder), DataError
            )
            shutil.rmtree(folder)
        latency = cancel_latency(root / "download")
    seconds = time.perf_counter() - start
    for crash in tally.crashes[:10]:
        print(crash)
    counts = tally.counts
    peak = peak_mb()
    print(f"archive damage drawn: {dict(sorted(kind_counts.items()))}")
    print(
        f"tried {counts['tried']}: refused {counts['refused']}, accepted {counts['accepted']}, "
        f"crashed {counts['crashed']}; peak memory {peak:.0f} MB (target <= {TARGET_PEAK_MB}); "
        f"slowest load {tally.slowest:.2f} s; {seconds:.0f} s in all; "
        f"cancel of a stalled download took {latency:.2f} s (target <= {TARGET_CANCEL_S:g})"
    )
    print(
        json.dumps(
            {
                "tried": counts["tried"],
                "refused": counts["refused"],
                "accepted": counts["accepted"],
                "crashed": counts["crashed"],
                "peak_memory_mb": round(peak, 1),
                "seconds": round(seconds, 1),
                "slowest_load_s": round(tally.slowest, 3),
                "cancel_latency_s": round(latency, 3),
                "within_target": counts["crashed"] == 0
                and peak <= TARGET_PEAK_MB
                and latency <= TARGET_CANCEL_S,
            }
        )
    )


if __name__ == "__main__":
    main()
