from pytestqt.qtbot import QtBot

from gdstudio.ui.training.divergence import DivergenceBanner
from gdstudio.ui.window.i18n import LanguageSwitcher


def test_english_again_from_any_switcher(qtbot: QtBot) -> None:
    """Two windows, one language: switching back from a second switcher removes Chinese."""
    banner = DivergenceBanner()
    qtbot.addWidget(banner)
    first, second = LanguageSwitcher(), LanguageSwitcher()
    assert first.set_language("zh_CN")
    assert banner.tr("Dismiss") == "关闭"
    assert second.set_language("en")
    assert banner.tr("Dismiss") == "Dismiss"
