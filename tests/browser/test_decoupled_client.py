"""A front end on another site renders a 最美 profile, its oral history video and the
synced transcript purely from the API: the static client in examples/profile-client/,
served by a plain static server on its own port, so the browser applies CORS."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from honors.models import HonorProfilePage, OralHistoryPage

pytestmark = pytest.mark.django_db(transaction=True)
CLIENT_DIR = Path(__file__).resolve().parents[2] / "examples" / "profile-client"


@pytest.fixture(autouse=True)
def media_through_portal_view(monkeypatch):
    """The live server answers /media/ with Django's static view (no Range); use the
    portal's own view, as the site does."""
    import django.test.testcases

    from core import media

    monkeypatch.setattr(django.test.testcases, "serve", media.serve)


@pytest.fixture
def static_client():
    """``python -m http.server`` serving the example client, stopped afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=CLIENT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def open_client(browser_page, client_url, api_url, **query):
    from urllib.parse import urlencode

    browser_page.goto(f"{client_url}/index.html?{urlencode({'api': api_url, **query})}")


def wait_until(page, expression, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"等待超时：{expression}")
        page.wait_for_timeout(100)


def test_profile_video_and_transcript_from_the_api(
    live_demo, static_client, settings, page, artifacts
):
    settings.API_CORS_ALLOWED_ORIGINS = [static_client]
    profile = HonorProfilePage.objects.live().get(slug="wang-deshun")
    oral = OralHistoryPage.objects.live().get(slug="changjinhu-winter")
    segments = oral.transcript
    open_client(page, static_client, live_demo.url + "/api/v3/", slug="wang-deshun")
    page.locator("#name").wait_for(state="visible", timeout=15000)
    assert page.locator("#name").inner_text() == profile.person.name == "王德顺"
    assert page.locator("#honor").inner_text() == "最美退役军人"
    assert page.locator("#citation").inner_text() == profile.citation
    page.locator("#transcript li").first.wait_for(timeout=15000)
    lines = page.locator("#transcript li")
    assert lines.count() == len(segments) > 10
    assert segments[0]["text"] in lines.nth(0).inner_text()
    assert segments[-1]["text"] in lines.nth(len(segments) - 1).inner_text()
    assert page.locator("#oral-title").inner_text() == oral.title
    video = page.locator("video#video")
    assert video.get_attribute("src") == live_demo.url + oral.video.url
    wait_until(page, "document.getElementById('video').readyState >= 1")
    # Synced: clicking a line moves the video there and marks the line as current.
    target = lines.nth(5)
    start = float(target.get_attribute("data-start"))
    target.click()
    wait_until(page, f"Math.abs(document.getElementById('video').currentTime - {start}) < 2.5")
    page.evaluate("document.getElementById('video').pause()")
    wait_until(page, "document.querySelector('#transcript li.current') !== null")
    current = page.locator("#transcript li.current")
    assert float(current.get_attribute("data-start")) <= start + 2.5
    page.screenshot(path=str(artifacts / "decoupled-client.png"))


def test_without_cors_permission_the_client_says_so(live_demo, static_client, settings, page):
    settings.API_CORS_ALLOWED_ORIGINS = []
    profile = HonorProfilePage.objects.live().get(slug="wang-deshun")
    open_client(page, static_client, live_demo.url + "/api/v3/", page=profile.pk)
    page.locator("#status.error").wait_for(timeout=15000)
    assert "跨域" in page.locator("#status").inner_text()
    assert page.locator("#content").is_hidden()


def test_unknown_page_shows_the_api_chinese_message(live_demo, static_client, settings, page):
    settings.API_CORS_ALLOWED_ORIGINS = [static_client]
    open_client(page, static_client, live_demo.url + "/api/v3/", page="999999")
    page.locator("#status.error").wait_for(timeout=15000)
    assert page.locator("#status").inner_text() == "页面不存在，或尚未发布。"
