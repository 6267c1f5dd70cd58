"""The Presets menu of the create panel and what its entries do.

- Apply: the user's presets, then the starter recipes of the interface's language grouped by
  model. Applying fills the form with the preset's prompt and options. A preset never holds
  pictures, so the pictures already in the form **stay** (those the preset's model can take),
  and the notice says so: "Preset applied — your first frame stays."
- Save as preset… (from the form, or from a job's request): asks a name; a name the user
  already has asks before replacing it.
- Manage…: rename or delete the user's presets (`manage.ManagePresetsDialog`).
- Import… / Export…: a presets JSON file. A bad file is refused whole with its reason and
  nothing changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from hailuo_desktop.core import errors
from hailuo_desktop.core.models import Mode
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.presets import Preset
from hailuo_desktop.ui.common.questions import Questions
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.presets.access import PresetAccess, PresetList, list_presets

NAME_CHARS = 40
"""A suggested name: the prompt's first words, at most this long."""


class Form(Protocol):
    """What the presets need of the create panel (`CreatePanel` is one)."""

    def request(self) -> GenerationRequest: ...

    def set_request(self, request: GenerationRequest) -> None: ...


def with_pictures_kept(
    preset: GenerationRequest, current: GenerationRequest
) -> tuple[GenerationRequest, bool, bool]:
    """`preset` with the form's pictures it can take: (the request, whether pictures were kept,
    whether some had to go because the preset's model cannot take them)."""
    spec = preset.spec
    if current.mode is Mode.REFERENCES:
        if spec.references:
            kept = dataclasses.replace(
                preset,
                reference_images=current.reference_images,
                reference_videos=current.reference_videos,
            )
            return kept, True, False
        return preset, False, True
    last = current.last_frame if spec.last_frame else None
    request = dataclasses.replace(preset, first_frame=current.first_frame, last_frame=last)
    dropped = bool(current.last_frame and not spec.last_frame)
    return request, bool(current.first_frame or last), dropped


class PresetActions(QObject):
    """The presets' commands for one window. `notify(text)` tells the outcome (the toast)."""

    def __init__(
        self,
        store: PresetAccess,
        form: Form,
        *,
        notify: Callable[[str], None],
        questions: Questions | None = None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._form = form
        self._notify = notify
        self.questions = questions or Questions()
        self._parent = parent

    # --- the menu --------------------------------------------------------------------------

    def button(self) -> QToolButton:
        """The "Presets" button for the prompt's row: a menu, rebuilt each time it opens."""
        button = QToolButton()
        button.setObjectName("presetsButton")
        button.setText(self.tr("Presets"))
        button.setAccessibleName(self.tr("Presets"))
        button.setToolTip(self.tr("Fill the form from a preset, or keep this one as a preset"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(button)
        menu.setObjectName("presetsMenu")
        menu.aboutToShow.connect(lambda: self.fill_menu(menu))
        button.setMenu(menu)
        self.fill_menu(menu)
        return button

    def fill_menu(self, menu: QMenu) -> None:
        """The menu's entries as the presets stand now."""
        for submenu in menu.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly):
            submenu.setParent(None)  # the last opening's starters: gone with their actions
            submenu.deleteLater()
        menu.clear()
        listed = list_presets(self._store)
        _header(menu, self.tr("My presets"))
        if listed.problem:
            broken = menu.addAction(self.tr("Your presets cannot be read"))
            broken.setEnabled(False)
            broken.setToolTip(listed.problem)
            menu.setToolTipsVisible(True)
        elif not listed.own:
            none = menu.addAction(self.tr("None yet: “Save as preset…” keeps the form"))
            none.setEnabled(False)
        for preset in listed.own:
            self._add_apply(menu, preset)
        menu.addSeparator()
        _header(menu, self.tr("Starter recipes"))
        for model, group in listed.starters:
            submenu = menu.addMenu(model.label)
            submenu.setObjectName(f"starters-{model.value}")
            for preset in group:
                self._add_apply(submenu, preset)
        menu.addSeparator()
        save = menu.addAction(self.tr("Save as preset…"))
        save.setObjectName("savePresetAction")
        save.triggered.connect(lambda: self.save_from(self._form.request()))
        manage = menu.addAction(self.tr("Manage…"))
        manage.setObjectName("managePresetsAction")
        manage.setEnabled(bool(listed.own))
        manage.triggered.connect(self.manage)
        menu.addSeparator()
        menu.addAction(self.tr("Import…")).triggered.connect(self.import_file)
        export = menu.addAction(self.tr("Export…"))
        export.setEnabled(bool(listed.own))
        export.triggered.connect(self.export_file)

    def presets(self) -> PresetList:
        return list_presets(self._store)

    # --- commands --------------------------------------------------------------------------

    def apply(self, preset: Preset) -> None:
        """Fill the form from `preset`, keeping the form's pictures (see the module docstring)."""
        request, kept, dropped = with_pictures_kept(preset.request, self._form.request())
        self._form.set_request(request)
        text = self.tr("Preset “{name}” applied.").format(name=preset.name)
        if kept:
            text += " " + self.tr("Your pictures stay: presets hold no pictures.")
        if dropped:
            text += " " + self.tr("Pictures this model cannot take were removed.")
        self._notify(text)

    def save_from(self, request: GenerationRequest) -> Preset | None:
        """Ask a name and keep `request`'s prompt and options under it (never its pictures)."""
        name = self._suggest(request)
        while True:
            answer = self.questions.text(
                self._parent,
                self.tr("Save as preset"),
                self.tr("Name of the preset (its prompt and options are kept, not pictures):"),
                name,
            )
            if answer is None:
                return None
            name = answer.strip()
            if name:
                break
        try:
            taken = {p.name.casefold() for p in self._store.own()}
            if name.casefold() in taken and not self.questions.yes_no(
                self._parent,
                self.tr("Replace the preset?"),
                self.tr("You already have a preset called “{name}”. Replace it?").format(name=name),
                self.tr("Replace"),
            ):
                return None
            preset = Preset.from_request(name, request)
            self._store.save(preset)
        except (errors.HailuoError, OSError) as error:
            self._tell_failure(self.tr("The preset was not saved"), error)
            return None
        self._notify(self.tr("Saved the preset “{name}”.").format(name=name))
        return preset

    def manage(self) -> None:
        from hailuo_desktop.ui.presets.manage import ManagePresetsDialog

        dialog = ManagePresetsDialog(self._store, questions=self.questions, parent=self._parent)
        dialog.open()

    def import_file(self) -> list[Preset]:
        """Ask for a presets file and add its presets; a bad file changes nothing."""
        path = self.questions.open_file(
            self._parent, self.tr("Import presets"), self.tr("Presets (*.json);;All files (*)")
        )
        if not path:
            return []
        try:
            imported = self._store.import_file(Path(path))
        except (errors.HailuoError, OSError) as error:
            self._tell_failure(self.tr("Nothing was imported"), error)
            return []
        if len(imported) == 1:
            self._notify(self.tr("Imported 1 preset."))
        else:
            self._notify(self.tr("Imported {count} presets.").format(count=len(imported)))
        return imported

    def export_file(self) -> str | None:
        """Ask where and write the user's presets there."""
        path = self.questions.save_file(
            self._parent,
            self.tr("Export presets"),
            "hailuo-presets.json",
            self.tr("Presets (*.json)"),
        )
        if not path:
            return None
        try:
            self._store.export_file(Path(path))
        except (errors.HailuoError, OSError) as error:
            self._tell_failure(self.tr("The presets were not exported"), error)
            return None
        self._notify(self.tr("Presets exported to {path}.").format(path=path))
        return path

    # --- helpers ---------------------------------------------------------------------------

    def _add_apply(self, menu: QMenu, preset: Preset) -> None:
        action = menu.addAction(preset.name)
        action.setToolTip(preset.request.prompt)
        action.triggered.connect(lambda _=False, preset=preset: self.apply(preset))

    def _suggest(self, request: GenerationRequest) -> str:
        words = " ".join(request.prompt.split())
        if len(words) <= NAME_CHARS:
            return words
        return words[:NAME_CHARS].rsplit(" ", 1)[0] or words[:NAME_CHARS]

    def _tell_failure(self, title: str, error: Exception) -> None:
        if isinstance(error, errors.HailuoError):
            reason = translate_message(error.message)
        else:
            reason = self.tr("The file cannot be read or written: {reason}").format(
                reason=getattr(error, "strerror", None) or str(error)
            )
        self.questions.tell(self._parent, title, reason)


def _header(menu: QMenu, text: str) -> None:
    """A title over a group of entries (Qt's sections show no text in every style)."""
    header = menu.addAction(text)
    font = QFont(header.font())
    font.setBold(True)
    header.setFont(font)
    header.setEnabled(False)
