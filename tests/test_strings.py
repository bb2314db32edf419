"""The one string table: every message the data layer raises has its Chinese and English entry, and both fill
in from exactly the parameters each raising place gives."""

import ast
import string

import pytest

from data.i18n import STRINGS
from tests.conftest import REPO

# key's position; `because` makes a piece of an ingested candidate's reason (data/ingest/reasons.py)
RAISERS = {"problem": 3, "of": 1, "BoundaryImportError": 1, "_warning": 1, "_file_problem": 1, "because": 1}


def _calls():
    """(file:line, key, keyword names) for every place that raises a message by its key."""
    out = []
    for path in sorted([*REPO.glob("data/**/*.py"), *REPO.glob("geo/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            pos = RAISERS.get(name)
            if pos is None or len(node.args) < pos:
                continue
            key = node.args[pos - 1]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys = [key.value]
            elif isinstance(key, ast.IfExp):
                keys = [k.value for k in (key.body, key.orelse) if isinstance(k, ast.Constant)]
            else:
                continue
            names = {kw.arg for kw in node.keywords if kw.arg} - {"field"}
            out += [(f"{path.relative_to(REPO)}:{node.lineno}", k, names) for k in keys]
    return out


CALLS = _calls()


def test_the_messages_are_found():
    assert len(CALLS) > 80


@pytest.mark.parametrize("where,key,names", CALLS, ids=[c[0] for c in CALLS])
def test_every_message_fills_in_both_languages(where, key, names):
    assert key in STRINGS, f"{where}: {key} is not in data/i18n.py"
    for text in STRINGS[key]:
        used = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        assert used <= names, f"{where}: {key} needs {used - names}"
