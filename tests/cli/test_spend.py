"""The spend guard from the command line: a daily cap that allows two videos of $0.28 lets two
`generate` runs through and refuses the third with exit code 6 before any request; `spend`
tells today and this month — what the simulator's balance says each lone video cost too —,
the caps and the models."""

from __future__ import annotations

from tests.cli.conftest import files_under

CAP_MESSAGE = (
    "This video (≈ $0.28) would pass today's cap of $0.56: $0.00 is left today. Raise the cap "
    "in Settings or wait until tomorrow."
)


def test_a_daily_cap_stops_the_third_video_before_any_request(run_cli, sim, tmp_path):
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.ini").write_text("[spending]\ndaily_cap_usd=0.56\n", encoding="utf-8")
    before = sim.stats().get("create", 0)
    for n in range(2):
        done = run_cli("generate", f"A kite number {n}", "--json")
        assert done.code == 0, done.stderr
    refused = run_cli("generate", "A third kite", "--json")
    assert refused.code == 6, refused.stderr
    assert refused.final == {
        "event": "final",
        "state": "refused",
        "error_kind": "spend_cap",
        "error_message": CAP_MESSAGE,
        "exit_code": 6,
    }
    plain = run_cli("generate", "A third kite")
    assert (plain.code, plain.stderr.strip(), plain.stdout) == (6, CAP_MESSAGE, "")
    assert sim.stats()["create"] == before + 2
    assert len([f for f in files_under(data / "library") if f.suffix == ".mp4"]) == 2

    report = run_cli("spend", "--json")
    assert report.code == 0, report.stderr
    assert report.final == {
        "today": {"videos": 2, "estimated_usd": 0.56, "charged_usd": 0.56, "refunded": 0},
        "month": {"videos": 2, "estimated_usd": 0.56, "charged_usd": 0.56, "refunded": 0},
        "caps": {"daily_usd": 0.56, "monthly_usd": None},
        "by_model": {"MiniMax-Hailuo-2.3": {"videos": 2, "estimated_usd": 0.56}},
    }
    text = run_cli("spend")
    assert text.code == 0, text.stderr
    assert "Today:       2 videos, ≈ $0.56 estimated (charged: $0.56)" in text.stdout
    assert "Daily cap:   $0.56 ($0.00 left)" in text.stdout
    assert "Monthly cap: none" in text.stdout


def test_spend_of_a_fresh_install_is_zero_with_no_caps(run_cli):
    report = run_cli("spend", "--json")
    assert report.code == 0, report.stderr
    assert report.final == {
        "today": {"videos": 0, "estimated_usd": 0.0, "charged_usd": 0.0, "refunded": 0},
        "month": {"videos": 0, "estimated_usd": 0.0, "charged_usd": 0.0, "refunded": 0},
        "caps": {"daily_usd": None, "monthly_usd": None},
        "by_model": {},
    }


def test_demo_videos_are_never_counted(run_cli, cli_env, tmp_path):
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.ini").write_text("[spending]\ndaily_cap_usd=0.01\n", encoding="utf-8")
    env = {**cli_env, "HAILUO_DEMO_TIME_SCALE": "300"}
    done = run_cli("generate", "A demo kite", "--demo", "--json", env=env)
    assert done.code == 0, done.stderr
    assert run_cli("spend", "--json").final["today"]["videos"] == 0
