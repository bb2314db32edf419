"""The map, area and present pages through Streamlit's AppTest (the whole app, as st.navigation runs it)."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from data import views
from data.i18n import t
from layers import families, static_files
from tests.conftest import REPO

pytestmark = pytest.mark.apptest  # Streamlit's AppTest: the pages run headless

TIMEOUT = 60


def app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def components(at: AppTest):
    def walk(node):
        children = getattr(node, "children", None)
        for c in children.values() if isinstance(children, dict) else []:
            yield c
            yield from walk(c)

    return [
        e
        for e in walk(at._tree)
        if type(e).__name__ == "UnknownElement" and e.proto.component_name.endswith("st_folium")
    ]


def map_args(at: AppTest) -> dict:
    comps = components(at)
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def map_js(at: AppTest) -> str:
    """All the map's JavaScript: the base map and the measure layers (published files the component loads, see
    layers/static_files.py) and what the arguments run on top (the component's feature groups)."""
    args = map_args(at)
    files = [static_files.read(url) for url in args["js_links"] if url.startswith(static_files.URL)]
    return "\n".join([args["script"], *(text for f in files for text in f.values()), args["feature_group"] or ""])


def test_map_page_loads_offline_assets_only():
    at = app()
    args = map_args(at)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith(("/app/static/vendor/", static_files.URL + "/")) for link in links)
    for part in (map_js(at), args["header"], args["html"]):
        assert "http://" not in part and "https://" not in part
    for key in families.DEFAULT_ON:
        assert families.BY_KEY[key].label("zh") in map_js(at)  # listed in the legend


@pytest.mark.parametrize("key", [f.key for f in families.FAMILIES])
def test_each_layer_can_be_shown_alone(key):
    from data.plan_data import load_measures

    fam = families.BY_KEY[key]
    n = int(load_measures()["category"].isin(fam.categories).sum())
    script = map_js(app(layers=key))
    listed = f"</span> {fam.label('zh')} ({n})</div>" in script  # the legend lists it with its measure count
    assert listed == (n > 0)  # ... when it has something in view (no "(0)" rows)
    assert not any(f"</span> {f.label('zh')} (" in script for f in families.FAMILIES if f.key != key)


def test_clicking_a_town_shows_its_summary_and_link():
    at = app(j="310117")
    comp = components(at)[0]
    hash_key = json.loads(comp.proto.json_args)["key"]
    at.session_state[hash_key] = {
        "last_active_drawing": {
            "type": "Feature",
            "properties": {"code": "310117104", "name": "车墩镇", "level": "town"},
        }
    }
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["车墩镇"]
    links = at.get("page_link")
    assert [link.proto.label for link in links] == [t("open_area_page", "zh")]
    assert "area=310117104" in links[0].proto.query_string
    assert any("松江区" in c.value for c in at.caption)


def test_choropleth_shows_status_and_illustrative_badge():
    at = app(j="310117", ind="pv_capacity_new")
    assert any(f">{t('illustrative_badge', 'zh')}</span>" in h.proto.body for h in at.get("html"))
    script = map_js(at)
    assert t("status_on_track", "zh") in script or t("status_behind", "zh") in script
    assert t("illustrative_note", "zh") in script  # the legend says so too


def test_all_jurisdictions_map_says_what_lies_outside_its_view():
    script = map_js(app())
    assert t("outside_view_note", "zh", names="雨花区") in script  # 长沙's district is ~900 km away


def test_english_switch():
    at = app(lang="en")
    assert at.title[0].value == "Carbon-peaking action map"
    assert "Jurisdiction" in [s.label for s in at.sidebar.selectbox]
    at.sidebar.radio(key="lang_switch").set_value("zh").run()
    assert at.query_params.get("lang") in (None, "zh", ["zh"])


def test_area_page_for_a_town():
    at = app("pages/area.py", area="310117104")
    assert at.title[0].value == "车墩镇"
    assert len(components(at)) == 1
    notes = " ".join(m.value for m in at.markdown)
    assert t("schematic_note", "zh") in notes
    page_html = " ".join(h.proto.body for h in at.get("html"))
    # what the town owes and its measures are readable text (findable with Ctrl+F), not only a canvas grid
    assert "累计新增光伏装机容量" in page_html and "整镇屋顶分布式光伏开发试点" in page_html
    assert "上海市" not in page_html.split("pa-table")[1]  # no Shanghai-wide target in the town's list
    assert [p.proto.label for p in at.get("page_link")][0] == t("go_report", "zh")


def test_area_page_for_a_district_has_targets_with_progress():
    at = app("pages/area.py", area="310117")
    assert at.title[0].value == "松江区"
    charts = [h.proto.body for h in at.get("html") if 'class="pa-chart"' in h.proto.body]
    assert len(charts) == 1 and charts[0].count('<figure class="pa-chart">') >= 2  # drawn as SVG pictures
    assert not at.get("vega_lite_chart")  # a fresh browser loads no Vega for them
    assert "累计新增光伏装机容量</strong> 不低于 29.4 万千瓦" in charts[0]
    assert any(f">{t('illustrative_badge', 'zh')}</span>" in h.proto.body for h in at.get("html"))


def test_area_page_unknown_code_says_so():
    at = app("pages/area.py", area="999999999")
    assert any("999999999" in e.value for e in at.error)


def test_present_mode_deep_link_and_next_previous():
    all_views = views.load()
    at = app("pages/present.py", view=all_views[1].id)
    assert at.title[0].value == all_views[1].title("zh")
    at.button(key="next").click().run()
    assert at.title[0].value == all_views[2].title("zh")
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert at.title[0].value == all_views[0].title("zh")
    at.button(key="prev").click().run()  # wraps around
    assert at.title[0].value == all_views[-1].title("zh")


def test_every_saved_view_uses_known_layers_and_indicators():
    from data.indicators import INDICATORS

    for v in views.load():
        assert set(v.layers) <= set(families.BY_KEY), v.id
        assert v.indicator is None or v.indicator in INDICATORS, v.id


def test_pages_folder_holds_only_the_navigation_pages():
    """Streamlit treats every pages/*.py as a page on a server's first run (its pages-folder mode, until
    st.navigation takes over): helpers live in pages/ui/, and each page file is in the navigation."""
    import re

    source = (REPO / "pages" / "ui" / "navigation.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', source))
    assert {f"pages/{p.name}" for p in (REPO / "pages").glob("*.py")} == registered
