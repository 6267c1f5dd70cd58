"""The questions the batch and preset windows ask: yes or no, a name, a file or a folder.

One small object (`Questions`) so that the dialogs and the presets' actions take it in their
`__init__` and tests hand in scripted answers (`tests/ui/test_batches.py`) instead of driving
modal dialogs. The real one asks with Qt's standard dialogs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Questions:
    """Asks the user with Qt's dialogs; every method returns None (or False) when cancelled."""

    def yes_no(self, parent: QWidget, title: str, text: str, yes: str) -> bool:
        """A plain question whose affirmative button says `yes`; No is the default."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setObjectName("confirmation")
        agree = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is agree

    def tell(self, parent: QWidget, title: str, text: str) -> None:
        """A plain message (a problem and its reason)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setObjectName("problemMessage")
        box.exec()

    def text(self, parent: QWidget, title: str, label: str, value: str = "") -> str | None:
        answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, value)
        return answer if ok else None

    def open_file(self, parent: QWidget, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return path or None

    def save_file(self, parent: QWidget, title: str, name: str, filters: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, name, filters)
        return path or None

    def folder(self, parent: QWidget, title: str) -> str | None:
        return QFileDialog.getExistingDirectory(parent, title) or None
