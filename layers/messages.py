"""Errors from the data layer in the reader's language: the data layer raises structured errors (English text
plus the string-table key and its parameters); this turns them into lines for the page."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from data import gazetteer_data
from data.i18n import STRINGS, t
from data.reporting.errors import ConflictError, Problem

LOCAL = ZoneInfo("Asia/Shanghai")


def local_time(text: str, lang: str) -> str:
    """ "2026-12-02 05:03:11 UTC" → "2026-12-02 13:03(北京时间)"."""
    try:
        when = datetime.strptime(text, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
    except ValueError:
        return text
    return t("beijing_time", lang, time=when.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M"))


def field_label(field: str, lang: str) -> str:
    """A problem's field as the reader knows it: 数值, 目标编号, or a town's name for a town's share."""
    if f"field_{field}" in STRINGS:
        return t(f"field_{field}", lang)
    return gazetteer_data.area_name(field) or field


def problem_line(p: Problem, lang: str) -> str:
    if not p.key:
        return str(p)
    text = t(p.key, lang, **(p.params or {}))
    field = field_label(p.field, lang)
    return (
        t("problem_in_row", lang, row=p.row, field=field, text=text)
        if p.row is not None
        else t("problem_in_field", lang, field=field, text=text)
    )


def describe(err: Exception, lang: str) -> list[str]:
    """One line per thing wrong."""
    if isinstance(err, ConflictError):
        if err.exists and err.entity == "report":
            cur = err.current
            return [
                t(
                    "already_reported",
                    lang,
                    year=cur.get("year", ""),
                    status=t(f"report_state_{cur.get('status', 'pending')}", lang),
                    name=err.changed_by,
                )
            ]
        return [t("conflict_changed", lang, name=err.changed_by, time=local_time(err.changed_at, lang))]
    problems = getattr(err, "problems", None)
    if problems:
        return [problem_line(p, lang) for p in problems]
    key = getattr(err, "key", None)
    return [t(key, lang, **err.params)] if key else [str(err)]
