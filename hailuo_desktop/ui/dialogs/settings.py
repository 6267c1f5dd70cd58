"""The Settings dialog: API key (with "Test key"), service address, library folder, jobs,
notifications, spending caps (and a capped key), proxy, theme and language.

The dialog never stores the key and never talks to the network: a typed key leaves through
`keyChanged` (the main window hands it to the keyring facade) and "Test key" leaves through
`testKeyRequested` (the window runs the balance call and answers with `show_key_test_result`).
"Create a capped key…" asks first (`confirm`), then leaves through `cappedKeyRequested` with the
caps the spin boxes show, and "Use my own key again" through `ownKeyRequested`; the window
answers both with `show_capped_key_result`. Neither is offered without a window to answer
(`capped_key=None`: demo mode, scripts).
Everything else is written to `store.settings.Settings` on OK, and only when every field is valid.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core import errors
from hailuo_desktop.core.spend import Caps
from hailuo_desktop.core.urls import Region, check_base_url
from hailuo_desktop.store.settings import (
    MAX_CONCURRENT_JOBS,
    MIN_CONCURRENT_JOBS,
    Language,
    ProxyMode,
    Settings,
    Theme,
    default_base_url,
)
from hailuo_desktop.ui.common.regions import add_regions
from hailuo_desktop.ui.common.translators import translate_message

FolderPicker = Callable[[QWidget, str], str]
"""(parent, start folder) -> the chosen folder, or "" when the user cancelled."""
Confirm = Callable[[QWidget, str, str], bool]
"""(parent, title, question) -> True when the user said yes."""

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
MAX_CAP_USD = 100_000.0
"""The largest spending cap the spin boxes take."""


def proxy_url_is_valid(url: str) -> bool:
    """True for http(s)://host:port and socks5://host:port (user:password@ allowed)."""
    try:
        parts = urlsplit(url.strip())
        return (
            parts.scheme in PROXY_SCHEMES
            and bool(parts.hostname)
            and parts.port is not None
            and parts.path in ("", "/")
        )
    except ValueError:  # a port that is not a number
        return False


def folder_problem(folder: Path) -> str | None:
    """None when `folder` exists (or could be created) and is writable; else the OS reason."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return error.strerror or str(error)
    return None


def _pick_folder(parent: QWidget, start: str) -> str:
    title = QCoreApplication.translate("SettingsDialog", "Choose the library folder")
    return QFileDialog.getExistingDirectory(parent, title, start)


def _confirm(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(
        parent, title, question, defaultButton=QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


def _muted_label(text: str, object_name: str) -> QLabel:
    """A secondary remark under a setting, in the palette's muted text colour."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class _Note(QWidget):
    """A one-line message with a standard icon, hidden while empty (inline errors, results)."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._icon = QLabel()
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # A wrapped label's size hint assumes a narrow column; this keeps it near the real one.
        self._label.setMinimumWidth(340)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)
        self.setVisible(False)

    def text(self) -> str:
        return self._label.text()

    def show_text(self, text: str, icon: QStyle.StandardPixmap | None = None) -> None:
        self._label.setText(text)
        if icon is None:
            self._icon.clear()
            self._icon.setVisible(False)
        else:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            self._icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
            self._icon.setVisible(True)
        self.setVisible(bool(text))
        if text:
            self._grow_window()

    def clear(self) -> None:
        self.show_text("")

    def _grow_window(self) -> None:
        # WORKAROUND: a window's minimum size ignores wrapped labels' height-for-width, so a
        # note appearing in a shown dialog would be clipped; grow the window to fit it.
        window = self.window()
        layout = window.layout()
        if not window.isVisible() or layout is None:
            return
        layout.activate()
        needed = max(window.heightForWidth(window.width()), window.minimumSizeHint().height())
        if window.height() < needed:
            window.resize(window.width(), needed)


class SettingsDialog(QDialog):
    """The application's settings.

    Signals:
        testKeyRequested(str): test this key; "" means the saved one. Answer with
            `show_key_test_result`.
        keyChanged(str): on OK, when a new key was typed (stripped); never written to Settings.
        settingsSaved(): on OK, after every field was written to Settings.
        cappedKeyRequested(Caps): make a capped key with these caps and use it (the user
            agreed). Answer with `show_capped_key_result`.
        ownKeyRequested(): go back to the user's own key. Answer likewise.
    """

    testKeyRequested = Signal(str)
    keyChanged = Signal(str)
    settingsSaved = Signal()
    cappedKeyRequested = Signal(object)
    ownKeyRequested = Signal()

    def __init__(
        self,
        settings: Settings,
        *,
        key_status: str,
        has_key: bool,
        parent: QWidget | None = None,
        pick_folder: FolderPicker | None = None,
        capped_key: bool | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        """`capped_key`: whether the key in use is a capped key; None when the capped key is
        not offered."""
        super().__init__(parent)
        self._settings = settings
        self._has_key = has_key
        self._pick_folder = pick_folder or _pick_folder
        self._confirm = confirm or _confirm
        self._testing = False
        self._capped = capped_key
        self._making_key = False

        self.api_key_edit = QLineEdit()
        self.show_key_button = QPushButton(self.tr("Show"))
        self.key_status_label = QLabel(translate_message(key_status))
        self.test_key_button = QPushButton(self.tr("Test key"))
        self.key_test_result = _Note("keyTestResult")
        self.library_folder_edit = QLineEdit(str(settings.library_dir))
        self.choose_folder_button = QPushButton(self.tr("Choose…"))
        self.library_folder_error = _Note("libraryFolderError")
        self.concurrent_jobs_spin = QSpinBox()
        self.daily_cap_spin = self._cap_spin()
        self.monthly_cap_spin = self._cap_spin()
        self.batch_confirm_spin = self._cap_spin(self.tr("Always ask"))
        # Children of the dialog even where not offered (hidden then): tab order needs them.
        self.capped_key_button = QPushButton(self.tr("Create a capped key…"), self)
        self.own_key_button = QPushButton(self.tr("Use my own key again"), self)
        self.capped_key_result = _Note("cappedKeyResult", self)
        self.notifications_check = QCheckBox(
            self.tr("Tell me when a video is ready while the app is in the background")
        )
        self.region_combo = QComboBox()
        self.base_url_edit = QLineEdit(settings.base_url)
        self.reset_base_url_button = QPushButton(self.tr("Reset"))
        self.base_url_error = _Note("baseUrlError")
        self.proxy_mode_combo = QComboBox()
        self.proxy_url_edit = QLineEdit(settings.proxy_url)
        self.proxy_url_error = _Note("proxyUrlError")
        self.theme_combo = QComboBox()
        self.language_combo = QComboBox()
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )

        self._setup_ui()
        self._load(settings)
        self.api_key_edit.textEdited.connect(self._on_key_edited)
        self.api_key_edit.textChanged.connect(self._on_key_text_changed)
        self.show_key_button.toggled.connect(self._on_show_key_toggled)
        self.test_key_button.clicked.connect(self._on_test_key_clicked)
        self.choose_folder_button.clicked.connect(self._on_choose_folder_clicked)
        self.library_folder_edit.textChanged.connect(self.library_folder_error.clear)
        self.base_url_edit.textChanged.connect(self._on_input_changed)
        self.base_url_edit.textChanged.connect(self._sync_region)
        self.region_combo.activated.connect(self._on_region_chosen)
        self.reset_base_url_button.clicked.connect(self._on_reset_base_url_clicked)
        self.proxy_mode_combo.currentIndexChanged.connect(self._on_input_changed)
        self.proxy_url_edit.textChanged.connect(self._on_input_changed)
        self.daily_cap_spin.valueChanged.connect(self._sync_capped_key)
        self.monthly_cap_spin.valueChanged.connect(self._sync_capped_key)
        self.capped_key_button.clicked.connect(self._on_capped_key_clicked)
        self.own_key_button.clicked.connect(self._on_own_key_clicked)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self._on_key_text_changed()
        self._on_input_changed()
        self._sync_region()
        self._sync_capped_key()

    # -- public API ---------------------------------------------------------------------------

    def show_key_test_result(self, ok: bool, message: str) -> None:
        """End the "Testing…" state and show the outcome next to the button."""
        self._testing = False
        self.test_key_button.setText(self.tr("Test key"))
        self._on_key_text_changed()
        pixmap = QStyle.StandardPixmap
        icon = pixmap.SP_DialogApplyButton if ok else pixmap.SP_MessageBoxWarning
        self.key_test_result.show_text(translate_message(message), icon)

    def set_key_status(self, key_status: str, *, has_key: bool) -> None:
        """Update the line saying where the saved key lives (after the window stored one)."""
        self._has_key = has_key
        self.key_status_label.setText(translate_message(key_status))
        self._on_key_text_changed()

    def show_capped_key_result(self, ok: bool, message: str, *, capped: bool) -> None:
        """End the "Creating…" state: the outcome under the buttons, and whether the key in
        use is now a capped key."""
        self._capped = capped
        self._making_key = False
        self.capped_key_button.setText(self.tr("Create a capped key…"))
        self._sync_capped_key()
        pixmap = QStyle.StandardPixmap
        icon = pixmap.SP_DialogApplyButton if ok else pixmap.SP_MessageBoxWarning
        self.capped_key_result.show_text(translate_message(message), icon)

    def is_testing_key(self) -> bool:
        return self._testing

    def accept(self) -> None:
        """Write every field to Settings, or show what is wrong and write nothing."""
        base_url = self._checked_base_url()
        if base_url is None or not self._proxy_is_acceptable():
            return
        folder = self._checked_library_folder()
        if folder is None:
            self.library_folder_edit.setFocus()
            return
        settings = self._settings
        settings.base_url = base_url
        settings.library_dir = folder
        settings.max_concurrent_jobs = self.concurrent_jobs_spin.value()
        settings.notifications = self.notifications_check.isChecked()
        settings.daily_cap_usd = _cap_value(self.daily_cap_spin)
        settings.monthly_cap_usd = _cap_value(self.monthly_cap_spin)
        settings.batch_confirm_usd = _cap_value(self.batch_confirm_spin)
        settings.proxy_mode = ProxyMode(self.proxy_mode_combo.currentData())
        proxy_url = self.proxy_url_edit.text().strip()
        if not proxy_url or proxy_url_is_valid(proxy_url):
            settings.proxy_url = proxy_url
        settings.theme = Theme(self.theme_combo.currentData())
        settings.language = Language(self.language_combo.currentData())
        new_key = self.api_key_edit.text().strip()
        if new_key:
            self.keyChanged.emit(new_key)
        self.settingsSaved.emit()
        super().accept()

    # -- layout -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setMinimumWidth(560)

        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_key_button.setCheckable(True)
        self.key_status_label.setObjectName("keyStatusLabel")
        self.key_status_label.setWordWrap(True)
        self.key_status_label.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        self.concurrent_jobs_spin.setRange(MIN_CONCURRENT_JOBS, MAX_CONCURRENT_JOBS)
        proxy_labels = {
            ProxyMode.SYSTEM: self.tr("Use the system proxy"),
            ProxyMode.NONE: self.tr("No proxy"),
            ProxyMode.CUSTOM: self.tr("Custom proxy"),
        }
        for mode in ProxyMode:
            self.proxy_mode_combo.addItem(proxy_labels[mode], mode.value)
        theme_labels = {
            Theme.SYSTEM: self.tr("Follow the system"),
            Theme.LIGHT: self.tr("Light"),
            Theme.DARK: self.tr("Dark"),
        }
        for theme in Theme:
            self.theme_combo.addItem(theme_labels[theme], theme.value)
        for language in Language:  # each language by its own name, so anyone can find theirs
            label = self.tr("System language") if language is Language.SYSTEM else language.label
            self.language_combo.addItem(label, language.value)
        self.proxy_url_edit.setPlaceholderText("http://proxy.example.com:8080")
        self.library_folder_edit.setPlaceholderText(self.tr("A folder for your videos"))
        tab_order = self._name_widgets()

        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key_edit, 1)
        key_row.addWidget(self.show_key_button)
        key_row.addWidget(self.test_key_button)
        account = QFormLayout()
        account.addRow(self._buddy(self.tr("API &key:"), self.api_key_edit), key_row)
        account.addRow("", self.key_status_label)
        account.addRow("", self.key_test_result)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.library_folder_edit, 1)
        folder_row.addWidget(self.choose_folder_button)
        videos = QFormLayout()
        folder_label = self._buddy(self.tr("&Library folder:"), self.library_folder_edit)
        videos.addRow(folder_label, folder_row)
        videos.addRow("", self.library_folder_error)
        videos.addRow(self.tr("&Videos at once:"), self.concurrent_jobs_spin)
        videos.addRow("", self.notifications_check)

        url_row = QHBoxLayout()
        url_row.addWidget(self.base_url_edit, 1)
        url_row.addWidget(self.reset_base_url_button)
        network = QFormLayout()
        add_regions(self.region_combo)
        self.region_combo.addItem(self.tr("Another address"), "")
        network.addRow(self._buddy(self.tr("Re&gion:"), self.region_combo), self.region_combo)
        network.addRow(self._buddy(self.tr("Service &address:"), self.base_url_edit), url_row)
        network.addRow("", self.base_url_error)
        network.addRow(self.tr("&Proxy:"), self.proxy_mode_combo)
        network.addRow(self.tr("Proxy add&ress:"), self.proxy_url_edit)
        network.addRow("", self.proxy_url_error)
        proxy_note = self.tr("Proxy changes apply after the app is restarted.")
        network.addRow("", _muted_label(proxy_note, "proxyNote"))

        caps_row = QHBoxLayout()  # both caps on one line: the dialog fits a 768-pixel screen
        caps_row.addWidget(self.daily_cap_spin)
        caps_row.addWidget(QLabel(self.tr("a day")))
        caps_row.addSpacing(12)
        caps_row.addWidget(self.monthly_cap_spin)
        caps_row.addWidget(QLabel(self.tr("a month")))
        caps_row.addStretch(1)
        spending = QFormLayout()
        spending.addRow(self._buddy(self.tr("&Spending caps:"), self.daily_cap_spin), caps_row)
        spending.addRow(self.tr("Ask before a &batch over:"), self.batch_confirm_spin)
        spending_note = self.tr(
            "Estimates use reference prices. Demo videos never count.\n"
            "A video over a cap is not sent; videos under way go on."
        )
        spending.addRow("", _muted_label(spending_note, "spendingNote"))
        if self._capped is not None:
            capped_row = QHBoxLayout()
            capped_row.addWidget(self.capped_key_button)
            capped_row.addWidget(self.own_key_button)
            capped_row.addStretch(1)
            spending.addRow(self.tr("Capped key:"), capped_row)
            spending.addRow("", self.capped_key_result)

        appearance = QFormLayout()
        appearance.addRow(self.tr("&Theme:"), self.theme_combo)
        appearance.addRow(self.tr("Lan&guage:"), self.language_combo)
        language_note = self.tr("Applies after the app is restarted.")
        appearance.addRow("", _muted_label(language_note, "languageNote"))

        layout = QVBoxLayout(self)
        for title, form in (
            (self.tr("ToAPIs account"), account),
            (self.tr("Videos"), videos),
            (self.tr("Spending"), spending),
            (self.tr("Network"), network),
            (self.tr("Appearance"), appearance),
        ):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            box = QGroupBox(title)
            box.setLayout(form)
            layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.button_box)
        for first, second in itertools.pairwise(tab_order):
            QWidget.setTabOrder(first, second)
        self.api_key_edit.setFocus()

    def _cap_spin(self, at_zero: str | None = None) -> QDoubleSpinBox:
        """An amount in USD; 0 shows `at_zero` ("No cap" unless given)."""
        spin = QDoubleSpinBox()
        spin.setRange(0.0, MAX_CAP_USD)
        spin.setDecimals(2)
        spin.setSingleStep(1.0)
        spin.setPrefix("$ ")
        spin.setSpecialValueText(at_zero or self.tr("No cap"))
        return spin

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _name_widgets(self) -> list[QWidget]:
        """Names, accessible names and tooltips; returns the widgets in tab order."""
        ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        names = [
            (self.api_key_edit, "apiKeyEdit", self.tr("API key"),
             self.tr("Your ToAPIs API key. It is kept in the system keyring, never in a file.")),
            (self.show_key_button, "showKeyButton", self.tr("Show the key"),
             self.tr("Show or hide the characters of the key you are typing.")),
            (self.test_key_button, "testKeyButton", self.tr("Test key"),
             self.tr("Check the key with ToAPIs and show the remaining credits. Costs nothing.")),
            (self.library_folder_edit, "libraryFolderEdit", self.tr("Library folder"),
             self.tr("Finished videos are saved in this folder.")),
            (self.choose_folder_button, "chooseLibraryFolderButton",
             self.tr("Choose the library folder"), self.tr("Pick the folder with a file browser.")),
            (self.concurrent_jobs_spin, "concurrentJobsSpin", self.tr("Videos at once"),
             self.tr("How many videos may be generated at the same time (1 to 10).")),
            (self.daily_cap_spin, "dailyCapSpin", self.tr("Daily spending cap"),
             self.tr("The most the videos sent today may cost, in US dollars. \"No cap\" "
                     "at 0.")),
            (self.monthly_cap_spin, "monthlyCapSpin", self.tr("Monthly spending cap"),
             self.tr("The most the videos sent this month may cost, in US dollars. "
                     "\"No cap\" at 0.")),
            (self.batch_confirm_spin, "batchConfirmSpin", self.tr("Ask before a batch over"),
             self.tr("A batch whose estimated total is above this amount asks before anything "
                     "is queued. \"Always ask\" at 0.")),
            (self.capped_key_button, "cappedKeyButton", self.tr("Create a capped key"),
             self.tr("Ask ToAPIs for a key that the service itself stops at these caps, and "
                     "use it from now on.")),
            (self.own_key_button, "ownKeyButton", self.tr("Use my own key again"),
             self.tr("Stop using the capped key and go back to the key you pasted.")),
            (self.notifications_check, "notificationsCheck", self.tr("Notifications"),
             self.tr("Show a system notification when a video finishes or fails while you "
                     "are using another window.")),
            (self.region_combo, "regionCombo", self.tr("Region"),
             self.tr("Where you use ToAPIs from: mainland China uses toapis.cn.")),
            (self.base_url_edit, "baseUrlEdit", self.tr("Service address"),
             self.tr("The address of the ToAPIs service. Leave it as it is unless you were "
                     "told otherwise.")),
            (self.reset_base_url_button, "resetBaseUrlButton",
             self.tr("Reset the service address"),
             self.tr("Go back to {address}.").format(address=default_base_url())),
            (self.proxy_mode_combo, "proxyModeCombo", self.tr("Proxy"),
             self.tr("How the app reaches the internet.")),
            (self.proxy_url_edit, "proxyUrlEdit", self.tr("Proxy address"),
             self.tr("Used with \"Custom proxy\", for example http://proxy.example.com:8080 "
                     "or socks5://127.0.0.1:1080.")),
            (self.theme_combo, "themeCombo", self.tr("Theme"),
             self.tr("Light or dark colours, or the same as the system. Applies at once.")),
            (self.language_combo, "languageCombo", self.tr("Language"),
             self.tr("The language of the app. Applies after a restart.")),
            (ok_button, "okButton", self.tr("OK"), self.tr("Save the settings.")),
            (cancel_button, "cancelButton", self.tr("Cancel"),
             self.tr("Close without saving anything.")),
        ]  # fmt: skip
        for widget, object_name, accessible_name, tooltip in names:
            widget.setObjectName(object_name)
            widget.setAccessibleName(accessible_name)
            widget.setToolTip(tooltip)
        return [widget for widget, *_ in names]

    def _load(self, settings: Settings) -> None:
        self.concurrent_jobs_spin.setValue(settings.max_concurrent_jobs)
        self.notifications_check.setChecked(settings.notifications)
        self.daily_cap_spin.setValue(float(settings.daily_cap_usd or 0))
        self.monthly_cap_spin.setValue(float(settings.monthly_cap_usd or 0))
        self.batch_confirm_spin.setValue(float(settings.batch_confirm_usd or 0))
        self.proxy_mode_combo.setCurrentIndex(
            max(0, self.proxy_mode_combo.findData(settings.proxy_mode.value))
        )
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme.value)))
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(settings.language.value))
        )

    # -- validation ---------------------------------------------------------------------------

    def _checked_base_url(self) -> str | None:
        """The normalised base URL, or None after showing why it is refused."""
        text = self.base_url_edit.text().strip()
        try:
            url = check_base_url(text)
        except errors.InsecureUrl:
            if urlsplit(text).scheme == "http":
                message = self.tr(
                    "Plain http:// is not safe for your key. Use an https:// address "
                    "(http:// is allowed only for this computer, like http://127.0.0.1)."
                )
            else:
                message = self.tr(
                    "Enter a full address starting with https://, like {address}."
                ).format(address=default_base_url())
            self.base_url_error.show_text(message, QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        self.base_url_error.clear()
        return url

    def _proxy_is_acceptable(self) -> bool:
        custom = self.proxy_mode_combo.currentData() == ProxyMode.CUSTOM.value
        text = self.proxy_url_edit.text().strip()
        if custom and not proxy_url_is_valid(text):
            self.proxy_url_error.show_text(
                self.tr(
                    "Enter the proxy as http://host:port, https://host:port or socks5://host:port."
                ),
                QStyle.StandardPixmap.SP_MessageBoxWarning,
            )
            return False
        self.proxy_url_error.clear()
        return True

    def _checked_library_folder(self) -> Path | None:
        text = self.library_folder_edit.text().strip()
        folder = Path(text).expanduser() if text else None
        if folder is None or not folder.is_absolute():
            reason = self.tr("Enter the full path of a folder, or click Choose….")
        else:
            problem = folder_problem(folder)
            if problem is None:
                return folder
            reason = self.tr(
                "Videos cannot be saved in this folder ({reason}). Choose another folder."
            ).format(reason=problem)
        self.library_folder_error.show_text(reason, QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    # -- slots --------------------------------------------------------------------------------

    def _on_input_changed(self) -> None:
        custom = self.proxy_mode_combo.currentData() == ProxyMode.CUSTOM.value
        self.proxy_url_edit.setEnabled(custom)
        valid = self._checked_base_url() is not None
        valid = self._proxy_is_acceptable() and valid
        self.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)

    def _on_key_edited(self) -> None:
        self.key_test_result.clear()  # a result about another key would mislead
        self._on_key_text_changed()

    def _on_key_text_changed(self) -> None:
        typed = bool(self.api_key_edit.text().strip())
        self.api_key_edit.setPlaceholderText(
            self.tr("•••• saved") if self._has_key else self.tr("Paste your ToAPIs API key")
        )
        self.test_key_button.setEnabled(not self._testing and (typed or self._has_key))

    def _on_show_key_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.api_key_edit.setEchoMode(mode)
        self.show_key_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _on_test_key_clicked(self) -> None:
        self._testing = True
        self.test_key_button.setEnabled(False)
        self.test_key_button.setText(self.tr("Testing…"))
        self.key_test_result.show_text(self.tr("Asking ToAPIs about this key…"))
        self.testKeyRequested.emit(self.api_key_edit.text().strip())

    def _sync_capped_key(self) -> None:
        """Offer a capped key while the caps are set and no capped key is in use; going back
        while one is."""
        offered, capped = self._capped is not None, bool(self._capped)
        has_caps = self.daily_cap_spin.value() > 0 or self.monthly_cap_spin.value() > 0
        self.capped_key_button.setVisible(offered and not capped)
        self.capped_key_button.setEnabled(has_caps and self._has_key and not self._making_key)
        self.own_key_button.setVisible(offered and capped)

    def _on_capped_key_clicked(self) -> None:
        caps = Caps(_cap_value(self.daily_cap_spin), _cap_value(self.monthly_cap_spin))
        no_cap = self.tr("no cap")
        question = self.tr(
            "Hailuo Desktop will ask ToAPIs for a new key that the service itself stops at "
            "these caps (daily: {daily}, monthly: {monthly}) and use it from now on instead of "
            'your key.\n\nYour own key is kept aside in the keyring: "Use my own key again" '
            "brings it back. The caps of the new key cannot be changed later.\n\nCreate the "
            "capped key?"
        ).format(
            daily=self.daily_cap_spin.text() if caps.daily_usd else no_cap,
            monthly=self.monthly_cap_spin.text() if caps.monthly_usd else no_cap,
        )
        if not self._confirm(self, self.tr("Create a capped key"), question):
            return
        self._making_key = True
        self.capped_key_button.setEnabled(False)
        self.capped_key_button.setText(self.tr("Creating…"))
        self.capped_key_result.show_text(self.tr("Asking ToAPIs for a capped key…"))
        self.cappedKeyRequested.emit(caps)

    def _on_own_key_clicked(self) -> None:
        self.ownKeyRequested.emit()

    def _on_choose_folder_clicked(self) -> None:
        chosen = self._pick_folder(self, self.library_folder_edit.text().strip())
        if chosen:
            self.library_folder_edit.setText(os.path.normpath(chosen))

    def _on_reset_base_url_clicked(self) -> None:
        self.base_url_edit.setText(default_base_url())

    def _on_region_chosen(self) -> None:
        url = self.region_combo.currentData()
        if url:
            self.base_url_edit.setText(url)

    def _sync_region(self) -> None:
        """Show the region the address belongs to, or "Another address"."""
        region = Region.of(self.base_url_edit.text())
        self.region_combo.setCurrentIndex(
            self.region_combo.findData(region.value if region else "")
        )


def _cap_value(spin: QDoubleSpinBox) -> Decimal | None:
    """The amount a spin box shows (None at 0: "No cap", "Always ask")."""
    cap = Decimal(f"{spin.value():.2f}")
    return cap if cap > 0 else None
