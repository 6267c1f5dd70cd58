"""Encoding: frames go into a `QMediaRecorder` through a `QVideoFrameInput` (and sound, when
the clip has some, through a `QAudioBufferInput`), and out as an MPEG-4 Part 2 video with an
AAC track in an MP4 file (the LGPL FFmpeg bundled with PySide6-Addons has no H.264 encoder).

`Encoder` owns the Qt objects of one render and turns the recorder's state changes and errors
into awaitable futures; `Feeder` draws and sends the frames one per timer tick, so the GUI
thread gets control back after every frame while FFmpeg encodes on its own threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import pathlib
import time

from PySide6.QtCore import QByteArray, QSize, QTimer, QUrl
from PySide6.QtMultimedia import (
    QAudioBuffer,
    QAudioBufferInput,
    QAudioFormat,
    QMediaCaptureSession,
    QMediaFormat,
    QMediaRecorder,
    QVideoFrame,
    QVideoFrameFormat,
    QVideoFrameInput,
)

from hailuo_desktop.simulator.render.compose import FrameComposer
from hailuo_desktop.simulator.render.errors import RenderError
from hailuo_desktop.simulator.sound import CHANNELS, SAMPLE_RATE

__all__ = ["Encoder", "Feeder"]

RECORDING_START_TIMEOUT_S = 15.0
ENCODER_STALL_TIMEOUT_S = 20.0
"""How long the encoder may refuse frames before the render is declared failed."""
FINISH_TIMEOUT_S = 60.0

_FRAME_TICK_MS = 1
"""Pause between frames: short, so the encoder is kept busy, but each tick draws at most one
frame, so the GUI thread gets control back after every frame."""


class Encoder:
    """One `QMediaRecorder` fed by a `QVideoFrameInput`: the Qt objects of a single render and
    futures for the recorder's state changes and errors."""

    def __init__(
        self, size: QSize, fps: int, path: pathlib.Path, audio: bytes | None = None
    ) -> None:
        self._loop = asyncio.get_running_loop()
        frame_format = QVideoFrameFormat(size, QVideoFrameFormat.PixelFormat.Format_BGRX8888)
        frame_format.setStreamFrameRate(fps)
        self.input = QVideoFrameInput(frame_format)
        self.recorder = QMediaRecorder()
        self.session = QMediaCaptureSession()
        self.session.setVideoFrameInput(self.input)
        media_format = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
        media_format.setVideoCodec(QMediaFormat.VideoCodec.MPEG4)
        self.audio = _AudioTrack(audio, self.session) if audio else None
        if self.audio is not None:
            media_format.setAudioCodec(QMediaFormat.AudioCodec.AAC)
        self.session.setRecorder(self.recorder)
        self.recorder.setMediaFormat(media_format)
        self.recorder.setVideoResolution(size)
        self.recorder.setVideoFrameRate(fps)
        self.recorder.setQuality(QMediaRecorder.Quality.HighQuality)
        self.recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
        self.error: RenderError | None = None
        self._waiting_for: QMediaRecorder.RecorderState | None = None
        self._waiter: asyncio.Future[None] | None = None
        self.recorder.recorderStateChanged.connect(self._on_state)
        self.recorder.errorOccurred.connect(self._on_error)

    @property
    def recording(self) -> bool:
        return self.recorder.recorderState() != QMediaRecorder.RecorderState.StoppedState

    async def start(self) -> None:
        """Start recording and wait until the recorder is really recording.

        WORKAROUND: QVideoFrameInput silently drops frames sent before the recorder reaches
        RecordingState (TOOLCHAIN.md), which would shorten the clip; so wait for it."""
        waiter = self._expect(QMediaRecorder.RecorderState.RecordingState)
        self.recorder.record()
        await self._wait(
            waiter,
            RECORDING_START_TIMEOUT_S,
            "the encoder did not start (is the asyncio loop a qasync.QEventLoop?)",
        )

    def send(self, frame: QVideoFrame) -> bool:
        """Queue one frame; False when the encoder's queue is full (try again later)."""
        return self.input.sendVideoFrame(frame)

    async def finish(self) -> pathlib.Path:
        """Stop, wait until the file is complete, and return where it was written."""
        waiter = self._expect(QMediaRecorder.RecorderState.StoppedState)
        self.recorder.stop()
        await self._wait(waiter, FINISH_TIMEOUT_S, "the encoder did not finish the file")
        if self.error is not None:
            raise self.error
        return pathlib.Path(self.recorder.actualLocation().toLocalFile())

    async def abort(self) -> None:
        """Stop a recording that will not be used, waiting (briefly) for the file to close."""
        if not self.recording:
            return
        waiter = self._expect(QMediaRecorder.RecorderState.StoppedState)
        self.recorder.stop()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(waiter, 5.0)

    def close(self) -> None:
        self.recorder.recorderStateChanged.disconnect(self._on_state)
        self.recorder.errorOccurred.disconnect(self._on_error)
        # Qt takes nullptr to detach them; PySide6's stubs do not say so.
        self.session.setRecorder(None)  # type: ignore[arg-type]
        self.session.setVideoFrameInput(None)  # type: ignore[arg-type]
        if self.audio is not None:
            self.session.setAudioBufferInput(None)  # type: ignore[arg-type]

    def _expect(self, state: QMediaRecorder.RecorderState) -> asyncio.Future[None]:
        self._waiting_for = state
        self._waiter = self._loop.create_future()
        if self.error is not None:
            self._waiter.set_exception(self.error)
        return self._waiter

    async def _wait(self, waiter: asyncio.Future[None], timeout: float, what: str) -> None:
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise RenderError(f"{what} within {timeout:.0f} s") from None

    def _on_state(self, state: QMediaRecorder.RecorderState) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done() and state == self._waiting_for:
            waiter.set_result(None)
        elif (
            waiter is not None
            and not waiter.done()
            and state == QMediaRecorder.RecorderState.StoppedState
        ):
            waiter.set_exception(self.error or RenderError("the encoder stopped unexpectedly"))

    def _on_error(self, error: QMediaRecorder.Error, message: str) -> None:
        self.error = RenderError(f"encoder error ({error.name}): {message}")
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(self.error)


class _AudioTrack:
    """The clip's sound (16-bit stereo PCM), sent to the encoder in step with the frames."""

    def __init__(self, pcm: bytes, session: QMediaCaptureSession) -> None:
        self.format = QAudioFormat()
        self.format.setSampleRate(SAMPLE_RATE)
        self.format.setChannelCount(CHANNELS)
        self.format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self.input = QAudioBufferInput(self.format)
        session.setAudioBufferInput(self.input)
        self.pcm = pcm
        self.sent = 0  # bytes

    @property
    def done(self) -> bool:
        return self.sent >= len(self.pcm)

    def send_until(self, seconds: float) -> None:
        """Send the samples up to `seconds` into the clip (the rest when the encoder's queue
        is full: the next frame's call sends them)."""
        frame_bytes = self.format.bytesPerFrame()
        end = min(len(self.pcm), int(seconds * SAMPLE_RATE) * frame_bytes)
        if end <= self.sent:
            return
        start_us = self.sent // frame_bytes * 1_000_000 // SAMPLE_RATE
        chunk = QAudioBuffer(QByteArray(self.pcm[self.sent : end]), self.format, start_us)
        if self.input.sendAudioBuffer(chunk):
            self.sent = end


class Feeder:
    """Draws and sends every frame, one per timer tick, retrying a frame the encoder refuses
    (its queue is full) on the next tick instead of drawing ahead; the sound goes along, up to
    the end of each frame sent.

    WORKAROUND: frames are pushed from a short QTimer, with `sendVideoFrame`'s return value
    as back-pressure, rather than only from `readyToSendVideoFrame`: driven by that signal
    alone, about 15% of clips came out truncated (TOOLCHAIN.md)."""

    def __init__(self, composer: FrameComposer, encoder: Encoder) -> None:
        self.composer, self.encoder = composer, encoder
        self.index = 0
        self.pending: QVideoFrame | None = None
        self.progress_at = time.monotonic()
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        # Single-shot, restarted at the end of each tick: the next frame is due only after
        # this one is drawn, so timers and events that fell due meanwhile run first.
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(_FRAME_TICK_MS)
        self._timer.timeout.connect(self._tick)

    async def run(self) -> None:
        self._timer.start()
        try:
            await self.done
        finally:
            self._timer.stop()
            self._timer.timeout.disconnect(self._tick)

    def _tick(self) -> None:
        if self.done.done():
            return
        try:
            self._step()
        except RenderError as exc:
            self.done.set_exception(exc)
        except Exception as exc:  # a Qt slot must not let an exception escape
            error = RenderError(f"drawing frame {self.index} failed: {exc!r}")
            error.__cause__ = exc
            self.done.set_exception(error)
        if not self.done.done():
            self._timer.start()

    def _step(self) -> None:
        if self.encoder.error is not None:
            raise self.encoder.error
        audio = self.encoder.audio
        if self.index >= self.composer.total:  # every frame sent: the sound's tail
            assert audio is not None
            audio.send_until(float("inf"))
            if audio.done:
                self.done.set_result(None)
            return
        if self.pending is None:
            self.pending = self.composer.frame(self.index)
        if self.encoder.send(self.pending):
            self.pending = None
            self.index += 1
            self.progress_at = time.monotonic()
            if audio is not None:
                audio.send_until(self.index / self.composer.spec.fps)
            if self.index >= self.composer.total and (audio is None or audio.done):
                self.done.set_result(None)
        elif time.monotonic() - self.progress_at > ENCODER_STALL_TIMEOUT_S:
            raise RenderError(f"the encoder accepted no frame for {ENCODER_STALL_TIMEOUT_S:.0f} s")
