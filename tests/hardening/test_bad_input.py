"""Odd prompts, paths and settings: refused ones get a clear message and change nothing;
valid ones, however unusual, arrive at the service unchanged and end as a safely named file."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from hailuo_desktop import cli
from hailuo_desktop.core import errors
from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.prompt_lint import SpanKind, lint
from hailuo_desktop.core.urls import check_base_url
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.dialogs.settings import SettingsDialog
from tests.engine.conftest import build_engine
from tests.helpers import in_process_http, make_simulator, png_bytes

REFUSED_PROMPTS = {
    "empty": ("", "Describe the video"),
    "whitespace only": (" \t\n\u3000 ", "Describe the video"),
    "2001 characters": ("x" * 2001, "2001 characters"),
    "500 directives": ("[Pan left]" * 500, "5000 characters"),
}
ACCEPTED_PROMPTS = {
    "right-to-left": "قطة تركض في الحديقة عند الغروب [Pan left]",
    "emoji": "🐱🏃‍♂️ a cat chases 🦋 in the garden 🌸 [Zoom in]",
    "combining marks": "Cafe\u0301 at ni\u0301ght, Z̷͉a̵̛l̶g̸o̴ sky [Tilt up]",
    "220 directives": "[Zoom in]" * 220,
    "exactly 2000": "A" * 1990 + "[Shake]" + "B" * 3,
}


async def generate(engine, *argv: str) -> int:
    args = cli.build_parser().parse_args(["generate", *argv])
    return await cli.generate(args, engine.runner, io.StringIO())


def nothing_changed(engine) -> bool:
    return (
        engine.store.jobs(include_hidden=True) == []
        and sum(engine.sim.stats.values()) == 0
        and not engine.library.exists()
    )


# --- prompts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("prompt", "words"), REFUSED_PROMPTS.values(), ids=list(REFUSED_PROMPTS))
async def test_refused_prompts_are_explained_and_change_nothing(engine, prompt, words, capsys):
    lint(prompt)  # the linter copes with it
    assert await generate(engine, prompt) == cli.EXIT_INPUT
    assert words in capsys.readouterr().err
    assert nothing_changed(engine)


@pytest.mark.parametrize("prompt", ACCEPTED_PROMPTS.values(), ids=list(ACCEPTED_PROMPTS))
async def test_unusual_prompts_arrive_unchanged_and_name_a_safe_file(engine, prompt):
    spans = lint(prompt).spans
    assert all(0 <= s.start < s.end <= len(prompt) for s in spans)
    done = await engine.runner.wait(engine.runner.submit(GenerationRequest(prompt)).id)
    assert done.state is JobState.DONE
    assert engine.sim.tasks[done.task_id].prompt == prompt  # byte for byte
    video = engine.library / engine.videos()[0]
    assert video.parent == engine.library and len(video.name.encode()) <= 255
    assert json.loads(video.with_suffix(".json").read_text("utf-8"))["prompt"] == prompt
    if prompt.startswith("[Zoom in]"):
        assert sum(s.kind is SpanKind.DIRECTIVE for s in spans) == 220


# --- paths --------------------------------------------------------------------------------


async def test_first_frame_and_library_under_non_ascii_names_with_spaces(tmp_path, engine):
    folder = tmp_path / "Фото кошки 🐱" / "mes images à moi"
    folder.mkdir(parents=True)
    picture = folder / "premier plan 第一帧.png"
    picture.write_bytes(png_bytes(640, 400))
    out = tmp_path / "Vidéos de Zoë" / "新しい フォルダー"
    request = GenerationRequest("She waves", model=Model.HAILUO_23_FAST, first_frame=str(picture))
    done = await engine.runner.wait(engine.runner.submit(request, out_dir=str(out)).id)
    assert done.state is JobState.DONE and done.local_path.startswith(str(out))
    assert engine.sim.tasks[done.task_id].first_frame == picture.read_bytes()


async def test_a_very_long_library_path_works(tmp_path, engine):
    out = tmp_path.joinpath(*[f"{n}-" + "long folder name " * 11 for n in range(6)])
    assert len(str(out)) > 1100
    done = await engine.runner.wait(
        engine.runner.submit(GenerationRequest("A cat"), out_dir=str(out)).id
    )
    assert done.state is JobState.DONE and (out / done.local_path.rsplit("/", 1)[1]).exists()


async def test_a_folder_name_too_long_for_the_disk_is_named_before_anything_is_paid(
    tmp_path, sim_and_http
):
    sim, http = sim_and_http
    engine = build_engine(tmp_path, sim, http, patience=0.3)
    try:
        out = tmp_path / ("x" * 300)  # longer than any file system allows for one name
        job = engine.runner.submit(GenerationRequest("A cat"), out_dir=str(out))
        failed = await engine.runner.wait(job.id)
        assert failed.state is JobState.FAILED and failed.error_kind is ErrorKind.DISK
        assert "nothing was sent or charged" in failed.error_message
        assert sim.stats["create"] == 0
    finally:
        await engine.runner.aclose()
        engine.store.close()


async def test_an_unreadable_first_frame_path_is_refused(engine, tmp_path, capsys):
    assert await generate(engine, "A cat", "--first-frame", str(tmp_path / ("y" * 300))) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert nothing_changed(engine)


@pytest.fixture
async def sim_and_http():
    sim = make_simulator(time_scale=5000)
    async with in_process_http(sim) as http:
        yield sim, http
    await sim.aclose()


# --- settings -----------------------------------------------------------------------------

MALFORMED_URLS = [
    "",
    "   ",
    "toapis.com",
    "htp://toapis.com",
    "https//toapis.com",
    "https://",
    "://",
    "https://toapis.com?key=x",
    "https://toapis.com#top",
    "javascript:alert(1)",
    "file:///etc/passwd",
]
NON_LOOPBACK_HTTP = [
    "http://toapis.com",
    "http://10.0.0.1:8765",
    "http://192.168.1.20",
    "http://127.0.0.1.nip.io",
    "http://localhost.evil.example",
    "http://[2001:db8::1]",
]


@pytest.mark.parametrize("url", MALFORMED_URLS + NON_LOOPBACK_HTTP)
def test_bad_base_urls_are_refused_in_plain_words(url):
    with pytest.raises(errors.InsecureUrl) as caught:
        check_base_url(url)
    assert "https://" in caught.value.message


@pytest.mark.parametrize("url", ["http://[::1", "https://[toapis.com"])
def test_a_broken_ipv6_address_is_refused_like_any_bad_address(url):
    with pytest.raises(errors.InsecureUrl):
        check_base_url(url)


@pytest.mark.parametrize("url", ["toapis.com", "https//toapis.com", *NON_LOOPBACK_HTTP[:3]])
def test_the_settings_dialog_refuses_them_and_saves_nothing(qtbot, tmp_path, url):
    settings = Settings(tmp_path / "settings.ini")
    before = settings.path.read_bytes() if settings.path.exists() else None
    dialog = SettingsDialog(settings, key_status="", has_key=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.base_url_edit.setText(url)
    ok = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.findChild(QWidget, "baseUrlError").text()
    ok.click()
    assert (settings.path.read_bytes() if settings.path.exists() else None) == before


def test_a_read_only_library_folder_is_refused_by_the_settings_dialog(qtbot, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a read-only file system here (needs root)")
    try:
        settings = Settings(tmp_path / "settings.ini")
        settings.sync()
        before = settings.path.read_bytes() if settings.path.exists() else None
        dialog = SettingsDialog(settings, key_status="", has_key=True)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.library_folder_edit.setText(str(folder / "videos"))
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
        assert (
            "cannot be saved in this folder"
            in dialog.findChild(QWidget, "libraryFolderError").text()
        )
        assert (settings.path.read_bytes() if settings.path.exists() else None) == before
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
