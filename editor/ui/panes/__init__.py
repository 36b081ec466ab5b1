"""The main window's panes: original source, editable transcript (with gutter and marks), speakers."""
