"""With a tile server configured, the vendored Leaflet map shows every located station."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_map_marks_every_station_when_tiles_are_configured(live_demo, page, settings):
    from volunteers.models import StationPage

    # A same-origin stand-in for a tile server: every tile is one of Leaflet's own PNGs.
    settings.MAP_TILE_URL = live_demo.url + "/static/vendor/leaflet/images/layers.png?{z}/{x}/{y}"
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_demo.url + "/stations/")
    page.wait_for_selector(".leaflet-marker-icon")

    located = StationPage.objects.live().exclude(latitude=None).count()
    assert page.locator(".leaflet-marker-icon").count() == located
    assert errors == []
    assert any("/static/vendor/leaflet/leaflet.js" in url for url in requested)
    assert {urlsplit(url).netloc for url in requested if url.startswith("http")} == {
        urlsplit(live_demo.url).netloc
    }
    page.locator(".leaflet-marker-icon").first.click()
    assert page.locator(".leaflet-popup-content a").count() == 1


def test_without_tiles_leaflet_is_not_loaded(live_demo, page, settings):
    settings.MAP_TILE_URL = ""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_demo.url + "/stations/")
    page.wait_for_load_state("networkidle")
    assert not any("leaflet" in url for url in requested)
    assert page.locator("[data-station-map]").count() == 0
