"""Writing an MP4 file sample by sample: `ftyp`, one `mdat` with the samples, then `moov`.

`Mp4Writer` streams: samples are copied from their source files (`copy_samples`, in runs that
are contiguous there) or written from memory (`write_sample`) straight into the `mdat`, while
their sizes, durations, composition offsets, sync flags and chunk positions are kept; `finish`
writes the sample tables (`stts`, `ctts`, `stss`, `stsc`, `stsz`, `stco` or `co64`), one edit
per track, the track and movie headers, and the `mdat`'s final size. Samples written one after
another for the same track share a chunk. The `mdat` header always has a 64-bit size, so files
past 4 GB need no second pass.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from hailuo_desktop.media.boxes import box, full_box, full_header

__all__ = ["Edit", "Mp4Writer", "OutputTrack"]

_COPY_BLOCK = 1 << 20
_IDENTITY = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
_HANDLER_NAMES = {"vide": b"VideoHandler\0", "soun": b"SoundHandler\0"}


@dataclass(frozen=True)
class Edit:
    """A track's one edit: nothing for `delay` (movie time scale), then `length` (movie time
    scale) of the media from `media_start` (the track's time scale)."""

    media_start: int
    length: int
    delay: int = 0


@dataclass
class OutputTrack:
    """A track being written: what it is and, as samples arrive, its tables.

    `template_header` is a source track's `tkhd` body, whose layer, volume and matrix are kept;
    `picture` overrides the width and height it holds."""

    kind: str
    timescale: int
    sample_entry: bytes
    language: bytes = b"\x55\xc4"  # "und"
    template_header: bytes = b""
    picture: tuple[int, int] | None = None
    sizes: list[int] = field(default_factory=list)
    durations: list[int] = field(default_factory=list)
    composition: list[int] = field(default_factory=list)
    sync: list[bool] = field(default_factory=list)
    chunks: list[list[int]] = field(default_factory=list)  # [offset, sample count]


class Mp4Writer:
    """Writes one MP4 into an open binary file positioned at its start."""

    def __init__(self, file: BinaryIO, brands: Sequence[bytes] = (b"isom", b"iso2", b"mp41")):
        self.file = file
        self.tracks: list[OutputTrack] = []
        file.write(box(b"ftyp", b"isom", struct.pack(">I", 0x200), *brands))
        self._mdat_at = file.tell()
        file.write(struct.pack(">I4sQ", 1, b"mdat", 0))  # size patched by finish()
        self._position = file.tell()
        self._last_track: OutputTrack | None = None

    @property
    def bytes_written(self) -> int:
        return self._position

    def add_track(self, track: OutputTrack) -> OutputTrack:
        self.tracks.append(track)
        return track

    def _note(self, track: OutputTrack, size: int, duration: int, offset: int, sync: bool) -> None:
        if self._last_track is track and track.chunks:
            track.chunks[-1][1] += 1
        else:
            track.chunks.append([self._position, 1])
            self._last_track = track
        track.sizes.append(size)
        track.durations.append(duration)
        track.composition.append(offset)
        track.sync.append(sync)
        self._position += size

    def write_sample(
        self, track: OutputTrack, data: bytes, duration: int, offset: int = 0, sync: bool = True
    ) -> None:
        """Append one sample held in memory."""
        self.file.write(data)
        self._note(track, len(data), duration, offset, sync)

    def copy_samples(
        self,
        track: OutputTrack,
        source: BinaryIO,
        offsets: Sequence[int],
        sizes: Sequence[int],
        durations: Iterable[int],
        composition: Iterable[int],
        sync: Iterable[bool],
    ) -> None:
        """Append samples copied from `source` (where they start at `offsets`), reading each
        run of samples that lie back to back there in one go."""
        samples = list(zip(offsets, sizes, durations, composition, sync, strict=True))
        start = 0
        while start < len(samples):
            end = start + 1
            while (
                end < len(samples) and samples[end][0] == samples[end - 1][0] + samples[end - 1][1]
            ):
                end += 1
            run_offset = samples[start][0]
            run_length = sum(sample[1] for sample in samples[start:end])
            self._copy(source, run_offset, run_length)
            for _, size, duration, offset, is_sync in samples[start:end]:
                self._note(track, size, duration, offset, is_sync)
            start = end

    def _copy(self, source: BinaryIO, offset: int, length: int) -> None:
        source.seek(offset)
        while length:
            block = source.read(min(length, _COPY_BLOCK))
            if not block:
                raise EOFError(f"the source ended {length} bytes before the samples did")
            self.file.write(block)
            length -= len(block)

    def finish(self, movie_timescale: int, edits: Sequence[Edit]) -> None:
        """Write the movie header after the samples and close the `mdat`."""
        end = self._position
        self.file.seek(self._mdat_at + 8)
        self.file.write(struct.pack(">Q", end - self._mdat_at))
        self.file.seek(end)
        traks = [
            _trak(number, track, edit)
            for number, (track, edit) in enumerate(zip(self.tracks, edits, strict=True), 1)
        ]
        duration = max((edit.delay + edit.length for edit in edits), default=0)
        self.file.write(box(b"moov", _mvhd(movie_timescale, duration, len(traks) + 1), *traks))


def _versioned(value: int) -> int:
    return 1 if value > 0xFFFFFFFF else 0


def _mvhd(timescale: int, duration: int, next_track: int) -> bytes:
    version = _versioned(duration)
    times = struct.pack(">QQIQ" if version else ">IIII", 0, 0, timescale, duration)
    rest = struct.pack(">IH", 0x10000, 0x100) + bytes(10) + _IDENTITY + bytes(24)
    return full_box(b"mvhd", version, 0, times, rest, struct.pack(">I", next_track))


def _tkhd(number: int, track: OutputTrack, duration: int) -> bytes:
    template = track.template_header
    version, _ = full_header(template)
    tail = template[36:] if version == 1 else template[24:]
    if len(tail) != 60:
        volume = 0x100 if track.kind == "soun" else 0
        tail = bytes(8) + struct.pack(">hhhH", 0, 0, volume, 0) + _IDENTITY + bytes(8)
    if track.picture is not None:
        width, height = track.picture
        tail = tail[:52] + struct.pack(">II", width << 16, height << 16)
    version = _versioned(duration)
    header = struct.pack(">QQIIQ" if version else ">IIIII", 0, 0, number, 0, duration)
    return full_box(b"tkhd", version, 3, header, tail)  # enabled, in the movie


def _elst(edit: Edit) -> bytes:
    entries = [(edit.delay, -1)] if edit.delay else []
    entries.append((edit.length, edit.media_start))
    version = _versioned(max(max(entry) for entry in entries))
    layout = ">QqI" if version else ">IiI"
    body = b"".join(struct.pack(layout, length, start, 0x10000) for length, start in entries)
    return box(b"edts", full_box(b"elst", version, 0, struct.pack(">I", len(entries)), body))


def _mdia(track: OutputTrack) -> bytes:
    duration = sum(track.durations)
    version = _versioned(duration)
    times = struct.pack(">QQIQ" if version else ">IIII", 0, 0, track.timescale, duration)
    mdhd = full_box(b"mdhd", version, 0, times, track.language[:2].ljust(2, b"\0"), bytes(2))
    handler = track.kind.encode("latin-1")
    name = _HANDLER_NAMES.get(track.kind, b"\0")
    hdlr = full_box(b"hdlr", 0, 0, bytes(4), handler, bytes(12), name)
    if track.kind == "vide":
        media_header = full_box(b"vmhd", 0, 1, bytes(8))
    elif track.kind == "soun":
        media_header = full_box(b"smhd", 0, 0, bytes(4))
    else:
        media_header = full_box(b"nmhd", 0, 0)
    dinf = box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1)))
    return box(b"mdia", mdhd, hdlr, box(b"minf", media_header, dinf, _stbl(track)))


def _runs(values: Iterable[int]) -> list[tuple[int, int]]:
    return [(len(list(group)), value) for value, group in itertools.groupby(values)]


def _stbl(track: OutputTrack) -> bytes:
    stsd = full_box(b"stsd", 0, 0, struct.pack(">I", 1), track.sample_entry)
    stts_runs = _runs(track.durations)
    parts = [
        stsd,
        full_box(
            b"stts",
            0,
            0,
            struct.pack(">I", len(stts_runs)),
            b"".join(struct.pack(">II", *run) for run in stts_runs),
        ),
    ]
    if any(track.composition):
        ctts_runs = _runs(track.composition)
        version = 1 if min(track.composition) < 0 else 0
        parts.append(
            full_box(
                b"ctts",
                version,
                0,
                struct.pack(">I", len(ctts_runs)),
                b"".join(struct.pack(">Ii", *run) for run in ctts_runs),
            )
        )
    if not all(track.sync):
        numbers = [index + 1 for index, is_sync in enumerate(track.sync) if is_sync]
        parts.append(
            full_box(b"stss", 0, 0, struct.pack(f">I{len(numbers)}I", len(numbers), *numbers))
        )
    chunk_runs: list[tuple[int, int]] = []  # (first chunk, samples per chunk)
    for number, (_, count) in enumerate(track.chunks, 1):
        if not chunk_runs or chunk_runs[-1][1] != count:
            chunk_runs.append((number, count))
    parts.append(
        full_box(
            b"stsc",
            0,
            0,
            struct.pack(">I", len(chunk_runs)),
            b"".join(struct.pack(">III", first, count, 1) for first, count in chunk_runs),
        )
    )
    sizes = track.sizes
    if sizes and all(size == sizes[0] for size in sizes):
        parts.append(full_box(b"stsz", 0, 0, struct.pack(">II", sizes[0], len(sizes))))
    else:
        parts.append(
            full_box(b"stsz", 0, 0, struct.pack(f">II{len(sizes)}I", 0, len(sizes), *sizes))
        )
    offsets = [offset for offset, _ in track.chunks]
    if offsets and max(offsets) > 0xFFFFFFFF:
        table = struct.pack(f">I{len(offsets)}Q", len(offsets), *offsets)
        parts.append(full_box(b"co64", 0, 0, table))
    else:
        parts.append(
            full_box(b"stco", 0, 0, struct.pack(f">I{len(offsets)}I", len(offsets), *offsets))
        )
    return box(b"stbl", *parts)


def _trak(number: int, track: OutputTrack, edit: Edit) -> bytes:
    return box(b"trak", _tkhd(number, track, edit.delay + edit.length), _elst(edit), _mdia(track))
