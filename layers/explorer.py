"""Targets explorer logic (pure pandas, no Streamlit): filtering and full-text search over the plans'
targets, one indicator side by side across jurisdictions, display frames and Excel/CSV exports.

Every row keeps what makes it traceable: plan title, source file, section, excerpt and responsible units.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

from data import gazetteer_data, indicators, plan_data
from data.cells import neutral, neutral_frame
from data.i18n import pick, t
from data.numbers import MISSING
from data.plan_data import load_plans
from data.plan_text import normalise
from data.reporting import obligations

RESP_SEP = "、"
_SEARCH_FIELDS = ("indicator_zh", "indicator_en", "excerpt", "area_name", "responsible", "owed_by")
_CMP_KEYS = {
    "=": "tx_cmp_eq",
    ">=": "tx_cmp_ge",
    "<=": "tx_cmp_le",
    "~": "tx_cmp_about",
    "reduce_by": "tx_cmp_reduce_by",
    "increase_by": "tx_cmp_increase_by",
}


# ---------------------------------------------------------------- loading


@plan_data.derived
@functools.cache
def _owed_by() -> dict[str, tuple[str, ...]]:
    """target id → names of the areas below its own that owe it by the plan (各街镇, a measure there)."""
    out: dict[str, tuple[str, ...]] = {}
    for tid, area in zip(indicators.keyed_targets()["id"], indicators.keyed_targets()["area_code"]):
        below = [a for a in obligations.owing_areas(tid) if a != area]
        out[tid] = tuple(gazetteer_data.area_name(a) or a for a in below)
    return out


def targets_frame() -> pd.DataFrame:
    """All targets with their plan's title and jurisdiction, their indicator_key, and the towns (or districts)
    that owe each (owed_by): so a search or the area filter for 车墩镇 finds what 车墩镇 reports on."""
    df = with_plan_info(indicators.keyed_targets())
    return df.assign(owed_by=[_owed_by().get(i, ()) for i in df["id"]])


def with_plan_info(df: pd.DataFrame) -> pd.DataFrame:
    """Add plan_title, plan_title_en, jurisdiction_code and jurisdiction_name from plans.csv."""
    if "plan_title" in df.columns:
        return df
    plans = load_plans()[["id", "title", "title_en", "jurisdiction_code", "jurisdiction_name"]].rename(
        columns={"id": "plan_id", "title": "plan_title", "title_en": "plan_title_en"}
    )
    out = df.merge(plans.reset_index(drop=True), on="plan_id", how="left")
    out.index = df.index
    return out


def pick_plan_title(plan_id: str, lang: str) -> str:
    """The plan's title in lang."""
    p = load_plans().loc[plan_id]
    return pick(p["title"], p["title_en"], lang)


def indicator_label(key: str, lang: str) -> str:
    return indicators.label(key, lang)


# ---------------------------------------------------------------- filtering and search


def _as_list(resp) -> list[str]:
    if isinstance(resp, str):
        return [p.strip() for p in resp.split(";") if p.strip()]
    if resp is None or (isinstance(resp, float) and pd.isna(resp)):
        return []
    return list(resp)


def join_responsible(resp) -> str:
    return RESP_SEP.join(_as_list(resp))


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return normalise(text).casefold()


def query_terms(query: str) -> list[str]:
    """Search terms: the query split on any whitespace (full-width spaces too), each normalised."""
    if not query:
        return []
    raw = re.split(r"[\s,、;]+", unicodedata.normalize("NFKC", query))
    return [n for n in (_norm(r) for r in raw if r) if n]


def _haystack(row: pd.Series) -> str:
    parts = []
    for f in _SEARCH_FIELDS:
        if f not in row.index:
            continue
        v = row[f]
        if f in ("responsible", "owed_by"):
            parts.append(join_responsible(v))
        else:
            parts.append("" if pd.isna(v) else str(v))
    return "\x1f".join(_norm(p) for p in parts)  # separator keeps a term from spanning two fields


def search_mask(df: pd.DataFrame, query: str) -> pd.Series:
    """True for rows whose searchable text contains every term of query."""
    terms = query_terms(query)
    if not terms or df.empty:
        return pd.Series(True, index=df.index)
    hay = df.apply(_haystack, axis=1)
    return hay.map(lambda h: all(term in h for term in terms)).astype(bool)


NO_YEAR = "none"  # the year token for rows without a target year


def _years(values: Iterable) -> tuple[set[int], bool]:
    years, none = set(), False
    for v in values:
        if v is None or v == "" or v == NO_YEAR or (isinstance(v, float) and pd.isna(v)):
            none = True
        else:
            years.add(int(v))
    return years, none


def filter_targets(
    df: pd.DataFrame, plans=None, sectors=None, years=None, areas=None, responsible=None, kinds=None, query: str = ""
) -> pd.DataFrame:
    """Rows of df matching every given filter (None or empty = no filter).

    plans: plan ids; sectors: sector codes; years: target years as int or str ("none" or None in the list =
    rows without a year);
    areas: area codes or area names; responsible: units, a row matches if it names any of them;
    kinds: target / baseline; query: space-separated terms, all must occur (simplified/traditional and
    full-/half-width insensitive) in indicator, excerpt, area or responsible units."""
    mask = pd.Series(True, index=df.index)
    if plans:
        mask &= df["plan_id"].isin(list(plans))
    if sectors:
        mask &= df["sector"].isin(list(sectors))
    if kinds:
        mask &= df["kind"].isin(list(kinds))
    if years:
        wanted, want_none = _years(years)
        ty = pd.to_numeric(df["target_year"], errors="coerce")
        mask &= ty.isin(list(wanted)) | (ty.isna() & want_none)
    if areas:
        wanted_areas = {str(a) for a in areas}
        owed = df["owed_by"] if "owed_by" in df else pd.Series([()] * len(df), index=df.index)
        mask &= (
            df["area_code"].astype(str).isin(wanted_areas)
            | df["area_name"].isin(wanted_areas)
            | owed.map(lambda names: bool(wanted_areas & set(names))).astype(bool)
        )
    if responsible:
        wanted_units = set(responsible)
        mask &= df["responsible"].map(lambda r: bool(wanted_units & set(_as_list(r)))).astype(bool)
    out = df[mask]
    if query:
        out = out[search_mask(out, query)]
    return out


def filter_options(df: pd.DataFrame) -> dict[str, list]:
    """Values each filter can take, as strings (query-parameter friendly) in a stable order:
    years ascending with "none" last for rows without a year."""
    ty = pd.to_numeric(df["target_year"], errors="coerce")
    years = [str(y) for y in sorted({int(y) for y in ty.dropna()})]
    if ty.isna().any():
        years.append(NO_YEAR)
    units = sorted({u for r in df["responsible"] for u in _as_list(r)})
    from data import vocab

    return {
        "plans": sorted(df["plan_id"].unique()),
        "sectors": [s for s in vocab.SECTORS if s in set(df["sector"])],
        "years": years,
        # the plans' own areas, then the towns that owe something
        "areas": list(dict.fromkeys([*df["area_name"], *(n for names in df.get("owed_by", []) for n in names)])),
        "responsible": units,
        "kinds": [k for k in vocab.KINDS if k in set(df["kind"])],
    }


# ---------------------------------------------------------------- comparison


def indicator_keys(df: pd.DataFrame) -> list[str]:
    """Indicator keys present in df, those found in most jurisdictions first."""
    if "indicator_key" not in df.columns:
        return []
    d = with_plan_info(df).dropna(subset=["indicator_key"])
    d = d[d["indicator_key"].astype(str) != ""]
    counts = d.groupby("indicator_key")["jurisdiction_code"].nunique()
    return sorted(counts.index, key=lambda k: (-counts[k], k))


def compare_indicator(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """The targets with indicator_key == key, one row each, ordered by jurisdiction then year."""
    if "indicator_key" not in df.columns:
        df = indicators.with_keys(df)
    d = with_plan_info(df)
    d = d[d["indicator_key"] == key]
    cols = [
        "id",
        "plan_id",
        "plan_title",
        "plan_title_en",
        "jurisdiction_code",
        "jurisdiction_name",
        "area_code",
        "area_name",
        "kind",
        "indicator_zh",
        "indicator_en",
        "comparator",
        "value",
        "value_text",
        "unit",
        "canonical_value",
        "canonical_unit",
        "base_year",
        "target_year",
        "section",
        "excerpt",
        "responsible",
        "source_file",
    ]
    out = d[[c for c in cols if c in d.columns]].copy()
    out["target_year"] = pd.to_numeric(out["target_year"], errors="coerce").astype("Int64")
    return out.sort_values(
        ["jurisdiction_code", "area_code", "kind", "target_year", "id"], na_position="last"
    ).reset_index(drop=True)


def compare_display(df: pd.DataFrame, key: str, lang: str) -> pd.DataFrame:
    """compare_indicator(df, key) as shown on screen: localized values and headers."""
    c = compare_indicator(df, key)
    out = pd.DataFrame(
        {
            "jurisdiction": c["jurisdiction_name"],
            "area": c["area_name"],
            "kind": [kind_label(k, lang) for k in c["kind"]],
            "indicator": [pick(z, e, lang) for z, e in zip(c["indicator_zh"], c["indicator_en"])],
            "comparator": [comparator_label(x, lang) for x in c["comparator"]],
            "value": c["value"].astype(float),
            "unit": c["unit"],
            "canonical_value": c["canonical_value"].astype(float),
            "canonical_unit": c["canonical_unit"],
            "target_year": [_year_text(v) for v in c["target_year"]],
            "plan": [pick(z, e, lang) for z, e in zip(c["plan_title"], c["plan_title_en"])],
            "section": c["section"],
            "excerpt": c["excerpt"],
            "id": c["id"],
        }
    )
    heads = {
        "jurisdiction": "tx_col_jurisdiction",
        "canonical_value": "tx_col_canonical_value",
        "canonical_unit": "tx_col_canonical_unit",
        **dict(_DISPLAY),
    }
    return out.rename(columns={c: t(heads[c], lang) for c in out.columns})


def compare_chart_frame(cmp: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, str, int]:
    """Bar-chart data for a comparison: one bar per target in the most common canonical unit.

    Returns (frame with columns label and value, that unit, number of rows left out for another unit)."""
    if cmp.empty:
        return pd.DataFrame({"label": [], "value": []}), "", 0
    unit = cmp["canonical_unit"].value_counts().index[0]
    same = cmp[cmp["canonical_unit"] == unit]
    labels = []
    for _, r in same.iterrows():
        year = "" if pd.isna(r["target_year"]) else f" {int(r['target_year'])}"
        area = r["area_name"] if r["area_name"] != r["jurisdiction_name"] else ""
        kind = t("baseline", lang) if r["kind"] == "baseline" else ""
        bits = [r["jurisdiction_name"], area, f"{kind}{year}".strip(), f"({r['id']})"]
        labels.append(" ".join(b for b in bits if b))
    frame = pd.DataFrame({"label": labels, "value": same["canonical_value"].astype(float).to_list()})
    return frame, unit, len(cmp) - len(same)


# ---------------------------------------------------------------- display and export


def comparator_label(comparator: str, lang: str) -> str:
    return t(_CMP_KEYS[comparator], lang) if comparator in _CMP_KEYS else comparator


def sector_label(sector: str, lang: str) -> str:
    try:
        return t(f"tx_sector_{sector}", lang)
    except KeyError:
        return sector


def year_label(year: str, lang: str) -> str:
    """A year option of filter_options for display ("none" → no year given)."""
    return t("tx_no_year", lang) if year == NO_YEAR else str(year)


def kind_label(kind: str, lang: str) -> str:
    return t(kind, lang) if kind in ("target", "baseline") else kind


def _year(v) -> object:
    return pd.NA if v is None or pd.isna(v) or v == "" else int(v)


def _responsible_text(resp, lang: str) -> str:
    return join_responsible(resp) or t("responsible_none", lang)


# (column, header key) of the on-screen table, in order
_DISPLAY = (
    ("id", "tx_col_id"),
    ("plan", "plan"),
    ("section", "section"),
    ("sector", "tx_col_sector"),
    ("indicator", "indicator"),
    ("kind", "tx_col_kind"),
    ("comparator", "tx_col_comparator"),
    ("value", "value"),
    ("unit", "unit"),
    ("base_year", "tx_col_base_year"),
    ("target_year", "tx_col_target_year"),
    ("area", "area"),
    ("responsible", "responsible"),
    ("excerpt", "excerpt"),
)


def display_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The targets as shown on screen: chosen columns, values in lang, headers from i18n."""
    d = with_plan_info(df)
    out = pd.DataFrame(
        {
            "id": d["id"],
            "plan": [pick(z, e, lang) for z, e in zip(d["plan_title"], d["plan_title_en"])],
            "section": d["section"],
            "sector": [sector_label(s, lang) for s in d["sector"]],
            "indicator": [pick(z, e, lang) for z, e in zip(d["indicator_zh"], d["indicator_en"])],
            "kind": [kind_label(k, lang) for k in d["kind"]],
            "comparator": [comparator_label(c, lang) for c in d["comparator"]],
            "value": d["value"].astype(float),
            "unit": d["unit"],
            "base_year": pd.array([_year(v) for v in d["base_year"]], dtype="Int64"),
            "target_year": pd.array([_year(v) for v in d["target_year"]], dtype="Int64"),
            "area": d["area_name"],
            "responsible": [_responsible_text(r, lang) for r in d["responsible"]],
            "excerpt": d["excerpt"],
        },
        index=d.index,
    )
    return out.rename(columns={c: t(k, lang) for c, k in _DISPLAY}).reset_index(drop=True)


def _year_text(v) -> str:
    year = _year(v)
    return MISSING if year is pd.NA else str(year)


def grid_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """display_frame for the on-screen grid: a year the plan does not give reads "–" (the grid draws an empty
    number as "None"); exports keep display_frame's numbers."""
    out = display_frame(df, lang)
    for column in ("base_year", "target_year"):
        header = display_header(column, lang)
        out[header] = [_year_text(v) for v in out[header]]
    return out


def display_html(df: pd.DataFrame, lang: str) -> str:
    """The same rows as a readable HTML table (Ctrl+F and screen readers find every target), numbers for people."""
    from data.numbers import fmt_value
    from layers.html_table import table

    shown = display_frame(df, lang)
    value, unit = display_header("value", lang), display_header("unit", lang)
    cells = [
        [fmt_value(v, r[unit]) if c == value else ("" if pd.isna(v) else v) for c, v in r.items()]
        for r in shown.to_dict("records")
    ]
    return table(list(shown.columns), cells)


def display_header(column: str, lang: str) -> str:
    """The header display_frame gives column (e.g. "excerpt") in lang."""
    return t(dict(_DISPLAY)[column], lang)


# (column, header key) of exports: everything needed to trace a value back to its plan
_EXPORT = (
    _DISPLAY[:2]
    + (("source_file", "tx_col_source_file"),)
    + _DISPLAY[2:9]
    + (
        ("value_text", "tx_col_value_text"),
        ("canonical_value", "tx_col_canonical_value"),
        ("canonical_unit", "tx_col_canonical_unit"),
    )
    + _DISPLAY[9:11]
    + (
        ("period", "tx_col_period"),
        ("commitment", "tx_col_commitment"),
        ("area_code", "tx_col_area_code"),
    )
    + _DISPLAY[11:]
    + (("note", "tx_col_note"),)
)


def export_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Full, traceable rows for Excel/CSV: display columns plus source file, value as written,
    canonical value/unit, period, commitment, area code and note; headers in lang."""
    d = with_plan_info(df).reset_index(drop=True)
    shown = display_frame(d, lang)
    shown.columns = [c for c, _ in _DISPLAY]
    commit = {"binding": t("tx_commit_binding", lang), "aspirational": t("tx_commit_aspirational", lang)}
    extra = pd.DataFrame(
        {
            "source_file": d["source_file"],
            "value_text": d["value_text"],
            "canonical_value": d["canonical_value"].astype(float),
            "canonical_unit": d["canonical_unit"],
            "period": d["period"],
            "commitment": [commit.get(c, "") for c in d["commitment"]],
            "area_code": d["area_code"].astype(str),
            "note": d["note"] if "note" in d.columns else "",
        }
    )
    out = pd.concat([shown, extra], axis=1)[[c for c, _ in _EXPORT]]
    return neutral_frame(out.rename(columns={c: t(k, lang) for c, k in _EXPORT}))  # no cell a spreadsheet runs


def to_csv_bytes(df: pd.DataFrame, lang: str = "zh") -> bytes:
    """The rows as CSV, UTF-8 with a byte-order mark so Excel reads Chinese correctly."""
    return export_frame(df, lang).to_csv(index=False).encode("utf-8-sig")


def cell_width(text) -> int:
    """Columns a text takes in a spreadsheet: CJK characters are about two columns wide."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def format_table(ws, frame: pd.DataFrame, header_row: int = 1, wrap: Iterable[str] = (), freeze_cols: int = 0) -> None:
    """A sheet where `frame` was written with its header on `header_row`: the header bold and frozen (with the
    first `freeze_cols` columns), each column as wide as its text (8 to 60), the `wrap` columns wrapped."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = f"{get_column_letter(freeze_cols + 1)}{header_row + 1}"
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    wrap = set(wrap)
    for i, col in enumerate(frame.columns, start=1):
        longest = max([cell_width(col)] + [cell_width(v) for v in frame[col].head(500)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)
        if col in wrap:
            for row in ws.iter_rows(min_row=header_row + 1, min_col=i, max_col=i):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def about_rows(
    pairs: list[tuple[str, str]],
    counts: pd.Series,
    plan_ids: Iterable[str] | None = None,
    sections: Mapping[str, str] | None = None,
) -> tuple[list[list], list[int]]:
    """Rows of a bilingual About sheet and the 1-based rows to set in bold: each (Chinese, English) pair of
    lines then a blank row (the first pair bold), then the source files of `plan_ids` (default every plan)
    with how many rows each gave (`counts` by plan id) and, given `sections` (plan id → text), the sections
    cited."""
    rows: list[list] = []
    for zh, en in pairs:
        rows += [[zh], [en], []]
    heads = ["tx_col_plan_id", "tx_col_source_file", "plan", "tx_col_plan_en", "tx_col_jurisdiction", "tx_col_rows"]
    if sections is not None:
        heads.append("wb_col_sections")
    rows += [
        [f"{t('tx_about_sources', 'zh')} / {t('tx_about_sources', 'en')}"],
        [f"{t(k, 'zh')} {t(k, 'en')}" for k in heads],
    ]
    bold = [1, 2, len(rows) - 1, len(rows)]
    plans = load_plans()
    for pid, p in plans.loc[list(plan_ids) if plan_ids is not None else plans.index].iterrows():
        row = [pid, p["source_file"], p["title"], p["title_en"], p["jurisdiction_name"], int(counts.get(pid, 0))]
        rows.append(row + ([sections.get(pid, "")] if sections is not None else []))
    return [[neutral(v) for v in r] for r in rows], bold


def write_about(writer: pd.ExcelWriter, sheet: str, rows: list[list], bold: list[int]) -> None:
    """The About sheet of an export from about_rows()."""
    from openpyxl.styles import Alignment, Font

    width = max(len(r) for r in rows)
    pd.DataFrame([r + [None] * (width - len(r)) for r in rows]).to_excel(
        writer, sheet_name=sheet, index=False, header=False
    )
    ws = writer.sheets[sheet]
    for r in bold:
        for cell in ws[r]:
            cell.font = Font(bold=True)
    for i, w in enumerate((16, 30, 40, 60, 16, 12, 60)[:width], start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = w
    if width > 6:  # the sections cited: a long list
        for cell in ws["G"]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def to_excel_bytes(df: pd.DataFrame, lang: str = "zh") -> bytes:
    """An .xlsx workbook: a sheet of the targets (bold, frozen header; sized columns) and a sheet
    "说明 About" naming the source files and saying that values are the plans' own words."""
    data = export_frame(df, lang)
    targets_sheet = t("tx_sheet_targets", lang)
    pairs = [(t(k, "zh"), t(k, "en")) for k in ("tx_about_title", "tx_about_words")]
    pairs.append((t("tx_about_rows", "zh", n=len(df)), t("tx_about_rows", "en", n=len(df))))
    counts = df["plan_id"].value_counts() if "plan_id" in df.columns else pd.Series(dtype=int)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name=targets_sheet, index=False)
        format_table(writer.sheets[targets_sheet], data, wrap=[t("excerpt", lang)])
        write_about(writer, t("tx_sheet_about", lang), *about_rows(pairs, counts))
    return buf.getvalue()
