"""The welcome page: a key goes out stripped through Continue or Enter, the demo is one click
away, and "Get a key" opens toapis.com through the injected opener."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from hailuo_desktop.store.credentials import KeyStorage
from hailuo_desktop.ui.dialogs.welcome import WelcomePage

KEY = "sk-test-4f1c9e0b7a2d4e8f"


def make_page(qtbot, **kwargs) -> WelcomePage:
    page = WelcomePage(**kwargs)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    return page


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_names_and_first_look(qtbot):
    page = make_page(qtbot)
    assert page.objectName() == "welcomePage"
    for name in ("welcomeKeyEdit", "welcomeContinueButton", "tryDemoButton", "getKeyLink"):
        widget = page.findChild(QWidget, name)
        assert widget is not None and widget.accessibleName() and widget.toolTip(), name
    assert page.key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert "ToAPIs API key" in page.intro_label.text()
    assert page.get_key_link.text() == "Get a key at toapis.com"
    assert page.demo_button.text() == "Try the demo (no key, no cost)"
    assert page.demo_button.isEnabled()
    assert not page.continue_button.isEnabled()
    assert page.error_text() == ""


def test_continue_is_enabled_only_with_a_key_and_emits_it_stripped(qtbot):
    page = make_page(qtbot)
    QTest.keyClicks(page.key_edit, "   ")
    assert not page.continue_button.isEnabled()
    QTest.keyClicks(page.key_edit, f"{KEY}  ")
    assert page.continue_button.isEnabled()
    with qtbot.waitSignal(page.keyEntered) as blocker:
        click(qtbot, page.continue_button)
    assert blocker.args == [KEY]


def test_enter_in_the_field_continues(qtbot):
    page = make_page(qtbot)
    with qtbot.assertNotEmitted(page.keyEntered):
        QTest.keyClick(page.key_edit, Qt.Key.Key_Return)
    QTest.keyClicks(page.key_edit, KEY)
    with qtbot.waitSignal(page.keyEntered) as blocker:
        QTest.keyClick(page.key_edit, Qt.Key.Key_Return)
    assert blocker.args == [KEY]


def test_demo_button_requests_the_demo(qtbot):
    page = make_page(qtbot)
    with qtbot.waitSignal(page.demoRequested), qtbot.assertNotEmitted(page.keyEntered):
        click(qtbot, page.demo_button)


def test_get_a_key_opens_toapis(qtbot):
    opened: list[str] = []
    page = make_page(qtbot, open_url=opened.append)
    click(qtbot, page.get_key_link)
    assert opened == ["https://toapis.com/dashboard/tokens"]


def test_a_rejected_key_is_explained_until_the_user_edits_it(qtbot):
    page = make_page(qtbot)
    QTest.keyClicks(page.key_edit, KEY)
    page.set_busy(True)
    assert not page.continue_button.isEnabled()
    assert not page.key_edit.isEnabled()
    assert page.continue_button.text() == "Checking…"
    with qtbot.assertNotEmitted(page.keyEntered):
        QTest.keyClick(page.key_edit, Qt.Key.Key_Return)

    page.show_error("The API key is missing or was not accepted.")
    assert page.error_text() == "The API key is missing or was not accepted."
    assert page.key_edit.isEnabled() and page.continue_button.isEnabled()
    assert page.continue_button.text() == "Continue"
    assert page.key_edit.selectedText()  # a new paste replaces the refused key

    QTest.keyClicks(page.key_edit, "sk-another")
    assert page.error_text() == ""


def test_the_region_choice_follows_the_base_url_and_moves_the_key_link(qtbot):
    opened: list[str] = []
    page = WelcomePage(open_url=opened.append)
    qtbot.addWidget(page)
    page.set_base_url("https://toapis.cn")
    assert page.region_combo.currentText() == "中国大陆 (toapis.cn)"
    assert page.get_key_link.text() == "Get a key at toapis.cn"
    with qtbot.waitSignal(page.regionChosen) as chosen:
        page.region_combo.setCurrentIndex(page.region_combo.findData("https://toapis.com"))
        page.region_combo.activated.emit(page.region_combo.currentIndex())
    assert chosen.args == ["https://toapis.com"]
    page.get_key_link.click()
    assert opened == ["https://toapis.com/dashboard/tokens"]


def test_the_page_says_where_the_key_is_kept_and_promises_no_keyring_there_is_not(qtbot):
    page = make_page(qtbot)
    page.set_key_storage(KeyStorage.SESSION_ONLY.label)
    shown = (
        " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisible())
        + page.key_edit.toolTip()
    )
    assert "No system keyring is available: the key is kept until you quit" in shown
    assert "Saved in the system keyring" not in shown and "keyring." not in page.intro_label.text()
    page.set_key_storage(KeyStorage.KEYRING.label)
    assert page.storage_label.text() == "Saved in the system keyring"
