"""The question asked before a job is made again: retrying is paid again, like any new video."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import estimate_price
from hailuo_desktop.ui.common.translators import translate_message


def ask_before_retry(parent: QWidget, job: Job) -> bool:
    """Ask whether to start a new, paid job like `job`; True when the user agrees."""
    translate = QCoreApplication.translate
    estimate = estimate_price(job.request)
    lines = [translate("JobListView", "Retrying starts a new video with the same settings.")]
    if estimate is not None:
        text = translate("JobListView", "It is paid again, like any new video: {price}.")
        lines.append(text.format(price=translate_message(estimate.label)))
    else:
        lines.append(translate("JobListView", "It is paid again, like any new video."))
    if job.state is JobState.UNCERTAIN:
        lines.append(
            translate(
                "JobListView",
                "The first attempt may already have been charged and may still make a video.",
            )
        )
    elif job.state is JobState.DONE:
        lines.append(
            translate("JobListView", "You keep the video you have; the new one will differ.")
        )
    title = translate("JobListView", "Retry this video?")
    box = QMessageBox(QMessageBox.Icon.Question, title, " ".join(lines), parent=parent)
    box.setObjectName("retryConfirmation")
    retry = box.addButton(
        translate("JobListView", "Retry and pay again"), QMessageBox.ButtonRole.AcceptRole
    )
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is retry
