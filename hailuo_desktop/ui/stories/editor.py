"""The selected shot's form: the create panel (the same form, reshaping per model) with a
"Continue from the shot before" choice above its frames, and, once the shot is made, a bar
saying so with "Make again…" (the form is then read-only).

When the shot continues, the first-frame slot gives way to a note ("Starts on the last frame of
shot N"). The first shot cannot continue, nor a shot whose model cannot start from a picture:
the choice is disabled and says why.

Signals: edited() — the user changed the shot (the page saves it, debounced);
makeAgainRequested(); notice(str) — for the status line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hailuo_desktop.core.models import Mode
from hailuo_desktop.core.options import GenerationRequest, PriceTable
from hailuo_desktop.core.stories import Shot
from hailuo_desktop.ui.create.panel import CreatePanel


class ShotEditor(QWidget):
    """The form of one shot (see the module doc)."""

    edited = Signal()
    makeAgainRequested = Signal()
    notice = Signal(str)

    def __init__(self, prices: Callable[[], PriceTable], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shotEditor")
        self.panel = CreatePanel(prices)
        self.panel.set_generate_shown(False)
        self.continues_check = QCheckBox(self.tr("Continue from the shot before"))
        self.continues_check.setObjectName("continuesCheck")
        self.continues_check.setAccessibleName(self.tr("Continue from the shot before"))
        self.why_not_continue = QLabel()
        self.why_not_continue.setObjectName("continuesHint")
        self.why_not_continue.setWordWrap(True)
        self.why_not_continue.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.heading = QLabel()
        self.heading.setObjectName("shotHeading")
        self.made_bar = QWidget()
        self.made_bar.setObjectName("madeBar")
        self.made_label = QLabel()
        self.made_label.setWordWrap(True)
        self.make_again_button = QPushButton(self.tr("Make again…"))
        self.make_again_button.setObjectName("makeAgainButton")
        self._shot: Shot | None = None
        self._spec = self.panel.options.spec()
        self._loading = False
        self._setup_ui()
        self.panel.changed.connect(self._on_panel_changed)
        self.panel.notice.connect(self.notice)
        self.continues_check.toggled.connect(self._on_continues_toggled)
        self.make_again_button.clicked.connect(self.makeAgainRequested)
        self.show_shot(None)

    # --- public API ------------------------------------------------------------------------

    def shot_id(self) -> str | None:
        return self._shot.id if self._shot else None

    def show_shot(self, shot: Shot | None, *, made: bool = False, made_text: str = "") -> None:
        """Fill the form from `shot` (none: an empty, disabled form); a `made` shot is shown
        read-only under a bar saying `made_text`, with "Make again…"."""
        same = shot is not None and self._shot is not None and shot.id == self._shot.id
        self._shot = shot
        self._loading = True
        try:
            if shot is not None and not (same and not made and self._editing()):
                self.panel.set_request(shot.request)
                self.continues_check.setChecked(shot.continues)
            self._spec = self.panel.options.spec()
            self._show_continues()
        finally:
            self._loading = False
        self.setEnabled(shot is not None)
        self.heading.setText(
            self.tr("Shot {number}").format(number=shot.number) if shot else self.tr("No shot")
        )
        self.made_bar.setVisible(made)
        self.made_label.setText(made_text)
        self.panel.set_read_only(made)
        self.continues_check.setEnabled(not made and self._can_continue())

    def request(self) -> GenerationRequest:
        return self.panel.request()

    def continues(self) -> bool:
        return self.continues_check.isChecked() and self._can_continue()

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        bar = QHBoxLayout(self.made_bar)
        bar.setContentsMargins(12, 8, 12, 8)
        bar.addWidget(self.made_label, 1)
        bar.addWidget(self.make_again_button)
        self.made_bar.setAutoFillBackground(True)
        self.made_bar.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        choice = QWidget()
        column = QVBoxLayout(choice)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.continues_check)
        column.addWidget(self.why_not_continue)
        self.panel.add_above_frames(choice)
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setContentsMargins(12, 8, 12, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.made_bar)
        layout.addWidget(self.panel, 1)

    # --- reacting --------------------------------------------------------------------------

    def _editing(self) -> bool:
        """The user is typing in this form (a save's echo must not reset the cursor)."""
        focus = self.focusWidget()
        return focus is not None and self.isAncestorOf(focus) and focus.hasFocus()

    def _can_continue(self) -> bool:
        if self._shot is None or self._shot.position == 0:
            return False
        return Mode.FIRST_FRAME in self.panel.options.spec().modes

    def _show_continues(self) -> None:
        shot = self._shot
        if shot is None or shot.position == 0:
            why = self.tr("The first shot starts the story: there is no shot before it.")
        elif Mode.FIRST_FRAME not in self.panel.options.spec().modes:
            why = self.tr("{model} cannot start from a picture, so it cannot continue.").format(
                model=self.panel.options.spec().label
            )
        else:
            why = ""
        self.why_not_continue.setText(why)
        self.why_not_continue.setVisible(bool(why))
        self.continues_check.setEnabled(not why and not self.made_bar.isVisible())
        if self.continues() and shot is not None:
            note = self.tr("Starts on the last frame of shot {number}'s video.").format(
                number=shot.position
            )
            self.panel.set_first_frame_stand_in(note)
        else:
            self.panel.set_first_frame_stand_in(None)

    def _on_continues_toggled(self, _checked: bool) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            self._show_continues()
        finally:
            self._loading = False
        self.edited.emit()

    def _on_panel_changed(self) -> None:
        if self._loading:
            return
        spec = self.panel.options.spec()
        if spec is not self._spec:  # another model: it may not take a first frame
            self._spec = spec
            self._loading = True
            try:
                self._show_continues()
            finally:
                self._loading = False
        self.edited.emit()
