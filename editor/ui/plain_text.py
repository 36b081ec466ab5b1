"""User text in widgets that guess between plain and rich text (tooltips): always shown literally.

Qt renders a tooltip as HTML when it looks like HTML, so a deleted word written `<img src=file://...>`
would make the window load that file. Every tooltip that contains user text goes through here.
"""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows `text` literally (Qt guesses rich text otherwise)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
