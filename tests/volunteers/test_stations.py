"""Service stations: filters, distance ordering, rosters, honours and the optional map."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from home.models import Street
from volunteers.geo import haversine_km
from volunteers.models import StationHonour, StationIndexPage, StationMaster, StationPage

pytestmark = pytest.mark.django_db


def listed_titles(html):
    return re.findall(r'class="vol-station-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def station_index(db):
    return StationIndexPage.objects.get()


def test_demo_has_the_promised_stations():
    live = StationPage.objects.live()
    assert live.filter(level="street").count() == 4
    assert live.filter(level="community").count() >= 16
    assert StationHonour.objects.filter(page__in=live).exclude(year=None).count() >= 10
    assert StationMaster.objects.filter(page__in=live).count() >= 12


def test_the_list_shows_every_live_station(client, station_index):
    html = client.get(station_index.url).content.decode()
    assert sorted(listed_titles(html)) == sorted(
        StationPage.objects.live().values_list("title", flat=True)
    )


@pytest.mark.parametrize("level", ["district", "street", "community"])
def test_filter_by_level(client, station_index, level):
    html = client.get(station_index.url, {"level": level}).content.decode()
    want = StationPage.objects.live().filter(level=level).values_list("title", flat=True)
    assert sorted(listed_titles(html)) == sorted(want)


@pytest.mark.parametrize("honour", ["national", "fengqiao", "red", "star"])
def test_filter_by_honour(client, station_index, honour):
    html = client.get(station_index.url, {"honour": honour}).content.decode()
    want = set(
        StationPage.objects.live().filter(honours__kind=honour).values_list("title", flat=True)
    )
    titles = listed_titles(html)
    assert want and set(titles) == want and len(titles) == len(want)


def test_unknown_filter_values_are_ignored(client, station_index):
    response = client.get(
        station_index.url, {"level": "<x>", "honour": "moon", "street": "nowhere"}
    )
    assert response.status_code == 200
    assert len(listed_titles(response.content.decode())) == StationPage.objects.live().count()
    assert "&lt;x&gt;" not in response.content.decode()


def test_manual_street_choice_filters_and_sorts_by_distance(client, station_index):
    street = Street.objects.get(slug="qingshan")
    html = client.get(station_index.url, {"street": "qingshan"}).content.decode()
    titles = listed_titles(html)
    stations = {s.title: s for s in StationPage.objects.live().filter(street=street)}
    assert set(titles) == set(stations)
    origin = StationPage.objects.get(street=street, level="street")
    assert titles[0] == origin.title
    distances = [
        haversine_km(origin.latitude, origin.longitude, stations[t].latitude, stations[t].longitude)
        for t in titles
    ]
    assert distances == sorted(distances)
    shown = [float(km) for km in re.findall(r"距青山镇服务站约 ([\d.]+) 公里", html)]
    assert shown == [round(d, 1) for d in distances]


def test_street_form_works_without_javascript(client, station_index):
    html = client.get(station_index.url).content.decode()
    form = re.search(r'<form class="vol-filter" method="get"[^>]*>.*?</form>', html, re.S).group(0)
    assert 'name="street"' in form and 'type="submit"' in form
    # The geolocation button stays hidden until the script reveals it.
    assert re.search(r"<div class=\"vol-nearest\" data-nearest hidden>", html)


def test_coordinates_are_in_data_attributes_for_the_script(client, station_index):
    html = client.get(station_index.url).content.decode()
    station = StationPage.objects.get(slug="jiangbin-1")
    assert f'data-lat="{station.latitude}" data-lng="{station.longitude}"' in html


def test_haversine_matches_a_known_distance():
    # One degree of latitude is about 111.2 km everywhere.
    assert abs(haversine_km(30, 120, 31, 120) - 111.19) < 0.05


def test_no_map_and_nothing_external_without_a_tile_server(client, station_index):
    with override_settings(MAP_TILE_URL=""):
        response = client.get(station_index.url)
    html = response.content.decode()
    assert "leaflet" not in html.lower()
    assert "data-station-map" not in html
    hosts = re.findall(r'(?:src|href|data-tile-url)="(?:https?:)?//([^/"]+)', html)
    assert [h for h in hosts if h not in ("testserver", "localhost")] == []
    assert "https://" not in response["Content-Security-Policy"]


def test_map_and_vendored_leaflet_only_with_a_tile_server(client, station_index):
    url = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    with override_settings(MAP_TILE_URL=url):
        html = client.get(station_index.url).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert f'data-tile-url="{url}"' in html


def test_a_tile_server_is_allowed_in_the_csp_only_when_configured():
    code = "from portal.settings import base; print(base.CONTENT_SECURITY_POLICY)"
    env = {**os.environ, "MAP_TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"}
    with_tiles = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "img-src 'self' https://*.tiles.example.org" in with_tiles
    env.pop("MAP_TILE_URL")
    without = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "tiles.example.org" not in without


def test_station_page_highlights_the_current_station_master(client):
    station = StationPage.objects.get(slug="jiangbin")
    today = timezone.localdate()
    current = [d for d in station.roster.all() if d.is_current(today)]
    assert len(current) == 1
    html = client.get(station.url).content.decode()
    row = re.search(
        r'<tr class="vol-current" aria-current="true">\s*<th scope="row">([^<]+)</th>', html
    )
    assert row and row.group(1) == current[0].person.name
    for duty in station.roster.all():
        assert duty.person.name in html


def test_station_page_shows_honours_with_years_and_activities(client):
    station = StationPage.objects.get(slug="jiangbin")
    html = client.get(station.url).content.decode()
    assert "全国示范型服务站" in html and "2023年授予" in html
    assert "五星级服务站" in html
    for activity in station.get_activities()[:3]:
        assert activity.title in html


def test_roster_private_fields_never_reach_html_or_api(client):
    station = StationPage.objects.get(slug="jiangbin")
    people = [duty.person for duty in station.roster.select_related("person")]
    phones = [p.phone for p in people if p.phone]
    assert phones, "demo station masters carry a private phone to prove it stays private"
    html = client.get(station.url).content.decode()
    api = client.get(f"/api/v3/pages/{station.pk}/").content.decode()
    listing = client.get(
        "/api/v3/pages/", {"type": "volunteers.StationPage", "fields": "*", "limit": 20}
    )
    assert listing.status_code == 200
    listing = listing.content.decode()
    for phone in phones:
        assert phone not in html and phone not in api and phone not in listing
    roster = json.loads(api)["roster_public"]
    assert [entry["name"] for entry in roster] == [p.name for p in people]
    assert all(set(entry) == {"name", "start_date", "end_date", "current"} for entry in roster)


def test_star_honour_needs_a_star_count():
    with pytest.raises(ValidationError):
        StationHonour(kind="star", year=2025).clean()
    with pytest.raises(ValidationError):
        StationHonour(kind="red", stars=3, year=2025).clean()
    assert StationHonour(kind="star", stars=4, year=2025).label == "四星级服务站"


def test_roster_end_cannot_precede_start():
    import datetime

    duty = StationMaster(start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        duty.clean()
    assert "结束日期不能早于开始日期" in str(error.value)
