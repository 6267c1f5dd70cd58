"""The Settings dialog's "Create a capped key…" through the app's own composition root
(`startup.gui_session`, the keyring facade over the test keyring) against the simulator on
127.0.0.1: asked first, made by the service, used from then on, and undone by "Use my own key
again"; a refusal says so and changes nothing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import keyring
import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from hailuo_desktop import startup
from hailuo_desktop.store.credentials import OWN_KEY_USERNAME, SERVICE, USERNAME, KeyStore
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.dialogs import settings as settings_dialog
from hailuo_desktop.ui.dialogs.settings import SettingsDialog
from hailuo_desktop.ui.main_window import MainWindow
from tests.helpers import KEY, until
from tests.simserver import SimServer


@pytest.fixture
def questions(monkeypatch) -> list[str]:
    """The confirmations asked, each answered "Yes" (appending "no" to the list declines)."""
    asked: list[str] = []

    def confirm(parent: QWidget, title: str, question: str) -> bool:
        answer = "no" not in asked
        asked.append(question)
        return answer

    monkeypatch.setattr(settings_dialog, "_confirm", confirm)
    return asked


@contextlib.asynccontextmanager
async def app_window(monkeypatch, **service) -> AsyncIterator[tuple[MainWindow, SimServer]]:
    """The app's window with a real session over a simulator on 127.0.0.1, with our key."""
    with SimServer(**service) as server:
        monkeypatch.setenv("HAILUO_BASE_URL", server.base_url)
        keys = KeyStore()
        keys.set(KEY)
        settings = Settings()
        window = MainWindow(settings, demo=False)
        window.show()
        session = asyncio.ensure_future(startup.gui_session(window, settings, keys))
        await until(lambda: window.services is not None)
        try:
            yield window, server
        finally:
            window.close()
            await asyncio.wait_for(session, 10)


def note(dialog: SettingsDialog) -> str:
    widget = dialog.findChild(QWidget, "cappedKeyResult")
    return widget.text() if widget.isVisibleTo(dialog) else ""


def button(dialog: SettingsDialog, name: str) -> QPushButton:
    return dialog.findChild(QPushButton, name)


async def test_a_capped_key_is_made_used_and_given_back(monkeypatch, questions):
    async with app_window(monkeypatch) as (window, server):
        dialog = window.open_settings()
        make = button(dialog, "cappedKeyButton")
        assert make.isVisible() and not make.isEnabled()  # no cap to give the key yet
        assert not button(dialog, "ownKeyButton").isVisible()
        dialog.daily_cap_spin.setValue(0.6)
        assert make.isEnabled()
        make.click()
        assert "(daily: $ 0.60, monthly: no cap)" in questions[0]
        assert make.text() == "Creating…" and not make.isEnabled()
        dialog.monthly_cap_spin.setValue(10)  # a cap changed meanwhile cannot start a second
        assert not make.isEnabled()
        await until(lambda: "now uses a capped key" in note(dialog))
        assert note(dialog) == (
            "The app now uses a capped key that the service stops at $0.60 a day. Your own key "
            "is kept aside: Settings can go back to it."
        )
        child = keyring.get_password(SERVICE, USERNAME)
        assert child and child != KEY
        assert keyring.get_password(SERVICE, OWN_KEY_USERNAME) == KEY
        assert not make.isVisible() and button(dialog, "ownKeyButton").isVisible()
        await until(lambda: any(s.authorization == f"Bearer {child}" for s in server.seen))
        assert server.requests("tokens") == 1

        button(dialog, "ownKeyButton").click()
        assert note(dialog).startswith("The app uses your own key again.")
        assert keyring.get_password(SERVICE, USERNAME) == KEY
        assert keyring.get_password(SERVICE, OWN_KEY_USERNAME) is None
        assert make.isVisible() and not button(dialog, "ownKeyButton").isVisible()
        assert Settings().daily_cap_usd is None  # the dialog was not saved


async def test_a_service_that_refuses_says_so_and_nothing_changes(monkeypatch, questions):
    async with app_window(monkeypatch, tokens_refused_with=403) as (window, server):
        dialog = window.open_settings()
        dialog.monthly_cap_spin.setValue(20)
        button(dialog, "cappedKeyButton").click()
        await until(lambda: "did not let" in note(dialog))
        assert note(dialog) == (
            "The service did not let this key create a capped key; your key is unchanged."
        )
        assert button(dialog, "cappedKeyButton").isEnabled()  # may be tried again
        assert server.requests("tokens") == 1
        assert keyring.get_password(SERVICE, USERNAME) == KEY
        assert keyring.get_password(SERVICE, OWN_KEY_USERNAME) is None


async def test_saying_no_sends_nothing(monkeypatch, questions):
    questions.append("no")
    async with app_window(monkeypatch) as (window, server):
        dialog = window.open_settings()
        dialog.daily_cap_spin.setValue(1)
        button(dialog, "cappedKeyButton").click()
        assert note(dialog) == "" and button(dialog, "cappedKeyButton").isEnabled()
        assert server.requests("tokens") == 0
        assert keyring.get_password(SERVICE, USERNAME) == KEY


def test_without_a_window_to_answer_no_capped_key_is_offered(qtbot):
    dialog = SettingsDialog(Settings(), key_status="Saved in the system keyring", has_key=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.daily_cap_spin.setValue(5)
    assert not button(dialog, "cappedKeyButton").isVisible()
    assert not button(dialog, "ownKeyButton").isVisible()
