"""The app's light and dark themes and following the system: complete, readable palettes, every
derived colour readable on its background in both themes, a visible focus ring on every control
(Generate included), and drawn icons that show on a dark list at any pixel ratio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QWidget

from hailuo_desktop.core.options import DEFAULT_PRICES_USD
from hailuo_desktop.paths import resource_path
from hailuo_desktop.store.settings import Theme
from hailuo_desktop.ui.common.colours import (
    FOCUS_CONTRAST,
    NON_TEXT_CONTRAST,
    TEXT_CONTRAST,
    Tone,
    accent_text,
    contrast_ratio,
    focus_color,
    outline,
    readable,
    tone_color,
)
from hailuo_desktop.ui.common.focus import FocusRings
from hailuo_desktop.ui.common.glyphs import standard_icon, video_icon
from hailuo_desktop.ui.common.theme import (
    apply_palette,
    apply_theme,
    current_theme,
    palette_for,
    qt_arguments,
    style_was_chosen,
)
from hailuo_desktop.ui.create.frame_drop import FrameDrop
from hailuo_desktop.ui.create.panel import CreatePanel
from hailuo_desktop.ui.create.prompt_editor import PromptEditor
from tests.helpers import png_bytes
from tests.ui.test_prompt_editor import format_at

ROOT = str(Path(__file__).resolve().parents[2])
SAMPLE = resource_path("sample", "sample.mp4")

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
ROLES = [role for role in Role if role not in (Role.NoRole, Role.NColorRoles)]
GROUPS = (Group.Active, Group.Inactive, Group.Disabled)
THEMES = (Theme.LIGHT, Theme.DARK)
READABLE_PAIRS = [
    (Role.Text, Role.Base),
    (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.Window),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
]


@pytest.fixture
def app(qapp) -> QApplication:
    return qapp


def themed(app: QApplication, theme: Theme) -> QPalette:
    apply_theme(app, theme)
    return app.palette()


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightnessF() < 0.5


def pixels(image: QImage) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


# --- the palettes -------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_role_of_every_group_is_set(dark):
    palette = palette_for(dark)
    unset = [(g.name, r.name) for g in GROUPS for r in ROLES if not palette.isBrushSet(g, r)]
    assert unset == []
    assert is_dark_palette(palette) is dark


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(("text", "background"), READABLE_PAIRS, ids=lambda r: r.name)
def test_text_is_readable_on_its_background(dark, text, background):
    palette = palette_for(dark)
    for group in (Group.Active, Group.Inactive):
        ratio = contrast_ratio(palette.color(group, text), palette.color(group, background))
        assert ratio >= TEXT_CONTRAST, (group.name, ratio)


def test_disabled_text_is_dimmer_than_enabled_text():
    for dark in (False, True):
        palette = palette_for(dark)
        for role in (Role.Text, Role.WindowText, Role.ButtonText):
            enabled = contrast_ratio(palette.color(Group.Active, role), palette.color(Role.Base))
            disabled = contrast_ratio(palette.color(Group.Disabled, role), palette.color(Role.Base))
            assert 1.5 < disabled < enabled


# --- the colour helpers -------------------------------------------------------------------


def test_contrast_ratio_is_wcag_s():
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#0000ff"), QColor("#2a2c31")) < 2  # the trial's finding


@pytest.mark.parametrize(
    ("colour", "background"),
    [("#0000ff", "#1e1e1e"), ("#0000ff", "#2a2c31"), ("#ffff00", "#ffffff"), ("#808080", "#777")],
)
def test_readable_moves_a_colour_until_it_reads(colour, background):
    made = readable(QColor(colour), QColor(background))
    assert contrast_ratio(made, QColor(background)) >= TEXT_CONTRAST
    assert readable(made, QColor(background)) == made  # already readable: unchanged


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.value)
def test_derived_colours_read_on_their_backgrounds(app, theme):
    palette = themed(app, theme)
    base, window = palette.color(Role.Base), palette.color(Role.Window)
    assert contrast_ratio(accent_text(palette), base) >= TEXT_CONTRAST
    assert contrast_ratio(outline(palette), window) >= NON_TEXT_CONTRAST
    assert contrast_ratio(focus_color(palette), window) >= FOCUS_CONTRAST
    for tone in (Tone.POSITIVE, Tone.WARNING, Tone.ERROR):
        assert contrast_ratio(tone_color(palette, tone), base) >= TEXT_CONTRAST, tone


# --- applying a theme ---------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.value)
def test_a_theme_sets_fusion_and_its_palette(app, theme):
    palette = themed(app, theme)
    assert app.style().name() == "fusion"
    assert current_theme(app) is theme
    assert is_dark_palette(palette) is (theme is Theme.DARK)
    assert palette.color(Role.Link) == palette_for(theme is Theme.DARK).color(Role.Link)


def test_a_widget_made_before_the_switch_follows_it(app, qtbot):
    apply_theme(app, Theme.LIGHT)
    window = QWidget()
    label = QLabel("Hello", window)
    qtbot.addWidget(window)
    window.show()
    assert not is_dark_palette(label.palette())
    apply_theme(app, Theme.DARK)
    qtbot.waitUntil(lambda: is_dark_palette(label.palette()))


def test_following_the_system_switches_with_its_colour_scheme(app):
    hints = app.styleHints()
    apply_theme(app, Theme.SYSTEM)
    assert hints.colorScheme() is Qt.ColorScheme.Unknown  # offscreen: no desktop to ask
    assert not is_dark_palette(app.palette())  # Unknown: read from the platform's light palette
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the desktop turns dark
    assert is_dark_palette(app.palette())
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark_palette(app.palette())


def test_a_platform_that_says_nothing_is_read_from_its_palette(app):
    app.setPalette(QPalette(QColor("#202124")))  # what a dark desktop's platform theme gives
    apply_palette(app, Theme.SYSTEM)  # before the first paint: no colour scheme asked
    assert is_dark_palette(app.palette())
    assert app.palette().color(Role.Link) == palette_for(dark=True).color(Role.Link)
    apply_theme(app, Theme.SYSTEM)  # after it: the scheme is Unknown, the platform was dark
    assert is_dark_palette(app.palette())
    apply_palette(app, Theme.LIGHT)
    assert not is_dark_palette(app.palette())


def test_the_application_is_made_with_fusion_unless_a_style_was_chosen(monkeypatch):
    monkeypatch.delenv("QT_STYLE_OVERRIDE", raising=False)
    assert qt_arguments([]) == ["-style", "Fusion"]
    assert qt_arguments(["-reverse"]) == ["-style", "Fusion", "-reverse"]
    assert qt_arguments(["-style", "windows"]) == ["-style", "windows"]
    monkeypatch.setenv("QT_STYLE_OVERRIDE", "windows")
    assert qt_arguments([]) == []


def test_a_chosen_theme_ignores_the_system_s_scheme(app):
    apply_theme(app, Theme.DARK)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert is_dark_palette(app.palette())
    apply_theme(app, Theme.SYSTEM)  # back to following: the system says nothing, so light
    assert not is_dark_palette(app.palette())


@pytest.mark.parametrize(
    ("arguments", "chosen"),
    [
        ([], False),
        (["--demo"], False),
        (["-style", "windows"], True),
        (["--style", "windows"], True),
        (["-style=windows"], True),
        (["--stylesheet", "x.qss"], False),
    ],
)
def test_a_style_given_on_the_command_line_is_recognised(arguments, chosen, monkeypatch):
    monkeypatch.delenv("QT_STYLE_OVERRIDE", raising=False)
    assert style_was_chosen(arguments) is chosen
    monkeypatch.setenv("QT_STYLE_OVERRIDE", "windows")
    assert style_was_chosen(arguments) is True


def test_the_theme_keeps_a_style_given_on_the_command_line(app, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["hailuo-desktop", "-style", "windows"])
    app.setStyle("Windows")
    palette = themed(app, Theme.DARK)
    assert app.style().name() == "windows"  # not forced to Fusion
    assert is_dark_palette(palette)  # the palette still applies


# --- colours in the widgets ---------------------------------------------------------------


def directive_contrast(editor: PromptEditor) -> float:
    """The contrast of the highlighted "[Pan left]" on the editor's background."""
    directive = format_at(editor, 0, editor.prompt().index("Pan left"))
    assert directive is not None
    return contrast_ratio(directive.foreground().color(), editor.palette().color(Role.Base))


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.value)
def test_directives_read_on_the_prompt_editor(app, qtbot, theme):
    editor = PromptEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_prompt("A harbour at dawn [Pan left]")
    apply_theme(app, theme)  # switched while the prompt is on screen
    qtbot.waitUntil(lambda: is_dark_palette(editor.palette()) is (theme is Theme.DARK))
    assert directive_contrast(editor) >= TEXT_CONTRAST


def test_directives_read_on_a_dark_desktop_palette_with_qt_s_blue_links(qtbot):
    """The trial's finding: a dark system palette kept Link #0000ff, unreadable on dark grey."""
    editor = PromptEditor()
    qtbot.addWidget(editor)
    editor.set_prompt("A harbour at dawn [Pan left]")
    dark = QPalette(editor.palette())
    dark.setColor(Role.Base, QColor("#2d2d2d"))
    dark.setColor(Role.Text, QColor("#e0e0e0"))
    dark.setColor(Role.Link, QColor("#0000ff"))
    editor.setPalette(dark)
    assert directive_contrast(editor) >= TEXT_CONTRAST


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.value)
def test_the_drop_zone_outline_shows_on_the_window(app, qtbot, theme):
    apply_theme(app, theme)
    zone = FrameDrop()
    qtbot.addWidget(zone)
    zone.resize(340, 360)
    zone.show()
    qtbot.waitExposed(zone)
    area = zone.findChild(QLabel, "firstFrameArea")
    image = area.grab().toImage()
    window = zone.palette().color(Role.Window)
    left_edge = image.copy(0, 0, 4, image.height())  # the dashed border runs down this band
    best = max(contrast_ratio(colour, window) for colour in pixels(left_edge))
    assert best >= NON_TEXT_CONTRAST


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.value)
@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_the_video_icon_shows_on_the_list_at_any_pixel_ratio(app, theme, ratio):
    palette = themed(app, theme)
    pixmap = video_icon().pixmap(QSize(96, 54), ratio)
    assert pixmap.devicePixelRatio() == ratio
    assert pixmap.size() == QSize(96, 54) * ratio  # drawn at the screen's pixels, not scaled up
    image = pixmap.toImage()
    base = palette.color(Role.Base)
    visible = [c for c in pixels(image) if c.alpha() > 200 and contrast_ratio(c, base) >= 3]
    assert len(visible) > image.width() * image.height() // 20  # the play sign and the edge


def test_the_style_s_play_icon_was_invisible_on_the_dark_list(app):
    """Why the reference strip draws its own video icon."""
    palette = themed(app, Theme.DARK)
    image = app.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay).pixmap(32, 32).toImage()
    base = palette.color(Role.Base)
    opaque = [c for c in pixels(image) if c.alpha() > 200]
    assert opaque and max(contrast_ratio(c, base) for c in opaque) < NON_TEXT_CONTRAST


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_media_glyphs_take_the_button_text_colour(app, ratio):
    palette = themed(app, Theme.DARK)
    play = standard_icon(app.style(), QStyle.StandardPixmap.SP_MediaPlay)
    pixmap = play.pixmap(QSize(16, 16), ratio)
    assert pixmap.devicePixelRatio() == ratio and pixmap.size() == QSize(16, 16) * ratio
    button = palette.color(Role.Button)
    opaque = [c for c in pixels(pixmap.toImage()) if c.alpha() > 200]
    assert opaque and max(contrast_ratio(c, button) for c in opaque) >= TEXT_CONTRAST
    folder = QStyle.StandardPixmap.SP_DirOpenIcon  # colourful: left as the style draws it
    drawn = standard_icon(app.style(), folder).pixmap(QSize(16, 16), ratio).toImage()
    assert drawn == app.style().standardIcon(folder).pixmap(QSize(16, 16), ratio).toImage()


# --- focus ----------------------------------------------------------------------------------


def tab_to(window: QWidget, target: QWidget, limit: int = 200) -> None:
    """Press Tab, as a person would, until `target` has the focus."""
    for _ in range(limit):
        if target.hasFocus():
            return
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}")


def region_around(widget: QWidget, top: QWidget, margin: int = 3) -> QImage:
    """What `top` shows around `widget` (the ring is drawn just outside it)."""
    corner = widget.mapTo(top, QPoint(0, 0))
    rect = QRect(corner, widget.size()).adjusted(-margin, -margin, margin, margin)
    return top.grab(rect).toImage()


@pytest.fixture
def panel(app, qtbot):
    FocusRings(app)  # as startup installs it
    widget = CreatePanel(lambda: DEFAULT_PRICES_USD)
    qtbot.addWidget(widget)
    widget.resize(560, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.prompt_editor.set_prompt("A harbour at dawn [Pan left]")
    assert widget.generate_button.isEnabled()
    widget.prompt_editor.setFocus()
    return widget


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.value)
def test_generate_shows_keyboard_focus_with_a_ring(app, panel, theme):
    apply_theme(app, theme)
    generate = panel.generate_button
    assert generate.isDefault()  # Fusion's own focus mark cannot be told from "default"
    unfocused = region_around(generate, panel)
    tab_to(panel, generate)
    focused = region_around(generate, panel)
    changed = [
        (a, b)
        for a, b in zip(pixels(unfocused), pixels(focused), strict=True)
        if contrast_ratio(a, b) >= NON_TEXT_CONTRAST
    ]
    perimeter = 2 * (generate.width() + generate.height())
    assert len(changed) >= perimeter  # a ring all around, at least one pixel wide
    ring = app.findChild(FocusRings).ring()
    assert ring is not None and ring.isVisible() and ring.widget() is generate


def test_every_control_of_the_create_panel_gets_the_ring_in_turn(app, panel):
    apply_theme(app, Theme.DARK)
    rings = app.findChild(FocusRings)
    seen: list[str] = []
    for _ in range(60):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if not panel.isAncestorOf(focused) or focused.objectName() in seen:
            break
        seen.append(focused.objectName() or type(focused).__name__)
        if focused.property("drawsOwnFocus"):
            continue  # the drop zone's own bright border
        ring = rings.ring()
        assert ring is not None and ring.isVisible() and ring.widget() is focused, seen[-1]
    assert "generateButton" in seen and len(seen) > 5


def test_a_mouse_click_shows_no_ring(app, panel, qtbot):
    apply_theme(app, Theme.LIGHT)
    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    ring = app.findChild(FocusRings).ring()
    assert ring is None or not ring.isVisible()


# --- high DPI -------------------------------------------------------------------------------

# Runs at QT_SCALE_FACTOR=2 (what a 200 % screen gives): reports the pixels behind the icons.
HIGH_DPI_PROBE = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication, QLabel
    from hailuo_desktop.core.models import Model
    from hailuo_desktop.ui.common.icons import app_icon
    from hailuo_desktop.ui.create.frame_drop import FrameDrop
    from hailuo_desktop.ui.create.references import ICON_SIZE, ReferenceStrip

    app = QApplication([])
    picture, video = sys.argv[1:3]
    strip = ReferenceStrip(Model.H3.spec)
    strip.set_references((picture,), (video,))
    strip.show()
    drop = FrameDrop()
    drop.set_path(picture)
    drop.show()

    def facts(pixmap):
        return [pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()]

    ratio = strip.devicePixelRatioF()
    print(json.dumps({
        "ratio": ratio,
        "references": [
            facts(strip.list.item(row).icon().pixmap(ICON_SIZE, ratio)) for row in range(2)
        ],
        "picture_sizes": [
            [s.width(), s.height()] for s in strip.list.item(0).icon().availableSizes()
        ],
        "app_icon": facts(app_icon().pixmap(QSize(32, 32))),
        "thumbnail": facts(drop.findChild(QLabel, "firstFrameArea").pixmap()),
    }))
    """
)


def test_icons_and_thumbnails_are_drawn_at_the_screen_s_pixel_ratio(tmp_path):
    picture = tmp_path / "wide.png"
    picture.write_bytes(png_bytes(1280, 720))
    done = subprocess.run(
        [sys.executable, "-c", HIGH_DPI_PROBE, str(picture), str(SAMPLE)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", PYTHONPATH=ROOT),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["ratio"] == 2.0
    assert seen["references"] == [[192, 108, 2.0], [192, 108, 2.0]]  # picture, video
    assert seen["picture_sizes"] == [[192, 108]]  # decoded at 192×108, not 96×54 scaled up
    assert seen["app_icon"] == [64, 64, 2.0]
    width, _height, thumbnail_ratio = seen["thumbnail"]  # the first frame's drop zone
    assert thumbnail_ratio == 2.0 and width > 300
