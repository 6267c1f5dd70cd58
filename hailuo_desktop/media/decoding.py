"""Decoding a clip's video with libavcodec (`media.libav`): every frame in presentation order,
or exactly the last one, and turning a decoded frame into an RGB picture.

`VideoDecoder` opens the best video stream of a file and yields its decoded frames. Its
`last_frame()` seeks to the last sync sample (a key frame: from there the decoder rebuilds every
later frame bit for bit, as if it had decoded from the start) and decodes to the end, flushing
the decoder, so the frame it keeps is the last one a player shows — not an approximation from
a seek near the end. Edit lists are honoured (FFmpeg drops frames they cut).

`rgb_picture()` converts a frame with libswscale using the stream's colour matrix and range; a
stream that does not say is taken as BT.601, limited range — what FFmpeg encoders assume when
converting from RGB, and what the app's preview (Qt's FFmpeg backend) shows.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QImage

from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.libav import (
    AV_PIX_FMT_RGB24,
    AV_PIX_FMT_YUV420P,
    AVERROR_EAGAIN,
    AVERROR_EOF,
    AVMEDIA_TYPE_VIDEO,
    AVSEEK_FLAG_BACKWARD,
    SWS_ACCURATE_RND,
    SWS_BICUBIC,
    SWS_FULL_CHR_H_INT,
    Frame,
    Libav,
    Packet,
    libav,
)

__all__ = ["Colour", "VideoDecoder", "rgb_from_planes", "rgb_picture"]

_PAST_THE_END_US = 1 << 40
"""A time beyond the end of any clip: a backward seek there lands on the last key frame."""

_AVCOL_RANGE_JPEG = 2
_YUVJ_FORMATS = {12, 13, 14}  # AV_PIX_FMT_YUVJ420P, YUVJ422P, YUVJ444P: full range by name
_SWS_CS_ITU601 = 5
_SWS_MATRIX = {1: 1, 4: 4, 5: 5, 6: 5, 7: 7, 9: 9, 10: 9}
"""AVColorSpace → libswscale's coefficient table (BT.709, FCC, BT.601 ×2, SMPTE 240M,
BT.2020 ×2); anything else, unspecified included, is converted as BT.601."""


@dataclass(frozen=True)
class Colour:
    """How a stream's YUV values map to RGB: `matrix` is FFmpeg's AVColorSpace number
    (1 = BT.709, 2 = unspecified, 5/6 = BT.601 …) and `full_range` says 0–255 rather than
    16–235."""

    matrix: int = 2
    full_range: bool = False


def _file_url(path: Path) -> bytes:
    # "file:" keeps a name with a colon from being taken for another protocol.
    return b"file:" + os.fsencode(path.resolve())


class VideoDecoder:
    """The decoded video of one file: `frames()` in presentation order, or `last_frame()`.

    A frame handed out stays valid until the next one is asked for. `threads` caps the
    decoder's threads (default: as many as FFmpeg likes). Use as a context manager (or call
    `close()`); `MediaError` when the file cannot be opened or decoded."""

    def __init__(self, path: Path, threads: int | None = None) -> None:
        self.path = Path(path)
        self._api: Libav = libav()
        api = self._api
        self._input = ctypes.c_void_p()
        self._codec = ctypes.c_void_p()
        self._packet = ctypes.c_void_p(api.av_packet_alloc())
        self._frame = ctypes.c_void_p(api.av_frame_alloc())
        self._last = ctypes.c_void_p(api.av_frame_alloc())
        try:
            api.check(
                api.avformat_open_input(
                    ctypes.byref(self._input), _file_url(self.path), None, None
                ),
                f"opening {self.path.name}",
            )
            decoder = ctypes.c_void_p()
            self._index = api.check(
                api.av_find_best_stream(
                    self._input, AVMEDIA_TYPE_VIDEO, -1, -1, ctypes.byref(decoder), 0
                ),
                f"finding a video stream with a decoder in {self.path.name}",
            )
            _, stream, _ = api.check_stream(
                self._input.value or 0, self._index, decoder.value or 0, AVMEDIA_TYPE_VIDEO
            )
            self._codec.value = api.avcodec_alloc_context3(decoder)
            api.check(
                api.avcodec_parameters_to_context(self._codec, stream.codecpar),
                "configuring the decoder",
            )
            options = ctypes.c_void_p()
            count = b"auto" if threads is None else str(threads).encode()
            api.av_dict_set(ctypes.byref(options), b"threads", count, 0)
            try:
                api.check(
                    api.avcodec_open2(self._codec, decoder, ctypes.byref(options)),
                    "opening the decoder",
                )
            finally:
                api.av_dict_free(ctypes.byref(options))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> VideoDecoder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        api = self._api
        if self._codec:
            api.avcodec_free_context(ctypes.byref(self._codec))
        if self._input:
            api.avformat_close_input(ctypes.byref(self._input))
        for frame in (self._frame, self._last):
            if frame:
                api.av_frame_free(ctypes.byref(frame))
        if self._packet:
            api.av_packet_free(ctypes.byref(self._packet))

    @property
    def colour(self) -> Colour:
        """The stream's colour matrix and range, as far as the decoder has seen them."""
        matrix = self._api.get_int_option(self._codec.value or 0, "colorspace")
        colour_range = self._api.get_int_option(self._codec.value or 0, "color_range")
        return Colour(matrix, colour_range == _AVCOL_RANGE_JPEG)

    def frames(self) -> Generator[Frame]:
        """Every decoded frame, in presentation order, to the end of the file."""
        api = self._api
        while True:
            code = api.av_read_frame(self._input, self._packet)
            if code == AVERROR_EOF:
                break
            api.check(code, f"reading {self.path.name}")
            try:
                if Packet.from_address(self._packet.value or 0).stream_index != self._index:
                    continue
                # A damaged packet is skipped, as players do: the decoder conceals the damage.
                api.avcodec_send_packet(self._codec, self._packet)
            finally:
                api.av_packet_unref(self._packet)
            yield from self._received()
        api.avcodec_send_packet(self._codec, None)  # flush: the frames held for reordering
        yield from self._received()

    def _received(self) -> Iterator[Frame]:
        api = self._api
        while True:
            code = api.avcodec_receive_frame(self._codec, self._frame)
            if code in (AVERROR_EAGAIN, AVERROR_EOF):
                return
            api.check(code, f"decoding {self.path.name}")
            try:
                yield Frame.from_address(self._frame.value or 0)
            finally:
                api.av_frame_unref(self._frame)

    def last_frame(self) -> Frame:
        """The last frame of the video, exactly: decoded from the last key frame to the end."""
        api = self._api
        api.av_frame_unref(self._last)
        seeked = api.av_seek_frame(self._input, -1, _PAST_THE_END_US, AVSEEK_FLAG_BACKWARD) >= 0
        found = self._keep_last()
        if not found and seeked:  # the seek found no key frame to start from: from the start
            api.check(api.av_seek_frame(self._input, -1, 0, AVSEEK_FLAG_BACKWARD), "rewinding")
            api.avcodec_flush_buffers(self._codec)
            found = self._keep_last()
        if not found:
            raise MediaError(f"{self.path.name} has no frame that decodes")
        return Frame.from_address(self._last.value or 0)

    def _keep_last(self) -> bool:
        found = False
        for _ in self.frames():
            self.keep()
            found = True
        return found

    def keep(self) -> Frame:
        """Take over the frame `frames()` just yielded, so that it stays valid after the next
        one is decoded (until `keep` is called again)."""
        api = self._api
        api.av_frame_unref(self._last)
        api.av_frame_move_ref(self._last, self._frame)
        return Frame.from_address(self._last.value or 0)


def rgb_picture(frame: Frame, colour: Colour) -> QImage:
    """`frame` as a full-resolution RGB picture (`QImage.Format_RGB888`)."""
    pointers = [frame.data[plane] or 0 for plane in range(4)]
    strides = [frame.linesize[plane] for plane in range(4)]
    return _convert(pointers, strides, frame.width, frame.height, frame.format, colour)


def rgb_from_planes(
    planes: Sequence[bytes],
    strides: Sequence[int],
    width: int,
    height: int,
    colour: Colour,
    pixel_format: int = AV_PIX_FMT_YUV420P,
) -> QImage:
    """The same conversion as `rgb_picture`, from planes held in bytes (for instance those of
    a frame another decoder produced, to compare pictures converted alike)."""
    buffers = [ctypes.create_string_buffer(plane, len(plane)) for plane in planes]
    pointers = [ctypes.addressof(buffer) for buffer in buffers] + [0] * (4 - len(buffers))
    padded = [*strides, *[0] * (4 - len(strides))]
    return _convert(pointers, padded, width, height, pixel_format, colour)


def _convert(
    pointers: Sequence[int],
    strides: Sequence[int],
    width: int,
    height: int,
    pixel_format: int,
    colour: Colour,
) -> QImage:
    api = libav()
    scaler = api.sws_getContext(
        width,
        height,
        pixel_format,
        width,
        height,
        AV_PIX_FMT_RGB24,
        SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
        None,
        None,
        None,
    )
    if not scaler:
        raise MediaError(f"cannot convert pixel format {pixel_format} at {width}x{height}")
    try:
        full_range = colour.full_range or pixel_format in _YUVJ_FORMATS
        api.sws_setColorspaceDetails(
            scaler,
            api.sws_getCoefficients(_SWS_MATRIX.get(colour.matrix, _SWS_CS_ITU601)),
            int(full_range),
            api.sws_getCoefficients(_SWS_CS_ITU601),
            1,
            0,
            1 << 16,
            1 << 16,
        )
        stride = (width * 3 + 3) & ~3
        output = ctypes.create_string_buffer(stride * height)
        source = (ctypes.c_void_p * 4)(*pointers[:4])
        source_strides = (ctypes.c_int * 4)(*strides[:4])
        target = (ctypes.c_void_p * 4)(ctypes.addressof(output), None, None, None)
        target_strides = (ctypes.c_int * 4)(stride, 0, 0, 0)
        rows = api.sws_scale(scaler, source, source_strides, 0, height, target, target_strides)
        if rows != height:
            raise MediaError(f"converting the picture gave {rows} of {height} rows")
    finally:
        api.sws_freeContext(scaler)
    return QImage(output.raw, width, height, stride, QImage.Format.Format_RGB888).copy()
