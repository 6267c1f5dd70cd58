"""The generation options, reshaped for each model from the capability table (`core.models`).

Model, resolution, duration (a choice of lengths, or a slider for a model with a range such as
H3's 4–15 s), aspect ratio where the model takes one, a "with sound" badge, and the switches the
model reads. Impossible combinations cannot be reached: a duration the resolution does not allow
is greyed out with the rule as its tooltip (the rule's own sentence from `core.options`), and
picking a resolution moves the duration to the nearest one allowed (and the other way round);
"adaptive" is offered only when there is a picture or video to adapt to. Switching model keeps
what still applies and reports what it had to change (`modelSwitched`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core.models import AspectRatio, Mode, Model, ModelSpec, Resolution
from hailuo_desktop.core.options import GenerationRequest, RuleCode, problems
from hailuo_desktop.ui.common.translators import translate_message

SLIDER_ABOVE = 3
"""A model with more lengths than this gets a slider instead of a list."""


def _combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return combo


class OptionsPanel(QWidget):
    """Model, resolution, duration, aspect ratio and option switches.

    Item data of the combos is the member's value (Qt stores a StrEnum as a plain str; durations
    are ints); the accessors turn it back into the member.

    Signals: optionsChanged() — any option changed (the estimate and Generate button follow);
    modelSwitched(list) — the model changed; the list says which other options had to change
    (empty when none did), emitted before the optionsChanged() of the switch.
    """

    optionsChanged = Signal()
    modelSwitched = Signal(list)
    adjusted = Signal(str)
    """A choice made another option change (1080p shortens 10 s to 6 s): what changed, in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode = Mode.TEXT
        self._shown = Model.HAILUO_23  # the model the other inputs are shaped for
        self.model_combo = _combo("modelCombo", self.tr("Model"))
        model_labels = {
            Model.HAILUO_23: self.tr("Hailuo 2.3 — text or picture"),
            Model.HAILUO_23_FAST: self.tr("Hailuo 2.3 Fast — picture only"),
            Model.HAILUO_02: self.tr("Hailuo 02 — first and last frame"),
            Model.H3: self.tr("H3 — with sound, 4–15 s"),
        }
        for model in Model:
            self.model_combo.addItem(model_labels[model], model.value)
        self.resolution_combo = _combo("resolutionCombo", self.tr("Resolution"))
        self.duration_combo = _combo("durationCombo", self.tr("Duration"))
        self.duration_slider = QSlider(Qt.Orientation.Horizontal)
        self.duration_slider.setObjectName("durationSlider")
        self.duration_slider.setAccessibleName(self.tr("Duration in seconds"))
        self.duration_slider.setPageStep(1)
        self.duration_slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.duration_value = QLabel()
        self.duration_value.setObjectName("durationValue")
        self.aspect_combo = _combo("aspectRatioCombo", self.tr("Aspect ratio"))
        aspect_labels = {
            AspectRatio.WIDE_21_9: self.tr("21:9 cinema"),
            AspectRatio.WIDE_16_9: self.tr("16:9 landscape"),
            AspectRatio.WIDE_4_3: self.tr("4:3"),
            AspectRatio.SQUARE: self.tr("1:1 square"),
            AspectRatio.TALL_3_4: self.tr("3:4"),
            AspectRatio.TALL_9_16: self.tr("9:16 portrait"),
            AspectRatio.ADAPTIVE: self.tr("Adaptive — follows the pictures"),
        }
        for aspect in AspectRatio:
            self.aspect_combo.addItem(aspect_labels[aspect], aspect.value)
        self.sound_badge = QLabel(self.tr("♪ With sound"))
        self.sound_badge.setObjectName("soundBadge")
        self.sound_badge.setToolTip(
            self.tr("H3 makes the sound too: describe it under Soundscape and Music.")
        )
        self.prompt_optimizer_check = self._check(
            "promptOptimizerCheck",
            self.tr("Improve my prompt"),
            self.tr("Hailuo rewrites the prompt for a better video. Turn off to keep it as is."),
        )
        self.fast_pretreatment_check = self._check(
            "fastPretreatmentCheck",
            self.tr("Fast pretreatment"),
            self.tr("Shortens the prompt rewriting step: a little quicker, a little less polish."),
        )
        self.watermark_check = self._check(
            "watermarkCheck",
            self.tr("Watermark"),
            self.tr("Adds an \u201cAI generated\u201d mark to the video."),
        )
        self._form = QFormLayout()
        self._setup_ui()
        self.set_options(GenerationRequest(prompt=""))
        self.model_combo.currentIndexChanged.connect(self._on_model)
        self.resolution_combo.currentIndexChanged.connect(self._on_resolution)
        self.duration_combo.currentIndexChanged.connect(self._on_duration)
        self.duration_slider.valueChanged.connect(self._on_duration)
        self.aspect_combo.currentIndexChanged.connect(self._on_changed)
        for check in self._checks():
            check.toggled.connect(self._on_changed)

    # --- public API ------------------------------------------------------------------------

    def model(self) -> Model:
        return Model(self.model_combo.currentData())

    def spec(self) -> ModelSpec:
        return self.model().spec

    def resolution(self) -> Resolution:
        return Resolution(self.resolution_combo.currentData())

    def duration(self) -> int:
        if self._uses_slider():
            return self.duration_slider.value()
        return int(self.duration_combo.currentData())

    def aspect_ratio(self) -> AspectRatio | None:
        if not self.spec().aspect_ratios:
            return None
        return AspectRatio(self.aspect_combo.currentData())

    def request(self, prompt: str, **media) -> GenerationRequest:
        """The request these options make with `prompt` and the media (`first_frame`,
        `last_frame`, `reference_images`, `reference_videos`)."""
        return GenerationRequest(
            prompt=prompt,
            model=self.model(),
            duration=self.duration(),
            resolution=self.resolution(),
            aspect_ratio=self.aspect_ratio(),
            prompt_optimizer=self.prompt_optimizer_check.isChecked(),
            fast_pretreatment=self.fast_pretreatment_check.isChecked(),
            watermark=self.watermark_check.isChecked(),
            **media,
        )

    def set_options(self, request: GenerationRequest) -> None:
        """Show the options of `request` (reuse settings, last used options)."""
        spec = request.spec
        resolution = request.resolution if request.resolution in spec.resolutions else None
        resolution, duration = spec.with_resolution(
            resolution or spec.default_resolution, request.duration
        )
        aspect = request.aspect_ratio or spec.default_aspect(request.mode)
        with _blocked(self):
            self.model_combo.setCurrentIndex(self.model_combo.findData(request.model.value))
            self.prompt_optimizer_check.setChecked(request.prompt_optimizer)
            self.fast_pretreatment_check.setChecked(request.fast_pretreatment)
            self.watermark_check.setChecked(request.watermark)
        self._mode = request.mode
        self._reshape(resolution, duration, aspect)
        self.optionsChanged.emit()

    def set_mode(self, mode: Mode) -> None:
        """The pictures and videos changed: offer what `mode` allows (and move off what it
        does not, such as "adaptive" without a picture); a shape never chosen follows the
        mode's default (16:9 for text, "adaptive" with pictures)."""
        if mode is self._mode:
            return
        aspect = self.aspect_ratio()
        if aspect is not None and aspect is self.spec().default_aspect(self._mode):
            aspect = self.spec().default_aspect(mode)  # never chosen: the new mode's default
        self._mode = mode
        self._reshape(self.resolution(), self.duration(), aspect)
        self.optionsChanged.emit()

    # --- layout ----------------------------------------------------------------------------

    def _check(self, name: str, text: str, hint: str) -> QCheckBox:
        """A switch whose one-line explanation is its tooltip (read out by screen readers),
        so the three switches share one line of the panel."""
        check = QCheckBox(text)
        check.setObjectName(name)
        check.setAccessibleName(text)
        check.setAccessibleDescription(hint)
        check.setToolTip(hint)
        return check

    def _checks(self) -> list[QCheckBox]:
        return [self.prompt_optimizer_check, self.fast_pretreatment_check, self.watermark_check]

    def _setup_ui(self) -> None:
        form = self._form
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.sound_badge)
        form.addRow(_buddy(self.tr("&Model"), self.model_combo), model_row)
        form.addRow(self.tr("&Resolution"), self.resolution_combo)
        duration_row = QHBoxLayout()
        duration_row.addWidget(self.duration_combo, 1)
        duration_row.addWidget(self.duration_slider, 1)
        duration_row.addWidget(self.duration_value)
        self._duration_label = _buddy(self.tr("&Duration"), self.duration_combo)
        form.addRow(self._duration_label, duration_row)
        form.addRow(self.tr("&Shape"), self.aspect_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(form)
        switches = QHBoxLayout()
        switches.setSpacing(16)
        for check in self._checks():
            switches.addWidget(check)
        switches.addStretch(1)
        layout.addLayout(switches)

    # --- reshaping for the model -----------------------------------------------------------

    def _uses_slider(self) -> bool:
        """Whether the inputs, as shaped for the model shown, take the duration by slider."""
        return len(self._shown.spec.durations) > SLIDER_ABOVE

    def _reshape(
        self, resolution: Resolution, duration: int, aspect: AspectRatio | None
    ) -> tuple[Resolution, int, AspectRatio | None]:
        """Show the current model's choices with the nearest valid values to those given;
        returns the values shown."""
        spec = self.spec()
        self._shown = spec.model
        if resolution not in spec.resolutions or (
            self._mode is Mode.FIRST_AND_LAST and resolution in spec.no_last_frame_at
        ):
            resolution = self._usable_resolutions()[0]
            if spec.default_resolution in self._usable_resolutions():
                resolution = spec.default_resolution
        resolution, duration = spec.with_resolution(resolution, duration)
        offered = spec.aspect_ratios_for(self._mode)
        if aspect not in offered:
            aspect = spec.default_aspect(self._mode)
        with _blocked(self):
            self.resolution_combo.clear()
            for choice in spec.resolutions:
                self.resolution_combo.addItem(choice.label, choice.value)
            self.resolution_combo.setCurrentIndex(self.resolution_combo.findData(resolution.value))
            self.duration_combo.clear()
            for seconds in spec.durations:
                self.duration_combo.addItem(self.tr("%n seconds", "", seconds), seconds)
            self.duration_combo.setCurrentIndex(self.duration_combo.findData(duration))
            shortest, longest = spec.duration_range
            self.duration_slider.setRange(shortest, longest)
            self.duration_slider.setValue(duration)
            if aspect is not None:
                self.aspect_combo.setCurrentIndex(self.aspect_combo.findData(aspect.value))
        slider = self._uses_slider()
        self._duration_label.setBuddy(self.duration_slider if slider else self.duration_combo)
        self.duration_combo.setVisible(not slider)
        self.duration_slider.setVisible(slider)
        self.duration_value.setVisible(slider)
        self._form.setRowVisible(self.aspect_combo, bool(spec.aspect_ratios))
        self.sound_badge.setVisible(spec.has_sound)
        for check in (self.prompt_optimizer_check, self.fast_pretreatment_check):
            check.setVisible(spec.tuning)
        self._sync_items()
        return resolution, duration, aspect

    def _usable_resolutions(self) -> tuple[Resolution, ...]:
        spec = self.spec()
        if self._mode is Mode.FIRST_AND_LAST:
            return tuple(r for r in spec.resolutions if r not in spec.no_last_frame_at)
        return spec.resolutions

    def _sync_items(self) -> None:
        """Grey out what the other choices rule out, each with the rule's sentence."""
        spec = self.spec()
        resolution = self.resolution()
        durations = self.duration_combo.model()
        assert isinstance(durations, QStandardItemModel)
        for row in range(self.duration_combo.count()):
            seconds = int(self.duration_combo.itemData(row))
            reason = self._rule(RuleCode.BAD_PAIR, resolution=resolution, duration=seconds)
            _enable(durations.item(row), reason)
        resolutions = self.resolution_combo.model()
        assert isinstance(resolutions, QStandardItemModel)
        for row in range(self.resolution_combo.count()):
            choice = Resolution(self.resolution_combo.itemData(row))
            reason = None
            if choice not in self._usable_resolutions():
                reason = self._rule(
                    RuleCode.LAST_FRAME_RESOLUTION,
                    resolution=choice,
                    first_frame="x",
                    last_frame="x",
                )
            _enable(resolutions.item(row), reason)
        aspects = self.aspect_combo.model()
        assert isinstance(aspects, QStandardItemModel)
        offered = spec.aspect_ratios_for(self._mode)
        for row in range(self.aspect_combo.count()):
            aspect = AspectRatio(self.aspect_combo.itemData(row))
            reason = (
                None
                if aspect in offered
                else self._rule(RuleCode.ASPECT_RATIO, aspect_ratio=aspect)
            )
            _enable(aspects.item(row), reason)
        self.duration_value.setText(self.tr("%n s", "", self.duration_slider.value()))

    def _rule(self, code: RuleCode, **choices) -> str | None:
        """The translated sentence of rule `code` if `choices` break it, else None."""
        request = GenerationRequest.for_model(self.model(), "x", **choices)
        found = [p.message for p in problems(request) if p.code is code]
        return translate_message(found[0]) if found else None

    # --- reacting --------------------------------------------------------------------------

    def _on_model(self) -> None:
        before = (self.resolution(), self.duration())
        aspect = None
        if self._shown.spec.aspect_ratios:
            aspect = AspectRatio(self.aspect_combo.currentData())
        resolution, duration, _ = self._reshape(*before, aspect)
        changes = []
        if resolution is not before[0]:
            changes.append(
                self.tr("resolution {old} → {new}").format(old=before[0].label, new=resolution)
            )
        if duration != before[1]:
            changes.append(
                self.tr("duration {old} s → {new} s").format(old=before[1], new=duration)
            )
        self.modelSwitched.emit(changes)
        self.optionsChanged.emit()

    def _on_resolution(self) -> None:
        chosen = self.duration()
        resolution, duration = self.spec().with_resolution(self.resolution(), chosen)
        self._apply_pair(resolution, duration)
        if duration != chosen:
            self.adjusted.emit(
                self.tr(
                    "{resolution} videos are at most {seconds} seconds long: the duration "
                    "is now {seconds} seconds."
                ).format(resolution=resolution.label, seconds=duration)
            )

    def _on_duration(self) -> None:
        chosen = self.resolution()
        resolution, duration = self.spec().with_duration(chosen, self.duration())
        self._apply_pair(resolution, duration)
        if resolution is not chosen:
            self.adjusted.emit(
                self.tr(
                    "{seconds}-second videos are made at up to {resolution}: the resolution "
                    "is now {resolution}."
                ).format(resolution=resolution.label, seconds=duration)
            )

    def _apply_pair(self, resolution: Resolution, duration: int) -> None:
        with _blocked(self):
            self.resolution_combo.setCurrentIndex(self.resolution_combo.findData(resolution.value))
            self.duration_combo.setCurrentIndex(self.duration_combo.findData(duration))
            self.duration_slider.setValue(duration)
        self._sync_items()
        self.optionsChanged.emit()

    def _on_changed(self) -> None:
        self.optionsChanged.emit()


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose mnemonic (the letter after "&") focuses `widget`."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _enable(item, reason: str | None) -> None:
    """Enable a combo item, or disable it with `reason` as its tooltip and description."""
    item.setEnabled(reason is None)
    item.setToolTip(reason or "")
    item.setData(reason, Qt.ItemDataRole.AccessibleDescriptionRole)


class _blocked:
    """Blocks the panel's inputs' signals while several are set at once."""

    def __init__(self, panel: OptionsPanel) -> None:
        self._widgets = [
            panel.model_combo,
            panel.resolution_combo,
            panel.duration_combo,
            panel.duration_slider,
            panel.aspect_combo,
            *panel._checks(),
        ]

    def __enter__(self) -> None:
        for widget in self._widgets:
            widget.blockSignals(True)

    def __exit__(self, *exc_info: object) -> None:
        for widget in self._widgets:
            widget.blockSignals(False)
