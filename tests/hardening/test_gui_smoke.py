"""A GUI smoke of the worst rows of the fault matrix: the window against the simulator on
127.0.0.1, where a create may have been billed but no answer came (in this run, or in the run
that crashed). The card says "Submission uncertain" in plain words, nothing is sent again."""

from __future__ import annotations

import socket

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget

from hailuo_desktop.api.client import Timeouts
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.job_flow import LOOKUP_TRIES
from hailuo_desktop.ui.jobs.model import JobRole
from tests.hardening.gui import open_window
from tests.helpers import until
from tests.simserver import SimServer


def card(window, role: JobRole) -> str:
    return window.model.data(window.model.index(0, 0), role)


async def test_a_create_billed_but_unanswered_is_uncertain_and_never_resent(tmp_path):
    with SimServer() as server:
        server.fault("create", "hang_after", seconds=30)
        server.fault("status", "server_error", LOOKUP_TRIES, status=404)  # the look-ups lag
        async with open_window(tmp_path, server, timeouts=Timeouts(create=0.5)) as w:
            editor = w.window.create_panel.prompt_editor
            editor.setFocus()
            QTest.keyClicks(editor, "A lighthouse at dusk")
            w.window.findChild(QPushButton, "generateButton").click()
            await until(lambda: w.window.model.rowCount() == 1)
            await until(lambda: w.window.model.job_at(0).state is JobState.UNCERTAIN, timeout=20)
            assert card(w.window, JobRole.STATE_TEXT) == "Submission uncertain"
            assert "not sent again" in card(w.window, JobRole.DETAIL_TEXT)
            await until(lambda: "not sent again" in w.window.toast.text())
            w.window.toast.action_button.click()  # Details
            dialog = w.window.findChild(QWidget, "errorDialog")
            assert "not sent again" in dialog.message()
            assert (await w.runner.wait(w.window.model.job_at(0).id)).state is JobState.UNCERTAIN
        assert (server.creates, server.billed) == (1, 1)


async def test_after_a_crash_during_create_the_restarted_window_says_uncertain(tmp_path):
    with SimServer() as server:
        from hailuo_desktop.store.history import JobStore

        crashed = JobStore(tmp_path / "data" / "jobs.db")
        crashed.insert(
            Job(
                id="crashed-while-creating",
                request=GenerationRequest("A lighthouse at dusk"),
                created_at=1.0,
                updated_at=1.0,
                state=JobState.SUBMITTING,
            )
        )
        crashed._db.execute(  # the lease of a process that no longer exists
            "UPDATE jobs SET owner = ?", (f"{socket.gethostname()}:999999999:gone",)
        )
        crashed.close()
        async with open_window(tmp_path, server) as w:
            await until(lambda: w.window.model.rowCount() == 1)
            await until(lambda: w.window.model.job_at(0).state is JobState.UNCERTAIN)
            assert card(w.window, JobRole.STATE_TEXT) == "Submission uncertain"
            assert "not sent again" in card(w.window, JobRole.DETAIL_TEXT)
        assert server.creates == 0
