"""Help > Lessons: the lessons beside the window, in the interface language.

One lesson at a time (chosen in a list), its text in a QTextBrowser, a "Set this up" button that
asks the window to take the lesson's state, and the students' questions with each answer
behind a "Show answer" link.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.training.lessons import Lesson, LessonSetup, load_lessons
from gdstudio.ui.widgets.view_events import Retranslating


class LessonsView(Retranslating, QWidget):
    setup_requested = Signal(object)  # LessonSetup

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessons")
        self._language = ""
        self._intro = ""
        self._lessons: list[Lesson] = []
        self._shown: set[int] = set()  # questions of the current lesson whose answer is shown
        self._choice = QComboBox()
        self._setup = QPushButton()
        self._text = QTextBrowser()
        self._text.setOpenLinks(False)
        top = QHBoxLayout()
        top.addWidget(self._choice, 1)
        top.addWidget(self._setup)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self._text, 1)
        self._choice.currentIndexChanged.connect(self._on_chosen)
        self._setup.clicked.connect(self._on_setup)
        self._text.anchorClicked.connect(self._on_link)
        self.set_language(language)
        self.retranslate()

    # --- public -------------------------------------------------------------------------------

    @property
    def lessons(self) -> list[Lesson]:
        return list(self._lessons)

    @property
    def setup_button(self) -> QPushButton:
        return self._setup

    @property
    def browser(self) -> QTextBrowser:
        return self._text

    def set_language(self, language: str) -> None:
        """Show the lessons of `language` (English if it has none), keeping the lesson chosen."""
        if language == self._language:
            return
        self._language = language
        self._intro, self._lessons = load_lessons(language)
        index = max(self._choice.currentIndex(), 0)
        self._choice.blockSignals(True)
        self._choice.clear()
        self._choice.addItems([lesson.title for lesson in self._lessons])
        self._choice.blockSignals(False)
        self.show_lesson(min(index, len(self._lessons) - 1))

    def show_lesson(self, index: int) -> None:
        """Lesson `index` (0-based), every answer hidden."""
        self._shown.clear()
        if self._choice.currentIndex() != index:
            self._choice.setCurrentIndex(index)  # comes back here through _on_chosen
            return
        self._render()

    def current_lesson(self) -> Lesson:
        return self._lessons[self._choice.currentIndex()]

    def show_answer(self, question: int, shown: bool = True) -> None:
        """Show (or hide) the answer to question `question` of the current lesson."""
        if shown:
            self._shown.add(question)
        else:
            self._shown.discard(question)
        self._render()

    def text(self) -> str:
        """What the reader sees, as plain text."""
        return self._text.toPlainText()

    def retranslate(self) -> None:
        self._setup.setText(self.tr("Set this up"))
        self._setup.setToolTip(
            self.tr("Put the app in this lesson's state: data, network, α, seed, epochs and tab")
        )
        if self._lessons:
            self._render()

    # --- inside ---------------------------------------------------------------------------------

    def _render(self) -> None:
        lesson = self.current_lesson()
        questions, show, hide = self.tr("Questions"), self.tr("Show answer"), self.tr("Hide answer")
        parts = [f"## {lesson.title}", lesson.body]
        if lesson.questions:
            parts.append(f"### {questions}")
        for i, (question, answer) in enumerate(lesson.questions):
            parts.append(f"{i + 1}. {question}")
            if i in self._shown:
                parts.append(f"{answer} [{hide}](answer:{i})")
            else:
                parts.append(f"[{show}](answer:{i})")
        if self._choice.currentIndex() == 0:
            parts.insert(0, self._intro.partition("\n")[2].strip())  # without its "# " title
        scroll = self._text.verticalScrollBar().value()
        self._text.setMarkdown("\n\n".join(parts))
        self._text.verticalScrollBar().setValue(scroll)

    def _on_chosen(self, index: int) -> None:
        if index >= 0:
            self._shown.clear()
            self._text.verticalScrollBar().setValue(0)
            self._render()

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "answer":
            question = int(url.path() or url.toString().partition(":")[2])
            self.show_answer(question, question not in self._shown)

    def _on_setup(self) -> None:
        setup: LessonSetup = self.current_lesson().setup
        self.setup_requested.emit(setup)
