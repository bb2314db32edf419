"""The area page's charts as HTML (no Streamlit): each target's caption in plain words and its trajectory
drawn as SVG (layers/chart_svg.py), shown as pictures: Streamlit's st.html keeps no inline SVG (its sanitiser
allows HTML only), and an SVG in an <img> runs no script and loads nothing. What the picture shows is also its
alt text, in words with every number."""

from __future__ import annotations

import base64

import pandas as pd

from data import numbers, plan_data
from data.i18n import pick, t
from layers import chart_svg
from layers.charts import Points
from layers.explorer import comparator_label
from layers.html_safe import esc
from layers.popups import responsible_text

# The narrow drawing where the figure is narrower than the wide one (a phone), else the wide one (screen and
# paper); a chart and its caption are kept on one sheet when printed.
STYLE = (
    "<style>.pa-chart{container-type:inline-size;margin:0 0 1.5rem;break-inside:avoid}"
    ".pa-chart figcaption{margin-bottom:.5rem}.pa-chart-source{font-size:.875rem;color:#334155}"
    ".pa-chart blockquote{margin:.25rem 0 .5rem;padding-left:.75rem;border-left:3px solid #cbd5e1;"
    "font-size:.875rem;color:#334155}.pa-chart img{display:block;width:100%;height:auto}"
    f".pa-chart img.pa-chart-narrow{{display:none}}@container (max-width:{chart_svg.WIDE.width - 1}px)"
    "{.pa-chart img.pa-chart-wide{display:none}.pa-chart img.pa-chart-narrow{display:block}}</style>"
)


def _what(target, lang: str) -> tuple[str, str, str, str, str]:
    """(indicator, comparator, value, unit, " (2025)")."""
    indicator = pick(target["indicator_zh"], target["indicator_en"], lang)
    year = f" ({int(target['target_year'])})" if pd.notna(target["target_year"]) else ""
    return indicator, comparator_label(target["comparator"], lang), f"{target['value']:g}", target["unit"], year


def target_title(target, lang: str) -> str:
    """Plain words: indicator, comparator, value, unit, year."""
    indicator, cmp, value, unit, year = _what(target, lang)
    return f"{indicator} {cmp} {value} {unit}{year}"


def _caption(target, lang: str) -> str:
    """The target in words, where it comes from (plan, section, responsible units) and its text, escaped."""
    plans = plan_data.load_plans()
    indicator, cmp, value, unit, year = _what(target, lang)
    plan = pick(plans.loc[target["plan_id"], "title"], plans.loc[target["plan_id"], "title_en"], lang)
    resp = responsible_text(list(target["responsible"]), lang)
    source = f"{plan} · {t('section', lang)} {target['section']} · {t('responsible', lang)}: {resp}"
    return (
        f"<figcaption><strong>{esc(indicator)}</strong> {esc(f'{cmp} {value} {unit}{year}')}"
        f'<div class="pa-chart-source">{esc(source)}</div><blockquote>{esc(target["excerpt"])}</blockquote>'
        "</figcaption>"
    )


def chart_words(title: str, p: Points, lang: str) -> str:
    """What the chart shows, in words: the target, then each series' years and values (figures with status)."""
    planned = [t("chart_point", lang, year=y, value=numbers.fmt(v)) for y, v in p.expected]
    figures = [
        t("chart_point_status", lang, year=y, value=numbers.fmt(v), status=t(f"status_{s}", lang))
        if s
        else t("chart_point", lang, year=y, value=numbers.fmt(v))
        for y, v, s in p.reported
    ]
    series = [
        t("chart_series", lang, label=label, points=t("chart_point_sep", lang).join(points))
        for label, points in ((p.expected_label, planned), (p.reported_label, figures))
        if points
    ]
    return t("chart_alt", lang, title=title, series=t("chart_series_sep", lang).join(series))


def _picture(p: Points, lang: str, frame: chart_svg.Frame, kind: str, words: str) -> str:
    data = base64.b64encode(chart_svg.svg(p, lang, frame).encode("utf-8")).decode("ascii")
    return (
        f'<img class="pa-chart-{kind}" src="data:image/svg+xml;base64,{data}" alt="{esc(words)}" '
        f'title="{esc(words)}" style="max-width:{frame.width}px">'
    )


def chart_figure(target, p: Points, lang: str) -> str:
    """One target's chart: its caption and its picture (wide and narrow), as escaped HTML."""
    words = chart_words(target_title(target, lang), p, lang)
    pictures = _picture(p, lang, chart_svg.WIDE, "wide", words) + _picture(p, lang, chart_svg.NARROW, "narrow", words)
    return f'<figure class="pa-chart">{_caption(target, lang)}{pictures}</figure>'


def charts_html(figures: list[str]) -> str:
    """The charts (chart_figure) as one piece of HTML, with their style."""
    return STYLE + "".join(figures)
