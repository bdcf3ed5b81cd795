"""The optimizers' names as the interface shows them, in the current language: one table for
every control that lists them (the network settings and the textbook functions' race)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def optimizer_names() -> dict[str, str]:
    """Each optimizer's key (as `gdstudio.core.nn.optimizers.OPTIMIZERS` has it) -> its name."""
    translate = QCoreApplication.translate
    return {
        "sgd": translate("OptimizerNames", "gradient descent"),
        "momentum": translate("OptimizerNames", "momentum"),
        "nesterov": translate("OptimizerNames", "Nesterov"),
        "adagrad": translate("OptimizerNames", "AdaGrad"),
        "rmsprop": translate("OptimizerNames", "RMSProp"),
        "adam": translate("OptimizerNames", "Adam"),
    }
