"""The ranges the training controls accept (the GUI's spin boxes use the same numbers).

Settings read from a session are checked against these before any control is set, so that a
file cannot put a value into a control that the control would refuse or overflow on.
"""

from __future__ import annotations

__all__ = [
    "BATCH_RANGE",
    "EPOCHS_RANGE",
    "LR_RANGE",
    "SEED_RANGE",
    "STEP_EPOCHS_RANGE",
    "TARGET_ACCURACY_RANGE",
    "TARGET_LOSS_RANGE",
    "WEIGHT_DECAY_RANGE",
]

LR_RANGE = (1e-4, 100.0)
BATCH_RANGE = (1, 10_000)
EPOCHS_RANGE = (1, 10_000)
SEED_RANGE = (0, 2**31 - 1)
STEP_EPOCHS_RANGE = (1, 1000)
WEIGHT_DECAY_RANGE = (0.0, 1.0)
TARGET_ACCURACY_RANGE = (0.1, 1.0)
TARGET_LOSS_RANGE = (0.0001, 10.0)
