"""The Settings dialog as the window opens it, and what the dialog asks for carried out over the
window's services: test a key (the test saves nothing), keep a typed key, make a capped key and
use it, go back to the own key — each outcome shown in the dialog, the balance refreshed after
a change of key — and the window told when the settings are saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from hailuo_desktop.core import errors
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.dialogs.settings import SettingsDialog

if TYPE_CHECKING:
    from hailuo_desktop.core.spend import Caps
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.common.tasks import BackgroundTasks
    from hailuo_desktop.ui.window_services import WindowServices


class SettingsFlow(QObject):
    """Opens the Settings dialog over `window` (`open`) and answers what it asks."""

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        services: WindowServices,
        tasks: BackgroundTasks,
        *,
        saved: Callable[[], None],
        refresh_balance: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._services = services
        self._tasks = tasks
        self._saved = saved
        self._refresh_balance = refresh_balance

    def open(self) -> SettingsDialog:
        """The dialog, opened (window-modal) and wired to the services."""
        capped_keys = self._services.capped_keys
        dialog = SettingsDialog(
            self._settings,
            key_status=translate_message(self._services.keys.status),
            has_key=self._services.keys.has_key(),
            parent=self._window,
            capped_key=None if capped_keys is None else capped_keys.in_use(),
        )
        dialog.testKeyRequested.connect(
            lambda key: self._tasks.start(self._test_key(dialog, key), name="test key")
        )
        dialog.cappedKeyRequested.connect(
            lambda caps: self._tasks.start(self._make_capped_key(dialog, caps), name="capped key")
        )
        dialog.ownKeyRequested.connect(lambda: self._use_own_key(dialog))
        dialog.keyChanged.connect(self._services.keys.set)
        dialog.settingsSaved.connect(self._saved)
        dialog.open()
        return dialog

    async def _test_key(self, dialog: SettingsDialog, key: str) -> None:
        """Check the typed key (or the saved one) without saving it."""
        ok, text = False, self.tr("The test was interrupted.")
        try:
            balance = await self._services.check_key(key or None)
            ok, text = (
                True,
                self.tr("Key works — {credits} credits left").format(
                    credits=f"{balance.remain_credits or 0:,.0f}"
                ),
            )
        except errors.HailuoError as error:
            text = error.message
        finally:
            dialog.show_key_test_result(ok, text)

    async def _make_capped_key(self, dialog: SettingsDialog, caps: Caps) -> None:
        """Make a capped key with the dialog's caps and use it; the outcome in the dialog."""
        capped_keys = self._services.capped_keys
        assert capped_keys is not None  # the dialog offers it only then
        ok, text = False, self.tr("Creating the capped key was interrupted.")
        try:
            text, ok = await capped_keys.make(caps), True
        except errors.HailuoError as error:
            text = error.message
        finally:
            dialog.show_capped_key_result(ok, text, capped=capped_keys.in_use())
        self._refresh_balance()

    def _use_own_key(self, dialog: SettingsDialog) -> None:
        capped_keys = self._services.capped_keys
        assert capped_keys is not None
        text = capped_keys.use_own_key()
        dialog.show_capped_key_result(True, text, capped=capped_keys.in_use())
        self._refresh_balance()
