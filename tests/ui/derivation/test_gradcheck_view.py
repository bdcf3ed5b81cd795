"""The gradient-check view: both paths against central differences, pass and fail colours, the
error-vs-h curve, and the full check in a worker thread that ends with the view."""

from __future__ import annotations

import numpy as np
import pytest
from explain_helpers import SignFlipped, frame_of, trained_like_params
from explain_helpers import fast_gradients as fast
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.gradcheck import ENTRY_TOLERANCE, H_RANGE
from gdstudio.core.nn.model import TutorialNet
from gdstudio.ui.derivation.gradcheck_view import FAIL, PASS, GradcheckView
from gdstudio.ui.view import Selection
from gdstudio.workers.threads import running_threads


def make_view(qtbot: QtBot, embedded: Dataset, model: TutorialNet | None = None) -> GradcheckView:
    view = GradcheckView(Selection(), model)
    qtbot.addWidget(view)
    view.set_dataset(embedded)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.show_frame(frame_of(trained_like_params()))
    view.refresh()
    return view


def colours(view: GradcheckView, column: int) -> list[str]:
    """The background colours of a table column, as names (#rrggbb)."""
    table = view.table
    return [table.item(row, column).background().color().name() for row in range(table.rowCount())]


def test_correct_gradients_pass_on_both_paths(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded)
    assert view.objectName() == "gradcheck" and view.title() == "Gradient check"
    checks = view.checks
    assert len(checks) == 51  # the chosen parameter, then 20 + 20 + 10 random entries
    assert (checks[0].name, checks[0].index) == ("w1", (407, 3))
    assert all(c.passed() == (True, True) for c in checks)
    assert set(colours(view, 4)) == {PASS.name()} and set(colours(view, 5)) == {PASS.name()}
    x = embedded.valid.inputs(slice(0, 1), dtype=np.float64)[0]
    g = fast(trained_like_params(), x, int(embedded.valid.labels[0]))
    for row, check in enumerate(checks):
        assert check.fast == g[check.name][check.index]
        assert view.table.item(row, 2).text() == f"{check.fast:+.8e}"
    assert "51 of 51" in view._summary.text()


@pytest.mark.parametrize(("path", "column"), [("jacobian", 4), ("fast", 5)])
def test_a_sign_flipped_gradient_fails(qtbot, embedded, path, column) -> None:
    view = make_view(qtbot, embedded, SignFlipped(path))
    failing = [c for c in view.checks if not c.passed()[column - 4]]
    assert len(failing) > 40
    assert all(c.passed()[5 - column] for c in view.checks)  # the other path still passes
    assert colours(view, column).count(FAIL.name()) == len(failing)
    assert set(colours(view, 9 - column)) == {PASS.name()}
    assert "of 51 entries pass" in view._summary.text()
    assert not view._summary.text().startswith("51 of 51")


def test_h_is_adjustable_and_the_curve_spans_1e_1_to_1e_10(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded)
    curve = view.curve
    assert curve.h[0] == 1e-1 and curve.h[-1] == pytest.approx(1e-10)
    assert len(curve.h) == len(H_RANGE)
    view.set_h(1e-9)
    assert view.h == pytest.approx(1e-9)
    assert all(c.h == pytest.approx(1e-9) for c in view.checks)
    # h = 1e-9 is far too small: rounding makes many entries fail
    assert sum(not all(c.passed()) for c in view.checks) > 5
    assert view._h_line.value() == pytest.approx(-9)
    assert min(curve.error_fast) < ENTRY_TOLERANCE / 100


def test_new_random_entries_and_following_the_selection(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded)
    before = [(c.name, c.index) for c in view.checks]
    view._repick.click()
    after = [(c.name, c.index) for c in view.checks]
    assert after[0] == before[0] and after[1:] != before[1:]
    view._selection.select_parameter("b0", (200,))
    assert (view.checks[0].name, view.checks[0].index) == ("b0", (200,))
    assert view.curve.entry == ("b0", (200,))
    view._selection.select_sample("train", 3)
    assert "sample 3" in view._sample.text()


def test_the_full_check_runs_in_a_worker_and_ends_with_the_view(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded)
    with qtbot.waitSignal(view.runner.finished, timeout=20000):
        view._full_button.click()
    full = view.full_check
    assert max(full.fast.values()) < 1e-6 and max(full.jacobian.values()) < 1e-6
    assert full.jacobian_vs_fast < 1e-10
    assert "pass" in view._full_result.text()
    assert running_threads()  # the thread waits for the next check ...
    view.hide()
    assert not running_threads()  # ... until the view is hidden


def test_a_full_check_fails_for_a_sign_flipped_path(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded, SignFlipped("fast"))
    with qtbot.waitSignal(view.runner.finished, timeout=20000):
        view.start_full_check()
    assert min(view.full_check.fast.values()) > 1
    assert "FAIL" in view._full_result.text()
    view.hide()


def test_a_full_check_is_cancelled_when_the_input_changes(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded)
    view.start_full_check()
    assert view.runner.running
    view._selection.select_sample("valid", 1)
    assert not view.runner.running and view.full_check is None
    view.hide()
    assert not running_threads()


def test_language_change_retranslates(qtbot, embedded) -> None:
    view = make_view(qtbot, embedded)
    QApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.table.horizontalHeaderItem(1).text() == "Jacobian path"
    view.set_presentation(True)
