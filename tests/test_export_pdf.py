"""The area report (layers/exports/area_pdf.py) for 车墩镇, 松江区, 上海市 and 嘉兴市 in both languages: its text
(pdftotext) holds every cell of every table the area page shows — targets with their values and shares, status,
plan and section, the plan's words and responsible units under each row, the measures — its fonts are embedded,
every page renders with ink on it; the slides PDF has one 16:9 page per saved view; the command line writes
them or refuses in words."""

import re
import shutil
import subprocess
import sys

import pytest

from data import views
from data.i18n import t
from layers.exports import area_pdf, slides_pdf, sources
from layers.html_table import plain
from tests.conftest import REPO

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make system-deps)"),
    pytest.mark.usefixtures("exports_store"),
]
YEAR = 2025
AREAS = ("310117104", "310117", "310000", "330400")


def _isolated(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("PEAKATLAS_DATA_DIR", str(tmp_path_factory.mktemp("store")))
    monkeypatch.delenv("PEAKATLAS_DB_URL", raising=False)
    sources.engine.cache_clear()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """{(area, lang): (AreaReport, the PDF's path)} rendered once for the module, from an empty store (the
    illustrative sample, as a new installation shows)."""
    with pytest.MonkeyPatch.context() as mp:
        _isolated(tmp_path_factory, mp)
        out = {}
        folder = tmp_path_factory.mktemp("pdf")
        for code in AREAS:
            for lang in ("zh", "en"):
                report, d = sources.area_report_of(code, YEAR, lang)
                pdf = area_pdf.render(report, sources.area_map(code, lang, YEAR), "STATE_LINE", lang)
                path = folder / f"{code}-{lang}.pdf"
                path.write_bytes(pdf)
                out[code, lang] = (report, path)
        sources.engine().dispose()
        sources.engine.cache_clear()
        yield out


def text_of(path) -> str:
    """The PDF's text in the order it was set (-raw: cell by cell; pdftotext's reading order would interleave
    the lines of neighbouring narrow cells)."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    """Without spaces, line breaks and hyphens (pdftotext joins "Whole-" at a line's end to "town")."""
    return re.sub(r"[\s-]+", "", text)


def _longest_prefix(rest: str, window: str) -> tuple[int, int]:
    """(where, how long) the longest start of `rest` stands in `window`; (-1, 0) when none does."""
    for n in range(len(rest), 0, -1):
        if (at := window.find(rest[:n])) >= 0:
            return at, n
    return -1, 0


def appears(cell: str, text: str, reach: int = 1500) -> bool:
    """Whether a table cell is in the squeezed text: whole, or — where typst set neighbouring narrow cells
    line by line in turn, or a row split by a page break — as its lines in order, each within `reach`
    characters of the last."""
    rest = squeeze(cell)
    if rest in text:
        return True
    _, n = _longest_prefix(rest, text)
    for start in (m.start() for m in re.finditer(re.escape(rest[:n]), text)) if n else ():
        pos, left = start + n, rest[n:]
        while left:
            at, k = _longest_prefix(left, text[pos : pos + reach])
            if k == 0:
                break
            pos, left = pos + at + k, left[k:]
        if not left:
            return True
    return False


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("code", AREAS)
def test_the_pdf_holds_every_table_cell_the_area_page_shows(reports, code, lang):
    report, path = reports[code, lang]
    text = squeeze(text_of(path))
    grids = [s.grid for s in [*report.sections, report.measures] if s.grid is not None]
    assert grids, "the area shows tables"
    cells = [plain(c) for g in grids for row in g.rows for c in row] + [d for g in grids for d in g.details]
    missing = [c for c in cells if not appears(c, text)]
    assert missing == []
    assert squeeze(report.title) in text and "STATE_LINE" in text
    assert all(squeeze(note) in text for note in report.notes)
    assert not appears("这句话不在任何规划里 a sentence in no plan", text)  # the check can fail


def test_numbers_sections_and_plan_words_are_in_the_report(reports):
    """松江区's 累计新增光伏装机容量: 29.4 万千瓦 from 二(一)1, with the plan's own words and a responsible unit."""
    text = squeeze(text_of(reports["310117", "zh"][1]))
    for needle in ("累计新增光伏装机容量", "29.4万千瓦", "二(一)1", "区发展改革委"):
        assert needle in text
    chedun = squeeze(text_of(reports["310117104", "zh"][1]))
    assert "整镇屋顶分布式光伏开发试点" in chedun and "松江区25.1/29.4万千瓦" in chedun
    english = squeeze(text_of(reports["310117104", "en"][1]))
    assert "Chedun" in english and "SongjiangDistrict" in english


@pytest.mark.parametrize("code", AREAS)
def test_fonts_are_embedded_and_no_page_is_blank(reports, code, tmp_path):
    for lang in ("zh", "en"):
        path = reports[code, lang][1]
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
        assert all("NotoSansCJKsc" in line for line in fonts)
    pages = pages_as_png(reports[code, "zh"][1], tmp_path)
    assert len(pages) >= 2  # the map and the tables do not fit on one A4 page
    assert min(ink(p) for p in pages) > 0.01


def pages_as_png(path, folder) -> list:
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def ink(png) -> float:
    """The share of a page's pixels that are not white."""
    from PIL import Image

    img = Image.open(png).convert("L")
    return sum(img.histogram()[:240]) / (img.width * img.height)


def test_a_town_report_prints_its_schematic_shape_and_the_district_report_its_illustrative_figures(reports):
    town = squeeze(text_of(reports["310117104", "zh"][1]))
    assert squeeze(t("schematic_note", "zh")) in town
    district = squeeze(text_of(reports["310117", "zh"][1]))
    assert squeeze(t("illustrative_note", "zh")) in district


def test_strings_from_the_data_reach_the_pdf_as_text_never_as_markup(tmp_path):
    """Typst markup in a title (a heading, a function call, a raw block) is printed as it is."""
    report, _ = sources.area_report_of("310117104", YEAR, "zh")
    hostile = '#panic("x") = *bold* `raw` $x$ <label> @ref'
    report.title = hostile
    path = tmp_path / "h.pdf"
    path.write_bytes(area_pdf.render(report, sources.area_map("310117104", "zh", YEAR), "s", "zh"))
    assert hostile in text_of(path)


def test_the_slides_pdf_has_one_16_9_page_per_saved_view(tmp_path):
    path = tmp_path / "slides.pdf"
    path.write_bytes(slides_pdf.from_store("zh"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) == len(views.load())
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(w / h - 16 / 9) < 0.01
    text = squeeze(text_of(path))
    assert all(squeeze(v.title("zh")) in text for v in views.load())
    assert squeeze(t("export_state_sample", "zh")) in text


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True)


def test_the_command_line_writes_a_report_or_refuses_in_words(tmp_path):
    out = tmp_path / "r.pdf"
    done = run_cli("report", "--area", "310117104", "--format", "pdf", "--out", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and "Chedun" in text_of(out)
    bad = run_cli("report", "--area", "999999", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and t("area_not_found", "zh", code="999999") in bad.stderr
    year = run_cli("report", "--area", "310117", "--year", "1990", "--out", str(tmp_path / "y.pdf"))
    assert year.returncode == 2 and t("err_export_year", "zh", year=1990) in year.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
