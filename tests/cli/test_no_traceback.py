"""No Python traceback for any input: arguments that are not UTF-8 text are refused in plain
words (exit 2) before anything is stored or sent, and an unexpected error anywhere in a command
ends in one sentence naming the error log (exit 5), the traceback kept in that log."""

from __future__ import annotations

import os
import subprocess

import pytest

from hailuo_desktop import app
from tests.cli.conftest import cli_command
from tests.helpers import KEY


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ([b"generate", b"A \xff\xfe cat"], 'The prompt "A \\xff\\xfe cat"'),
        ([b"generate", b"A cat", b"--json", b"--first-frame", b"\xe9t\xe9.png"], "--first-frame"),
        ([b"generate", b"A cat", b"--out", b"vid\xe9os"], "--out"),
        ([b"import", b"video_\xff"], "The task id"),
    ],
    ids=["prompt", "first frame", "output folder", "task id"],
)
def test_arguments_that_are_not_utf8_are_refused_in_plain_words(tmp_path, arguments, named):
    env = {
        **os.environ,
        "HAILUO_DATA_DIR": str(tmp_path / "data"),
        "TOAPIS_API_KEY": KEY,
        "HAILUO_BASE_URL": "http://127.0.0.1:9",  # never reached: nothing may be sent
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [*map(os.fsencode, cli_command()), *arguments],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    stderr = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode == 2
    assert named in stderr and "not UTF-8 text" in stderr
    assert "Traceback" not in stderr and done.stdout == b""
    assert not (tmp_path / "data" / "jobs.db").exists()  # no job was written


def test_an_unexpected_error_ends_in_one_sentence_and_a_log(
    monkeypatch, capsys, isolated_environment
):
    def broken(args):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(app, "_run_cli", broken)
    assert app.main(["jobs"]) == 5
    stderr = capsys.readouterr().err
    log_path = isolated_environment / app.ERROR_LOG_NAME
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert "unexpected problem (RuntimeError)" in stderr and str(log_path) in stderr
    logged = log_path.read_text()
    assert "Traceback" in logged and "a bug nobody foresaw" in logged
