"""The error dialog: plain titles per kind, the action that fixes the problem, Details and Copy
details; and the excepthook that logs uncaught exceptions (never locals) and shows them."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton

from hailuo_desktop.core import errors
from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.ui.dialogs.errors import (
    TITLES,
    UNEXPECTED_TITLE,
    ErrorDialog,
    install_excepthook,
    show_error,
)

SECRET_LOCAL = "sk-local-variable-never-shown"


def make_dialog(qtbot, error: errors.HailuoError, **kwargs) -> ErrorDialog:
    dialog = ErrorDialog(error, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def action_names(dialog: ErrorDialog) -> list[str]:
    return sorted(button.objectName() for button in dialog.button_box.buttons())


def open_error_dialogs() -> list[ErrorDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, ErrorDialog) and widget.isVisible()
    ]


@pytest.fixture
def close_error_dialogs():
    yield
    for dialog in open_error_dialogs():
        dialog.close()


@pytest.fixture
def restore_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_every_kind_has_its_own_plain_title():
    assert set(TITLES) == set(ErrorKind)
    assert len(set(TITLES.values())) == len(ErrorKind)
    assert UNEXPECTED_TITLE not in TITLES.values()


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (ErrorKind.AUTH, "Your API key was not accepted"),
        (ErrorKind.INSUFFICIENT_CREDITS, "Out of credits"),
        (ErrorKind.CONTENT_REJECTED, "The prompt or picture was refused"),
        (ErrorKind.NETWORK, "No connection"),
        (ErrorKind.RATE_LIMITED, "Too many requests right now"),
        (ErrorKind.SERVER, "The video service is having trouble"),
        (ErrorKind.SUBMISSION_UNCERTAIN, "Not sure the video was submitted"),
    ],
)
def test_title_and_message_by_kind(qtbot, kind, title):
    error = errors.error_for_kind(kind)
    dialog = make_dialog(qtbot, error)
    assert dialog.objectName() == "errorDialog"
    assert dialog.title() == title
    assert dialog.windowTitle() == title
    assert dialog.message() == error.message
    assert not dialog.icon_label.pixmap().isNull()


def test_auth_offers_open_settings(qtbot):
    opened: list[int] = []
    error = errors.AuthError(status=401)
    dialog = make_dialog(qtbot, error, open_settings=lambda: opened.append(1))
    assert action_names(dialog) == ["closeButton", "openSettingsButton"]
    button = dialog.findChild(QPushButton, "openSettingsButton")
    assert button.text() == "Open Settings" and button.isDefault()
    click(qtbot, button)
    assert opened == [1]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()


def test_auth_without_a_settings_callback_only_closes(qtbot):
    dialog = make_dialog(qtbot, errors.AuthError())
    assert action_names(dialog) == ["closeButton"]


def test_out_of_credits_offers_top_up(qtbot):
    opened: list[str] = []
    dialog = make_dialog(
        qtbot, errors.InsufficientCredits(status=402), open_url=opened.append, open_settings=print
    )
    assert action_names(dialog) == ["closeButton", "topUpButton"]
    click(qtbot, dialog.findChild(QPushButton, "topUpButton"))
    assert opened == ["https://toapis.com/en/dashboard/billing"]
    assert not dialog.isVisible()


def test_top_up_follows_the_chosen_region(qtbot):
    opened: list[str] = []
    dialog = make_dialog(
        qtbot,
        errors.InsufficientCredits(status=402),
        open_url=opened.append,
        service_url="https://toapis.cn",
    )
    click(qtbot, dialog.findChild(QPushButton, "topUpButton"))
    assert opened == ["https://toapis.cn/en/dashboard/billing"]


@pytest.mark.parametrize(
    "kind", [ErrorKind.CONTENT_REJECTED, ErrorKind.NETWORK, ErrorKind.GENERATION_FAILED]
)
def test_other_kinds_just_close(qtbot, kind):
    dialog = make_dialog(qtbot, errors.error_for_kind(kind), open_settings=print, open_url=print)
    assert action_names(dialog) == ["closeButton"]
    click(qtbot, dialog.button_box.button(QDialogButtonBox.StandardButton.Close))
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


def test_details_expander_and_copy(qtbot):
    error = errors.ContentRejected(status=422, code="content_policy", task_id="task_abc123")
    dialog = make_dialog(qtbot, error)
    details = dialog.findChild(QPlainTextEdit, "errorDetails")
    assert details.objectName() == "errorDetails"
    assert details.isReadOnly()
    assert not details.isVisible()
    assert dialog.details() == error.technical_details()
    assert "task id: task_abc123" in dialog.details()

    click(qtbot, dialog.details_button)
    assert details.isVisible()
    click(qtbot, dialog.details_button)
    assert not details.isVisible()

    QGuiApplication.clipboard().clear()
    click(qtbot, dialog.copy_details_button)
    assert QGuiApplication.clipboard().text() == error.technical_details()
    assert dialog.copy_details_button.text() == "Copied"


def test_show_error_does_not_block(qtbot, close_error_dialogs):
    parent = QDialog()
    qtbot.addWidget(parent)
    parent.show()
    dialog = show_error(parent, errors.NetworkError(may_have_arrived=False))
    assert dialog.isVisible()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert dialog.title() == "No connection"


def _fail_with_a_secret_local() -> None:
    secret = SECRET_LOCAL  # a local that must never be logged or shown
    raise ValueError(f"boom, {len(secret)} characters")


def _raise_into(hook) -> None:
    try:
        _fail_with_a_secret_local()
    except ValueError:
        hook(*sys.exc_info())


@pytest.mark.expect_error_log("Uncaught exception")
def test_excepthook_logs_and_shows_the_generic_dialog(
    qtbot, caplog, restore_excepthook, close_error_dialogs
):
    parent = QDialog()
    qtbot.addWidget(parent)
    previous = sys.excepthook
    assert install_excepthook(lambda: parent) is previous

    with caplog.at_level(logging.CRITICAL, logger="hailuo_desktop.ui.dialogs.errors"):
        _raise_into(sys.excepthook)

    dialogs = open_error_dialogs()
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.parent() is parent
    assert dialog.title() == "Something went wrong inside the app"
    assert "not something you did" in dialog.message()
    assert "ValueError: boom, 29 characters" in dialog.details()
    assert "_fail_with_a_secret_local" in dialog.details()
    assert "Uncaught exception" in caplog.text
    assert "ValueError: boom" in caplog.text
    assert SECRET_LOCAL not in caplog.text
    assert SECRET_LOCAL not in dialog.details()

    _raise_into(sys.excepthook)  # a second failure joins the open dialog
    assert open_error_dialogs() == [dialog]
    assert dialog.details().count("ValueError: boom") == 2

    dialog.close()
    qtbot.waitUntil(lambda: not open_error_dialogs())
    _raise_into(sys.excepthook)  # after closing, a new dialog
    assert len(open_error_dialogs()) == 1


@pytest.mark.expect_error_log("Uncaught exception")
def test_excepthook_shows_a_product_error_with_its_own_title(
    qtbot, restore_excepthook, close_error_dialogs
):
    opened: list[int] = []
    install_excepthook(lambda: None, open_settings=lambda: opened.append(1))
    try:
        raise errors.AuthError(status=401)
    except errors.AuthError:
        sys.excepthook(*sys.exc_info())
    (dialog,) = open_error_dialogs()
    assert dialog.title() == "Your API key was not accepted"
    click(qtbot, dialog.findChild(QPushButton, "openSettingsButton"))
    assert opened == [1]


def test_excepthook_leaves_keyboard_interrupt_to_python(
    qtbot, monkeypatch, restore_excepthook, close_error_dialogs
):
    seen: list[type] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda kind, value, tb: seen.append(kind))
    install_excepthook(lambda: None)
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt]
    assert open_error_dialogs() == []


def test_an_uncertain_submission_links_to_the_task_logs_of_the_region(qtbot):
    opened: list[str] = []
    dialog = make_dialog(
        qtbot,
        errors.SubmissionUncertain(detail="timeout"),
        open_url=opened.append,
        service_url="https://toapis.cn",
    )
    click(qtbot, dialog.findChild(QPushButton, "taskLogsButton"))
    assert opened == ["https://toapis.cn/en/dashboard/tasks"]
