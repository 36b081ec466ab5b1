"""Only what pyproject.toml cannot say: the top-level `seeds/` and `resources/` folders install as the
packages `editor.seeds` and `editor.resources`, so a wheel carries the sample and the icon/palette/style sheet
while the source tree keeps them at the top level. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["editor", "editor.*"]), "editor.seeds", "editor.resources"],
    package_dir={"editor.seeds": "seeds", "editor.resources": "resources"},
)
