"""Every message the ingester raises is in the string table in Chinese and English and fills in from exactly the
parameters its raising place gives."""

import ast
import string

from data.i18n import STRINGS
from tests.conftest import REPO


def _raised():
    for path in sorted((REPO / "data" / "ingest").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "IngestError":
                yield path.name, node.args[0].value, {kw.arg for kw in node.keywords}


def test_every_ingest_error_has_both_languages_and_its_parameters():
    raised = list(_raised())
    keys = {key for _, key, _ in raised}
    assert {"ingest_empty", "ingest_scanned_pdf", "ingest_encoding", "ingest_jurisdiction", "ingest_too_large"} <= keys
    for where, key, params in raised:
        for text in STRINGS[key]:
            names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            assert {n.split("!")[0].split(":")[0] for n in names} == params, (where, key)
