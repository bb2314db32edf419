"""The single-file snapshot (layers/exports/snapshot.py): for a town, a district, a city and a city outside
Shanghai in both languages, the file links nothing (no src or href to any host, Leaflet inline), carries the
area's headline figures, its targets, the data state and the date, and escapes every string it prints.
Opening it in Chromium with every outside request refused is tests/e2e/test_e2e_snapshot.py."""

from __future__ import annotations

import base64
import html
import re
from datetime import datetime
from html.parser import HTMLParser

import folium
import folium.plugins
import pytest

from data import views, years
from data.i18n import t
from layers import view_spec
from layers.area_report import AreaReport, Section
from layers.exports import snapshot, sources, stamp
from layers.headline import area_cards

AREAS = ("310117104", "310117", "310000", "330400")  # 车墩镇, 松江区, 上海市, 嘉兴市
LANGS = ("zh", "en")
HOSTILE = "<script>alert('x')</script>&amp;`${1}`\\\"'<img src=x onerror=alert(1)>"


class Links(HTMLParser):
    """Every src and href of a document's tags, and its iframes' srcdoc documents."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.srcdocs: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.links += [a[k] or "" for k in ("src", "href") if k in a]
        if tag == "iframe" and "srcdoc" in a:
            self.srcdocs.append(a["srcdoc"] or "")
        if tag == "html":
            self.lang = a.get("lang")


def parsed(page: str) -> Links:
    p = Links()
    p.feed(page)
    p.close()
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every area's snapshot in both languages, from one empty store of their own (the illustrative figures)."""
    year = years.reporting_year()
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PEAKATLAS_DATA_DIR", str(tmp_path_factory.mktemp("snapshot") / "peakatlas-data"))
        sources.engine.cache_clear()
        for code in AREAS:
            for lang in LANGS:
                report, data = sources.area_report_of(code, year, lang)
                out[code, lang] = (snapshot.area_from_store(code, year, lang), report, data)
    sources.engine.cache_clear()
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", AREAS)
def test_links_nothing_and_inlines_leaflet(built, code, lang):
    page, report, _ = built[code, lang]
    outer = parsed(page)
    assert outer.lang == ("en" if lang == "en" else "zh-CN")
    # the app's links (a town's page) are dropped too; what remains is one inline picture per progress chart,
    # itself linking nothing
    assert len(outer.links) == len(report.charts)
    for link in outer.links:
        assert link.startswith("data:image/svg+xml;base64,")
        chart = base64.b64decode(link.split(",", 1)[1]).decode("utf-8")
        assert not re.search(r"\b(?:href|src)\s*=", chart) and "<script" not in chart
    assert all(html.escape(title) in page for title in report.chart_titles)
    assert len(outer.srcdocs) == 1
    inner = parsed(outer.srcdocs[0])
    assert inner.links == [], inner.links
    assert "Leaflet 1.9" in outer.srcdocs[0] and ".leaflet-pane" in outer.srcdocs[0]
    assert "/app/static" not in page and "sourceMappingURL" not in page
    assert "data:image/png;base64," in outer.srcdocs[0]  # leaflet.css's images, inline
    assert len(page.encode()) < 1_500_000


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", AREAS)
def test_carries_figures_targets_state_and_date(built, code, lang):
    page, report, data = built[code, lang]
    year = years.reporting_year()
    assert f"<h1>{html.escape(report.title)}</h1>" in page
    for card in area_cards(data.owed, year, lang):
        assert f'<div class="pa-card-value">{html.escape(card.value)}</div>' in page
    names = data.owed["indicator_en" if lang == "en" else "indicator_zh"]
    assert len(names) and all(html.escape(n) in page for n in names)
    assert html.escape(stamp.data_state(data.mode, lang, data.owed)) in page
    made = t("export_made", lang, when=datetime.now().strftime("%Y-%m-%d"))
    assert html.escape(made) in page
    for note in report.notes:  # schematic boundaries, approximate places, illustrative figures
        assert html.escape(note) in page
    assert (f">{html.escape(t('illustrative_badge', lang))}</span>" in page) == report.illustrative
    if report.measures and report.measures.html:
        assert html.escape(t("area_measures", lang)) in page


def test_a_district_lists_its_towns_without_links(built):
    page = built["310117", "zh"][0]
    assert "车墩镇" in page and 'href="area' not in page


@pytest.mark.parametrize("lang", LANGS)
def test_a_saved_view_with_its_indicator(lang):
    sources.engine.cache_clear()
    view = next(v for v in views.load() if v.indicator)
    page = snapshot.view_from_store(view.id, lang)
    sources.engine.cache_clear()
    assert f"<h1>{html.escape(view.title(lang))}</h1>" in page
    assert 'class="pa-cards"' in page  # the illustrative figures colour the view
    outer = parsed(page)
    assert outer.links == [] and parsed(outer.srcdocs[0]).links == []
    assert html.escape(t("illustrative_note", lang)) in page


def test_every_string_is_escaped():
    report = AreaReport(
        code="310117104",
        level="town",
        title=HOSTILE,
        subtitle=HOSTILE,
        notes=[HOSTILE],
        illustrative=False,
        cards="",
        sections=[Section(HOSTILE, "", HOSTILE, HOSTILE)],
        measures=Section(HOSTILE, "", HOSTILE),
        responsible=[HOSTILE],
    )
    spec = view_spec.area_spec("310117104", "zh", years.reporting_year())
    page = snapshot.area_page(report, spec, HOSTILE, "zh", years.reporting_year())
    view = views.View("v", HOSTILE, HOSTILE, "310117", (), None, None, None, HOSTILE, HOSTILE)
    view_page = snapshot.view_page(view, view_spec.slide_spec(view, "zh", None), None, HOSTILE, "zh")
    for p in (page, view_page):
        outside_map = re.sub(r'srcdoc="[^"]*"', "", p)
        assert "<script" not in outside_map and "<img" not in outside_map
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in outside_map
        assert parsed(p).links == []


def test_a_map_needing_an_outside_script_is_refused():
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)  # loads Leaflet.markercluster from a CDN
    with pytest.raises(ValueError, match="markercluster"):
        snapshot.offline_map_html(m)


def test_file_names_keep_the_name_and_drop_what_a_file_system_refuses():
    assert stamp.snapshot_file_name("松江区", 2025, "zh") == "松江区_2025_离线快照.html"
    assert stamp.snapshot_file_name("Songjiang", 2025, "en") == "Songjiang_2025_snapshot.html"
    assert "/" not in stamp.snapshot_file_name('../a/b:"c"', 2025, "en")
