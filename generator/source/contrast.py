"""WCAG 2.x colour contrast: relative luminance and contrast ratio of #RRGGBB colours.

The formula is W3C's (WCAG 2.1, "relative luminance" and "contrast ratio" definitions); it is
short and fixed, so it is written out here rather than pulled in as a dependency. The one
implementation: the profile check (validate), ``workshop check``, the handout's colour choice
(pdfbase.readable_on) and the template check (deck_template) all use it. Pure: no imports.
"""

from __future__ import annotations

AA_NORMAL = 4.5
"""Minimum ratio for body text (WCAG 2.1 SC 1.4.3, level AA)."""


def _channel(value: int) -> float:
    """Return one sRGB channel (0–255) linearised as WCAG defines it."""
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance (0 black – 1 white) of ``colour`` given as #RRGGBB."""
    hex_ = colour.lstrip("#")
    if len(hex_) != 6:
        raise ValueError(f"expected a colour like #1F2A2E, got {colour!r}")
    r, g, b = (int(hex_[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio (1.0 – 21.0) between two #RRGGBB colours."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def low_contrast(fg: str, bg: str, what: str) -> str | None:
    """Return the one message for text too pale (or too dark) to read, or ``None`` when ``fg``
    on ``bg`` reaches :data:`AA_NORMAL`: "``what``: #FG on #BG has a contrast of 1.11:1, under
    the 4.5:1 that WCAG 2.1 asks for". Callers add the fix in their own terms."""
    ratio = contrast_ratio(fg, bg)
    if ratio >= AA_NORMAL:
        return None
    return (
        f"{what}: {fg.upper()} on {bg.upper()} has a contrast of {ratio:.2f}:1, under the "
        "4.5:1 that WCAG 2.1 asks for"
    )
