"""The area page's trajectory charts drawn as SVG in Python (layers/chart_svg.py) and shown as pictures with
their numbers in words (layers/area_tables.py): the same points as the exports' Vega-Lite spec, every piece of
text escaped, nothing in the picture that could run or load anything."""

import base64
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from data.i18n import t
from data.progress import ACHIEVED, BEHIND, NO_REPORT, ON_TRACK
from layers import area_tables, chart_svg, palette
from layers.charts import points, trajectory_spec

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(1)</script>"


def _traj(**overrides) -> pd.DataFrame:
    rows = {  # 2024 before 2023 on purpose: the chart orders by year
        "year": [2022, 2024, 2023, 2025],
        "expected": [10.0, 20.0, 15.0, 25.0],
        "reported": [11.0, 17.5, float("nan"), float("nan")],
        "status": [ACHIEVED, BEHIND, NO_REPORT, BEHIND],
    }
    return pd.DataFrame({**rows, **overrides})


def _target(**overrides) -> dict:
    return {
        "indicator_zh": "累计新增光伏装机容量",
        "indicator_en": "New PV capacity",
        "comparator": ">=",
        "value": 25.0,
        "unit": "万千瓦",
        "target_year": 2025,
        "plan_id": "000",
        "section": "三(一)",
        "responsible": ["区发展改革委"],
        "excerpt": "到2025年,新增光伏装机容量……",
        **overrides,
    }


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


@pytest.mark.parametrize(
    "lo, hi, want",
    [
        (0, 29.4, [0, 10, 20, 30]),
        (0, 1.45, [0, 0.5, 1, 1.5]),
        (0, 3650, [0, 1000, 2000, 3000, 4000]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),
    ],
)
def test_ticks_are_round_and_cover_the_values(lo, hi, want):
    assert chart_svg.ticks(lo, hi) == pytest.approx(want)


def test_points_are_the_trajectory_by_year_in_the_readers_language():
    p = points(_traj(), "万千瓦", "en", illustrative=True)
    assert p.expected == ((2022, 10.0), (2023, 15.0), (2024, 20.0), (2025, 25.0))
    assert p.reported == ((2022, 11.0, ACHIEVED), (2024, 17.5, BEHIND))
    assert p.reported_label == "Reported (Illustrative data)" and p.expected_label == "Planned path"
    spec = trajectory_spec(p, "en")  # the exports draw the same points
    values = [(r["year"], r["value"]) for r in spec["data"]["values"] if r["series"] == p.reported_label]
    assert values == [(2022, 11.0), (2024, 17.5)]


@pytest.mark.parametrize("frame", [chart_svg.WIDE, chart_svg.NARROW])
def test_the_svg_draws_every_point_with_its_status_colour_and_value(frame):
    p = points(_traj(), "万千瓦", "zh", illustrative=False)
    root = _tree(chart_svg.svg(p, "zh", frame))
    assert root.get("width") == str(frame.width)
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("stroke") == palette.WHITE]
    assert [d.get("fill") for d in dots] == [palette.STATUS[ACHIEVED], palette.STATUS[BEHIND]]
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert {"11", "17.5", "万千瓦", "规划路径", t("status_achieved", "zh"), t("status_behind", "zh")} <= set(texts)
    assert t("status_on_track", "zh") not in texts  # the legend names only the statuses drawn
    assert {"2022", "2025"} <= set(texts)  # the years, the target's last
    line = next(root.iter(f"{SVG}polyline"))
    assert len(line.get("points").split()) == 4 and line.get("stroke-dasharray")
    dot_y = [float(d.get("cy")) for d in dots]
    assert dot_y[0] > dot_y[1]  # 17.5 drawn above 11


def test_a_crowded_chart_writes_out_only_the_latest_figure():
    years = list(range(2015, 2031))
    traj = pd.DataFrame(
        {"year": years, "expected": [None] * 16, "reported": [1234.0 + y for y in years], "status": [ON_TRACK] * 16}
    )
    root = _tree(chart_svg.svg(points(traj, "t", "zh", False), "zh", chart_svg.NARROW))
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert "3,264" in texts and "3,263" not in texts
    assert len([x for x in texts if x and x.isdigit() and len(x) == 4]) < 16  # not every year labelled


def test_text_in_the_svg_is_escaped_and_it_holds_nothing_that_runs_or_loads():
    p = points(_traj(), EVIL, "zh", illustrative=True)
    svg = chart_svg.svg(p, "zh")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = _tree(svg)
    assert EVIL in [e.text for e in root.iter(f"{SVG}text")]  # shown literally
    tags = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert tags <= {"svg", "rect", "line", "polyline", "circle", "text"}
    assert not any(k.startswith("on") or "href" in k for e in root.iter() for k in e.attrib)


def _pictures(figure: str) -> list[str]:
    return [
        base64.b64decode(m).decode("utf-8") for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', figure)
    ]


def test_the_figure_is_escaped_html_with_both_pictures_and_the_numbers_in_words():
    p = points(_traj(), "万千瓦", "zh", illustrative=False)
    figure = area_tables.chart_figure(_target(excerpt=EVIL), p, "zh")
    assert "<script" not in figure and "&lt;script&gt;" in figure
    assert figure.count("<img ") == 2 and 'class="pa-chart-wide"' in figure and 'class="pa-chart-narrow"' in figure
    wide, narrow = _pictures(figure)
    assert _tree(wide).get("width") == str(chart_svg.WIDE.width)
    assert _tree(narrow).get("width") == str(chart_svg.NARROW.width)
    alt = re.search(r'alt="([^"]*)"', figure).group(1)
    assert alt.startswith("累计新增光伏装机容量 不低于 25 万千瓦 (2025)。规划路径:2022 年 10、2023 年 15")
    assert "上报值:2022 年 11(已完成)、2024 年 17.5(滞后)" in alt


def test_the_figure_in_english():
    p = points(_traj(), "万千瓦", "en", illustrative=True)
    figure = area_tables.chart_figure(_target(), p, "en")
    assert "<strong>New PV capacity</strong>" in figure and "累计新增" not in figure.split("<img")[0]
    alt = re.search(r'alt="([^"]*)"', figure).group(1)
    assert "Reported (Illustrative data): 2022: 11 (Achieved), 2024: 17.5 (Behind)" in alt
    assert "Planned path" in _pictures(figure)[0]


def test_the_charts_html_carries_its_style_once():
    html = area_tables.charts_html(["<figure>a</figure>", "<figure>b</figure>"])
    assert html.count("<style>") == 1 and html.endswith("<figure>a</figure><figure>b</figure>")
    assert "@container" in html and "break-inside:avoid" in html
