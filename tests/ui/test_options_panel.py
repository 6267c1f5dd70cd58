"""The options panel: enum-driven combos, and no way at all to ask for 1080p + 10 s."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from hailuo_desktop.core.options import Duration, GenerationRequest, Model, Resolution, allowed
from hailuo_desktop.ui.create.options import OptionsPanel


def make_panel(qtbot) -> OptionsPanel:
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_defaults_and_names(qtbot):
    panel = make_panel(qtbot)
    request = panel.request("A cat", None)
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
    item = panel.duration_combo.model().item(panel.duration_combo.findData(Duration.S10))
    assert not item.isEnabled() and "only be 6 seconds" in item.toolTip()
    panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P768))
    assert item.isEnabled() and item.toolTip() == ""


def test_picking_1080p_with_10_seconds_moves_the_duration(qtbot):
    panel = make_panel(qtbot)
    panel.duration_combo.setCurrentIndex(panel.duration_combo.findData(Duration.S10))
    with qtbot.waitSignal(panel.optionsChanged):
        panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P1080))
    assert (panel.resolution(), panel.duration()) == (Resolution.P1080, Duration.S6)


def test_forcing_10_seconds_under_1080p_moves_the_resolution(qtbot):
    panel = make_panel(qtbot)
    panel.resolution_combo.setCurrentIndex(panel.resolution_combo.findData(Resolution.P1080))
    panel.duration_combo.setCurrentIndex(panel.duration_combo.findData(Duration.S10))
    assert (panel.resolution(), panel.duration()) == (Resolution.P768, Duration.S10)


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["resolution", "duration", "model"]),
        st.sampled_from(["down", "up", "home", "end", "index0", "index1"]),
    ),
    max_size=12,
)
KEYS = {
    "down": Qt.Key.Key_Down,
    "up": Qt.Key.Key_Up,
    "home": Qt.Key.Key_Home,
    "end": Qt.Key.Key_End,
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_no_sequence_of_keys_or_picks_produces_1080p_10s(qtbot, actions):
    panel = make_panel(qtbot)
    combos = {
        "resolution": panel.resolution_combo,
        "duration": panel.duration_combo,
        "model": panel.model_combo,
    }
    for which, action in actions:
        combo = combos[which]
        if action.startswith("index"):
            combo.setCurrentIndex(int(action[-1]))
        else:
            QTest.keyClick(combo, KEYS[action])
        request = panel.request("A cat", None)
        assert allowed(request.resolution, request.duration), (actions, request)


def test_set_options_restores_everything(qtbot):
    panel = make_panel(qtbot)
    wanted = GenerationRequest(
        "x",
        Model.HAILUO_23_FAST,
        Duration.S10,
        Resolution.P768,
        prompt_optimizer=False,
        fast_pretreatment=True,
        watermark=True,
        first_frame="/a.png",
    )
    panel.set_options(wanted)
    assert panel.request("x", "/a.png") == wanted


def test_options_have_one_line_explanations(qtbot):
    panel = make_panel(qtbot)
    assert "rewrites the prompt" in panel.prompt_optimizer_check.toolTip()
    texts = [label.text() for label in panel._hints.values()]
    assert len(texts) == 3 and all(texts)
