"""The one error dialog: a plain title and message, the action that fixes the problem, and a
"Details" expander with "Copy details" for the technical text.

Also the last stop for uncaught exceptions (`install_excepthook`, STYLE.md item 5): they are
logged (the traceback only, never local variables) and shown as "Something went wrong inside
the app" with the traceback under Details. Dialogs open with `open()`, never a blocking `exec()`,
so an error raised inside the qasync loop cannot stall it. Titles and messages are shown in the
interface language (the error keeps its English message); the technical details stay as they are.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop import APP_NAME, __version__
from hailuo_desktop.core.errors import ErrorKind, HailuoError
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP
from hailuo_desktop.core.urls import ConsolePage, Region, console_url
from hailuo_desktop.ui.common.translators import translate_message

log = logging.getLogger(__name__)

_CONTEXT = "ErrorDialog"  # written out in each QT_TRANSLATE_NOOP: lupdate reads literals only

TITLES: dict[ErrorKind, str] = {
    ErrorKind.INVALID_INPUT: QT_TRANSLATE_NOOP("ErrorDialog", "Some settings are not valid"),
    ErrorKind.BAD_REQUEST: QT_TRANSLATE_NOOP("ErrorDialog", "The request was not accepted"),
    ErrorKind.AUTH: QT_TRANSLATE_NOOP("ErrorDialog", "Your API key was not accepted"),
    ErrorKind.INSUFFICIENT_CREDITS: QT_TRANSLATE_NOOP("ErrorDialog", "Out of credits"),
    ErrorKind.NOT_FOUND: QT_TRANSLATE_NOOP("ErrorDialog", "Task not found"),
    ErrorKind.CONTENT_REJECTED: QT_TRANSLATE_NOOP(
        "ErrorDialog", "The prompt or picture was refused"
    ),
    ErrorKind.RATE_LIMITED: QT_TRANSLATE_NOOP("ErrorDialog", "Too many requests right now"),
    ErrorKind.SERVER: QT_TRANSLATE_NOOP("ErrorDialog", "The video service is having trouble"),
    ErrorKind.NETWORK: QT_TRANSLATE_NOOP("ErrorDialog", "No connection"),
    ErrorKind.PROTOCOL: QT_TRANSLATE_NOOP("ErrorDialog", "Unexpected reply from the video service"),
    ErrorKind.GENERATION_FAILED: QT_TRANSLATE_NOOP("ErrorDialog", "The video could not be made"),
    ErrorKind.NO_VIDEO: QT_TRANSLATE_NOOP("ErrorDialog", "No video came back"),
    ErrorKind.URL_EXPIRED: QT_TRANSLATE_NOOP("ErrorDialog", "The video is no longer available"),
    ErrorKind.UPLOAD_REJECTED: QT_TRANSLATE_NOOP("ErrorDialog", "The picture was not accepted"),
    ErrorKind.INSECURE_URL: QT_TRANSLATE_NOOP("ErrorDialog", "The service address is not safe"),
    ErrorKind.DISK: QT_TRANSLATE_NOOP("ErrorDialog", "The video could not be saved"),
    ErrorKind.SUBMISSION_UNCERTAIN: QT_TRANSLATE_NOOP(
        "ErrorDialog", "Not sure the video was submitted"
    ),
    ErrorKind.HISTORY_MOVED_ASIDE: QT_TRANSLATE_NOOP("ErrorDialog", "The job history was damaged"),
    ErrorKind.HISTORY_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "ErrorDialog", "The job history cannot be opened"
    ),
    ErrorKind.SPEND_CAP: QT_TRANSLATE_NOOP("ErrorDialog", "Spending cap reached"),
    ErrorKind.MEDIA: QT_TRANSLATE_NOOP("ErrorDialog", "A story's video could not be read"),
}
UNEXPECTED_TITLE = QT_TRANSLATE_NOOP("ErrorDialog", "Something went wrong inside the app")
UNEXPECTED_MESSAGE = QT_TRANSLATE_NOOP(
    "ErrorDialog",
    "This is a problem in Hailuo Desktop itself, not something you did. You can keep working; "
    "jobs already started are saved. If it keeps happening, click “Copy details” and send the "
    "text to the developers.",
)
# Kinds whose fix is in Settings (the key, the service address, the library folder, a cap).
SETTINGS_KINDS = frozenset(
    {ErrorKind.AUTH, ErrorKind.INSECURE_URL, ErrorKind.DISK, ErrorKind.SPEND_CAP}
)
CALM_KINDS = frozenset({ErrorKind.RATE_LIMITED, ErrorKind.NETWORK, ErrorKind.SERVER})

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _open_in_browser(url: str) -> None:
    QDesktopServices.openUrl(QUrl(url))


class UnexpectedError(HailuoError):
    """An uncaught exception dressed for the dialog: Details hold versions and the traceback."""

    def technical_details(self) -> str:
        return self.detail


class ErrorDialog(QDialog):
    """Explains one `HailuoError` in plain words.

    No signals: the actions call the `open_settings` and `open_url` callbacks, then close.
    """

    def __init__(
        self,
        error: HailuoError,
        parent: QWidget | None = None,
        *,
        open_settings: Callable[[], None] | None = None,
        open_url: Callable[[str], None] | None = None,
        title: str | None = None,
        service_url: str = Region.INTERNATIONAL.value,
    ) -> None:
        super().__init__(parent)
        self.error = error
        self._top_up_url = console_url(service_url, ConsolePage.BILLING)
        self._task_logs_url = console_url(service_url, ConsolePage.TASKS)
        self._open_settings = open_settings
        self._open_url = open_url or _open_in_browser

        self.icon_label = QLabel()
        self.title_label = QLabel(title or _tr(TITLES.get(error.kind, UNEXPECTED_TITLE)))
        self.message_label = QLabel(translate_message(error.message))
        self.details_button = QToolButton()
        self.copy_details_button = QPushButton(self.tr("Copy details"))
        self.details_edit = QPlainTextEdit(error.technical_details())
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_settings_button: QPushButton | None = None
        self.top_up_button: QPushButton | None = None

        self._setup_ui()
        self.details_button.toggled.connect(self._on_details_toggled)
        self.copy_details_button.clicked.connect(self._on_copy_details_clicked)
        self.button_box.rejected.connect(self.reject)

    # -- public API ---------------------------------------------------------------------------

    def title(self) -> str:
        return self.title_label.text()

    def message(self) -> str:
        return self.message_label.text()

    def details(self) -> str:
        return self.details_edit.toPlainText()

    def append_details(self, text: str) -> None:
        """Add another report (a second uncaught exception while this dialog is open)."""
        self.details_edit.appendPlainText("\n" + text)

    def set_details_visible(self, visible: bool) -> None:
        self.details_button.setChecked(visible)

    # -- layout -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.title_label.text())
        self.setAccessibleName(self.title_label.text())
        self.setMinimumWidth(520)

        kind = self.error.kind
        if isinstance(self.error, UnexpectedError):
            pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical
        elif kind in CALM_KINDS:
            pixmap = QStyle.StandardPixmap.SP_MessageBoxInformation
        else:
            pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        self.icon_label.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)

        title_font = self.title_label.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self.title_label.setFont(title_font)
        self.title_label.setObjectName("errorTitle")
        self.title_label.setWordWrap(True)
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_button.setObjectName("detailsButton")
        self.details_button.setAccessibleName(self.tr("Details"))
        self.details_button.setToolTip(self.tr("Show the technical facts behind this message."))
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setAutoRaise(True)
        self.details_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.copy_details_button.setObjectName("copyDetailsButton")
        self.copy_details_button.setAccessibleName(self.tr("Copy details"))
        self.copy_details_button.setToolTip(
            self.tr("Copy the technical details, to paste them into a message to support.")
        )
        self.copy_details_button.setAutoDefault(False)
        self.details_edit.setObjectName("errorDetails")
        self.details_edit.setAccessibleName(self.tr("Technical details"))
        self.details_edit.setReadOnly(True)
        self.details_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details_edit.setMinimumHeight(140)
        self.details_edit.setVisible(False)

        close_button = self.button_box.button(QDialogButtonBox.StandardButton.Close)
        close_button.setObjectName("closeButton")
        close_button.setAccessibleName(self.tr("Close"))
        default_button = close_button
        if kind in SETTINGS_KINDS and self._open_settings is not None:
            self.open_settings_button = self._add_action(
                self.tr("Open Settings"),
                "openSettingsButton",
                self.tr("Open Settings to fix this."),
                self._on_open_settings_clicked,
            )
            default_button = self.open_settings_button
        elif kind is ErrorKind.INSUFFICIENT_CREDITS:
            self.top_up_button = self._add_action(
                self.tr("Top up"),
                "topUpButton",
                self.tr("Open {url} in your web browser to add credits.").format(
                    url=self._top_up_url
                ),
                self._on_top_up_clicked,
            )
            default_button = self.top_up_button
        elif kind is ErrorKind.SUBMISSION_UNCERTAIN:
            self._add_action(
                self.tr("Open task logs"),
                "taskLogsButton",
                self.tr("Open {url} in your web browser to see whether the task exists.").format(
                    url=self._task_logs_url
                ),
                lambda: self._open_url(self._task_logs_url),
            )
        default_button.setDefault(True)

        text_column = QVBoxLayout()
        text_column.addWidget(self.title_label)
        text_column.addWidget(self.message_label)
        top_row = QHBoxLayout()
        top_row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        top_row.addSpacing(8)
        top_row.addLayout(text_column, 1)
        details_row = QHBoxLayout()
        details_row.addWidget(self.details_button)
        details_row.addStretch(1)
        details_row.addWidget(self.copy_details_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top_row)
        layout.addSpacing(4)
        layout.addLayout(details_row)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(self.button_box)
        default_button.setFocus()

    def _add_action(self, text: str, name: str, tooltip: str, slot) -> QPushButton:
        button = self.button_box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setToolTip(tooltip)
        button.clicked.connect(slot)
        return button

    # -- slots --------------------------------------------------------------------------------

    def _on_details_toggled(self, shown: bool) -> None:
        self.details_edit.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.adjustSize()

    def _on_copy_details_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.copy_details_button.setText(self.tr("Copied"))

    def _on_open_settings_clicked(self) -> None:
        self.accept()
        if self._open_settings is not None:
            self._open_settings()

    def _on_top_up_clicked(self) -> None:
        self.accept()
        self._open_url(self._top_up_url)


_unparented: set[ErrorDialog] = set()  # dialogs without a parent live until they close


def show_error(parent: QWidget | None, error: HailuoError, **kwargs) -> ErrorDialog:
    """Open an ErrorDialog without blocking (window-modal over `parent`); deleted on close."""
    dialog = ErrorDialog(error, parent, **kwargs)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _unparented.add(dialog)
        dialog.destroyed.connect(lambda: _unparented.discard(dialog))
    dialog.open()
    return dialog


def unexpected_error(exc_type, exc_value, exc_tb) -> UnexpectedError:
    """The generic error for an uncaught exception: versions and traceback (no locals)."""
    header = (
        f"{APP_NAME} {__version__}, Python {platform.python_version()}, Qt {qVersion()}, "
        f"{platform.platform()}"
    )
    trace = "".join(traceback.format_exception(exc_type, exc_value, exc_tb))
    return UnexpectedError(_tr(UNEXPECTED_MESSAGE), detail=f"{header}\n\n{trace}".rstrip())


def install_excepthook(
    parent_provider: Callable[[], QWidget | None],
    *,
    open_settings: Callable[[], None] | None = None,
    open_url: Callable[[str], None] | None = None,
) -> ExceptHook:
    """Make `sys.excepthook` log uncaught exceptions and show them; returns the previous hook.

    A `HailuoError` gets its own dialog; anything else the generic one. While a generic dialog
    is open, further exceptions are added to its details instead of opening more dialogs.
    """
    previous = sys.excepthook
    open_dialog: list[ErrorDialog] = []

    def excepthook(exc_type, exc_value, exc_tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc_value, exc_tb)
            return
        # The logging module formats the traceback without local variables.
        log.critical("Uncaught exception", exc_info=(exc_type, exc_value, exc_tb))
        if QApplication.instance() is None:
            return
        try:
            parent = parent_provider()
            if isinstance(exc_value, HailuoError):
                show_error(parent, exc_value, open_settings=open_settings, open_url=open_url)
                return
            error = unexpected_error(exc_type, exc_value, exc_tb)
            if open_dialog:
                open_dialog[0].append_details(error.technical_details())
                return
            dialog = show_error(parent, error, title=_tr(UNEXPECTED_TITLE), open_url=open_url)
            open_dialog.append(dialog)
            dialog.finished.connect(lambda _result: open_dialog.clear())
        except Exception:
            log.exception("The error dialog could not be shown")

    sys.excepthook = excepthook
    return previous
