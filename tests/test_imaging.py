"""Reading first-frame facts with Qt (by content, not name) and one-click conversion."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from hailuo_desktop.core.images import Fix, ImageRule, check_picture
from hailuo_desktop.imaging import convert, fit, read_facts

# A 1×1 GIF89a, the smallest valid GIF (Qt reads GIF but cannot write it).
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def picture(tmp_path, name: str, fmt: str, width: int = 640, height: int = 480):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 140, 90))
    path = tmp_path / name
    assert image.save(str(path), fmt)
    return path


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_facts_of_accepted_formats(tmp_path, fmt):
    path = picture(tmp_path, f"frame.{fmt.lower()}", fmt)
    facts = read_facts(path)
    assert (facts.format, facts.width, facts.height) == (fmt.lower(), 640, 480)
    assert facts.byte_size == path.stat().st_size
    assert check_picture(facts) == ()


def test_format_comes_from_content_not_name(tmp_path):
    path = picture(tmp_path, "really-a-jpeg.png", "JPEG")
    assert read_facts(path).format == "jpeg"


def test_text_renamed_png_is_unreadable(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("not a picture")
    (problem,) = check_picture(read_facts(path))
    assert problem.rule is ImageRule.UNREADABLE


def test_truncated_png_is_unreadable_or_flagged(tmp_path):
    whole = picture(tmp_path, "whole.png", "PNG").read_bytes()
    path = tmp_path / "cut.png"
    path.write_bytes(whole[:30])
    assert check_picture(read_facts(path))


def test_gif_is_flagged_and_converted_to_png(tmp_path):
    path = tmp_path / "frame.gif"
    path.write_bytes(TINY_GIF)
    problems = check_picture(read_facts(path))
    assert problems[0].rule is ImageRule.FORMAT and problems[0].fix is Fix.CONVERT_TO_PNG
    converted = convert(path, Fix.CONVERT_TO_PNG, tmp_path / "out")
    assert converted.suffix == ".png" and read_facts(converted).format == "png"


def test_oversized_picture_converts_to_a_jpeg_under_the_limit(tmp_path):
    image = QImage(4000, 3000, QImage.Format.Format_RGB32)
    for y in range(0, 3000, 3):  # noisy content so PNG stays large
        for x in range(0, 4000, 97):
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 13) % 256, (x ^ y) % 256))
    path = tmp_path / "huge.png"
    image.save(str(path), "PNG", 0)
    converted = convert(path, Fix.CONVERT_TO_JPEG, tmp_path)
    facts = read_facts(converted)
    assert facts.format == "jpeg" and (facts.width, facts.height) == (4000, 3000)
    assert check_picture(facts) == ()
    assert path.exists()  # the original is never touched


def test_convert_refuses_what_it_cannot_decode(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    with pytest.raises(ValueError):
        convert(path, Fix.CONVERT_TO_PNG, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("orientation", "size"),
    [(1, (800, 400)), (3, (800, 400)), (5, (400, 800)), (6, (400, 800)), (8, (400, 800))],
)
def test_exif_quarter_turns_swap_width_and_height_and_half_turns_do_not(
    tmp_path, orientation, size
):
    from tests.hardening.bad_images import encoded, solid, with_exif_orientation

    path = tmp_path / "turned.jpg"
    path.write_bytes(with_exif_orientation(encoded(solid(800, 400), "JPEG", 90), orientation))
    facts = read_facts(path)
    assert (facts.width, facts.height) == size


@pytest.mark.parametrize(
    ("source", "fitted"),
    [((1920, 1080), (384, 216)), ((1080, 1920), (121, 216)), ((200, 100), (200, 100))],
)
def test_fit_keeps_the_shape_and_never_enlarges(source, fitted):
    from PySide6.QtCore import QSize

    image = QImage(QSize(*source), QImage.Format.Format_RGB32)
    assert fit(image, QSize(384, 216)).size() == QSize(*fitted)
    assert fit(QImage(), QSize(384, 216)).isNull()
