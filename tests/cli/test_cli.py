"""The command-line contract of PRODUCT.md: output, files, exit codes, and the money rules,
with the real program in a subprocess and the simulator in another."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess

import pytest

from hailuo_desktop.media.probe import probe
from hailuo_desktop.paths import resource_path
from tests.cli.conftest import cli_command, files_under, start_simulator, stop
from tests.helpers import KEY, free_port, png_bytes


def test_generate_downloads_the_video_and_its_sidecar(run_cli, sim, tmp_path):
    before = sim.stats().get("create", 0)
    result = run_cli("generate", "A cat running [Pan left]", "--out", "clips", "--json")
    assert result.code == 0, result.stderr
    final = result.final
    assert final["event"] == "final" and final["state"] == "done" and final["exit_code"] == 0
    video = tmp_path / "clips" / os.path.basename(final["path"])
    assert video.exists() and video.read_bytes()[4:8] == b"ftyp"
    sidecar = json.loads(video.with_suffix(".json").read_text())
    assert (
        sidecar["prompt"] == "A cat running [Pan left]" and sidecar["task_id"] == final["task_id"]
    )
    assert next(line["state"] for line in result.lines()) == "submitting"
    assert sim.stats()["create"] == before + 1


def test_plain_output_names_each_step_and_the_file(run_cli):
    result = run_cli("generate", "Waves at dusk", "--resolution", "1080p")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Submitting", "Queued"] and lines[-2] == "Done"
    assert lines[-1].startswith("Saved ") and lines[-1].endswith(".mp4")


def test_progress_bar_on_a_terminal(cli_env, tmp_path):
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        cli_command("generate", "A fox [Zoom in]"),
        env=cli_env,
        cwd=tmp_path,
        stdout=terminal,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(60) == 0
    text = output.decode()
    assert "\r" in text and "[####" in text and "100%" in text and "Saved " in text


def test_first_frame_video(run_cli, sim, tmp_path):
    picture = tmp_path / "portrait.png"
    picture.write_bytes(png_bytes(480, 640))
    before = sim.stats().get("upload", 0)
    result = run_cli(
        "generate",
        "She turns",
        "--model",
        "MiniMax-Hailuo-2.3-Fast",
        "--first-frame",
        str(picture),
        "--json",
    )
    assert result.code == 0, result.stderr
    assert [line["state"] for line in result.lines()][:2] == ["uploading", "submitting"]
    assert sim.stats()["upload"] == before + 1


# --- exit code 2: invalid input changes nothing ------------------------------------------


def test_invalid_inputs_exit_2_and_send_nothing(run_cli, sim, tmp_path):
    before = sim.stats().get("create", 0)
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_text("hello")
    cases = [
        (("generate", "x" * 2001), "2001 characters"),
        (("generate", "A cat", "--resolution", "1080p", "--duration", "10"), "6 seconds"),
        (("generate", "A cat", "--model", "MiniMax-Hailuo-2.3-Fast"), "first frame"),
        (("generate", "   "), "Describe the video"),
        (("generate", "A cat", "--first-frame", str(not_a_picture)), "not a picture"),
    ]
    for args, words in cases:
        result = run_cli(*args)
        assert result.code == 2, (args, result.stderr)
        assert words in result.stderr
    assert sim.stats().get("create", 0) == before
    assert not (tmp_path / "data" / "library").exists()


def test_h3_sends_the_documented_body_and_saves_the_clip(run_cli, sim, tmp_path):
    args = ["--model", "MiniMax-H3", "--duration", "8", "--resolution", "768p"]
    result = run_cli("generate", "A fox in the snow", *args, "--aspect-ratio", "9:16", "--json")
    assert result.code == 0, result.stderr
    body = sim.create_bodies()[-1]
    job_id = result.final["job_id"]
    assert body == {
        "model": "MiniMax-H3",
        "prompt": "A fox in the snow",
        "duration": 8,
        "resolution": "768p",
        "aspect_ratio": "9:16",
        "watermark": False,
        "client_business_id": job_id,
    }
    clip = probe(result.final["path"])
    assert clip.picture == (768, 1366) and clip.seconds == pytest.approx(8, abs=0.2)
    assert clip.has_sound


@pytest.mark.parametrize(
    ("model", "media", "size", "sound"),
    [
        (
            "MiniMax-Hailuo-02",
            ["--first-frame", "wide", "--last-frame", "tall"],
            (1366, 768),
            False,
        ),
        (
            "MiniMax-H3",
            ["--reference-image", "tall", "--reference-video", "sample", "--resolution", "768p"],
            (768, 1366),
            True,
        ),
        ("MiniMax-H3", ["--first-frame", "wide", "--resolution", "768p"], (1366, 768), True),
    ],
    ids=["02 first and last", "H3 references", "H3 first frame"],
)
def test_each_model_makes_a_playable_clip_end_to_end(
    run_cli, sim, tmp_path, model, media, size, sound
):
    files = {
        "wide": tmp_path / "wide.png",
        "tall": tmp_path / "tall.png",
        "sample": resource_path("sample", "sample.mp4"),
    }
    files["wide"].write_bytes(png_bytes(640, 360))
    files["tall"].write_bytes(png_bytes(360, 640))
    args = [str(files.get(arg, arg)) for arg in media]
    result = run_cli(
        "generate", "A bud opens", "--model", model, "--duration", "6", *args, "--json"
    )
    assert result.code == 0, result.stderr
    clip = probe(result.final["path"])
    assert clip.picture == size and clip.seconds == pytest.approx(6, abs=0.2)
    assert clip.has_sound is sound


def test_impossible_choices_for_the_new_models_exit_2_naming_the_rule(run_cli, sim, tmp_path):
    before = sim.stats().get("create", 0)
    long_video = tmp_path / "long.mp4"
    long_video.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(8))
    cases = [
        (("--model", "MiniMax-H3", "--duration", "16"), "4 to 15 seconds, not 16"),
        (("--model", "MiniMax-H3", "--resolution", "1080p"), "768p / 2K, not 1080p"),
        (("--resolution", "2K"), "768p / 1080p, not 2K"),
        (("--aspect-ratio", "1:1"), "no aspect-ratio choice"),
        (("--model", "MiniMax-H3", "--aspect-ratio", "adaptive"), "Adaptive"),
        (("--model", "MiniMax-Hailuo-02", "--last-frame", "x.png"), "needs a first frame"),
        (("--reference-image", "x.png"), "no reference pictures"),
        (("--model", "MiniMax-H3", "--reference-video", str(long_video)), "not a video"),
        (("--model", "MiniMax-H3", "--resolution", "4k"), "choose from"),
    ]
    for args, words in cases:
        result = run_cli("generate", "A cat", *args)
        assert result.code == 2, (args, result.stderr)
        assert words in result.stderr, (args, result.stderr)
    assert sim.stats().get("create", 0) == before


def test_a_base_url_pasted_with_v1_never_asks_for_v1_v1(run_cli, cli_env, sim):
    before = sim.stats().get("create", 0)
    result = run_cli("generate", "A cat", env={**cli_env, "HAILUO_BASE_URL": f"{sim.base_url}/v1/"})
    assert result.code == 0, result.stderr
    assert sim.stats()["create"] == before + 1


def test_insecure_base_url_is_refused_before_any_connection(run_cli, cli_env):
    result = run_cli("generate", "A cat", env={**cli_env, "HAILUO_BASE_URL": "http://example.com"})
    assert result.code == 2 and "https://" in result.stderr


def test_invalid_input_as_json(run_cli):
    result = run_cli("generate", "x" * 2001, "--json")
    assert result.code == 2 and result.final["exit_code"] == 2


# --- exit code 3: key and balance ---------------------------------------------------------


def test_no_key_exits_3_without_a_request(run_cli, cli_env, sim):
    before = sum(sim.stats().values())
    env = {key: value for key, value in cli_env.items() if key != "TOAPIS_API_KEY"}
    result = run_cli("generate", "A cat", env=env)
    assert result.code == 3 and "TOAPIS_API_KEY" in result.stderr
    assert sum(sim.stats().values()) == before


def test_wrong_key_exits_3(run_cli, cli_env):
    result = run_cli(
        "generate", "A cat", "--json", env={**cli_env, "TOAPIS_API_KEY": "sk-not-the-right-one"}
    )
    assert result.code == 3 and result.final["error_kind"] == "auth"
    assert "sk-not-the-right-one" not in result.stdout + result.stderr


def test_out_of_credits_exits_3(run_cli, sim):
    sim.fault("create", "insufficient")
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 3 and "Top up" in result.final["error_message"]


# --- exit code 4: generation failed -------------------------------------------------------


def test_failed_generation_exits_4(run_cli, sim):
    sim.fault("create", "task_fails")
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 4 and result.final["state"] == "failed"
    assert result.final["error_reason"] == "Generation failed: the model could not render this"


def test_a_failure_prints_the_services_own_reason_under_the_plain_words(run_cli, sim):
    sim.fault("create", "task_fails")
    result = run_cli("generate", "A cat")
    plain, reason = result.stdout.splitlines()[-3:-1]
    assert plain.startswith("Failed: ") and "could not be generated" in plain
    assert reason == "The service said: Generation failed: the model could not render this"


def test_completed_without_url_exits_4_with_a_clear_message(run_cli, sim):
    sim.fault("create", "no_url")
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 4 and "provider returned no video" in result.final["error_message"]


# --- exit code 5: network and server trouble; never billed twice --------------------------


def test_create_500_is_uncertain_and_sent_once(run_cli, sim):
    before = sim.stats().get("create", 0)
    sim.fault("create", "server_error", status=500)
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 5 and result.final["state"] == "submission_uncertain"
    assert sim.stats()["create"] == before + 1


def test_dropped_create_is_uncertain_and_sent_once(run_cli, sim):
    before = sim.stats().get("create", 0)
    sim.fault("create", "drop")
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 5 and result.final["state"] == "submission_uncertain"
    assert sim.stats()["create"] == before + 1


def test_unreachable_service_exits_5(run_cli, cli_env):
    env = {
        **cli_env,
        "HAILUO_BASE_URL": f"http://127.0.0.1:{free_port()}",
        "HAILUO_CLI_PATIENCE": "1",
    }
    result = run_cli("generate", "A cat", "--json", env=env)
    # Never reached the service, so nothing was billed: kept for `resume` to send it again.
    assert result.code == 5 and result.final["state"] == "submitting"
    assert "internet connection" in result.final["error_message"]
    resumed = run_cli("resume", env={**env, "HAILUO_BASE_URL": cli_env["HAILUO_BASE_URL"]})
    assert resumed.code == 0 and "Saved" in resumed.stdout


def test_rate_limited_polls_are_waited_out(run_cli, sim):
    sim.fault("status", "rate_limit", times=2, retry_after=1)
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 0
    assert any("slow down" in line.get("notice", "") for line in result.lines())


def test_a_wait_longer_than_the_patience_leaves_the_job_at_once(run_cli, sim):
    sim.fault("status", "rate_limit", times=1, retry_after=3600)
    polls = sim.stats().get("status", 0)
    result = run_cli("generate", "A cat")  # an hour's sleep would pass run_cli's timeout
    assert result.code == 5, result.stderr
    assert "asked to wait until" in result.stdout and "resume" in result.stdout
    assert sim.stats()["status"] == polls + 1  # it left after the one refused poll


def test_a_status_that_trickles_ends_the_command_within_patience_and_one_timeout(
    run_cli, cli_env, sim
):
    """Each poll is answered a byte every 0.2 s, never silent long enough for a read timeout
    (before whole-request budgets, each poll lasted the trickle's 120 s): every poll ends at its
    budget, and the command gives up once its patience has run out, the job kept."""
    patience, timeout = 2.0, 1.0
    sim.fault("status", "trickle", times=None, interval=0.2, seconds=120)
    polls = sim.stats().get("status", 0)
    env = {**cli_env, "HAILUO_CLI_PATIENCE": str(patience), "HAILUO_REQUEST_TIMEOUT": str(timeout)}
    start_up = 40.0  # a sanity bound for starting Python and the engine on a loaded machine
    result = run_cli("generate", "A cat", "--json", env=env, timeout=patience + timeout + start_up)
    assert result.code == 5 and result.final["state"] == "queued", result.stderr
    assert result.final["error_message"] == "The video service did not answer in time."
    assert sim.stats()["status"] >= polls + 2  # it polled through its patience, then left


def test_a_truncated_download_is_resumed(run_cli, sim):
    sim.fault("download", "truncate", fraction=0.5)
    result = run_cli("generate", "A cat", "--json")
    assert result.code == 0 and os.path.getsize(result.final["path"]) > 1000


# --- history, resume, import --------------------------------------------------------------


def test_killed_mid_poll_then_resume_finishes_with_one_create(cli_env, run_cli, tmp_path):
    slow = start_simulator(20, KEY)  # ~5 s of generation: time to kill the process mid-poll
    try:
        env = {**cli_env, "HAILUO_BASE_URL": slow.base_url}
        process = subprocess.Popen(
            cli_command("generate", "A slow cat", "--json", "--out", "kept"),
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in process.stdout:
            if json.loads(line)["state"] in ("queued", "generating"):
                break
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        assert list((tmp_path / "kept").iterdir()) == []  # made before the create, no video yet

        result = run_cli("resume", "--json", env=env)
        assert result.code == 0, result.stderr
        video = tmp_path / "kept" / os.path.basename(result.final["path"])
        assert video.exists()  # where the first process meant to put it
        assert slow.stats()["create"] == 1
    finally:
        stop(slow)


def test_jobs_lists_the_history_newest_first(run_cli):
    assert run_cli("generate", "First clip").code == 0
    assert run_cli("generate", "Second clip").code == 0
    result = run_cli("jobs", "--json")
    prompts = [line["prompt"] for line in result.lines()]
    assert result.code == 0 and prompts == ["Second clip", "First clip"]
    assert "Second clip" in run_cli("jobs").stdout


def test_import_follows_a_task_created_elsewhere(run_cli, sim):
    import httpx

    created = httpx.post(
        f"{sim.base_url}/v1/videos/generations",
        headers={"Authorization": f"Bearer {KEY}"},
        json={"model": "MiniMax-Hailuo-2.3", "prompt": "Made on the web"},
    )
    task_id = created.json()["id"]
    result = run_cli("import", task_id, "--json")
    assert result.code == 0 and result.final["task_id"] == task_id
    assert os.path.exists(result.final["path"])


def test_unknown_task_import_exits_4(run_cli):
    result = run_cli("import", "video_does_not_exist", "--json")
    assert result.code == 4 and result.final["error_kind"] == "not_found"


def test_two_processes_share_one_history(cli_env, run_cli, tmp_path):
    processes = [
        subprocess.Popen(
            cli_command("generate", f"Parallel {n}"),
            env=cli_env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]
    assert [process.wait(120) for process in processes] == [0, 0]
    states = [line["state"] for line in run_cli("jobs", "--json").lines()]
    assert states == ["done", "done"]


def test_the_key_never_reaches_output_logs_or_files(run_cli, cli_env, tmp_path):
    result = run_cli("generate", "A cat", "--json", env={**cli_env, "HAILUO_LOG_LEVEL": "DEBUG"})
    assert result.code == 0 and "DEBUG" in result.stderr  # the logs were on
    assert KEY not in result.stdout + result.stderr
    for path in files_under(tmp_path):
        assert KEY.encode() not in path.read_bytes(), path


def test_demo_mode_needs_no_key_and_no_network(run_cli, cli_env, tmp_path):
    env = {
        key: value
        for key, value in cli_env.items()
        if key not in ("TOAPIS_API_KEY", "HAILUO_BASE_URL")
    }
    env["HAILUO_DEMO_TIME_SCALE"] = "100"
    result = run_cli("generate", "A cat running [Pan left]", "--demo", "--out", "clips", env=env)
    assert result.code == 0, result.stderr
    assert len(list((tmp_path / "clips").glob("*.mp4"))) == 1
