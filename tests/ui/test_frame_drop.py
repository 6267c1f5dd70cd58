"""The first-frame drop zone: drop, choose, paste, judge, convert and remove a picture."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
)
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from hailuo_desktop.ui.create.frame_drop import THUMBNAIL_SIZE, FrameDrop

# A 1×1 GIF89a, the smallest valid GIF (Qt reads GIF but cannot write it).
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def gif_bytes(width: int, height: int) -> bytes:
    """A two-colour GIF of any size. LZW with a clear code before every pixel keeps every code
    3 bits wide, so no real compressor is needed."""
    codes = [code for i in range(width * height) for code in (4, (i // width + i) % 2)] + [5]
    bits = sum(code << (3 * n) for n, code in enumerate(codes))
    data = bits.to_bytes((3 * len(codes) + 7) // 8, "little")
    blocks = b"".join(
        bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255)
    )
    header = (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\xff\xff\xff\x20\x60\xa0"
    )
    descriptor = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return header + descriptor + b"\x02" + blocks + b"\x00;"


def picture(
    folder: Path, name: str, fmt: str = "PNG", width: int = 1280, height: int = 720
) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 140, 90))
    path = folder / name
    assert image.save(str(path), fmt)
    return path


def with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """The JPEG with an EXIF block saying how to rotate it (6 = turn 90° clockwise)."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(
        ">HHHIHHI", 1, 0x0112, 3, 1, orientation, 0, 0
    )
    app1 = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drag_enter(widget, mime: QMimeData) -> bool:
    event = QDragEnterEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def drop(widget, mime: QMimeData) -> bool:
    assert drag_enter(widget, mime)
    move = QDragMoveEvent(
        QPointF(30, 30),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, move)
    event = QDropEvent(
        QPointF(30, 30),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def status_text(widget: FrameDrop) -> str:
    return widget.findChild(QLabel, "firstFrameStatus").text()


def facts_text(widget: FrameDrop) -> str:
    return widget.findChild(QLabel, "firstFrameFacts").text()


@pytest.fixture
def drop_zone(qtbot):
    """The widget with an injected file chooser: set `next_choice`, read `chosen`."""

    def choose(parent):
        widget.chosen.append(parent)
        return widget.next_choice

    widget = FrameDrop(choose_file=choose)
    widget.chosen, widget.next_choice = [], None
    qtbot.addWidget(widget)
    widget.resize(340, 360)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def button(widget, name: str) -> QPushButton:
    found = widget.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_names_and_empty_state(drop_zone):
    assert drop_zone.objectName() == "firstFrameDrop"
    assert drop_zone.accessibleName() == "First frame picture"
    assert drop_zone.path() is None and drop_zone.is_usable() and drop_zone.problems() == ()
    area = drop_zone.findChild(QLabel, "firstFrameArea")
    assert "Drop a picture here" in area.text() and "required for Hailuo 2.3 Fast" in area.text()
    assert "Ctrl+V" in area.text()
    for name in ("clearFirstFrameButton", "pasteFirstFrameButton", "chooseFirstFrameButton"):
        found = button(drop_zone, name)
        assert found.accessibleName() and found.toolTip()
    assert not button(drop_zone, "clearFirstFrameButton").isEnabled()
    assert not button(drop_zone, "convertFirstFrameButton").isVisible()
    assert drop_zone.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_drop_of_a_good_png(drop_zone, qtbot, tmp_path):
    path = picture(tmp_path, "sunset.png")
    with qtbot.waitSignal(drop_zone.changed) as changed:
        assert drop(drop_zone, file_mime(path))
    assert changed.args == [str(path)]
    assert drop_zone.path() == str(path)
    assert drop_zone.is_usable() and drop_zone.problems() == ()
    size_kb = f"{path.stat().st_size / 1024:.0f} KB"
    assert facts_text(drop_zone) == f"1280 × 720 px · {size_kb}"
    assert status_text(drop_zone) == "Ready"
    assert drop_zone.findChild(QLabel, "firstFrameName").text() == "sunset.png"
    thumbnail = drop_zone.findChild(QLabel, "firstFrameArea").pixmap()
    assert not thumbnail.isNull()
    logical = thumbnail.deviceIndependentSize()
    assert logical.width() == THUMBNAIL_SIZE.width()
    assert logical.height() == pytest.approx(THUMBNAIL_SIZE.width() * 720 / 1280, abs=1)
    assert button(drop_zone, "clearFirstFrameButton").isEnabled()
    assert not button(drop_zone, "convertFirstFrameButton").isVisible()


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_jpeg_and_webp_are_ready(drop_zone, tmp_path, fmt):
    path = picture(tmp_path, f"frame.{fmt.lower()}", fmt, 800, 600)
    assert drop(drop_zone, file_mime(path))
    assert drop_zone.path() == str(path) and status_text(drop_zone) == "Ready"


def test_drag_enter_accepts_one_file_and_highlights(drop_zone, tmp_path):
    path = picture(tmp_path, "one.png")
    area = drop_zone.findChild(QLabel, "firstFrameArea")
    assert drag_enter(drop_zone, file_mime(path))
    assert area.highlighted


def test_drag_leave_removes_the_highlight(drop_zone, tmp_path):
    assert drag_enter(drop_zone, file_mime(picture(tmp_path, "one.png")))
    QApplication.sendEvent(drop_zone, QDragLeaveEvent())
    assert not drop_zone.findChild(QLabel, "firstFrameArea").highlighted
    assert drop_zone.path() is None


def test_drop_of_image_data_is_saved_and_used(drop_zone, isolated_environment):
    image = QImage(500, 400, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 20, 200))
    mime = QMimeData()
    mime.setImageData(image)
    assert drop(drop_zone, mime)
    saved = Path(drop_zone.path())
    assert saved.parent == isolated_environment / "first-frames"
    assert saved.name.startswith("dropped-") and saved.suffix == ".png"
    assert facts_text(drop_zone).startswith("500 × 400 px")


def test_drag_enter_refuses_two_files_and_non_files(drop_zone, tmp_path):
    first, second = picture(tmp_path, "a.png"), picture(tmp_path, "b.png")
    assert not drag_enter(drop_zone, file_mime(first, second))
    text = QMimeData()
    text.setText("a cat in a garden")
    assert not drag_enter(drop_zone, text)
    web = QMimeData()
    web.setUrls([QUrl("https://example.com/cat.png")])
    assert not drag_enter(drop_zone, web)
    assert not drop_zone.findChild(QLabel, "firstFrameArea").highlighted


def test_drop_of_a_text_file_named_png_changes_nothing(drop_zone, qtbot, tmp_path):
    good = picture(tmp_path, "good.png")
    drop_zone.set_path(str(good))
    fake = tmp_path / "notes.png"
    fake.write_text("not a picture")
    with qtbot.assertNotEmitted(drop_zone.changed):
        drop(drop_zone, file_mime(fake))
    assert drop_zone.path() == str(good) and status_text(drop_zone) == "Ready"
    assert "“notes.png” is not a picture the app can read" in drop_zone.notice()
    notice = drop_zone.findChild(QLabel, "firstFrameNotice")
    assert notice.isVisible()


def test_missing_file_is_explained(drop_zone, tmp_path):
    assert not drop_zone.set_path(str(tmp_path / "gone.png"))
    assert drop_zone.path() is None
    assert "Could not open “gone.png”" in drop_zone.notice()


def test_long_file_name_is_elided_in_the_middle(drop_zone, tmp_path):
    path = picture(tmp_path, "a very long holiday picture name " * 3 + "end.png")
    drop_zone.set_path(str(path))
    name = drop_zone.findChild(QLabel, "firstFrameName")
    assert "…" in name.text() and name.text().endswith("end.png")
    assert name.fontMetrics().horizontalAdvance(name.text()) <= drop_zone.width()
    assert name.toolTip() == str(path)


def test_too_small_picture_is_set_but_not_usable(drop_zone, qtbot, tmp_path):
    path = picture(tmp_path, "icon.png", width=200, height=200)
    with qtbot.waitSignal(drop_zone.usabilityChanged) as usable:
        assert drop(drop_zone, file_mime(path))
    assert usable.args == [False]
    assert drop_zone.path() == str(path) and not drop_zone.is_usable()
    assert drop_zone.problems()[0].rule == "too_small"
    assert "shorter side must be at least 301 pixels" in status_text(drop_zone)
    enlarge = button(drop_zone, "convertFirstFrameButton")
    assert enlarge.isVisible() and enlarge.text() == "Enlarge"
    with qtbot.waitSignal(drop_zone.usabilityChanged) as usable:
        enlarge.click()
    assert usable.args == [True] and drop_zone.path() != str(path)
    assert QImage(drop_zone.path()).size() == QSize(301, 301)
    assert path.exists()  # the original file is not changed


def test_a_picture_too_wide_is_cropped_to_fit_in_one_click(drop_zone, qtbot, tmp_path):
    path = picture(tmp_path, "panorama.png", width=1500, height=400)
    drop_zone.set_path(str(path))
    crop = button(drop_zone, "convertFirstFrameButton")
    assert not drop_zone.is_usable() and crop.text() == "Crop to fit"
    crop.click()
    assert drop_zone.is_usable() and QImage(drop_zone.path()).size() == QSize(1000, 400)


def test_several_problems_are_all_listed(drop_zone, tmp_path):
    path = picture(tmp_path, "strip.png", width=2000, height=250)
    drop_zone.set_path(str(path))
    text = status_text(drop_zone)
    assert "at least 301 pixels" in text and "too wide" in text
    assert text.count("•") == 2


def test_gif_is_converted_to_png_and_used(drop_zone, qtbot, isolated_environment, tmp_path):
    gif = tmp_path / "party.gif"
    gif.write_bytes(gif_bytes(400, 320))
    original = gif.read_bytes()
    drop(drop_zone, file_mime(gif))
    assert drop_zone.path() == str(gif) and not drop_zone.is_usable()
    assert "does not accept GIF" in status_text(drop_zone)
    convert = button(drop_zone, "convertFirstFrameButton")
    assert convert.isVisible() and convert.text() == "Convert to PNG"
    with qtbot.waitSignals([drop_zone.changed, drop_zone.usabilityChanged]):
        qtbot.mouseClick(convert, Qt.MouseButton.LeftButton)
    converted = Path(drop_zone.path())
    assert converted.parent == isolated_environment / "first-frames"
    assert converted.suffix == ".png" and drop_zone.is_usable()
    assert status_text(drop_zone) == "Ready" and facts_text(drop_zone).startswith("400 × 320 px")
    assert not convert.isVisible()
    assert gif.read_bytes() == original


def test_tiny_gif_offers_conversion(drop_zone, tmp_path):
    gif = tmp_path / "dot.gif"
    gif.write_bytes(TINY_GIF)
    drop_zone.set_path(str(gif))
    assert button(drop_zone, "convertFirstFrameButton").text() == "Convert to PNG"
    assert len(drop_zone.problems()) == 2


def test_click_opens_the_injected_chooser(drop_zone, qtbot, tmp_path):
    path = picture(tmp_path, "chosen.jpg", "JPEG")
    drop_zone.next_choice = str(path)
    area = drop_zone.findChild(QLabel, "firstFrameArea")
    qtbot.mouseClick(drop_zone, Qt.MouseButton.LeftButton, pos=area.geometry().center())
    assert drop_zone.chosen == [drop_zone]
    assert drop_zone.path() == str(path)
    assert drop_zone.hasFocus()


def test_click_beside_the_buttons_does_nothing(drop_zone, qtbot):
    remove = button(drop_zone, "clearFirstFrameButton")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)  # disabled: no picture yet
    gap = remove.geometry().topLeft() - QPoint(2, 0)
    qtbot.mouseClick(drop_zone, Qt.MouseButton.LeftButton, pos=gap)
    assert drop_zone.chosen == []


def test_click_on_the_thumbnail_area_and_cancel(drop_zone, qtbot):
    qtbot.mouseClick(drop_zone.findChild(QLabel, "firstFrameArea"), Qt.MouseButton.LeftButton)
    assert drop_zone.chosen == [drop_zone] and drop_zone.path() is None
    assert drop_zone.notice() == ""


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_keyboard_opens_the_chooser(drop_zone, qtbot, tmp_path, key):
    drop_zone.next_choice = str(picture(tmp_path, "keyed.png"))
    drop_zone.setFocus()
    qtbot.keyClick(drop_zone, key)
    assert drop_zone.path() == drop_zone.next_choice


def test_choose_button(drop_zone, qtbot, tmp_path):
    drop_zone.next_choice = str(picture(tmp_path, "button.png"))
    qtbot.mouseClick(button(drop_zone, "chooseFirstFrameButton"), Qt.MouseButton.LeftButton)
    assert drop_zone.path() == drop_zone.next_choice


def test_paste_of_a_clipboard_image(drop_zone, qtbot, isolated_environment):
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 60, 40))
    QGuiApplication.clipboard().setImage(image)
    drop_zone.setFocus()
    with qtbot.waitSignal(drop_zone.changed):
        qtbot.keyClick(drop_zone, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = Path(drop_zone.path())
    assert pasted.parent == isolated_environment / "first-frames"
    assert pasted.suffix == ".png" and pasted.is_file()
    assert facts_text(drop_zone).startswith("640 × 480 px") and drop_zone.is_usable()


def test_paste_button_with_a_file_url_uses_the_file(drop_zone, qtbot, tmp_path):
    path = picture(tmp_path, "copied.webp", "WEBP")
    QGuiApplication.clipboard().setMimeData(file_mime(path))
    qtbot.mouseClick(button(drop_zone, "pasteFirstFrameButton"), Qt.MouseButton.LeftButton)
    assert drop_zone.path() == str(path)


def test_paste_of_plain_text_changes_nothing(drop_zone, qtbot):
    QGuiApplication.clipboard().setText("just words")
    qtbot.mouseClick(button(drop_zone, "pasteFirstFrameButton"), Qt.MouseButton.LeftButton)
    assert drop_zone.path() is None
    assert "clipboard holds no picture" in drop_zone.notice()


def test_remove_button_and_delete_key_clear(drop_zone, qtbot, tmp_path):
    path = picture(tmp_path, "gone-soon.png", width=100, height=100)
    drop_zone.set_path(str(path))
    emitted = []
    drop_zone.changed.connect(lambda path: emitted.append(("changed", path)))
    drop_zone.usabilityChanged.connect(lambda usable: emitted.append(("usable", usable)))
    qtbot.mouseClick(button(drop_zone, "clearFirstFrameButton"), Qt.MouseButton.LeftButton)
    assert emitted == [("changed", None), ("usable", True)]
    assert drop_zone.path() is None and drop_zone.is_usable()
    assert path.is_file()

    drop_zone.set_path(str(path))
    drop_zone.setFocus()
    qtbot.keyClick(drop_zone, Qt.Key.Key_Delete)
    assert drop_zone.path() is None
    drop_zone.set_path(str(path))
    qtbot.keyClick(drop_zone, Qt.Key.Key_Backspace)
    assert drop_zone.path() is None
    assert "Drop a picture here" in drop_zone.findChild(QLabel, "firstFrameArea").text()


def test_set_path_none_clears(drop_zone, qtbot, tmp_path):
    drop_zone.set_path(str(picture(tmp_path, "x.png")))
    with qtbot.waitSignal(drop_zone.changed) as changed:
        drop_zone.set_path(None)
    assert changed.args == [None]


def test_exif_rotated_jpeg_is_shown_upright(drop_zone, tmp_path):
    plain = picture(tmp_path, "plain.jpg", "JPEG", 800, 400)
    rotated = tmp_path / "rotated.jpg"
    rotated.write_bytes(with_exif_orientation(plain.read_bytes(), 6))
    drop_zone.set_path(str(rotated))
    assert facts_text(drop_zone).startswith("400 × 800 px")
    thumbnail = drop_zone.findChild(QLabel, "firstFrameArea").pixmap().deviceIndependentSize()
    assert thumbnail.height() == pytest.approx(THUMBNAIL_SIZE.height(), abs=1)
    assert thumbnail.width() == pytest.approx(THUMBNAIL_SIZE.height() / 2, abs=1)


def test_large_picture_is_decoded_small(drop_zone, tmp_path):
    path = picture(tmp_path, "huge.png", width=6000, height=4000)
    drop_zone.set_path(str(path))
    assert facts_text(drop_zone).startswith("6000 × 4000 px")
    pixmap = drop_zone.findChild(QLabel, "firstFrameArea").pixmap()
    ratio = pixmap.devicePixelRatio()
    assert pixmap.width() <= THUMBNAIL_SIZE.width() * ratio
    assert pixmap.height() <= THUMBNAIL_SIZE.height() * ratio
