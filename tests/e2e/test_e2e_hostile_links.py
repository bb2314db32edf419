"""Hostile links in a real browser: a link's parameter that carries Markdown, HTML, bare links or shortcodes is
shown as the text it is, in the page's "unknown area" / "bad link parameter" notice. Nothing is fetched from
outside the app's own server (every request is recorded), and the page holds no link or image to another host."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from e2e_support import REPO, free_port, map_frame
from playwright.sync_api import expect

from data.i18n import t
from pages.ui.state import clipped

pytestmark = pytest.mark.browser

ARTIFACTS_DIR = REPO / "test-artifacts" / "e2e"
WORD_JOINER = "\u2060"  # md_text's invisible break of bare links and shortcodes
PORT = free_port()  # nothing listens here: a fetch would fail, but it must not even be tried
HOSTILE = [
    f"![x](http://127.0.0.1:{PORT}/x)",
    "[notice](http://example.invalid/)",
    f"<img src=http://127.0.0.1:{PORT}/y> http://example.invalid/z www.example.invalid me@example.invalid",
    ":red[red] :material/home: :smile: **bold** # heading",
]

# every URL the page's elements point at (links, images, frames, scripts, styles, media), frames included,
# but the map's attribution (Leaflet's credit, a plain link that fetches nothing)
_URLS_JS = """() => {
  const docs = [document];
  document.querySelectorAll('iframe').forEach(f => { try { if (f.contentDocument) docs.push(f.contentDocument); }
                                                   catch (e) {} });
  const urls = [];
  for (const d of docs) {
    d.querySelectorAll('a[href], area[href]').forEach(e => {  // Leaflet's own credit line is ours, not the link's
      if (!e.closest('.leaflet-control-attribution')) urls.push(e.href);
    });
    d.querySelectorAll('img, iframe, script, source, video, audio, embed').forEach(e => e.src && urls.push(e.src));
    d.querySelectorAll('link[href]').forEach(e => urls.push(e.href));
  }
  return urls;
}"""


def recorded(page) -> list[str]:
    """Every request the page makes (the conftest's guard refuses outside ones; this records them all)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def own(url: str, base: str) -> bool:
    return url.startswith((base + "/", "data:", "blob:", "about:", "javascript:void")) or url == base


def assert_nothing_outside(page, seen: list[str], base: str) -> None:
    assert any(u.startswith(base) for u in seen)  # the recording works
    assert not [u for u in seen if not own(u, base)], "requests that left the app's server"
    assert not [u for u in page.evaluate(_URLS_JS) if not own(u, base)], "links or images to another host"


def shown(locator) -> str:
    return locator.inner_text().replace(WORD_JOINER, "").strip()


@pytest.mark.parametrize("value", HOSTILE, ids=["image", "link", "html-and-bare-links", "shortcodes"])
def test_an_area_link_with_markdown_shows_it_as_text(page, app_server, value):
    seen = recorded(page)
    page.goto("/area?" + urlencode({"area": value}))
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_be_visible()
    assert shown(alert) == t("area_not_found", "zh", code=value)  # the text literally, one line
    for tag in ("a", "img", "strong", "em", "h1", "h2", "code", "span[style]"):  # nothing of it was rendered
        assert alert.locator(tag).count() == 0, tag
    expect(page.get_by_text(t("choose_area", "zh")).first).to_be_visible()  # and the way on
    page.wait_for_timeout(500)  # anything the page would fetch, it has asked for by now
    assert_nothing_outside(page, seen, app_server.base)


def test_a_map_link_with_hostile_parameters_says_so_and_fetches_nothing_outside(page, app_server):
    seen = recorded(page)
    query = {"area": HOSTILE[0], "j": HOSTILE[1], "layers": HOSTILE[2], "year": "²", "ind": HOSTILE[3]}
    page.goto("/?" + urlencode(query))
    map_frame(page)  # the map is drawn: the page has done all it does for this link
    notices = page.get_by_test_id("stAlertContentWarning")
    expect(notices).to_have_count(len(query))
    said = sorted(shown(notices.nth(i)) for i in range(len(query)))
    assert said == sorted(t("bad_link_param", "zh", name=k, value=clipped(v)) for k, v in query.items())
    assert notices.locator("a, img, strong, em, code").count() == 0
    assert_nothing_outside(page, seen, app_server.base)


def test_a_hostile_link_on_a_phone(page, app_server):
    """390×844, Chromium: the notice wraps within the screen and the page can be used."""
    seen = recorded(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/area?" + urlencode({"area": HOSTILE[0] + " " + HOSTILE[1]}))
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_be_visible()
    box = alert.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    expect(page.get_by_test_id("stSelectbox").get_by_text(t("choose_area", "zh")).first).to_be_visible()
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "hostile_area_link_390x844.png"))
    assert_nothing_outside(page, seen, app_server.base)
