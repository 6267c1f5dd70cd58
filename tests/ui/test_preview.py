"""The preview player: plays a real MP4 (rendered once by the simulator's renderer), with
play/pause, seek, time, loop, mute and volume, and says so plainly when a file is missing or
damaged.

`QVideoWidget.grab()` is blank offscreen, so the picture is checked through the frames that
arrive on the video sink. All tests are sync (qtbot.wait*); the clip is rendered by a
session fixture that drives its own qasync loop."""

from __future__ import annotations

import pathlib
import socket

import pytest
import qasync
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtMultimedia import QMediaDevices, QMediaPlayer
from PySide6.QtWidgets import QLabel, QSlider, QToolButton, QWidget

from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec
from hailuo_desktop.ui.preview import PreviewPlayer, format_time

CLIP_SIZE = QSize(320, 180)
CLIP_MS = 2000
TIMEOUT_MS = 5000
EMPTY_TEXT = "Select a finished video to preview it"
DAMAGED_TEXT = "This video file cannot be played (it may be incomplete or damaged)."
MISSING_TEXT = "This video file cannot be found (it may have been moved or deleted)."


def rendered(qapp, folder, spec: ClipSpec) -> str:
    """`spec` rendered to an MP4 in `folder` on a private qasync loop."""
    path = folder / "clip.mp4"
    loop = qasync.QEventLoop(qapp)
    try:
        loop.run_until_complete(ClipRenderer().render(spec, path))
    finally:
        loop.close()
    return str(path)


@pytest.fixture(scope="session")
def clip(qapp, tmp_path_factory) -> str:
    """A 2 s 320x180 MP4, rendered once for the whole session."""
    spec = ClipSpec(prompt="A lighthouse at dusk", duration_s=2, width=320, height=180)
    return rendered(qapp, tmp_path_factory.mktemp("preview"), spec)


@pytest.fixture(scope="session")
def clip_with_sound(qapp, tmp_path_factory) -> str:
    """A 2 s 320x180 MP4 with a stereo sound track, as the simulator makes for H3."""
    spec = ClipSpec(prompt="A fox", duration_s=2, width=320, height=180, tones=(440.0,))
    return rendered(qapp, tmp_path_factory.mktemp("preview"), spec)


@pytest.fixture
def player(qtbot) -> PreviewPlayer:
    widget = PreviewPlayer()
    qtbot.addWidget(widget)
    widget.resize(480, 340)
    widget.show()
    yield widget
    widget.load(None)


def child(player: PreviewPlayer, kind: type[QWidget], name: str):
    found = player.findChild(kind, name)
    assert found is not None, name
    return found


def controls(player: PreviewPlayer) -> list[QWidget]:
    return [
        child(player, QToolButton, "playButton"),
        child(player, QSlider, "seekSlider"),
        child(player, QToolButton, "loopButton"),
        child(player, QToolButton, "muteButton"),
        child(player, QSlider, "volumeSlider"),
    ]


def load_paused(qtbot, player: PreviewPlayer, path: str) -> None:
    """Load without autoplay and wait until the first frame is on screen."""
    with qtbot.waitSignal(player.video_sink.videoFrameChanged, timeout=TIMEOUT_MS):
        player.load(path)
    qtbot.waitUntil(lambda: player.media_player.duration() > 0, timeout=TIMEOUT_MS)


def load_playing(qtbot, player: PreviewPlayer, path: str) -> None:
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS, check_params_cb=bool):
        player.load(path, autoplay=True)


def seek_to(qtbot, player: PreviewPlayer, position_ms: int) -> None:
    player.media_player.setPosition(position_ms)
    qtbot.waitUntil(lambda: abs(player.media_player.position() - position_ms) < 50)


# --- empty state ----------------------------------------------------------------------------


def test_starts_empty_with_a_hint_and_disabled_controls(player):
    assert player.objectName() == "previewPlayer"
    assert player.accessibleName() == "Video preview"
    placeholder = child(player, QLabel, "previewPlaceholder")
    assert placeholder.isVisible()
    assert placeholder.text() == EMPTY_TEXT
    assert not child(player, QWidget, "previewVideo").isVisible()
    assert all(not control.isEnabled() for control in controls(player))
    assert child(player, QLabel, "timeLabel").text() == "0:00 / 0:00"
    assert player.current_path() is None
    assert not player.is_playing()


def test_every_control_has_a_name_and_a_tooltip(player):
    for control in controls(player):
        assert control.accessibleName(), control.objectName()
        assert control.toolTip(), control.objectName()
    assert child(player, QToolButton, "playButton").accessibleName() == "Play"
    assert child(player, QLabel, "timeLabel").accessibleName()


def test_tab_goes_from_the_player_through_the_controls_in_order(player, clip, qtbot):
    load_paused(qtbot, player, clip)
    order, widget = [], player
    for _ in range(5):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        order.append(widget.objectName())
    assert order == ["playButton", "seekSlider", "loopButton", "muteButton", "volumeSlider"]
    assert player.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_nothing_happens_when_asked_to_play_nothing(player, qtbot):
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    player.play()
    assert not player.is_playing()
    assert player.media_player.playbackState() == QMediaPlayer.PlaybackState.StoppedState


def test_time_format():
    assert format_time(0) == "0:00"
    assert format_time(3_000) == "0:03"
    assert format_time(5_999) == "0:06"
    assert format_time(62_000) == "1:02"
    assert format_time(3_725_000) == "1:02:05"
    assert format_time(-40) == "0:00"


# --- playing --------------------------------------------------------------------------------


def test_autoplay_delivers_frames_of_the_clip_size_and_shows_pause(player, qtbot, clip):
    sizes: list[QSize] = []
    player.video_sink.videoFrameChanged.connect(lambda frame: sizes.append(frame.size()))
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as playing:
        player.load(clip, autoplay=True)
    assert playing.args == [True]
    qtbot.waitUntil(lambda: len(sizes) >= 3, timeout=TIMEOUT_MS)
    assert set(sizes) == {CLIP_SIZE}
    assert player.is_playing()
    assert player.current_path() == clip
    play_button = child(player, QToolButton, "playButton")
    assert play_button.accessibleName() == "Pause"
    assert play_button.toolTip() == "Pause (Space)"
    assert child(player, QWidget, "previewVideo").isVisible()
    assert not child(player, QLabel, "previewPlaceholder").isVisible()
    assert all(control.isEnabled() for control in controls(player))


def test_load_without_autoplay_shows_the_first_frame_paused(player, qtbot, clip):
    with qtbot.waitSignal(player.video_sink.videoFrameChanged, timeout=TIMEOUT_MS) as frame:
        player.load(clip)
    assert frame.args[0].size() == CLIP_SIZE
    qtbot.waitUntil(lambda: player.media_player.duration() == CLIP_MS, timeout=TIMEOUT_MS)
    assert not player.is_playing()
    assert child(player, QToolButton, "playButton").accessibleName() == "Play"
    assert child(player, QLabel, "timeLabel").text() == "0:00 / 0:02"
    assert child(player, QSlider, "seekSlider").maximum() == CLIP_MS


def test_space_toggles_play_and_pause_when_the_player_has_focus(player, qtbot, clip):
    load_playing(qtbot, player, clip)
    player.setFocus()
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as paused:
        qtbot.keyClick(player, Qt.Key.Key_Space)
    assert paused.args == [False]
    assert child(player, QToolButton, "playButton").accessibleName() == "Play"
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as resumed:
        qtbot.keyClick(player, Qt.Key.Key_Space)
    assert resumed.args == [True]


def test_space_on_the_seek_slider_also_toggles(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    slider = child(player, QSlider, "seekSlider")
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as playing:
        qtbot.keyClick(slider, Qt.Key.Key_Space)
    assert playing.args == [True]


def test_play_button_and_toggle(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    play_button = child(player, QToolButton, "playButton")
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as playing:
        qtbot.mouseClick(play_button, Qt.MouseButton.LeftButton)
    assert playing.args == [True]
    assert play_button.accessibleName() == "Pause"
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as paused:
        player.toggle()
    assert paused.args == [False]
    assert play_button.accessibleName() == "Play"


# --- seeking and time -----------------------------------------------------------------------


def test_seek_slider_keys_move_the_position_and_the_time(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    slider = child(player, QSlider, "seekSlider")
    time_label = child(player, QLabel, "timeLabel")

    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: player.media_player.position() == 1000, timeout=TIMEOUT_MS)
    assert time_label.text() == "0:01 / 0:02"

    qtbot.keyClick(slider, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: player.media_player.position() == 0, timeout=TIMEOUT_MS)
    assert time_label.text() == "0:00 / 0:02"

    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # +5 s, stops at the end
    qtbot.waitUntil(lambda: player.media_player.position() == CLIP_MS, timeout=TIMEOUT_MS)
    assert time_label.text() == "0:02 / 0:02"


def test_seek_slider_follows_the_position_but_not_while_dragged(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    slider = child(player, QSlider, "seekSlider")
    seek_to(qtbot, player, 1500)
    qtbot.waitUntil(lambda: slider.value() == 1500)

    slider.setSliderDown(True)  # the user grabs the handle and drags it
    slider.setSliderPosition(500)
    qtbot.waitUntil(lambda: player.media_player.position() == 500, timeout=TIMEOUT_MS)
    assert child(player, QLabel, "timeLabel").text() == "0:01 / 0:02"  # 0.5 s rounds up
    player.media_player.setPosition(1200)  # a position update must not yank the handle
    assert slider.value() == 500
    slider.setSliderDown(False)


def test_arrow_keys_on_the_player_jump_one_second(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: player.media_player.position() == 1000, timeout=TIMEOUT_MS)
    qtbot.keyClick(player, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: player.media_player.position() == 0, timeout=TIMEOUT_MS)


def test_time_label_advances_during_playback(player, qtbot, clip):
    load_playing(qtbot, player, clip)
    time_label = child(player, QLabel, "timeLabel")
    qtbot.waitUntil(lambda: time_label.text() == "0:01 / 0:02", timeout=TIMEOUT_MS)


def test_loading_the_same_file_again_keeps_the_position(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    seek_to(qtbot, player, 1000)
    player.load(pathlib.Path(clip))
    assert player.media_player.position() == 1000
    assert player.current_path() == clip


# --- loop, mute, volume ---------------------------------------------------------------------


def test_loop_button_makes_playback_loop(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    loop_button = child(player, QToolButton, "loopButton")
    assert loop_button.isCheckable() and not loop_button.isChecked()
    qtbot.mouseClick(loop_button, Qt.MouseButton.LeftButton)
    assert player.loop
    assert player.media_player.loops() == QMediaPlayer.Loops.Infinite

    seek_to(qtbot, player, CLIP_MS - 300)
    player.play()
    qtbot.waitUntil(
        lambda: player.is_playing() and 0 < player.media_player.position() < 1000,
        timeout=TIMEOUT_MS,
    )

    player.set_loop(False)
    assert not loop_button.isChecked()
    assert player.media_player.loops() == QMediaPlayer.Loops.Once


def test_without_loop_playback_stops_at_the_end_on_its_last_picture(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    seek_to(qtbot, player, CLIP_MS - 300)
    states: list[bool] = []
    player.playingChanged.connect(states.append)
    player.play()
    qtbot.waitUntil(lambda: states == [True, False], timeout=TIMEOUT_MS)
    assert child(player, QToolButton, "playButton").accessibleName() == "Play"
    # the last picture stays on screen (Qt's FFmpeg backend used to clear it: black)
    qtbot.waitUntil(lambda: player.video_sink.videoFrame().isValid(), timeout=TIMEOUT_MS)
    picture = player.video_sink.videoFrame().toImage()
    assert picture.size() == QSize(320, 180)
    assert max(QColor(picture.pixel(x, 90)).lightness() for x in range(0, 320, 16)) > 40
    player.play()  # played again: from the start, not for the 40 ms left
    qtbot.waitUntil(lambda: player.is_playing(), timeout=TIMEOUT_MS)
    assert player.media_player.position() < CLIP_MS / 2


def test_mute_button_mutes_the_audio_output(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    mute_button = child(player, QToolButton, "muteButton")
    unmuted_tip = mute_button.toolTip()
    qtbot.mouseClick(mute_button, Qt.MouseButton.LeftButton)
    assert player.audio_output.isMuted()
    assert player.muted
    assert mute_button.toolTip() != unmuted_tip
    player.set_muted(False)
    assert not player.audio_output.isMuted()
    assert not mute_button.isChecked()


def test_volume_slider_sets_the_audio_volume(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    slider = child(player, QSlider, "volumeSlider")
    assert (slider.minimum(), slider.maximum()) == (0, 100)
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert player.volume == 100
    assert player.audio_output.volume() == pytest.approx(1.0)
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert player.volume == 0
    assert player.audio_output.volume() == pytest.approx(0.0)
    player.set_volume(50)
    assert slider.value() == 50
    assert 0.0 < player.audio_output.volume() < 1.0
    player.set_volume(250)
    assert player.volume == 100


def test_choices_can_be_passed_in_and_read_out(qtbot):
    player = PreviewPlayer(loop=True, muted=True, volume=30)
    qtbot.addWidget(player)
    assert (player.loop, player.muted, player.volume) == (True, True, 30)
    assert player.media_player.loops() == QMediaPlayer.Loops.Infinite
    assert player.audio_output.isMuted()
    assert child(player, QSlider, "volumeSlider").value() == 30
    assert 0.0 < player.audio_output.volume() < 0.3


def test_default_choices_reach_the_audio_output(qtbot):
    player = PreviewPlayer()
    qtbot.addWidget(player)
    assert (player.loop, player.muted, player.volume) == (False, False, 80)
    assert player.media_player.loops() == QMediaPlayer.Loops.Once
    assert 0.0 < player.audio_output.volume() < 1.0


# --- unloading and errors -------------------------------------------------------------------


def test_load_none_returns_to_the_empty_state(player, qtbot, clip):
    load_playing(qtbot, player, clip)
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS) as stopped:
        player.load(None)
    assert stopped.args == [False]
    assert player.current_path() is None
    assert child(player, QLabel, "previewPlaceholder").text() == EMPTY_TEXT
    assert child(player, QLabel, "previewPlaceholder").isVisible()
    assert all(not control.isEnabled() for control in controls(player))
    assert child(player, QLabel, "timeLabel").text() == "0:00 / 0:00"
    player.toggle()
    assert not player.is_playing()


def test_missing_file_says_so_plainly(player, qtbot, tmp_path):
    missing = str(tmp_path / "gone.mp4")
    with qtbot.waitSignal(player.errorOccurred, timeout=TIMEOUT_MS) as error:
        player.load(missing, autoplay=True)
    assert error.args == [MISSING_TEXT]
    assert child(player, QLabel, "previewPlaceholder").text() == MISSING_TEXT
    assert all(not control.isEnabled() for control in controls(player))
    assert player.current_path() == missing
    assert not player.is_playing()


def test_damaged_file_says_so_once_and_the_player_recovers(player, qtbot, tmp_path, clip):
    garbage = tmp_path / "broken.mp4"
    garbage.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 20)
    messages: list[str] = []
    player.errorOccurred.connect(messages.append)
    player.load(str(garbage), autoplay=True)
    qtbot.waitUntil(
        lambda: player.media_player.mediaStatus() == QMediaPlayer.MediaStatus.InvalidMedia,
        timeout=TIMEOUT_MS,
    )
    assert messages == [DAMAGED_TEXT]
    assert child(player, QLabel, "previewPlaceholder").text() == DAMAGED_TEXT
    assert child(player, QLabel, "previewPlaceholder").isVisible()
    assert all(not control.isEnabled() for control in controls(player))
    assert not player.is_playing()

    load_playing(qtbot, player, clip)
    assert all(control.isEnabled() for control in controls(player))
    assert messages == [DAMAGED_TEXT]


def test_truncated_download_is_reported_as_damaged(player, qtbot, tmp_path, clip):
    truncated = tmp_path / "partial.mp4"
    truncated.write_bytes(pathlib.Path(clip).read_bytes()[:3000])
    with qtbot.waitSignal(player.errorOccurred, timeout=TIMEOUT_MS) as error:
        player.load(str(truncated))
    assert error.args == [DAMAGED_TEXT]


def test_a_clip_with_sound_plays_its_sound_track(player, qtbot, clip, clip_with_sound):
    load_paused(qtbot, player, clip)
    assert not player.media_player.hasAudio()
    load_playing(qtbot, player, clip_with_sound)
    assert player.media_player.hasAudio()
    assert len(player.media_player.audioTracks()) == 1
    sound_card = bool(QMediaDevices.audioOutputs())
    assert (player.media_player.audioOutput() is player.audio_output) is sound_card


# --- full screen ----------------------------------------------------------------------------


def test_full_screen_shows_the_video_and_esc_leaves(player, qtbot, clip):
    video = player.findChild(QWidget, "previewVideo")
    assert not player.show_full_screen()  # nothing to show yet
    load_playing(qtbot, player, clip)
    assert player.show_full_screen()
    qtbot.waitUntil(player.is_full_screen)
    assert video.isWindow()
    qtbot.keyClick(video, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not player.is_full_screen())
    assert not video.isWindow()
    assert player.is_playing()


def test_double_click_on_the_video_enters_and_leaves_full_screen(player, qtbot, clip):
    video = player.findChild(QWidget, "previewVideo")
    load_paused(qtbot, player, clip)
    qtbot.mouseDClick(video, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(player.is_full_screen)
    qtbot.keyClick(video, Qt.Key.Key_Space)  # plays and pauses there too
    qtbot.waitUntil(player.is_playing)
    qtbot.mouseDClick(video, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not player.is_full_screen())


def test_emptying_the_player_leaves_full_screen(player, qtbot, clip):
    load_paused(qtbot, player, clip)
    assert player.show_full_screen()
    player.load(None)
    assert not player.is_full_screen()


# --- streaming while the file downloads (issue #18 item 3) ----------------------------------

DOWNLOADING_TEXT = "The video is downloading; it plays here as soon as it is saved."


def closed_port_url() -> str:
    """An address on this computer where nothing listens (the connection is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/files/videos/gone.mp4"


def test_a_stream_that_cannot_play_waits_quietly_for_the_file(player, qtbot, clip):
    messages: list[str] = []
    player.errorOccurred.connect(messages.append)
    url = closed_port_url()
    player.stream(url)
    assert player.is_streaming() and player.current_stream() == url
    assert player.current_path() is None  # no file is shown as the video yet
    placeholder = child(player, QLabel, "previewPlaceholder")
    qtbot.waitUntil(lambda: placeholder.text() == DOWNLOADING_TEXT, timeout=TIMEOUT_MS)
    assert placeholder.isVisible()
    assert all(not control.isEnabled() for control in controls(player))
    assert messages == []  # not an error to the user: the file comes

    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS, check_params_cb=bool):
        player.take_over(clip)  # the verified file is in place: it plays
    assert player.current_path() == clip and not player.is_streaming()
    assert all(control.isEnabled() for control in controls(player))
    assert messages == []


def test_loading_a_file_ends_a_stream(player, qtbot, clip):
    player.stream(closed_port_url())
    load_paused(qtbot, player, clip)
    assert not player.is_streaming() and player.current_stream() is None
    player.load(None)
    assert child(player, QLabel, "previewPlaceholder").text() == EMPTY_TEXT
