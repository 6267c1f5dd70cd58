"""The question before a shot is made again: which shots that makes (the shot, then those that
continue from it, which start on its picture) and what they cost together."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from hailuo_desktop.core.options import PriceEstimate
from hailuo_desktop.core.stories import Shot


@dataclass(frozen=True)
class RemakePlan:
    """What "Make again" on `shot` makes: `shots` (it first), and their estimate's text."""

    shot: Shot
    shots: tuple[Shot, ...]
    estimate: str


def remake_plan(
    shots: tuple[Shot, ...], estimate: PriceEstimate | None, *, demo: bool
) -> RemakePlan:
    """The plan of the engine's offer (`StoryMaker.remake_offer`): `shots`, the remade one
    first, and their estimate (None without a published price)."""
    translate = QCoreApplication.translate
    shot = shots[0]
    if demo:
        text = translate("RemakeQuestion", "Demo: nothing is billed.")
    elif estimate is None:
        text = translate("RemakeQuestion", "No published price for one of these shots.")
    else:
        text = translate("RemakeQuestion", "Estimate: ≈ ${usd} ({credits} credits)").format(
            usd=f"{estimate.usd:.2f}", credits=estimate.credits
        )
        if estimate.guess:
            text += translate("RemakeQuestion", " — a guess, no published price")
    return RemakePlan(shot, shots, text)


def remake_question(parent: QWidget | None, plan: RemakePlan) -> QMessageBox:
    """The question, built (not shown): "Make again" or "Cancel"."""
    translate = QCoreApplication.translate
    box = QMessageBox(parent)
    box.setObjectName("makeAgainQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("RemakeQuestion", "Make the shot again"))
    number = plan.shot.number
    shots_and_price = (  # below the question of a shot made again with those continuing from it
        "\n\n"
        + translate("RemakeQuestion", "{count} shots. ").format(count=len(plan.shots))
        + plan.estimate
    )
    if len(plan.shots) == 1:
        box.setText(translate("RemakeQuestion", "Make shot {number} again?").format(number=number))
        box.setInformativeText(
            translate(
                "RemakeQuestion",
                "It is a new, paid video; the one made before stays in your videos.",
            )
            + "\n\n"
            + plan.estimate
        )
    elif len(plan.shots) == 2:
        later = str(plan.shots[1].number)
        box.setText(
            translate("RemakeQuestion", "Make shot {number} again, with shot {later}?").format(
                number=number, later=later
            )
        )
        box.setInformativeText(
            translate(
                "RemakeQuestion",
                "Shot {later} continues from shot {number}: it starts on its last frame, so it "
                "is made again after it. Each is a new, paid video; the ones made before stay "
                "in your videos.",
            ).format(number=number, later=later)
            + shots_and_price
        )
    else:
        later = ", ".join(str(shot.number) for shot in plan.shots[1:])
        box.setText(
            translate("RemakeQuestion", "Make shot {number} again, with shots {later}?").format(
                number=number, later=later
            )
        )
        box.setInformativeText(
            translate(
                "RemakeQuestion",
                "Shots {later} continue from shot {number}: they start on its last frame, so "
                "they are made again after it. Each is a new, paid video; the ones made before "
                "stay in your videos.",
            ).format(number=number, later=later)
            + shots_and_price
        )
    again = box.addButton(
        translate("RemakeQuestion", "Make again"), QMessageBox.ButtonRole.AcceptRole
    )
    again.setObjectName("makeAgainConfirm")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box


def ask_before_remake(parent: QWidget | None, plan: RemakePlan) -> bool:
    box = remake_question(parent, plan)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
