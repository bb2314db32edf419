"""One HTML file that opens offline (from a USB stick, a 政务微信 attachment): an area page or a saved view with
the app's interactive map (map_builder.build_map: labels, legend, measure markers), the headline figures, the
target tables, the data-quality notes, and its data state and date.

Nothing is fetched when it opens: Leaflet's script and style are read from the installed XStatic-Leaflet
package at run time and inlined (its few images as data: URIs), every other asset link a map element asks for
is refused, and the map draws SVG paths and circle markers, no image. The map is a whole document of its own
(folium's page-filling styles), so it sits in an iframe's srcdoc as it sits in the app's component frame."""

from __future__ import annotations

import base64
import dataclasses
import functools
import html
import re
from pathlib import Path

import folium
import pandas as pd
import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, MacroElement
from jinja2 import Template

from data import jurisdictions, views
from data.i18n import t
from layers import assets, map_builder, palette, styles, view_spec
from layers.area_report import AreaReport, Section
from layers.exports import chart_picture, sources, stamp
from layers.headline import cards_html
from layers.html_safe import esc
from layers.map_builder import MapSpec

_LINKED = re.compile(r"<script\b[^>]*\bsrc\s*=|<link\b", re.IGNORECASE)
_APP_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)


# ---------------------------------------------------------------- the map, with nothing to fetch


@functools.cache
def leaflet_inline() -> str:
    """Leaflet's style and script as inline elements, from the installed package: the images its style names
    (the layer control, the default marker) as data: URIs, the source-map comment dropped."""
    base = Path(xleaflet.BASE_DIR)

    def data_uri(match: re.Match) -> str:
        png = base64.b64encode((base / "images" / match[1]).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{png})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, (base / "leaflet.css").read_text(encoding="utf-8"))
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", (base / "leaflet.js").read_text(encoding="utf-8"))
    if "</script" in js.lower() or "</style" in css.lower():  # would end the inline element early
        raise ValueError("Leaflet's files cannot be inlined as they are")
    return f"<style>{css}</style>\n<script>{js}</script>"


def _drop_links(element, found: list[str]) -> None:
    """Collect and clear the script and style links of the element and its children (folium adds them to
    the page's head when it renders)."""
    for attr in ("default_js", "default_css"):
        links = getattr(element, attr, None)
        if links:
            found += [url for _, url in links]
            setattr(element, attr, [])
    for child in getattr(element, "_children", {}).values():
        _drop_links(child, found)


class PlainCredit(MacroElement):
    """Leaflet's credit as plain text: its link would take the reader out of the file to leafletjs.com."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.setPrefix('Leaflet');
        }
        {% endmacro %}"""
    )


def offline_map_html(fmap: folium.Map) -> str:
    """The map's whole document with Leaflet inline and no link to anything; an element that needs any other
    script or style cannot work offline, and is refused rather than shipped half-working."""
    found: list[str] = []
    _drop_links(fmap, found)
    others = sorted(set(found) - {assets.LEAFLET_JS, assets.LEAFLET_CSS})
    if others:
        raise ValueError(f"map assets that cannot be inlined: {others}")
    PlainCredit().add_to(fmap)
    header = fmap.get_root().header
    header.add_child(Element(""), name="leaflet_image_path")  # the app's image folder; no image is used here
    header.add_child(Element(leaflet_inline()), name="leaflet_inline", index=0)  # before the palette's styles
    page = fmap.get_root().render()
    if _LINKED.search(page):
        raise ValueError("the map still links a script or style")
    return page


def map_frame(spec: MapSpec) -> str:
    """The view's map as an iframe whose document is inline (srcdoc, escaped as any attribute value)."""
    spec = dataclasses.replace(spec, present=False)  # a document, not a projector: no window fill, normal type
    page = offline_map_html(map_builder.build_map(spec))
    title = t("map_frame_title", spec.lang, view=spec.extra.get("view_title") or t("map_title", spec.lang))
    return (
        f'<iframe class="pa-snap-map" title="{esc(title)}" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        f'<noscript><p class="pa-snap-empty">{esc(t("snap_no_script", spec.lang))}</p></noscript>'
        f'<p class="pa-snap-hint">{esc(t("snap_map_hint", spec.lang))}</p>'
    )


# ---------------------------------------------------------------- the document


def _css() -> str:
    return f"""<style>
body{{margin:0;background:{palette.WHITE};color:{palette.TEXT};line-height:1.5;
 font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif}}
main{{max-width:1180px;margin:0 auto;padding:1rem 1.25rem 2rem}}
h1{{font-size:1.9rem;margin:.1rem 0 .2rem;line-height:1.25}}
h2{{font-size:1.25rem;margin:1.5rem 0 .45rem}}
.pa-snap-kicker{{font-size:.9rem;color:{palette.TEXT_MUTED};font-weight:600}}
.pa-snap-sub{{color:{palette.TEXT_MUTED};margin:0 0 .5rem}}
.pa-snap-stamp{{display:inline-block;border:1px solid {palette.FRAME};border-radius:6px;padding:.25rem .6rem;
 background:{palette.HEADER_FILL};font-size:.95rem}}
.pa-snap-notes{{border:1px solid {palette.FRAME};border-left:6px solid {palette.WARNING_TEXT};border-radius:6px;
 padding:.4rem .9rem;margin:.9rem 0}}
.pa-snap-notes h2{{font-size:1.05rem;margin:.2rem 0}}
.pa-snap-notes ul{{margin:.2rem 0;padding-left:1.2rem;color:{palette.WARNING_TEXT}}}
.pa-snap-caption{{color:{palette.TEXT_MUTED};font-size:.9rem;margin:0 0 .4rem}}
.pa-snap-empty{{background:{palette.HEADER_FILL};border-radius:6px;padding:.5rem .75rem}}
.pa-snap-map{{display:block;width:100%;height:min(72vh,640px);min-height:360px;border:1px solid {palette.FRAME};
 border-radius:6px;box-sizing:border-box}}
.pa-snap-hint{{color:{palette.TEXT_MUTED};font-size:.85rem;margin:.3rem 0 0}}
.pa-snap-chart{{margin:.4rem 0 1rem;break-inside:avoid}}.pa-snap-chart img{{max-width:100%;height:auto}}
.pa-snap-chart figcaption{{font-size:.95rem;margin-bottom:.2rem}}
footer{{margin-top:2rem;padding-top:.6rem;border-top:1px solid {palette.FRAME};color:{palette.TEXT_MUTED};
 font-size:.85rem}}
@media (max-width:600px){{main{{padding:.75rem .7rem 1.5rem}}h1{{font-size:1.5rem}}
 .pa-snap-map{{height:58vh;min-height:300px}}}}
@media print{{.pa-snap-map{{height:520px}}.pa-snap-hint{{display:none}}h2{{break-after:avoid}}
 .pa-table-wrap{{overflow:visible}}}}
</style>"""


def _badge(lang: str) -> str:
    label = esc(t("illustrative_badge", lang))
    return f'<p><span class="pa-badge" style="background:{palette.ILLUSTRATIVE}">{label}</span></p>'


def _notes(notes: list[str], lang: str) -> str:
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return f'<section class="pa-snap-notes"><h2>{esc(t("data_quality", lang))}</h2><ul>{items}</ul></section>'


def unlinked(markup: str) -> str:
    """Tables without their links to the app's pages (a town's page): from a file they would lead nowhere.
    The link texts are escaped already (layers/html_table.link)."""
    return _APP_LINK.sub(r"\1", markup)


def _section(s: Section) -> str:
    caption = f'<p class="pa-snap-caption">{esc(s.caption)}</p>' if s.caption else ""
    body = unlinked(s.html) or f'<p class="pa-snap-empty">{esc(s.empty)}</p>'
    return f"<section><h2>{esc(s.title)}</h2>{caption}{body}</section>"


def document(title: str, subtitle: str, state: str, lang: str, body: str) -> str:
    """The whole file: a heading block (the app's name, the title, what it is, the data state and the date),
    `body` (HTML built from escaped parts), and a footer saying what the file is."""
    head_title = f"{title} · {t('app_title', lang)}"
    stamp_line = f"{state} · {stamp.made_at(lang)}"
    sub = f'<p class="pa-snap-sub">{esc(subtitle)}</p>' if subtitle else ""
    return f"""<!DOCTYPE html>
<html lang="{"en" if lang == "en" else "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(head_title)}</title>
{styles.page_css()}
{_css()}
</head>
<body>
<main>
<header>
<div class="pa-snap-kicker">{esc(t("snap_kicker", lang))}</div>
<h1>{esc(title)}</h1>
{sub}
<p class="pa-snap-stamp">{esc(stamp_line)}</p>
</header>
{body}
<footer>{esc(t("snap_footer", lang))}</footer>
</main>
</body>
</html>
"""


def area_page(report: AreaReport, spec: MapSpec, state: str, lang: str, year: int) -> str:
    """An area page as one file: `report` as the page builds it, `spec` its map, `state` the data state line
    (stamp.data_state) for `year`. What the page says, in its order, but the map right after the headline
    figures: a handout is opened for them, and a district's tables run to many screens."""
    parts = [_notes(report.notes, lang)] if report.notes else []
    parts.append(f"<h2>{esc(t('owed_title', lang))}</h2>")
    if report.illustrative:
        parts.append(_badge(lang))
    parts.append(unlinked(report.cards) or f'<p class="pa-snap-empty">{esc(t("owed_none", lang))}</p>')
    parts.append(f"<section><h2>{esc(t('area_map', lang))}</h2>{map_frame(spec)}</section>")
    parts += [_section(s) for s in report.sections]
    if report.charts:
        parts.append(_charts(report, lang))
    if report.measures is not None:
        parts.append(_section(report.measures))
    if report.responsible:
        names = "、".join(esc(r) for r in report.responsible)
        parts.append(f"<section><h2>{esc(t('area_responsible', lang))}</h2><p>{names}</p></section>")
    subtitle = f"{report.subtitle} · {t('progress_year', lang)} {year}"
    return document(report.title, subtitle, state, lang, "\n".join(parts))


def _charts(report: AreaReport, lang: str) -> str:
    """The page's progress charts as pictures (the same Vega-Lite specs, drawn by vl-convert as SVG), each titled
    by its target in plain words; an SVG in an <img> runs no script and asks no host."""
    figures = []
    for title, (_, spec) in zip(report.chart_titles, report.charts):
        picture = base64.b64encode(chart_picture.svg(spec, width=560, height=170).encode("utf-8")).decode("ascii")
        figures.append(
            f'<figure class="pa-snap-chart"><figcaption>{esc(title)}</figcaption>'
            f'<img src="data:image/svg+xml;base64,{picture}" alt="{esc(title)}"></figure>'
        )
    heading = esc(t("charts_title", lang, n=len(report.charts)))
    return f"<section><h2>{heading}</h2>{''.join(figures)}</section>"


def view_notes(spec: MapSpec, lang: str) -> list[str]:
    """The notes the view's legend carries, said once more above the map."""
    illustrative = bool(spec.choropleth) and any(r.get("illustrative") for r in spec.choropleth)
    notes = [t("illustrative_note", lang)] if illustrative else []
    return notes + [t("schematic_note", lang), t("approx_location_note", lang)]


def view_page(view: views.View, spec: MapSpec, statuses: pd.DataFrame | None, state: str, lang: str) -> str:
    """A saved view as one file: `spec` its map (as present mode builds it), `statuses` of its indicator
    (None without one) for the headline figures, `state` the data state line."""
    year = view_spec.view_year(view)
    indicator = spec.extra.get("indicator_label", "")
    parts = [_notes(view_notes(spec, lang), lang)]
    if indicator and spec.choropleth is None:  # say so rather than paint it grey
        no_figures = t("present_no_figures", lang, indicator=indicator, year=year)
        parts.append(f'<p class="pa-snap-empty">{esc(no_figures)}</p>')
    elif cards := view_spec.slide_cards(view, lang, statuses):  # present mode's, and the slides'
        parts.append(unlinked(cards_html(cards)))
    parts.append(map_frame(spec))
    subtitle = " · ".join(filter(None, [view.note(lang), indicator, t("as_of_year", lang, year=year)]))
    return document(view.title(lang), subtitle, state, lang, "\n".join(parts))


# ---------------------------------------------------------------- from the store (the command line)


def area_from_store(code: str, year: int, lang: str) -> str:
    report, d = sources.area_report_of(code, year, lang)
    state = stamp.data_state(d.mode, lang, d.owed)
    return area_page(report, sources.area_map(code, lang, year), state, lang, year)


def view_from_store(view_id: str, lang: str) -> str:
    view, spec = sources.view_map(view_id, lang)
    scope, year = jurisdictions.scope_of(view.jurisdiction), view_spec.view_year(view)
    statuses = sources.statuses(view.indicator, scope, year) if view.indicator else None
    return view_page(view, spec, statuses, stamp.data_state(sources.figures()[1], lang), lang)
