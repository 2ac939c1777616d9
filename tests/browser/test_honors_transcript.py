"""A visitor watches an oral history: clicking a transcript line moves the video there."""

import time

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/oral-history/changjinhu-winter/"


@pytest.fixture(autouse=True)
def media_through_portal_view(monkeypatch):
    """Django's live server answers /media/ itself with ``django.views.static.serve``
    (no Range), bypassing urls.py; send it through the portal's view as the site does."""
    import django.test.testcases

    from core import media

    monkeypatch.setattr(django.test.testcases, "serve", media.serve)


def wait_until(page, expression, timeout=10.0):
    """Poll from Python: wait_for_function would eval() in the page, which the CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"等待超时：{expression}")
        page.wait_for_timeout(100)


def wait_for_metadata(page):
    wait_until(page, "document.querySelector('[data-oral-history-video]').readyState >= 1", 15)


def current_time(page):
    return page.evaluate("document.querySelector('[data-oral-history-video]').currentTime")


def test_clicking_a_line_seeks_the_video_and_highlights_it(live_demo, page, artifacts):
    page.goto(live_demo.url + URL)
    wait_for_metadata(page)
    # Served with Range support, the whole video is seekable.
    assert page.evaluate("document.querySelector('video').seekable.end(0)") > 85
    line = page.locator("#seg-10")
    start = float(line.get_attribute("data-start"))
    assert start > 30
    line.locator(".honors-segment-text").click()
    wait_until(page, f"Math.abs(document.querySelector('video').currentTime - {start}) < 2.5")
    assert start - 0.05 <= current_time(page) < start + 2.5
    wait_until(page, "document.querySelector('#seg-10').classList.contains('is-current')")
    assert page.locator(".honors-segment.is-current").count() == 1
    assert line.get_attribute("aria-current") == "true"
    assert f"t={line.get_attribute('data-start')}" in page.url and page.url.endswith("#seg-10")
    page.screenshot(path=str(artifacts / "honors-transcript.png"), full_page=True)

    # The time link of another line works the same way.
    other = page.locator("#seg-3 .honors-segment-link")
    other.click()
    wait_until(page, "Math.abs(document.querySelector('video').currentTime - 8) < 2.5")


def test_t_parameter_and_segment_anchor_start_there(live_demo, page):
    page.goto(live_demo.url + URL + "?t=48")
    wait_for_metadata(page)
    wait_until(page, "Math.abs(document.querySelector('video').currentTime - 48) < 0.5")
    start = float(page.locator("#seg-15").get_attribute("data-start"))
    page.goto(live_demo.url + URL + "#seg-15")
    wait_for_metadata(page)
    wait_until(page, f"Math.abs(document.querySelector('video').currentTime - {start}) < 0.5")
    assert page.locator("#seg-15.is-current").count() == 1


def test_captions_track_loads(live_demo, page):
    page.goto(live_demo.url + URL)
    wait_for_metadata(page)
    wait_until(
        page,
        "(() => { const t = document.querySelector('video').textTracks[0];"
        " t.mode = 'hidden'; return t.cues && t.cues.length >= 20; })()",
    )
    first = page.evaluate("document.querySelector('video').textTracks[0].cues[1].text")
    assert first == "<v 王德顺>1950年11月，我们部队从安东过的鸭绿江，那年我刚满十九岁。</v>"


def test_elder_mode_targets_are_large(live_demo, page):
    page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
    page.goto(live_demo.url + URL)
    for selector in (".honors-segment-link", ".honors-chapters a", ".honors-actions .button"):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 60 and box["width"] >= 60, selector
    page.goto(live_demo.url + "/honors/")
    box = page.locator(".honors-facet-list a").first.bounding_box()
    assert box["height"] >= 60
