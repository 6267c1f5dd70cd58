"""The Stories page's header: which story (chooser, "New story", its title edited in place),
what making it costs, and what can be done with it — "Make the story", "Export", "Play" — with
the export's progress and "Cancel" in the same row while it runs (never a dialog).

Signals: storyChosen(str) story id; newRequested(); renamed(str) the new title;
makeRequested(); exportRequested(); playRequested(); cancelExportRequested().
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from hailuo_desktop.core.stories import Story
from hailuo_desktop.ui.common.wheel_guard import guard_wheel


class StoryHeader(QWidget):
    """The row above the strip (see the module doc)."""

    storyChosen = Signal(str)
    newRequested = Signal()
    renamed = Signal(str)
    makeRequested = Signal()
    exportRequested = Signal()
    playRequested = Signal()
    cancelExportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyHeader")
        self.chooser = QComboBox()
        self.chooser.setObjectName("storyChooser")
        self.chooser.setAccessibleName(self.tr("Story"))
        self.chooser.setToolTip(self.tr("Choose a story (the newest first)"))
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(14)
        self.new_button = QToolButton()
        self.new_button.setObjectName("newStoryButton")
        self.new_button.setText(self.tr("New story"))
        self.new_button.setAccessibleName(self.tr("New story"))
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("storyTitleEdit")
        self.title_edit.setAccessibleName(self.tr("Story title"))
        self.title_edit.setPlaceholderText(self.tr("Title of the story"))
        self.title_edit.setToolTip(self.tr("Click to rename the story"))
        self.title_edit.setFrame(False)
        self.title_edit.setMaxLength(120)
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("storyEstimateLabel")
        self.estimate_label.setToolTip(
            self.tr("An estimate from MiniMax's reference prices; ToAPIs bills its own price.")
        )
        self.make_button = QPushButton(self.tr("Make the story"))
        self.make_button.setObjectName("makeStoryButton")
        self.make_button.setAccessibleName(self.tr("Make the story"))
        self.make_button.setDefault(True)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setObjectName("exportStoryButton")
        self.export_button.setAccessibleName(self.tr("Export the story as one video"))
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setObjectName("playStoryButton")
        self.play_button.setAccessibleName(self.tr("Play the exported story"))
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("exportProgress")
        self.export_progress.setAccessibleName(self.tr("Export progress"))
        self.export_progress.setRange(0, 100)
        self.export_progress.setFormat(self.tr("Exporting %p %"))
        self.export_progress.setFixedWidth(170)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelExportButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the export"))
        self._setup_ui()
        guard_wheel(self)
        self.chooser.activated.connect(self._on_chosen)
        self.new_button.clicked.connect(self.newRequested)
        self.title_edit.editingFinished.connect(self._on_title_edited)
        self.make_button.clicked.connect(self.makeRequested)
        self.export_button.clicked.connect(self.exportRequested)
        self.play_button.clicked.connect(self.playRequested)
        self.cancel_button.clicked.connect(self.cancelExportRequested)
        self.set_exporting(False)

    # --- public API ------------------------------------------------------------------------

    def set_stories(self, stories: list[Story], current: str | None) -> None:
        """The chooser's stories (as given: the newest first) with `current` chosen."""
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for story in stories:
            self.chooser.addItem(story.title or self.tr("Untitled story"), story.id)
        index = self.chooser.findData(current) if current else -1
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        self.chooser.setEnabled(bool(stories))

    def set_title(self, title: str) -> None:
        if not self.title_edit.hasFocus():
            self.title_edit.setText(title)
            self.title_edit.setCursorPosition(0)

    def set_estimate(self, text: str) -> None:
        self.estimate_label.setText(text)

    def set_exporting(self, exporting: bool) -> None:
        """Show the export's progress and Cancel instead of Export."""
        self.export_progress.setVisible(exporting)
        self.cancel_button.setVisible(exporting)
        self.export_button.setVisible(not exporting)
        if exporting:
            self.export_progress.setValue(0)

    def set_export_fraction(self, fraction: float) -> None:
        self.export_progress.setValue(round(max(0.0, min(1.0, fraction)) * 100))

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        font = QFont(self.title_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.3 if font.pointSizeF() > 0 else 13)
        font.setWeight(QFont.Weight.DemiBold)
        self.title_edit.setFont(font)
        # A heading until clicked: no field's background then (palette roles only).
        self.title_edit.setStyleSheet(
            "QLineEdit#storyTitleEdit { background: transparent; }"
            " QLineEdit#storyTitleEdit:focus { background: palette(base); }"
        )
        self.title_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title_edit.setMinimumWidth(160)
        self.estimate_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for button in (self.make_button, self.export_button, self.play_button):
            button.setMinimumHeight(32)
        self.make_button.setMinimumWidth(140)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 4)
        row.setSpacing(8)
        row.addWidget(self.chooser)
        row.addWidget(self.new_button)
        row.addSpacing(8)
        row.addWidget(self.title_edit, 1)
        row.addWidget(self.estimate_label)
        row.addSpacing(4)
        row.addWidget(self.make_button)
        row.addWidget(self.export_button)
        row.addWidget(self.export_progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.play_button)

    # --- reacting --------------------------------------------------------------------------

    def _on_chosen(self, index: int) -> None:
        story_id = self.chooser.itemData(index)
        if story_id:
            self.storyChosen.emit(str(story_id))

    def _on_title_edited(self) -> None:
        self.renamed.emit(self.title_edit.text().strip())
