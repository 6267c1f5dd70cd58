"""The left side of the main window: everything that describes the next video.

Prompt editor with its counter and camera palette, the options, the first-frame drop zone, the
price estimate and the Generate button. The panel decides whether Generate is possible and
says why not; the window does the submitting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QCursor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core.h3_prompt import renumber
from hailuo_desktop.core.models import Grammar, Mode, Model
from hailuo_desktop.core.options import GenerationRequest, PriceTable, estimate_price, problems
from hailuo_desktop.core.stories import CONTINUED_FRAME
from hailuo_desktop.ui.common.pictures import copied
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.common.wheel_guard import guard_wheel
from hailuo_desktop.ui.create.directive_palette import DirectivePalette
from hailuo_desktop.ui.create.frame_drop import FrameDrop, FrameSlot
from hailuo_desktop.ui.create.h3_helper import H3Helper
from hailuo_desktop.ui.create.options import OptionsPanel
from hailuo_desktop.ui.create.prompt_counter import PromptCounter
from hailuo_desktop.ui.create.prompt_editor import PromptEditor
from hailuo_desktop.ui.create.references import ReferenceStrip

MIN_WIDTH = 600
"""The panel's least width in any language (shorter Chinese labels made it narrower)."""


class CreatePanel(QWidget):
    """Describe a video and ask for it: the fields scroll, Generate stays in view below them.

    Signals: generateRequested(object) — the GenerationRequest, only when it may be sent;
    notice(str) — something the user should know, for the status line (a model switch
    changed other choices); changed() — a field changed (the story editor saves its shot).
    """

    generateRequested = Signal(object)
    notice = Signal(str)
    changed = Signal()

    def __init__(self, prices: Callable[[], PriceTable], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prices = prices
        self._scroll = QScrollArea()
        self.prompt_editor = PromptEditor()
        self.counter = PromptCounter(self.prompt_editor)
        self.palette_widget = DirectivePalette()
        self.palette_widget.attach(self.prompt_editor)
        self.options = OptionsPanel()
        self.h3_helper = H3Helper(self.prompt_editor)
        self.first_frame = FrameDrop()
        self.last_frame = FrameDrop(slot=FrameSlot.LAST)
        self.references = ReferenceStrip(Model.H3.spec)
        self.use_frames = QRadioButton(self.tr("First and last frame"))
        self.use_references = QRadioButton(self.tr("Reference pictures and videos"))
        self._frame_box = QGroupBox()
        self._references_box = QGroupBox(self.tr("References"))
        self._choice_row = QWidget()
        self._camera_label = QLabel(self.tr("Camera moves"))
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("estimateLabel")
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setAccessibleName(self.tr("Generate video"))
        self.generate_button.setDefault(True)
        self.why_not_label = QLabel()
        self.why_not_label.setObjectName("generateHint")
        self.why_not_label.setWordWrap(True)
        self._generate_hint = QLabel(self.tr("Ctrl+Enter generates"))
        self._above_frames = QVBoxLayout()
        self._stand_in = QLabel()
        self._stand_in.setObjectName("firstFrameStandIn")
        self._stand_in.setWordWrap(True)
        self._stand_in.hide()  # before the panel measures its width
        self._stand_in_text: str | None = None
        self._setup_ui()
        guard_wheel(self)  # a wheel passing over a paid option scrolls the panel instead
        self.prompt_editor.promptChanged.connect(self._on_changed)
        self.prompt_editor.generateRequested.connect(self._on_generate)
        self.prompt_editor.pictureOffered.connect(lambda mime: self.take_picture(mime, "pasted"))
        self.options.optionsChanged.connect(self._on_changed)
        self.options.modelSwitched.connect(self._on_model_switched)
        self.options.adjusted.connect(self.notice)
        for frame in (self.first_frame, self.last_frame):
            frame.changed.connect(self._on_changed)
            frame.usabilityChanged.connect(self._on_changed)
        self.references.changed.connect(self._on_references_changed)
        self.references.reordered.connect(self._on_references_reordered)
        self.use_references.toggled.connect(self._on_choice)
        self.generate_button.clicked.connect(self._on_generate)
        self._reshape()
        self._on_changed()

    # --- public API ------------------------------------------------------------------------

    def request(self) -> GenerationRequest:
        spec = self.options.spec()
        if self._uses_references():
            media: dict[str, object] = {
                "reference_images": self.references.pictures(),
                "reference_videos": self.references.videos(),
            }
        else:
            media = {
                "first_frame": None if self._stand_in_text else self.first_frame.path(),
                "last_frame": self.last_frame.path() if spec.last_frame else None,
            }
        return self.options.request(self.prompt_editor.prompt(), **media)

    def set_request(self, request: GenerationRequest) -> None:
        """Fill every field from `request` (reuse settings, last used options)."""
        self.prompt_editor.set_prompt(request.prompt)
        self.options.set_options(request)
        self.first_frame.set_path(request.first_frame)
        self.last_frame.set_path(request.last_frame)
        self.references.set_references(request.reference_images, request.reference_videos)
        self.use_references.setChecked(request.mode is Mode.REFERENCES)
        self.use_frames.setChecked(request.mode is not Mode.REFERENCES)
        self._reshape()
        self._on_changed()

    def set_first_frame_stand_in(self, note: str | None) -> None:
        """With a `note`, the first-frame slot gives way to it: the video will start on a
        picture that does not exist yet (a story's continuing shot, which starts on the last
        frame of the shot before). Checks and the estimate count that picture in; `request()`
        has no first frame. None brings the slot back (its picture kept meanwhile)."""
        self._stand_in_text = note
        self._stand_in.setText(note or "")
        if note:
            self.use_frames.setChecked(True)
        self._reshape()
        self._on_changed()

    def add_above_frames(self, widget: QWidget) -> None:
        """Put `widget` above the frame slots (the story editor's "continue" choice)."""
        self._above_frames.addWidget(widget)

    def set_read_only(self, read_only: bool) -> None:
        """Show the fields without letting them change (a story's shot already made); the
        panel still scrolls."""
        body = self._scroll.widget()
        if body is not None:
            body.setEnabled(not read_only)

    def set_generate_shown(self, shown: bool) -> None:
        """Show or hide the Generate button and its shortcut hint (the story editor makes its
        shots from the story's own buttons); the estimate and the reason a request cannot be
        made stay."""
        self.generate_button.setVisible(shown)
        self._generate_hint.setVisible(shown)

    def checked_request(self) -> GenerationRequest:
        """The request as it will be sent: with the stand-in's picture as its first frame."""
        request = self.request()
        if self._stand_in_text and request.mode is not Mode.REFERENCES:
            return replace(request, first_frame=CONTINUED_FRAME)
        return request

    def add_prompt_tool(self, tool: QWidget) -> None:
        """Put `tool` (the Presets button) in the prompt's row, before the counter."""
        self._prompt_tools.insertWidget(self._prompt_tools.indexOf(self.counter), tool)

    def why_not(self) -> str | None:
        """Why Generate is disabled, in plain words; None when it is enabled."""
        request = self.checked_request()
        broken = problems(request)
        if broken:
            return translate_message(broken[0].message)
        continued = request.first_frame == CONTINUED_FRAME
        if request.first_frame and not continued and not self.first_frame.is_usable():
            return self.tr("The first-frame picture can't be used yet: see the note under it.")
        if request.last_frame and not self.last_frame.is_usable():
            return self.tr("The last-frame picture can't be used yet: see the note under it.")
        if request.mode is Mode.REFERENCES and not self.references.is_usable():
            return self.tr("A reference can't be used yet: see the note under the references.")
        return None

    def refresh(self) -> None:
        """Recompute the estimate and the Generate button (e.g. after the prices changed)."""
        self._on_changed()

    def take_picture(self, mime: QMimeData, how: str) -> QMenu | None:
        """A picture pasted or dropped anywhere on the window (`how`: "pasted", "dropped"):
        the first frame; when the model also takes a last frame, the slot the user picks from
        a menu (returned, open). In references mode the strip's buttons add pictures."""
        if self._uses_references():
            self.notice.emit(self.tr("Add reference pictures with the buttons under References."))
            return None
        picture = copied(mime)
        if self._stand_in_text:  # the first frame is taken: only a last frame may be given
            if self.options.spec().last_frame:
                self.last_frame.take(picture, how)
            else:
                self.notice.emit(self._stand_in_text)
            return None
        if not self.options.spec().last_frame:
            self.first_frame.take(picture, how)
            return None
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for text, slot in (
            (self.tr("Use as first frame"), self.first_frame),
            (self.tr("Use as last frame"), self.last_frame),
        ):
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, slot=slot: slot.take(picture, how))
        menu.popup(QCursor.pos())
        return menu

    # --- layout ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)

        prompt_box = QGroupBox(self.tr("Prompt"))
        prompt_layout = QVBoxLayout(prompt_box)
        self.prompt_editor.setMinimumHeight(84)
        self.prompt_editor.setMaximumHeight(120)
        prompt_layout.addWidget(self.prompt_editor)
        counter_row = QHBoxLayout()
        hint = self._generate_hint
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        counter_row.addWidget(hint)
        counter_row.addStretch(1)
        counter_row.addWidget(self.counter)
        self._prompt_tools = counter_row
        prompt_layout.addLayout(counter_row)
        prompt_layout.addWidget(self._camera_label)
        prompt_layout.addWidget(self.palette_widget)
        prompt_layout.addWidget(self.h3_helper)
        layout.addWidget(prompt_box)

        options_box = QGroupBox(self.tr("Video"))
        QVBoxLayout(options_box).addWidget(self.options)
        layout.addWidget(options_box)

        layout.addLayout(self._above_frames)
        choice = QHBoxLayout(self._choice_row)
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(QLabel(self.tr("Start from:")))
        for button, name in (
            (self.use_frames, "useFramesChoice"),
            (self.use_references, "useReferencesChoice"),
        ):
            button.setObjectName(name)
            choice.addWidget(button)
        choice.addStretch(1)
        self.use_frames.setChecked(True)
        layout.addWidget(self._choice_row)
        frames = QHBoxLayout(self._frame_box)
        frames.addWidget(self.first_frame, 1)
        frames.addWidget(self._stand_in, 1)
        frames.addWidget(self.last_frame, 1)
        layout.addWidget(self._frame_box)
        QVBoxLayout(self._references_box).addWidget(self.references)
        layout.addWidget(self._references_box)
        layout.addStretch(1)

        self._scroll.setWidget(body)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(max(MIN_WIDTH, body.minimumSizeHint().width() + scrollbar + 2))

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

    def _uses_references(self) -> bool:
        return self.options.spec().references and self.use_references.isChecked()

    def _reshape(self) -> None:
        """Show the prompt tools, frame slots, references and picture rules of the chosen
        model (frames or references, as chosen: never both)."""
        spec = self.options.spec()
        natural = spec.grammar is Grammar.NATURAL
        self.prompt_editor.set_grammar(spec.grammar)
        self._camera_label.setVisible(not natural)
        self.palette_widget.setVisible(not natural)
        self.h3_helper.setVisible(natural)
        self._choice_row.setVisible(spec.references and not self._stand_in_text)
        self._frame_box.setVisible(not self._uses_references())
        self._references_box.setVisible(self._uses_references())
        self.references.set_spec(spec if spec.references else Model.H3.spec)
        self.last_frame.setVisible(spec.last_frame)
        self.first_frame.setVisible(not self._stand_in_text)
        self._stand_in.setVisible(bool(self._stand_in_text))
        if self._stand_in_text:
            title = (
                self.tr("First frame") if not spec.last_frame else self.tr("First and last frame")
            )
        elif not spec.text_to_video:
            title = self.tr("First frame (required)")
        elif spec.last_frame:
            title = self.tr("First and last frame (optional)")
        else:
            title = self.tr("First frame (optional)")
        self._frame_box.setTitle(title)
        for frame in (self.first_frame, self.last_frame):
            frame.set_rules(spec.images)

    def _on_model_switched(self, adjusted: list[str]) -> None:
        """A new model: reshape, drop what the model cannot take, and say what changed (the
        options `adjusted` to it, then the pictures and videos dropped here)."""
        self._reshape()
        changes = list(adjusted)
        spec = self.options.spec()
        if self.last_frame.path() and not spec.last_frame:
            self.last_frame.clear()
            changes.append(self.tr("last frame removed"))
        if self.references.tags() and not spec.references:
            self.references.clear()
            self.use_frames.setChecked(True)
            changes.append(self.tr("references removed"))
        if changes:
            self.notice.emit(
                self.tr("Switched to {model}: {changes}.").format(
                    model=spec.label, changes=", ".join(changes)
                )
            )

    def _on_choice(self) -> None:
        self._reshape()
        self._on_changed()

    def _on_references_changed(self) -> None:
        self.h3_helper.set_tags(self.references.tags())
        self._on_changed()

    def _on_references_reordered(self, moves: dict) -> None:
        """References moved: the prompt's `<Picture N>` tags follow their pictures."""
        self.prompt_editor.set_prompt(renumber(self.prompt_editor.prompt(), moves))

    def _on_changed(self, *_: object) -> None:
        request = self.checked_request()
        self.options.set_mode(request.mode)
        self.counter.set_limit(request.spec.max_prompt_chars)
        estimate = estimate_price(request, self._prices())
        text = ""
        if estimate is not None:
            text = self.tr("Estimate: ≈ ${usd} ({credits} credits)").format(
                usd=f"{estimate.usd:.2f}", credits=estimate.credits
            )
            if estimate.guess:
                text += self.tr(" — a guess, no published price")
        self.estimate_label.setText(text)
        self.estimate_label.setToolTip(
            self.tr("An estimate from MiniMax's reference prices; ToAPIs bills its own price.")
        )
        reason = self.why_not()
        self.generate_button.setEnabled(reason is None)
        self.generate_button.setToolTip(reason or self.tr("Start generating (Ctrl+Enter)"))
        self.why_not_label.setText(reason or "")
        self.why_not_label.setVisible(bool(reason) and bool(request.prompt.strip()))
        self.changed.emit()

    def _on_generate(self) -> None:
        if self.why_not() is None:
            self.generateRequested.emit(self.request())
