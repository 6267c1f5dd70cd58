"""After full runs with a known key, the key is in no log, output, sidecar, database, settings
file, crash report, child process command line or on-screen text; only in the Authorization
header of requests to the API's own origin — also when a failing server echoes it back in any
field of any reply (tests/hardening/echoes.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import subprocess

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget

from hailuo_desktop import cli as command_line
from hailuo_desktop.api import wire
from hailuo_desktop.api.client import Timeouts, ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.engine.job_flow import LOOKUP_TRIES
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.ui.dialogs.errors import unexpected_error
from hailuo_desktop.ui.dialogs.settings import SettingsDialog
from tests.hardening.echoes import ECHO_REPLIES, SECRETS, STEPS, EchoingService
from tests.hardening.gui import model_texts, open_window, visible_texts
from tests.hardening.kill_matrix import cli, cli_env
from tests.hardening.leaks import Watcher, files_holding
from tests.hardening.matrix import ROWS
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY, RecordedSleeps, png_bytes, until
from tests.simserver import SimServer


def test_command_line_runs_leave_the_key_nowhere(tmp_path):
    picture = tmp_path / "first frame.png"
    picture.write_bytes(png_bytes(640, 400))
    outputs, command_lines = [], set()
    with SimServer() as server:
        env = {**cli_env(tmp_path, server.base_url), "HAILUO_LOG_LEVEL": "DEBUG"}

        def run(*args: str) -> int:
            process = subprocess.Popen(
                cli(*args), env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            watcher = Watcher(process.pid)
            out, err = process.communicate(timeout=60)
            watcher.stop()
            outputs.append(out.decode() + err.decode())
            command_lines.update(watcher.command_lines)
            return process.returncode

        model = ("--model", "MiniMax-Hailuo-2.3-Fast", "--first-frame", str(picture))
        assert run("generate", "A lighthouse", *model, "--json") == 0
        server.fault("create", "server_error", status=500)
        assert run("generate", "An uncertain one") == 5
        assert run("import", "video_unknown_here") == 4
        assert run("jobs") == 0
        assert run("resume") == 5  # the uncertain one is looked up again: still unknown
        echo = f"bad header: Authorization: Bearer {KEY}"
        server.fault("create", "server_error", status=400, message=echo)
        assert run("generate", "An echoed key", "--json") == 2
        assert "Authorization: Bearer ***" in outputs[-1]  # the server's words, redacted
        authorized = {seen.authorization for seen in server.seen if seen.path.startswith("/v1/")}
    assert authorized == {f"Bearer {KEY}"}  # the key was really used, and only this way
    assert "DEBUG" in "".join(outputs)  # the logs were on
    assert not [text for text in outputs if KEY in text]
    assert command_lines and not [line for line in command_lines if KEY in line]
    assert files_holding(KEY, tmp_path) == []  # database (+ WAL), sidecars, settings, videos
    assert list((tmp_path / "data" / "library").glob("*.json"))  # sidecars were there to check


async def test_the_window_its_dialogs_and_logs_never_show_the_key(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with SimServer() as server:
        async with open_window(tmp_path, server, timeouts=Timeouts(create=0.5)) as w:
            editor = w.window.create_panel.prompt_editor
            generate = w.window.findChild(QPushButton, "generateButton")
            QTest.keyClicks(editor, "A lighthouse")
            generate.click()
            await until(lambda: w.window.model.rowCount() == 1)
            await until(lambda: w.window.model.job_at(0).state is JobState.DONE, timeout=20)
            server.fault("create", "hang_after", seconds=30)
            server.fault("status", "server_error", LOOKUP_TRIES, status=404)  # look-ups lag
            generate.click()
            await until(lambda: w.window.model.job_at(0).state is JobState.UNCERTAIN, timeout=20)
            await until(lambda: w.window.toast.text() != "")
            w.window.toast.action_button.click()  # Details
            w.window.findChild(QWidget, "errorDialog").set_details_visible(True)
            settings = SettingsDialog(
                w.settings, key_status="Saved in the system keyring", has_key=True
            )
            settings.show()
            shown = visible_texts() + model_texts(w.window)
            settings.close()
    assert any("not sent again" in text for text in shown)  # the texts were really gathered
    assert not [text for text in shown if KEY in text]
    assert KEY not in caplog.text
    assert files_holding(KEY, tmp_path) == []


@pytest.mark.parametrize(
    "pasted",
    [f"{KEY}\u200b", f"{KEY}é", f"sk-\x01{KEY}", f"{KEY}\x7f", f"“{KEY}”", f"{KEY}\nsk-2"],
    ids=["zero-width space", "accent", "control", "delete", "smart quotes", "two lines"],
)
async def test_a_key_with_impossible_characters_is_refused_without_echo(pasted):
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"success": True, "remain_credits": 1})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = ToApisClient(http, lambda: pasted, "https://toapis.com")
        with pytest.raises(errors.AuthError) as caught:
            await client.get_balance()
    assert sent == []
    assert "paste the key again" in caught.value.message
    report = unexpected_error(type(caught.value), caught.value, caught.value.__traceback__)
    for text in (
        caught.value.message,
        caught.value.technical_details(),
        report.technical_details(),
    ):
        assert KEY not in text and pasted not in text


def test_a_crash_of_the_engine_logs_no_key(tmp_path, caplog):
    """A real crash (a write meeting a locked database: a known gap of the matrix) while the
    key is in use: the logged traceback holds no key."""
    caplog.set_level(logging.DEBUG)
    (row,) = [row for row in ROWS if "past the busy timeout" in row.name]
    if "crashed" not in " ".join(row.run(tmp_path).extra):
        pytest.skip("that crash is fixed: no crash report left to inspect")
    assert "follower crashed" in caplog.text and "Traceback" in caplog.text
    assert KEY not in caplog.text


def _leaked(*texts: str) -> list[str]:
    return [text for text in texts if any(secret in text for secret in SECRETS)]


@settings(max_examples=150, deadline=None)
@given(
    echo=ECHO_REPLIES, call=st.sampled_from(["create", "status", "balance", "upload", "download"])
)
async def test_an_echoed_key_leaves_the_client_in_no_error_and_no_value(
    echo, call, tmp_path_factory
):
    picture = tmp_path_factory.mktemp("frame") / "frame.png"
    picture.write_bytes(png_bytes(320, 320))
    transport = httpx.MockTransport(lambda request: echo.response())
    async with httpx.AsyncClient(transport=transport) as http:
        client = ToApisClient(http, lambda: KEY, "https://toapis.com")
        calls = {
            "create": lambda: client.create_task({"model": "MiniMax-Hailuo-2.3", "prompt": "A"}),
            "status": lambda: client.get_task("video_1"),
            "balance": client.get_balance,
            "upload": lambda: client.upload(picture, mime_type="image/png"),
            "download": lambda: client.download("https://toapis.com/v.mp4", io.BytesIO()),
        }
        try:
            value = await calls[call]()
        except errors.HailuoError as error:
            texts = [str(error), error.message.to_stored(), error.technical_details()]
            texts += [repr(error.args), error.server_message or ""]
            if isinstance(error, errors.GenerationFailed | errors.ContentRejected):
                assert "***" in error.technical_details()  # the service's words, redacted
        else:
            texts = [repr(value)]
            if isinstance(value, wire.TaskInfo) and value.status is wire.TaskStatus.FAILED:
                texts.append(wire.task_failure(value).technical_details())
    assert _leaked(*texts) == []


@settings(max_examples=60, deadline=None)
@given(echo=ECHO_REPLIES, step=st.sampled_from(STEPS), as_json=st.booleans())
async def test_an_echoed_key_reaches_no_history_output_or_log(
    echo, step, as_json, tmp_path_factory
):
    """The whole way: the command line's `generate` over the engine and a real history on
    disk, the service echoing credentials at one step; the key is in no byte of the data
    folder (database and its WAL, sidecars), no line of the output, no log record."""
    workdir = tmp_path_factory.mktemp("echo")
    picture = workdir / "frame.png"
    picture.write_bytes(png_bytes(640, 400))
    service = EchoingService(step, echo)
    arguments = ["generate", "A lighthouse", "--out", str(workdir / "videos")]
    if step == "upload":
        arguments += ["--model", "MiniMax-Hailuo-2.3-Fast", "--first-frame", str(picture)]
    args = command_line.build_parser().parse_args(arguments + (["--json"] if as_json else []))
    out, err, logged = io.StringIO(), io.StringIO(), _Records()
    with _all_logs_to(logged), contextlib.redirect_stderr(err):
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(service)) as http,
            open_session(
                Connection("https://toapis.com", lambda: KEY),
                history=workdir / "data" / "jobs.db",
                library_dir=lambda: workdir / "library",
                schedule=FAST_SCHEDULE,
                retry=dataclasses.replace(FAST_RETRY, patience=0.0),
                http=http,
                sleep=RecordedSleeps(),
            ) as session,
        ):
            await command_line.generate(args, session.runner, out)
    assert service.echoed, f"the {step} step was never reached"
    assert _leaked(out.getvalue(), err.getvalue(), *logged.texts) == []
    for secret in SECRETS:
        assert files_holding(secret, workdir) == []


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


@contextlib.contextmanager
def _all_logs_to(handler: logging.Handler):
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.setLevel(level)
        root.removeHandler(handler)
