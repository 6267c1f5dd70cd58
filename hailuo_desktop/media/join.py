"""Joining a story's finished shots, in order, into one MP4 (PRODUCT.md, "Stories": Export).

When every shot has the same video description (codec, picture size, decoder configuration and
time scale; `sample_entries.codec_key`) the samples are **copied**: nothing is decoded or
re-encoded, the picture is bit for bit the shots' own, and a minute of video joins in a
fraction of a second. Otherwise the video is **re-encoded** (`reencode.py`: MPEG-4 Part 2 at
quantiser 2, at the largest shot's size and the highest frame rate) and the result says why.

Sound is copied too, never re-encoded, and only when every shot has sound in the same format:
a silent shot would need a silent track encoded for it, and shots whose sound differs would
need their sound re-encoded; in both cases the joined video is silent and the result says so
(`Sound`). Where the pieces go in time is `timeline.py`'s arithmetic.

`join` blocks (run it in a worker thread: the copying and FFmpeg release the GIL), reports
progress from 0 to 1 through `on_progress` and polls `cancelled()` at least once per second of
video; it writes `dest.part` and renames it to `dest` only when the file is complete and on
disk, and leaves nothing behind when it fails or is cancelled (`JoinCancelled`).
"""

from __future__ import annotations

import contextlib
import enum
import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO, NamedTuple

from hailuo_desktop.media.decoding import VideoDecoder
from hailuo_desktop.media.errors import JoinCancelled, MediaError
from hailuo_desktop.media.files import atomic_output
from hailuo_desktop.media.movie import Movie, Track, read_movie
from hailuo_desktop.media.mp4_writer import Edit, Mp4Writer, OutputTrack
from hailuo_desktop.media.probe import probe
from hailuo_desktop.media.reencode import FrameFitter, Mpeg4Encoder
from hailuo_desktop.media.sample_entries import (
    codec_key,
    codec_name,
    mpeg4_video_entry,
    picture_size,
    without_bit_rates,
)
from hailuo_desktop.media.timeline import AudioJoin, join_audio_timing, join_video_timing

__all__ = ["JoinMethod", "JoinResult", "JoinedShot", "Sound", "join"]

ProgressCallback = Callable[[float], None]

_WINDOW_S = 1.0
"""Samples are written a second of each track at a time (interleaved, one chunk each)."""
_MIN_TIMESCALE = 10_000


def _codec_threads() -> int:
    """Threads for re-encoding: every core but one, which stays free for the GUI thread
    (decoding and encoding take turns, so this is also all they use together)."""
    return max(1, (os.cpu_count() or 2) - 1)


class JoinMethod(enum.Enum):
    """How the joined video was made."""

    COPIED = "copied"
    """The shots' samples were copied: no re-encoding, the shots' own picture and sound."""
    REENCODED = "reencoded"
    """The video was re-encoded (MPEG-4 Part 2, quantiser 2); sound, if kept, was copied."""


class Sound(enum.Enum):
    """What became of the shots' sound."""

    KEPT = "kept"
    NONE = "none"
    """No shot has sound."""
    SOME_SILENT = "some_silent"
    """Dropped: some shots have sound and others do not."""
    FORMATS_DIFFER = "formats_differ"
    """Dropped: the shots' sound is not in one format (codec, rate, channels, framing)."""


@dataclass(frozen=True)
class JoinedShot:
    """Where one shot lies in the joined video."""

    source: Path
    start_s: float
    seconds: float
    has_sound: bool


@dataclass(frozen=True)
class JoinResult:
    """The joined file and how it was made. `reason` says (in English, for the details of a
    notice and the sidecar) why the video was re-encoded, `sound_reason` why sound was dropped;
    `sound_offset_ms` is the largest distance between a shot's sound and its picture."""

    path: Path
    method: JoinMethod
    reason: str
    sound: Sound
    sound_reason: str
    seconds: float
    picture: tuple[int, int]
    shots: tuple[JoinedShot, ...]
    sound_offset_ms: float = 0.0

    def describe(self) -> dict[str, object]:
        """The facts for a sidecar (JSON-ready); the caller adds the shots' task ids."""
        return {
            "file": self.path.name,
            "method": self.method.value,
            "reason": self.reason,
            "sound": self.sound.value,
            "sound_reason": self.sound_reason,
            "seconds": round(self.seconds, 3),
            "picture": list(self.picture),
            "shots": [
                {
                    "file": shot.source.name,
                    "start_s": round(shot.start_s, 3),
                    "seconds": round(shot.seconds, 3),
                    "has_sound": shot.has_sound,
                }
                for shot in self.shots
            ],
        }


@dataclass(frozen=True)
class _Shot:
    path: Path
    movie: Movie
    video: Track
    audio: Track | None


class _Item(NamedTuple):
    """One sample to write: copied from `source` at `offset`, or `data` from memory."""

    time: float
    size: int
    duration: int
    composition: int
    sync: bool
    source: Path | None = None
    offset: int = 0
    data: bytes = b""


def join(
    clips: Sequence[Path],
    dest: Path,
    on_progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> JoinResult:
    """Join `clips` (complete MP4 files, in order) into `dest`; see the module's docstring.

    Raises `MediaError` when a clip cannot be read or decoded, `DecoderUnavailable` when a
    re-encode is needed and FFmpeg's libraries cannot be used, `JoinCancelled`, and OSError
    when `dest` cannot be written."""
    dest = Path(dest)
    shots = [_open_shot(Path(clip), number) for number, clip in enumerate(clips, 1)]
    if not shots:
        raise ValueError("no shots to join")
    if any(shot.path.resolve() == dest.resolve() for shot in shots):
        raise ValueError("the joined file would replace one of its shots")
    reason = _why_not_copied([shot.video for shot in shots])
    progress = _Progress(on_progress)
    with atomic_output(dest) as file:
        if not reason:
            result = _copy_join(shots, file, dest, progress, cancelled)
        else:
            result = _reencode_join(shots, file, dest, reason, progress, cancelled)
    progress.report(1.0)
    return result


def _open_shot(path: Path, number: int) -> _Shot:
    if not probe(path).complete:
        raise MediaError(f"shot {number} ({path.name}) is not a complete MP4 file")
    movie = read_movie(path)
    video = movie.track("vide")
    if video is None:
        raise MediaError(f"shot {number} ({path.name}) has no video track")
    return _Shot(path, movie, video, movie.track("soun"))


def _why_not_copied(videos: Sequence[Track]) -> str:
    """Why the shots' video cannot be copied as it is ("" when it can)."""
    first = videos[0]
    first_size = "×".join(map(str, picture_size(first.sample_entry)))
    for number, track in enumerate(videos, 1):
        name = codec_name(track.sample_entry)
        size = "×".join(map(str, picture_size(track.sample_entry)))
        if track.sample_entries != 1:
            return f"shot {number} changes its video format midway"
        if name != codec_name(first.sample_entry):
            return f"shot {number} is {name} video, shot 1 is {codec_name(first.sample_entry)}"
        if size != first_size:
            return f"shot {number} is {size}, shot 1 is {first_size}"
        if track.timescale != first.timescale:
            return f"shot {number} counts time in other units than shot 1"
        if codec_key(track.sample_entry, "vide") != codec_key(first.sample_entry, "vide"):
            return f"shot {number} was encoded with other settings than shot 1"
    try:
        join_video_timing(videos)
    except MediaError as error:
        return str(error)
    return ""


def _sound_plan(shots: Sequence[_Shot]) -> tuple[Sound, str]:
    audios = [shot.audio for shot in shots]
    silent = [number for number, audio in enumerate(audios, 1) if audio is None]
    if len(silent) == len(shots):
        return Sound.NONE, ""
    if silent:
        names = ", ".join(map(str, silent))
        return Sound.SOME_SILENT, f"shot{'s' if len(silent) > 1 else ''} {names} without sound"
    first = audios[0]
    assert first is not None
    for number, audio in enumerate(audios, 1):
        assert audio is not None
        if (
            audio.sample_entries != 1
            or audio.timescale != first.timescale
            or audio.frame_duration != first.frame_duration
            or codec_key(audio.sample_entry, "soun") != codec_key(first.sample_entry, "soun")
        ):
            return Sound.FORMATS_DIFFER, f"shot {number}'s sound differs from shot 1's"
    return Sound.KEPT, ""


def _audio_tracks(shots: Sequence[_Shot]) -> list[Track]:
    """The shots' sound tracks (when `_sound_plan` kept the sound, every shot has one)."""
    return [shot.audio for shot in shots if shot.audio is not None]


def _audio_layout(
    shots: Sequence[_Shot], starts: Sequence[Fraction], total: Fraction
) -> tuple[Sound, str, AudioJoin | None]:
    sound, why = _sound_plan(shots)
    if sound is not Sound.KEPT:
        return sound, why, None
    try:
        return sound, why, join_audio_timing(_audio_tracks(shots), starts, total)
    except MediaError as error:
        return Sound.FORMATS_DIFFER, str(error), None


def _audio_track(shots: Sequence[_Shot]) -> OutputTrack:
    first = shots[0].audio
    assert first is not None
    return OutputTrack(
        "soun",
        first.timescale,
        without_bit_rates(first.sample_entry, "soun"),
        first.language,
        first.track_header,
    )


def _audio_items(shots: Sequence[_Shot], layout: AudioJoin) -> Iterator[_Item]:
    """The kept sound samples of every shot, in order, with their joined decode times."""
    position = 0
    for number, (shot, track) in enumerate(zip(shots, _audio_tracks(shots), strict=True)):
        for index, duration in enumerate(layout.durations(number)):
            time = (position - layout.edit_start + layout.edit_delay) / layout.timescale
            size = track.sizes[index]
            yield _Item(time, size, duration, 0, True, shot.path, track.offsets[index])
            position += duration


def _audio_edit(layout: AudioJoin, movie_timescale: int) -> Edit:
    def in_movie(samples: int) -> int:
        return round(samples * movie_timescale / layout.timescale)

    return Edit(layout.edit_start, in_movie(layout.length), in_movie(layout.edit_delay))


def _brands(entry: bytes) -> tuple[bytes, ...]:
    name = codec_name(entry).encode("latin-1")
    return (b"isom", b"iso2", name, b"mp41") if name == b"avc1" else (b"isom", b"iso2", b"mp41")


# --------------------------------------------------------------------------------------------
# Copying


def _copy_join(
    shots: Sequence[_Shot],
    file: BinaryIO,
    dest: Path,
    progress: _Progress,
    cancelled: Callable[[], bool],
) -> JoinResult:
    videos = [shot.video for shot in shots]
    layout = join_video_timing(videos)
    timescale = videos[0].timescale
    starts = [Fraction(start, timescale) for start in layout.starts]
    total = Fraction(layout.length, timescale)
    sound, sound_reason, audio_layout = _audio_layout(shots, starts, total)
    first = videos[0]
    writer = Mp4Writer(file, _brands(first.sample_entry))
    video_track = writer.add_track(
        OutputTrack(
            "vide",
            timescale,
            without_bit_rates(first.sample_entry, "vide"),
            first.language,
            first.track_header,
        )
    )
    streams: list[tuple[OutputTrack, Iterator[_Item]]] = [
        (
            video_track,
            _copied_video_items(shots, layout.shifts, layout.last_durations, layout.starts),
        )
    ]
    edits = [Edit(layout.edit_start, layout.length)]
    total_bytes = sum(sum(track.sizes) for track in videos)
    if audio_layout is not None:
        streams.append((writer.add_track(_audio_track(shots)), _audio_items(shots, audio_layout)))
        edits.append(_audio_edit(audio_layout, timescale))
        total_bytes += sum(
            sum(audio.sizes[: piece.count])
            for audio, piece in zip(_audio_tracks(shots), audio_layout.pieces, strict=True)
        )
    _interleave(
        writer,
        streams,
        cancelled,
        lambda: progress.report(writer.bytes_written / max(1, total_bytes)),
    )
    writer.finish(timescale, edits)
    return JoinResult(
        dest,
        JoinMethod.COPIED,
        "",
        sound,
        sound_reason,
        float(total),
        picture_size(first.sample_entry),
        _joined_shots(shots, starts, total),
        _offset_ms(audio_layout),
    )


def _copied_video_items(
    shots: Sequence[_Shot],
    shifts: Sequence[int],
    last_durations: Sequence[int],
    starts: Sequence[int],
) -> Iterator[_Item]:
    for shot, shift, last_duration, start in zip(
        shots, shifts, last_durations, starts, strict=True
    ):
        track = shot.video
        composition = track.composition or (0,) * len(track.sizes)
        position = start
        last = len(track.sizes) - 1
        for index, size in enumerate(track.sizes):
            duration = last_duration if index == last else track.durations[index]
            yield _Item(
                position / track.timescale,
                size,
                duration,
                composition[index] + shift,
                track.is_sync(index),
                shot.path,
                track.offsets[index],
            )
            position += duration


def _joined_shots(
    shots: Sequence[_Shot], starts: Sequence[Fraction], total: Fraction
) -> tuple[JoinedShot, ...]:
    ends = [*starts[1:], total]
    return tuple(
        JoinedShot(shot.path, float(start), float(end - start), shot.audio is not None)
        for shot, start, end in zip(shots, starts, ends, strict=True)
    )


def _offset_ms(layout: AudioJoin | None) -> float:
    return 0.0 if layout is None else 1000 * layout.worst_offset / layout.timescale


# --------------------------------------------------------------------------------------------
# Re-encoding


def _frame_rate(track: Track) -> Fraction:
    return Fraction(track.timescale, track.frame_duration).limit_denominator(1001)


def _reencode_join(
    shots: Sequence[_Shot],
    file: BinaryIO,
    dest: Path,
    reason: str,
    progress: _Progress,
    cancelled: Callable[[], bool],
) -> JoinResult:
    largest = max(shots, key=lambda shot: math.prod(picture_size(shot.video.sample_entry)))
    width, height = (side - side % 2 for side in picture_size(largest.video.sample_entry))
    rate = max(_frame_rate(shot.video) for shot in shots)
    timescale = rate.numerator
    while timescale < _MIN_TIMESCALE:
        timescale *= 2
    ticks = timescale * rate.denominator // rate.numerator  # per frame
    exact_ends = list(
        _cumulative(Fraction(shot.video.length, shot.video.timescale) for shot in shots)
    )
    boundaries = [0] + [round(end * rate) for end in exact_ends]
    starts = [Fraction(frame) / rate for frame in boundaries[:-1]]
    total = Fraction(boundaries[-1]) / rate
    sound, sound_reason, audio_layout = _audio_layout(shots, starts, total)
    writer = Mp4Writer(file)
    with Mpeg4Encoder(width, height, rate, _codec_threads()) as encoder:
        video_track = writer.add_track(
            OutputTrack(
                "vide",
                timescale,
                b"",
                shots[0].video.language,
                shots[0].video.track_header,
                picture=(width, height),
            )
        )
        frames = _Counter(boundaries[-1])
        streams: list[tuple[OutputTrack, Iterator[_Item]]] = [
            (
                video_track,
                _encoded_video_items(shots, encoder, boundaries, rate, ticks, frames, cancelled),
            )
        ]
        edits = [Edit(0, boundaries[-1] * ticks)]
        if audio_layout is not None:
            streams.append(
                (writer.add_track(_audio_track(shots)), _audio_items(shots, audio_layout))
            )
            edits.append(_audio_edit(audio_layout, timescale))
        _interleave(writer, streams, cancelled, lambda: progress.report(frames.fraction))
        bit_rate = round(sum(video_track.sizes) * 8 / max(total, Fraction(1, 1000)))
        video_track.sample_entry = mpeg4_video_entry(
            width, height, encoder.decoder_config, bit_rate, bit_rate
        )
    writer.finish(timescale, edits)
    return JoinResult(
        dest,
        JoinMethod.REENCODED,
        reason,
        sound,
        sound_reason,
        float(total),
        (width, height),
        _joined_shots(shots, starts, total),
        _offset_ms(audio_layout),
    )


def _cumulative(values: Iterator[Fraction]) -> Iterator[Fraction]:
    total = Fraction(0)
    for value in values:
        total += value
        yield total


class _Counter:
    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    @property
    def fraction(self) -> float:
        return self.done / max(1, self.total)


def _encoded_video_items(
    shots: Sequence[_Shot],
    encoder: Mpeg4Encoder,
    boundaries: Sequence[int],
    rate: Fraction,
    ticks: int,
    frames: _Counter,
    cancelled: Callable[[], bool],
) -> Iterator[_Item]:
    """Every shot decoded, fitted and encoded: output frame j shows the shot's frame that is on
    screen at j / rate (frames repeat or are skipped when the frame rates differ)."""
    written = 0

    def samples(encoded: list[tuple[bytes, bool]]) -> Iterator[_Item]:
        nonlocal written
        for data, key in encoded:
            yield _Item(float(written / rate), len(data), ticks, 0, key, data=data)
            written += 1

    for number, shot in enumerate(shots):
        source_rate = _frame_rate(shot.video)
        with VideoDecoder(shot.path, _codec_threads()) as decoder:
            decoded = decoder.frames()
            if next(decoded, None) is None:
                raise MediaError(f"shot {number + 1} has no frame that decodes")
            current = decoder.keep()
            fitter = FrameFitter(current, (encoder.width, encoder.height))
            shown = 0
            try:
                for frame in range(boundaries[number], boundaries[number + 1]):
                    wanted = math.floor(
                        (frame - boundaries[number]) / rate * source_rate + Fraction(1, 1000)
                    )
                    while shown < wanted and next(decoded, None) is not None:
                        current = decoder.keep()
                        shown += 1
                    fitter.draw(current, encoder.picture())
                    yield from samples(encoder.encode())
                    frames.done += 1
                    if cancelled():
                        raise JoinCancelled()
            finally:
                fitter.close()
                decoded.close()
    yield from samples(encoder.flush())
    if written != boundaries[-1]:
        raise MediaError(f"the encoder gave {written} frames for {boundaries[-1]}")


# --------------------------------------------------------------------------------------------
# Writing


class _Progress:
    """Calls `on_progress` with a fraction that only grows, at most every half percent."""

    def __init__(self, on_progress: ProgressCallback | None) -> None:
        self._on_progress = on_progress
        self._reported = -1.0

    def report(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if self._on_progress is not None and (
            fraction >= self._reported + 0.005 or (fraction == 1.0 and self._reported < 1.0)
        ):
            self._reported = fraction
            self._on_progress(fraction)


def _interleave(
    writer: Mp4Writer,
    streams: Sequence[tuple[OutputTrack, Iterator[_Item]]],
    cancelled: Callable[[], bool],
    report: Callable[[], None],
) -> None:
    """Write every stream's items, a window of time at a time: one chunk per track per window."""
    pending = [next(items, None) for _, items in streams]
    edge = _WINDOW_S
    with contextlib.ExitStack() as files:
        opened: dict[Path, BinaryIO] = {}

        def source(path: Path) -> BinaryIO:
            if path not in opened:
                opened[path] = files.enter_context(path.open("rb"))
            return opened[path]

        while any(item is not None for item in pending):
            if cancelled():
                raise JoinCancelled()
            for number, (track, items) in enumerate(streams):
                batch: list[_Item] = []
                while (item := pending[number]) is not None and item.time < edge:
                    batch.append(item)
                    pending[number] = next(items, None)
                _write(writer, track, batch, source)
            report()
            edge += _WINDOW_S


def _write(
    writer: Mp4Writer,
    track: OutputTrack,
    batch: Sequence[_Item],
    source: Callable[[Path], BinaryIO],
) -> None:
    start = 0
    while start < len(batch):
        path = batch[start].source
        end = start + 1
        while end < len(batch) and batch[end].source == path:
            end += 1
        run = batch[start:end]
        if path is None:
            for item in run:
                writer.write_sample(track, item.data, item.duration, item.composition, item.sync)
        else:
            try:
                writer.copy_samples(
                    track,
                    source(path),
                    [item.offset for item in run],
                    [item.size for item in run],
                    [item.duration for item in run],
                    [item.composition for item in run],
                    [item.sync for item in run],
                )
            except EOFError as error:
                raise MediaError(f"{path.name} is shorter than its tables say: {error}") from error
        start = end
