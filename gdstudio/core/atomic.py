"""Writing a file so that it is either completely new or untouched: never half written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_write(path: str | os.PathLike[str], binary: bool = True) -> Iterator[IO[Any]]:
    """Yield a temporary file beside `path`; it replaces `path` only if the block succeeds.

    The data is flushed to disk before the rename, so after a crash either the old file or
    the complete new one is there. On any failure the temporary file is removed and `path`
    keeps its old content. Text files are UTF-8 with newlines left as written (for csv).
    """
    target = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", newline="", encoding="utf-8")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
