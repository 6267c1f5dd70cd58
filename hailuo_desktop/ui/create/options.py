"""The generation options: model, resolution, duration and the three switches.

The combos are built from the core enums (label from the member, item data is the member).
1080p allows only 6 s: under 1080p the "10 s" item is disabled with a tooltip saying why, and
picking 1080p while 10 s is chosen moves the duration to 6 s, so no sequence of clicks or keys
can produce an invalid pair (`core.options.with_resolution` / `with_duration`).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.core.options import (
    Duration,
    GenerationRequest,
    Model,
    Resolution,
    allowed,
    with_duration,
    with_resolution,
)


def _combo(name: str, accessible: str, members: list[Enum], labels: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for member, label in zip(members, labels, strict=True):
        combo.addItem(label, member)
    return combo


class OptionsPanel(QWidget):
    """Model, resolution, duration and option switches.

    Item data of the combos is the enum member's value (Qt stores a StrEnum as a plain str);
    the accessors turn it back into the member.

    Signals: optionsChanged() — any option changed (the estimate and Generate button follow).
    """

    optionsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_combo = _combo(
            "modelCombo",
            self.tr("Model"),
            list(Model),
            [self.tr("Hailuo 2.3 — text or picture"), self.tr("Hailuo 2.3 Fast — picture only")],
        )
        self.resolution_combo = _combo(
            "resolutionCombo",
            self.tr("Resolution"),
            list(Resolution),
            [r.label for r in Resolution],
        )
        self.duration_combo = _combo(
            "durationCombo",
            self.tr("Duration"),
            list(Duration),
            [self.tr("%n seconds", "", int(d)) for d in Duration],
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
        self._hints: dict[QCheckBox, QLabel] = {}
        self._setup_ui()
        self.set_options(GenerationRequest(prompt=""))
        self.model_combo.currentIndexChanged.connect(self._on_changed)
        self.resolution_combo.currentIndexChanged.connect(self._on_resolution)
        self.duration_combo.currentIndexChanged.connect(self._on_duration)
        for check in self._checks():
            check.toggled.connect(self._on_changed)

    # --- public API ------------------------------------------------------------------------

    def model(self) -> Model:
        return Model(self.model_combo.currentData())

    def resolution(self) -> Resolution:
        return Resolution(self.resolution_combo.currentData())

    def duration(self) -> Duration:
        return Duration(self.duration_combo.currentData())

    def request(self, prompt: str, first_frame: str | None) -> GenerationRequest:
        """The request these options make with `prompt` and `first_frame`."""
        return GenerationRequest(
            prompt=prompt,
            model=self.model(),
            duration=self.duration(),
            resolution=self.resolution(),
            prompt_optimizer=self.prompt_optimizer_check.isChecked(),
            fast_pretreatment=self.fast_pretreatment_check.isChecked(),
            watermark=self.watermark_check.isChecked(),
            first_frame=first_frame,
        )

    def set_options(self, request: GenerationRequest) -> None:
        """Show the options of `request` (reuse settings, last used options)."""
        resolution, duration = with_resolution(request.resolution, request.duration)
        with _blocked(self):
            self.model_combo.setCurrentIndex(self.model_combo.findData(request.model))
            self.resolution_combo.setCurrentIndex(self.resolution_combo.findData(resolution))
            self.duration_combo.setCurrentIndex(self.duration_combo.findData(duration))
            self.prompt_optimizer_check.setChecked(request.prompt_optimizer)
            self.fast_pretreatment_check.setChecked(request.fast_pretreatment)
            self.watermark_check.setChecked(request.watermark)
        self._sync_disabled_items()
        self.optionsChanged.emit()

    # --- layout ----------------------------------------------------------------------------

    def _check(self, name: str, text: str, hint: str) -> QCheckBox:
        check = QCheckBox(text)
        check.setObjectName(name)
        check.setAccessibleName(text)
        check.setAccessibleDescription(hint)
        check.setToolTip(hint)
        check.setProperty("hint", hint)
        return check

    def _checks(self) -> list[QCheckBox]:
        return [self.prompt_optimizer_check, self.fast_pretreatment_check, self.watermark_check]

    def _setup_ui(self) -> None:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Model"), self.model_combo)
        form.addRow(self.tr("&Resolution"), self.resolution_combo)
        form.addRow(self.tr("&Duration"), self.duration_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(form)
        for check in self._checks():
            hint = QLabel(check.property("hint"))
            hint.setWordWrap(True)
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            hint.setIndent(24)
            font = hint.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            hint.setFont(font)
            self._hints[check] = hint
            layout.addWidget(check)
            layout.addWidget(hint)

    # --- keeping the pair valid ------------------------------------------------------------

    def _sync_disabled_items(self) -> None:
        """Grey out the durations the current resolution does not allow."""
        model = self.duration_combo.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(self.duration_combo.count()):
            duration = Duration(self.duration_combo.itemData(row))
            item = model.item(row)
            ok = allowed(self.resolution(), duration)
            item.setEnabled(ok)
            item.setToolTip(
                ""
                if ok
                else self.tr("1080p videos can only be 6 seconds long. Choose 768p for 10 seconds.")
            )
            item.setData(None if ok else item.toolTip(), Qt.ItemDataRole.AccessibleDescriptionRole)

    def _on_resolution(self) -> None:
        resolution, duration = with_resolution(self.resolution(), self.duration())
        self._apply_pair(resolution, duration)

    def _on_duration(self) -> None:
        resolution, duration = with_duration(self.resolution(), self.duration())
        self._apply_pair(resolution, duration)

    def _apply_pair(self, resolution: Resolution, duration: Duration) -> None:
        with _blocked(self):
            self.resolution_combo.setCurrentIndex(self.resolution_combo.findData(resolution))
            self.duration_combo.setCurrentIndex(self.duration_combo.findData(duration))
        self._sync_disabled_items()
        self.optionsChanged.emit()

    def _on_changed(self) -> None:
        self.optionsChanged.emit()


class _blocked:
    """Blocks the panel's combos and checks' signals while several are set at once."""

    def __init__(self, panel: OptionsPanel) -> None:
        self._widgets = [
            panel.model_combo,
            panel.resolution_combo,
            panel.duration_combo,
            *panel._checks(),
        ]

    def __enter__(self) -> None:
        for widget in self._widgets:
            widget.blockSignals(True)

    def __exit__(self, *exc_info: object) -> None:
        for widget in self._widgets:
            widget.blockSignals(False)
