"""Reading themes (light, sepia, dark) and the matching application palette.

Why: researchers read for hours, often at night; the page colours must be calm (no pure white on
pure black), search highlights must stay legible on every background, and the rest of the window
(lists, tabs, menus) must follow the page or a dark page sits inside a glaring frame. The palette
is built explicitly for every role because Fusion derives bevels and disabled text from it; a
half-filled dark palette leaves white buttons and unreadable disabled labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    """Colours of one theme, as ``#rrggbb`` strings (so the dataclass stays hashable and printable).

    ``background``/``text``/``muted`` are the page; ``match``/``current_match`` highlight search
    hits (each with its own text colour, so a hit stays legible in the dark theme); ``window``,
    ``window_text``, ``button`` and ``border`` dress the application around the page.
    """

    name: str
    background: str
    text: str
    muted: str
    match: str
    match_text: str
    current_match: str
    current_match_text: str
    selection: str
    selection_text: str
    link: str
    border: str
    window: str
    window_text: str
    button: str
    dark: bool = False

    def color(self, role: str) -> QColor:
        return QColor(getattr(self, role))


THEMES: dict[str, Theme] = {
    "light": Theme(
        name="light",
        background="#fcfcfa",
        text="#1f2328",
        muted="#6a6f76",
        match="#fbe7a1",
        match_text="#1f2328",
        current_match="#f5a742",
        current_match_text="#111111",
        selection="#b7d1f2",
        selection_text="#111111",
        link="#1b5fb0",
        border="#dcdcd6",
        window="#f0f0ee",
        window_text="#1f2328",
        button="#f6f6f4",
    ),
    "sepia": Theme(
        name="sepia",
        background="#f5edda",
        text="#3d3023",
        muted="#7a6a56",
        match="#ecd38a",
        match_text="#3d3023",
        current_match="#dd9a4a",
        current_match_text="#1e140a",
        selection="#d6c29b",
        selection_text="#2a1f14",
        link="#8a4b16",
        border="#dfd2b6",
        window="#ebe2cc",
        window_text="#3d3023",
        button="#f1e8d3",
    ),
    "dark": Theme(
        name="dark",
        background="#1e1f22",
        text="#d9d7d2",
        muted="#8e9196",
        match="#5a4a1c",
        match_text="#f3efe4",
        current_match="#d29a3a",
        current_match_text="#121212",
        selection="#35507c",
        selection_text="#f2f2f2",
        link="#8ab4f8",
        border="#3a3c40",
        window="#2a2b2e",
        window_text="#dedcd7",
        button="#333539",
        dark=True,
    ),
}

THEME_NAMES: tuple[str, ...] = tuple(THEMES)
DEFAULT_THEME = "light"


def get_theme(name: str) -> Theme:
    """The named theme; an unknown name (e.g. from an old settings file) falls back to light."""
    return THEMES.get(name, THEMES[DEFAULT_THEME])


def reading_palette(theme: Theme, base: QPalette | None = None) -> QPalette:
    """A palette for the reading page itself: page background, text, selection and link."""
    pal = QPalette(base) if base is not None else QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        pal.setColor(group, QPalette.ColorRole.Base, theme.color("background"))
        pal.setColor(group, QPalette.ColorRole.Window, theme.color("background"))
        pal.setColor(group, QPalette.ColorRole.Text, theme.color("text"))
        pal.setColor(group, QPalette.ColorRole.WindowText, theme.color("text"))
        pal.setColor(group, QPalette.ColorRole.Highlight, theme.color("selection"))
        pal.setColor(group, QPalette.ColorRole.HighlightedText, theme.color("selection_text"))
        pal.setColor(group, QPalette.ColorRole.Link, theme.color("link"))
        pal.setColor(group, QPalette.ColorRole.PlaceholderText, theme.color("muted"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, theme.color("background"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, theme.color("background"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, theme.color("muted"))
    return pal


def app_palette(theme: Theme) -> QPalette:
    """A complete palette for the whole application in ``theme``'s colours (Fusion-ready)."""
    window = theme.color("window")
    text = theme.color("window_text")
    button = theme.color("button")
    base = theme.color("background")
    if theme.dark:
        light, midlight, mid, dark, shadow = (
            button.lighter(150),
            button.lighter(120),
            window.darker(130),
            window.darker(170),
            QColor("#000000"),
        )
        alternate = base.lighter(112)
        disabled_text = QColor("#6d7075")
        highlight = QColor("#3b6aa8")
    else:
        light, midlight, mid, dark, shadow = (
            QColor("#ffffff"),
            button.lighter(103),
            window.darker(125),
            window.darker(160),
            QColor("#5a5a5a"),
        )
        alternate = base.darker(104)
        disabled_text = QColor("#a0a29f") if theme.name == "light" else QColor("#a89a83")
        highlight = QColor("#3d7bd0") if theme.name == "light" else QColor("#a8733a")
    # White on the selection must stay readable (WCAG AA, 4.5:1) in lists, menus and fields.
    highlight = readable_behind(highlight, QColor("#ffffff"))
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alternate,
        QPalette.ColorRole.ToolTipBase: button if theme.dark else QColor("#fffdf3"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: theme.color("muted"),
        QPalette.ColorRole.Text: theme.color("text"),
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b") if theme.dark else QColor("#d00000"),
        QPalette.ColorRole.Light: light,
        QPalette.ColorRole.Midlight: midlight,
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Dark: dark,
        QPalette.ColorRole.Shadow: shadow,
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: theme.color("link"),
        QPalette.ColorRole.LinkVisited: theme.color("link").darker(115 if not theme.dark else 90),
    }
    pal = QPalette()
    for role, colour in roles.items():
        pal.setColor(QPalette.ColorGroup.All, role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.HighlightedText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled_text)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, mid)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, button.darker(105))
    # Unfocused list selections stay visible but quieter.
    quieter = highlight.darker(130 if theme.dark else 115)
    pal.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, quieter)
    return pal


def readable_behind(colour: QColor, text: QColor, ratio: float = 4.6) -> QColor:
    """``colour``, darkened (or lightened, behind dark text) just enough for ``text`` to read on it."""
    from reader.ui.colours import contrast_ratio

    step = 105 if text.lightness() > 128 else 95
    for _ in range(40):
        if contrast_ratio(colour, text) >= ratio:
            break
        colour = colour.darker(step) if step > 100 else colour.lighter(int(10000 / step))
    return colour


def apply_app_palette(app: QApplication, name: str) -> Theme:
    """Dress the whole application in theme ``name``; returns the theme used.

    Designed for the Fusion style (the default on Linux, and what the app sets on every platform
    for a dark theme: native Windows and macOS styles ignore parts of a custom palette).
    """
    theme = get_theme(name)
    palette = app_palette(theme)
    # Setting a palette tells every widget, which restyles itself: 0.2 s for the main window. The
    # window applies its theme before it builds its widgets, so the same palette again is a no-op.
    if palette != app.palette() or palette.resolveMask() != app.palette().resolveMask():
        app.setPalette(palette)
    return theme
