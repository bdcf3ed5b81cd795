"""The derivation view shows the numbers of the core's derivation, follows the selection, and
steps through one gradient-descent step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from explain_helpers import fast_gradients as fast
from explain_helpers import frame_of, trained_like_params
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.layers import LayeredDerivation
from gdstudio.core.nn.model import TutorialNet, build_model
from gdstudio.core.training.presets import PRESETS
from gdstudio.ui.derivation.derivation_view import DerivationView
from gdstudio.ui.derivation.math_render import number
from gdstudio.ui.view import Selection


@pytest.fixture
def view(show_view: Callable[..., Any], selection: Selection) -> DerivationView:
    return show_view(DerivationView, (1000, 700), selection)


def sample(embedded: Dataset, split: str, index: int) -> tuple[np.ndarray, int]:
    part = embedded.split(split)
    return part.inputs(slice(index, index + 1), dtype=np.float64)[0], int(part.labels[index])


def test_it_is_a_training_view(view: DerivationView) -> None:
    assert view.objectName() == "derivation"
    assert view.title() == "Derivation"
    view.set_presentation(True)
    view.set_presentation(False)


def test_every_picture_holds_the_fast_paths_numbers(view, embedded) -> None:
    params = trained_like_params()
    view.show_frame(frame_of(params))
    view.refresh()
    x, label = sample(embedded, "valid", 0)  # the default selection
    g = fast(params, x, label)
    page = view.chain_page
    np.testing.assert_allclose(page.grad_b0._values.ravel(), g["b0"], rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(page.grad_b1._values, g["b1"], rtol=1e-10, atol=1e-15)
    for j, image in enumerate(page.grad_w1.images):
        np.testing.assert_allclose(image._values.ravel(), g["w1"][:, j], rtol=1e-10, atol=1e-15)
    # the forward pass and the factors, from the tutorial's formulas
    p = {k: v.astype(np.float64) for k, v in params.items()}
    L0 = np.tanh(x + p["b0"])
    s = np.exp(L0 @ p["w1"] + p["b1"])
    s /= s.sum()
    np.testing.assert_allclose(page.x_image._values.ravel(), x)
    np.testing.assert_allclose(page.l0._values.ravel(), L0, rtol=1e-12)
    np.testing.assert_allclose(page.output._values, s, rtol=1e-12)
    np.testing.assert_allclose(page.d_output._values, -2 * (np.eye(10)[label] - s), rtol=1e-12)
    np.testing.assert_allclose(page.tanh._values.ravel(), 1 - L0**2, rtol=1e-12)
    jacobian = page.jacobian._values
    np.testing.assert_allclose(jacobian, np.diag(s) - np.outer(s, s), rtol=1e-12, atol=1e-18)
    np.testing.assert_allclose(jacobian.sum(axis=1), 0, atol=1e-15)
    assert f"label {label}" in view._summary.text()


def test_the_chosen_parameters_sum_ends_in_the_fast_path(view, selection, embedded) -> None:
    params = trained_like_params()
    view.show_frame(frame_of(params))
    view.refresh()
    x, label = sample(embedded, "valid", 0)
    g = fast(params, x, label)
    for name, index in (("w1", (300, 2)), ("b0", (350,)), ("b1", (4,))):
        selection.select_parameter(name, index)
        chain = view.parameter_panel._chain
        assert (chain.name, chain.index) == (name, index)
        assert chain.fast == g[name][index]
        assert chain.total == pytest.approx(g[name][index], rel=1e-10, abs=1e-16)
        assert view.parameter_panel.parameter() == (name, index)
    assert "Σ" in view.parameter_panel._result.text()


def test_typing_a_parameter_selects_it(view, selection, qtbot) -> None:
    view.show_frame(frame_of(trained_like_params()))
    view.refresh()
    panel = view.parameter_panel
    with qtbot.waitSignal(selection.parameter_changed) as blocker:
        panel._i.setValue(123)
    assert blocker.args == ["w1", (123, 3)]
    assert panel._chain.index == (123, 3)
    with qtbot.waitSignal(selection.parameter_changed) as blocker:
        panel._name.setCurrentText("b1")
    assert blocker.args == ["b1", (3,)]
    assert not panel._i.isVisibleTo(panel)


def test_clicking_a_gradient_pixel_selects_that_parameter(view, selection, qtbot) -> None:
    view.show_frame(frame_of(trained_like_params()))
    view.refresh()
    canvas = view.chain_page.grad_b0
    pixel = canvas.width() // 28
    with qtbot.waitSignal(selection.parameter_changed) as blocker:
        qtbot.mouseClick(
            canvas, Qt.MouseButton.LeftButton, pos=QPoint(5 * pixel + 1, 14 * pixel + 1)
        )
    assert blocker.args == ["b0", (14 * 28 + 5,)]
    assert view.parameter_panel._chain.index == (397,)
    assert view.chain_page.grad_b0._marked == 397


def test_it_follows_the_selected_sample_and_the_drawn_digit(view, selection, embedded) -> None:
    params = trained_like_params()
    view.show_frame(frame_of(params))
    view.refresh()
    selection.select_sample("test", 7)
    x, label = sample(embedded, "test", 7)
    np.testing.assert_array_equal(view.derivation.x, x)
    assert int(view.derivation.y.argmax()) == label
    assert view._split.currentData() == "test" and view._index.value() == 7
    view._index.setValue(8)  # the view's own chooser moves the shared selection
    assert selection.sample == ("test", 8)
    drawn = np.zeros(784)
    drawn[300:320] = 1.0
    selection.select_drawn(drawn)
    np.testing.assert_array_equal(view.derivation.x, drawn)
    assert view._drawn_label.isVisibleTo(view)
    view._drawn_label.setValue(4)
    assert int(view.derivation.y.argmax()) == 4
    np.testing.assert_allclose(
        view.derivation.grad_w1, fast(params, drawn, 4)["w1"], rtol=1e-10, atol=1e-15
    )


def test_frames_are_throttled_and_skipped_while_hidden(view, qtbot) -> None:
    view.show_frame(frame_of(trained_like_params(1)))
    view.refresh()
    first = view.derivation
    view.show_frame(frame_of(trained_like_params(2)))
    assert view.derivation is first  # not at once: at most every REFRESH_MS
    qtbot.waitUntil(lambda: view.derivation is not first)
    view.hide()
    second = view.derivation
    view.show_frame(frame_of(trained_like_params(3)))
    view.refresh()
    assert view.derivation is second  # hidden: no work
    view.show()
    assert view.derivation is not second  # caught up when shown


def test_step_by_step_updates_by_minus_alpha_times_the_gradient(view, qtbot, embedded) -> None:
    params = trained_like_params()
    view.show_frame(frame_of(params))
    view.refresh()
    panel = view.step_panel
    panel.set_alpha(0.5)
    assert panel.steps.stage == "forward"
    assert panel.grad_b0._values is None  # the backward pictures appear at their stage
    for expected in ("loss", "backward", "update"):
        qtbot.mouseClick(panel._next, Qt.MouseButton.LeftButton)
        assert panel.steps.stage == expected
    x, label = sample(embedded, "valid", 0)
    g = fast(params, x, label)
    cycle = panel.steps.cycle
    for name, p in params.items():
        change = cycle.params_after[name] - p.astype(np.float64)
        np.testing.assert_allclose(change, -0.5 * g[name], rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(panel.delta_b0._values.ravel(), cycle.update["b0"])
    np.testing.assert_array_equal(cycle.update["b0"], -0.5 * cycle.derivation.grad_b0)
    assert cycle.loss_after < cycle.loss_before
    note = panel.cards["output_after"].note.text()
    assert "→" in note
    qtbot.mouseClick(panel._back, Qt.MouseButton.LeftButton)
    assert panel.steps.stage == "backward"
    assert panel.delta_b0._values is None  # the update's pictures went with its stage
    assert panel.grad_b0._values is not None


def test_step_by_step_holds_its_place_while_training_runs(view) -> None:
    view.show_frame(frame_of(trained_like_params(1)))
    view.refresh()
    panel = view.step_panel
    panel.next()
    started_from = panel.steps.cycle.params["w1"].copy()
    view.show_frame(frame_of(trained_like_params(2)))
    view.refresh()
    assert panel.steps.stage == "loss"
    np.testing.assert_array_equal(panel.steps.cycle.params["w1"], started_from)
    panel._restart.click()
    assert panel.steps.at_start
    np.testing.assert_array_equal(
        panel.steps.cycle.params["w1"], trained_like_params(2)["w1"].astype(np.float64)
    )


def test_without_parameters_it_waits(qtbot, selection, embedded) -> None:
    view = DerivationView(selection)
    qtbot.addWidget(view)
    view.set_dataset(embedded)
    view.show()
    assert view.derivation is None
    assert "Waiting" in view._summary.text()
    assert view.step_panel.steps is None


def test_language_change_retranslates(view) -> None:
    view.show_frame(frame_of(trained_like_params()))
    view.refresh()
    QApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.pages.tabText(0) == "Chain rule"
    assert view.derivation is not None


@pytest.mark.parametrize("name", [n for n in PRESETS if n != "tutorial"])
def test_other_networks_get_one_block_per_layer(view, embedded, name: str) -> None:
    model = build_model(PRESETS[name].model)
    params = model.init_params(np.random.default_rng(0))
    view.set_model(model)
    view.show_frame(frame_of(trained_like_params()))  # the tutorial's, sent before the switch
    view.refresh()
    assert view.derivation is None and view._stack.currentWidget() is view.layer_page
    view.show_frame(frame_of(params))
    view.refresh()
    d = view.derivation
    x, label = sample(embedded, "valid", 0)
    assert isinstance(d, LayeredDerivation) and len(d.blocks) == len(model.layers)
    fast_grads = model.gradients(
        {k: v.astype(np.float64) for k, v in params.items()}, x[None], np.array([label])
    ).grads
    for name_, g in d.grads().items():
        np.testing.assert_allclose(g, fast_grads[name_], rtol=1e-9, atol=1e-14)
    text = view.layer_page.text
    assert text.count("<h3>") == len(model.layers) + 1  # the loss, then one block per layer
    assert "output − y" in text  # both presets use cross-entropy after the softmax
    np.testing.assert_allclose(d.blocks[-1].dL_dpre, d.output - d.y, atol=1e-12)
    assert f"label {label}" in view._summary.text()
    view.set_model(TutorialNet())
    assert view._stack.currentWidget() is view.pages


def test_the_tutorials_diagonal_jacobian_claim_is_corrected(view, embedded) -> None:
    params = trained_like_params()
    view.show_frame(frame_of(params))
    view.refresh()
    x, label = sample(embedded, "valid", 0)
    d = TutorialNet().derive({k: v.astype(np.float64) for k, v in params.items()}, x, label)
    s = d.output
    off = np.abs(np.outer(s, s) - np.diag(s * s)).max()  # the largest −s_k·s_j
    note = view.chain_page.cards["jacobian"].note.text()
    assert "只有两个分量相同时才有导数" in note  # the tutorial's words, in its language
    assert f"here up to {number(off, 2)}" in note  # sized for this sample
    view.chain_page.show_derivation(None, None, ("w1", (407, 7)))


def test_a_drawn_digit_is_named_as_drawn_with_the_draw_tabs_probability(
    qtbot: QtBot, view: DerivationView, selection: Selection, embedded: Dataset
) -> None:
    from gdstudio.core.data.drawing import synthetic_digit
    from gdstudio.ui.inspect.draw_view import DrawView

    draw = DrawView(selection)
    qtbot.addWidget(draw)
    draw.show()
    params = trained_like_params()
    for v in (view, draw):
        v.show_frame(frame_of(params))
    selection.select_sample("valid", 5)
    assert view._split.isVisibleTo(view) and not view._back_to_sample.isVisibleTo(view)
    draw.set_drawing(synthetic_digit("3"))  # as if drawn by hand: it becomes the selection
    view.refresh()
    # the header no longer names validation sample 5 as if it were the drawing
    assert not view._split.isVisibleTo(view) and not view._index.isVisibleTo(view)
    assert view._drawn_note.isVisibleTo(view) and "drawn" in view._drawn_note.text()
    assert view._back_to_sample.text() == "Back to validation set [5]"
    # the same probability in both tabs, never rounded up to 100%
    p = float(draw.report.probabilities[draw.report.predicted])
    shown = draw._verdict.text().split("(")[1].split(" sure")[0]
    assert shown.endswith("%") and f"p = {shown}" in view._summary.text()
    assert float(shown[:-1]) == pytest.approx(100 * p, abs=0.05 + 1e-9 * (p == 1.0))
    qtbot.mouseClick(view._back_to_sample, Qt.MouseButton.LeftButton)
    assert selection.drawn is None and selection.sample == ("valid", 5)
    assert view._split.isVisibleTo(view) and view._index.value() == 5
