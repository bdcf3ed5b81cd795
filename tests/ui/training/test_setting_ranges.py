"""Sessions are checked against `gdstudio.core.training.setting_ranges` before any control is set:
those ranges must be the controls' own, or a file could still put a value into a control that it
refuses or overflows on."""

from pytestqt.qtbot import QtBot

from gdstudio.core.training import setting_ranges as ranges
from gdstudio.ui.compare.compare_controls import ComparisonControls
from gdstudio.ui.training.controls import ControlsPanel


def span(box) -> tuple:
    return (box.minimum(), box.maximum())


def test_the_controls_accept_exactly_the_checked_ranges(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    compare = ComparisonControls()
    qtbot.addWidget(panel)
    qtbot.addWidget(compare)
    # (the spin boxes are private: this test only reads their ranges)
    assert span(panel._lr_spin) == span(compare._lr) == ranges.LR_RANGE
    assert span(panel._batch) == span(compare._batch) == ranges.BATCH_RANGE
    assert span(panel._epochs) == span(compare._epochs) == ranges.EPOCHS_RANGE
    assert span(panel._seed) == span(compare._seed) == ranges.SEED_RANGE
    assert span(panel._target_accuracy) == ranges.TARGET_ACCURACY_RANGE
    assert span(panel._target_loss) == ranges.TARGET_LOSS_RANGE
    assert span(panel.network._weight_decay) == ranges.WEIGHT_DECAY_RANGE
    assert span(panel.network._step_epochs) == ranges.STEP_EPOCHS_RANGE
