"""The pages' own CSS (cards, readable tables, status badges, present mode), built from the palette."""

from __future__ import annotations

import json

from layers import palette as p
from layers import streamlit_words


def page_css() -> str:
    return f"""<style>
.pa-badge{{color:#fff;border-radius:4px;padding:2px 8px;font-size:.85rem;font-weight:600}}
.pa-cards{{display:flex;flex-wrap:wrap;gap:.6rem;margin:.25rem 0 .75rem}}
.pa-card{{flex:1 1 9.5rem;max-width:22rem;border:1px solid {p.FRAME};border-left:6px solid {p.PLANNED_PATH};
 border-radius:6px;padding:.45rem .7rem;background:#fff}}
.pa-card-label{{font-size:.85rem;color:{p.TEXT_MUTED}}}
.pa-card-value{{font-size:1.35rem;font-weight:700;color:{p.TEXT};line-height:1.3}}
.pa-card-note{{font-size:.8rem;color:{p.TEXT_MUTED}}}
.pa-table-wrap{{overflow-x:auto;margin-bottom:.75rem}}
.pa-table{{border-collapse:collapse;width:100%;font-size:.9rem}}
.pa-table th{{background:{p.HEADER_FILL};text-align:left;font-weight:600;color:{p.TEXT}}}
.pa-table th,.pa-table td{{border:1px solid {p.FRAME_LIGHT};padding:.3rem .5rem;vertical-align:top}}
.pa-status{{display:inline-flex;align-items:center;gap:.3rem;white-space:nowrap;border:1px solid;border-radius:4px;
 padding:0 .35rem;color:{p.TEXT}}}
.pa-dot{{width:.7rem;height:.7rem;border-radius:50%;display:inline-block}}
</style>"""


def present_css() -> str:
    """Present mode: no Streamlit chrome, type a room can read (titles ≥ 24 px, figures ≥ 18 px)."""
    return (
        "<style>header[data-testid='stHeader'],[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
        "[data-testid='stToolbar'],footer{display:none !important}"
        ".block-container,[data-testid='stMainBlockContainer']{padding-top:1rem !important;"
        "padding-bottom:0 !important;max-width:100%}"
        f"h1{{font-size:clamp(1.6rem,2.6vw,2.6rem) !important}}.pa-note{{font-size:1.35rem;color:{p.TEXT_MUTED}}}"
        ".stButton button{font-size:1.3rem;padding:.4rem 1.4rem}"
        ".pa-card-label{font-size:1.1rem !important}.pa-card-value{font-size:2rem !important}"
        ".pa-card-note{font-size:1.15rem !important}.pa-card{max-width:30rem !important}</style>"
    )


# Streamlit's widgets (their element containers): on paper they are controls nobody can use.
_PRINT_HIDDEN_WIDGETS = (
    "stButton",
    "stDownloadButton",
    "stFormSubmitButton",
    "stLinkButton",
    "stSelectbox",
    "stMultiSelect",
    "stSlider",
    "stSelectSlider",
    "stCheckbox",
    "stRadio",
    "stPills",
    "stSegmentedControl",
    "stTextInput",
    "stNumberInput",
    "stTextArea",
    "stDateInput",
    "stTimeInput",
    "stFileUploader",
    "stColorPicker",
    "stCameraInput",
    "stChatInput",
)
# Streamlit's chrome: sidebar (navigation, language switch, the map's choices), header, toolbar, running man
_PRINT_HIDDEN_CHROME = (
    "[data-testid='stSidebar']",
    "[data-testid='stSidebarCollapsedControl']",
    "header[data-testid='stHeader']",
    "[data-testid='stToolbar']",
    "[data-testid='stStatusWidget']",
    "[data-testid='stDecoration']",
    "[data-testid='stBottom']",
    "[data-testid='stForm']",
    "[data-testid='stLayoutWrapper']:has(> [data-testid='stPopover'])",  # a menu of buttons (the map's export)
    "[data-testid='stElementToolbar']",
    "[data-testid='stTooltipIcon']",
    "[data-testid='stExpander'] summary [data-testid='stIconMaterial']",
    ".vega-embed details",  # the chart's "…" menu
    "footer",
)
# Drawn for the screen at a fixed size, so on paper they are scaled to fit (print_script): the map component's
# frame (pages/ui/folium_map.py) and Streamlit's data grid (a canvas).
MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"
DATA_GRID = "[data-testid='stDataFrame']"
PRINT_WIDTH_PX = 680  # inside A4 and Letter portrait with the browser's default margins


def print_css() -> str:
    """Browser printing (Ctrl+P) of any page: the content only, on the paper's full width; readable tables wrap
    and break across pages with their header repeated; maps and data grids scaled from their screen size by
    print_script (fit class), grids that cannot show all their rows left out (noprint class, the page's readable
    table has them). Only @media print rules: the screen is unchanged."""
    widgets = ",".join(f"[data-testid='stElementContainer']:has(> .{w})" for w in _PRINT_HIDDEN_WIDGETS)
    chart = "[data-testid='stElementContainer']:has(.stVegaLiteChart)"
    return f"""<style>@media print{{
{",".join(_PRINT_HIDDEN_CHROME)},{widgets},.pa-print-noprint,
[data-testid='stElementContainer']:has(> .stPageLink [data-testid^='stIcon']),
[data-testid='stExpander']:has(details:not([open])),
[data-testid='stElementContainer']:has(.stHeading):has(+ [data-testid='stLayoutWrapper'] .stDownloadButton)
{{display:none !important}}
[data-testid='stMainBlockContainer']{{max-width:none !important;padding:0 !important}}
[data-testid='stColumn']{{width:auto !important;flex:0 1 auto !important;min-width:0 !important}}
[data-testid='stHorizontalBlock']:has({MAP_FRAME}){{flex-direction:column !important}}
.pa-print-fit{{width:var(--pa-print-w) !important;max-width:none !important;transform:scale(var(--pa-print-s));
 transform-origin:0 0;margin-right:calc(var(--pa-print-w) * (var(--pa-print-s) - 1)) !important;
 margin-bottom:calc(var(--pa-print-h) * (var(--pa-print-s) - 1)) !important}}
[data-testid='stElementContainer']:has({MAP_FRAME}),{chart},.pa-cards,.pa-card{{break-inside:avoid}}
h1,h2,h3,[data-testid='stExpander'] summary{{break-after:avoid}}
[data-testid='stElementContainer']:has(+ [data-testid='stElementContainer'] .stVegaLiteChart){{break-after:avoid;
 break-inside:avoid}}
.pa-table-wrap{{overflow:visible !important}}
.pa-table{{font-size:8.5pt;width:100%}}
.pa-table th,.pa-table td{{padding:.15rem .3rem;overflow-wrap:break-word}}
.pa-table thead{{display:table-header-group}}
.pa-table tr{{break-inside:avoid}}
}}</style>"""


def print_script() -> str:
    """Before the browser prints: folded expanders are opened (their content is on the page already) unless they
    hold a data grid; each map and data grid is scaled from its width on screen to PRINT_WIDTH_PX (what is
    inside is not drawn again, so a map prints as seen, legend and labels included) and a grid that scrolls
    (rows not drawn) is left out; a column of widgets only is left out (its empty place would indent the
    rest). After printing all is as it was."""
    widgets = ",".join(f".{w}" for w in _PRINT_HIDDEN_WIDGETS)
    return f"""<script>
(function () {{
    if (window.__paPrint) {{ return; }}
    window.__paPrint = true;
    var opened = [];
    function leaveOut(e) {{ e.classList.add('pa-print-noprint'); }}
    function fit(e) {{
        var r = e.getBoundingClientRect();
        var rows = e.querySelector('.dvn-scroller');  // the data grid's scrolling area
        if (rows && rows.scrollHeight > rows.clientHeight + 1) {{ leaveOut(e); }}
        if (!r.width) {{ return; }}
        e.style.setProperty('--pa-print-w', r.width + 'px');
        e.style.setProperty('--pa-print-h', r.height + 'px');
        e.style.setProperty('--pa-print-s', String(Math.min(1, {PRINT_WIDTH_PX} / r.width)));
        e.classList.add('pa-print-fit');
    }}
    window.addEventListener('beforeprint', function () {{
        document.querySelectorAll("[data-testid='stExpander'] details:not([open])").forEach(function (d) {{
            if (!d.querySelector({json.dumps(DATA_GRID)})) {{ d.open = true; opened.push(d); }}
        }});
        document.querySelectorAll({json.dumps(f"{MAP_FRAME},{DATA_GRID}")}).forEach(fit);
        document.querySelectorAll("[data-testid='stColumn']").forEach(function (c) {{
            var items = Array.from(c.querySelectorAll("[data-testid='stElementContainer']"));
            if (items.length && items.every(function (i) {{ return i.querySelector({json.dumps(widgets)}); }})) {{
                leaveOut(c);
            }}
        }});
    }});
    window.addEventListener('afterprint', function () {{
        opened.forEach(function (d) {{ d.open = false; }});
        opened = [];
        document.querySelectorAll('.pa-print-fit, .pa-print-noprint').forEach(function (e) {{
            e.classList.remove('pa-print-fit', 'pa-print-noprint');
        }});
    }});
}})();
</script>"""


# Inside the map's own page (layers/map_builder.py): no zoom buttons on paper, and the whole legend (on screen
# it scrolls within 60 % of the map's height; paper cannot scroll).
MAP_PRINT_CSS = (
    "@media print{.leaflet-control-zoom{display:none}"
    ".pa-legend-box{max-height:none !important;overflow:visible !important}}"
)


CLICKER_KEYS = {
    "ArrowRight": "next",
    "PageDown": "next",
    " ": "next",
    "ArrowLeft": "prev",
    "PageUp": "prev",
    "Home": "first",
    "End": "last",
}


def clicker_script(ends: dict[str, str]) -> str:
    """Present mode's keys (what a presentation clicker sends) press the slide buttons, Home and End open the
    first and last view (`ends`: their addresses); on any other page the keys keep their usual meaning."""
    return f"""<script>
(function () {{
    var keys = {json.dumps(CLICKER_KEYS)};
    var ends = {json.dumps(ends)};
    window.__paPress = function (which) {{
        var b = document.querySelector('.st-key-' + which + ' button');
        if (b) {{ b.click(); }}
        else if (ends[which] && document.querySelector('.st-key-next')) {{ window.location.search = ends[which]; }}
        return !!b || (!!ends[which] && !!document.querySelector('.st-key-next'));
    }};
    if (window.__paClicker) {{ return; }}
    window.__paClicker = true;
    document.addEventListener('keydown', function (e) {{
        var tag = e.target && e.target.tagName;
        if (tag === 'INPUT' || tag === 'TEXTAREA' || !keys[e.key]) {{ return; }}
        if (window.__paPress(keys[e.key])) {{ e.preventDefault(); }}
    }});
}})();
</script>"""


def lang_script(lang: str) -> str:
    """Mark the page's language for screen readers, search and hyphenation (zh-CN or en)."""
    return f"<script>document.documentElement.lang = {json.dumps('en' if lang == 'en' else 'zh-CN')};</script>"


def icons_script() -> str:
    """Hide the icon font's ligature words ("keyboard_arrow_down") from screen readers."""
    return """<script>
if (!window.__paIcons) {
    window.__paIcons = true;
    var hide = function () {
        document.querySelectorAll('[data-testid="stIconMaterial"]:not([aria-hidden])')
            .forEach(function (e) { e.setAttribute('aria-hidden', 'true'); });
    };
    new MutationObserver(hide).observe(document.body, {childList: true, subtree: true});
    hide();
}
</script>"""


def inner(element: str) -> str:
    """The text inside one <style> or <script> element (what a served file holds)."""
    return element[element.index(">") + 1 : element.rindex("</")]


def page_stylesheet() -> str:
    """Every page's CSS, screen and print, as one stylesheet file (pages/ui/shell.py serves it)."""
    return inner(page_css()) + streamlit_words.css() + inner(print_css())


def page_script(stylesheet_url: str) -> str:
    """Every page's script, as one file a tab loads once (pages/ui/shell.py serves it): it links the pages'
    stylesheet into the document, hides icon words from screen readers and readies printing."""
    link = f"""(function () {{
    var url = {json.dumps(stylesheet_url)};
    if (document.querySelector('link[data-pa-css="' + url + '"]')) {{ return; }}
    var l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = url;
    l.setAttribute('data-pa-css', url);
    document.head.appendChild(l);
}})();
"""
    return link + inner(icons_script()) + streamlit_words.script() + inner(print_script())
