"""A frame's drop zone (the first frame, or the last): drag and drop, click to choose, or paste
one picture.

A chosen picture is read with `hailuo_desktop.imaging` and judged by the chosen model's rules
(`core.images.check_picture` with the model's `ImageRules`) before anything is sent: the zone
shows a thumbnail, the pixel and file size, and either "Ready" or each broken rule in plain
words, with one-click conversion where that fixes it. Input that is not a picture at all gets
a message and changes nothing.
Pasted or dropped image data and converted copies are written under
`paths.data_dir() / "first-frames"`; the user's original files are never modified.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMimeData,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop import imaging, paths
from hailuo_desktop.core.images import Fix, ImageFacts, ImageProblem, ImageRule, check_picture
from hailuo_desktop.core.models import HAILUO_IMAGES, ImageRules
from hailuo_desktop.ui.common.colours import Tone, focus_color, outline, tone_color
from hailuo_desktop.ui.common.focus import OWN_FOCUS
from hailuo_desktop.ui.common.translators import translate_message

ChooseFile = Callable[[QWidget], "str | None"]

THUMBNAIL_SIZE = QSize(208, 117)  # 16:9, small enough for the panel to fit a laptop screen
NOTICE_MS = 12_000
_MARGIN = 6
_ICON = 32


def first_frames_dir() -> Path:
    """Where pasted pictures and converted copies are kept."""
    return paths.data_dir() / "first-frames"


def _format_bytes(size: int) -> str:
    if size < 1024:
        return QCoreApplication.translate("FirstFrameDrop", "{count} bytes").format(count=size)
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _paste_keys() -> str:
    return QKeySequence(QKeySequence.StandardKey.Paste).toString(
        QKeySequence.SequenceFormat.NativeText
    )


def _single_local_file(mime: QMimeData) -> str | None:
    urls = mime.urls() if mime.hasUrls() else []
    return urls[0].toLocalFile() if len(urls) == 1 and urls[0].isLocalFile() else None


def _thumbnail(path: str, box: QSize, ratio: float) -> QPixmap:
    """The picture scaled to fit `box` at the screen's pixel `ratio`; null when it cannot be
    decoded."""
    image = imaging.read_fitted(path, box * ratio)
    if image.isNull():
        return QPixmap()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class _DropArea(QLabel):
    """The thumbnail or empty-state area: dashed border, highlighted on focus or drag hover."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.empty = True
        self.highlighted = False

    def set_empty(self, empty: bool) -> None:
        self.empty = empty
        top = _MARGIN + (_ICON + _MARGIN if empty else 0)
        self.setContentsMargins(_MARGIN * 2 if empty else _MARGIN, top, _MARGIN, _MARGIN)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        parent = self.parentWidget()
        active = self.highlighted or (parent is not None and parent.hasFocus())
        if self.highlighted:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(40)
            painter.setBrush(fill)
        pen = QPen(focus_color(palette) if active else outline(palette), 2 if active else 1.5)
        if self.empty or not active:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        inset = pen.widthF() / 2  # the border's outer pixels fully covered: crisp, full colour
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 6, 6)
        if self.empty:  # a picture icon above the invitation text
            room = self.contentsRect()
            flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
            text_height = self.fontMetrics().boundingRect(room, flags, self.text()).height()
            top = room.top() + (room.height() - text_height) // 2 - _MARGIN - _ICON
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
            icon.paint(painter, (self.width() - _ICON) // 2, max(_MARGIN, top), _ICON, _ICON)
        painter.end()
        super().paintEvent(event)


class FrameSlot(StrEnum):
    """Which frame a drop zone holds (the value prefixes its widgets' object names)."""

    FIRST = "firstFrame"
    LAST = "lastFrame"


class FrameDrop(QFrame):
    """Drop zone for a frame picture: the first frame, or the last (models that have one).

    Signals:
        changed(object): the picture's path (str), or None when it was removed.
        usabilityChanged(bool): whether the current state can be submitted (no picture, or a
            picture that breaks none of Hailuo's rules).
    """

    changed = Signal(object)
    usabilityChanged = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        choose_file: ChooseFile | None = None,
        slot: FrameSlot = FrameSlot.FIRST,
    ):
        super().__init__(parent)
        self.slot = slot
        self._rules = HAILUO_IMAGES
        self._choose_file = choose_file or self._choose_with_dialog
        self._path: str | None = None
        self._facts: ImageFacts | None = None
        self._problems: tuple[ImageProblem, ...] = ()
        self._thumbnail = QPixmap()
        self._area = _DropArea(self)
        self._name = QLabel(self)
        self._facts_label = QLabel(self)
        self._status_icon = QLabel(self)
        self._status = QLabel(self)
        self._notice = QLabel(self)
        self._notice_timer = QTimer(self)
        self._convert = QPushButton(self)
        self._choose = QPushButton(self.tr("Choose…"), self)
        self._paste = QPushButton(self.tr("Paste"), self)
        self._remove = QPushButton(self.tr("Remove"), self)
        self._setup_ui()
        self._render()

    # -- public API ------------------------------------------------------------------------

    def path(self) -> str | None:
        """The current picture's path, or None."""
        return self._path

    def facts(self) -> ImageFacts | None:
        """What was read from the current picture, or None."""
        return self._facts

    def problems(self) -> tuple[ImageProblem, ...]:
        """Every Hailuo rule the current picture breaks; empty when usable or no picture."""
        return self._problems

    def is_usable(self) -> bool:
        """True when there is no picture, or the picture breaks none of Hailuo's rules."""
        return not self._problems

    def set_path(self, path: str | None) -> bool:
        """Use the picture at `path` (None clears). Returns False when the file is not a
        readable picture: the message is shown and the previous state stays."""
        if path is None:
            self.clear()
            return True
        return self._use_file(str(path))

    def clear(self) -> None:
        """Remove the picture (the file itself is untouched)."""
        self._hide_notice()
        self._apply(None, None, ())

    def notice(self) -> str:
        """The message about the last rejected input, or "" when none is shown."""
        return "" if self._notice.isHidden() else self._notice.text()

    def set_rules(self, rules: ImageRules) -> None:
        """Judge pictures by `rules` (the chosen model's) from now on, the current one too."""
        if rules == self._rules:
            return
        self._rules = rules
        if self._path is not None and self._facts is not None:
            self._apply(self._path, self._facts, check_picture(self._facts, rules))

    # -- layout ----------------------------------------------------------------------------

    def _texts(self) -> dict[str, str]:
        """The words that differ between the first and the last frame's zone (built once,
        in `_setup_ui`, as `_words`)."""
        keys = _paste_keys()
        if self.slot is FrameSlot.LAST:
            return {
                "name": self.tr("Last frame picture"),
                "tip": self.tr(
                    "The picture the video ends on. Drop a JPEG, PNG or WebP file here, click "
                    "to choose one, or paste one ({keys}). Delete removes it."
                ).format(keys=keys),
                "convert": self.tr("Convert last frame"),
                "choose": self.tr("Choose last frame"),
                "paste": self.tr("Paste last frame"),
                "remove": self.tr("Remove last frame"),
                "remove_tip": self.tr("End without a last frame. The file is not deleted."),
                "empty": self.tr(
                    "Optional: drop the picture the video should end on, click to choose one, "
                    "or paste ({keys})"
                ).format(keys=keys),
                "dialog": self.tr("Choose a last-frame picture"),
            }
        return {
            "name": self.tr("First frame picture"),
            "tip": self.tr(
                "The picture the video starts from. Drop a JPEG, PNG or WebP file here, click "
                "to choose one, or paste one ({keys}). Delete removes it."
            ).format(keys=keys),
            "convert": self.tr("Convert first frame"),
            "choose": self.tr("Choose first frame"),
            "paste": self.tr("Paste first frame"),
            "remove": self.tr("Remove first frame"),
            "remove_tip": self.tr("Start without a first frame. The file is not deleted."),
            "empty": self.tr(
                "Drop a picture here, click to choose one, or paste ({keys}) — optional for "
                "Hailuo 2.3, required for Hailuo 2.3 Fast"
            ).format(keys=keys),
            "dialog": self.tr("Choose a first-frame picture"),
        }

    def _setup_ui(self) -> None:
        texts = self._words = self._texts()
        prefix = self.slot.value
        self.setObjectName(f"{prefix}Drop")
        self.setAccessibleName(texts["name"])
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty(OWN_FOCUS, True)  # the drop area's border turns solid and bright
        self.setAcceptDrops(True)
        self.setToolTip(texts["tip"])
        self._area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._area.setCursor(Qt.CursorShape.PointingHandCursor)
        self._area.setWordWrap(True)
        height = THUMBNAIL_SIZE.height() + 2 * _MARGIN
        self._area.setMinimumSize(THUMBNAIL_SIZE.width() * 3 // 4, height)
        self._area.setMaximumHeight(height)
        self._area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        labels = {
            self._area: f"{prefix}Area",
            self._name: f"{prefix}Name",
            self._facts_label: f"{prefix}Facts",
            self._status: f"{prefix}Status",
            self._notice: f"{prefix}Notice",
        }
        for label, name in labels.items():
            label.setObjectName(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._name.setMinimumWidth(1)
        self._status.setWordWrap(True)
        self._notice.setWordWrap(True)
        bold, italic = self._name.font(), self._notice.font()
        bold.setBold(True)
        italic.setItalic(True)
        self._name.setFont(bold)
        self._notice.setFont(italic)

        keys = _paste_keys()
        name = prefix[0].upper() + prefix[1:]
        buttons = (  # widget, objectName, accessible name, tooltip, slot
            (self._convert, f"convert{name}Button", texts["convert"],
             self.tr("Makes a copy Hailuo accepts in the app's data folder and uses it. "
                     "Your original file is not changed."), self._on_convert),
            (self._choose, f"choose{name}Button", texts["choose"],
             self.tr("Choose a picture file from your computer."), self._on_choose),
            (self._paste, f"paste{name}Button", texts["paste"],
             self.tr("Use the picture or picture file you copied ({keys}).").format(keys=keys),
             self._on_paste),
            (self._remove, f"clear{name}Button", texts["remove"], texts["remove_tip"], self.clear),
        )  # fmt: skip
        for button, name, accessible, tip, slot in buttons:
            button.setObjectName(name)
            button.setAccessibleName(accessible)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        style = self.style()
        self._choose.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self._remove.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogDiscardButton))

        status_row = QHBoxLayout()
        status_row.setSpacing(6)
        status_row.addWidget(self._status_icon, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self._status, 1)
        button_row = QHBoxLayout()
        button_row.setSpacing(6)
        button_row.addWidget(self._choose)
        button_row.addWidget(self._paste)
        button_row.addStretch(1)
        button_row.addWidget(self._remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (self._area, self._name, self._facts_label):
            layout.addWidget(widget)
        layout.addLayout(status_row)
        layout.addWidget(self._convert, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._notice)
        layout.addLayout(button_row)
        order = (self, self._convert, self._choose, self._paste, self._remove)
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self._hide_notice)

    # -- state -----------------------------------------------------------------------------

    def _use_file(self, path: str) -> bool:
        name = Path(path).name
        try:
            facts = imaging.read_facts(path)
        except OSError as error:
            reason = error.strerror or str(error)
            self._show_notice(
                self.tr("Could not open “{name}”: {reason}.").format(name=name, reason=reason)
            )
            return False
        problems = check_picture(facts, self._rules)
        if problems and problems[0].rule is ImageRule.UNREADABLE:
            self._show_notice(
                self.tr(
                    "“{name}” is not a picture the app can read. Use a JPEG, PNG or WebP image."
                ).format(name=name)
            )
            return False
        self._hide_notice()
        self._apply(path, facts, problems)
        return True

    def _apply(
        self, path: str | None, facts: ImageFacts | None, problems: tuple[ImageProblem, ...]
    ) -> None:
        was_path, was_usable = self._path, self.is_usable()
        self._path, self._facts, self._problems = path, facts, problems
        self._render()
        if path != was_path:
            self.changed.emit(path)
        if self.is_usable() != was_usable:
            self.usabilityChanged.emit(self.is_usable())

    def _render(self) -> None:
        facts = self._facts
        self._area.set_empty(facts is None)
        for widget in (self._name, self._facts_label, self._status_icon, self._status):
            widget.setVisible(facts is not None)
        self._remove.setEnabled(facts is not None)
        fix = self._problems[0].fix if self._problems else None
        self._convert.setVisible(fix is not None)
        if fix is not None:
            self._convert.setText(self._fix_label(fix))
        self._apply_tones()
        if facts is None or self._path is None:
            self._thumbnail = QPixmap()
            self._area.setPixmap(QPixmap())
            self._area.setText(self._words["empty"])
            self.setAccessibleDescription(self.tr("No picture"))
            return
        self._thumbnail = _thumbnail(self._path, THUMBNAIL_SIZE, self.devicePixelRatioF())
        self._fit_thumbnail()
        self._update_name()
        self._name.setToolTip(self._path)
        self._facts_label.setText(
            self.tr("{width} × {height} px · {size}").format(
                width=facts.width, height=facts.height, size=_format_bytes(facts.byte_size)
            )
        )
        icon_kind = QStyle.StandardPixmap.SP_DialogApplyButton
        text = self.tr("Ready")
        if self._problems:
            icon_kind = QStyle.StandardPixmap.SP_MessageBoxWarning
            lines = [translate_message(problem.message) for problem in self._problems]
            text = lines[0] if len(lines) == 1 else "\n".join(f"• {line}" for line in lines)
        self._status.setText(text)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._status_icon.setPixmap(self.style().standardIcon(icon_kind).pixmap(size, size))
        self.setAccessibleDescription(
            f"{Path(self._path).name}, {self._facts_label.text()}. {text}"
        )

    def _fit_thumbnail(self) -> None:
        """Show the decoded thumbnail, shrunk further when the area is narrower."""
        if self._path is None:
            return
        if self._thumbnail.isNull():
            self._area.setText(self.tr("No preview available"))
            return
        pixmap, room = self._thumbnail, self._area.contentsRect().size()
        ratio = pixmap.devicePixelRatio()
        logical = pixmap.deviceIndependentSize().toSize()
        if logical.boundedTo(room) != logical and not room.isEmpty():
            pixmap = pixmap.scaled(
                room * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap.setDevicePixelRatio(ratio)
        self._area.setPixmap(pixmap)

    def _update_name(self) -> None:
        if self._path is not None:
            width = max(self.contentsRect().width(), THUMBNAIL_SIZE.width() // 2)
            self._name.setText(
                self._name.fontMetrics().elidedText(
                    Path(self._path).name, Qt.TextElideMode.ElideMiddle, width
                )
            )

    def _apply_tones(self) -> None:
        for label, good in ((self._status, not self._problems), (self._notice, False)):
            palette = label.palette()
            tone = Tone.POSITIVE if good else Tone.ERROR
            color = tone_color(self.palette(), tone, background=QPalette.ColorRole.Window)
            palette.setColor(QPalette.ColorRole.WindowText, color)
            label.setPalette(palette)

    def _show_notice(self, text: str) -> None:
        self._notice.setText(text)
        self._notice.show()
        self._notice_timer.start()

    def _hide_notice(self) -> None:
        self._notice_timer.stop()
        self._notice.clear()
        self._notice.hide()

    def _save_image(self, image: QImage, prefix: str) -> str | None:
        """Keep pasted or dropped image data as a PNG in the data dir; None on failure."""
        folder = first_frames_dir()
        dest = folder / f"{prefix}-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}.png"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = not image.isNull() and imaging.save_image(image, str(dest), "PNG")
        except OSError:
            saved = False
        if not saved:
            self._show_notice(
                self.tr("Could not save the picture in {folder}.").format(folder=folder)
            )
            return None
        return str(dest)

    def take(self, mime: QMimeData, prefix: str) -> bool:
        """Use the picture (or picture file) in `mime`, pasted or dropped elsewhere on the
        window; `prefix` ("pasted", "dropped") names a saved copy of picture data."""
        return self._use_mime(mime, prefix)

    def _use_mime(self, mime: QMimeData, prefix: str) -> bool:
        local = _single_local_file(mime)
        if local is not None:
            return self._use_file(local)
        if mime.hasImage():
            saved = self._save_image(QImage(mime.imageData()), prefix)
            return saved is not None and self._use_file(saved)
        if mime.hasUrls() and mime.urls():
            self._show_notice(self.tr("Use one picture file from this computer at a time."))
            return False
        text = mime.text().strip() if mime.hasText() else ""
        url = QUrl(text) if text.startswith("file:") else QUrl.fromLocalFile(text)
        if text and url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return self._use_file(url.toLocalFile())
        self._show_notice(
            self.tr("The clipboard holds no picture. Copy a picture or a picture file first.")
        )
        return False

    def _choose_with_dialog(self, parent: QWidget) -> str | None:
        start = str(Path(self._path).parent) if self._path else ""
        if not start:
            where = QStandardPaths.standardLocations(
                QStandardPaths.StandardLocation.PicturesLocation
            )
            start = where[0] if where else ""
        path, _ = QFileDialog.getOpenFileName(
            parent,
            self._words["dialog"],
            start,
            self.tr("Pictures (*.png *.jpg *.jpeg *.webp *.gif);;All files (*)"),
        )
        return path or None

    # -- slots and events ------------------------------------------------------------------

    def _on_choose(self) -> None:
        path = self._choose_file(self)
        if path:
            self._use_file(path)

    def _on_paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            self._show_notice(self.tr("The clipboard is empty."))
        else:
            self._use_mime(mime, "pasted")

    def _fix_label(self, fix: Fix) -> str:
        """The one-click repair's button text."""
        if fix is Fix.CROP_TO_FIT:
            return self.tr("Crop to fit")
        if fix is Fix.ENLARGE:
            return self.tr("Enlarge")
        if fix is Fix.SHRINK:
            return self.tr("Make smaller")
        fmt = "PNG" if fix is Fix.CONVERT_TO_PNG else "JPEG"
        return self.tr("Convert to {format}").format(format=fmt)

    def _on_convert(self) -> None:
        fix = self._problems[0].fix if self._problems else None
        if self._path is None or fix is None:
            return
        try:
            converted = imaging.convert(self._path, fix, first_frames_dir(), self._rules)
        except (OSError, ValueError) as error:
            self._show_notice(
                self.tr("Could not convert the picture: {reason}").format(reason=error)
            )
            return
        self._use_file(str(converted))

    def _set_highlighted(self, on: bool) -> None:
        self._area.highlighted = on
        self._area.update()

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if _single_local_file(mime) is not None or mime.hasImage():
            event.acceptProposedAction()
            self._set_highlighted(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._set_highlighted(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:
        self._set_highlighted(False)
        if self._use_mime(event.mimeData(), "dropped"):
            event.acceptProposedAction()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event) -> None:
        inside = self._area.geometry().contains(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and inside:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._on_choose()
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self._on_paste()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._on_choose()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._path:
            self.clear()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._area.update()  # the border shows focus
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(
            QKeySequence.StandardKey.Paste
        ):
            event.accept()  # the focused slot takes the paste, not the window's shortcut
            return True
        return super().event(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_name()
        self._fit_thumbnail()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_tones()
        super().changeEvent(event)
