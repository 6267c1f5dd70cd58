"""The left side of the main window: everything that describes the next video.

Prompt editor with its counter and camera palette, the options, the first-frame drop zone, the
price estimate and the Generate button. The panel decides whether Generate is possible and
says why not; the window does the submitting.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core.options import GenerationRequest, PriceTable, estimate_price, problems
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.create.directive_palette import DirectivePalette
from hailuo_desktop.ui.create.first_frame import FirstFrameDrop
from hailuo_desktop.ui.create.options import OptionsPanel
from hailuo_desktop.ui.create.prompt_counter import PromptCounter
from hailuo_desktop.ui.create.prompt_editor import PromptEditor


class CreatePanel(QWidget):
    """Describe a video and ask for it: the fields scroll, Generate stays in view below them.

    Signals: generateRequested(object) — the GenerationRequest, only when it may be sent;
    notice(str) — something the user should know, for the status line (a model switch
    changed other choices).
    """

    generateRequested = Signal(object)
    notice = Signal(str)

    def __init__(self, prices: Callable[[], PriceTable], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prices = prices
        self._scroll = QScrollArea()
        self.prompt_editor = PromptEditor()
        self.counter = PromptCounter(self.prompt_editor)
        self.palette_widget = DirectivePalette()
        self.palette_widget.attach(self.prompt_editor)
        self.options = OptionsPanel()
        self.first_frame = FirstFrameDrop()
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("estimateLabel")
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setAccessibleName(self.tr("Generate video"))
        self.generate_button.setDefault(True)
        self.why_not_label = QLabel()
        self.why_not_label.setObjectName("generateHint")
        self.why_not_label.setWordWrap(True)
        self._setup_ui()
        self.prompt_editor.promptChanged.connect(self._on_changed)
        self.prompt_editor.generateRequested.connect(self._on_generate)
        self.options.optionsChanged.connect(self._on_changed)
        self.options.adjusted.connect(self._on_adjusted)
        self.first_frame.changed.connect(self._on_changed)
        self.first_frame.usabilityChanged.connect(self._on_changed)
        self.generate_button.clicked.connect(self._on_generate)
        self._on_changed()

    # --- public API ------------------------------------------------------------------------

    def request(self) -> GenerationRequest:
        return self.options.request(
            self.prompt_editor.prompt(), first_frame=self.first_frame.path()
        )

    def set_request(self, request: GenerationRequest) -> None:
        """Fill every field from `request` (reuse settings, last used options)."""
        self.prompt_editor.set_prompt(request.prompt)
        self.options.set_options(request)
        self.first_frame.set_path(request.first_frame)
        self._on_changed()

    def why_not(self) -> str | None:
        """Why Generate is disabled, in plain words; None when it is enabled."""
        request = self.request()
        if not request.prompt.strip():
            return self.tr("Describe the video you want first.")
        broken = problems(request)
        if broken:
            return translate_message(broken[0].message)
        if request.first_frame and not self.first_frame.is_usable():
            return self.tr("The first-frame picture can't be used yet: see the note under it.")
        return None

    def refresh(self) -> None:
        """Recompute the estimate and the Generate button (e.g. after the prices changed)."""
        self._on_changed()

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)

        prompt_box = QGroupBox(self.tr("Prompt"))
        prompt_layout = QVBoxLayout(prompt_box)
        self.prompt_editor.setMinimumHeight(96)
        self.prompt_editor.setMaximumHeight(150)
        prompt_layout.addWidget(self.prompt_editor)
        counter_row = QHBoxLayout()
        hint = QLabel(self.tr("Ctrl+Enter generates"))
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        counter_row.addWidget(hint)
        counter_row.addStretch(1)
        counter_row.addWidget(self.counter)
        prompt_layout.addLayout(counter_row)
        prompt_layout.addWidget(QLabel(self.tr("Camera moves")))
        prompt_layout.addWidget(self.palette_widget)
        layout.addWidget(prompt_box)

        options_box = QGroupBox(self.tr("Video"))
        QVBoxLayout(options_box).addWidget(self.options)
        layout.addWidget(options_box)

        frame_box = QGroupBox(self.tr("First frame (optional)"))
        QVBoxLayout(frame_box).addWidget(self.first_frame)
        layout.addWidget(frame_box)
        layout.addStretch(1)

        self._scroll.setWidget(body)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(body.minimumSizeHint().width() + scrollbar + 2)

        footer = QWidget()
        footer.setObjectName("generateFooter")
        footer_layout = QVBoxLayout(footer)
        footer_layout.setContentsMargins(12, 6, 12, 10)
        row = QHBoxLayout()
        row.addWidget(self.estimate_label, 1)
        self.generate_button.setMinimumSize(140, 36)
        self.generate_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        row.addWidget(self.generate_button)
        footer_layout.addLayout(row)
        footer_layout.addWidget(self.why_not_label)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._scroll, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
        outer.addWidget(footer)

    # --- reacting --------------------------------------------------------------------------

    def _on_adjusted(self, changes: str) -> None:
        self.notice.emit(
            self.tr("Switched to {model}: {changes}.").format(
                model=self.options.spec().label, changes=changes
            )
        )

    def _on_changed(self, *_: object) -> None:
        request = self.request()
        self.options.set_mode(request.mode)
        self.counter.set_limit(request.spec.max_prompt_chars)
        estimate = estimate_price(request, self._prices())
        self.estimate_label.setText(
            self.tr("Estimate: ≈ ${usd} ({credits} credits)").format(
                usd=f"{estimate.usd:.2f}", credits=estimate.credits
            )
            if estimate
            else ""
        )
        self.estimate_label.setToolTip(
            self.tr("An estimate from MiniMax's reference prices; ToAPIs bills its own price.")
        )
        reason = self.why_not()
        self.generate_button.setEnabled(reason is None)
        self.generate_button.setToolTip(reason or self.tr("Start generating (Ctrl+Enter)"))
        self.why_not_label.setText(reason or "")
        self.why_not_label.setVisible(bool(reason) and bool(request.prompt.strip()))

    def _on_generate(self) -> None:
        if self.why_not() is None:
            self.generateRequested.emit(self.request())
