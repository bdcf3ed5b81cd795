"""The whole window fits a 1280×800 projector, in English and in Chinese, whichever tab is shown,
in normal and in presentation mode (larger fonts), and the derivation's pages need no horizontal
scrolling there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.ui.derivation.derivation_view import DerivationView
from gdstudio.ui.window.main_window import MainWindow

PROJECTOR = (1280, 800)


@pytest.fixture(
    params=[("en", False), ("zh_CN", False), ("en", True), ("zh_CN", True)],
    ids=["en", "zh_CN", "en-presentation", "zh_CN-presentation"],
)
def window(
    request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path, embedded: Dataset
) -> Iterator[MainWindow]:
    language, presentation = request.param
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings_store=store, dataset=embedded, offer_restore=False)
    w.set_language(language)
    w.set_presentation(presentation)
    w.resize(*PROJECTOR)
    w.show()
    qtbot.waitUntil(lambda: w.controller.last_frame is not None)
    yield w
    w.set_language("en")  # the translator is the application's: leave it as other tests expect
    w.close()


def mode(window: MainWindow) -> str:
    return " (presentation)" if window.commands.presentation_action.isChecked() else ""


def settle() -> None:
    for _ in range(3):  # layout requests post further layout requests
        QApplication.processEvents()


def test_the_minimum_size_fits_with_every_tab_shown(window: MainWindow) -> None:
    derivation = window.findChild(DerivationView)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        pages = derivation.pages.count() if window.tabs.widget(i) is derivation else 1
        for page in range(pages):
            derivation.pages.setCurrentIndex(page)
            settle()
            hint = window.minimumSizeHint()
            where = f"{window.language}{mode(window)}: tab {window.tabs.tabText(i)!r}, page {page}"
            assert hint.width() <= PROJECTOR[0], f"{where}: {hint.width()} px wide"
            assert hint.height() <= PROJECTOR[1], f"{where}: {hint.height()} px high"
    assert (window.width(), window.height()) == PROJECTOR


def test_the_derivation_pages_need_no_horizontal_scrolling(
    qtbot: QtBot, window: MainWindow
) -> None:
    derivation = window.findChild(DerivationView)
    window.tabs.setCurrentWidget(derivation)
    qtbot.waitUntil(lambda: derivation.derivation is not None)
    chain = derivation.chain_page
    for page in (chain, derivation.step_panel):
        derivation.pages.setCurrentWidget(page)
        settle()
        scroll = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
        assert scroll.horizontalScrollBar().maximum() == 0, window.language + mode(window)
    for key, card in chain.cards.items():  # every picture fits inside its card
        if card.picture is not None:
            assert card.picture.width() <= card.contentsRect().width() - 12, key
