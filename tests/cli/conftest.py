"""Command-line tests run the real `hailuo-desktop` in a subprocess against the simulator
served by its own process on 127.0.0.1 (steered and counted through its /_sim routes)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers import KEY, free_port


@dataclass
class SimProcess:
    base_url: str
    process: subprocess.Popen

    def fault(self, endpoint: str, fault: str, times: int | None = 1, **params) -> None:
        rule = {"endpoint": endpoint, "fault": fault, "times": times, "params": params}
        httpx.post(f"{self.base_url}/_sim/faults", json=rule).raise_for_status()

    def stats(self) -> dict[str, int]:
        return httpx.get(f"{self.base_url}/_sim/stats").json()["requests"]

    def create_bodies(self) -> list[dict]:
        return httpx.get(f"{self.base_url}/_sim/creates").json()["bodies"]


def start_simulator(time_scale: float, *keys: str) -> SimProcess:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "hailuo_desktop.simulator",
        "--port",
        str(port),
        "--time-scale",
        str(time_scale),
    ]
    for key in keys:
        command += ["--key", key]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return SimProcess(f"http://127.0.0.1:{port}", process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the simulator did not start") from None
            time.sleep(0.05)  # waiting for another process's socket: nothing to await


def stop(sim: SimProcess) -> None:
    sim.process.terminate()
    try:
        sim.process.wait(10)
    except subprocess.TimeoutExpired:
        sim.process.kill()


@pytest.fixture(scope="module")
def sim_process():
    """One simulator process per test module (tasks take ~0.3 s)."""
    sim = start_simulator(300, KEY)
    yield sim
    stop(sim)


@pytest.fixture
def sim(sim_process):
    """The shared simulator, with its fault rules cleared for each test."""
    httpx.delete(f"{sim_process.base_url}/_sim/faults").raise_for_status()
    return sim_process


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]

    @property
    def final(self) -> dict:
        return self.lines()[-1]


@pytest.fixture
def cli_env(tmp_path, sim):
    """Environment of a CLI process: its own data dir, the key, the simulator's address."""
    return {
        **os.environ,
        "HAILUO_DATA_DIR": str(tmp_path / "data"),
        "TOAPIS_API_KEY": KEY,
        "HAILUO_BASE_URL": sim.base_url,
        "HAILUO_CLI_PATIENCE": "20",
        "HAILUO_SPEEDUP": "50",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "hailuo_desktop", *args]


@pytest.fixture
def run_cli(cli_env, tmp_path):
    def run(*args: str, env: dict | None = None, timeout: float = 120) -> Result:
        done = subprocess.run(
            cli_command(*args),
            env=env or cli_env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())
