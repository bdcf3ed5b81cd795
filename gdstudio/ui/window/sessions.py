"""File > Save session / Open session and the crash-restore offer, for the main window.

A session holds the main run (captured from the window's `RunModel`) and the comparisons.
Opening one swaps in a new `RunModel` built from the saved main run: nothing of the run that
was on screen survives into the restored one.
"""

from __future__ import annotations

from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.files.session import Session
from gdstudio.ui.window.part import WindowPart
from gdstudio.ui.window.run_model import RunModel

__all__ = ["WindowSessions"]


class WindowSessions(WindowPart):
    """Builds sessions from `window`'s runs and shows saved ones in it."""

    def current_session(self) -> Session:
        """Every run of this session (the main one first), for saving."""
        w = self._window
        runs = w.compare.session_runs()
        main = w.run.capture(w.controller.config)
        if main is not None:
            runs.insert(0, main)
        return Session(
            tuple(runs),
            view={"compare": w.compare.view_settings()},
            dataset=w.dataset.name,
            model=w.controller.model.config,
        )

    def restore(self, session: Session) -> None:
        """Show a saved session: the main run as finished (replayable), and the comparisons.

        All or nothing: `load_session` has checked every value against the controls' rules,
        and the session's data is loaded before anything changes (DataError if it cannot be,
        the window untouched). The main run replaces the one on screen; Start trains afresh
        from its seed (a session keeps no position in the batch order to resume from).
        """
        w = self._window
        if session.dataset != w.dataset.name:
            w.set_dataset(load_dataset(session.dataset))
        if session.model != w.controller.model.config:
            w.set_network(session.model)
        for run in session.runs:
            if run.origin == "training":
                w.controls.set_config(run.config)
                w.reset()
                w.set_run(RunModel.from_session_run(run))
        w.compare.restore_runs([r for r in session.runs if r.origin != "training"], session.dataset)
        w.compare.apply_view_settings(session.view.get("compare", {}))

    def offer_restore(self) -> None:
        """At start: offer the autosave of a session that ended without closing the app."""
        self._window.sessions.offer_restore(apply=self.restore)

    def save(self) -> None:
        """File > Save session."""
        w = self._window
        if w.sessions.save_as(self.current_session()) is not None:
            w.run.mark_saved()

    def open(self) -> None:
        """File > Open session (after asking to discard unsaved work)."""
        w = self._window
        if w.confirm_discard(self.tr("Opening a session")):
            w.sessions.open(apply=self.restore)
