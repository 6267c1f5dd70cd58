"""The create panel reshaped for each model: frames, references, prompt tools, and what a model
switch drops — checked on the real widgets, through the request the panel would send."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider

from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import DEFAULT_PRICES_USD
from hailuo_desktop.core.prompt_lint import ProblemCode
from hailuo_desktop.paths import resource_path
from hailuo_desktop.store.settings import Language
from hailuo_desktop.ui.common import translators
from hailuo_desktop.ui.create.panel import MIN_WIDTH, CreatePanel
from tests.helpers import png_bytes

SAMPLE = str(resource_path("sample", "sample.mp4"))


@pytest.fixture
def panel(qtbot):
    widget = CreatePanel(lambda: DEFAULT_PRICES_USD)
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


@pytest.fixture
def pictures(tmp_path):
    made = []
    for name, size in (
        ("wide.png", (640, 360)),
        ("tall.png", (360, 640)),
        ("square.png", (500, 500)),
    ):
        path = tmp_path / name
        path.write_bytes(png_bytes(*size))
        made.append(str(path))
    return made


def pick(panel: CreatePanel, model: Model) -> None:
    combo = panel.options.model_combo
    combo.setCurrentIndex(combo.findData(model.value))


def test_each_model_shows_its_own_tools(panel):
    shown = {}
    for model in Model:
        pick(panel, model)
        shown[model] = (
            panel.last_frame.isVisible(),
            panel.palette_widget.isVisible(),
            panel.h3_helper.isVisible(),
            panel.use_references.isVisible(),
            panel.counter.text().endswith(f"/ {model.spec.max_prompt_chars}"),
        )
    assert shown == {
        Model.HAILUO_23: (False, True, False, False, True),
        Model.HAILUO_23_FAST: (False, True, False, False, True),
        Model.HAILUO_02: (True, True, False, False, True),
        Model.H3: (True, False, True, True, True),
    }


def test_hailuo_02_sends_both_frames_and_a_switch_drops_the_last_one(panel, pictures, qtbot):
    pick(panel, Model.HAILUO_02)
    panel.prompt_editor.set_prompt("A bud opens")
    assert panel.first_frame.set_path(pictures[0]) and panel.last_frame.set_path(pictures[1])
    request = panel.request()
    assert (request.first_frame, request.last_frame) == (pictures[0], pictures[1])
    assert panel.generate_button.isEnabled()
    with qtbot.waitSignal(panel.notice) as told:
        pick(panel, Model.HAILUO_23)
    assert told.args == ["Switched to Hailuo 2.3: last frame removed."]
    assert panel.request().last_frame is None and panel.request().first_frame == pictures[0]


def test_h3_references_or_frames_never_both(panel, pictures):
    pick(panel, Model.H3)
    panel.prompt_editor.set_prompt("Keep the person of <Picture 1>")
    panel.first_frame.set_path(pictures[0])
    panel.use_references.setChecked(True)
    panel.references.set_references((pictures[1], pictures[2]), (SAMPLE,))
    request = panel.request()
    assert request.first_frame is None
    assert request.reference_images == (pictures[1], pictures[2])
    assert request.reference_videos == (SAMPLE,)
    assert not panel.first_frame.isVisible() and panel.references.isVisible()
    assert panel.generate_button.isEnabled(), panel.why_not()
    chips = [
        chip.text()
        for chip in panel.h3_helper.findChildren(type(panel.generate_button), "referenceChip")
    ]
    assert chips == ["<Picture 1>", "<Picture 2>", "<Video 1>"]
    panel.use_frames.setChecked(True)
    request = panel.request()
    assert request.first_frame == pictures[0] and request.reference_images == ()


def test_moving_a_reference_renumbers_the_prompts_tags(panel, pictures):
    pick(panel, Model.H3)
    panel.use_references.setChecked(True)
    panel.references.set_references((pictures[1], pictures[2]), ())
    panel.prompt_editor.set_prompt("<Picture 1> walks past <Picture 2>")
    panel.references.list.setCurrentRow(1)
    panel.references.earlier.click()
    assert panel.prompt_editor.prompt() == "<Picture 2> walks past <Picture 1>"
    assert panel.request().reference_images == (pictures[2], pictures[1])


def test_a_switch_away_from_h3_drops_the_references_and_says_so(panel, pictures, qtbot):
    pick(panel, Model.H3)
    panel.use_references.setChecked(True)
    panel.references.set_references((pictures[0],), ())
    with qtbot.waitSignal(panel.notice) as told:
        pick(panel, Model.HAILUO_02)
    assert "references removed" in told.args[0]
    assert panel.request().reference_images == () and panel.use_frames.isChecked()


def test_a_bad_reference_keeps_generate_off_and_says_why(panel, tmp_path):
    pick(panel, Model.H3)
    panel.prompt_editor.set_prompt("A fox")
    panel.use_references.setChecked(True)
    tiny = tmp_path / "tiny.png"
    tiny.write_bytes(png_bytes(100, 100))
    panel.references.set_references((str(tiny),), ())
    assert not panel.generate_button.isEnabled()
    assert "256" in panel.references.status.text()
    assert "reference can't be used" in panel.why_not()


def test_h3_prompt_tools_write_the_grammar(panel):
    pick(panel, Model.H3)
    editor = panel.prompt_editor
    editor.set_prompt("A fox in the snow [Pan left]")
    (ignored,) = editor.problems()
    assert ignored.code is ProblemCode.IGNORED_BRACKET and "H3 ignores" in ignored.message
    panel.findChild(type(panel.generate_button), "h3SoundscapeButton").click()
    assert editor.prompt() == "A fox in the snow [Pan left]\nSoundscape: "
    editor.insert_text("wind")
    panel.findChild(type(panel.generate_button), "h3SpokenLineButton").click()
    editor.insert_text("Hello")
    assert editor.prompt().endswith("Soundscape: wind<d>[en]Hello</d>")
    pick(panel, Model.HAILUO_23)
    assert editor.problems()[0].code is ProblemCode.UNKNOWN_DIRECTIVE  # brackets read again


def test_the_estimate_follows_the_model(panel):
    panel.prompt_editor.set_prompt("A fox")
    pick(panel, Model.H3)
    panel.options.duration_slider.setValue(10)
    resolution = panel.options.resolution_combo
    resolution.setCurrentIndex(resolution.findData("2K"))
    assert panel.estimate_label.text().startswith("Estimate: ≈ $0.80")
    pick(panel, Model.HAILUO_02)
    resolution.setCurrentIndex(resolution.findData("512p"))
    assert "a guess" in panel.estimate_label.text()


def test_a_spoken_line_starts_in_the_interfaces_language(qtbot):
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    try:
        made = CreatePanel(lambda: DEFAULT_PRICES_USD)
        qtbot.addWidget(made)
        assert made.h3_helper.language_combo.currentData() == "zh"
    finally:
        QLocale.setDefault(before)


def wheel_over(widget, steps: int = -1) -> None:
    """A mouse wheel turned over `widget` (negative: towards the user, i.e. down the list)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_a_passing_wheel_never_changes_a_paid_option(panel):
    combo = panel.options.findChild(QComboBox, "resolutionCombo")
    before, estimate = combo.currentText(), panel.estimate_label.text()
    for steps in (-1, 1, -3):
        wheel_over(combo, steps)
    assert combo.currentText() == before and panel.estimate_label.text() == estimate
    panel.activateWindow()
    combo.setFocus(Qt.FocusReason.MouseFocusReason)  # chosen by the user: now the wheel picks
    assert combo.hasFocus()
    wheel_over(combo, -1)
    assert combo.currentText() != before


def test_every_choice_in_the_panel_takes_the_wheel_only_with_focus(panel):
    guarded = [
        control
        for kind in (QComboBox, QAbstractSpinBox, QSlider)
        for control in panel.findChildren(kind)
    ]
    assert len(guarded) >= 4
    assert all(c.focusPolicy() == Qt.FocusPolicy.StrongFocus for c in guarded)


@pytest.mark.parametrize(
    ("model", "heading"),
    [
        (Model.HAILUO_23, "First frame (optional)"),
        (Model.HAILUO_23_FAST, "First frame (required)"),
        (Model.HAILUO_02, "First and last frame (optional)"),
    ],
)
def test_the_frame_heading_says_whether_the_model_needs_a_picture(panel, model, heading):
    combo = panel.options.model_combo
    combo.setCurrentIndex(combo.findData(model.value))
    assert panel._frame_box.title() == heading


def test_the_panel_is_as_wide_in_chinese_as_in_english(qtbot, qapp):
    widths = {}
    for language in (Language.ENGLISH, Language.CHINESE):
        assert translators.install_translators(qapp, language) is language
        try:
            made = CreatePanel(lambda: DEFAULT_PRICES_USD)
            qtbot.addWidget(made)
            widths[language] = made.minimumWidth()
        finally:
            translators.uninstall_translators(qapp)
    assert min(widths.values()) >= MIN_WIDTH
    assert abs(widths[Language.CHINESE] - widths[Language.ENGLISH]) <= 8  # the same layout
