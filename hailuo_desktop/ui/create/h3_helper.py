"""H3's prompt tools, in place of the camera-move palette: the sound sections, spoken lines and
the references' tags.

H3 reads plain language with the sound under *Description*, *Soundscape* and *Music* headings,
spoken lines as `<d>[en]…</d>` and the references as `<Picture N>` / `<Video N>`
(`core.h3_prompt`). Each button writes that grammar into the attached `PromptEditor` at the
right place, so nobody has to learn it.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hailuo_desktop.core.h3_prompt import SPOKEN_LANGUAGES, Section, spoken_line, with_section
from hailuo_desktop.ui.create.prompt_editor import PromptEditor


class H3Helper(QWidget):
    """Section buttons, a spoken-line inserter and reference chips for an H3 prompt. No signals."""

    def __init__(self, editor: PromptEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.language_combo = QComboBox()
        self.spoken_button = QPushButton(self.tr("Spoken line"))
        self._chips = QHBoxLayout()
        self._chip_label = QLabel(self.tr("References:"))
        self._section_buttons: dict[Section, QPushButton] = {}
        self._setup_ui()
        self.set_tags([])

    def set_tags(self, tags: list[str]) -> None:
        """Offer a chip for each reference tag ("<Picture 1>", …), in the strip's order."""
        while self._chips.count():
            item = self._chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from the helper now, deleted by Qt later
                widget.deleteLater()
        for tag in tags:
            chip = QPushButton(tag)
            chip.setObjectName("referenceChip")
            chip.setAccessibleName(self.tr("Insert {tag}").format(tag=tag))
            chip.setToolTip(self.tr("Names this reference in the prompt"))
            chip.setAutoDefault(False)
            chip.clicked.connect(lambda _=False, text=tag: self._editor.insert_text(text))
            self._chips.addWidget(chip)
        self._chips.addStretch(1)
        self._chip_label.setVisible(bool(tags))

    def _setup_ui(self) -> None:
        self.setObjectName("h3Helper")
        self.setAccessibleName(self.tr("H3 prompt tools"))
        labels = {
            Section.DESCRIPTION: self.tr("Description"),
            Section.SOUNDSCAPE: self.tr("Soundscape"),
            Section.MUSIC: self.tr("Music"),
        }
        tips = {
            Section.DESCRIPTION: self.tr("What is seen: subject, action, scene, camera, style."),
            Section.SOUNDSCAPE: self.tr("What is heard around it: rain, traffic, footsteps…"),
            Section.MUSIC: self.tr("The music under the clip, if any."),
        }
        sections = QHBoxLayout()
        sections.addWidget(QLabel(self.tr("Add:")))
        for section, label in labels.items():
            button = QPushButton(label)
            button.setObjectName(f"h3{section.value}Button")
            button.setToolTip(tips[section])
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=section: self._add_section(s))
            self._section_buttons[section] = button
            sections.addWidget(button)
        sections.addStretch(1)
        self.language_combo.setObjectName("h3LanguageCombo")
        self.language_combo.setAccessibleName(self.tr("Language of the spoken line"))
        for code in SPOKEN_LANGUAGES:
            self.language_combo.addItem(code, code)
        interface = QLocale().name().split("_")[0]  # the interface's language first
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(interface)))
        self.spoken_button.setObjectName("h3SpokenLineButton")
        self.spoken_button.setToolTip(
            self.tr("Someone says the selected words (or what you type between the marks).")
        )
        self.spoken_button.setAutoDefault(False)
        self.spoken_button.clicked.connect(self._add_spoken_line)
        sections.addWidget(self.language_combo)
        sections.addWidget(self.spoken_button)
        chips = QHBoxLayout()
        chips.addWidget(self._chip_label)
        chips.addLayout(self._chips, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(sections)
        layout.addLayout(chips)

    def _add_section(self, section: Section) -> None:
        prompt, position = with_section(self._editor.prompt(), section)
        self._editor.set_prompt(prompt)
        self._editor.place_cursor(position)

    def _add_spoken_line(self) -> None:
        words = self._editor.textCursor().selectedText()
        line, cursor_at = spoken_line(self.language_combo.currentData(), words)
        self._editor.insert_text(line, cursor_at)
