"""The preview player: plays the downloaded local MP4 of the selected job, or its remote video
while the file downloads.

A `QMediaPlayer` renders into a `QVideoWidget` (dark in both themes, as video players are) with
a row of controls below it: play/pause, a seek slider, the time, loop, mute and volume. When
nothing is loaded, or the file cannot be played, a plain-words message covers the video area
and the controls are disabled. The player never crashes on a missing or damaged file: it says
so through `errorOccurred` and on screen. `show_full_screen()` (or a double-click on the video)
fills the screen with the video; Esc or another double-click brings it back.

Streaming (`stream(url)`, issue #18 item 3): a finished task's video plays from its address
(the CDN's; it carries no key, and the player is given nothing else) while the app downloads
it, and `take_over(path)` then shows the verified file from the same position, playing or
paused as it was. A stream that cannot be played (no network, the link expired, no TLS in the
player) is not an error to the user: the preview says the video is downloading and shows the
file when it is loaded. A `.part` is never played: the simulator's clips (Qt's recorder) keep
their `moov` box at the end, so a growing file cannot be decoded before it is whole.
"""

from __future__ import annotations

import itertools
import logging
import os
import pathlib

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPen
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QtAudio, QVideoSink
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStackedLayout,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hailuo_desktop.ui.common.colours import focus_color
from hailuo_desktop.ui.common.focus import OWN_FOCUS
from hailuo_desktop.ui.common.glyphs import standard_icon
from hailuo_desktop.ui.common.video_area import MIN_VIDEO_SIZE, video_palette

log = logging.getLogger(__name__)

SEEK_STEP_MS = 1_000
SEEK_PAGE_MS = 5_000
DEFAULT_VOLUME = 80

_PLAYING = QMediaPlayer.PlaybackState.PlayingState
_BROKEN = QMediaPlayer.MediaStatus.InvalidMedia
LAST_FRAME_MS = 40  # how far before the end the last frame of a clip is (one frame at 25 fps)


def format_time(ms: int) -> str:
    """'0:03' for 3 s, '1:02:05' past an hour; rounded to the nearest second."""
    seconds = max(0, (int(ms) + 500) // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def _name(widget: QWidget, object_name: str, accessible: str, tip: str = "") -> None:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)


class PreviewPlayer(QWidget):
    """Video preview with play/pause, seek, time, loop, mute and volume.

    Signals:
        playingChanged(bool): playback started (True) or paused/stopped/ended (False).
        errorOccurred(str): the file is missing or cannot be played; a plain-words message.
    """

    playingChanged = Signal(bool)
    errorOccurred = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        loop: bool = False,
        muted: bool = False,
        volume: int = DEFAULT_VOLUME,
    ) -> None:
        super().__init__(parent)
        self._path: str | None = None
        self._stream_url: str | None = None  # the remote video shown until its file is loaded
        self._resume_at: int | None = None  # where the file takes over from the stream
        self._failed = False
        self._playing = False
        self._syncing_slider = False

        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._attach_audio)
        self._attach_audio()
        self._video_area = QWidget(self)
        self._video = QVideoWidget(self._video_area)
        self._player.setVideoOutput(self._video)
        self._placeholder = QLabel(self._video_area)
        self._stack = QStackedLayout()

        self._play_button = QToolButton(self)
        self._seek_slider = QSlider(Qt.Orientation.Horizontal, self)
        self._time_label = QLabel(self)
        self._loop_button = QToolButton(self)
        self._mute_button = QToolButton(self)
        self._volume_slider = QSlider(Qt.Orientation.Horizontal, self)

        self._setup_ui()
        self._connect()
        self.set_loop(loop)
        self.set_muted(muted)
        self.set_volume(volume)
        self._apply_choices()  # also when the choices equal the controls' defaults
        self._update_time()
        self._show_empty(self._empty_text())

    # --- public API -------------------------------------------------------------------------

    def load(self, path: str | os.PathLike[str] | None, *, autoplay: bool = False) -> None:
        """Show the video at `path` (paused on its first frame unless `autoplay`).

        `None` empties the player. Loading the path already shown keeps its position (and
        starts it when `autoplay`). A missing or unplayable file emits `errorOccurred`."""
        path = None if path is None else str(path)
        if path is not None and path == self._path and not self._failed:
            if autoplay:
                self.play()
            return
        self._show_source(path, None)
        if self._path is not None and not pathlib.Path(self._path).is_file():
            self._fail(self._missing_text())
            return
        self._start(QUrl.fromLocalFile(self._path) if self._path else None, autoplay)

    def stream(self, url: str, *, autoplay: bool = True) -> None:
        """Play the remote video at `url` (http or https) until `take_over` gives its file.

        Nothing but the address goes to the player: no header, no key."""
        if url == self._stream_url:
            return
        self._show_source(None, url)
        self._start(QUrl(url), autoplay)

    def take_over(self, path: str | os.PathLike[str]) -> None:
        """The streamed video's file is complete at `path`: show it from where the stream is,
        playing or paused as it was (from the start if the stream never played)."""
        failed = self._failed or self._stream_url is None  # nothing shown: play the file
        playing = failed or self.is_playing()
        position = 0 if failed else self._player.position()
        self.load(path, autoplay=playing)
        if position > 0:
            self._resume_at = position  # applied once the file is loaded (LoadedMedia)

    def is_streaming(self) -> bool:
        """True while the preview shows (or waits for) a remote video rather than a file."""
        return self._stream_url is not None

    def play(self) -> None:
        if self._can_play():
            if self._player.position() >= self._player.duration() - LAST_FRAME_MS:
                self._player.setPosition(0)  # at the end (its last picture shown): from the start
            self._player.play()

    def pause(self) -> None:
        if self._can_play():
            self._player.pause()

    def toggle(self) -> None:
        """Pause when playing, play otherwise."""
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def is_playing(self) -> bool:
        return self._player.playbackState() == _PLAYING

    def show_full_screen(self) -> bool:
        """Show the video full screen (Esc or a double-click leaves); False with nothing to play."""
        if not self._can_play():
            return False
        self._video.setFullScreen(True)
        return True

    def leave_full_screen(self) -> None:
        self._video.setFullScreen(False)

    def is_full_screen(self) -> bool:
        return self._video.isFullScreen()

    def current_path(self) -> str | None:
        """The file last given to `load` (also when it turned out to be unplayable); None while
        streaming."""
        return self._path

    def current_stream(self) -> str | None:
        """The remote video last given to `stream`, until a file takes over."""
        return self._stream_url

    @property
    def media_player(self) -> QMediaPlayer:
        return self._player

    @property
    def audio_output(self) -> QAudioOutput:
        return self._audio

    @property
    def video_sink(self) -> QVideoSink:
        """Where decoded frames arrive (the video widget's sink)."""
        return self._video.videoSink()

    def set_loop(self, loop: bool) -> None:
        """Play the video again and again when on."""
        self._loop_button.setChecked(bool(loop))  # -> _on_loop_toggled

    def set_muted(self, muted: bool) -> None:
        self._mute_button.setChecked(bool(muted))  # -> _on_mute_toggled

    def set_volume(self, volume: int) -> None:
        """Volume 0-100 (perceptual scale)."""
        self._volume_slider.setValue(max(0, min(100, int(volume))))  # -> _on_volume_changed

    @property
    def loop(self) -> bool:
        return self._loop_button.isChecked()

    @property
    def muted(self) -> bool:
        return self._mute_button.isChecked()

    @property
    def volume(self) -> int:
        return self._volume_slider.value()

    # --- layout -----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setObjectName("previewPlayer")
        self.setAccessibleName(self.tr("Video preview"))
        self.setAccessibleDescription(
            self.tr("Space plays or pauses; the arrow keys jump one second back or forward.")
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty(OWN_FOCUS, True)  # a frame around the video (paintEvent)

        self._video_area.setObjectName("previewVideoArea")
        self._video_area.setAutoFillBackground(True)
        self._video_area.setMinimumSize(*MIN_VIDEO_SIZE)
        self._video_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._video.setObjectName("previewVideo")
        self._video.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._video.installEventFilter(self)  # full screen: Esc, Space, double-click
        self._placeholder.setObjectName("previewPlaceholder")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setMargin(16)
        self._apply_video_palette()
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self._video)
        self._video_area.setLayout(self._stack)

        _name(self._play_button, "playButton", self.tr("Play"))
        _name(
            self._seek_slider,
            "seekSlider",
            self.tr("Playback position"),
            self.tr("Drag to jump in the video. Arrow keys: 1 second, Page Up/Down: 5 seconds."),
        )
        self._seek_slider.setSingleStep(SEEK_STEP_MS)
        self._seek_slider.setPageStep(SEEK_PAGE_MS)
        self._seek_slider.setRange(0, 0)
        widest = self._time_label.fontMetrics().horizontalAdvance("00:00 / 00:00")
        self._time_label.setMinimumWidth(widest)  # the slider does not jump as digits change
        self._time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _name(
            self._time_label,
            "timeLabel",
            self.tr("Playback time"),
            self.tr("Current time / length of the video"),
        )
        loop_tip = self.tr("Play the video again and again")
        _name(self._loop_button, "loopButton", self.tr("Loop"), loop_tip)
        self._loop_button.setText(self.tr("Loop"))
        self._loop_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self._loop_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        _name(self._mute_button, "muteButton", self.tr("Mute"))
        _name(self._volume_slider, "volumeSlider", self.tr("Volume"), self.tr("Volume"))
        self._volume_slider.setRange(0, 100)
        self._volume_slider.setSingleStep(5)
        self._volume_slider.setPageStep(20)
        self._volume_slider.setMinimumWidth(48)
        self._volume_slider.setMaximumWidth(96)
        self._seek_slider.setMinimumWidth(96)
        self._loop_button.setCheckable(True)
        self._mute_button.setCheckable(True)
        for button in (self._play_button, self._loop_button, self._mute_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAutoRaise(True)
        self._update_play_button()
        self._update_mute_button()

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self._play_button)
        controls.addWidget(self._seek_slider, 4)
        controls.addWidget(self._time_label)
        controls.addSpacing(8)
        controls.addWidget(self._loop_button)
        controls.addWidget(self._mute_button)
        controls.addWidget(self._volume_slider, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)  # room for the focus frame
        outer.setSpacing(4)
        outer.addWidget(self._video_area, 1)
        outer.addLayout(controls)

        chain = [self, *self._controls()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self._player.playbackStateChanged.connect(self._on_playback_state_changed)
        self._player.mediaStatusChanged.connect(self._on_media_status_changed)
        self._player.errorOccurred.connect(self._on_player_error)
        self._player.positionChanged.connect(self._on_position_changed)
        self._player.durationChanged.connect(self._on_duration_changed)
        self._play_button.clicked.connect(self.toggle)
        self._seek_slider.valueChanged.connect(self._on_seek_value_changed)
        self._loop_button.toggled.connect(self._on_loop_toggled)
        self._mute_button.toggled.connect(self._on_mute_toggled)
        self._volume_slider.valueChanged.connect(self._on_volume_changed)

    def _apply_video_palette(self) -> None:
        # Not a theme colour: the letterbox bars and the message area match (`video_area`).
        palette = video_palette(self._video_area.palette())
        self._video_area.setPalette(palette)
        self._placeholder.setPalette(palette)

    # --- state ------------------------------------------------------------------------------

    def _empty_text(self) -> str:
        return self.tr("Select a finished video to preview it")

    def _missing_text(self) -> str:
        return self.tr("This video file cannot be found (it may have been moved or deleted).")

    def _downloading_text(self) -> str:
        return self.tr("The video is downloading; it plays here as soon as it is saved.")

    def _can_play(self) -> bool:
        return (self._path is not None or self._stream_url is not None) and not self._failed

    def _show_source(self, path: str | None, url: str | None) -> None:
        """Forget what was shown; `path` or `url` is what comes next."""
        self._player.stop()
        self._player.setSource(QUrl())
        self._path, self._stream_url = path, url
        self._resume_at = None
        self._failed = False
        self._update_time()

    def _start(self, source: QUrl | None, autoplay: bool) -> None:
        """Show `source` (paused on its first frame unless `autoplay`), or nothing for None."""
        if source is None:
            self._show_empty(self._empty_text())
            return
        self._stack.setCurrentWidget(self._video)
        self._set_controls_enabled(True)
        self._player.setSource(source)
        if autoplay:
            self._player.play()
        else:
            self._player.pause()  # decodes and shows the first frame

    def _show_empty(self, text: str) -> None:
        self.leave_full_screen()
        self._placeholder.setText(text)
        self._stack.setCurrentWidget(self._placeholder)
        self._set_controls_enabled(False)

    def _fail(self, message: str) -> None:
        self._failed = True
        self._player.stop()
        self._show_empty(message)
        self.errorOccurred.emit(message)

    def _controls(self) -> list[QWidget]:
        return [
            self._play_button,
            self._seek_slider,
            self._loop_button,
            self._mute_button,
            self._volume_slider,
        ]

    def _set_controls_enabled(self, enabled: bool) -> None:
        for control in self._controls():
            control.setEnabled(enabled)

    def _update_play_button(self) -> None:
        if self.is_playing():
            pixmap, name = QStyle.StandardPixmap.SP_MediaPause, self.tr("Pause")
        else:
            pixmap, name = QStyle.StandardPixmap.SP_MediaPlay, self.tr("Play")
        self._play_button.setIcon(standard_icon(self.style(), pixmap))
        self._play_button.setText(name)
        self._play_button.setAccessibleName(name)
        self._play_button.setToolTip(self.tr("{action} (Space)").format(action=name))

    def _update_mute_button(self) -> None:
        if self.muted:
            pixmap = QStyle.StandardPixmap.SP_MediaVolumeMuted
            tip = self.tr("Sound is off: click to turn it back on")
        else:
            pixmap, tip = QStyle.StandardPixmap.SP_MediaVolume, self.tr("Turn the sound off")
        self._mute_button.setIcon(standard_icon(self.style(), pixmap))
        self._mute_button.setToolTip(tip)

    def _update_time(self, position: int | None = None) -> None:
        shown = self._can_play()
        if position is None:
            position = self._player.position() if shown else 0
        duration = self._player.duration() if shown else 0
        self._time_label.setText(f"{format_time(position)} / {format_time(duration)}")

    def _attach_audio(self) -> None:
        """Play sound through the system's output, when there is one.

        WORKAROUND: with no sound device, Qt's FFmpeg player can hang in `stop()` while a clip
        with a sound track plays (seen offscreen and under Xvfb, Qt 6.12); with nothing to
        hear, no audio output is attached until a device appears."""
        has_device = bool(QMediaDevices.audioOutputs())
        self._player.setAudioOutput(self._audio if has_device else None)  # type: ignore[arg-type]

    def _apply_choices(self) -> None:
        loops = QMediaPlayer.Loops.Infinite if self.loop else QMediaPlayer.Loops.Once
        self._player.setLoops(loops)
        self._audio.setMuted(self.muted)
        self._audio.setVolume(
            QtAudio.convertVolume(
                self.volume / 100,
                QtAudio.VolumeScale.LogarithmicVolumeScale,
                QtAudio.VolumeScale.LinearVolumeScale,
            )
        )

    def _seek_by(self, delta_ms: int) -> None:
        if self._can_play():
            target = self._player.position() + delta_ms
            self._player.setPosition(max(0, min(self._player.duration(), target)))

    # --- slots ------------------------------------------------------------------------------

    def _on_playback_state_changed(self, _state: QMediaPlayer.PlaybackState) -> None:
        self._update_play_button()
        playing = self.is_playing()
        if playing != self._playing:
            self._playing = playing
            self.playingChanged.emit(playing)

    def _on_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == _BROKEN:
            self._on_player_error(QMediaPlayer.Error.FormatError, "invalid media")
        elif status == QMediaPlayer.MediaStatus.LoadedMedia and self._resume_at is not None:
            self._player.setPosition(self._resume_at)
            self._resume_at = None
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and not self.loop:
            # WORKAROUND: at the end of a clip Qt's FFmpeg backend clears the video output,
            # and the preview went black; going back to the last frame, paused, keeps it.
            self._player.setPosition(max(0, self._player.duration() - LAST_FRAME_MS))
            self._player.pause()

    def _on_player_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        if error == QMediaPlayer.Error.NoError or self._failed:
            return
        if self._stream_url is not None:  # the file takes over when it is saved
            log.info("Preview cannot stream the video: %s (%s)", detail, error.name)
            self._failed = True
            self._player.stop()
            self._show_empty(self._downloading_text())
            return
        if self._path is None:
            return
        log.warning("Preview cannot play %s: %s (%s)", self._path, detail, error.name)
        self._fail(self.tr("This video file cannot be played (it may be incomplete or damaged)."))

    def _on_position_changed(self, position: int) -> None:
        if self._seek_slider.isSliderDown():
            return  # the user is dragging: the slider shows where they are going
        self._syncing_slider = True
        self._seek_slider.setValue(position)
        self._syncing_slider = False
        self._update_time(position)

    def _on_duration_changed(self, duration: int) -> None:
        self._syncing_slider = True
        self._seek_slider.setRange(0, max(0, duration))
        self._syncing_slider = False
        self._update_time()

    def _on_seek_value_changed(self, value: int) -> None:
        if self._syncing_slider or not self._can_play():
            return
        self._update_time(value)
        self._player.setPosition(value)

    def _on_loop_toggled(self, loop: bool) -> None:
        self._apply_choices()

    def _on_mute_toggled(self, muted: bool) -> None:
        self._apply_choices()
        self._update_mute_button()

    def _on_volume_changed(self, volume: int) -> None:
        self._apply_choices()

    # --- events -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Space, Qt.Key.Key_MediaTogglePlayPause):
            if not event.isAutoRepeat():
                self.toggle()
        elif key == Qt.Key.Key_MediaPlay:
            self.play()
        elif key == Qt.Key.Key_MediaPause:
            self.pause()
        elif key == Qt.Key.Key_Left:
            self._seek_by(-SEEK_STEP_MS)
        elif key == Qt.Key.Key_Right:
            self._seek_by(SEEK_STEP_MS)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._video and event.type() == QEvent.Type.MouseButtonDblClick:
            if self.is_full_screen():
                self.leave_full_screen()
            else:
                self.show_full_screen()
            return True
        if watched is self._video and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape and self.is_full_screen():
                self.leave_full_screen()
                return True
            if key == Qt.Key.Key_Space and self.is_full_screen():
                self.toggle()
                return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._update_play_button()
            self._update_mute_button()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()  # draw or remove the focus frame
        return super().event(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # show keyboard users that Space and the arrows work here
            painter = QPainter(self)
            pen = QPen(focus_color(self.palette()), 2)
            painter.setPen(pen)
            area: QRect = self._video_area.geometry().adjusted(-1, -1, 1, 1)
            painter.drawRect(area)
