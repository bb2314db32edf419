"""The pages' own CSS (cards, readable tables, status badges, present mode), built from the palette."""

from __future__ import annotations

import json

from layers import palette as p


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
    """Mark the page's language for screen readers, search and hyphenation (zh-CN or en), and hide the icon
    font's ligature words ("keyboard_arrow_down") from screen readers."""
    return f"""<script>
document.documentElement.lang = {json.dumps("en" if lang == "en" else "zh-CN")};
if (!window.__paIcons) {{
    window.__paIcons = true;
    var hide = function () {{
        document.querySelectorAll('[data-testid="stIconMaterial"]:not([aria-hidden])')
            .forEach(function (e) {{ e.setAttribute('aria-hidden', 'true'); }});
    }};
    new MutationObserver(hide).observe(document.body, {{childList: true, subtree: true}});
    hide();
}}
</script>"""
