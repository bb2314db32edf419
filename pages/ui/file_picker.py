"""Streamlit's file uploader in the page's language. Its own words are replaced by the stylesheet
(layers/streamlit_words.css); the app's size limit is written under it from the string table. No `type=`: the
browser would refuse another type with an English tooltip on a red icon, while the data layer's checks
refuse it in the user's language and say which types it takes."""

from __future__ import annotations

import math

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from data.i18n import t
from data.numbers import fmt

# The browser stops only files over twice the app's limit (Streamlit's own English message): one a little too
# big still reaches the data layer, which refuses it in the user's language with its size and the limit.
BROWSER_SLACK = 2


def file_picker(label: str, limit_mb: float, lang: str, key: str | None = None) -> UploadedFile | None:
    upload = st.file_uploader(label, key=key, max_upload_size=max(1, math.ceil(limit_mb * BROWSER_SLACK)))
    st.caption(t("upload_limit", lang, mb=fmt(limit_mb)))
    return upload
