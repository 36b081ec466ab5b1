"""The look from resources/: light and dark palettes (chosen in the View menu or following the system), the
icon, the style sheet, and no colour hard-coded in the UI code any more."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel
from review_helpers import open_reviewed
from ui_helpers import put_cursor

from editor import paths
from editor.ui import theme
from editor.ui.settings import Key

UI = Path(__file__).resolve().parents[2] / "editor" / "ui"
SHOTS = Path("/tmp")  # the screenshots stay there for a human to look at


@pytest.fixture
def sample_window(qtbot, tmp_path, dialogs):
    window = open_reviewed(qtbot, paths.bundled_sample())  # suspects underlined: their colours show too
    put_cursor(window, 2, 0)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Down)
    yield window
    theme.apply_theme(QApplication.instance(), theme.Scheme.SYSTEM)  # later tests expect the light default


def _lightness(image: QImage, widget, window) -> int:
    """Median lightness of a widget's area in a grab of the whole window."""
    origin = widget.mapTo(window, widget.rect().topLeft())
    values = sorted(image.pixelColor(origin.x() + x, origin.y() + y).lightness()
                    for x in range(5, widget.width() - 5, 13) for y in range(5, widget.height() - 5, 13))
    return values[len(values) // 2]


def _shoot(window, name: str) -> QImage:
    path = SHOTS / f"transcript-editor-{name}.png"
    assert window.grab().save(str(path))
    return QImage(str(path))


def test_view_menu_switches_between_light_and_dark_and_remembers_it(sample_window):
    window = sample_window
    pane = window.transcript_pane
    light = _shoot(window, "light")
    assert _lightness(light, pane.viewport(), window) > 200
    assert theme.active_scheme() is theme.Scheme.LIGHT
    window.scheme_actions[theme.Scheme.DARK].trigger()
    dark = _shoot(window, "dark")
    assert theme.active_scheme() is theme.Scheme.DARK and window.settings.get(Key.COLOR_SCHEME) == "dark"
    assert _lightness(dark, pane.viewport(), window) < 60
    assert _lightness(dark, window.speakers_panel, window) < 80
    assert QApplication.palette().text().color().lightness() > 180  # light text on the dark base
    # the speaker name in the gutter takes the dark palette's lighter colour
    speaker = window.doc.transcript.segments[2].speaker
    assert pane.speaker_color(speaker) == theme.speaker_palette()[0]
    assert pane.speaker_color(speaker).lightness() > QColor(theme.palette_file()["light"]["speakers"][0]).lightness()
    # the current-block highlight is the dark one (not a light yellow band on a dark page)
    assert pane.extraSelections()[0].format.background().color() == theme.color("pane.current-block")
    play = window.media.bar.play_button.icon().pixmap(16, 16).toImage()  # the style's black icon, now light
    assert max(play.pixelColor(x, y).lightness() for x in range(16) for y in range(16)
               if play.pixelColor(x, y).alpha() > 200) > 180
    window.scheme_actions[theme.Scheme.LIGHT].trigger()
    assert _lightness(window.grab().toImage(), pane.viewport(), window) > 200
    assert window.settings.get(Key.COLOR_SCHEME) == "light"


def test_following_the_system_switches_when_the_desktop_does(sample_window):
    window = sample_window
    hints = QGuiApplication.styleHints()
    assert theme.chosen_scheme() is theme.Scheme.SYSTEM
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what Qt sends when the desktop turns dark
    assert theme.active_scheme() is theme.Scheme.DARK
    assert QApplication.palette().base().color().lightness() < 60
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.active_scheme() is theme.Scheme.LIGHT
    window.set_color_scheme(theme.Scheme.LIGHT)  # a fixed choice ignores the desktop
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.active_scheme() is theme.Scheme.LIGHT


def test_the_style_sheet_colours_hints_from_the_palette(sample_window):
    window = sample_window
    hint = next(label for label in window.speakers_panel.findChildren(QLabel) if label.property("role") == "hint")
    assert hint.palette().windowText().color() == theme.color("text.hint")
    window.set_color_scheme(theme.Scheme.DARK)
    hint.ensurePolished()
    assert hint.palette().windowText().color() == theme.color("text.hint")
    assert theme.color("text.hint") != QColor(theme.palette_file()["light"]["text.hint"])


def test_both_schemes_define_every_role_as_a_valid_colour():
    data = theme.palette_file()
    assert set(data["light"]) == set(data["dark"])
    assert len(data["light"]["speakers"]) == len(data["dark"]["speakers"]) >= 8
    for scheme in ("light", "dark"):
        for role, value in data[scheme].items():
            for text in value if isinstance(value, list) else [value]:
                assert QColor(text).isValid(), (scheme, role, text)
    used = set(re.findall(r'color\("([\w.-]+)"\)', "".join(p.read_text() for p in UI.rglob("*.py"))))
    assert used and used <= set(data["light"])  # every role the code asks for exists
    assert set(re.findall(r"@([\w.-]+)", theme.style_sheet(theme.Scheme.LIGHT))) == set()  # all replaced


def test_no_colour_is_hard_coded_in_the_ui_code():
    pattern = re.compile(r'#[0-9a-fA-F]{6}\b|QColor\(\s*\d')
    offenders = [f"{p.relative_to(UI)}:{n}" for p in UI.rglob("*.py")
                 for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_the_icon_is_on_the_window_and_the_desktop_entry_names_it(sample_window):
    assert not sample_window.windowIcon().isNull()
    assert theme.app_icon().availableSizes()  # drawn from the SVG at several sizes
    entry = configparser.ConfigParser(interpolation=None)
    entry.read_string((paths.resource_files() / "transcript-editor.desktop").read_text())
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"].startswith("transcript-editor")
    assert (paths.resource_files() / "icons" / f"{desktop['Icon']}.svg").is_file()
