"""Re-encoding video for a join whose shots differ in codec, picture size or frame rate.

Every shot is decoded (`decoding.VideoDecoder`), scaled by libswscale to fit the joined picture
(the largest of the shots; a shot of another shape gets black bars), and encoded by FFmpeg's
MPEG-4 Part 2 encoder — the video encoder the LGPL FFmpeg in PySide6 has, the one Qt's own
recorder uses — at a fixed quantiser of 2, the finest the codec offers for ordinary use, without
B-frames. MPEG-4 Part 2 needs more bits than H.264 for the same picture; at quantiser 2 it
spends them (bench/README.md, "Story export", gives the bit rate and how far the result is from
the sources).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from fractions import Fraction
from types import TracebackType

from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.libav import (
    AV_CODEC_ID_MPEG4,
    AV_PIX_FMT_YUV420P,
    AV_PKT_FLAG_KEY,
    AVERROR_EAGAIN,
    AVERROR_EOF,
    SWS_BICUBIC,
    CodecParameters,
    Frame,
    Libav,
    Packet,
    libav,
)

__all__ = ["QUANTISER", "FrameFitter", "Mpeg4Encoder", "fit_inside"]

QUANTISER = 2
"""MPEG-4 Part 2's quantiser for every frame: 2 is its finest ordinary step (1 needs
non-standard settings), 31 its coarsest."""


def fit_inside(source: tuple[int, int], target: tuple[int, int]) -> tuple[int, int, int, int]:
    """(x, y, width, height), all even, of `source` scaled to fit `target` keeping its shape,
    centred."""
    (width, height), (space_width, space_height) = source, target
    scale = min(Fraction(space_width, width), Fraction(space_height, height))
    fitted_width = min(space_width, max(2, round(width * scale / 2) * 2))
    fitted_height = min(space_height, max(2, round(height * scale / 2) * 2))
    x = (space_width - fitted_width) // 4 * 2
    y = (space_height - fitted_height) // 4 * 2
    return x, y, fitted_width, fitted_height


class Mpeg4Encoder:
    """FFmpeg's MPEG-4 Part 2 encoder at a fixed quantiser, one frame in, one sample out.

    `picture()` hands out the frame to fill (YUV 4:2:0 at the encoder's size), `encode()`
    sends it and returns the finished samples as (bytes, is key frame); `flush()` returns the
    rest. `decoder_config` is what the `esds` sample description needs; `threads` caps the
    encoder's threads (default: as many as FFmpeg likes)."""

    def __init__(
        self, width: int, height: int, frame_rate: Fraction, threads: int | None = None
    ) -> None:
        self._api: Libav = libav()
        api = self._api
        self.width, self.height = width, height
        encoder = api.avcodec_find_encoder(AV_CODEC_ID_MPEG4)
        if not encoder:
            raise MediaError("FFmpeg has no MPEG-4 Part 2 encoder")
        self._codec = ctypes.c_void_p(api.avcodec_alloc_context3(encoder))
        self._frame = ctypes.c_void_p(api.av_frame_alloc())
        self._packet = ctypes.c_void_p(api.av_packet_alloc())
        try:
            api.set_options(
                self._codec.value or 0,
                {
                    "video_size": f"{width}x{height}",
                    "pixel_format": "yuv420p",
                    "time_base": f"{frame_rate.denominator}/{frame_rate.numerator}",
                    "flags": "+qscale+global_header",
                    "qmin": str(QUANTISER),
                    "qmax": str(QUANTISER),
                    "g": str(max(1, round(frame_rate))),  # a key frame every second
                    "bf": "0",
                    "threads": "auto" if threads is None else str(threads),
                },
            )
            api.check(api.avcodec_open2(self._codec, encoder, None), "opening the encoder")
            frame = Frame.from_address(self._frame.value or 0)
            frame.width, frame.height, frame.format = width, height, AV_PIX_FMT_YUV420P
            api.check(api.av_frame_get_buffer(self._frame, 0), "allocating a picture")
            self.decoder_config = self._extradata()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Mpeg4Encoder:
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
        if self._frame:
            api.av_frame_free(ctypes.byref(self._frame))
        if self._packet:
            api.av_packet_free(ctypes.byref(self._packet))

    def _extradata(self) -> bytes:
        api = self._api
        parameters = ctypes.c_void_p(api.avcodec_parameters_alloc())
        try:
            api.check(
                api.avcodec_parameters_from_context(parameters, self._codec), "reading headers"
            )
            header = CodecParameters.from_address(parameters.value or 0)
            if header.codec_id != AV_CODEC_ID_MPEG4 or header.extradata_size <= 0:
                raise MediaError("the MPEG-4 encoder gave no stream headers")
            return ctypes.string_at(header.extradata, header.extradata_size)
        finally:
            api.avcodec_parameters_free(ctypes.byref(parameters))

    def picture(self) -> Frame:
        """The frame to draw the next picture into (its own buffer, not held by the encoder)."""
        self._api.check(self._api.av_frame_make_writable(self._frame), "preparing a picture")
        return Frame.from_address(self._frame.value or 0)

    def encode(self) -> list[tuple[bytes, bool]]:
        """Encode the picture last filled in; the samples that are ready."""
        self._api.check(self._api.avcodec_send_frame(self._codec, self._frame), "encoding")
        return list(self._received())

    def flush(self) -> list[tuple[bytes, bool]]:
        self._api.check(self._api.avcodec_send_frame(self._codec, None), "finishing encoding")
        return list(self._received())

    def _received(self) -> Iterator[tuple[bytes, bool]]:
        api = self._api
        while True:
            code = api.avcodec_receive_packet(self._codec, self._packet)
            if code in (AVERROR_EAGAIN, AVERROR_EOF):
                return
            api.check(code, "encoding")
            try:
                packet = Packet.from_address(self._packet.value or 0)
                data = ctypes.string_at(packet.data, packet.size)
                yield data, bool(packet.flags & AV_PKT_FLAG_KEY)
            finally:
                api.av_packet_unref(self._packet)


class FrameFitter:
    """Scales decoded frames of one shot into the encoder's picture, fitted and centred."""

    def __init__(self, source: Frame, target_size: tuple[int, int]) -> None:
        self._api: Libav = libav()
        self.source_key = (source.width, source.height, source.format)
        self.x, self.y, self.width, self.height = fit_inside(
            (source.width, source.height), target_size
        )
        self.bars = (self.width, self.height) != target_size
        self._scaler = self._api.sws_getContext(
            source.width,
            source.height,
            source.format,
            self.width,
            self.height,
            AV_PIX_FMT_YUV420P,
            SWS_BICUBIC,
            None,
            None,
            None,
        )
        if not self._scaler:
            raise MediaError(f"cannot scale pixel format {source.format}")

    def close(self) -> None:
        if self._scaler:
            self._api.sws_freeContext(self._scaler)
            self._scaler = None

    def draw(self, source: Frame, target: Frame) -> None:
        """Scale `source` into `target` (black bars around it when the shapes differ)."""
        if (source.width, source.height, source.format) != self.source_key:
            raise MediaError("a shot changed its picture size midway")
        pointers = []
        for plane in range(3):
            shift = 0 if plane == 0 else 1
            base = target.data[plane] or 0
            stride = target.linesize[plane]
            if self.bars:
                rows = target.height >> shift
                ctypes.memset(base, 16 if plane == 0 else 128, stride * rows)
            pointers.append(base + (self.y >> shift) * stride + (self.x >> shift))
        source_planes = (ctypes.c_void_p * 4)(*[source.data[plane] for plane in range(4)])
        source_strides = (ctypes.c_int * 4)(*[source.linesize[plane] for plane in range(4)])
        target_planes = (ctypes.c_void_p * 4)(*pointers, None)
        target_strides = (ctypes.c_int * 4)(*[target.linesize[plane] for plane in range(3)], 0)
        rows = self._api.sws_scale(
            self._scaler,
            source_planes,
            source_strides,
            0,
            source.height,
            target_planes,
            target_strides,
        )
        if rows != self.height:
            raise MediaError(f"scaling gave {rows} of {self.height} rows")
