"""Which area a clause speaks of: the last town (in a city's plan also district) or named new town in it before
the quantity; otherwise (or when it says 全区/全市) the jurisdiction itself."""

from __future__ import annotations

import re

from data.ingest.gazetteer import places_named

_SUB_AREA = re.compile(r"([\u4e00-\u9fff]{2}(?:新城|片区)|主城区|中心城区?)(?:范围内|内)?")


def area_finder(code: str, name: str):
    def area_of(text: str) -> tuple[str, str]:
        if re.search(r"全区|全市|全县|全省", text):
            return code, name  # 全区森林覆盖率: the whole jurisdiction, whatever was named before
        best = (-1, code, name)
        named = places_named(code, text)
        if named:
            unit, start, _ = named[-1]
            best = (start, unit.code, unit.name)
        for m in _SUB_AREA.finditer(text):
            if m.start() > best[0]:
                best = (m.start(), code, m.group(1))
        return best[1], best[2]

    return area_of
