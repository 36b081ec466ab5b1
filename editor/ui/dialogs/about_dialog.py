"""Help > About: the version, and the word lists and models the app uses from other packages with their
licences (resources/bundled-data.json names them; versions and licence texts come from the installed
packages' metadata, so the box describes what is really installed)."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import editor
from editor import paths
from editor.ui import theme


@dataclass(frozen=True)
class BundledItem:
    title: str
    package: str
    version: str | None  # None: the package is not installed
    present: bool  # the file exists inside the installed package
    licence: str

    def licence_text(self) -> str:
        """The package's own licence file(s), as installed."""
        try:
            files = metadata.files(self.package) or []
        except metadata.PackageNotFoundError:
            return f"{self.package} is not installed."
        texts = [f"{f}\n\n{Path(str(f.locate())).read_text(encoding='utf-8', errors='replace')}" for f in files
                 if any(mark in f.name.upper() for mark in ("LICEN", "COPYING"))]
        return "\n\n".join(texts) or f"{self.package} ships no licence file; its metadata says: {self.licence}"


def bundled_items() -> list[BundledItem]:
    data = json.loads((paths.resource_files() / "bundled-data.json").read_text(encoding="utf-8"))
    items = []
    for entry in data["items"]:
        try:
            version: str | None = metadata.version(entry["package"])
            present = (resources.files(entry["module"]) / entry["file"]).is_file() or \
                (resources.files(entry["module"]) / entry["file"]).is_dir()
        except (metadata.PackageNotFoundError, ModuleNotFoundError):
            version, present = None, False
        items.append(BundledItem(entry["title"], entry["package"], version, present, entry["licence"]))
    return items


def version_line() -> str:
    return (f"Version {editor.__version__} · Python {platform.python_version()} · Qt {qVersion()} "
            f"(PySide6 {PySide6.__version__})")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Transcript Editor")
        self.resize(720, 520)
        icon = QLabel()
        icon.setPixmap(theme.app_icon().pixmap(64, 64))
        title = QLabel("Transcript Editor")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.version_label = QLabel(version_line())
        self.version_label.setTextFormat(Qt.TextFormat.PlainText)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blurb = QLabel("Correct speech-to-text transcripts by hand. The suspect check uses these word lists and "
                       "models, installed with the packages named:")
        blurb.setTextFormat(Qt.TextFormat.PlainText)
        blurb.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.version_label)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        self.items = bundled_items()
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Word list or model", "Package", "Licence"])
        for item in self.items:
            package = f"{item.package} {item.version}" if item.version else f"{item.package} (not installed)"
            if item.version and not item.present:
                package += " (file missing)"
            row = QTreeWidgetItem(self.table, [item.title, package, item.licence])
            row.setToolTip(2, item.licence)
        for column in (0, 1):
            self.table.resizeColumnToContents(column)
        rows = max(1, len(self.items))
        row_height = max(self.table.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.table.setMaximumHeight(self.table.header().sizeHint().height() + rows * row_height + 2 * self.table.frameWidth() + 4)
        self.table.currentItemChanged.connect(self._show_licence)
        self.licence_view = QPlainTextEdit()
        self.licence_view.setReadOnly(True)
        self.licence_view.setPlaceholderText("Choose a row to read its package's licence.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(blurb)
        layout.addWidget(self.table)
        layout.addWidget(self.licence_view, 1)
        layout.addWidget(buttons)
        self.setWindowIcon(theme.app_icon())
        if self.items:
            self.table.setCurrentItem(self.table.topLevelItem(0))

    def _show_licence(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if current is None:
            return
        self.licence_view.setPlainText(self.items[self.table.indexOfTopLevelItem(current)].licence_text())
