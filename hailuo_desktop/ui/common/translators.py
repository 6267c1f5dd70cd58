"""The interface language: installs the app's translation and Qt's own at start, and translates
the English sentences core, api, engine and store produce when the GUI shows them.

The language comes from Settings (follow the system, English, 简体中文) and is applied once, at
start, before any widget exists: the Settings dialog says a change applies after a restart.
English is the source language, so it needs no translator. For Chinese the app loads
`resources/translations/hailuo_desktop_zh_CN.qm` (built by `scripts/translations.sh`) and
Qt's `qtbase_zh_CN.qm` / `qtmultimedia_zh_CN.qm` (standard buttons, file dialog, message boxes),
and makes zh_CN the default QLocale.

The command line stays English: it never calls this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from hailuo_desktop.core.messages import MESSAGES, Message
from hailuo_desktop.paths import resource_path
from hailuo_desktop.store.settings import Language

__all__ = [
    "APP_CATALOGUE",
    "QT_CATALOGUES",
    "camera_move_label",
    "install_translators",
    "installed_language",
    "resolve_language",
    "translate_message",
    "uninstall_translators",
]

log = logging.getLogger(__name__)

APP_CATALOGUE = "hailuo_desktop"
"""The app's translations are `resources/translations/hailuo_desktop_<locale>.qm`."""
QT_CATALOGUES = ("qtbase", "qtmultimedia")
"""Qt's own translations the app's widgets use (shipped inside PySide6)."""

_installed: list[QTranslator] = []
_language = Language.ENGLISH
_locale_before: QLocale | None = None  # the default QLocale to restore on uninstall


def translations_dir() -> Path:
    """Where the app's built translations (.qm) are, in a checkout or a frozen bundle."""
    return resource_path("translations")


def resolve_language(language: Language, system: QLocale | None = None) -> Language:
    """The language to show: `language` itself, or for SYSTEM the first of the system's
    preferred UI languages the app has (Simplified Chinese or English), else English."""
    if language is not Language.SYSTEM:
        return Language(language)
    for name in (system or QLocale.system()).uiLanguages():
        locale = QLocale(name)
        if locale.language() is QLocale.Language.English:
            return Language.ENGLISH
        if (
            locale.language() is QLocale.Language.Chinese
            and locale.script() is not QLocale.Script.TraditionalHanScript
        ):
            return Language.CHINESE
    return Language.ENGLISH


def _load(
    app: QCoreApplication, catalogue: str, locale: QLocale, folder: str | Path
) -> QTranslator | None:
    translator = QTranslator(app)
    if translator.load(locale, catalogue, "_", str(folder)):
        return translator
    log.warning("no %s translation for %s in %s", catalogue, locale.name(), folder)
    translator.deleteLater()
    return None


def install_translators(app: QCoreApplication, language: Language) -> Language:
    """Install the translators for `language` (SYSTEM resolved via QLocale) on `app`, before
    any widget is created; returns the language shown. A missing .qm leaves English."""
    uninstall_translators(app)
    chosen = resolve_language(language)
    if chosen is Language.ENGLISH:
        return chosen
    locale = QLocale(chosen.value)
    app_translator = _load(app, APP_CATALOGUE, locale, translations_dir())
    if app_translator is None:
        return Language.ENGLISH
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = [app_translator] + [
        t for t in (_load(app, name, locale, qt_folder) for name in QT_CATALOGUES) if t is not None
    ]
    for translator in translators:
        app.installTranslator(translator)
        _installed.append(translator)
    global _language, _locale_before
    _locale_before = QLocale()
    QLocale.setDefault(locale)
    _language = chosen
    return chosen


def uninstall_translators(app: QCoreApplication) -> None:
    """Back to English (tests; widgets created before keep their texts)."""
    global _language
    if not _installed:
        return
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    if _locale_before is not None:
        QLocale.setDefault(_locale_before)
    _language = Language.ENGLISH


def installed_language() -> Language:
    """The language the installed translators show (ENGLISH when none is installed)."""
    return _language


def translate_message(text: str) -> str:
    """A sentence from core, api, engine or store (an error message, a rule, a notice — also
    one read back from the database) in the interface language: a `Message` is rendered from
    its template and facts, a plain marked sentence looked up as it is."""
    if not _installed:
        return text
    if isinstance(text, Message):
        return text.render(QCoreApplication.translate)
    return QCoreApplication.translate(MESSAGES, text)


def camera_move_label(name: str) -> str:
    """What the palette calls the camera move `name` (its English token, e.g. "Pan left"):
    the token itself in English, MiniMax's Chinese name (左摇) in Chinese."""
    return QCoreApplication.translate("CameraMove", name)
