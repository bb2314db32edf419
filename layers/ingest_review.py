"""The plan-ingestion page's content without Streamlit: the candidates as a table in the reader's language, and
the plan's section that holds a candidate's excerpt, with the excerpt highlighted (every piece of the plan's text
escaped: it comes from an uploaded file)."""

from __future__ import annotations

import pandas as pd

from data.i18n import STRINGS, t
from data.ingest.clauses import numbered_sections
from data.ingest.reasons import render
from data.ingest.review_rows import what
from data.numbers import fmt
from layers.html_safe import esc
from layers.messages import describe


def field_words(fields: list[str], lang: str) -> str:
    """The fields a row must fix, as the reader knows them."""
    return t("list_sep", lang).join(
        t(f"ingest_field_{f}", lang) if f"ingest_field_{f}" in STRINGS else f for f in fields
    )


def _line(p, lang: str) -> str:
    if p.key == "plan_row_invalid":
        return t(p.key, lang, row=p.params["row"], why=field_words(p.params["fields"], lang))
    return t(p.key, lang, **p.params)


def refusal(err: Exception, lang: str) -> list[str]:
    """A refused write in the reader's language, one line per thing wrong (a row's fields named in words)."""
    found = getattr(err, "problems", None) or []
    if found and all((p.key or "").startswith("plan_") for p in found):
        return [_line(p, lang) for p in found]
    return describe(err, lang)


def candidates_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One line per candidate, headed in the reader's language; the row id stays first (the page's key)."""
    return pd.DataFrame(
        {
            t("ingest_col_id", lang): rows["row_id"],
            t("ingest_col_kind", lang): [t(f"ingest_kind_{k}", lang) for k in rows["kind"]],
            t("ingest_col_what", lang): [what(k, r) for k, r in zip(rows["kind"], rows["row"])],
            t("ingest_col_area", lang): [r.get("area_name", "") for r in rows["row"]],
            t("ingest_col_section", lang): [r.get("section", "") for r in rows["row"]],
            t("ingest_col_confidence", lang): [fmt(c, 2) for c in rows["confidence"]],
            t("ingest_col_review", lang): [t(f"ingest_review_{v}", lang) for v in rows["review"]],
            t("ingest_col_problems", lang): [field_words(f, lang) for f in rows["problems"]],
        }
    )


def reason_line(stored, lang: str) -> str:
    """Why the ingester proposed a row, in the reader's language (a reason stored as plain text: as written)."""
    return t("ingest_reason", lang, reason=render(stored, lang))


def plans_label(plan: dict, lang: str) -> str:
    return t("ingest_plan_label", lang, id=plan["plan_id"], title=plan["title"], area=plan["jurisdiction_name"])


def _section_of(text: str, section: str, excerpt: str):
    sections = numbered_sections(text)
    for s in sections:
        if s.id == section and excerpt in s.text:
            return s
    return next((s for s in sections if excerpt and excerpt in s.text), None)


def _marked(line: str, excerpt: str) -> str:
    if not excerpt or excerpt not in line:
        return esc(line)
    before, _, after = line.partition(excerpt)
    return f'{esc(before)}<mark class="pa-excerpt">{esc(excerpt)}</mark>{esc(after)}'


def excerpt_html(text: str, row: dict, lang: str) -> str:
    """The section of the plan's text that holds the row's excerpt, the excerpt marked; a note when the excerpt
    is not in the text word for word (it cannot become data so)."""
    excerpt = str(row.get("excerpt") or "")
    found = _section_of(text, str(row.get("section") or ""), excerpt)
    if found is None:
        return f'<p class="pa-excerpt-missing">{esc(t("ingest_excerpt_missing", lang, excerpt=excerpt))}</p>'
    head = esc(t("ingest_section", lang, section=found.id))
    lines = "".join(f"<p>{_marked(line, excerpt)}</p>" for line in found.lines)
    return f'<section class="pa-plan-section" lang="zh"><h4>{head}</h4>{lines}</section>'
