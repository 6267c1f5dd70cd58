"""`hailuo-desktop batch` and `preset` in a subprocess against the simulator on 127.0.0.1: a
12-row CSV (one row twice) under a daily cap that allows five videos stops with exit 6 and says
what is left; raising the cap and `resume` makes the rest, nothing created twice; bad input
exits 2 listing every problem with nothing queued; presets list, export and import."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import sqlite3
import subprocess
import time

import httpx

from hailuo_desktop.cli_batches import batch_exit_code
from hailuo_desktop.core.batches import BatchProgress, BatchState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.store.batches import BatchStore, new_batch
from hailuo_desktop.store.history import JobStore
from tests.cli.conftest import cli_command, files_under

CAP_MESSAGE = (
    "This video (≈ $0.28) would pass today's cap of $1.40: $0.00 is left today. Raise the cap "
    "in Settings or wait until tomorrow."
)


def write_settings(data, cap: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.ini").write_text(f"[spending]\ndaily_cap_usd={cap}\n", encoding="utf-8")


def kites_csv(tmp_path):
    rows = ["prompt,duration,repeat"]
    rows += [f'"A kite, number {n}",6,{2 if n == 3 else ""}' for n in range(1, 13)]
    path = tmp_path / "kites.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_capped_batch_exits_6_and_resume_makes_the_rest_after_the_cap_is_raised(
    run_cli, sim, tmp_path
):
    data, out = tmp_path / "data", tmp_path / "videos"
    write_settings(data, "1.40")  # five videos of $0.28
    before = sim.stats().get("create", 0)
    capped = run_cli("batch", str(kites_csv(tmp_path)), "--yes", "--out", str(out))
    assert capped.code == 6, capped.stderr
    assert capped.stdout.startswith(
        "13 videos, estimated total ≈ $3.64 (reference prices, not the service's bill).\n"
    )
    assert "5 of 13 videos done, ≈ $1.40 estimated.\n" in capped.stdout
    assert f"8 not sent: {CAP_MESSAGE}\n" in capped.stdout
    assert "run `hailuo-desktop resume` to continue the batch" in capped.stdout
    assert sim.stats()["create"] == before + 5
    assert len([f for f in files_under(out) if f.suffix == ".mp4"]) == 5

    write_settings(data, "10")
    resumed = run_cli("resume", "--json")
    assert resumed.code == 0, resumed.stderr
    assert resumed.final == {
        "event": "final",
        "done": 13,
        "running": 0,
        "waiting": 0,
        "failed": 0,
        "held": 0,
        "cancelled": 0,
        "spent_usd": 3.64,
        "exit_code": 0,
    }
    assert sim.stats()["create"] == before + 13
    assert len([f for f in files_under(out) if f.suffix == ".mp4"]) == 13
    again = run_cli("resume")
    assert again.code == 0 and sim.stats()["create"] == before + 13  # nothing sent twice


def test_a_bad_csv_lists_every_problem_and_queues_nothing(run_cli, sim, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        'prompt,duration\n"A cat\non two lines",7\nA dog,6\nA bird,eight\n', encoding="utf-8"
    )
    before = sim.stats().get("create", 0)
    refused = run_cli("batch", str(path), "--yes")
    assert refused.code == 2
    assert refused.stderr == (
        "Nothing was queued: fix these problems and try again.\n"
        "line 2, column duration: Hailuo 2.3 makes videos of 6 / 10 seconds, not 7.\n"
        'line 5, column duration: "eight" is not a whole number of seconds.\n'
    )
    assert refused.stdout == ""
    assert sim.stats().get("create", 0) == before
    assert run_cli("jobs", "--json").stdout == ""


def test_without_a_terminal_or_yes_nothing_is_queued(run_cli, sim, tmp_path):
    path = tmp_path / "few.txt"
    path.write_text("A cat\n\nA dog\n", encoding="utf-8")
    before = sim.stats().get("create", 0)
    refused = run_cli("batch", str(path), "--json")
    assert refused.code == 2
    assert refused.lines()[0] == {
        "event": "plan",
        "videos": 2,
        "estimated_usd": 0.56,
        "estimate_is_a_guess": False,
    }
    assert refused.final["error_message"] == (
        "Nothing was queued: add --yes to queue the batch without asking."
    )
    assert sim.stats().get("create", 0) == before


def test_a_folder_of_pictures_needs_a_prompt_and_makes_one_video_each(run_cli, sim, tmp_path):
    from tests.helpers import png_bytes

    folder = tmp_path / "pictures"
    folder.mkdir()
    for name in ("b.png", "a.png"):
        (folder / name).write_bytes(png_bytes(640, 360))
    (folder / "notes.txt").write_text("not a picture", encoding="utf-8")
    refused = run_cli("batch", str(folder), "--yes")
    assert refused.code == 2
    assert "A folder of pictures needs --prompt" in refused.stderr
    out = tmp_path / "animated"
    done = run_cli(
        "batch", str(folder), "--prompt", "It comes alive [Push in]", "--yes", "--out", str(out)
    )
    assert done.code == 0, done.stderr
    assert "2 of 2 videos done" in done.stdout
    assert len([f for f in files_under(out) if f.suffix == ".mp4"]) == 2
    bodies = sim.create_bodies()[-2:]
    assert [len(body["image_urls"]) for body in bodies] == [1, 1]  # each with its picture
    assert sim.stats()["upload"] >= 2


def test_presets_list_export_and_import(run_cli, tmp_path):
    listed = run_cli("preset", "list", "--json")
    assert listed.code == 0, listed.stderr
    starters = listed.lines()
    assert {p["model"] for p in starters} == {
        "MiniMax-Hailuo-2.3",
        "MiniMax-Hailuo-2.3-Fast",
        "MiniMax-Hailuo-02",
        "MiniMax-H3",
    }
    assert {p["language"] for p in starters} == {"en", "zh"} and all(p["starter"] for p in starters)

    shared = tmp_path / "shared.json"
    shared.write_text(
        json.dumps(
            {
                "format": "hailuo-desktop-presets",
                "version": 1,
                "presets": [{"name": "Night city", "prompt": "[Pan left] Neon streets"}],
            }
        ),
        encoding="utf-8",
    )
    imported = run_cli("preset", "import", str(shared))
    assert (imported.code, imported.stdout) == (0, "Imported 1 presets.\n")
    mine = [p for p in run_cli("preset", "list", "--json").lines() if not p["starter"]]
    assert [p["name"] for p in mine] == ["Night city"]

    exported = tmp_path / "exported.json"
    assert run_cli("preset", "export", str(exported)).code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["format"] == "hailuo-desktop-presets" and document["version"] == 1
    assert [p["name"] for p in document["presets"]] == ["Night city"]

    shared.write_text('{"format": "hailuo-desktop-presets", "version": 7, "presets": []}')
    refused = run_cli("preset", "import", str(shared))
    assert refused.code == 2
    assert refused.stderr.strip() == (
        "The presets file has version 7; this Hailuo Desktop reads version 1. Update the app to "
        "import it."
    )


def test_a_batch_can_take_its_options_from_a_preset(run_cli, sim, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("A lighthouse\n", encoding="utf-8")
    unknown = run_cli("batch", str(path), "--preset", "Nope", "--yes")
    assert unknown.code == 2
    assert 'There is no preset named "Nope"' in unknown.stderr
    asked = run_cli("batch", str(path), "--preset", "02 · Quick draft")  # no terminal: not queued
    assert asked.code == 2
    assert asked.stdout.startswith(
        "1 videos, estimated total ≈ $0.10 (a guess: no published price for some) (reference "
        "prices, not the service's bill).\n"
    )
    done = run_cli("batch", str(path), "--preset", "02 · Quick draft", "--yes", "--json")
    assert done.code == 0, done.stderr
    assert done.lines()[0] == {
        "event": "plan",
        "videos": 1,
        "estimated_usd": 0.1,
        "estimate_is_a_guess": True,  # 02 at 512p has no published price
    }
    body = sim.create_bodies()[-1]
    assert body["model"] == "MiniMax-Hailuo-02" and body["prompt"] == "A lighthouse"


def answered(cli_env, tmp_path, path, answer: bytes):
    """Run `batch FILE` with a terminal as its standard input, answering `answer`."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        cli_command("batch", str(path)),
        env=cli_env,
        cwd=tmp_path,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.write(controller, answer)
    stdout, stderr = process.communicate(timeout=120)
    os.close(terminal)
    os.close(controller)
    return process.returncode, stdout.decode(), stderr.decode()


def test_on_a_terminal_the_batch_asks_before_queueing(cli_env, sim, tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("A cat\nA dog\n", encoding="utf-8")
    before = sim.stats().get("create", 0)
    code, stdout, stderr = answered(cli_env, tmp_path, path, b"n\n")
    assert (code, stdout) == (
        2,
        "2 videos, estimated total ≈ $0.56 (reference prices, not the service's bill).\n",
    )
    assert stderr == "Queue them? [y/N] Nothing was queued.\n"
    assert sim.stats().get("create", 0) == before
    code, stdout, stderr = answered(cli_env, tmp_path, path, b"y\n")
    assert code == 0, stderr
    assert "2 of 2 videos done" in stdout
    assert sim.stats()["create"] == before + 2


def created_rows(history) -> int:
    """How many batch rows another process's history shows with a task the service created
    (0 before the history exists)."""
    query = (
        "SELECT COUNT(*) FROM batch_rows JOIN jobs ON jobs.id = batch_rows.job_id"
        " WHERE jobs.task_id IS NOT NULL"
    )
    try:
        with contextlib.closing(sqlite3.connect(f"file:{history}?mode=ro", uri=True)) as db:
            return db.execute(query).fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_batch_killed_midway_is_finished_by_resume_without_sending_a_row_twice(
    cli_env, run_cli, sim, tmp_path
):
    out = tmp_path / "videos"
    before = sim.stats().get("create", 0)
    sim.fault("status", "hang", times=None, seconds=120)  # no task is seen to end: 3 under way
    process = subprocess.Popen(
        cli_command("batch", str(kites_csv(tmp_path)), "--yes", "--out", str(out)),
        env=cli_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    history = tmp_path / "data" / "jobs.db"
    deadline = time.monotonic() + 60
    while created_rows(history) < 3:  # "Videos at once" (3) created, the feeder waits for a slot
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)  # another process's progress: nothing to await
    process.kill()
    process.wait(30)
    httpx.delete(f"{sim.base_url}/_sim/faults").raise_for_status()
    sent_before_resume = sim.stats()["create"] - before
    assert sent_before_resume == created_rows(history) == 3
    assert sent_before_resume < 13

    resumed = run_cli("resume", "--json")
    assert resumed.code == 0, resumed.stderr
    assert (resumed.final["done"], resumed.final["waiting"]) == (13, 0)
    assert sim.stats()["create"] == before + 13
    assert len([f for f in files_under(out) if f.suffix == ".mp4"]) == 13


def test_resume_exits_5_and_says_so_while_a_paused_batchs_rows_wait(run_cli, sim, tmp_path):
    store = JobStore(tmp_path / "data" / "jobs.db")
    batches = BatchStore(store)
    requests = [(n, GenerationRequest(f"A kite {n}")) for n in (1, 2, 3)]
    paused = batches.save(new_batch("later.txt", requests, created_at=1.0))
    batches.set_state(paused.id, BatchState.PAUSED)
    store.close()
    before = sim.stats().get("create", 0)
    resumed = run_cli("resume")
    assert resumed.code == 5, resumed.stderr
    assert "0 of 3 videos done" in resumed.stdout
    assert "3 waiting: the batch is paused. Resume it in the window's batch bar" in resumed.stdout
    assert sim.stats().get("create", 0) == before


def test_a_batch_exits_0_only_when_every_row_is_done():
    assert batch_exit_code(BatchProgress(done=3), 0, gave_up=False) == 0
    assert batch_exit_code(BatchProgress(done=1, cancelled=2), 0, gave_up=False) == 4
    assert batch_exit_code(BatchProgress(done=1, waiting=2), 0, gave_up=False) == 5
    assert batch_exit_code(BatchProgress(done=1, failed=1), 3, gave_up=False) == 4
    assert batch_exit_code(BatchProgress(done=1, failed=1, held=3), 3, gave_up=False) == 3
    assert batch_exit_code(BatchProgress(done=1, held=3), 0, gave_up=False) == 6
    assert batch_exit_code(BatchProgress(done=3), 0, gave_up=True) == 5
