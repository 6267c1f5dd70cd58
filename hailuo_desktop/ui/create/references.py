"""The reference strip (H3): up to 9 pictures and 3 videos the video should follow, in order.

Each file is read once, as it is added (`imaging.read_facts`, `media.probe`), and judged by the
model's picture rules (`core.images`) and video rules (`core.videos`) whenever the strip
changes; the strip says what is wrong in plain words and `is_usable()` keeps Generate off until
it is fixed. The order matters: the
prompt names the references `<Picture 1>`, `<Video 1>`… in the order they are sent, so moving
one (drag and drop, or the arrow buttons) emits `reordered` with the new numbers, for the prompt
to follow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop import imaging
from hailuo_desktop.core.h3_prompt import ReferenceKind
from hailuo_desktop.core.images import ImageFacts, check_picture
from hailuo_desktop.core.models import ModelSpec
from hailuo_desktop.core.videos import VideoFacts, check_reference_videos
from hailuo_desktop.media.probe import probe
from hailuo_desktop.ui.common.glyphs import standard_icon, video_icon
from hailuo_desktop.ui.common.translators import translate_message

ChooseFiles = Callable[[QWidget, ReferenceKind], list[str]]

ICON_SIZE = QSize(96, 54)
_PATH = Qt.ItemDataRole.UserRole
_KIND = Qt.ItemDataRole.UserRole + 1
_NUMBER = Qt.ItemDataRole.UserRole + 2  # its number before the last move
_FACTS = Qt.ItemDataRole.UserRole + 3  # what was read from the file when it was added


class ReferenceStrip(QWidget):
    """Reference pictures and videos in the order they are sent.

    Signals: changed() — a reference was added, removed or moved;
    reordered(object) — {(kind, old number): new number} for the references a move renumbered.
    """

    changed = Signal()
    reordered = Signal(object)

    def __init__(
        self,
        spec: ModelSpec,
        parent: QWidget | None = None,
        choose_files: ChooseFiles | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec
        self._choose_files = choose_files or self._choose_with_dialog
        self._problems: tuple[str, ...] = ()
        self.list = QListWidget()
        self.add_pictures = QPushButton(self.tr("Add pictures…"))
        self.add_videos = QPushButton(self.tr("Add videos…"))
        self.earlier = QPushButton()
        self.later = QPushButton()
        self.remove = QPushButton(self.tr("Remove"))
        self.status = QLabel()
        self._setup_ui()
        self._refresh()

    # --- public API ------------------------------------------------------------------------

    def pictures(self) -> tuple[str, ...]:
        return self._paths(ReferenceKind.PICTURE)

    def videos(self) -> tuple[str, ...]:
        return self._paths(ReferenceKind.VIDEO)

    def tags(self) -> list[str]:
        """The prompt's names of the references, in order: "<Picture 1>", "<Video 1>"…"""
        return [
            ReferenceKind(self.list.item(row).data(_KIND)).tag(self._number(row))
            for row in range(self.list.count())
        ]

    def problems(self) -> tuple[str, ...]:
        """What is wrong with the references (translated sentences); empty when usable."""
        return self._problems

    def is_usable(self) -> bool:
        return not self._problems

    def set_spec(self, spec: ModelSpec) -> None:
        """Judge and limit references by `spec` (the chosen model)."""
        self._spec = spec
        self._refresh()

    def set_references(self, pictures: tuple[str, ...], videos: tuple[str, ...]) -> None:
        self.list.clear()
        self._add(pictures, ReferenceKind.PICTURE)
        self._add(videos, ReferenceKind.VIDEO)

    def clear(self) -> None:
        self.set_references((), ())

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setObjectName("referenceStrip")
        self.setAccessibleName(self.tr("Reference pictures and videos"))
        self.list.setObjectName("referenceList")
        self.list.setAccessibleName(self.tr("References, in the order the prompt numbers them"))
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(ICON_SIZE)
        self.list.setMovement(QListWidget.Movement.Snap)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setFixedHeight(ICON_SIZE.height() + 48)
        self.list.model().rowsMoved.connect(self._on_moved)
        self.list.currentRowChanged.connect(self._sync_buttons)
        style = self.style()
        buttons = (
            (self.add_pictures, "addReferencePicturesButton", self._on_add_pictures, None),
            (self.add_videos, "addReferenceVideosButton", self._on_add_videos, None),
            (self.earlier, "moveReferenceEarlierButton", lambda: self._move(-1),
             QStyle.StandardPixmap.SP_ArrowLeft),
            (self.later, "moveReferenceLaterButton", lambda: self._move(1),
             QStyle.StandardPixmap.SP_ArrowRight),
            (self.remove, "removeReferenceButton", self._on_remove,
             QStyle.StandardPixmap.SP_DialogDiscardButton),
        )  # fmt: skip
        for button, name, slot, icon in buttons:
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            if icon is not None:
                button.setIcon(standard_icon(style, icon))
        self.earlier.setAccessibleName(self.tr("Move earlier"))
        self.earlier.setToolTip(self.tr("Move the chosen reference one place earlier"))
        self.later.setAccessibleName(self.tr("Move later"))
        self.later.setToolTip(self.tr("Move the chosen reference one place later"))
        self.status.setObjectName("referenceStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        for button in (self.add_pictures, self.add_videos):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.earlier, self.later, self.remove):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        layout.addLayout(row)

    # --- state -----------------------------------------------------------------------------

    def _paths(self, kind: ReferenceKind) -> tuple[str, ...]:
        rows = range(self.list.count())
        return tuple(
            str(self.list.item(row).data(_PATH))
            for row in rows
            if self.list.item(row).data(_KIND) == kind.value
        )

    def _number(self, row: int) -> int:
        """1-based number of the reference at `row` among those of its kind."""
        kind = self.list.item(row).data(_KIND)
        return sum(1 for r in range(row + 1) if self.list.item(r).data(_KIND) == kind)

    def _add(self, paths: list[str] | tuple[str, ...], kind: ReferenceKind) -> None:
        for path in paths:
            item = QListWidgetItem(self._icon(path, kind), Path(path).name)
            item.setData(_PATH, path)
            item.setData(_KIND, kind.value)
            item.setData(_FACTS, self._read_facts(path, kind))
            item.setToolTip(path)
            self.list.addItem(item)
        self._refresh()
        self.changed.emit()

    def _icon(self, path: str, kind: ReferenceKind) -> QIcon:
        """The picture itself (at the screen's pixel ratio), or a drawn video tile."""
        if kind is ReferenceKind.PICTURE:
            ratio = self.devicePixelRatioF()
            image = imaging.read_fitted(path, ICON_SIZE * ratio)
            if not image.isNull():
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(ratio)
                return QIcon(pixmap)
        return video_icon()

    def _refresh(self) -> None:
        """Renumber the labels, judge every reference (from the facts read when it was
        added), and enable what the limits allow."""
        found: list[str] = []
        videos: list[tuple[str, VideoFacts]] = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            kind, name = ReferenceKind(item.data(_KIND)), Path(str(item.data(_PATH))).name
            number = self._number(row)
            item.setText(f"{kind.tag(number)} {name}")
            item.setData(_NUMBER, number)
            facts = item.data(_FACTS)
            if isinstance(facts, str):  # the file could not be read
                found.append(facts)
            elif isinstance(facts, VideoFacts):
                videos.append((name, facts))
            else:
                images = self._spec.images
                found += [
                    f"{name}: {translate_message(p.message)}" for p in check_picture(facts, images)
                ]
        if videos and self._spec.videos is not None:
            found += map(translate_message, check_reference_videos(videos, self._spec.videos))
        self._problems = tuple(found)
        self.status.setText("\n".join(found))
        self.status.setVisible(bool(found))
        self.add_pictures.setEnabled(len(self.pictures()) < self._spec.max_reference_images)
        self.add_videos.setEnabled(len(self.videos()) < self._spec.max_reference_videos)
        self._sync_buttons()

    def _read_facts(self, path: str, kind: ReferenceKind) -> ImageFacts | VideoFacts | str:
        """What the file is (read once, when it is added), or why it cannot be read."""
        try:
            return imaging.read_facts(path) if kind is ReferenceKind.PICTURE else probe(path)
        except OSError as error:
            return self.tr("Could not open “{name}”: {reason}.").format(
                name=Path(path).name, reason=error.strerror or str(error)
            )

    def _sync_buttons(self, *_: object) -> None:
        row = self.list.currentRow()
        chosen = 0 <= row < self.list.count()
        self.remove.setEnabled(chosen)
        self.earlier.setEnabled(chosen and row > 0)
        self.later.setEnabled(chosen and row < self.list.count() - 1)

    # --- reacting --------------------------------------------------------------------------

    def _on_add_pictures(self) -> None:
        room = self._spec.max_reference_images - len(self.pictures())
        self._add(self._choose_files(self, ReferenceKind.PICTURE)[:room], ReferenceKind.PICTURE)

    def _on_add_videos(self) -> None:
        room = self._spec.max_reference_videos - len(self.videos())
        self._add(self._choose_files(self, ReferenceKind.VIDEO)[:room], ReferenceKind.VIDEO)

    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._on_moved()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if 0 <= row < self.list.count() and 0 <= target < self.list.count():
            item = self.list.takeItem(row)
            self.list.insertItem(target, item)
            self.list.setCurrentRow(target)
            self._on_moved()

    def _on_moved(self, *_: object) -> None:
        """Tell which numbers changed (for the prompt's tags), then renumber."""
        renumbered = {}
        for row in range(self.list.count()):
            item = self.list.item(row)
            old, new = item.data(_NUMBER), self._number(row)
            if old is not None and old != new:
                renumbered[(ReferenceKind(item.data(_KIND)), int(old))] = new
        self._refresh()
        if renumbered:
            self.reordered.emit(renumbered)
        self.changed.emit()

    def _choose_with_dialog(self, parent: QWidget, kind: ReferenceKind) -> list[str]:
        if kind is ReferenceKind.PICTURE:
            title = self.tr("Choose reference pictures")
            filters = self.tr("Pictures (*.png *.jpg *.jpeg *.webp);;All files (*)")
        else:
            title = self.tr("Choose reference videos")
            filters = self.tr("Videos (*.mp4 *.mov);;All files (*)")
        paths, _ = QFileDialog.getOpenFileNames(parent, title, "", filters)
        return paths
