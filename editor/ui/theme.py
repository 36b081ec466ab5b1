"""The app's look, read from resources/ (see paths.resource_files): icon, colour palette, style sheet.

Painters ask `color(role)` at paint time instead of keeping colour constants, so switching between the light
and the dark palette repaints everything in the new colours. The scheme follows the system (Qt's colour scheme
hint, also when it changes while the app runs) unless the user picked Light or Dark under View > Colour Scheme.
"""

from __future__ import annotations

import json
import logging
import re
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyleFactory

from editor import paths

log = logging.getLogger(__name__)
ICON = "icons/transcript-editor.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
_TOKEN = re.compile(r"@([\w.-]+)")


class Scheme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class _State:
    """Which palette the painters use now, and the style the app had before a dark palette replaced it."""

    active = Scheme.LIGHT
    choice = Scheme.SYSTEM
    native_style: str | None = None
    dark_applied = False
    following = False


def _read(name: str) -> bytes:
    return (paths.resource_files() / name).read_bytes()


@cache
def palette_file() -> dict:
    return json.loads(_read("palette.json").decode("utf-8"))


def color(role: str) -> QColor:
    """The colour of `role` (e.g. "suspect.high", "playback.bar") in the scheme now in use."""
    return QColor(palette_file()[_State.active.value][role])


def speaker_palette() -> list[QColor]:
    """Default speaker colours (readable on this scheme's text background), picked by position."""
    return [QColor(c) for c in palette_file()[_State.active.value]["speakers"]]


def active_scheme() -> Scheme:
    """LIGHT or DARK: the palette in use now."""
    return _State.active


def is_applied() -> bool:
    """apply_theme has run (the style sheet and palette are in place)."""
    return _State.native_style is not None


def chosen_scheme() -> Scheme:
    """What the user chose (SYSTEM follows the desktop)."""
    return _State.choice


@cache
def app_icon() -> QIcon:
    """The application icon (window, about box, task bar), drawn from the bundled SVG at the usual sizes."""
    data = QByteArray(_read(ICON))
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        if pixmap.loadFromData(data, "SVG"):
            icon.addPixmap(pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
    if icon.isNull():
        log.warning("the application icon %s could not be drawn (no SVG image plugin?)", ICON)
    return icon


def tinted(icon: QIcon, color: QColor) -> QIcon:
    """`icon` drawn in `color` (its shape kept): the style's black media icons on a dark palette."""
    result = QIcon()
    for size in icon.availableSizes() or [QSize(16, 16)]:
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled):
            pixmap = icon.pixmap(size, mode)
            painter = QPainter(pixmap)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            shade = QColor(color)
            if mode is QIcon.Mode.Disabled:
                shade.setAlphaF(0.4)
            painter.fillRect(pixmap.rect(), shade)
            painter.end()
            result.addPixmap(pixmap, mode)
    return result


def style_sheet(scheme: Scheme) -> str:
    """resources/style.qss with each @role replaced by its colour in `scheme` (LIGHT or DARK)."""
    colors = palette_file()[scheme.value]
    text = _read("style.qss").decode("utf-8")

    def rgba(match: re.Match[str]) -> str:
        c = QColor(colors[match.group(1)])
        return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"

    return _TOKEN.sub(rgba, text)


def dark_palette() -> QPalette:
    """The Qt palette of the dark scheme (resources/palette.json "qt-dark")."""
    palette = QPalette()
    groups = (("qt-dark", (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)),
              ("qt-dark-disabled", (QPalette.ColorGroup.Disabled,)))
    for section, color_groups in groups:
        for role_name, value in palette_file()[section].items():
            role = getattr(QPalette.ColorRole, role_name)
            for group in color_groups:
                palette.setColor(group, role, QColor(value))
    return palette


def system_scheme() -> Scheme:
    """LIGHT or DARK as the desktop asks (Qt's colour scheme hint; light when the platform does not say)."""
    hints = QGuiApplication.styleHints()
    return Scheme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Scheme.LIGHT


def apply_theme(app: QApplication, choice: Scheme = Scheme.SYSTEM, *, system: Scheme | None = None) -> Scheme:
    """Give `app` the palette and style sheet for `choice` (SYSTEM: the desktop's, or `system` when the
    desktop just told us); returns the scheme in use. Widgets painting with `color()` repaint in it."""
    if _State.native_style is None:
        _State.native_style = app.style().name()
    _State.choice = choice
    scheme = choice if choice is not Scheme.SYSTEM else (system or system_scheme())
    _State.active = scheme
    if scheme is Scheme.DARK:
        # A platform style may draw with its own light colours; Fusion draws with the palette it is given.
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
    elif _State.dark_applied:  # back to the platform's own style and (light) palette
        app.setStyle(QStyleFactory.create(_State.native_style))
        app.setPalette(QPalette())
    _State.dark_applied = scheme is Scheme.DARK
    app.setStyleSheet(style_sheet(scheme))
    _follow_system(app)
    for widget in app.allWidgets():  # custom painters read color() when they paint: repaint everything
        widget.update()
    return scheme


def _follow_system(app: QApplication) -> None:
    if _State.following:
        return
    _State.following = True

    def changed(scheme: Qt.ColorScheme) -> None:
        if _State.choice is Scheme.SYSTEM:
            apply_theme(app, Scheme.SYSTEM, system=Scheme.DARK if scheme == Qt.ColorScheme.Dark else Scheme.LIGHT)

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)
