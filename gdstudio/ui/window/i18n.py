"""Languages: English (the source strings) and Simplified Chinese, switchable at runtime.

Translations are Qt `.qm` files compiled by `pyside6-lrelease` from the `.ts` files in
`resources/translations/`. Installing a translator makes Qt send every widget a
`LanguageChange` event; widgets answer it by re-setting their texts (`retranslate`).
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator

from gdstudio.core.files.resources import resources_dir
from gdstudio.ui.window.application import running_app

#: language code -> its name, written in that language (as a menu shows it)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def system_language() -> str:
    """The language to start in when the user has not chosen one."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


#: the translators installed in the application: one language for the whole application,
#: whichever window switched to it
_INSTALLED: list[QTranslator] = []


class LanguageSwitcher(QObject):
    """Installs and removes the translators of the application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = "en"

    def set_language(self, code: str) -> bool:
        """Switch to `code`; False (and English) when its translation cannot be loaded."""
        app = running_app()
        for translator in _INSTALLED:
            app.removeTranslator(translator)
        _INSTALLED.clear()
        self.language = "en"
        if code == "en" or code not in LANGUAGES:
            return code == "en"  # removing a translator already told every widget
        ours = QTranslator(app)  # owned by the application, like the language itself
        if not ours.load(f"gdstudio_{code}", str(resources_dir() / "translations")):
            return False
        qt_own = QTranslator(app)  # Qt's own dialogs: file dialog buttons and the like
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{code}", qt_folder):
            app.installTranslator(qt_own)
            _INSTALLED.append(qt_own)
        app.installTranslator(ours)
        _INSTALLED.append(ours)
        self.language = code
        return True
