"""Batches and presets in the main window, wired in one place so the window keeps only hooks.

`BatchesInWindow` builds, from the session's batch queue and presets keeper (either may be
absent: scripts and tests build windows without them), the batch bar over the videos, the
create panel's Presets button and the job menu's "Save as preset…", and opens the New batch
dialog. The window puts `bar` above the videos and calls it at the moments that matter:
`restore` once the runner has resumed its jobs, `caps_changed` when the settings are saved,
`detach` when it closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from hailuo_desktop.ui.batches.access import BatchCommands
from hailuo_desktop.ui.presets.access import PresetAccess, PresetList, list_presets

if TYPE_CHECKING:
    from hailuo_desktop.core.batches import Batch, BatchProgress
    from hailuo_desktop.core.jobs import Job
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.batches.bar import BatchBar
    from hailuo_desktop.ui.batches.dialog import BatchDialog
    from hailuo_desktop.ui.common.toast import Toast
    from hailuo_desktop.ui.create.panel import CreatePanel
    from hailuo_desktop.ui.jobs.view import JobListView
    from hailuo_desktop.ui.presets.actions import PresetActions


class BatchesInWindow(QObject):
    """The window's batch bar, Presets button and New batch dialog (see the module docstring).
    Public for tests: `bar`, `presets`."""

    def __init__(
        self,
        batches: BatchCommands | None,
        presets: PresetAccess | None,
        *,
        window: QWidget,
        panel: CreatePanel,
        job_view: JobListView,
        toast: Toast,
        settings: Settings,
        demo: bool,
        open_settings: Callable[[], object],
        job: Callable[[str], Job | None],
    ) -> None:
        super().__init__(window)
        self._batches = batches
        self._store = presets
        self._window = window
        self._panel = panel
        self._toast = toast
        self._settings = settings
        self._demo = demo
        self._job = job
        self.bar: BatchBar | None = None
        self.presets: PresetActions | None = None
        if batches is not None:
            from hailuo_desktop.ui.batches.bar import BatchBar

            self.bar = BatchBar(batches, demo=demo, notify=toast.show_message)
            self.bar.settingsRequested.connect(open_settings)
            self.bar.batchEnded.connect(self._on_batch_ended)
        if presets is not None:
            from hailuo_desktop.ui.presets.actions import PresetActions

            self.presets = PresetActions(presets, panel, notify=toast.show_message, parent=window)
            panel.add_prompt_tool(self.presets.button())
            job_view.savePresetRequested.connect(self._on_save_preset_from_job)

    # --- the window's hooks ----------------------------------------------------------------

    def offers_batches(self) -> bool:
        return self._batches is not None

    def open_batch_dialog(self) -> BatchDialog | None:
        """File → New batch…: the dialog over the form's options and the presets."""
        if self._batches is None:
            return None
        from hailuo_desktop.ui.batches.dialog import BatchDialog

        store = self._store
        dialog = BatchDialog(
            self._batches,
            form_request=self._panel.request(),
            presets=list_presets(store) if store is not None else PresetList((), ()),
            prices=lambda: self._settings.prices,
            threshold_usd=self._settings.batch_confirm_usd,
            demo=self._demo,
            parent=self._window,
        )
        dialog.batchQueued.connect(self._on_batch_queued)
        dialog.open()
        return dialog

    def restore(self) -> None:
        """The unfinished batches after a restart (once the runner has resumed its jobs)."""
        if self.bar is not None:
            self.bar.restore()

    def caps_changed(self) -> None:
        """The settings were saved: rows held by a cap try again under the new caps."""
        if self._batches is not None:
            self._batches.caps_changed()

    def detach(self) -> None:
        """The window closes: stop following the queue."""
        if self.bar is not None:
            self.bar.detach()

    # --- slots -----------------------------------------------------------------------------

    def _on_batch_queued(self, batch: Batch, count: int) -> None:
        from hailuo_desktop.ui.batches.words import videos

        self._toast.show_message(
            self.tr(
                "Queued {videos} — “{title}”. The bar above your videos shows how it goes."
            ).format(videos=videos(count), title=batch.title)
        )

    def _on_batch_ended(self, batch: Batch, progress: BatchProgress) -> None:
        from hailuo_desktop.core.batches import BatchState

        if batch.state is BatchState.CANCELLED:
            text = self.tr("Batch “{title}” cancelled: {done} done, {failed} failed.")
        else:
            text = self.tr("Batch “{title}” finished: {done} done, {failed} failed.")
        self._toast.show_message(
            text.format(title=batch.title, done=progress.done, failed=progress.failed),
            seconds=8.0,
        )

    def _on_save_preset_from_job(self, job_id: str) -> None:
        job = self._job(job_id)
        if job is not None and self.presets is not None:
            self.presets.save_from(job.request)
