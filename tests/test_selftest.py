"""`hailuo-desktop --self-test` (hailuo_desktop.selftest), run as installers and CI run it: in
its own process, reading what it prints and its exit code. The frozen bundle and the installed
.deb are checked the same way by packaging/ci_package.sh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hailuo_desktop import paths, selftest
from hailuo_desktop.selftest import Result, Status

CHECKS = (
    "qt platform",
    "resources",
    "translations",
    "image formats",
    "tls certificates",
    "http client",
    "multimedia",
    "story tools",
    "main window",
    "demo clip",
    "keyring",
)
RUN = "from hailuo_desktop.selftest import run; raise SystemExit(run())"


def self_test(tmp_path: Path, *, code: str = RUN, **env: str) -> tuple[int, dict[str, str], str]:
    """Run the self-test in a fresh process with no keyring, a private home and temp folder, and
    no data-dir override; its exit code, {check: line} and the whole output."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir(exist_ok=True)
    temp.mkdir(exist_ok=True)
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in (paths.DATA_DIR_ENV, "XDG_DATA_HOME", "DISPLAY", "WAYLAND_DISPLAY")
    }
    environment.update(
        HOME=str(home),
        TMPDIR=str(temp),
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=100,
    )
    lines = {}
    for line in done.stdout.splitlines():
        for name in CHECKS:
            if line[6:].startswith(name + " "):
                lines[name] = line
    return done.returncode, lines, done.stdout


def test_a_working_install_passes_every_check_and_warns_about_the_missing_keyring(tmp_path):
    code, lines, output = self_test(tmp_path)
    assert code == 0, output
    assert list(lines) == list(CHECKS)
    for name in CHECKS[:-1]:
        assert lines[name].startswith("PASS "), lines[name]
    assert "320×180" in lines["multimedia"]
    assert "the sample joined to itself (copied, 4.0 s)" in lines["story tools"]
    assert "1366×768" in lines["demo clip"]
    assert lines["keyring"].startswith("WARN ")
    assert "the API key is kept until the app quits" in lines["keyring"]
    assert output.rstrip().endswith("Self-test passed: 11 checks (1 warning).")


def test_it_leaves_no_trace_in_the_users_data_or_videos(tmp_path):
    code, _, output = self_test(tmp_path)
    assert code == 0, output
    home = tmp_path / "home"
    left = {p.relative_to(home).as_posix() for p in home.rglob("*")}
    assert not {p for p in left if "hailuo" in p.lower() or p.startswith("Videos")}, left
    temporary = [p.name for p in (tmp_path / "tmp").iterdir() if "hailuo" in p.name]
    assert not temporary  # its temporary data dir and the simulator's clips are gone too


def test_when_a_keyring_is_required_a_missing_one_fails_the_run(tmp_path):
    code, lines, output = self_test(tmp_path, HAILUO_SELFTEST_REQUIRE_KEYRING="1")
    assert code == 1
    assert lines["keyring"].startswith("FAIL ")
    assert all(lines[name].startswith("PASS ") for name in CHECKS[:-1]), output
    assert "Self-test FAILED: 1 of 11 checks failed." in output


def test_a_bundle_missing_a_resource_fails_and_names_it(tmp_path):
    bundle = tmp_path / "bundle"  # a frozen app's _internal folder, without the sample clip
    shutil.copytree(paths.resource_path(), bundle / "resources")
    (bundle / "resources" / "sample" / "sample.mp4").unlink()
    code, lines, output = self_test(
        tmp_path, code=f"import sys; sys._MEIPASS = {str(bundle)!r}; {RUN}"
    )
    assert code == 1
    assert lines["resources"].startswith("FAIL ")
    assert "sample/sample.mp4" in lines["resources"]
    assert lines["multimedia"].startswith("FAIL ")
    assert lines["main window"].startswith("PASS ")  # the others still run and say so
    assert "Self-test FAILED" in output


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((Status.PASS, Status.PASS), 0),
        ((Status.PASS, Status.WARN), 0),
        ((Status.WARN, Status.FAIL), 1),
    ],
)
def test_only_a_failure_makes_the_exit_code_non_zero(statuses, expected):
    results = [Result(f"check {i}", status, "") for i, status in enumerate(statuses)]
    assert selftest.exit_code(results) == expected
