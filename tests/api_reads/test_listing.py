"""Cards, the navigation tree and the station map, as a front end reads them."""

from datetime import UTC, datetime

import pytest
from wagtail.models import Page

from home.models import NewsPage
from honors.models import HonorProfilePage, OralHistoryPage
from volunteers.models import StationPage

from .conftest import assert_private_values_absent

pytestmark = pytest.mark.django_db


def test_news_cards_carry_what_a_list_shows(client):
    response = client.get("/api/v3/cards/", {"type": "home.NewsPage", "limit": 3})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == NewsPage.objects.live().public().count()
    assert len(data["items"]) == 3
    card = data["items"][0]
    news = NewsPage.objects.get(pk=card["id"])
    assert card["title"] == news.title
    assert card["summary"] == news.lead
    assert card["date"] == news.date.isoformat()
    assert card["url"] == news.url
    assert card["image"]["alt"]
    assert client.get(card["image"]["url"]).status_code == 200


def test_oral_history_cards_use_summary_recording_date_and_poster(client):
    data = client.get("/api/v3/cards/", {"type": "honors.OralHistoryPage"}).json()
    page = OralHistoryPage.objects.live().get(slug="changjinhu-winter")
    card = next(item for item in data["items"] if item["id"] == page.pk)
    assert card["summary"] == page.summary
    assert card["date"] == page.recorded_date.isoformat()
    assert card["image"]["url"].startswith("/media/images/")


def test_profile_card_date_is_the_beijing_day_it_was_first_published(client):
    # 2026-06-01 20:30 UTC is already 2 June in Beijing: the card shows the local day.
    profile = HonorProfilePage.objects.live().order_by("pk").first()
    first = datetime(2026, 6, 1, 20, 30, tzinfo=UTC)
    HonorProfilePage.objects.filter(pk=profile.pk).update(first_published_at=first)
    data = client.get("/api/v3/cards/", {"type": "honors.HonorProfilePage", "limit": 20}).json()
    card = next(item for item in data["items"] if item["id"] == profile.pk)
    assert card["date"] == "2026-06-02"


def test_cards_of_one_section_and_drafts_left_out(client):
    news_index = NewsPage.objects.live().first().get_parent()
    draft = NewsPage.objects.live().child_of(news_index).first()
    draft.unpublish()
    data = client.get("/api/v3/cards/", {"child_of": news_index.pk, "limit": 20}).json()
    ids = [item["id"] for item in data["items"]]
    assert draft.pk not in ids
    assert data["count"] == news_index.get_children().live().public().count()
    assert all(item["type"] == "home.NewsPage" for item in data["items"])


def test_cards_limit_past_the_maximum_is_refused_in_chinese(client):
    response = client.get("/api/v3/cards/", {"limit": 10**9})
    assert response.status_code == 400
    assert response.json()["detail"] == "每次最多返回 20 条，limit 不能大于 20。"


def test_navigation_tree_two_levels_by_default(client):
    response = client.get("/api/v3/navigation/")
    assert response.status_code == 200
    data = response.json()
    assert data["depth"] == 2
    home = Page.objects.get(depth=2)
    top = home.get_children().live().public().in_menu()
    assert [item["title"] for item in data["items"]] == [page.title for page in top]
    for item, page in zip(data["items"], top, strict=True):
        below = page.get_children().live().public().in_menu()
        assert [child["id"] for child in item["children"]] == [child.pk for child in below]
        assert all(child["children"] == [] for child in item["children"])


def test_navigation_leaves_out_pages_hidden_from_menus(client):
    section = Page.objects.get(depth=2).get_children().live().in_menu().first().specific
    section.show_in_menus = False
    section.save_revision().publish()
    titles = [item["title"] for item in client.get("/api/v3/navigation/").json()["items"]]
    assert section.title not in titles


@pytest.mark.parametrize("depth", ["0", "5", str(10**9), str(10**30), "-1", "二", "1.5"])
def test_navigation_depth_out_of_bounds_is_refused_in_chinese(client, depth):
    response = client.get("/api/v3/navigation/", {"depth": depth})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    error = response.json()["errors"][0]
    assert error["loc"] == ["query", "depth"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["msg"])


def test_stations_as_geojson(client, station_phones, private_values):
    response = client.get("/api/v3/stations/geojson")
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    located = StationPage.objects.live().public().filter(latitude__isnull=False)
    assert len(data["features"]) == located.count() > 5
    feature = data["features"][0]
    station = StationPage.objects.get(pk=feature["id"])
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [float(station.longitude), float(station.latitude)],
    }
    properties = feature["properties"]
    assert properties["name"] == station.title
    assert properties["address"] == station.address
    assert properties["opening_hours"] == station.opening_hours
    assert properties["url"] == station.url
    assert (properties["level"], properties["level_label"]) == (
        station.level,
        station.get_level_display(),
    )
    text = response.content.decode()
    assert "phone" not in text
    assert_private_values_absent(text, private_values | station_phones)


def test_geojson_by_level_and_without_unpublished_stations(client):
    gone = StationPage.objects.live().filter(level="community").first()
    gone.unpublish()
    data = client.get("/api/v3/stations/geojson", {"level": "community"}).json()
    ids = {feature["id"] for feature in data["features"]}
    assert gone.pk not in ids
    assert {f["properties"]["level"] for f in data["features"]} == {"community"}
    refused = client.get("/api/v3/stations/geojson", {"level": "home"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["query", "level"]
