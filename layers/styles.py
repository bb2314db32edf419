"""The pages' own CSS (cards, readable tables, status badges, present mode), built from the palette."""

from __future__ import annotations

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
    """Present mode: no Streamlit chrome, large type."""
    return (
        "<style>header[data-testid='stHeader'],[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
        "[data-testid='stToolbar'],footer{display:none !important}"
        ".block-container{padding-top:1rem;max-width:100%}"
        f"h1{{font-size:2.6rem !important}}.pa-note{{font-size:1.35rem;color:{p.TEXT_MUTED}}}"
        ".stButton button{font-size:1.3rem;padding:.4rem 1.4rem}</style>"
    )
