"""The line every export prints about its data: which figures it shows (illustrative sample, demo, or reported
with how many approved and pending) and when it was made; the exports' file names and picture formats. Light on
purpose: a page shows its export buttons with this alone and imports the export itself on a click."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from data import gazetteer_data
from data.i18n import t

SAMPLE, DEMO = "sample", "demo"
PICTURE_FORMATS = ("png", "svg")  # the map picture's (map_picture.py)
SLIDE = (1920, 1080)  # pixels: a full-HD slide


def data_state(mode: str, lang: str, owed: pd.DataFrame | None = None) -> str:
    """ "示例数据(尚无上报)", "演示数据", or "已上报:通过 3 · 待审核 1 · 未报 2" for an area's owed rows."""
    if mode in (SAMPLE, DEMO):
        return t(f"export_state_{mode}", lang)
    if owed is None or owed.empty:
        return t("export_state_real", lang)
    states = owed["report_status"].fillna("none").value_counts()
    return t(
        "export_state_counts",
        lang,
        approved=int(states.get("approved", 0)),
        pending=int(states.get("pending", 0)),
        rejected=int(states.get("rejected", 0)),
        missing=int(states.get("none", 0)),
    )


def made_at(lang: str, now: datetime | None = None) -> str:
    return t("export_made", lang, when=(now or datetime.now()).strftime("%Y-%m-%d %H:%M"))


def stamp(mode: str, lang: str, owed: pd.DataFrame | None = None) -> str:
    return f"{data_state(mode, lang, owed)} · {made_at(lang)}"


_FILE_UNSAFE = re.compile(r'[\s\\/:*?"<>|\x00-\x1f]+')


def file_name(key: str, lang: str, ext: str, **names) -> str:
    """An export's file name a reader recognises (t(key) with the area or view and the year), without characters
    a file system refuses: "车墩镇_2025年_报告.pdf"."""
    return _FILE_UNSAFE.sub("_", t(key, lang, **names)) + "." + ext


def snapshot_file_name(title: str, year: int, lang: str) -> str:
    """The offline snapshot's (snapshot.py) file name: the area or view and the year."""
    return file_name("snap_file", lang, "html", name=title, year=year)


def workbook_file_name(code: str, year: int, lang: str) -> str:
    """The progress workbook's (workbook.py) file name: the area and the year."""
    return file_name("wb_file", lang, "xlsx", area=gazetteer_data.area_label(code, lang), year=year)
