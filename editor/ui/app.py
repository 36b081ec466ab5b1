"""Start the GUI: check the display first, install an error dialog for bugs, open a file or the sample."""

from __future__ import annotations

import ctypes.util
import logging
import os
import sys
import traceback
from types import TracebackType

from editor import paths

log = logging.getLogger("editor.ui")

# Debian/Ubuntu packages Qt's xcb platform plugin needs beyond a plain X11 install, by library name.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-xkb": "libxcb-xkb1",
}


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why Qt could not show a window here (one line), or None when it should work."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, minimal, vnc...: no system libraries to check
    if not sys.platform.startswith("linux"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("no display found (neither DISPLAY nor WAYLAND_DISPLAY is set); run it in a desktop session, "
                "or set QT_QPA_PLATFORM=offscreen to run without a screen")
    if env.get("WAYLAND_DISPLAY") and not platform.startswith("xcb"):
        return None
    missing = [package for lib, package in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return (f"Qt's X11 (xcb) platform plugin cannot load: missing libraries; install them with "
                f"`sudo apt-get install {' '.join(missing)}` (or set QT_QPA_PLATFORM=offscreen to run without a screen)")
    display = env.get("DISPLAY", "")
    if display and not _x_display_reachable(display):
        return (f"cannot connect to the X display {display!r} (DISPLAY); start the app inside that desktop session, "
                "or set QT_QPA_PLATFORM=offscreen to run without a screen")
    return None


def _x_display_reachable(display: str) -> bool:
    """Try an X connection the way Qt's xcb plugin will (Qt aborts the process when this fails)."""
    try:
        xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
    except OSError:
        return True  # cannot check here; let Qt report it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def _log_file() -> str:
    return str(paths.user_data_dir() / "transcript-editor.log")


def install_excepthook() -> None:
    """Bugs become a logged traceback and a plain dialog, never a crash or a console dump."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unexpected error\n%s", details)
        from PySide6.QtWidgets import QApplication

        from editor.ui.dialogs.messages import show_error

        if QApplication.instance() is not None:
            show_error(QApplication.activeWindow(), "Unexpected error",
                       f"Something went wrong: {kind.__name__}: {exc}\n\nYour edits so far are saved in the "
                       f"project file. Details were written to {_log_file()}.", details)

    sys.excepthook = hook


def run(path: str | None) -> int:
    """Open `path` (a transcript or project; the bundled sample if None) in the editor window."""
    problem = display_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    logging.basicConfig(filename=_log_file(), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtWidgets import QApplication

    from editor.ui.review.check_worker import start_check_process
    from editor.ui.settings import APPLICATION, ORGANIZATION

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("transcript-editor")  # Wayland and task bars match the window to the .desktop entry
    from editor.ui import theme

    app.setWindowIcon(theme.app_icon())
    install_excepthook()
    # Qt Multimedia reports every optional codec library it cannot find (pipewire, VA-API) and its FFmpeg
    # version on each start: noise in the user's terminal. QT_LOGGING_RULES, if the user sets it, still wins.
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg=false")
    start_check_process()  # the suspect checker loads its models while the window and the document open
    from editor.ui.main_window import MainWindow, screen_fits
    window = MainWindow()
    screen_fits(window)
    window.show()
    if path is None:
        try:
            target = str(paths.bundled_sample())
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            target = None
    else:
        target = path
    if target is not None:
        window.open_path(target)
    return app.exec()
