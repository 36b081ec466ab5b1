"""The speaker menu shown by a click on the gutter or a right-click in the text: pick, make or clear a speaker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from editor.core.model import Transcript

KEYED_SPEAKERS = 9  # Ctrl+1…9 assign the first nine speakers: the menu shows those keys


def build_speaker_menu(parent: QWidget | None, transcript: Transcript, segment_ids: list[str],
                       pick: Callable[[str | None], None], make_new: Callable[[], None],
                       title: str = "Speaker") -> QMenu:
    """A menu of the transcript's speakers for `segment_ids`: the one they all have is checked.

    `pick(speaker_id)` assigns a speaker (None clears it); `make_new()` asks for a new one's name.
    """
    menu = QMenu(title, parent)
    current = {transcript.segment(i).speaker for i in segment_ids if transcript.has_segment(i)}
    count = len(segment_ids)
    if count > 1:
        heading = menu.addAction(f"For {count} paragraphs")
        heading.setEnabled(False)
    for number, speaker in enumerate(transcript.speakers, start=1):
        action = QAction(speaker.name, menu)  # QAction text is plain; '&' in a name would be a mnemonic
        action.setText(speaker.name.replace("&", "&&"))
        action.setCheckable(True)
        action.setChecked(current == {speaker.id})
        if number <= KEYED_SPEAKERS:
            action.setShortcut(f"Ctrl+{number}")  # shown as a hint; the window's own actions handle the keys
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(lambda _checked=False, sid=speaker.id: pick(sid))
        menu.addAction(action)
    if transcript.speakers:
        menu.addSeparator()
    new = menu.addAction("New Speaker…")
    new.triggered.connect(make_new)
    clear = menu.addAction("No Speaker")
    clear.setEnabled(current != {None})
    clear.triggered.connect(lambda: pick(None))
    return menu
