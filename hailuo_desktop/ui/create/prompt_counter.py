"""The ``n / limit`` label under the prompt editor (2000 for Hailuo 2.3/02, 7000 for H3): red
and bold, with an explanation, past the limit. It counts characters as Hailuo does (code points:
an emoji is one)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from hailuo_desktop.core.models import Model
from hailuo_desktop.ui.create.directive_highlighter import problem_color
from hailuo_desktop.ui.create.prompt_editor import PromptEditor


class PromptCounter(QLabel):
    """The ``n / limit`` label for a PromptEditor; red, with an explanation, past the limit.

    n counts characters as Hailuo does (code points: an emoji is one). No signals.
    """

    def __init__(self, editor: PromptEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count = -1
        self._limit = Model.HAILUO_23.spec.max_prompt_chars
        self._prompt = editor.prompt
        self._restyling = False
        self._setup_ui()
        editor.promptChanged.connect(self._on_prompt_changed)
        self._on_prompt_changed(editor.prompt())

    def count(self) -> int:
        """Characters in the prompt."""
        return self._count

    def is_over_limit(self) -> bool:
        """True when the prompt is longer than the model accepts."""
        return self._count > self._limit

    def set_limit(self, limit: int) -> None:
        """Count to `limit`, the chosen model's longest prompt."""
        if limit != self._limit:
            self._limit = limit
            self._count = -1
            self._on_prompt_changed(self._prompt())

    def _setup_ui(self) -> None:
        self.setObjectName("promptCounter")
        self.setAccessibleName(self.tr("Prompt length"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        ready = getattr(self, "_restyling", True) is False  # not while Qt constructs the label
        if event.type() == QEvent.Type.PaletteChange and ready:
            self._restyle()

    def _on_prompt_changed(self, prompt: str) -> None:
        count = len(prompt)
        if count == self._count:
            return
        self._count = count
        limit = self._limit
        self.setText(self.tr("{count} / {limit}").format(count=count, limit=limit))
        if self.is_over_limit():
            explanation = self.tr(
                "The prompt has {count} characters; Hailuo accepts at most {limit}. "
                "Shorten it by {excess}."
            ).format(count=count, limit=limit, excess=count - limit)
        else:
            explanation = self.tr(
                "{count} of {limit} characters used. Hailuo accepts prompts of up to "
                "{limit} characters."
            ).format(count=count, limit=limit)
        self.setToolTip(explanation)
        self.setAccessibleDescription(explanation)
        self._restyle()

    def _restyle(self) -> None:
        """Red and bold past the limit, the inherited colours otherwise."""
        self._restyling = True
        try:
            over = self.is_over_limit()
            font = self.font()
            if font.bold() != over:
                font.setBold(over)
                self.setFont(font)
            self.setPalette(QPalette())  # inherit from the parent again
            if over:
                palette = self.palette()
                palette.setColor(
                    QPalette.ColorRole.WindowText,
                    problem_color(palette, error=True, role=QPalette.ColorRole.Window),
                )
                self.setPalette(palette)
        finally:
            self._restyling = False
