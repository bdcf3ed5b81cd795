"""Autosave: the session written to the user's data folder every epoch, restored after a crash.

The autosave file is only ever replaced by a newer autosave of the session the user chose to
keep working on. When the app closes normally it marks the autosave clean (`mark_clean`, a
``.clean`` file beside it): that session was seen to the end and is not offered again. At
start, an autosave without the mark (the app crashed or was killed) is *pending*: nothing
overwrites it until it was restored successfully (`restore`) or the user chose a new session
(`start_new`). A failed restore leaves the file exactly as it was, so a damaged autosave can
still be rescued; `set_aside` keeps it under another name so that autosaving can start afresh.

`AutosaveWriter` writes on a background thread so the GUI never waits for the disk: the GUI
thread captures the session (cheap copies), the writer saves the newest one submitted.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from gdstudio.core.files.paths import data_dir
from gdstudio.core.files.session import SUFFIX, Session, load_session, save_session

__all__ = ["AUTOSAVE_NAME", "Autosave", "AutosaveWriter", "autosave_path"]

AUTOSAVE_NAME = "autosave" + SUFFIX


def autosave_path() -> Path:
    """``autosave.gdsession`` in `gdstudio.core.files.paths.data_dir()` (honours $GDSTUDIO_DATA)."""
    return data_dir() / AUTOSAVE_NAME


class Autosave:
    """The autosave file of one app instance, guarded against overwriting an unrestored one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else autosave_path()
        self._armed = False
        if not self.path.exists() or self.clean_mark.exists():
            self._arm()

    @property
    def clean_mark(self) -> Path:
        """The file saying that the app closed normally after the last autosave."""
        return self.path.with_name(self.path.name + ".clean")

    def mark_clean(self) -> None:
        """The app is closing normally: the autosave is not to be offered at the next start.

        A pending autosave (never shown) keeps no mark, so that it is offered again.
        """
        if self._armed and self.path.exists():
            self.clean_mark.touch()

    @property
    def pending(self) -> bool:
        """An autosave from an earlier run of the app is there, waiting to be restored."""
        return not self._armed and self.path.exists()

    def restore(self, show: Callable[[Session], None] | None = None) -> Session:
        """Load the autosave and show it with `show`; only when both succeeded may later saves
        replace it. SessionError if the file is bad; whatever `show` raises."""
        session = load_session(self.path)
        if show is not None:
            show(session)
        self._arm()
        return session

    def start_new(self) -> None:
        """The user chose a new session: the next save replaces the old autosave."""
        self._arm()

    def set_aside(self) -> Path | None:
        """Keep a pending autosave (e.g. one that failed to load) under a new name, then allow
        saves; returns the new name, or None if there was nothing to set aside."""
        if not self.pending:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.path.stat().st_mtime))
        kept = self.path.with_name(f"{self.path.stem}-{stamp}{self.path.suffix}")
        n = 1
        while kept.exists():
            n += 1
            kept = self.path.with_name(f"{self.path.stem}-{stamp}-{n}{self.path.suffix}")
        os.replace(self.path, kept)
        self._arm()
        return kept

    def _arm(self) -> None:
        """Allow saves, and remove temporary files that a save killed midway left behind."""
        self._armed = True
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)

    def save(self, session: Session) -> bool:
        """Write `session` (atomically) unless an autosave is still pending; True if written."""
        if not self._armed:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # first, so that a crash from now on leaves an autosave that is offered
        self.clean_mark.unlink(missing_ok=True)
        save_session(self.path, session)
        return True


class AutosaveWriter:
    """Saves the newest submitted session to an `Autosave` on a background thread.

    A session submitted while another is being written waits; a newer one replaces it (only
    the newest matters). `close()` writes what is waiting and joins the thread. A failed save
    is kept in `error` (the app may show it) and does not stop later saves.
    """

    def __init__(self, autosave: Autosave) -> None:
        self.autosave = autosave
        self.error: Exception | None = None
        self.saved = 0  # sessions written so far
        self._waiting: Session | None = None
        self._closing = False
        self._busy = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="gdstudio-autosave", daemon=True)
        self._thread.start()

    def submit(self, session: Session) -> None:
        with self._condition:
            if self._closing:
                raise RuntimeError("the autosave writer is closed")
            self._waiting = session
            self._condition.notify()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until nothing is waiting or being written; True unless the timeout passed."""
        with self._condition:
            return self._condition.wait_for(lambda: self._idle, timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Write the waiting session, then end the thread; True if it ended within `timeout`."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def _idle(self) -> bool:
        return self._waiting is None and not self._busy

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting is not None or self._closing)
                session, self._waiting = self._waiting, None
                if session is None:  # closing, nothing left to write
                    self._condition.notify_all()
                    return
                self._busy = True
            try:
                if self.autosave.save(session):
                    self.saved += 1
                self.error = None
            except Exception as e:  # noqa: BLE001 (reported through `error`, never raised)
                self.error = e
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
