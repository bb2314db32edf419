"""The area page's progress charts in a real browser: drawn on the server as SVG pictures (layers/chart_svg.py),
so a fresh browser fetches none of Streamlit's Vega chunks; each picture decodes and shows, the wide one on a
wide screen and the narrow one on a phone, with its numbers in words as alt text; Chinese and English pages
from the same server process each get their own."""

from __future__ import annotations

import re

import pytest

from data.i18n import t

pytestmark = pytest.mark.browser

DISTRICT = "/area?area=310117"  # 松江区: twelve targets with (illustrative) figures
VEGA = re.compile(r"/static/js/(embed|vega|ArrowVegaLiteChart)[.-]")

_PICTURES_JS = """() => Array.from(document.querySelectorAll('figure.pa-chart img')).map(i => ({
  kind: i.className, shown: i.getBoundingClientRect().width > 0, decoded: i.complete && i.naturalWidth > 0,
  width: Math.round(i.getBoundingClientRect().width), alt: i.alt }))"""


def charts_opened(page, path: str, lang: str):
    """The page with its folded charts opened; the chart expander."""
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(f"{path}&lang={lang}")
    expander = page.get_by_test_id("stExpander").filter(has_text=t("charts_title", lang, n=12))
    expander.locator("summary").click()
    page.locator("figure.pa-chart img >> visible=true").first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    page.wait_for_timeout(500)  # the last pictures decoded
    return expander, scripts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_charts_are_pictures_drawn_on_the_server_and_no_vega_is_fetched(page, lang):
    expander, scripts = charts_opened(page, DISTRICT, lang)
    pictures = page.evaluate(_PICTURES_JS)
    assert len(pictures) == 2 * 12  # a wide and a narrow drawing of each chart
    wide = [p for p in pictures if p["kind"] == "pa-chart-wide"]
    assert all(p["shown"] and p["decoded"] for p in wide), wide[:2]
    assert not any(p["shown"] for p in pictures if p["kind"] == "pa-chart-narrow")
    assert {p["width"] for p in wide} == {640}  # its own size: the text in it at 12 px
    assert not [u for u in scripts if VEGA.search(u)], "a Vega chunk was fetched"
    assert scripts, "no script request seen (else the check above proves nothing)"
    alt = wide[1]["alt"]  # 累计新增光伏装机容量 …: its figures in words, with their status
    words = {
        "zh": ("累计新增光伏装机容量", "2024 年 25.1(进度正常)"),
        "en": ("Cumulative new PV", "2024: 25.1 (On track)"),
    }
    assert all(w in alt for w in words[lang]), alt
    caption = expander.locator("figure.pa-chart figcaption").nth(1).inner_text()
    assert caption.startswith(words[lang][0])  # the caption in the page's language, from the same server


def test_a_phone_gets_the_narrow_drawing(page):
    page.set_viewport_size({"width": 390, "height": 844})
    charts_opened(page, DISTRICT, "zh")
    pictures = page.evaluate(_PICTURES_JS)
    narrow = [p for p in pictures if p["kind"] == "pa-chart-narrow"]
    assert len(narrow) == 12 and all(p["shown"] and p["decoded"] for p in narrow)
    assert not any(p["shown"] for p in pictures if p["kind"] == "pa-chart-wide")
    assert all(p["width"] <= 390 for p in narrow)
