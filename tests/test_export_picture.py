"""Map pictures (layers/exports/map_picture.py): the size asked for, the area drawn inside its bounds, the legend,
names and notes the app's map shows (same strings and palette), names that do not overlap; SVG that parses;
the command line writes them or refuses in words."""

import io
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from matplotlib.text import Text
from PIL import Image

from data import gazetteer_data, views
from data.i18n import t
from layers import families, palette, view_spec
from layers.exports import map_picture, sources
from layers.map_builder import view_areas
from tests.conftest import REPO

pytestmark = pytest.mark.usefixtures("exports_store")
YEAR = 2025
AREAS = ("310117104", "310117", "310000", "330400")


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def area_box_pixels(spec, size) -> tuple[int, int, int, int]:
    """The area's bounding box in the picture's pixels (left, top, right, bottom), from the same layout."""
    fig = map_picture.figure(spec, size)
    ax = fig.axes[0]
    dist, towns = view_areas(spec, "wgs84")
    minx, miny, maxx, maxy = (towns if len(spec.scope or "") == 9 else dist).total_bounds
    (x0, y0), (x1, y1) = ax.transData.transform([(minx, miny), (maxx, maxy)])
    h = size[1]
    return int(x0), int(h - y1), int(x1), int(h - y0)


@pytest.mark.parametrize("code", AREAS)
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (390, 844)])
def test_the_picture_has_its_size_and_the_area_drawn_inside_its_bounds(code, size):
    spec = view_spec.area_spec(code, "zh", YEAR)
    img = Image.open(io.BytesIO(map_picture.render(spec, "png", size, "STATE"))).convert("RGB")
    assert img.size == size
    left, top, right, bottom = area_box_pixels(spec, size)
    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    inside = img.crop((left, top, right, bottom))
    background = {_rgb(palette.MAP_BACKGROUND), _rgb(palette.WHITE)}
    drawn = sum(n for n, colour in inside.getcolors(maxcolors=1 << 24) if colour not in background)
    assert drawn / (inside.width * inside.height) > 0.01  # boundary lines, markers and names at least


def test_a_choropleth_paints_the_areas_in_the_status_colours():
    view, spec = sources.view_map("songjiang-pv", "zh")
    assert spec.choropleth
    img = Image.open(io.BytesIO(map_picture.render(spec, "png", (1280, 720)))).convert("RGB")
    left, top, right, bottom = area_box_pixels(spec, (1280, 720))
    colours = {c for _, c in img.crop((left, top, right, bottom)).getcolors(maxcolors=1 << 24)}
    status = _rgb(palette.STATUS[spec.choropleth[0]["status"]])
    # drawn at 55 % over the map's background: some pixel within a few levels of that blend
    blend = tuple(round(0.55 * s + 0.45 * b) for s, b in zip(status, _rgb(palette.MAP_BACKGROUND)))
    assert any(max(abs(a - b) for a, b in zip(c, blend)) <= 3 for c in colours)


def texts(fig) -> list[str]:
    return [x.get_text() for x in fig.findobj(Text) if x.get_text()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_title_legend_names_and_notes_are_the_apps(lang):
    view, spec = sources.view_map("songjiang-pv", lang)
    fig = map_picture.figure(spec, (1920, 1080), "STATE")
    words = texts(fig)
    assert view.title(lang) in words and "STATE" in words
    assert t("legend", lang) in words and t("boundary_official", lang) in words
    assert t(f"status_{spec.choropleth[0]['status']}", lang) in words
    assert any(w.startswith(families.BY_KEY["pv_pilot"].label(lang) + " (") for w in words)
    assert gazetteer_data.area_label("310117104", lang) in words  # 车墩镇 named at this scale
    notes = " ".join(w for w in words if w.startswith("⚠"))
    assert t("schematic_note", lang)[:8] in notes and t("illustrative_note", lang)[:8] in notes


def test_names_do_not_overlap():
    spec = view_spec.area_spec("310117", "zh", YEAR)
    fig = map_picture.figure(spec, (1280, 720))
    renderer = fig.canvas.get_renderer()
    boxes = [x.get_window_extent(renderer) for x in fig.axes[0].texts if x.get_text() and x.get_zorder() == 6]
    assert len(boxes) >= 5
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_svg_parses_with_the_pictures_proportions():
    spec = view_spec.area_spec("310117", "en", YEAR)
    root = ET.fromstring(map_picture.render(spec, "svg", (1920, 1080)))
    _, _, w, h = map(float, root.get("viewBox").split())
    assert abs(w / h - 16 / 9) < 0.01
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 100


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True)


def test_the_command_line_draws_a_view_or_an_area_or_refuses_in_words(tmp_path):
    png = tmp_path / "v.png"
    done = run_cli("map", "--view", views.load()[1].id, "--format", "png", "--size", "1280x720", "--out", str(png))
    assert done.returncode == 0, done.stderr
    assert Image.open(png).size == (1280, 720)
    svg = tmp_path / "a.svg"
    done = run_cli("map", "--area", "330400", "--format", "svg", "--out", str(svg), "--lang", "en")
    assert done.returncode == 0 and ET.parse(svg).getroot().tag.endswith("svg")
    bad = run_cli("map", "--view", "nope", "--out", str(tmp_path / "x.png"))
    assert bad.returncode == 2 and t("err_export_view", "zh", view="nope") in bad.stderr
    size = run_cli("map", "--area", "310117", "--size", "10x10", "--out", str(tmp_path / "y.png"), "--lang", "en")
    assert size.returncode == 2 and t("err_export_size", "en", size="10x10") in size.stderr
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "y.png").exists()
