"""The layering of docs/ARCHITECTURE.md, checked on the source: imports flow data → geo → layers → pages (a
package imports only itself and the packages before it), pages never import geo/ directly, no module imports
Streamlit below pages/, no import cycle between modules, and exactly one module knows the map component.
Entry points (app.py, the packages' __main__ modules) sit above every layer and are left out."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

ORDER = ("data", "geo", "layers", "pages")


def _module(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, name: str) -> str:
    """The module an import names: `from data import settings` names data.settings, `from data.x import y`
    names data.x (y being a function)."""
    if module.split(".")[0] not in ORDER:
        return module
    path = REPO / Path(*module.split("."), name)
    return f"{module}.{name}" if path.with_suffix(".py").exists() or path.is_dir() else module


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for pkg in ORDER:
        for path in sorted((REPO / pkg).rglob("*.py")):
            mod = _module(path)
            if mod.endswith("__main__") or "migrations" in mod:
                continue
            found = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found |= {_resolve(node.module, a.name) for a in node.names}
            edges[mod] = {m for m in found if m.split(".")[0] in ORDER + ("streamlit", "streamlit_folium")}
    return edges


def test_imports_flow_one_way_and_pages_do_not_touch_geometry():
    upward = []
    for mod, targets in graph().items():
        here = ORDER.index(mod.split(".")[0])
        for target in targets:
            top = target.split(".")[0]
            if top in ORDER and ORDER.index(top) > here:
                upward.append(f"{mod} -> {target}")
            if mod.startswith("pages") and top == "geo":
                upward.append(f"{mod} -> {target} (pages reach geometry through layers/)")
            if top.startswith("streamlit") and not mod.startswith("pages"):
                upward.append(f"{mod} -> {target} (Streamlit only in pages/)")
    assert upward == []


def test_no_import_cycle():
    full = graph()
    edges = {m: {t for t in ts if t in full} for m, ts in full.items()}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                cycles.append(sorted(scc))

    for v in edges:
        if v not in index:
            visit(v)
    assert cycles == []


def test_exactly_one_module_knows_the_map_component():
    users = sorted(m for m, ts in graph().items() if any(t.startswith("streamlit_folium") for t in ts))
    assert users == ["pages.ui.folium_map"]


def test_the_architecture_doc_names_every_module():
    doc = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(REPO))
        for pkg in ORDER
        for path in sorted((REPO / pkg).rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py")
        and "migrations" not in path.parts
        and f"`{path.name}`" not in doc
        and f"`{path.relative_to(REPO)}`" not in doc
    ]
    assert missing == []
