"""The app's bundled resources: icon, colour palette, style sheet, desktop entry.

This folder is installed as the package `editor.resources` (setup.py maps it), so the app reads these files
with importlib.resources from a wheel, a plain `pip install .` and an editable install alike.
"""
