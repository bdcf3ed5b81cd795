"""Writing a file so that it is either completely new or untouched: never half written."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

#: os.open flags for a new temporary file; O_BINARY matters on Windows only
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


@contextmanager
def atomic_write(path: str | os.PathLike[str], binary: bool = True) -> Iterator[IO[Any]]:
    """Yield a temporary file beside `path`; it replaces `path` only if the block succeeds.

    The data is flushed to disk before the rename, so after a crash either the old file or
    the complete new one is there. On any failure the temporary file is removed and `path`
    keeps its old content. Text files are UTF-8 with newlines left as written (for csv).
    The new file's permissions follow the umask, as any file the user creates does (a
    checkpoint a teacher saves to share must be readable by the class).
    """
    target = Path(path)
    fd, temp = new_temporary(target)
    try:
        handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", newline="", encoding="utf-8")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def new_temporary(target: Path) -> tuple[int, Path]:
    """A new file `.<name>.<random>.tmp` beside `target`, created with mode 0666 minus the
    umask (`tempfile.mkstemp` would make it 0600 whatever the umask)."""
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, _NEW_FILE, 0o666), temp
        except FileExistsError:
            continue
