"""Probing a video file's container and length from its boxes, and judging reference videos."""

from __future__ import annotations

import struct

from hailuo_desktop.core.models import VideoRules
from hailuo_desktop.core.videos import VideoFacts, check_reference_videos
from hailuo_desktop.media.probe import probe
from hailuo_desktop.paths import resource_path

SAMPLE = resource_path("sample", "sample.mp4")


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def movie(brand: bytes, seconds: float, timescale: int = 600, version: int = 0) -> bytes:
    if version == 1:
        header = (
            bytes([1, 0, 0, 0])
            + bytes(16)
            + struct.pack(">IQ", timescale, int(seconds * timescale))
        )
    else:
        header = bytes(4) + bytes(8) + struct.pack(">II", timescale, int(seconds * timescale))
    return box(b"ftyp", brand + bytes(4)) + box(b"moov", box(b"mvhd", header + bytes(80)))


def test_the_bundled_sample_is_a_two_second_mp4():
    facts = probe(SAMPLE)
    assert facts == VideoFacts("mp4", 2.0, SAMPLE.stat().st_size, ("vide",), (320, 180), True)
    assert not facts.has_sound


def test_mov_and_64_bit_headers_are_read():
    assert probe(movie(b"qt  ", 7.5)).container == "mov"
    assert probe(movie(b"isom", 12.25, version=1)).seconds == 12.25


def test_what_is_not_a_movie_has_no_container_or_length():
    page = b"<!-- free -->\n<html>not a video</html>"
    assert probe(page) == VideoFacts("", None, len(page))
    truncated = movie(b"isom", 3.0)[:-20]
    assert probe(truncated).seconds is None


def test_reference_videos_are_judged_alone_and_together():
    rules = VideoRules()
    ok = [("a.mp4", VideoFacts("mp4", 6.0, 1000)), ("b.mov", VideoFacts("mov", 8.0, 1000))]
    assert check_reference_videos(ok, rules) == ()
    too_long = [*ok, ("c.mp4", VideoFacts("mp4", 3.0, 1000))]
    (together,) = check_reference_videos(too_long, rules)
    assert "17 s together" in together
    short, big, html = check_reference_videos(
        [
            ("short.mp4", VideoFacts("mp4", 1.5, 1000)),
            ("big.mp4", VideoFacts("mp4", 4.0, 60 * 1024 * 1024)),
            ("page.mp4", VideoFacts("", None, 10)),
        ],
        rules,
    )
    assert "short.mp4 lasts 1.5 s" in short and "2–15 s" in short
    assert "big.mp4 is 60.0 MB" in big and "page.mp4 is not a video" in html


def test_a_whole_file_is_told_from_one_cut_short_or_padded():
    whole = SAMPLE.read_bytes()
    assert probe(whole).complete
    assert not probe(whole[:-100]).complete  # cut short: the last box ends past the end
    assert not probe(whole + b"<html>").complete  # bytes after the last box
    assert not probe(b"<!--free-->" + whole).complete  # no ftyp first
    no_movie = box(b"ftyp", b"isom" + bytes(4)) + box(b"mdat", bytes(100))
    assert probe(no_movie).container == "mp4" and not probe(no_movie).complete
