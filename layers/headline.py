"""Headline figures (KPI cards) for the map, the slides and the area pages, as escaped HTML that a reader can
find with Ctrl+F and a screen reader can read. Built from the same status rows as the map colours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from data import gazetteer_data, progress
from data.i18n import pick, t
from data.numbers import fmt_share
from layers import palette
from layers.html_safe import esc
from layers.progress_text import progress_line, source_text, value_text


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    note: str = ""
    status: str | None = None  # colours the card's edge


def status_counts(statuses: pd.DataFrame, lang: str) -> str:
    """ "已完成 2 · 滞后 1 · 未上报 3", in the order of progress.STATUSES."""
    counts = statuses["status"].value_counts() if len(statuses) else pd.Series(dtype=int)
    return " · ".join(f"{t(f'status_{s}', lang)} {int(counts[s])}" for s in progress.STATUSES if s in counts) or "–"


def _area_name(code: str, lang: str) -> str:
    table = gazetteer_data.towns() if code in gazetteer_data.towns().index else gazetteer_data.districts()
    return pick(table.loc[code, "name"], table.loc[code, "name_en"], lang)


def _done(row, lang: str) -> list[str]:
    """ "完成 17 %" where the row is judged against a target."""
    share = row.get("progress_share")
    return [] if share is None or pd.isna(share) else [t("done_pct", lang, pct=fmt_share(share))]


def indicator_cards(statuses: pd.DataFrame, scope: str | None, year: int, lang: str) -> list[Card]:
    """For a progress indicator in a view: the view's own figure (or the top-level areas' where the view has
    none), then how many areas stand where."""
    if statuses.empty:
        return []
    main = statuses[statuses["area_code"] == scope] if scope else statuses.iloc[0:0]
    if main.empty:
        main = statuses[statuses["area_code"] == statuses["target_area"]]
    main = main.sort_values("due_year", kind="stable").drop_duplicates("area_code")
    cards = [
        Card(
            f"{_area_name(r['area_code'], lang)} · {pick(r['indicator_zh'], r['indicator_en'], lang)}",
            value_text(r, lang, suffix=False),
            " · ".join(
                [
                    t(f"status_{r['status']}", lang),
                    *_done(r, lang),
                    t("as_of_year", lang, year=year),
                    source_text(r, lang),
                ]
            ),
            r["status"],
        )
        for r in main.head(3).to_dict("records")
    ]
    areas = statuses.drop_duplicates("area_code")
    cards.append(Card(t("card_areas", lang), str(len(areas)), status_counts(areas, lang)))
    return cards


def area_cards(owed: pd.DataFrame, year: int, lang: str) -> list[Card]:
    """For an area page: what it owes, what it reported, its shares, statuses, and what is due now."""
    if owed.empty:
        return []
    shares = owed[owed["share"].notna()]
    reported = owed[owed["latest_value"].notna()]
    due_now = owed[owed["report_status"].isna() | (owed["report_status"] == "rejected")]
    cards = [
        Card(t("card_owed", lang), str(len(owed)), t("card_owed_note", lang, shares=len(shares))),
        Card(t("card_reported", lang), f"{len(reported)} / {len(owed)}", status_counts(owed, lang)),
    ]
    for r in shares.head(2).to_dict("records"):
        cards.append(
            Card(
                f"{pick(r['indicator_zh'], r['indicator_en'], lang)} · {t('towns_share', lang)}",
                value_text(r, lang, suffix=False),
                progress_line(r, year, lang).split(" · ", 1)[1],
                r["status"],
            )
        )
    cards.append(Card(t("card_due_now", lang, year=year), str(len(due_now)), t("card_due_now_note", lang)))
    return cards


def cards_html(cards: Iterable[Card]) -> str:
    items = []
    for c in cards:
        edge = f' style="border-left-color:{palette.STATUS[c.status]}"' if c.status else ""
        items.append(
            f'<div class="pa-card"{edge}><div class="pa-card-label">{esc(c.label)}</div>'
            f'<div class="pa-card-value">{esc(c.value)}</div>'
            f'<div class="pa-card-note">{esc(c.note)}</div></div>'
        )
    return f'<div class="pa-cards">{"".join(items)}</div>' if items else ""
