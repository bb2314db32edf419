"""The pages' export buttons: one look for every download (built only when clicked, on a thread of its own,
without rerunning the page). What each file holds is built in layers/exports/, imported only on a click."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

MIME = {
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ICON = {
    "pdf": ":material/picture_as_pdf:",
    "png": ":material/image:",
    "svg": ":material/image:",
    "html": ":material/download:",
    "xlsx": ":material/table_view:",
}


def export(module: str, function: str, *args) -> Callable[[], bytes | str]:
    """The build of a file by layers.exports.<module>.<function>(*args), importing the module on the click: the
    exports bring matplotlib, typst, vl-convert and openpyxl (~0.6 s of imports on a server's first run), which a
    page run that only shows the button should not pay."""

    def build():
        return getattr(importlib.import_module(f"layers.exports.{module}"), function)(*args)

    return build


def download(label: str, build: Callable[[], bytes | str], file_name: str, key: str, help: str | None = None):
    """A download button for the file `build()` makes; its kind (and icon, MIME type) from the name's suffix."""
    kind = file_name.rsplit(".", 1)[-1]
    st.download_button(
        label,
        data=build,
        file_name=file_name,
        mime=MIME[kind],
        key=key,
        help=help,
        icon=ICON[kind],
        on_click="ignore",
        width="stretch",
    )
