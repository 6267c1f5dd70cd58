"""The FFmpeg libraries that Qt Multimedia already ships, called through ctypes.

PySide6-Addons carries FFmpeg's shared libraries for Qt's multimedia backend (libavformat,
libavcodec, libavutil, libswscale: 20 MB that every bundle of the app already holds). Calling
them directly decodes video exactly and as fast as the CPU allows, on any thread, with no event
loop and nothing added to the bundle (docs/media.md says why this was chosen over PyAV and
Qt's player).

ctypes sees no C headers, so this module reads only the *leading* members of FFmpeg's structs,
the ones that have kept their place for a decade (`AVFrame.data/linesize/…/format`,
`AVPacket.…/stream_index/flags`, `AVFormatContext.…/nb_streams/streams`,
`AVStream.av_class/index/id/codecpar`, `AVCodecParameters.…/extradata_size`, `AVCodec.…/id`),
and sets or reads everything else by name through FFmpeg's AVOptions (`av_opt_set`,
`av_opt_get_int`). It refuses library versions other than the ones it was checked against
(`EXPECTED_MAJORS`: PySide6 is pinned, so they change only with a deliberate upgrade), and
`Libav.check_stream` cross-checks what it read against FFmpeg's own answers before trusting a
struct, so a layout change raises `DecoderUnavailable` instead of reading garbage.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import threading
from collections.abc import Callable
from ctypes import POINTER, Structure, c_char_p, c_int, c_int64, c_uint, c_uint8, c_uint32
from ctypes import c_void_p as ptr
from pathlib import Path
from typing import Any

from hailuo_desktop.media.errors import DecoderUnavailable, MediaError

__all__ = [
    "AVERROR_EAGAIN",
    "AVERROR_EOF",
    "AVMEDIA_TYPE_AUDIO",
    "AVMEDIA_TYPE_VIDEO",
    "AV_CODEC_ID_MPEG4",
    "AV_PIX_FMT_RGB24",
    "AV_PIX_FMT_YUV420P",
    "EXPECTED_MAJORS",
    "CodecParameters",
    "Frame",
    "Libav",
    "Packet",
    "libav",
]

EXPECTED_MAJORS = {"avutil": 61, "avcodec": 63, "avformat": 63, "swscale": 10}
"""The library versions (FFmpeg 9.0 as built for PySide6 6.12) whose struct prefixes and
function signatures this module was checked against."""

AVMEDIA_TYPE_VIDEO = 0
AVMEDIA_TYPE_AUDIO = 1
AV_CODEC_ID_MPEG4 = 12
AV_PIX_FMT_YUV420P = 0
AV_PIX_FMT_RGB24 = 2
AV_PKT_FLAG_KEY = 1
AVSEEK_FLAG_BACKWARD = 1
AVERROR_EAGAIN = -errno.EAGAIN
AVERROR_EOF = -(ord("E") | ord("O") << 8 | ord("F") << 16 | ord(" ") << 24)
SWS_BICUBIC = 0x4
SWS_FULL_CHR_H_INT = 0x2000
SWS_ACCURATE_RND = 0x40000


class Frame(Structure):
    """The leading members of `AVFrame` (unchanged since FFmpeg 1.0)."""

    _fields_ = [
        ("data", ptr * 8),
        ("linesize", c_int * 8),
        ("extended_data", ptr),
        ("width", c_int),
        ("height", c_int),
        ("nb_samples", c_int),
        ("format", c_int),
    ]


class Packet(Structure):
    """The leading members of `AVPacket` (unchanged since FFmpeg 3.0)."""

    _fields_ = [
        ("buf", ptr),
        ("pts", c_int64),
        ("dts", c_int64),
        ("data", POINTER(c_uint8)),
        ("size", c_int),
        ("stream_index", c_int),
        ("flags", c_int),
    ]


class FormatContext(Structure):
    """The leading members of `AVFormatContext`."""

    _fields_ = [
        ("av_class", ptr),
        ("iformat", ptr),
        ("oformat", ptr),
        ("priv_data", ptr),
        ("pb", ptr),
        ("ctx_flags", c_int),
        ("nb_streams", c_uint),
        ("streams", POINTER(ptr)),
    ]


class Stream(Structure):
    """The leading members of `AVStream` (`av_class` first since FFmpeg 6.1)."""

    _fields_ = [("av_class", ptr), ("index", c_int), ("id", c_int), ("codecpar", ptr)]


class CodecParameters(Structure):
    """The leading members of `AVCodecParameters`."""

    _fields_ = [
        ("codec_type", c_int),
        ("codec_id", c_int),
        ("codec_tag", c_uint32),
        ("extradata", POINTER(c_uint8)),
        ("extradata_size", c_int),
    ]


class Codec(Structure):
    """The leading members of `AVCodec`."""

    _fields_ = [("name", c_char_p), ("long_name", c_char_p), ("type", c_int), ("id", c_int)]


def _file_names(name: str, major: int) -> list[str]:
    if sys.platform == "win32":
        return [f"{name}-{major}.dll"]
    if sys.platform == "darwin":
        return [f"lib{name}.{major}.dylib"]
    return [f"lib{name}.so.{major}"]


def library_folders() -> list[Path]:
    """Where PySide6 keeps Qt's libraries: `Qt/lib` in the Linux and macOS wheels (and in the
    one-folder bundle, under `_internal/PySide6`), the package folder itself on Windows."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo

    package = Path(PySide6.__file__).resolve().parent
    qt_libraries = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    folders = [qt_libraries, package / "Qt" / "lib", package]
    return list(dict.fromkeys(folder for folder in folders if folder.is_dir()))


def _open_library(name: str, major: int) -> ctypes.CDLL:
    for folder in library_folders():
        for file_name in _file_names(name, major):
            path = folder / file_name
            if not path.is_file():
                continue
            if sys.platform == "win32":
                os.add_dll_directory(str(folder))
                return ctypes.CDLL(str(path))
            # WORKAROUND: PySide6's libavutil links a Qt stub that names OpenSSL's RAND_bytes
            # without providing it (Qt resolves it only if ever needed); ctypes' default
            # RTLD_NOW refuses such a library, lazy binding (what Qt's plugin loader does) works.
            return ctypes.CDLL(str(path), mode=os.RTLD_LAZY)
    raise DecoderUnavailable(
        f"lib{name} {major} not found next to Qt (looked in "
        + ", ".join(str(folder) for folder in library_folders())
        + ")"
    )


class Libav:
    """The loaded libraries with typed function signatures; one per process (`libav()`)."""

    def __init__(self) -> None:
        self.avutil = _open_library("avutil", EXPECTED_MAJORS["avutil"])
        self.swscale = _open_library("swscale", EXPECTED_MAJORS["swscale"])
        self.avcodec = _open_library("avcodec", EXPECTED_MAJORS["avcodec"])
        self.avformat = _open_library("avformat", EXPECTED_MAJORS["avformat"])
        for name, library in (
            ("avutil", self.avutil),
            ("swscale", self.swscale),
            ("avcodec", self.avcodec),
            ("avformat", self.avformat),
        ):
            version = getattr(library, f"{name}_version")
            version.restype = c_uint
            major = version() >> 16
            if major != EXPECTED_MAJORS[name]:
                raise DecoderUnavailable(
                    f"lib{name} is version {major}; this code knows {EXPECTED_MAJORS[name]}"
                )
        self._declare()

    def _declare(self) -> None:
        u, c, f, s = self.avutil, self.avcodec, self.avformat, self.swscale
        pp = POINTER(ptr)
        signatures: list[tuple[ctypes.CDLL, str, Any, list[Any]]] = [
            (u, "av_frame_alloc", ptr, []),
            (u, "av_frame_free", None, [pp]),
            (u, "av_frame_unref", None, [ptr]),
            (u, "av_frame_move_ref", None, [ptr, ptr]),
            (u, "av_frame_get_buffer", c_int, [ptr, c_int]),
            (u, "av_frame_make_writable", c_int, [ptr]),
            (u, "av_opt_set", c_int, [ptr, c_char_p, c_char_p, c_int]),
            (u, "av_opt_set_int", c_int, [ptr, c_char_p, c_int64, c_int]),
            (u, "av_opt_get_int", c_int, [ptr, c_char_p, c_int, POINTER(c_int64)]),
            (u, "av_dict_set", c_int, [pp, c_char_p, c_char_p, c_int]),
            (u, "av_dict_free", None, [pp]),
            (u, "av_strerror", c_int, [c_int, c_char_p, ctypes.c_size_t]),
            (c, "avcodec_find_decoder", ptr, [c_int]),
            (c, "avcodec_find_encoder", ptr, [c_int]),
            (c, "avcodec_alloc_context3", ptr, [ptr]),
            (c, "avcodec_free_context", None, [pp]),
            (c, "avcodec_parameters_to_context", c_int, [ptr, ptr]),
            (c, "avcodec_parameters_from_context", c_int, [ptr, ptr]),
            (c, "avcodec_parameters_alloc", ptr, []),
            (c, "avcodec_parameters_free", None, [pp]),
            (c, "avcodec_open2", c_int, [ptr, ptr, pp]),
            (c, "avcodec_flush_buffers", None, [ptr]),
            (c, "avcodec_send_packet", c_int, [ptr, ptr]),
            (c, "avcodec_receive_frame", c_int, [ptr, ptr]),
            (c, "avcodec_send_frame", c_int, [ptr, ptr]),
            (c, "avcodec_receive_packet", c_int, [ptr, ptr]),
            (c, "av_packet_alloc", ptr, []),
            (c, "av_packet_free", None, [pp]),
            (c, "av_packet_unref", None, [ptr]),
            (f, "avformat_open_input", c_int, [pp, c_char_p, ptr, pp]),
            (f, "avformat_close_input", None, [pp]),
            (f, "av_find_best_stream", c_int, [ptr, c_int, c_int, c_int, pp, c_int]),
            (f, "av_read_frame", c_int, [ptr, ptr]),
            (f, "av_seek_frame", c_int, [ptr, c_int, c_int64, c_int]),
            (s, "sws_getContext", ptr, [c_int] * 7 + [ptr, ptr, ptr]),
            (s, "sws_freeContext", None, [ptr]),
            (s, "sws_scale", c_int, [ptr, ptr, ptr, c_int, c_int, ptr, ptr]),
            (s, "sws_getCoefficients", ptr, [c_int]),
            (s, "sws_setColorspaceDetails", c_int, [ptr, ptr, c_int, ptr] + [c_int] * 4),
        ]
        for library, name, restype, argtypes in signatures:
            function = getattr(library, name)
            function.restype = restype
            function.argtypes = argtypes
            setattr(self, name, function)

    def __getattr__(self, name: str) -> Callable[..., Any]:  # the functions set in _declare
        raise AttributeError(name)

    def error_text(self, code: int) -> str:
        buffer = ctypes.create_string_buffer(256)
        self.av_strerror(code, buffer, len(buffer))
        return buffer.value.decode("utf-8", "replace") or f"error {code}"

    def check(self, code: int, what: str) -> int:
        """`code` when it is not an error; otherwise raise `MediaError` naming `what`."""
        if code < 0:
            raise MediaError(f"{what}: {self.error_text(code)}")
        return code

    def set_options(self, target: int, options: dict[str, str]) -> None:
        """Set AVOptions on an FFmpeg object (a codec context) by name."""
        for key, value in options.items():
            self.check(
                self.av_opt_set(target, key.encode(), value.encode(), 0), f"setting {key}={value}"
            )

    def get_int_option(self, target: int, key: str) -> int:
        value = c_int64()
        self.check(self.av_opt_get_int(target, key.encode(), 0, ctypes.byref(value)), key)
        return value.value

    def check_stream(
        self, context: int, index: int, codec: int, media_type: int
    ) -> tuple[FormatContext, Stream, CodecParameters]:
        """The stream `index` of an opened input, after checking that the struct members read
        here agree with what FFmpeg itself answered (stream index, media type, codec id)."""
        format_context = FormatContext.from_address(context)
        if not 0 <= index < format_context.nb_streams:
            raise DecoderUnavailable(f"stream {index} out of {format_context.nb_streams}")
        stream = Stream.from_address(format_context.streams[index])
        parameters = CodecParameters.from_address(stream.codecpar)
        codec_id = Codec.from_address(codec).id
        if (
            stream.index != index
            or parameters.codec_type != media_type
            or parameters.codec_id != codec_id
        ):
            raise DecoderUnavailable("FFmpeg's structs are not laid out as this code expects")
        return format_context, stream, parameters


_lock = threading.Lock()
_loaded: Libav | None = None


def libav() -> Libav:
    """The process's `Libav`, loaded on first use; `DecoderUnavailable` when it cannot be."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = Libav()
        return _loaded
