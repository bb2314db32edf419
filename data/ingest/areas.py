"""Which area a clause speaks of: the last town (or, in a city's plan, district) or named new town before the
quantity; otherwise the jurisdiction itself."""

from __future__ import annotations

import re

from data.ingest.gazetteer import name_index

_SUB_AREA = re.compile(r"([\u4e00-\u9fff]{2,4}(?:新城|片区)|主城区|中心城区?)(?:范围内|内)?")


def area_finder(code: str, name: str):
    index = name_index(code)

    def area_of(text: str) -> tuple[str, str]:
        best = (-1, code, name)
        for written, town in index:
            pos = text.rfind(written)
            if pos > best[0]:
                best = (pos, town.code, town.name)
        for m in _SUB_AREA.finditer(text):
            if m.start() > best[0]:
                best = (m.start(), code, m.group(1))
        return best[1], best[2]

    return area_of
