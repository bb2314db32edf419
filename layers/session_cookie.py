"""The script that makes the browser keep, or forget, the login cookie (the page runs it in its own document:
a cookie written by JavaScript, as Streamlit offers no response to set one on). SameSite=Strict, Path=/, and
Secure when the app is served over https; the value is the data layer's token (base64url and a dot) and is
checked to be nothing else."""

from __future__ import annotations

import json
import re

_TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,200}")


def cookie_script(name: str, value: str | None, max_age_s: int) -> str:
    """<script> setting cookie `name` to `value` for `max_age_s` seconds; None deletes it."""
    if not _TOKEN.fullmatch(name) or (value is not None and not _TOKEN.fullmatch(value)):
        raise ValueError("a cookie name or login token with unexpected characters")
    kept = f"{value}; Max-Age={int(max_age_s)}" if value is not None else "; Max-Age=0"
    cookie = json.dumps(f"{name}={kept}; Path=/; SameSite=Strict")
    return f"<script>document.cookie = {cookie} + (location.protocol === 'https:' ? '; Secure' : '');</script>"
