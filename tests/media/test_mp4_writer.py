"""Writing an MP4 sample by sample (`media.mp4_writer`) and reading its tables back
(`media.movie`): what goes in comes out, in a file `media.probe` calls whole."""

from __future__ import annotations

import io

from hailuo_desktop.media.movie import read_movie
from hailuo_desktop.media.mp4_writer import Edit, Mp4Writer, OutputTrack
from hailuo_desktop.media.probe import probe
from hailuo_desktop.media.sample_entries import codec_key, mpeg4_video_entry, picture_size


def test_samples_and_their_tables_survive_a_round_trip(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(b"".join(bytes([n]) * (10 + n) for n in range(6)))
    entry = mpeg4_video_entry(640, 360, b"\x00\x00\x01\xb0\x01", 1_000_000, 900_000)
    path = tmp_path / "written.mp4"
    with path.open("wb") as file:
        writer = Mp4Writer(file)
        video = writer.add_track(OutputTrack("vide", 12288, entry, picture=(640, 360)))
        sound = writer.add_track(OutputTrack("soun", 48_000, b"\x00\x00\x00\x08mp4a"))
        with source.open("rb") as copied:  # samples 0, 1, 2 back to back; then 4
            offsets = [0, 10, 21, 10 + 11 + 12 + 13]
            writer.copy_samples(
                video,
                copied,
                offsets,
                [10, 11, 12, 14],
                [512, 512, 512, 700],
                [1024, -512, 0, 0],
                [True, False, False, True],
            )
        writer.write_sample(sound, b"A" * 7, 1024)
        writer.write_sample(sound, b"B" * 9, 800)
        writer.finish(12288, [Edit(1024, 4 * 512), Edit(1024, 800, delay=100)])

    assert probe(path).complete and probe(path).tracks == ("vide", "soun")
    movie = read_movie(path)
    picture, audio = movie.tracks
    assert movie.timescale == 12288
    assert picture.sizes == (10, 11, 12, 14) and picture.durations == (512, 512, 512, 700)
    assert picture.composition == (1024, -512, 0, 0)  # a negative offset: ctts version 1
    assert picture.sync == frozenset({0, 3})
    assert (picture.start, picture.length, picture.delay) == (1024, 2048, 0)
    assert codec_key(picture.sample_entry, "vide") == codec_key(entry, "vide")
    assert picture_size(picture.sample_entry) == (640, 360)
    assert audio.durations == (1024, 800) and audio.sync is None and audio.composition is None
    # The edit's length and delay are in the movie's time scale, read back in the track's.
    assert (audio.start, audio.length, audio.delay) == (1024, 3125, round(100 * 48_000 / 12288))
    data = path.read_bytes()
    samples = [data[o : o + s] for o, s in zip(picture.offsets, picture.sizes, strict=True)]
    assert samples == [b"\x00" * 10, b"\x01" * 11, b"\x02" * 12, b"\x04" * 14]
    assert [data[o : o + s] for o, s in zip(audio.offsets, audio.sizes, strict=True)] == [
        b"A" * 7,
        b"B" * 9,
    ]


def test_a_source_shorter_than_its_tables_is_an_error():
    writer = Mp4Writer(io.BytesIO())
    track = writer.add_track(OutputTrack("vide", 24, b""))
    try:
        writer.copy_samples(track, io.BytesIO(b"12345"), [0], [10], [1], [0], [True])
    except EOFError as error:
        assert "5 bytes" in str(error)
    else:
        raise AssertionError("a short source went unnoticed")
