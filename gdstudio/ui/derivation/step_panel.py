"""Step by step: one sample, one gradient-descent step, one stage per click of Next.

Forward → Loss → Backward → Update (w ← w − α·∂L/∂w, with the loss before and after); Next
after the update starts the next step from the new parameters, Back returns one stage. The
pictures of a stage appear when it is reached. The core `StepThrough` does all the work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.nn.explain import STAGES, StepThrough, loss_terms
from gdstudio.core.nn.functions import Array
from gdstudio.core.nn.model import Params, TutorialNet
from gdstudio.ui.derivation.chain_page import (
    FORWARD_FORMULAS,
    LABEL_COLOUR,
    PREDICTION_COLOUR,
    section_title,
)
from gdstudio.ui.derivation.math_render import B0, B1, L0, OUT, W1, L, math_html, number, partial
from gdstudio.ui.derivation.vector_tiles import (
    GREENS,
    INK,
    BarsCanvas,
    Card,
    ImageCanvas,
    ImageStrip,
    Picture,
    scale_text,
)
from gdstudio.ui.widgets.view_events import Retranslating

ALPHA = "<i>α</i>"


class StepPanel(Retranslating, QWidget):
    """Next / Back through `StepThrough`; `restart` takes new parameters or a new sample."""

    def __init__(self, model: TutorialNet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._steps: StepThrough | None = None
        self._source: tuple[Params, Array, int] | None = None

        self._alpha_label = QLabel()
        self._alpha = QDoubleSpinBox()
        self._alpha.setDecimals(4)
        self._alpha.setRange(1e-4, 100.0)
        self._alpha.setValue(1.0)
        self._restart = QPushButton()
        self._back = QPushButton()
        self._next = QPushButton()
        self._next.setDefault(True)
        self._stage_labels = [QLabel() for _ in STAGES]
        self._counter = QLabel()
        self._explain = QLabel()
        self._explain.setWordWrap(True)

        # two rows, so that the page fits a 1280-pixel-wide window beside the controls
        settings = QHBoxLayout()
        for w in (self._alpha_label, self._alpha, self._restart):
            settings.addWidget(w)
        settings.addStretch(1)
        progress = QHBoxLayout()
        for label in self._stage_labels:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMargin(4)
            progress.addWidget(label)
        progress.addSpacing(16)
        for w in (self._back, self._next, self._counter):
            progress.addWidget(w)
        progress.addStretch(1)

        self.x_image, self.l0 = ImageCanvas(), ImageCanvas()
        self.l1, self.output, self.loss = BarsCanvas(), BarsCanvas(), BarsCanvas()
        self.grad_b1, self.grad_w1, self.grad_b0 = BarsCanvas(), ImageStrip(pixel=2), ImageCanvas()
        self.delta_b0, self.delta_w1, self.delta_b1 = (
            ImageCanvas(),
            ImageStrip(pixel=2),
            BarsCanvas(),
        )
        self.output_after = BarsCanvas()
        self.tanh = ImageCanvas()
        pictures: dict[str, list[tuple[str, Picture]]] = {
            "forward": [
                ("x", self.x_image),
                ("l0", self.l0),
                ("l1", self.l1),
                ("output", self.output),
            ],
            "loss": [("loss", self.loss)],
            "backward": [
                ("grad_b1", self.grad_b1),
                ("grad_w1", self.grad_w1),
                ("grad_b0", self.grad_b0),
                ("tanh", self.tanh),
            ],
            "update": [
                ("delta_b1", self.delta_b1),
                ("delta_w1", self.delta_w1),
                ("delta_b0", self.delta_b0),
                ("output_after", self.output_after),
            ],
        }
        self.cards: dict[str, Card] = {}
        self._titles = {stage: section_title() for stage in STAGES}
        content = QWidget()
        content_layout = QVBoxLayout(content)
        self._rows: list[QHBoxLayout] = []
        self._stages: dict[str, QWidget] = {}
        for stage in STAGES:
            self._stages[stage] = box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(self._titles[stage])
            cards = QHBoxLayout()
            cards.setSpacing(4)
            for key, picture in pictures[stage]:
                self.cards[key] = Card(picture)
                cards.addWidget(self.cards[key], 0, Qt.AlignmentFlag.AlignTop)
            box_layout.addLayout(cards)
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(box)
            row.addStretch(1)
            content_layout.addLayout(row)
            self._rows.append(row)
        content_layout.addStretch(1)
        self.set_presentation(False)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self._content_layout = content_layout
        layout = QVBoxLayout(self)
        layout.addLayout(settings)
        layout.addLayout(progress)
        layout.addWidget(self._explain)
        layout.addWidget(scroll, 1)
        self._set_formulas()

        self._next.clicked.connect(self.next)
        self._back.clicked.connect(self.back)
        self._restart.clicked.connect(self._restart_from_source)
        self._alpha.valueChanged.connect(self._restart_from_source)
        self.retranslate()

    def set_presentation(self, on: bool) -> None:
        """The loss beside the forward pass; in presentation mode's larger font, below it (so
        that the page needs no sideways scrolling on a projector)."""
        loss = self._stages["loss"]
        for row in self._rows:
            row.removeWidget(loss)
        row = self._rows[STAGES.index("loss" if on else "forward")]
        row.insertWidget(row.count() - 1, loss)  # before the stretch

    @property
    def steps(self) -> StepThrough | None:
        return self._steps

    @property
    def alpha(self) -> float:
        return self._alpha.value()

    def set_alpha(self, alpha: float) -> None:
        self._alpha.setValue(alpha)

    def _set_formulas(self) -> None:
        a = ALPHA
        formulas = {
            **FORWARD_FORMULAS,
            "grad_b1": partial(L, B1),
            "grad_w1": partial(L, W1),
            "grad_b0": partial(L, B0),
            "tanh": f"1 − {L0}²",
            "delta_b1": f"−{a}·{partial(L, B1)}",
            "delta_w1": f"−{a}·{partial(L, W1)}",
            "delta_b0": f"−{a}·{partial(L, B0)}",
            "output_after": OUT,
        }
        for key, formula in formulas.items():
            self.cards[key].set_formula(formula)

    def follow(self, params: Params, x: Array, label: int, new_sample: bool) -> None:
        """New live parameters (or a new sample): restart unless the user is mid-way."""
        self._source = (params, x, label)
        if new_sample or self._steps is None or self._steps.at_start:
            self._restart_from_source()

    def clear(self) -> None:
        self._source = None
        self._steps = None
        self._show()

    def _restart_from_source(self) -> None:
        if self._source is not None:
            params, x, label = self._source
            self._steps = StepThrough(self._model, params, x, label, self._alpha.value())
        self._show()

    def next(self) -> None:
        if self._steps is not None:
            self._steps.next()
            self._show()

    def back(self) -> None:
        if self._steps is not None:
            self._steps.back()
            self._show()

    def _show(self) -> None:
        steps = self._steps
        reached = -1 if steps is None else steps.stage_index
        self._back.setEnabled(steps is not None and not steps.at_start)
        self._next.setEnabled(steps is not None)
        for n, stage_label in enumerate(self._stage_labels):
            current = n == reached
            stage_label.setStyleSheet(
                "background:#1f77b4; color:white; border-radius:3px;" if current else "color:gray;"
            )
        self._retranslate_state()
        cycle = None if steps is None else steps.cycle
        d = None if cycle is None else cycle.derivation
        # the derivation in the stages reached, None in the others
        seen = {stage: d if n <= reached else None for n, stage in enumerate(STAGES)}
        forward, loss, backward = seen["forward"], seen["loss"], seen["backward"]
        step = cycle if seen["update"] is not None else None
        if d is None or cycle is None:
            for card in self.cards.values():
                card.set_note("")
        label = 0 if d is None else int(d.y.argmax())
        marks = (
            {} if d is None else {label: LABEL_COLOUR, int(d.output.argmax()): PREDICTION_COLOUR}
        )
        self.x_image.set_values(None if forward is None else forward.x, INK, (0.0, 1.0))
        self.l0.set_values(None if forward is None else forward.L0, value_range=(-1.0, 1.0))
        self.l1.set_values(None if forward is None else forward.L1)
        self.output.set_values(None if forward is None else forward.output, True, marks)
        self.loss.set_values(
            None if loss is None else loss_terms(loss), highlight={label: LABEL_COLOUR}
        )
        self._note("loss", "" if loss is None else math_html(f"{L} = {number(loss.loss)}"))
        self.grad_b1.set_values(None if backward is None else backward.grad_b1, highlight=marks)
        self._scale(
            "grad_w1", self.grad_w1.set_values(None if backward is None else backward.grad_w1)
        )
        self._scale(
            "grad_b0", self.grad_b0.set_values(None if backward is None else backward.grad_b0)
        )
        self.tanh.set_values(
            None if backward is None else backward.tanh_derivative, GREENS, (0.0, 1.0)
        )
        update = None if step is None else step.update
        self.delta_b1.set_values(None if update is None else update["b1"], highlight=marks)
        self._scale("delta_w1", self.delta_w1.set_values(None if update is None else update["w1"]))
        self._scale("delta_b0", self.delta_b0.set_values(None if update is None else update["b0"]))
        after = None if step is None else step.output_after
        self.output_after.set_values(
            after, True, {label: LABEL_COLOUR} if after is not None else None
        )
        self._note(
            "output_after",
            self.tr("after the step")
            + "<br>"
            + math_html(f"<b>{L}: {number(step.loss_before)} → {number(step.loss_after)}</b>")
            if step is not None
            else "",
        )
        for key in ("grad_w1", "grad_b0", "delta_w1", "delta_b0"):
            if seen["backward" if key.startswith("grad") else "update"] is None:
                self._note(key, "")
        self._content_layout.activate()  # the notes' new heights, before the next paint

    def _scale(self, key: str, value_range: tuple[float, float]) -> None:
        self._note(key, scale_text(*value_range))

    def _note(self, key: str, text: str) -> None:
        self.cards[key].set_note(text)

    def retranslate(self) -> None:
        self._alpha_label.setText(self.tr("Learning rate α"))
        self._restart.setText(self.tr("Restart from the current parameters"))
        self._back.setText(self.tr("◂ Back"))
        self._next.setText(self.tr("Next ▸"))
        names = (
            self.tr("1 Forward"),
            self.tr("2 Loss"),
            self.tr("3 Backward"),
            self.tr("4 Update"),
        )
        for label, name in zip(self._stage_labels, names, strict=True):
            label.setText(name)
        titles = (
            self.tr("1 Forward: the sample through the network"),
            self.tr("2 Loss: how far the output is from the one-hot label"),
            self.tr("3 Backward: the chain rule gives every gradient"),
            self.tr("4 Update: every parameter takes a step against its gradient"),
        )
        for stage, title in zip(STAGES, titles, strict=True):
            self._titles[stage].setText(title)
        self._set_formulas()
        self._show()

    def _retranslate_state(self) -> None:
        steps = self._steps
        if steps is None:
            self._counter.clear()
            self._explain.setText(self.tr("Waiting for parameters and a sample."))
            return
        self._counter.setText(self.tr("step {0}").format(steps.step + 1))
        texts = {
            "forward": self.tr(
                "The input goes through tanh, the weights and the softmax. "
                "Press Next to compare the output with the label."
            ),
            "loss": self.tr(
                "The loss adds up the squared differences between the one-hot "
                "label and the output: the smaller, the better."
            ),
            "backward": self.tr(
                "The chain rule gives ∂L/∂w for every parameter: how much "
                "the loss changes when that parameter moves a little."
            ),
            "update": self.tr(
                "w ← w − α·∂L/∂w: every parameter moves against its gradient. "
                "Next takes another step from here."
            ),
        }
        self._explain.setText(texts[steps.stage])
