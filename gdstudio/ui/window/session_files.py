"""File → Save Session / Open Session, and the autosave, with their dialogs.

`SessionFiles` is what the main window calls: it asks for paths, reports problems in message
boxes naming the file (the window stays up), offers at start to restore the autosave, and
autosaves on a background thread (`AutosaveWriter`). Building the `Session` from the live runs
is the caller's part (`SessionRun.capture`, `CompareView.session_runs`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gdstudio.core.data.idx import DataError
from gdstudio.core.files.autosave import Autosave, AutosaveWriter
from gdstudio.core.files.session import SUFFIX, Session, SessionError, load_session, save_session
from gdstudio.core.nn.model import ModelConfig

__all__ = ["SessionFiles"]


class SessionFiles(QObject):
    def __init__(
        self,
        window: QWidget,
        autosave: Autosave | None = None,
        model: ModelConfig | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._model = model or ModelConfig()
        self.autosave = autosave or Autosave()
        self._writer = AutosaveWriter(self.autosave)
        self.path: Path | None = None  # the session file last saved or opened

    def set_model(self, model: ModelConfig) -> None:
        """The network sessions are opened for (one of another network is refused)."""
        self._model = model

    # --- the autosave ---------------------------------------------------------------------

    def offer_restore(
        self, ask: bool = True, apply: Callable[[Session], None] | None = None
    ) -> Session | None:
        """At start: if an autosave is waiting (the app crashed or was killed), restore it,
        asking first when `ask`, and show it with `apply`.

        Declining starts a new session (the autosave will be replaced). An autosave that
        cannot be read or shown, whatever the reason, is reported in one message box and kept
        under another name, and autosaving starts afresh.
        """
        if not self.autosave.pending:
            return None
        if ask:
            answer = QMessageBox.question(
                self._window,
                self.tr("Restore the last session?"),
                self.tr(
                    "GD Studio saved your last session automatically ({0}). Restore it? "
                    "Otherwise a new session starts and replaces it."
                ).format(self.autosave.path),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.autosave.start_new()
                return None
        try:
            return self.autosave.restore(apply)
        except Exception as e:  # noqa: BLE001 (any failure: the file must not be lost)
            self._set_aside(e)
            return None

    def _set_aside(self, error: Exception) -> None:
        """Keep the autosave that failed under another name and say so."""
        title = self.tr("Could not restore the last session")
        try:
            kept = self.autosave.set_aside()
        except OSError as e:
            text = self.tr("{0}\n\nThe file could not be kept aside ({1}).").format(error, e)
        else:
            text = self.tr("{0}\n\nThe file is kept as {1}.").format(error, kept)
        QMessageBox.warning(self._window, title, text)

    def autosave_now(self, session: Session) -> None:
        """Write `session` to the autosave in the background (the newest one wins)."""
        self._writer.submit(session)

    def autosave_error(self) -> str:
        """The last autosave failure ("" if the last one worked)."""
        return str(self._writer.error) if self._writer.error is not None else ""

    def close(self, timeout: float = 5.0) -> bool:
        """Finish the autosave waiting, if any, end the writer and mark the autosave clean,
        so that it is not offered at the next start (call from closeEvent)."""
        closed = self._writer.close(timeout)
        if closed and self._writer.error is None:
            with suppress(OSError):  # unmarked, it is offered at the next start: nothing lost
                self.autosave.mark_clean()
        return closed

    # --- File menu ------------------------------------------------------------------------

    def save_as(self, session: Session) -> Path | None:
        """Ask for a file and save `session` there; the path, or None (cancelled or failed)."""
        start = str(self.path or Path.home() / f"gdstudio{SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save session"), start, self._filter()
        )
        if not name:
            return None
        path = Path(name if name.endswith(SUFFIX) else name + SUFFIX)
        return path if self.save_to(path, session) else None

    def save_to(self, path: Path, session: Session) -> bool:
        try:
            save_session(path, session)
        except (OSError, SessionError) as e:
            QMessageBox.warning(self._window, self.tr("Could not save the session"), str(e))
            return False
        self.path = path
        return True

    def open(self, apply: Callable[[Session], None] | None = None) -> Session | None:
        """Ask for a session file, load it and show it with `apply`; None if cancelled or the
        file is refused."""
        name, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open session"), str(self.path or ""), self._filter()
        )
        return self.open_from(Path(name), apply) if name else None

    def open_from(
        self, path: Path, apply: Callable[[Session], None] | None = None
    ) -> Session | None:
        """Load `path` and show it with `apply`, which may raise DataError (the session's data
        cannot be loaded) having changed nothing; a refused file gets one message box."""
        try:
            session = load_session(path, expect=self._model)
            if apply is not None:
                apply(session)
        except (SessionError, DataError) as e:
            QMessageBox.warning(self._window, self.tr("Could not open the session"), str(e))
            return None
        self.path = path
        self.autosave.start_new()  # the opened session is the one to autosave from now on
        return session

    def _filter(self) -> str:
        return self.tr("GD Studio sessions (*{0})").format(SUFFIX)
