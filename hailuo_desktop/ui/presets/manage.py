"""Manage presets: the user's own presets in a list, to rename or delete (the starter recipes
are the app's and stay)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core import errors
from hailuo_desktop.core.presets import Preset
from hailuo_desktop.ui.common.questions import Questions
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.presets.access import PresetAccess


class ManagePresetsDialog(QDialog):
    """Rename or delete the user's presets; every change is saved at once."""

    def __init__(
        self,
        store: PresetAccess,
        *,
        questions: Questions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._questions = questions or Questions()
        self.presets_list = QListWidget()
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.setObjectName("managePresetsDialog")
        self.setWindowTitle(self.tr("Manage presets"))
        self.resize(440, 360)
        self.presets_list.setObjectName("ownPresetsList")
        self.presets_list.setAccessibleName(self.tr("Your presets"))
        self.rename_button.setObjectName("renamePresetButton")
        self.delete_button.setObjectName("deletePresetButton")
        note = QLabel(self.tr("Your own presets. The starter recipes come with the app and stay."))
        note.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.rename_button)
        side.addWidget(self.delete_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.presets_list, 1)
        row.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row, 1)
        layout.addWidget(close)
        self.rename_button.clicked.connect(self._on_rename)
        self.delete_button.clicked.connect(self._on_delete)
        self.presets_list.currentRowChanged.connect(self._on_current)
        self.reload()

    def reload(self, current: str | None = None) -> None:
        self.presets_list.clear()
        try:
            names = [p.name for p in self._store.own()]
        except errors.HailuoError as broken:
            names = []
            self._questions.tell(
                self, self.tr("Your presets cannot be read"), translate_message(broken.message)
            )
        self.presets_list.addItems(names)
        if names:
            self.presets_list.setCurrentRow(names.index(current) if current in names else 0)
        self._on_current(self.presets_list.currentRow())

    def names(self) -> list[str]:
        return [self.presets_list.item(row).text() for row in range(self.presets_list.count())]

    def _selected(self) -> Preset | None:
        item = self.presets_list.currentItem()
        if item is None:
            return None
        return next((p for p in self._store.own() if p.name == item.text()), None)

    def _on_current(self, row: int) -> None:
        self.rename_button.setEnabled(row >= 0)
        self.delete_button.setEnabled(row >= 0)

    def _on_rename(self) -> None:
        preset = self._selected()
        if preset is None:
            return
        answer = self._questions.text(
            self, self.tr("Rename preset"), self.tr("New name:"), preset.name
        )
        name = (answer or "").strip()
        if not name or name == preset.name:
            return
        taken = {p.name.casefold() for p in self._store.own()} - {preset.name.casefold()}
        if name.casefold() in taken and not self._questions.yes_no(
            self,
            self.tr("Replace the preset?"),
            self.tr("You already have a preset called “{name}”. Replace it?").format(name=name),
            self.tr("Replace"),
        ):
            return
        try:
            self._store.save(Preset(name, preset.request, preset.language))
            if name.casefold() != preset.name.casefold():
                self._store.remove(preset.name)
        except (errors.HailuoError, OSError) as error:
            self._tell(error)
        self.reload(name)

    def _on_delete(self) -> None:
        preset = self._selected()
        if preset is None:
            return
        if not self._questions.yes_no(
            self,
            self.tr("Delete the preset?"),
            self.tr("Delete the preset “{name}”? This cannot be undone.").format(name=preset.name),
            self.tr("Delete"),
        ):
            return
        try:
            self._store.remove(preset.name)
        except (errors.HailuoError, OSError) as error:
            self._tell(error)
        self.reload()

    def _tell(self, error: Exception) -> None:
        if isinstance(error, errors.HailuoError):
            reason = translate_message(error.message)
        else:
            reason = str(error)
        self._questions.tell(self, self.tr("The change was not saved"), reason)
