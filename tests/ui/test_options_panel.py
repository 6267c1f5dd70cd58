"""The options panel: enum-driven combos, and no way at all to ask for 1080p + 10 s."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from hailuo_desktop.core.models import AspectRatio, Mode, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest, RuleCode, problems
from hailuo_desktop.ui.create.options import OptionsPanel


def make_panel(qtbot) -> OptionsPanel:
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_defaults_and_names(qtbot):
    panel = make_panel(qtbot)
    request = panel.request("A cat")
    assert request == GenerationRequest("A cat")
    for name in (
        "modelCombo",
        "resolutionCombo",
        "durationCombo",
        "promptOptimizerCheck",
        "fastPretreatmentCheck",
        "watermarkCheck",
    ):
        widget = panel.findChild(object, name)
        assert widget is not None and widget.accessibleName(), name


def test_10_seconds_is_greyed_out_under_1080p_with_a_reason(qtbot):
    panel = make_panel(qtbot)
    panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P1080))
    item = panel.duration_combo.model().item(panel.duration_combo.findData(10))
    assert not item.isEnabled() and "at most 6 seconds" in item.toolTip()
    panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P768))
    assert item.isEnabled() and item.toolTip() == ""


def test_picking_1080p_with_10_seconds_moves_the_duration(qtbot):
    panel = make_panel(qtbot)
    panel.duration_combo.setCurrentIndex(panel.duration_combo.findData(10))
    with qtbot.waitSignal(panel.adjusted) as told:
        panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P1080))
    assert (panel.resolution(), panel.duration()) == (Resolution.P1080, 6)
    assert told.args == ["1080p videos are at most 6 seconds long: the duration is now 6 seconds."]


def test_forcing_10_seconds_under_1080p_moves_the_resolution(qtbot):
    panel = make_panel(qtbot)
    panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P1080))
    with qtbot.waitSignal(panel.adjusted) as told:
        panel.duration_combo.setCurrentIndex(panel.duration_combo.findData(10))
    assert (panel.resolution(), panel.duration()) == (Resolution.P768, 10)
    assert told.args == ["10-second videos are made at up to 768p: the resolution is now 768p."]


def pick_model(panel: OptionsPanel, model: Model) -> None:
    panel.model_combo.setCurrentIndex(panel.model_combo.findData(model.value))


def test_the_form_reshapes_for_each_model(qtbot):
    panel = make_panel(qtbot)
    shown = {}
    for model in Model:
        pick_model(panel, model)
        resolutions = [
            panel.resolution_combo.itemText(i) for i in range(panel.resolution_combo.count())
        ]
        shown[model] = (
            resolutions,
            panel.duration_slider.isVisible(),
            panel.aspect_combo.isVisible(),
            panel.sound_badge.isVisible(),
            panel.prompt_optimizer_check.isVisible(),
        )
    assert shown == {
        Model.HAILUO_23: (["768p", "1080p"], False, False, False, True),
        Model.HAILUO_23_FAST: (["768p", "1080p"], False, False, False, True),
        Model.HAILUO_02: (["512p", "768p", "1080p"], False, False, False, True),
        Model.H3: (["768p", "2K"], True, True, True, False),
    }


def test_switching_to_h3_keeps_what_applies_and_says_what_changed(qtbot):
    panel = make_panel(qtbot)
    panel.duration_combo.setCurrentIndex(panel.duration_combo.findData(10))
    with qtbot.waitSignal(panel.modelSwitched) as kept:
        pick_model(panel, Model.H3)
    assert kept.args == [[]]  # nothing had to change
    assert panel.duration() == 10  # H3 makes 10 s clips too: kept
    assert panel.resolution() is Resolution.P768  # kept as well
    panel.duration_slider.setValue(14)
    with qtbot.waitSignal(panel.modelSwitched) as changed:
        pick_model(panel, Model.HAILUO_23)
    assert panel.duration() == 10
    assert changed.args == [["duration 14 s → 10 s"]]


def test_adaptive_shape_needs_a_picture(qtbot):
    panel = make_panel(qtbot)
    pick_model(panel, Model.H3)
    adaptive = panel.aspect_combo.model().item(
        panel.aspect_combo.findData(AspectRatio.ADAPTIVE.value)
    )
    assert not adaptive.isEnabled() and "Adaptive" in adaptive.toolTip()
    assert panel.aspect_ratio() is AspectRatio.WIDE_16_9
    panel.set_mode(Mode.FIRST_FRAME)
    assert adaptive.isEnabled()
    panel.aspect_combo.setCurrentIndex(panel.aspect_combo.findData(AspectRatio.ADAPTIVE.value))
    panel.set_mode(Mode.TEXT)
    assert panel.aspect_ratio() is AspectRatio.WIDE_16_9


def test_a_last_frame_rules_out_512p_for_hailuo_02(qtbot):
    panel = make_panel(qtbot)
    pick_model(panel, Model.HAILUO_02)
    panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P512.value))
    panel.set_mode(Mode.FIRST_AND_LAST)
    assert panel.resolution() is Resolution.P768
    item = panel.resolution_combo.model().item(panel.resolution_combo.findData("512p"))
    assert not item.isEnabled() and "last frame" in item.toolTip()


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["resolution", "duration", "model", "aspect", "slider", "mode"]),
        st.sampled_from(["down", "up", "home", "end", "index0", "index1", "index3"]),
    ),
    max_size=14,
)
KEYS = {
    "down": Qt.Key.Key_Down,
    "up": Qt.Key.Key_Up,
    "home": Qt.Key.Key_Home,
    "end": Qt.Key.Key_End,
}
MODES = [Mode.TEXT, Mode.FIRST_FRAME, Mode.FIRST_AND_LAST, Mode.FIRST_AND_LAST]
MEDIA = {
    Mode.TEXT: {},
    Mode.FIRST_FRAME: {"first_frame": "a.png"},
    Mode.FIRST_AND_LAST: {"first_frame": "a.png", "last_frame": "b.png"},
}


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_no_sequence_of_keys_or_picks_produces_an_impossible_choice(qtbot, actions):
    panel = make_panel(qtbot)
    widgets = {
        "resolution": panel.resolution_combo,
        "duration": panel.duration_combo,
        "model": panel.model_combo,
        "aspect": panel.aspect_combo,
        "slider": panel.duration_slider,
    }
    mode = Mode.TEXT
    for which, action in actions:
        if which == "mode":
            mode = MODES[KEYS_INDEX.get(action, 0)]
            panel.set_mode(mode)
        elif action.startswith("index"):
            widget = widgets[which]
            if which == "slider":
                widget.setValue(widget.minimum() + int(action[-1]))
            else:
                widget.setCurrentIndex(min(int(action[-1]), widget.count() - 1))
        else:
            QTest.keyClick(widgets[which], KEYS[action])
        request = panel.request("A cat", **MEDIA[mode])
        media_rules = {RuleCode.NEEDS_FIRST_FRAME, RuleCode.NO_LAST_FRAME}  # the panel's to keep
        broken = {p.code for p in problems(request)} - media_rules
        assert not broken, (actions, request)


KEYS_INDEX = {"index0": 0, "index1": 1, "index3": 3}


def test_set_options_restores_everything(qtbot):
    panel = make_panel(qtbot)
    for wanted in (
        GenerationRequest(
            "x",
            Model.HAILUO_23_FAST,
            10,
            Resolution.P768,
            prompt_optimizer=False,
            fast_pretreatment=True,
            watermark=True,
            first_frame="/a.png",
        ),
        GenerationRequest.for_model(Model.H3, "x", duration=13, aspect_ratio=AspectRatio.TALL_9_16),
        GenerationRequest.for_model(Model.HAILUO_02, "x", resolution=Resolution.P512),
    ):
        panel.set_options(wanted)
        media = {"first_frame": wanted.first_frame} if wanted.first_frame else {}
        assert panel.request("x", **media) == wanted


def test_switches_explain_themselves_in_tooltips_and_share_one_line(qtbot):
    panel = make_panel(qtbot)
    panel.show()
    assert "rewrites the prompt" in panel.prompt_optimizer_check.toolTip()
    checks = panel._checks()
    assert all(check.toolTip() == check.accessibleDescription() != "" for check in checks)
    assert len({check.geometry().top() for check in checks}) == 1  # one line of the panel


def test_a_shape_never_chosen_follows_the_pictures(qtbot):
    panel = make_panel(qtbot)
    pick_model(panel, Model.H3)
    panel.set_mode(Mode.REFERENCES)
    assert panel.aspect_ratio() is AspectRatio.ADAPTIVE
    panel.aspect_combo.setCurrentIndex(panel.aspect_combo.findData(AspectRatio.SQUARE.value))
    panel.set_mode(Mode.FIRST_FRAME)
    assert panel.aspect_ratio() is AspectRatio.SQUARE  # the user's choice stays
