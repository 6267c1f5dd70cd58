"""The Settings dialog: fields round-trip into Settings, nothing is written on Cancel or on
invalid input, the key never reaches the settings file, and "Test key" goes through signals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from hailuo_desktop.store.settings import Language, ProxyMode, Settings, Theme, default_base_url
from hailuo_desktop.ui.dialogs.settings import SettingsDialog, proxy_url_is_valid

KEY = "sk-test-4f1c9e0b7a2d4e8f"
SAVED_STATUS = "Stored in the system keyring"


@pytest.fixture
def settings() -> Settings:
    return Settings()


def make_dialog(qtbot, settings: Settings, *, has_key: bool = True, **kwargs) -> SettingsDialog:
    dialog = SettingsDialog(settings, key_status=SAVED_STATUS, has_key=has_key, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_into(edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def ok_button(dialog: SettingsDialog):
    return dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def note(dialog: SettingsDialog, name: str) -> str:
    """The text of an inline note as the user sees it ("" when hidden)."""
    widget = dialog.findChild(QWidget, name)
    return widget.text() if widget.isVisibleTo(dialog) else ""


def file_state(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def test_names_title_and_defaults(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    assert dialog.objectName() == "settingsDialog"
    assert dialog.windowTitle() == "Settings"
    for name in (
        "apiKeyEdit",
        "showKeyButton",
        "testKeyButton",
        "baseUrlEdit",
        "resetBaseUrlButton",
        "libraryFolderEdit",
        "chooseLibraryFolderButton",
        "concurrentJobsSpin",
        "dailyCapSpin",
        "monthlyCapSpin",
        "notificationsCheck",
        "proxyModeCombo",
        "proxyUrlEdit",
        "themeCombo",
        "languageCombo",
        "okButton",
        "cancelButton",
    ):
        widget = dialog.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() and widget.toolTip(), name
    assert dialog.base_url_edit.text() == default_base_url()
    assert dialog.api_key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.api_key_edit.placeholderText() == "•••• saved"
    assert dialog.key_status_label.text() == SAVED_STATUS
    assert dialog.concurrent_jobs_spin.minimum() == 1
    assert dialog.concurrent_jobs_spin.maximum() == 10
    for cap in (dialog.daily_cap_spin, dialog.monthly_cap_spin):
        assert (cap.value(), cap.text()) == (0.0, "No cap")
    assert dialog.batch_confirm_spin.text() == "$ 5.00"  # a fresh install asks above $5
    assert [dialog.proxy_mode_combo.itemText(i) for i in range(3)] == [
        "Use the system proxy",
        "No proxy",
        "Custom proxy",
    ]
    assert not dialog.proxy_url_edit.isEnabled()
    assert [dialog.theme_combo.itemText(i) for i in range(3)] == [
        "Follow the system",
        "Light",
        "Dark",
    ]
    assert dialog.theme_combo.currentData() == Theme.SYSTEM.value
    assert dialog.findChild(QWidget, "languageNote").text() == "Applies after the app is restarted."
    assert ok_button(dialog).isEnabled()


def test_every_field_round_trips_into_settings_on_ok(qtbot, settings, tmp_path):
    dialog = make_dialog(qtbot, settings)
    folder = tmp_path / "my videos" / "hailuo"
    type_into(dialog.base_url_edit, "https://api.example.org/")
    type_into(dialog.library_folder_edit, str(folder))
    dialog.concurrent_jobs_spin.setValue(7)
    dialog.daily_cap_spin.setValue(2.5)
    dialog.monthly_cap_spin.setValue(40)
    dialog.batch_confirm_spin.setValue(12.5)
    click(qtbot, dialog.notifications_check)
    dialog.proxy_mode_combo.setCurrentIndex(
        dialog.proxy_mode_combo.findData(ProxyMode.CUSTOM.value)
    )
    assert dialog.proxy_url_edit.isEnabled()
    type_into(dialog.proxy_url_edit, "socks5://127.0.0.1:1080")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(Language.CHINESE.value))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(Theme.DARK.value))

    with qtbot.waitSignal(dialog.settingsSaved), qtbot.assertNotEmitted(dialog.keyChanged):
        click(qtbot, ok_button(dialog))

    assert dialog.result() == QDialog.DialogCode.Accepted
    fresh = Settings(settings.path)
    assert fresh.base_url == "https://api.example.org"
    assert fresh.library_dir == folder
    assert folder.is_dir()
    assert fresh.max_concurrent_jobs == 7
    assert fresh.daily_cap_usd == Decimal("2.50")
    assert fresh.monthly_cap_usd == Decimal("40.00")
    assert fresh.batch_confirm_usd == Decimal("12.50")
    assert fresh.notifications is False
    assert fresh.proxy_mode is ProxyMode.CUSTOM
    assert fresh.proxy_url == "socks5://127.0.0.1:1080"
    assert fresh.language is Language.CHINESE
    assert fresh.theme is Theme.DARK

    reopened = make_dialog(qtbot, fresh)
    assert reopened.base_url_edit.text() == "https://api.example.org"
    assert reopened.library_folder_edit.text() == str(folder)
    assert reopened.concurrent_jobs_spin.value() == 7
    assert reopened.daily_cap_spin.text() == "$ 2.50"
    assert reopened.batch_confirm_spin.text() == "$ 12.50"
    reopened.daily_cap_spin.setValue(0)  # back to "No cap"
    reopened.batch_confirm_spin.setValue(0)
    assert reopened.batch_confirm_spin.text() == "Always ask"
    click(qtbot, ok_button(reopened))
    assert Settings(settings.path).daily_cap_usd is None
    assert Settings(settings.path).batch_confirm_usd is None
    assert not reopened.notifications_check.isChecked()
    assert reopened.proxy_mode_combo.currentData() == ProxyMode.CUSTOM.value
    assert reopened.proxy_url_edit.text() == "socks5://127.0.0.1:1080"
    assert reopened.language_combo.currentData() == Language.CHINESE.value
    assert reopened.theme_combo.currentText() == "Dark"


def test_cancel_writes_nothing(qtbot, settings, tmp_path):
    before = file_state(settings.path)
    dialog = make_dialog(qtbot, settings)
    type_into(dialog.api_key_edit, KEY)
    type_into(dialog.base_url_edit, "https://other.example.org")
    type_into(dialog.library_folder_edit, str(tmp_path / "elsewhere"))
    dialog.concurrent_jobs_spin.setValue(9)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(Language.ENGLISH.value))
    with qtbot.assertNotEmitted(dialog.settingsSaved), qtbot.assertNotEmitted(dialog.keyChanged):
        click(qtbot, dialog.button_box.button(QDialogButtonBox.StandardButton.Cancel))
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert file_state(settings.path) == before
    assert not (tmp_path / "elsewhere").exists()
    fresh = Settings(settings.path)
    assert fresh.base_url == default_base_url()
    assert fresh.max_concurrent_jobs == 3
    assert fresh.language is Language.SYSTEM


def test_escape_cancels(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    dialog.concurrent_jobs_spin.setValue(9)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert Settings(settings.path).max_concurrent_jobs == 3


def test_insecure_base_url_disables_ok_with_a_plain_message(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    type_into(dialog.base_url_edit, "http://example.com")
    assert not ok_button(dialog).isEnabled()
    message = note(dialog, "baseUrlError")
    assert "https://" in message and "not safe" in message

    type_into(dialog.base_url_edit, "toapis.com")
    assert not ok_button(dialog).isEnabled()
    assert "Enter a full address" in note(dialog, "baseUrlError")

    type_into(dialog.base_url_edit, "http://127.0.0.1:8765")
    assert ok_button(dialog).isEnabled()
    assert note(dialog, "baseUrlError") == ""
    with qtbot.waitSignal(dialog.settingsSaved):
        click(qtbot, ok_button(dialog))
    assert Settings(settings.path).base_url == "http://127.0.0.1:8765"


def test_reset_restores_the_default_address(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    type_into(dialog.base_url_edit, "http://example.com")
    click(qtbot, dialog.reset_base_url_button)
    assert dialog.base_url_edit.text() == default_base_url()
    assert ok_button(dialog).isEnabled()


def test_unwritable_library_folder_is_refused_and_nothing_is_saved(qtbot, settings, tmp_path):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    before = file_state(settings.path)
    dialog = make_dialog(qtbot, settings)
    type_into(dialog.base_url_edit, "https://changed.example.org")
    type_into(dialog.library_folder_edit, str(a_file / "videos"))
    with qtbot.assertNotEmitted(dialog.settingsSaved):
        click(qtbot, ok_button(dialog))
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot be saved in this folder" in note(dialog, "libraryFolderError")
    assert file_state(settings.path) == before
    assert Settings(settings.path).base_url == default_base_url()

    type_into(dialog.library_folder_edit, "relative/folder")
    assert note(dialog, "libraryFolderError") == ""
    click(qtbot, ok_button(dialog))
    assert "full path" in note(dialog, "libraryFolderError")
    assert file_state(settings.path) == before


def test_choose_uses_the_injected_folder_picker(qtbot, settings, tmp_path):
    asked: list[str] = []

    def pick(parent, start):
        asked.append(start)
        return str(tmp_path / "picked")

    dialog = make_dialog(qtbot, settings, pick_folder=pick)
    start = dialog.library_folder_edit.text()
    click(qtbot, dialog.choose_folder_button)
    assert asked == [start]
    assert dialog.library_folder_edit.text() == str(tmp_path / "picked")

    cancelled = make_dialog(qtbot, settings, pick_folder=lambda parent, start: "")
    click(qtbot, cancelled.choose_folder_button)
    assert cancelled.library_folder_edit.text() == start


def test_custom_proxy_needs_a_proxy_address(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    dialog.proxy_mode_combo.setCurrentIndex(
        dialog.proxy_mode_combo.findData(ProxyMode.CUSTOM.value)
    )
    assert dialog.proxy_url_edit.isEnabled()
    assert not ok_button(dialog).isEnabled()
    type_into(dialog.proxy_url_edit, "proxy.example.com")
    assert "http://host:port" in note(dialog, "proxyUrlError")
    assert not ok_button(dialog).isEnabled()
    type_into(dialog.proxy_url_edit, "http://proxy.example.com:8080")
    assert note(dialog, "proxyUrlError") == ""
    assert ok_button(dialog).isEnabled()
    dialog.proxy_mode_combo.setCurrentIndex(dialog.proxy_mode_combo.findData(ProxyMode.NONE.value))
    assert not dialog.proxy_url_edit.isEnabled()


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("http://proxy.example.com:8080", True),
        ("https://user:pw@10.0.0.1:3128", True),
        ("socks5://127.0.0.1:1080", True),
        ("proxy.example.com:8080", False),
        ("http://proxy.example.com", False),
        ("ftp://proxy.example.com:21", False),
        ("http://proxy.example.com:port", False),
        ("", False),
    ],
)
def test_proxy_address_rules(url, valid):
    assert proxy_url_is_valid(url) is valid


def test_test_key_sends_the_typed_key_and_shows_the_result(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    type_into(dialog.api_key_edit, f"  {KEY} ")
    with qtbot.waitSignal(dialog.testKeyRequested) as blocker:
        click(qtbot, dialog.test_key_button)
    assert blocker.args == [KEY]
    assert not dialog.test_key_button.isEnabled()
    assert dialog.test_key_button.text() == "Testing…"
    assert dialog.is_testing_key()

    dialog.show_key_test_result(True, "Key works — 20,000 credits left")
    assert dialog.test_key_button.isEnabled()
    assert dialog.test_key_button.text() == "Test key"
    assert note(dialog, "keyTestResult") == "Key works — 20,000 credits left"

    with qtbot.waitSignal(dialog.testKeyRequested):
        click(qtbot, dialog.test_key_button)
    message = "The API key is missing or was not accepted."
    dialog.show_key_test_result(False, message)
    assert note(dialog, "keyTestResult") == message
    QTest.keyClicks(dialog.api_key_edit, "x")  # a result about another key would mislead
    assert note(dialog, "keyTestResult") == ""


def test_test_key_with_an_empty_field_means_the_saved_key(qtbot, settings):
    dialog = make_dialog(qtbot, settings, has_key=True)
    with qtbot.waitSignal(dialog.testKeyRequested) as blocker:
        click(qtbot, dialog.test_key_button)
    assert blocker.args == [""]

    no_key = make_dialog(qtbot, settings, has_key=False)
    assert no_key.api_key_edit.placeholderText() == "Paste your ToAPIs API key"
    assert not no_key.test_key_button.isEnabled()
    type_into(no_key.api_key_edit, KEY)
    assert no_key.test_key_button.isEnabled()
    no_key.set_key_status("Kept for this session only: no keyring is available", has_key=True)
    assert no_key.key_status_label.text().startswith("Kept for this session only")


def test_show_toggle_reveals_the_typed_key(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    click(qtbot, dialog.show_key_button)
    assert dialog.api_key_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.show_key_button.text() == "Hide"
    click(qtbot, dialog.show_key_button)
    assert dialog.api_key_edit.echoMode() == QLineEdit.EchoMode.Password


def test_key_changed_only_when_a_key_was_typed_and_never_written_to_disk(
    qtbot, settings, isolated_environment
):
    dialog = make_dialog(qtbot, settings)
    type_into(dialog.api_key_edit, f" {KEY} ")
    with (
        qtbot.waitSignal(dialog.keyChanged) as changed,
        qtbot.waitSignal(dialog.settingsSaved),
    ):
        click(qtbot, ok_button(dialog))
    assert changed.args == [KEY]

    untouched = make_dialog(qtbot, settings)
    with qtbot.assertNotEmitted(untouched.keyChanged), qtbot.waitSignal(untouched.settingsSaved):
        click(qtbot, ok_button(untouched))

    assert settings.path.exists()
    for path in isolated_environment.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_the_region_sets_the_address_and_a_pasted_v1_is_dropped(qtbot, settings):
    dialog = make_dialog(qtbot, settings)
    combo = dialog.region_combo
    combo.setCurrentIndex(combo.findData("https://toapis.cn"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.base_url_edit.text() == "https://toapis.cn"
    dialog.base_url_edit.setText("https://toapis.com/v1/")
    assert combo.currentData() == "https://toapis.com"
    dialog.base_url_edit.setText("https://proxy.example/toapis")
    assert combo.currentText() == "Another address"
    dialog.base_url_edit.setText("https://toapis.cn/v1")
    click(qtbot, ok_button(dialog))
    assert settings.base_url == "https://toapis.cn"
