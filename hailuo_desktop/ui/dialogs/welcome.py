"""The first-run page: what the app does, where to get a ToAPIs key, and the way into the demo.

Shown instead of the main window's content while no API key is known. The page only collects
the key; the main window checks and stores it (keyring facade) and calls `show_error` when the
key is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core.urls import ConsolePage, Region, console_url
from hailuo_desktop.ui.common.colours import accent_text
from hailuo_desktop.ui.common.glyphs import standard_icon
from hailuo_desktop.ui.common.regions import add_regions
from hailuo_desktop.ui.common.translators import translate_message

UrlOpener = Callable[[str], None]


def open_in_browser(url: str) -> None:
    """The default way to open a web page: the system's browser."""
    QDesktopServices.openUrl(QUrl(url))


class WelcomePage(QWidget):
    """Welcome: paste a key, or try the demo.

    Signals:
        keyEntered(str): the pasted key, stripped (Continue or Enter in the field).
        demoRequested(): "Try the demo" was pressed.
        regionChosen(str): the base URL of the region the user picked.
    """

    keyEntered = Signal(str)
    demoRequested = Signal()
    regionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, open_url: UrlOpener | None = None):
        super().__init__(parent)
        self._open_url = open_url or open_in_browser
        self._busy = False
        self._base_url = Region.INTERNATIONAL.value

        self.title_label = QLabel(self.tr("Welcome to Hailuo Desktop"))
        self.intro_label = QLabel(
            self.tr(
                "Describe a scene in a few words, and optionally add a picture for the first "
                "frame: Hailuo Desktop turns it into a short video made by MiniMax's Hailuo "
                "models (Hailuo 2.3, Hailuo 02, and H3 with sound). "
                "The videos are made by the ToAPIs service and paid from your ToAPIs credits, "
                "so the app needs your ToAPIs API key."
            )
        )
        self.get_key_link = QPushButton()
        self.region_combo = QComboBox()
        add_regions(self.region_combo)
        self.key_edit = QLineEdit()
        self.continue_button = QPushButton(self.tr("Continue"))
        self.error_icon = QLabel()
        self.error_label = QLabel()
        self.storage_label = QLabel()
        self.storage_label.setObjectName("welcomeKeyStorage")
        self.storage_label.setWordWrap(True)
        self.storage_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.demo_button = QPushButton(self.tr("Try the demo (no key, no cost)"))
        self.demo_label = QLabel(
            self.tr(
                "The demo makes sample videos right on this computer, so you can see how "
                "everything works. Nothing is sent over the internet and nothing is charged."
            )
        )
        self._setup_ui()

        self.get_key_link.clicked.connect(self._on_get_key_clicked)
        self.region_combo.activated.connect(self._on_region_chosen)
        self.key_edit.textChanged.connect(self._on_key_text_changed)
        self.key_edit.returnPressed.connect(self._on_continue)
        self.continue_button.clicked.connect(self._on_continue)
        self.demo_button.clicked.connect(self.demoRequested)
        self._on_key_text_changed()

    # -- public API ---------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """Say why the key was refused (shown in the interface language), and select the key so
        a new paste replaces it."""
        self.set_busy(False)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.error_icon.setPixmap(icon.pixmap(size, size))
        self.error_label.setText(translate_message(message))
        self.error_icon.setVisible(bool(message))
        self.error_label.setVisible(bool(message))
        self.key_edit.setFocus()
        self.key_edit.selectAll()

    def set_key_storage(self, where: str) -> None:
        """Say where the key will be kept (`KeyAccess.status`: the keyring, or only until the
        app quits when there is none), never promising a keyring that is not there."""
        self.storage_label.setText(translate_message(where))

    def set_base_url(self, base_url: str) -> None:
        """Show the region of `base_url` (another address: as it is) and link to its console."""
        self._base_url = base_url
        region = Region.of(base_url)
        self.region_combo.setCurrentIndex(
            self.region_combo.findData(region.value) if region else -1
        )
        host = urlsplit(console_url(base_url, ConsolePage.KEYS)).netloc
        text = self.tr("Get a key at {host}").format(host=host)
        self.get_key_link.setText(text)
        self.get_key_link.setAccessibleName(text)
        self.get_key_link.setToolTip(
            self.tr(
                "Opens {url} in your web browser, where you can sign up and create a key."
            ).format(url=console_url(base_url, ConsolePage.KEYS))
        )

    def error_text(self) -> str:
        """The message currently shown under the key field ("" when none)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def set_busy(self, busy: bool) -> None:
        """While the window checks a key: field and Continue disabled, "Checking…"."""
        self.key_edit.setEnabled(not busy)
        self.continue_button.setText(self.tr("Checking…") if busy else self.tr("Continue"))
        self._busy = busy
        self._update_continue()  # a refusal shown meanwhile stays until the key is edited

    # -- layout -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setObjectName("welcomePage")
        self.setAccessibleName(self.tr("Welcome"))

        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.8)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setObjectName("welcomeTitle")
        self.title_label.setWordWrap(True)
        self.intro_label.setObjectName("welcomeIntro")
        self.intro_label.setWordWrap(True)

        self.get_key_link.setObjectName("getKeyLink")
        self.region_combo.setObjectName("regionCombo")
        self.region_combo.setAccessibleName(self.tr("Where you use ToAPIs"))
        self.region_combo.setToolTip(
            self.tr("Mainland China uses toapis.cn; elsewhere toapis.com.")
        )
        self.set_base_url(self._base_url)
        self.get_key_link.setFlat(True)
        self.get_key_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self._paint_link()
        link_font = self.get_key_link.font()
        link_font.setUnderline(True)
        self.get_key_link.setFont(link_font)

        self.key_edit.setObjectName("welcomeKeyEdit")
        self.key_edit.setAccessibleName(self.tr("ToAPIs API key"))
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste your ToAPIs API key here"))
        self.key_edit.setToolTip(self.tr("Your key stays on this computer. Press Enter to go on."))
        self.continue_button.setObjectName("welcomeContinueButton")
        self.continue_button.setAccessibleName(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Check the key and start using the app."))
        self.continue_button.setDefault(True)

        self.error_label.setObjectName("welcomeError")
        self.error_label.setWordWrap(True)
        self.error_icon.setVisible(False)
        self.error_label.setVisible(False)

        self.demo_button.setObjectName("tryDemoButton")
        self.demo_button.setAccessibleName(self.tr("Try the demo"))
        self.demo_button.setToolTip(
            self.tr("Explore the app with sample videos made on this computer: no key, no cost.")
        )
        self.demo_button.setIcon(standard_icon(self.style(), QStyle.StandardPixmap.SP_MediaPlay))
        demo_font = self.demo_button.font()
        demo_font.setPointSizeF(demo_font.pointSizeF() * 1.15)
        self.demo_button.setFont(demo_font)
        self.demo_button.setMinimumHeight(self.demo_button.sizeHint().height() * 3 // 2)
        self.demo_label.setObjectName("demoExplanation")
        self.demo_label.setWordWrap(True)
        self.demo_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        key_label = QLabel(self.tr("Your ToAPIs API &key:"))
        key_label.setBuddy(self.key_edit)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.continue_button)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_row.addWidget(self.error_label, 1)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)

        column = QWidget()
        column.setMinimumWidth(360)
        column.setMaximumWidth(580)
        inner = QVBoxLayout(column)
        inner.setSpacing(12)
        inner.addWidget(self.title_label)
        inner.addWidget(self.intro_label)
        region_row = QHBoxLayout()
        region_label = QLabel(self.tr("&Where you use ToAPIs:"))
        region_label.setBuddy(self.region_combo)
        region_row.addWidget(region_label)
        region_row.addWidget(self.region_combo)
        region_row.addStretch(1)
        inner.addLayout(region_row)
        inner.addWidget(self.get_key_link, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addSpacing(8)
        inner.addWidget(key_label)
        inner.addLayout(key_row)
        inner.addWidget(self.storage_label)
        inner.addLayout(error_row)
        inner.addSpacing(8)
        inner.addWidget(separator)
        inner.addSpacing(8)
        inner.addWidget(self.demo_button)
        inner.addWidget(self.demo_label)

        # Centred by stretches, not by alignment: an aligned item loses height-for-width and
        # its wrapped paragraphs would be clipped.
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(column, 100)
        centre.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

        QWidget.setTabOrder(self.key_edit, self.continue_button)
        QWidget.setTabOrder(self.continue_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.get_key_link)
        self.setFocusProxy(self.key_edit)

    def _paint_link(self) -> None:
        """The flat "get a key" button reads as a link: the palette's link colour, readable on
        the window (again after a theme change)."""
        link_palette = self.get_key_link.palette()
        link_palette.setColor(  # from the page's palette: the button's may not have changed yet
            QPalette.ColorRole.ButtonText,
            accent_text(self.palette(), background=QPalette.ColorRole.Window),
        )
        self.get_key_link.setPalette(link_palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_link()

    # -- slots --------------------------------------------------------------------------------

    def _update_continue(self) -> None:
        self.continue_button.setEnabled(not self._busy and bool(self.key_edit.text().strip()))

    def _on_key_text_changed(self) -> None:
        """The key was edited: Continue follows, and a refusal of the old key goes away."""
        self._update_continue()
        if self.error_label.isVisibleTo(self) and not self._busy:
            self.error_label.setVisible(False)
            self.error_icon.setVisible(False)

    def _on_continue(self) -> None:
        key = self.key_edit.text().strip()
        if key and not self._busy:
            self.keyEntered.emit(key)

    def _on_get_key_clicked(self) -> None:
        self._open_url(console_url(self._base_url, ConsolePage.KEYS))

    def _on_region_chosen(self) -> None:
        base_url = self.region_combo.currentData()
        if base_url and base_url != self._base_url:
            self.set_base_url(base_url)
            self.regionChosen.emit(base_url)
