"""A movie's tracks as sample tables, read from the `moov` box of an MP4 (or MOV) file.

For each track: what it is (`hdlr`), its time scale (`mdhd`), its one sample description
(`stsd`: the codec and its configuration, such as `avcC` or `esds`), and per sample its size,
its place in the file, its decode duration, its composition offset and whether it is a sync
sample (`stsz`, `stco`/`co64` with `stsc`, `stts`, `ctts`, `stss`); and the part of the media
that is presented (the edit list `elst`: where presentation starts in media time and for how
long, after an optional empty edit). Nothing is decoded: this is what joining without
re-encoding (`join.py`) needs to copy samples and rebuild the tables.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass
from pathlib import Path

from hailuo_desktop.media.boxes import children, first_child, full_header, top_level_boxes
from hailuo_desktop.media.errors import MediaError

__all__ = ["Movie", "Track", "read_movie"]

_MAX_MOVIE_BOX = 64 << 20
"""A `moov` larger than this is refused (a 15 s clip's is tens of kilobytes)."""


@dataclass(frozen=True)
class Track:
    """One track's sample tables and presentation (all times in the track's `timescale`).

    `start` is the media time where presentation begins (the edit list's media time: the
    decoder delay of a video with B-frames, an audio encoder's priming samples), `length` how
    much is presented from there, `delay` an empty edit before it. `simple_edit` is False when
    the edit list has more segments than that, which `join` does not rebuild."""

    kind: str
    timescale: int
    sample_entry: bytes
    sample_entries: int
    track_header: bytes
    language: bytes
    sizes: tuple[int, ...]
    offsets: tuple[int, ...]
    durations: tuple[int, ...]
    composition: tuple[int, ...] | None
    sync: frozenset[int] | None
    start: int
    length: int
    delay: int = 0
    simple_edit: bool = True

    @property
    def media_duration(self) -> int:
        return sum(self.durations)

    @property
    def seconds(self) -> float:
        """How long the track is presented."""
        return self.length / self.timescale

    @property
    def frame_duration(self) -> int:
        """The most common sample duration (a video's frame, an AAC frame's 1024 samples)."""
        if not self.durations:
            return 0
        counts: dict[int, int] = {}
        for duration in self.durations:
            counts[duration] = counts.get(duration, 0) + 1
        return max(counts, key=lambda duration: counts[duration])

    def is_sync(self, index: int) -> bool:
        return self.sync is None or index in self.sync


@dataclass(frozen=True)
class Movie:
    """The tracks of one file, and the movie's own time scale (`mvhd`)."""

    path: Path
    timescale: int
    tracks: tuple[Track, ...]

    def track(self, kind: str) -> Track | None:
        """The first track of `kind` ("vide", "soun"), or None."""
        return next((track for track in self.tracks if track.kind == kind), None)


def read_movie(path: Path) -> Movie:
    """The sample tables of every track of `path`; `MediaError` when it is not a complete,
    unfragmented MP4/MOV whose tables can be read."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            size = path.stat().st_size
            boxes = top_level_boxes(file, size)
            kinds = [kind for kind, _, _ in boxes]
            if not kinds or kinds[0] != b"ftyp" or b"moov" not in kinds:
                raise MediaError(f"{path.name} is not a complete MP4 file")
            if b"moof" in kinds:
                raise MediaError(f"{path.name} is a fragmented MP4, which is not supported")
            _, offset, length = boxes[kinds.index(b"moov")]
            if length > _MAX_MOVIE_BOX:
                raise MediaError(f"{path.name} has a movie header of {length} bytes")
            file.seek(offset)
            moov = file.read(length)
    except OSError as exc:
        raise MediaError(f"cannot read {path.name}: {exc}") from exc
    try:
        return _movie(path, moov)
    except (struct.error, IndexError, ValueError, ZeroDivisionError) as exc:
        raise MediaError(f"{path.name} has a damaged movie header: {exc!r}") from exc


def _movie(path: Path, moov: bytes) -> Movie:
    mvhd = first_child(moov, b"mvhd")
    if mvhd is None:
        raise MediaError(f"{path.name} has no movie header")
    version, _ = full_header(mvhd)
    timescale = struct.unpack_from(">I", mvhd, 20 if version == 1 else 12)[0]
    if first_child(moov, b"mvex") is not None:
        raise MediaError(f"{path.name} is a fragmented MP4, which is not supported")
    tracks = tuple(
        _track(path, body, timescale) for kind, body in children(moov) if kind == b"trak"
    )
    return Movie(path, timescale, tracks)


def _track(path: Path, trak: bytes, movie_timescale: int) -> Track:
    tkhd = first_child(trak, b"tkhd") or b""
    mdia = _require(first_child(trak, b"mdia"), path, "mdia")
    hdlr = _require(first_child(mdia, b"hdlr"), path, "hdlr")
    mdhd = _require(first_child(mdia, b"mdhd"), path, "mdhd")
    version, _ = full_header(mdhd)
    at = 20 if version == 1 else 12
    timescale = struct.unpack_from(">I", mdhd, at)[0]
    language = mdhd[at + (12 if version == 1 else 8) :][:2]
    minf = _require(first_child(mdia, b"minf"), path, "minf")
    stbl = _require(first_child(minf, b"stbl"), path, "stbl")
    stsd = _require(first_child(stbl, b"stsd"), path, "stsd")
    entries = struct.unpack_from(">I", stsd, 4)[0]
    entry_size = struct.unpack_from(">I", stsd, 8)[0] if entries else 0
    sizes = _sample_sizes(_require(first_child(stbl, b"stsz"), path, "stsz"))
    offsets = _sample_offsets(stbl, sizes, path)
    durations = _expand(_require(first_child(stbl, b"stts"), path, "stts"), len(sizes))
    ctts = first_child(stbl, b"ctts")
    composition = _expand(ctts, len(sizes), signed=True) if ctts is not None else None
    stss = first_child(stbl, b"stss")
    sync = None
    if stss is not None:
        count = struct.unpack_from(">I", stss, 4)[0]
        sync = frozenset(n - 1 for n in struct.unpack_from(f">{count}I", stss, 8))
    media_duration = sum(durations)
    delay, start, length, simple = _edit(trak, timescale, movie_timescale, media_duration)
    return Track(
        kind=hdlr[8:12].decode("latin-1"),
        timescale=timescale,
        sample_entry=stsd[8 : 8 + entry_size],
        sample_entries=entries,
        track_header=tkhd,
        language=language,
        sizes=sizes,
        offsets=offsets,
        durations=durations,
        composition=composition,
        sync=sync,
        start=start,
        length=length,
        delay=delay,
        simple_edit=simple,
    )


def _require(body: bytes | None, path: Path, kind: str) -> bytes:
    if body is None:
        raise MediaError(f"{path.name} has a track without a {kind} box")
    return body


def _sample_sizes(stsz: bytes) -> tuple[int, ...]:
    fixed, count = struct.unpack_from(">II", stsz, 4)
    if fixed:
        return (fixed,) * count
    return struct.unpack_from(f">{count}I", stsz, 12)


def _sample_offsets(stbl: bytes, sizes: tuple[int, ...], path: Path) -> tuple[int, ...]:
    """Where each sample starts: chunks (`stco`/`co64`) hold runs of samples (`stsc`)."""
    stco, co64 = first_child(stbl, b"stco"), first_child(stbl, b"co64")
    if stco is not None:
        count = struct.unpack_from(">I", stco, 4)[0]
        chunks = struct.unpack_from(f">{count}I", stco, 8)
    elif co64 is not None:
        count = struct.unpack_from(">I", co64, 4)[0]
        chunks = struct.unpack_from(f">{count}Q", co64, 8)
    else:
        raise MediaError(f"{path.name} has a track without chunk offsets")
    stsc = _require(first_child(stbl, b"stsc"), path, "stsc")
    runs = [
        struct.unpack_from(">III", stsc, 8 + 12 * i)
        for i in range(struct.unpack_from(">I", stsc, 4)[0])
    ]
    offsets: list[int] = []
    sample = 0
    for run, (first, per_chunk, _) in enumerate(runs):
        last = runs[run + 1][0] - 1 if run + 1 < len(runs) else len(chunks)
        for chunk in range(first - 1, last):
            position = chunks[chunk]
            for _ in range(per_chunk):
                if sample >= len(sizes):
                    break
                offsets.append(position)
                position += sizes[sample]
                sample += 1
    if sample != len(sizes):
        raise MediaError(f"{path.name}: its chunks hold {sample} of {len(sizes)} samples")
    return tuple(offsets)


def _expand(table: bytes | None, count: int, *, signed: bool = False) -> tuple[int, ...]:
    """A run-length table (`stts`, `ctts`: entries of sample count and value) per sample."""
    if table is None:
        return ()
    entries = struct.unpack_from(">I", table, 4)[0]
    pairs = struct.iter_unpack(">Ii" if signed else ">II", table[8 : 8 + 8 * entries])
    values = tuple(
        itertools.chain.from_iterable(itertools.repeat(value, run) for run, value in pairs)
    )
    if len(values) != count:
        raise MediaError(f"a time table covers {len(values)} of {count} samples")
    return values


def _edit(
    trak: bytes, timescale: int, movie_timescale: int, media_duration: int
) -> tuple[int, int, int, bool]:
    """(empty delay, media start, presented length, simple) from the track's edit list."""
    edts = first_child(trak, b"edts")
    elst = first_child(edts, b"elst") if edts is not None else None
    if elst is None:
        return 0, 0, media_duration, True
    version, _ = full_header(elst)
    count = struct.unpack_from(">I", elst, 4)[0]
    layout, width = (">QqI", 20) if version == 1 else (">IiI", 12)
    entries = [struct.unpack_from(layout, elst, 8 + width * i) for i in range(count)]

    def in_media(duration: int) -> int:
        return round(duration * timescale / movie_timescale) if movie_timescale else 0

    delay = 0
    while entries and entries[0][1] == -1:
        delay += in_media(entries.pop(0)[0])
    if not entries:
        return delay, 0, media_duration, False
    duration, start, _ = entries[0]
    length = in_media(duration) if duration else media_duration - start
    return delay, start, length, len(entries) == 1
