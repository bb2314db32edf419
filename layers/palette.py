"""Every colour PeakAtlas draws, in one place: progress statuses (Okabe–Ito, colour-blind safe), measure
families, boundaries, gaps, and the page's text and frames. Change a colour here and only here."""

from __future__ import annotations

from data.progress import ACHIEVED, BEHIND, NO_REPORT, NO_SHARE, ON_TRACK

# Okabe–Ito: bluish green, sky blue, vermillion, grey, blue (its reddish purple is grey to a deuteranope)
STATUS = {ACHIEVED: "#009E73", ON_TRACK: "#56B4E9", BEHIND: "#D55E00", NO_REPORT: "#999999", NO_SHARE: "#0072B2"}
FAMILY = {
    "pv_pilot": "#f59e0b",
    "hydrogen": "#7c3aed",
    "wetland": "#0891b2",
    "community": "#db2777",
    "park": "#16a34a",
    "ev": "#2563eb",
    "forest": "#166534",
    "zero_carbon": "#65a30d",
    "new_town": "#9333ea",
    "energy": "#ea580c",
    "transport": "#0f766e",
    "other": "#64748b",
}
DISTRICT_LINE = "#334155"
TOWN_LINE = "#475569"
AREA_OUTLINE = "#1f2937"  # progress areas
MARKER_OUTLINE = "#111827"
GAP = "#b91c1c"
MAP_BACKGROUND = "#f8fafc"
PLANNED_PATH = "#64748b"  # the trajectory chart's line
WARNING_TEXT = "#92400e"
ILLUSTRATIVE = "#b45309"  # the 示例数据 badge
TEXT = "#0f172a"
TEXT_MUTED = "#334155"
FRAME = "#cbd5e1"
FRAME_LIGHT = "#e2e8f0"
HEADER_FILL = "#f1f5f9"

WHITE = "#ffffff"
# Every pair of text and background colour the app draws text with (checked ≥ 4.5:1 by tests/test_palette.py)
TEXT_ON = {
    "text on white (tables, cards, legend, place names with their halo)": (TEXT, WHITE),
    "muted text on white (card labels and notes)": (TEXT_MUTED, WHITE),
    "table headers": (TEXT, HEADER_FILL),
    "legend notes": (WARNING_TEXT, WHITE),
    "the illustrative-data badge": (WHITE, ILLUSTRATIVE),
    "status badges (dark text, coloured dot)": (TEXT, WHITE),
}
